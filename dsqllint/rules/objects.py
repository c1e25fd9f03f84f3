"""Objects and statements: what PostgreSQL can create or run that DSQL cannot.

DSQL keeps the catalog small: tables, views, indexes, sequences, schemas, roles, SQL functions
and (since 2026-08-27) extended statistics. Temporary, unlogged, partitioned and inherited tables,
tablespaces, triggers, extensions, user-defined types, procedural languages, materialized views,
more databases, row-level security, and the maintenance and session commands that go with a
PostgreSQL server (TRUNCATE, VACUUM, LOCK, LISTEN/NOTIFY, SAVEPOINT, cursors, SQL-level PREPARE,
COPY to files, ALTER SYSTEM) are rejected. Sources: the reference's §1.1 (AWS "Unsupported
PostgreSQL features"), §1.2 (dsql-lint v0.2.14 errors.rs), §3.1, §3.4, §3.6 and §7.

Many of these statements have no sqlglot grammar and arrive opaque (`exp.Command`, or a bogus
tree such as `LISTEN ch` read as a column alias), so the rules here judge by statement kind and
keywords at parenthesis depth 0, never by regenerated SQL.
"""

from __future__ import annotations

import re

from sqlglot import exp
from sqlglot.tokens import Token, TokenType

from dsqllint.findings import Severity
from dsqllint.rules.base import Rule, Violation
from dsqllint.rules.constraints import AlterAction, alter_table

PG = frozenset({"postgres"})

_QUOTED = {
    TokenType.IDENTIFIER, TokenType.STRING, TokenType.HEREDOC_STRING, TokenType.NATIONAL_STRING,
    TokenType.RAW_STRING, TokenType.BYTE_STRING, TokenType.BIT_STRING, TokenType.HEX_STRING,
}
_OPEN = {TokenType.L_PAREN, TokenType.L_BRACKET}
_CLOSE = {TokenType.R_PAREN, TokenType.R_BRACKET}


# --- reading statements by keyword -----------------------------------------------------------------
_top_cache: list = [None, None]


def top_words(stmt) -> list[str]:
    """Upper-cased token texts at parenthesis depth 0, one per token: `(` / `)` for the outermost
    parentheses, "" for quoted names, strings (routine bodies) and anything inside parentheses, so
    a keyword matches only where it is a keyword of the statement itself."""
    if _top_cache[0] is stmt:
        return _top_cache[1]
    out, depth = [], 0
    for t in stmt.tokens:
        kind = t.token_type
        if kind in _OPEN:
            out.append("(" if depth == 0 else "")
            depth += 1
        elif kind in _CLOSE:
            depth = max(depth - 1, 0)
            out.append(")" if depth == 0 else "")
        elif depth or kind in _QUOTED:
            out.append("")
        else:
            out.append(" ".join(t.text.upper().split()))
    _top_cache[0], _top_cache[1] = stmt, out
    return out


def find_top(words: list[str], *sequence: str, start: int = 0, end: int | None = None) -> int | None:
    """Index of `sequence` among depth-0 words, else None."""
    n = len(sequence)
    stop = (len(words) if end is None else min(end, len(words))) - n + 1
    if n == 0 or start >= stop:
        return start if n == 0 and start < stop else None
    first, wanted, i = sequence[0], list(sequence), start - 1
    while True:  # jump from one occurrence of the first word to the next
        try:
            i = words.index(first, i + 1, stop)
        except ValueError:
            return None
        if n == 1 or words[i : i + n] == wanted:
            return i


def _span(stmt, first: int, last: int | None = None) -> tuple[int, int]:
    """Absolute (start, end) of tokens first..last."""
    tokens = stmt.tokens
    last = first if last is None else min(last, len(tokens) - 1)
    return stmt.token_start(tokens[first]), stmt.token_end(tokens[last])


def _group_end(words: list[str], i: int) -> int:
    """Index of the `)` closing the depth-0 group opened at `i` (or `i` if it is not one)."""
    if i >= len(words) or words[i] != "(":
        return i
    for j in range(i + 1, len(words)):
        if words[j] == ")":
            return j
    return len(words) - 1


def _name_end(stmt, i: int) -> int:
    """Index of the last token of a (possibly qualified) name starting at token `i`."""
    tokens = stmt.tokens
    while i + 2 < len(tokens) and tokens[i + 1].token_type == TokenType.DOT:
        i += 2
    return i


def _text(stmt, first: int, last: int) -> str:
    start, end = _span(stmt, first, last)
    return " ".join(stmt.text[start - stmt.start : end - stmt.start].split())


def _first_line(stmt) -> tuple[int, int]:
    """The statement's first line: where to point for a statement rejected as a whole."""
    return stmt.start, stmt.start + len(stmt.text.split("\n", 1)[0].rstrip())


def _head(stmt, n: int) -> tuple[int, int]:
    """The first `n` tokens (fewer if the statement is shorter)."""
    return _span(stmt, 0, min(n, len(stmt.tokens)) - 1)


def _command_tail(stmt) -> str:
    """The words after the leading keyword of a statement sqlglot tokenizes as a command
    (`VACUUM`, `REFRESH`, `DECLARE`, ...): the rest is one string token; upper-cased, one space."""
    if len(stmt.tokens) < 2:
        return ""
    first = stmt.tokens[0]
    return " ".join(stmt.text[first.end + 1 :].upper().split())


def _object_name(stmt, keyword_index: int) -> tuple[int, str]:
    """(index of the name's last token, name as written) after the keyword at `keyword_index`,
    skipping IF [NOT] EXISTS."""
    words = stmt.words
    i = keyword_index + 1
    if words[i : i + 3] == ["IF", "NOT", "EXISTS"]:
        i += 3
    elif words[i : i + 2] == ["IF", "EXISTS"]:
        i += 2
    if i >= len(stmt.tokens):
        return keyword_index, ""
    last = _name_end(stmt, i)
    return last, _text(stmt, i, last)


def _create_object_index(words: list[str], objects: set[str]) -> int | None:
    """Index of the object word of a CREATE (`TABLE` in `CREATE GLOBAL TEMP TABLE`)."""
    for i in range(1, min(len(words), 8)):
        if words[i] in objects:
            return i
    return None


def _as_index(words: list[str]) -> int | None:
    """Index of the depth-0 AS of `CREATE TABLE name [(...)] AS query`, else None."""
    return find_top(words, "AS", start=2)


_actions_cache: list = [None, None]


def _alter_actions(stmt) -> list[AlterAction]:
    """The actions of an ALTER TABLE (parsed or opaque), read once for all the rules here."""
    if stmt.kind != "ALTER TABLE":
        return []
    if _actions_cache[0] is not stmt:
        table = alter_table(stmt)
        _actions_cache[0], _actions_cache[1] = stmt, table.actions if table else []
    return _actions_cache[1]


# --- tables -----------------------------------------------------------------------------------------
class TemporaryTable(Rule):
    """Temporary tables, views and sequences are rejected, and so is `ON COMMIT`.

    **What it does**: flags `CREATE TEMP | TEMPORARY [GLOBAL | LOCAL] TABLE` (also `CREATE TEMP
    TABLE ... AS`), `CREATE TEMP VIEW`, `CREATE TEMP SEQUENCE`, `SELECT ... INTO TEMP`, and an
    `ON COMMIT` clause on CREATE TABLE.

    **Why it matters**: DSQL has no temporary objects: "Temporary tables" are on the AWS list of
    unsupported objects, `CREATE TEMPORARY TABLES` is rejected as a whole, and the view grammar has
    no TEMP. `ON COMMIT` only exists for temporary tables.

    **Example**
    ```sql
    CREATE TEMP TABLE import_batch (id uuid, payload text) ON COMMIT DROP;
    ```

    **Use instead**: a regular table you drop when done, or a CTE inside the query that needs it.
    ```sql
    CREATE TABLE import_batch (id uuid PRIMARY KEY, payload text);
    ```

    **Reference**: DSQL unsupported features (objects: temporary tables; CREATE TEMPORARY TABLES);
    dsql-lint rules `temp_table`, `unsupported_on_commit`; CREATE VIEW syntax support (no TEMP).
    """

    code = "DSQL601"
    name = "temporary-table"
    dialects = PG

    _OBJECTS = {"TABLE": "tables", "VIEW": "views", "SEQUENCE": "sequences"}

    def check(self, stmt, ctx):
        kind = stmt.kind
        if kind in ("CREATE TABLE", "CREATE VIEW", "CREATE SEQUENCE"):
            words = top_words(stmt)
            obj = _create_object_index(words, {"TABLE", "VIEW", "SEQUENCE", "RECURSIVE"})
            if obj is None:
                return
            temp = next((i for i in range(1, obj) if words[i] in ("TEMP", "TEMPORARY")), None)
            on_commit = find_top(words, "ON", "COMMIT") if kind == "CREATE TABLE" else None
            what = kind.split()[1]
            if temp is not None:
                first = temp - 1 if words[temp - 1] in ("GLOBAL", "LOCAL") else temp
                extra = " ... ON COMMIT" if on_commit is not None else ""
                yield Violation(
                    _span(stmt, first, temp),
                    f"CREATE {words[temp]} {what}{extra}: DSQL has no temporary {self._OBJECTS[what]}",
                    "create a regular table and drop it when done, or use a CTE (WITH ...) in the query"
                    if what == "TABLE"
                    else f"remove {words[temp]}: create a regular {what.lower()} and drop it when done",
                )
            elif on_commit is not None:
                last = min(on_commit + 3, len(words) - 1)
                if words[last] not in ("ROWS",):
                    last = min(on_commit + 2, len(words) - 1)
                yield Violation(
                    _span(stmt, on_commit, last),
                    "ON COMMIT: DSQL has no temporary tables, and this clause exists only for them",
                    "remove the ON COMMIT clause",
                )
        elif kind in ("SELECT", "WITH") and isinstance(stmt.tree, exp.Select):
            into = stmt.tree.args.get("into")
            if isinstance(into, exp.Into) and into.args.get("temporary"):
                token = stmt.find_words("INTO")
                yield Violation(
                    token,
                    "SELECT ... INTO TEMP: DSQL has no temporary tables",
                    "create a regular table and fill it with INSERT ... SELECT, or use a CTE",
                )


class UnloggedTable(Rule):
    """Unlogged tables are rejected.

    **What it does**: flags `CREATE UNLOGGED TABLE` and `ALTER TABLE ... SET UNLOGGED | SET LOGGED`.

    **Why it matters**: DSQL's CREATE TABLE grammar has no `UNLOGGED` (nor `TEMP`), and its
    ALTER TABLE has no `SET LOGGED | UNLOGGED`: every DSQL table is durable and replicated, so
    the trade-off does not exist.

    **Example**
    ```sql
    CREATE UNLOGGED TABLE page_views (id uuid PRIMARY KEY, url text);
    ```

    **Use instead**
    ```sql
    CREATE TABLE page_views (id uuid PRIMARY KEY, url text);
    ```

    **Reference**: DSQL create-table-syntax-support and alter-table-syntax-support (no UNLOGGED).
    """

    code = "DSQL602"
    name = "unlogged-table"
    dialects = PG

    def check(self, stmt, ctx):
        if stmt.kind == "CREATE TABLE":
            words = top_words(stmt)
            obj = _create_object_index(words, {"TABLE"})
            if obj is not None and "UNLOGGED" in words[1:obj]:
                i = words.index("UNLOGGED", 1)
                yield Violation(
                    stmt.tokens[i],
                    "CREATE UNLOGGED TABLE: DSQL has no unlogged tables (every table is durable)",
                    "remove UNLOGGED",
                )
        for action in _alter_actions(stmt):
            if action.words[:2] in (["SET", "UNLOGGED"], ["SET", "LOGGED"]):
                yield Violation(
                    action.span(0, 1),
                    f"ALTER TABLE ... {action.words[0]} {action.words[1]}: DSQL has no unlogged tables "
                    "and no SET LOGGED / UNLOGGED",
                    "remove the statement: DSQL tables are always durable",
                )


class PartitionedTable(Rule):
    """Declarative partitioning is rejected: `PARTITION BY`, `PARTITION OF`, `ATTACH/DETACH PARTITION`.

    **What it does**: flags `CREATE TABLE ... PARTITION BY`, `CREATE TABLE ... PARTITION OF parent`,
    and `ALTER TABLE ... ATTACH PARTITION | DETACH PARTITION`. (`ALTER INDEX ... ATTACH PARTITION`
    is `alter-index-unsupported`'s.)

    **Why it matters**: "Partitions" are on the AWS list of unsupported objects, and `PARTITION` is
    an unsupported clause of CREATE TABLE. DSQL spreads every table over its storage by primary key
    on its own, so one table takes the place of the parent and all its partitions.

    **Example**
    ```sql
    CREATE TABLE payment (id uuid, paid_at timestamptz NOT NULL) PARTITION BY RANGE (paid_at);
    CREATE TABLE payment_2026 PARTITION OF payment FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
    ```

    **Use instead**: one table; keep the partition key as an ordinary column (index it if queries
    filter on it), and delete old rows in batches instead of dropping partitions.
    ```sql
    CREATE TABLE payment (id uuid PRIMARY KEY, paid_at timestamptz NOT NULL);
    ```

    **Reference**: DSQL unsupported features (Partitions; CREATE TABLE `PARTITION`); dsql-lint
    rules `partition_by`, `unsupported_partition_of`.
    """

    code = "DSQL603"
    name = "partitioned-table"
    dialects = PG

    def check(self, stmt, ctx):
        if stmt.kind == "CREATE TABLE":
            words = top_words(stmt)
            by, last = find_top(words, "PARTITION BY"), None
            if by is not None:  # sqlglot reads PARTITION BY as one token
                last = by + 1
            else:
                by = find_top(words, "PARTITION", "BY")
                last = by + 2 if by is not None else None
            if by is not None:
                last = min(last, len(words) - 1)
                yield Violation(
                    _span(stmt, by, last),
                    f"CREATE TABLE ... {_text(stmt, by, last)}: DSQL has no partitioned tables",
                    "remove the PARTITION BY clause: one DSQL table holds all rows and spreads them by primary key",
                )
            of = find_top(words, "PARTITION", "OF")
            if of is not None and of + 2 < len(words):
                last = _name_end(stmt, of + 2)
                parent = _text(stmt, of + 2, last)
                yield Violation(
                    _span(stmt, of, last),
                    f"CREATE TABLE ... PARTITION OF {parent}: DSQL has no partitions",
                    f"store these rows in {parent} itself (one table) and drop this statement",
                )
        for action in _alter_actions(stmt):
            if action.words[:2] in (["ATTACH", "PARTITION"], ["DETACH", "PARTITION"]):
                yield Violation(
                    action.span(0, min(2, len(action.tokens) - 1)),
                    f"ALTER TABLE ... {action.words[0]} PARTITION: DSQL has no partitions",
                    "remove the statement: keep all rows in one table",
                )


class TableInheritance(Rule):
    """Table inheritance is rejected: `INHERITS (...)`, `ALTER TABLE ... [NO] INHERIT`.

    **What it does**: flags `CREATE TABLE ... INHERITS (parent)` and `ALTER TABLE ... INHERIT |
    NO INHERIT parent`.

    **Why it matters**: `INHERITS` is an unsupported CREATE TABLE clause in DSQL. Simply dropping
    it is not enough: the inherited columns are not copied into the child (dsql-lint's warning).

    **Example**
    ```sql
    CREATE TABLE capitals (state char(2)) INHERITS (cities);
    ```

    **Use instead**: spell out the parent's columns, or keep one table with a discriminator column.
    ```sql
    CREATE TABLE capitals (name text PRIMARY KEY, population bigint, state char(2));
    ```

    **Reference**: DSQL unsupported features (CREATE TABLE `INHERITS`); dsql-lint rule `inherits`.
    """

    code = "DSQL604"
    name = "table-inheritance"
    dialects = PG

    def check(self, stmt, ctx):
        if stmt.kind == "CREATE TABLE":
            words = top_words(stmt)
            i = find_top(words, "INHERITS", "(")
            if i is not None:
                yield Violation(
                    _span(stmt, i, _group_end(words, i + 1)),
                    f"CREATE TABLE ... {_text(stmt, i, _group_end(words, i + 1))}: DSQL has no table inheritance",
                    "remove INHERITS and declare the parent's columns in this table (they are not copied otherwise)",
                )
        for action in _alter_actions(stmt):
            if action.words[:1] == ["INHERIT"] or action.words[:2] == ["NO", "INHERIT"]:
                n = 1 if action.words[0] == "INHERIT" else 2
                yield Violation(
                    action.span(0, min(n, len(action.tokens) - 1)),
                    f"ALTER TABLE ... {' '.join(action.words[:n])}: DSQL has no table inheritance",
                    "remove the statement",
                )


class Tablespace(Rule):
    """Tablespaces are rejected: `TABLESPACE` clauses and `CREATE/ALTER/DROP TABLESPACE`.

    **What it does**: flags `CREATE/ALTER/DROP TABLESPACE`, the `TABLESPACE` clause of CREATE TABLE
    and CREATE INDEX, `USING INDEX TABLESPACE` on a key, `ALTER TABLE ... SET TABLESPACE`, and
    (as a warning) `SET default_tablespace` to a named tablespace. pg_dump's
    `SET default_tablespace = ''` selects the default and is not flagged.

    **Why it matters**: "Tablespaces" are on the AWS list of unsupported objects and
    `CREATE TABLESPACE` is rejected as a whole; DSQL manages storage itself.

    **Example**
    ```sql
    CREATE TABLE orders (id uuid PRIMARY KEY, total numeric(12,2)) TABLESPACE fast_ssd;
    ```

    **Use instead**
    ```sql
    CREATE TABLE orders (id uuid PRIMARY KEY, total numeric(12,2));
    ```

    **Reference**: DSQL unsupported features (Tablespaces; CREATE TABLESPACE); dsql-lint rule
    `tablespace` (strips the clause).
    """

    code = "DSQL605"
    name = "tablespace"
    dialects = PG
    command_kinds = frozenset({"CREATE TABLESPACE", "ALTER TABLESPACE", "DROP TABLESPACE"})

    def check(self, stmt, ctx):
        kind = stmt.kind
        if kind in self.command_kinds:
            i = stmt.words.index("TABLESPACE")
            last, name = _object_name(stmt, i)
            yield Violation(
                _span(stmt, 0, last),
                f"{kind} {name}: DSQL has no tablespaces".rstrip(),
                "remove the statement: DSQL places and replicates storage itself",
            )
        elif kind in ("CREATE TABLE", "CREATE INDEX"):
            words = top_words(stmt)
            end = _as_index(words) if kind == "CREATE TABLE" else None
            for i, t in enumerate(stmt.tokens[: end if end is not None else len(words)]):
                if t.token_type in _QUOTED or t.text.upper() != "TABLESPACE":
                    continue
                using_index = i >= 2 and [w.text.upper() for w in stmt.tokens[i - 2 : i]] == ["USING", "INDEX"]
                if words[i] != "TABLESPACE" and not using_index:
                    continue  # a column named tablespace
                first = i - 2 if using_index else i
                clause = _text(stmt, first, min(i + 1, len(stmt.tokens) - 1))
                yield Violation(
                    _span(stmt, first, i + 1),
                    f"{kind} ... {clause}: DSQL has no tablespaces",
                    f"remove {clause}",
                )
        elif kind == "SET":
            yield from self._default_tablespace(stmt)
        for action in _alter_actions(stmt):
            if action.words[:2] == ["SET", "TABLESPACE"]:
                yield Violation(
                    action.span(0, min(2, len(action.tokens) - 1)),
                    "ALTER TABLE ... SET TABLESPACE: DSQL has no tablespaces",
                    "remove the statement",
                )

    def _default_tablespace(self, stmt):
        words = stmt.words
        i = 2 if words[1:2] in (["SESSION"], ["LOCAL"]) else 1
        if words[i : i + 1] != ["DEFAULT_TABLESPACE"] or i + 2 >= len(words):
            return
        value = stmt.tokens[i + 2]
        if (value.token_type == TokenType.STRING and value.text == "") or value.text.upper() == "DEFAULT":
            return  # pg_dump's `SET default_tablespace = ''`: the database default
        yield Violation(
            _span(stmt, i, i + 2),
            f"SET default_tablespace to {value.text!r}: DSQL has no tablespaces",
            "remove the SET (or set it to '')",
            severity=Severity.WARNING,
        )


class TableStorageParameters(Rule):
    """Storage parameters and access methods on tables are rejected: `WITH (fillfactor=...)`, `USING heap`.

    **What it does**: flags `CREATE TABLE ... WITH (storage_parameter = ...)`, `WITH OIDS`,
    `CREATE TABLE ... USING access_method`, and `ALTER TABLE ... SET (...) | RESET (...) |
    SET ACCESS METHOD`. `WITHOUT OIDS` is accepted. Index storage parameters
    (`CREATE INDEX ASYNC ... WITH (fillfactor = 70)`) are not flagged.

    **Why it matters**: DSQL's CREATE TABLE grammar has no `WITH (...)` or `USING method`; the
    live-derived grammar accepts only `WITHOUT OIDS` there (and `fillfactor` only in index
    options). DSQL's storage has no heap to tune.

    **Example**
    ```sql
    CREATE TABLE events (id uuid PRIMARY KEY, body text) WITH (fillfactor = 70, autovacuum_enabled = false);
    ```

    **Use instead**
    ```sql
    CREATE TABLE events (id uuid PRIMARY KEY, body text);
    ```

    **Reference**: dsql-lint rule `unsupported_create_table_with_storage_parameters` (strips the
    clause); DSQL create-table-syntax-support; dsql_grammar.json (`WITHOUT OIDS` only).
    """

    code = "DSQL606"
    name = "table-storage-parameters"
    dialects = PG

    def check(self, stmt, ctx):
        if stmt.kind == "CREATE TABLE":
            words = top_words(stmt)
            end = _as_index(words)
            for i in range(2, len(words) if end is None else end):
                if words[i] == "WITH" and words[i + 1 : i + 2] == ["("]:
                    close = _group_end(words, i + 1)
                    yield Violation(
                        _span(stmt, i, close),
                        f"CREATE TABLE ... {_text(stmt, i, close)}: DSQL accepts no storage parameters on tables",
                        "remove the WITH (...) clause",
                    )
                elif words[i : i + 2] == ["WITH", "OIDS"]:
                    yield Violation(
                        _span(stmt, i, i + 1),
                        "CREATE TABLE ... WITH OIDS: DSQL accepts only WITHOUT OIDS",
                        "remove WITH OIDS",
                    )
                elif words[i] == "USING" and i + 1 < len(words) and words[i + 1] not in ("", "("):
                    yield Violation(
                        _span(stmt, i, i + 1),
                        f"CREATE TABLE ... USING {stmt.tokens[i + 1].text}: DSQL has no table access methods",
                        f"remove USING {stmt.tokens[i + 1].text}",
                    )
        for action in _alter_actions(stmt):
            w = action.words
            if w[:2] in (["SET", "("], ["RESET", "("]) or w[:3] == ["SET", "ACCESS", "METHOD"]:
                last = next((j for j, x in enumerate(w) if x == ")"), min(3, len(w) - 1))
                yield Violation(
                    action.span(0, last),
                    f"ALTER TABLE ... {action.text(0, last)}: DSQL has no table storage parameters or access methods",
                    "remove the statement",
                )


class CreateTableAs(Rule):
    """`CREATE TABLE ... AS SELECT` and `SELECT ... INTO` are rejected.

    **What it does**: flags `CREATE TABLE name AS query` (and `AS EXECUTE`), and a top-level
    `SELECT ... INTO new_table` (which PostgreSQL runs as CREATE TABLE AS).

    **Why it matters**: `AS SELECT` is an unsupported clause of CREATE TABLE in DSQL, and the
    statement would mix DDL and DML in one transaction, which DSQL refuses anyway.

    **Example**
    ```sql
    CREATE TABLE order_totals AS SELECT customer_id, sum(total) AS total FROM orders GROUP BY customer_id;
    ```

    **Use instead**: create the table with explicit columns, then copy the rows in batches of at
    most 3,000 in separate transactions.
    ```sql
    CREATE TABLE order_totals (customer_id uuid PRIMARY KEY, total numeric(14,2));
    ```
    followed by `INSERT INTO order_totals SELECT ...` in batches.

    **Reference**: DSQL unsupported features (CREATE TABLE `AS SELECT`); dsql-lint rule
    `create_table_as` (unfixable).
    """

    code = "DSQL607"
    name = "create-table-as"
    dialects = PG

    def check(self, stmt, ctx):
        if stmt.kind == "CREATE TABLE":
            words = top_words(stmt)
            i = _as_index(words)
            if i is not None:
                yield Violation(
                    _span(stmt, i, min(i + 1, len(words) - 1)),
                    f"CREATE TABLE ... AS {stmt.tokens[i + 1].text.upper() if i + 1 < len(words) else ''}: "
                    "DSQL does not support CREATE TABLE AS",
                    "CREATE TABLE with explicit columns, then INSERT ... SELECT in batches of at most 3,000 rows",
                )
        elif stmt.kind in ("SELECT", "WITH") and isinstance(stmt.tree, exp.Select):
            into = stmt.tree.args.get("into")
            if isinstance(into, exp.Into):
                yield Violation(
                    stmt.find_words("INTO"),
                    f"SELECT ... INTO {into.this.sql(dialect='postgres') if into.this else ''}: creates a table from a "
                    "query, which DSQL does not support (CREATE TABLE AS)",
                    "CREATE TABLE with explicit columns, then INSERT ... SELECT in batches of at most 3,000 rows",
                )


# --- triggers, extensions, types, functions ---------------------------------------------------------
class Trigger(Rule):
    """Triggers are rejected: `CREATE TRIGGER`, `ALTER TRIGGER`, and `DROP TRIGGER` without `IF EXISTS`.

    **What it does**: flags `CREATE [OR REPLACE] [CONSTRAINT] TRIGGER`, `ALTER TRIGGER`, and
    `DROP TRIGGER name ON table` without `IF EXISTS`. `DROP TRIGGER IF EXISTS name ON table` and
    `ALTER TABLE ... ENABLE | DISABLE TRIGGER` are accepted (no-ops: there are no triggers).
    Trigger functions (`RETURNS trigger`) are `function-language`'s.

    **Why it matters**: "Triggers" are on the AWS list of unsupported objects and `CREATE TRIGGER`
    is rejected as a whole.

    **Example**
    ```sql
    CREATE TRIGGER set_updated_at BEFORE UPDATE ON orders
        FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
    ```

    **Use instead**: set the column in the application (`UPDATE orders SET ..., updated_at = now()`),
    or in the statements that change the rows.
    ```sql
    UPDATE orders SET status = 'paid', updated_at = now() WHERE id = $1;
    ```

    **Reference**: DSQL unsupported features (Triggers; CREATE TRIGGER); dsql-lint (`DROP TRIGGER
    IF EXISTS name ON table` passes); reference §3.4 (ENABLE/DISABLE TRIGGER accepted).
    """

    code = "DSQL608"
    name = "trigger"
    dialects = PG
    command_kinds = frozenset({"CREATE TRIGGER", "ALTER TRIGGER", "DROP TRIGGER", "COMMENT TRIGGER"})

    def check(self, stmt, ctx):
        kind = stmt.kind
        if kind not in self.command_kinds:
            return
        words = stmt.words
        i = words.index("TRIGGER") if "TRIGGER" in words else 1
        last, name = _object_name(stmt, i)
        if kind == "DROP TRIGGER":
            if words[2:4] == ["IF", "EXISTS"]:
                return
            yield Violation(
                _span(stmt, 0, last),
                f"DROP TRIGGER {name} without IF EXISTS: DSQL has no triggers, so there is none to drop",
                "remove the statement, or write DROP TRIGGER IF EXISTS",
            )
            return
        what = {"CREATE TRIGGER": "CREATE TRIGGER", "ALTER TRIGGER": "ALTER TRIGGER", "COMMENT TRIGGER": "COMMENT ON TRIGGER"}[kind]
        yield Violation(
            _span(stmt, i, last),
            f"{what} {name}: DSQL does not support triggers",
            "do the trigger's work in the application, in the statements that change the rows",
        )


_UUID_EXTENSIONS = {"uuid-ossp", "pgcrypto"}


class Extension(Rule):
    """Extensions cannot be installed: `CREATE/ALTER EXTENSION`, `COMMENT ON EXTENSION`, `LOAD`.

    **What it does**: flags `CREATE EXTENSION`, `ALTER EXTENSION`, `COMMENT ON EXTENSION` and
    `LOAD`, and warns on `DROP EXTENSION` (there is nothing to drop).

    **Why it matters**: DSQL installs no extensions: PL/pgSQL, PostGIS, pgvector, pg_trgm,
    uuid-ossp, pgcrypto, postgres_fdw, pg_cron and pg_stat_statements are all unavailable, and
    `LOAD` of a shared library is rejected. UUIDs come from the built-in `gen_random_uuid()`.

    **Example**
    ```sql
    CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
    ```

    **Use instead**
    ```sql
    CREATE TABLE users (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), email text);
    ```

    **Reference**: DSQL unsupported features (Unsupported extensions; CREATE EXTENSION); dsql-lint
    (`LOAD`).
    """

    code = "DSQL609"
    name = "extension"
    dialects = PG
    command_kinds = frozenset({"CREATE EXTENSION", "ALTER EXTENSION", "DROP EXTENSION", "COMMENT EXTENSION", "LOAD"})

    def check(self, stmt, ctx):
        kind = stmt.kind
        if kind not in self.command_kinds:
            return
        if kind == "LOAD":
            yield Violation(
                _first_line(stmt),
                "LOAD: DSQL does not load shared libraries",
                "remove the statement",
            )
            return
        i = stmt.words.index("EXTENSION")
        last, name = _object_name(stmt, i)
        bare = name.strip('"').lower()
        if bare in _UUID_EXTENSIONS:
            instead = "remove it and use the built-in gen_random_uuid() for UUIDs"
        else:
            instead = "remove it; DSQL supports no extensions, so what uses it must change too"
        if kind == "DROP EXTENSION":
            yield Violation(
                _span(stmt, 0, last),
                f"DROP EXTENSION {name}: DSQL has no extensions, so there is none to drop",
                "remove the statement",
                severity=Severity.WARNING,
            )
            return
        verb = "COMMENT ON" if kind == "COMMENT EXTENSION" else kind.split()[0]
        yield Violation(
            _span(stmt, i, last),
            f"{verb} EXTENSION {name}: DSQL does not support extensions",
            instead,
        )


class CreateType(Rule):
    """User-defined types other than enums are rejected: composite, range and base types, and `ALTER/DROP TYPE`.

    **What it does**: flags `CREATE TYPE name AS (...)` (composite), `AS RANGE`, base and shell
    types, `ALTER TYPE`, `DROP TYPE`, `COMMENT ON TYPE`, and typed tables (`CREATE TABLE t OF
    type`, `ALTER TABLE ... [NOT] OF`). `CREATE TYPE ... AS ENUM` is `enum-type`'s.

    **Why it matters**: DSQL's type support is partial: `CREATE TYPE` is rejected as a whole, so no
    user type exists to alter, drop or build a table from.

    **Example**
    ```sql
    CREATE TYPE address AS (street text, city text, zip varchar(10));
    ```

    **Use instead**: the fields as columns (or a json column).
    ```sql
    CREATE TABLE customers (id uuid PRIMARY KEY, street text, city text, zip varchar(10));
    ```

    **Reference**: DSQL unsupported features (Types: partial support; CREATE TYPE); dsql-lint
    (`CREATE TYPE`, `ALTER TYPE`, `DROP TYPE`).
    """

    code = "DSQL610"
    name = "create-type"
    dialects = PG

    _INSTEAD = {
        "composite": "store its fields as separate columns, or in a json column",
        "range": "use two columns for the lower and upper bound, with a CHECK between them",
        "base": "use a built-in type DSQL stores (text, bytea, numeric, ...)",
    }
    command_kinds = frozenset({"CREATE TYPE", "ALTER TYPE", "DROP TYPE", "COMMENT TYPE"})

    def check(self, stmt, ctx):
        kind = stmt.kind
        if kind in self.command_kinds:
            i = stmt.words.index("TYPE")
            last, name = _object_name(stmt, i)
            if kind == "CREATE TYPE":
                rest = stmt.words[last + 1 : last + 3]
                if rest == ["AS", "ENUM"]:
                    return  # enum-type
                what = {"(": "composite", "RANGE": "range"}.get(rest[1] if rest[:1] == ["AS"] and len(rest) > 1 else "", "base")
                yield Violation(
                    _span(stmt, i, last),
                    f"CREATE TYPE {name} (a {what} type): DSQL does not support CREATE TYPE",
                    self._INSTEAD[what],
                )
            else:
                verb = "COMMENT ON" if kind == "COMMENT TYPE" else kind.split()[0]
                yield Violation(
                    _span(stmt, 0 if verb != "COMMENT ON" else i, last),
                    f"{verb} TYPE {name}: DSQL does not support user-defined types, so there is none to {verb.split()[0].lower()}",
                    "remove the statement; an enum type becomes varchar with a CHECK (enum-type), whose CHECK "
                    "changes instead" if verb == "ALTER" else "remove the statement",
                )
        elif kind == "CREATE TABLE":
            words = top_words(stmt)
            obj = _create_object_index(words, {"TABLE"})
            if obj is None:
                return
            name_at = obj + 1
            if words[name_at : name_at + 3] == ["IF", "NOT", "EXISTS"]:
                name_at += 3
            after = _name_end(stmt, name_at) + 1
            if words[after : after + 1] == ["OF"] and after + 1 < len(words):
                last = _name_end(stmt, after + 1)
                yield Violation(
                    _span(stmt, after, last),
                    f"CREATE TABLE ... OF {_text(stmt, after + 1, last)}: typed tables need a composite type, "
                    "which DSQL cannot create",
                    "declare the columns in the table itself",
                )
        for action in _alter_actions(stmt):
            if action.words[:1] == ["OF"] or action.words[:2] == ["NOT", "OF"]:
                n = 1 if action.words[0] == "OF" else 2
                yield Violation(
                    action.span(0, min(n, len(action.tokens) - 1)),
                    f"ALTER TABLE ... {' '.join(action.words[:n])}: typed tables need a composite type, which DSQL cannot create",
                    "remove the statement",
                )


class Domain(Rule):
    """`CREATE DOMAIN` is undocumented in DSQL: its support is unverified.

    **What it does**: warns on `CREATE DOMAIN`. `ALTER DOMAIN`, `DROP DOMAIN` and `COMMENT ON
    DOMAIN` are not flagged (if the domain can be created, they follow it).

    **Why it matters**: AWS lists "Types: partial support" and rejects `CREATE TYPE`, but DSQL's
    live-derived grammar records `CreateDomainStmt` and `AlterDomainStmt` (statements that
    succeeded on a cluster), so domains may work; no documentation says so, and columns of a
    domain type are untested in any source.

    **Example**
    ```sql
    CREATE DOMAIN year AS integer CONSTRAINT year_check CHECK (VALUE BETWEEN 1901 AND 2155);
    ```

    **Use instead**: the base type with the CHECK on each column, which DSQL documents.
    ```sql
    CREATE TABLE film (id uuid PRIMARY KEY, release_year integer CHECK (release_year BETWEEN 1901 AND 2155));
    ```

    **Reference**: DSQL unsupported features (Types: partial support); dsql_grammar.json
    (`CreateDomainStmt`, `AlterDomainStmt`); reference §1.1 (unverified).
    """

    code = "DSQL611"
    name = "domain"
    severity = Severity.WARNING
    dialects = PG
    command_kinds = frozenset({"CREATE DOMAIN", "ALTER DOMAIN", "DROP DOMAIN", "COMMENT DOMAIN"})

    def check(self, stmt, ctx):
        if stmt.kind != "CREATE DOMAIN":
            return
        i = stmt.words.index("DOMAIN")
        last, name = _object_name(stmt, i)
        yield Violation(
            _span(stmt, i, last),
            f"CREATE DOMAIN {name}: domains are undocumented in DSQL (seen in its live grammar, unverified)",
            "declare columns with the base type and a CHECK constraint instead",
        )


class FunctionLanguage(Rule):
    """Functions must be `LANGUAGE sql`: PL/pgSQL, C, internal and other languages are rejected, and so are trigger functions.

    **What it does**: flags `CREATE [OR REPLACE] FUNCTION` whose `LANGUAGE` is not `sql`
    (`plpgsql`, `c`, `internal`, `plpython3u`, ...) and functions that `RETURNS trigger` or
    `event_trigger` in any language. The body is not read: SQL bodies, `RETURN expr` and
    `BEGIN ATOMIC` functions are accepted.

    **Why it matters**: DSQL runs only SQL-language functions: "Functions written in languages
    other than SQL" are unsupported (PL/pgSQL included), and `CREATE FUNCTION ... LANGUAGE
    <anything other than sql>` is rejected. A trigger function has no use without triggers.

    **Example**
    ```sql
    CREATE FUNCTION film_count(p_store uuid) RETURNS bigint LANGUAGE plpgsql AS $$
    BEGIN
        RETURN (SELECT count(*) FROM inventory WHERE store_id = p_store);
    END $$;
    ```

    **Use instead**
    ```sql
    CREATE FUNCTION film_count(p_store uuid) RETURNS bigint LANGUAGE sql STABLE AS $$
        SELECT count(*) FROM inventory WHERE store_id = p_store
    $$;
    ```

    **Reference**: DSQL unsupported features (CREATE FUNCTION `LANGUAGE` other than sql); reference
    §3.6; dsql-lint (`CREATE FUNCTION ... LANGUAGE plpgsql|c|...`).
    """

    code = "DSQL612"
    name = "function-language"
    dialects = PG
    command_kinds = frozenset({"CREATE FUNCTION"})

    def check(self, stmt, ctx):
        if stmt.kind != "CREATE FUNCTION":
            return
        words = top_words(stmt)
        name_at = words.index("FUNCTION") + 1 if "FUNCTION" in words else 2
        name_last = _name_end(stmt, name_at) if name_at < len(words) else name_at
        name = _text(stmt, name_at, name_last) if name_at < len(words) else "?"
        returns = find_top(words, "RETURNS")
        if returns is not None and words[returns + 1 : returns + 2] in (["TRIGGER"], ["EVENT_TRIGGER"]):
            yield Violation(
                _span(stmt, returns, returns + 1),
                f"function {name} RETURNS {stmt.tokens[returns + 1].text}: a trigger function, and DSQL has no triggers",
                "remove it, and do the trigger's work in the application",
            )
            return
        lang = find_top(words, "LANGUAGE")
        if lang is None or lang + 1 >= len(stmt.tokens):
            return
        token = stmt.tokens[lang + 1]
        language = token.text.strip("'\"")
        if language.lower() == "sql":
            return
        yield Violation(
            token,
            f"function {name} is LANGUAGE {language}: DSQL runs only LANGUAGE sql functions",
            "rewrite it as a LANGUAGE sql function (SELECT/CASE expressions), or move the logic to the application",
        )


class Procedure(Rule):
    """Procedures are rejected: `CREATE/ALTER/DROP PROCEDURE`; `CALL` reaches only DSQL's built-ins.

    **What it does**: flags `CREATE [OR REPLACE] PROCEDURE`, `ALTER PROCEDURE` and `DROP
    PROCEDURE`, and warns on `CALL` of anything outside the `sys` schema (`CALL
    sys.wait_for_job(...)` is DSQL's own and fine).

    **Why it matters**: DSQL fails with `0A000 PROCEDURE is not supported`. Without user
    procedures, only DSQL's built-in procedures can be called.

    **Example**
    ```sql
    CREATE PROCEDURE archive_orders() LANGUAGE sql AS $$
        DELETE FROM orders WHERE placed_at < now() - interval '1 year'
    $$;
    ```

    **Use instead**: a SQL function, or the statements run by the application.
    ```sql
    CALL sys.wait_for_job('1a2b3c');
    ```

    **Reference**: reference §7 (`0A000 PROCEDURE is not supported`, live-observed); §3.6.
    """

    code = "DSQL613"
    name = "procedure"
    dialects = PG
    command_kinds = frozenset({"CREATE PROCEDURE", "ALTER PROCEDURE", "DROP PROCEDURE", "CALL"})

    def check(self, stmt, ctx):
        kind = stmt.kind
        if kind == "CALL":
            target = _command_tail(stmt)
            if target.startswith("SYS."):
                return
            yield Violation(
                _first_line(stmt),
                "CALL: DSQL has no user procedures; only built-ins such as sys.wait_for_job can be called",
                "run the procedure's statements from the application",
                severity=Severity.WARNING,
            )
        elif kind in ("CREATE PROCEDURE", "ALTER PROCEDURE", "DROP PROCEDURE"):
            i = stmt.words.index("PROCEDURE")
            last, name = _object_name(stmt, i)
            if kind == "CREATE PROCEDURE":
                yield Violation(
                    _span(stmt, i, last),
                    f"CREATE PROCEDURE {name}: DSQL does not support procedures (`PROCEDURE is not supported`)",
                    "use a LANGUAGE sql function, or run the statements from the application",
                )
            else:
                yield Violation(
                    _span(stmt, i, last),
                    f"{kind} {name}: DSQL has no procedures, so there is none to {kind.split()[0].lower()}",
                    "remove the statement",
                )


# ALTER FUNCTION actions DSQL accepts: rename, move, change owner (reference §3.6).
_ALTER_FUNCTION_OK = (["RENAME", "TO"], ["SET", "SCHEMA"], ["OWNER", "TO"])


class AlterFunctionProperty(Rule):
    """`ALTER FUNCTION` may only rename, move or re-own a function, not change its properties.

    **What it does**: flags `ALTER FUNCTION | ROUTINE ... IMMUTABLE | STABLE | VOLATILE | STRICT |
    CALLED ON NULL INPUT | COST n | ROWS n | SECURITY ... | PARALLEL ... | LEAKPROOF | SET param |
    RESET param | DEPENDS ON EXTENSION`. `RENAME TO`, `SET SCHEMA` and `OWNER TO` are accepted.

    **Why it matters**: DSQL's grammar accepts `ALTER FUNCTION ... RENAME TO / SET SCHEMA`, but
    property changes are not supported (dsql-lint rejects them).

    **Example**
    ```sql
    ALTER FUNCTION order_total(uuid) IMMUTABLE;
    ```

    **Use instead**: re-create the function with the property in its definition.
    ```sql
    CREATE OR REPLACE FUNCTION order_total(o uuid) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT 0::numeric $$;
    ALTER FUNCTION order_total(uuid) RENAME TO order_sum;
    ```

    **Reference**: reference §1.2 (dsql-lint: ALTER FUNCTION property actions) and §3.6.
    """

    code = "DSQL614"
    name = "alter-function-property"
    dialects = PG
    command_kinds = frozenset({"ALTER FUNCTION", "ALTER ROUTINE"})

    def check(self, stmt, ctx):
        if stmt.kind not in self.command_kinds:
            return
        words = top_words(stmt)
        if len(words) < 3:
            return
        i = 2
        if words[i : i + 2] == ["IF", "EXISTS"]:
            i += 2
        i = _name_end(stmt, i) + 1
        if words[i : i + 1] == ["("]:
            i = _group_end(words, i) + 1
        if i >= len(words) or any(words[i : i + 2] == ok for ok in _ALTER_FUNCTION_OK):
            return
        action = _text(stmt, i, len(words) - 1)
        yield Violation(
            _span(stmt, i, len(words) - 1),
            f"{stmt.kind} ... {action}: DSQL cannot change a function's properties",
            "re-create the function with CREATE OR REPLACE FUNCTION and the property in its definition",
        )


# Objects DSQL cannot create, with what to do instead.
_UNSUPPORTED_OBJECTS = {
    "AGGREGATE": "compute the aggregate in a query (string_agg, sum, ...) or in the application",
    "OPERATOR": "call a function instead of a custom operator",
    "LANGUAGE": "DSQL runs only LANGUAGE sql functions",
    "CAST": "call a conversion function explicitly",
    "COLLATION": "DSQL's only collation is C; sort in the application if you need locale order",
    "CONVERSION": "DSQL's encoding is always UTF-8",
    "SERVER": "DSQL has no foreign data wrappers; load the data into DSQL tables",
    "FOREIGN TABLE": "DSQL has no foreign data wrappers; load the data into DSQL tables",
    "FOREIGN DATA": "DSQL has no foreign data wrappers; load the data into DSQL tables",
    "USER MAPPING": "DSQL has no foreign data wrappers",
    "PUBLICATION": "DSQL has no logical replication; use DSQL's multi-Region clusters or an export",
    "SUBSCRIPTION": "DSQL has no logical replication",
    "EVENT TRIGGER": "DSQL has no triggers of any kind",
    "TEXT SEARCH": "DSQL has no full-text search objects; search in the application or a search service",
    "ACCESS METHOD": "DSQL has its own storage; no access methods can be added",
    "RULE": "use a view, or do the rewrite in the application",
}


class UnsupportedObject(Rule):
    """Aggregates, operators, languages, casts, collations, rules, foreign data, replication and event-trigger objects are rejected.

    **What it does**: flags `CREATE`, `ALTER` and `COMMENT ON` for aggregates, operators (and
    operator classes/families), procedural languages, casts, collations, conversions, foreign
    servers, foreign tables, foreign-data wrappers, user mappings, publications, subscriptions,
    event triggers, text-search objects, access methods and rewrite rules; warns on `DROP` of them.

    **Why it matters**: none of these are among DSQL's supported objects: DSQL runs only SQL
    functions, has one collation (C) and one encoding (UTF-8), no extensions (so no foreign data
    wrappers), no triggers of any kind, and no logical replication. dsql-lint rejects
    `CREATE SERVER` and `ALTER AGGREGATE`.

    **Example**
    ```sql
    CREATE AGGREGATE group_concat(text) (SFUNC = _group_concat, STYPE = text);
    ```

    **Use instead**
    ```sql
    SELECT string_agg(name, ', ') FROM actor;
    ```

    **Reference**: DSQL unsupported features (objects, extensions, "collation is C only"); dsql-lint
    (`CREATE SERVER`, `ALTER AGGREGATE`, event triggers).
    """

    code = "DSQL615"
    name = "unsupported-object"
    dialects = PG
    _KINDS = frozenset(f"{verb} {obj}" for verb in ("CREATE", "ALTER", "DROP", "COMMENT") for obj in _UNSUPPORTED_OBJECTS)
    command_kinds = _KINDS

    def check(self, stmt, ctx):
        kind = stmt.kind
        if kind not in self._KINDS:
            return
        verb, obj = kind.split(" ", 1)
        first_word = obj.split()[0]
        i = stmt.words.index(first_word)
        name_at = i + len(obj.split())
        if obj == "FOREIGN DATA" and stmt.words[name_at : name_at + 1] == ["WRAPPER"]:
            obj, name_at = "FOREIGN DATA WRAPPER", name_at + 1
        if obj == "OPERATOR" and stmt.words[name_at : name_at + 1] in (["CLASS"], ["FAMILY"]):
            obj, name_at = f"OPERATOR {stmt.words[name_at]}", name_at + 1
        if obj == "TEXT SEARCH" and name_at < len(stmt.words):
            obj, name_at = f"TEXT SEARCH {stmt.words[name_at]}", name_at + 1
        last, name = _object_name(stmt, name_at - 1)
        if name_at >= len(stmt.tokens) or obj in ("CAST", "USER MAPPING"):
            last, name = name_at - 1, ""
        elif obj == "OPERATOR":  # an operator name is symbols, up to its argument list
            words = stmt.words
            last = next((j - 1 for j in range(name_at, len(words)) if words[j] in ("(", "USING", "FOR")), len(words) - 1)
            name = "".join(t.text for t in stmt.tokens[name_at : last + 1])
        what = f"{'COMMENT ON' if verb == 'COMMENT' else verb} {obj} {name}".rstrip()
        advice = _UNSUPPORTED_OBJECTS[kind.split(" ", 1)[1]]
        if verb == "DROP":
            yield Violation(
                _span(stmt, 0, last),
                f"{what}: DSQL has no such objects, so there is none to drop",
                "remove the statement",
                severity=Severity.WARNING,
            )
            return
        yield Violation(
            _span(stmt, i, last),
            f"{what}: DSQL does not support {obj.lower()} objects",
            advice,
        )


class RowLevelSecurity(Rule):
    """Row-level security is rejected: `... ROW LEVEL SECURITY` and `CREATE/ALTER/DROP POLICY`.

    **What it does**: flags `ALTER TABLE ... ENABLE | DISABLE | FORCE | NO FORCE ROW LEVEL
    SECURITY` and `CREATE POLICY`, `ALTER POLICY`, `DROP POLICY`.

    **Why it matters**: DSQL has no row-level security; dsql-lint rejects every one of these
    statements. Access is controlled per table with GRANT and IAM-mapped roles.

    **Example**
    ```sql
    ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
    CREATE POLICY owner_only ON documents USING (owner = current_user);
    ```

    **Use instead**: filter in the application (or a view), and grant per table.
    ```sql
    CREATE VIEW my_documents AS SELECT * FROM documents WHERE owner = current_user;
    ```

    **Reference**: reference §1.2 (dsql-lint: `CREATE/ALTER/DROP POLICY`, `ALTER TABLE ...
    ENABLE/DISABLE/FORCE/NO FORCE ROW LEVEL SECURITY`).
    """

    code = "DSQL616"
    name = "row-level-security"
    dialects = PG
    command_kinds = frozenset({"CREATE POLICY", "ALTER POLICY", "DROP POLICY", "COMMENT POLICY"})

    def check(self, stmt, ctx):
        kind = stmt.kind
        if kind in self.command_kinds:
            i = stmt.words.index("POLICY")
            last, name = _object_name(stmt, i)
            verb = "COMMENT ON" if kind == "COMMENT POLICY" else kind.split()[0]
            yield Violation(
                _span(stmt, 0 if verb == "DROP" else i, last),
                f"{verb} POLICY {name}: DSQL has no row-level security",
                "enforce row access in the application or through views, and GRANT per table",
            )
        for action in _alter_actions(stmt):
            w = action.words
            n = 2 if w[:1] == ["NO"] else 1
            if w[:1] in (["ENABLE"], ["DISABLE"], ["FORCE"], ["NO"]) and w[n : n + 3] == ["ROW", "LEVEL", "SECURITY"]:
                yield Violation(
                    action.span(0, n + 2),
                    f"ALTER TABLE ... {' '.join(w[: n + 3])}: DSQL has no row-level security",
                    "remove the statement; enforce row access in the application or through views",
                )


class AlterTableUnsupportedOption(Rule):
    """`ALTER TABLE` replication, rule and clustering options are rejected.

    **What it does**: flags `ALTER TABLE ... REPLICA IDENTITY ...`, `ENABLE | DISABLE [REPLICA |
    ALWAYS] RULE`, `CLUSTER ON index` and `SET WITHOUT CLUSTER`.

    **Why it matters**: DSQL has no logical replication, no rewrite rules and no heap to cluster;
    dsql-lint rejects `REPLICA IDENTITY` and `ENABLE/DISABLE RULE`, and none of these actions is in
    DSQL's ALTER TABLE grammar.

    **Example**
    ```sql
    ALTER TABLE orders REPLICA IDENTITY FULL;
    ```

    **Use instead**: nothing: remove the statement. To rename or re-own the table:
    ```sql
    ALTER TABLE orders OWNER TO app_admin;
    ```

    **Reference**: reference §1.2 (dsql-lint: `ALTER TABLE ... REPLICA IDENTITY`, `ENABLE/DISABLE
    RULE`); alter-table-syntax-support.
    """

    code = "DSQL617"
    name = "alter-table-unsupported-option"
    dialects = PG

    def check(self, stmt, ctx):
        for action in _alter_actions(stmt):
            w = action.words
            last = None
            if w[:2] == ["REPLICA", "IDENTITY"]:
                last, why = 2, "DSQL has no logical replication"
            elif w[:1] in (["ENABLE"], ["DISABLE"]) and "RULE" in w[1:3]:
                last, why = w.index("RULE", 1), "DSQL has no rewrite rules"
            elif w[:2] == ["CLUSTER", "ON"]:
                last, why = 2, "DSQL's storage is ordered by primary key and cannot be clustered"
            elif w[:3] == ["SET", "WITHOUT", "CLUSTER"]:
                last, why = 2, "DSQL's storage is ordered by primary key and cannot be clustered"
            if last is not None:
                last = min(last, len(action.tokens) - 1)
                yield Violation(
                    action.span(0, last),
                    f"ALTER TABLE ... {action.text(0, last)}: {why}",
                    "remove the statement",
                )


class MaterializedView(Rule):
    """Materialized views are rejected: `CREATE/ALTER/DROP/REFRESH MATERIALIZED VIEW`.

    **What it does**: flags `CREATE MATERIALIZED VIEW`, `ALTER MATERIALIZED VIEW`, `DROP
    MATERIALIZED VIEW`, `REFRESH MATERIALIZED VIEW` and `COMMENT ON MATERIALIZED VIEW`, and
    `CREATE INDEX` on a materialized view the file creates.

    **Why it matters**: `CREATE MATERIALIZED VIEW` is rejected as a whole in DSQL (regular views are
    supported).

    **Example**
    ```sql
    CREATE MATERIALIZED VIEW sales_by_category AS
        SELECT category, sum(amount) AS total FROM sales GROUP BY category;
    ```

    **Use instead**: a regular view, or a table the application refreshes in batches.
    ```sql
    CREATE VIEW sales_by_category AS
        SELECT category, sum(amount) AS total FROM sales GROUP BY category;
    ```

    **Reference**: DSQL unsupported features (CREATE MATERIALIZED VIEW); dsql-lint (`CREATE` /
    `DROP MATERIALIZED VIEW`).
    """

    code = "DSQL618"
    name = "materialized-view"
    dialects = PG
    command_kinds = frozenset(
        {"CREATE MATERIALIZED VIEW", "ALTER MATERIALIZED VIEW", "DROP MATERIALIZED VIEW", "COMMENT MATERIALIZED VIEW", "REFRESH"}
    )

    def check(self, stmt, ctx):
        kind = stmt.kind
        if kind == "CREATE INDEX":
            yield from self._index_on_view(stmt, ctx)
        elif kind == "REFRESH":
            if _command_tail(stmt).startswith("MATERIALIZED VIEW"):
                yield Violation(
                    _first_line(stmt),
                    "REFRESH MATERIALIZED VIEW: DSQL has no materialized views",
                    "use a regular view, or refresh a table from the application in batches",
                )
        elif kind in self.command_kinds:
            i = stmt.words.index("MATERIALIZED")
            last, name = _object_name(stmt, i + 1)
            verb = "COMMENT ON" if kind.startswith("COMMENT") else kind.split()[0]
            yield Violation(
                _span(stmt, 0 if verb == "DROP" else i, last),
                f"{verb} MATERIALIZED VIEW {name}: DSQL has no materialized views",
                "use a regular view (CREATE VIEW), or a table the application refreshes in batches"
                if verb == "CREATE"
                else "remove the statement",
            )


    def __init__(self) -> None:
        self._views: tuple[int, set[str]] | None = None

    def _index_on_view(self, stmt, ctx):
        """CREATE INDEX on a materialized view of the file: it goes with the view."""
        from dsqllint.rules.indexes import scan_create_index

        if self._views is None or self._views[0] != id(ctx.statements):
            views = set()
            for other in ctx.statements:
                if other.kind == "CREATE MATERIALIZED VIEW":
                    last, _ = _object_name(other, other.words.index("MATERIALIZED") + 1)
                    views.add(_folded(other.tokens[last]))
            self._views = (id(ctx.statements), views)
        scanned = scan_create_index(stmt) if self._views[1] else None
        if scanned is None or scanned.on is None:
            return
        k = stmt.tokens.index(scanned.on) + 1
        k += k < len(stmt.words) and stmt.words[k] == "ONLY"
        if k >= len(stmt.tokens):
            return
        last = _name_end(stmt, k)
        if _folded(stmt.tokens[last]) in self._views[1]:
            yield Violation(
                _span(stmt, k, last),
                f"CREATE INDEX on materialized view {_text(stmt, k, last)}: DSQL has no materialized views",
                "index the table the application refreshes in place of the view",
            )


def _folded(token: Token) -> str:
    """A name token as PostgreSQL looks it up: case-folded unless quoted."""
    return token.text if token.token_type == TokenType.IDENTIFIER else token.text.lower()


class DatabaseStatement(Rule):
    """A DSQL cluster has exactly one database: `CREATE/DROP DATABASE` are rejected.

    **What it does**: flags `CREATE DATABASE`, `DROP DATABASE` and `ALTER DATABASE ... RENAME`,
    and warns on other `ALTER DATABASE` forms (`SET` parameters, `OWNER TO`).

    **Why it matters**: each cluster has one built-in database, `postgres`; you cannot create,
    rename or drop databases. `CREATE DATABASE` fails with `0A000 unsupported statement: Createdb`.
    Database-level settings are not documented.

    **Example**
    ```sql
    CREATE DATABASE shop;
    ```

    **Use instead**: a schema in the cluster's `postgres` database (at most 10 user schemas).
    ```sql
    CREATE SCHEMA shop;
    ```

    **Reference**: DSQL unsupported features (more than one database per cluster; CREATE
    DATABASE); CHAP_quotas; reference §7.
    """

    code = "DSQL619"
    name = "database-statement"
    dialects = PG
    command_kinds = frozenset({"CREATE DATABASE", "ALTER DATABASE", "DROP DATABASE"})

    def check(self, stmt, ctx):
        kind = stmt.kind
        if kind not in self.command_kinds:
            return
        i = stmt.words.index("DATABASE")
        last, name = _object_name(stmt, i)
        if kind == "CREATE DATABASE":
            yield Violation(
                _span(stmt, 0, last),
                f"CREATE DATABASE {name}: a DSQL cluster has only its built-in postgres database "
                "(`unsupported statement: Createdb`)",
                "create a schema instead (CREATE SCHEMA), or another DSQL cluster",
            )
        elif kind == "DROP DATABASE" or stmt.words[last + 1 : last + 2] == ["RENAME"]:
            yield Violation(
                _span(stmt, 0, last),
                f"{kind} {name}{' RENAME' if kind == 'ALTER DATABASE' else ''}: DSQL databases cannot be dropped or renamed",
                "remove the statement",
            )
        else:
            yield Violation(
                _span(stmt, 0, last),
                f"ALTER DATABASE {name}: database-level settings are not documented for DSQL",
                "set the parameter per session (SET ...) or per role, or remove the statement",
                severity=Severity.WARNING,
            )


class DoBlock(Rule):
    """Anonymous `DO` blocks are rejected.

    **What it does**: flags `DO [LANGUAGE ...] $$ ... $$`.

    **Why it matters**: a DO block runs procedural code (PL/pgSQL by default), and DSQL has no
    procedural languages; dsql-lint rejects the statement. Migration tools often wrap conditional
    DDL in one (`IF NOT EXISTS (...) THEN CREATE ...`).

    **Example**
    ```sql
    DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'app') THEN CREATE ROLE app; END IF;
    END $$;
    ```

    **Use instead**: plain statements with `IF [NOT] EXISTS`, or the condition in the application.
    ```sql
    CREATE TABLE IF NOT EXISTS audit_log (id uuid PRIMARY KEY, entry text);
    ```

    **Reference**: reference §1.2 (dsql-lint; mantle-framework registry: "not a DSQL statement").
    """

    code = "DSQL620"
    name = "do-block"
    dialects = PG
    command_kinds = frozenset({"DO"})

    def check(self, stmt, ctx):
        if stmt.kind == "DO":
            yield Violation(
                _first_line(stmt) if len(stmt.tokens) > 2 else _head(stmt, 2),
                "DO block: DSQL does not run anonymous procedural code",
                "run plain SQL statements (with IF [NOT] EXISTS) and keep conditions in the application",
            )


# --- maintenance and session commands ---------------------------------------------------------------
class Truncate(Rule):
    """`TRUNCATE` is rejected: delete the rows in batches.

    **What it does**: flags `TRUNCATE [TABLE] ...`.

    **Why it matters**: `TRUNCATE` is on the AWS list of unsupported commands. A DSQL transaction
    may change at most 3,000 rows, so empty a table with `DELETE` in batches (or drop and
    re-create it).

    **Example**
    ```sql
    TRUNCATE TABLE session_log;
    ```

    **Use instead**: repeat until no row is deleted, each in its own transaction.
    ```sql
    DELETE FROM session_log WHERE id IN (SELECT id FROM session_log LIMIT 3000);
    ```

    **Reference**: DSQL unsupported features (TRUNCATE: "use DELETE"); CHAP_quotas (3,000 rows per
    transaction); dsql-lint rule `truncate`.
    """

    code = "DSQL621"
    name = "truncate"
    dialects = PG
    command_kinds = frozenset({"TRUNCATE"})

    def check(self, stmt, ctx):
        if stmt.kind == "TRUNCATE":
            tables = ""
            if isinstance(stmt.tree, exp.TruncateTable):
                tables = ", ".join(t.sql(dialect="postgres") for t in stmt.tree.expressions)
            example = tables.split(", ")[0] if tables else "t"
            yield Violation(
                _head(stmt, 2 if stmt.words[1:2] != ["TABLE"] else 3),
                f"TRUNCATE {tables}: DSQL does not support TRUNCATE".replace("  ", " "),
                f"DELETE FROM {example} in batches of at most 3,000 rows per transaction "
                "(or DROP and re-create the table)",
            )


class Vacuum(Rule):
    """`VACUUM` is rejected: DSQL maintains storage itself.

    **What it does**: flags `VACUUM` in every form (`VACUUM FULL`, `VACUUM ANALYZE t`, ...).
    A plain `ANALYZE` is not flagged.

    **Why it matters**: `VACUUM` is on the AWS list of unsupported commands: DSQL maintains
    statistics and storage itself.

    **Example**
    ```sql
    VACUUM ANALYZE orders;
    ```

    **Use instead**
    ```sql
    ANALYZE orders;
    ```

    **Reference**: DSQL unsupported features (VACUUM); dsql-lint.
    """

    code = "DSQL622"
    name = "vacuum"
    dialects = PG
    command_kinds = frozenset({"VACUUM"})

    def check(self, stmt, ctx):
        if stmt.kind == "VACUUM":
            yield Violation(
                stmt.tokens[0],
                "VACUUM: DSQL maintains storage and statistics itself and does not support VACUUM",
                "remove the statement (ANALYZE alone is accepted if statistics must be refreshed)",
            )


class ClusterReindex(Rule):
    """`CLUSTER` and `REINDEX` have no documented DSQL equivalent.

    **What it does**: warns on `CLUSTER` and `REINDEX`.

    **Why it matters**: DSQL stores each table ordered by its primary key and builds indexes
    asynchronously; neither statement is among its documented commands, and VACUUM, the
    neighbouring maintenance command, is rejected. A broken index is dropped and re-created.

    **Example**
    ```sql
    REINDEX TABLE orders;
    ```

    **Use instead**: drop and re-create an index that must be rebuilt.
    ```sql
    DROP INDEX orders_customer_idx;
    CREATE INDEX ASYNC orders_customer_idx ON orders (customer_id);
    ```

    **Reference**: not in the DSQL documentation (unverified); DSQL unsupported features (VACUUM);
    working-with-create-index-async (a failed build leaves an INVALID index to drop).
    """

    code = "DSQL623"
    name = "cluster-reindex"
    severity = Severity.WARNING
    dialects = PG
    command_kinds = frozenset({"CLUSTER", "REINDEX"})

    def check(self, stmt, ctx):
        if stmt.kind in self.command_kinds:
            yield Violation(
                stmt.tokens[0],
                f"{stmt.kind}: not a documented DSQL command; DSQL orders storage by primary key and "
                "manages indexes itself",
                "remove the statement; to rebuild an index, DROP INDEX and CREATE INDEX ASYNC it again",
            )


class LockTable(Rule):
    """`LOCK TABLE` is rejected: DSQL uses optimistic concurrency.

    **What it does**: flags `LOCK [TABLE] ... [IN ... MODE]`.

    **Why it matters**: DSQL has no table locks (dsql-lint rejects `LOCK TABLE`); concurrent
    writers are resolved at commit with optimistic concurrency control (`40001`, retry).

    **Example**
    ```sql
    LOCK TABLE inventory IN EXCLUSIVE MODE;
    ```

    **Use instead**: lock the rows you change, and retry on serialization failure.
    ```sql
    SELECT * FROM inventory WHERE id = $1 FOR UPDATE;
    ```

    **Reference**: reference §1.2 (dsql-lint: `LOCK TABLE`); §4 (OCC, 40001).
    """

    code = "DSQL624"
    name = "lock-table"
    dialects = PG
    command_kinds = frozenset({"LOCK"})

    def check(self, stmt, ctx):
        if stmt.kind == "LOCK":
            yield Violation(
                _first_line(stmt),
                "LOCK TABLE: DSQL has no table locks (optimistic concurrency control)",
                "remove it; use SELECT ... FOR UPDATE on the rows involved and retry on 40001",
            )


class ListenNotify(Rule):
    """`LISTEN`, `UNLISTEN` and `NOTIFY` are rejected.

    **What it does**: flags `LISTEN channel`, `UNLISTEN channel` and `NOTIFY channel`.

    **Why it matters**: DSQL has no asynchronous notifications (dsql-lint rejects all three).

    **Example**
    ```sql
    NOTIFY order_events;
    ```

    **Use instead**: a queue or event service (SQS, EventBridge), or poll a table.
    ```sql
    INSERT INTO order_events (id, kind) VALUES (gen_random_uuid(), 'placed');
    ```

    **Reference**: reference §1.2 (dsql-lint: `LISTEN`/`UNLISTEN`/`NOTIFY`).
    """

    code = "DSQL625"
    name = "listen-notify"
    dialects = PG
    command_kinds = frozenset({"LISTEN", "UNLISTEN", "NOTIFY"})

    def check(self, stmt, ctx):
        if stmt.kind in self.command_kinds:
            yield Violation(
                _head(stmt, 2),
                f"{stmt.kind}: DSQL has no LISTEN/NOTIFY notifications",
                "use a queue or event service, or poll a table",
            )


class Savepoint(Rule):
    """Savepoints are rejected: `SAVEPOINT`, `RELEASE SAVEPOINT`, `ROLLBACK TO SAVEPOINT`.

    **What it does**: flags `SAVEPOINT name`, `RELEASE [SAVEPOINT] name` and `ROLLBACK TO
    [SAVEPOINT] name`.

    **Why it matters**: `SAVEPOINT` is on the AWS list of unsupported commands (dsql-lint also
    rejects RELEASE and ROLLBACK TO). ORMs that nest transactions with savepoints must be told not
    to (Django: `uses_savepoints = False`).

    **Example**
    ```sql
    SAVEPOINT before_import;
    ```

    **Use instead**: keep each transaction short and retry it as a whole.
    ```sql
    ROLLBACK;
    ```

    **Reference**: DSQL unsupported features (SAVEPOINT); dsql-lint; Django adapter features.
    """

    code = "DSQL626"
    name = "savepoint"
    dialects = PG
    command_kinds = frozenset({"SAVEPOINT", "RELEASE"})

    def check(self, stmt, ctx):
        kind = stmt.kind
        if kind in ("SAVEPOINT", "RELEASE"):
            words = stmt.words
            n = 3 if words[1:2] == ["SAVEPOINT"] else 2
            yield Violation(
                _head(stmt, n),
                f"{kind}{' SAVEPOINT' if kind == 'RELEASE' else ''}: DSQL does not support savepoints",
                "remove it; retry the whole transaction instead of rolling back part of it",
            )
        elif kind == "ROLLBACK" and isinstance(stmt.tree, exp.Rollback) and stmt.tree.args.get("savepoint"):
            words = stmt.words
            to = words.index("TO") if "TO" in words else 0
            last = to + 2 if words[to + 1 : to + 2] == ["SAVEPOINT"] else to + 1
            yield Violation(
                _span(stmt, 0, last),
                "ROLLBACK TO SAVEPOINT: DSQL does not support savepoints",
                "ROLLBACK the whole transaction and retry it",
            )


class Cursor(Rule):
    """SQL-level cursors are rejected: `DECLARE ... CURSOR`, `FETCH`, `MOVE`, `CLOSE`.

    **What it does**: flags `DECLARE name [...] CURSOR ...` and the statements that use a cursor:
    `FETCH`, `MOVE`, `CLOSE`.

    **Why it matters**: dsql-lint rejects `DECLARE ... CURSOR`; without it no cursor exists to
    fetch from or close. Drivers that stream results with protocol-level portals are unaffected.

    **Example**
    ```sql
    DECLARE big_scan CURSOR FOR SELECT * FROM events;
    ```

    **Use instead**: page with keyset pagination.
    ```sql
    SELECT * FROM events WHERE id > $1 ORDER BY id LIMIT 1000;
    ```

    **Reference**: reference §1.2 (dsql-lint: `DECLARE ... CURSOR`).
    """

    code = "DSQL627"
    name = "cursor"
    dialects = PG
    command_kinds = frozenset({"DECLARE", "FETCH", "MOVE", "CLOSE"})

    def check(self, stmt, ctx):
        kind = stmt.kind
        if kind == "DECLARE":
            if re.search(r"\bCURSOR\b", _command_tail(stmt)):
                yield Violation(
                    _first_line(stmt),
                    "DECLARE ... CURSOR: DSQL does not support SQL-level cursors",
                    "page through the rows with keyset pagination (WHERE key > last ORDER BY key LIMIT n)",
                )
        elif kind in ("FETCH", "MOVE", "CLOSE"):
            yield Violation(
                _head(stmt, 2),
                f"{kind}: uses a SQL-level cursor, which DSQL does not support",
                "page through the rows with keyset pagination instead of a cursor",
            )


class SqlPrepare(Rule):
    """SQL-level `PREPARE`, `EXECUTE` and `DEALLOCATE name` are rejected.

    **What it does**: flags `PREPARE name AS ...`, `EXECUTE name` and `DEALLOCATE [PREPARE] name`.
    `DEALLOCATE [PREPARE] ALL` is accepted, and so are driver-level (protocol) prepared statements.
    `PREPARE TRANSACTION` is not this rule's.

    **Why it matters**: dsql-lint rejects SQL-level `PREPARE` and `DEALLOCATE name` (only
    `DEALLOCATE ALL` passes).

    **Example**
    ```sql
    PREPARE find_order (uuid) AS SELECT * FROM orders WHERE id = $1;
    EXECUTE find_order('6f1c2d3e-0000-4000-8000-000000000000');
    ```

    **Use instead**: the driver's prepared statements (parameters bound by the client library).
    ```sql
    SELECT * FROM orders WHERE id = $1;
    ```

    **Reference**: reference §1.2 (dsql-lint: SQL-level `PREPARE`, `DEALLOCATE name`).
    """

    code = "DSQL628"
    name = "sql-prepare"
    dialects = PG
    command_kinds = frozenset({"PREPARE", "EXECUTE", "DEALLOCATE"})

    def check(self, stmt, ctx):
        kind = stmt.kind
        if kind not in self.command_kinds:
            return
        tail = _command_tail(stmt) if kind in ("PREPARE", "EXECUTE") else " ".join(stmt.words[1:])
        if kind == "PREPARE" and tail.startswith("TRANSACTION"):
            return
        if kind == "DEALLOCATE" and tail in ("ALL", "PREPARE ALL"):
            return
        yield Violation(
            _head(stmt, 2),
            f"{kind}: DSQL does not support SQL-level prepared statements",
            "use the driver's prepared statements (protocol-level), or DEALLOCATE ALL",
        )


class Discard(Rule):
    """`DISCARD` is rejected.

    **What it does**: flags `DISCARD ALL | PLANS | SEQUENCES | TEMP`.

    **Why it matters**: dsql-lint rejects `DISCARD`. Connection poolers that reset sessions with
    `DISCARD ALL` need another reset query for DSQL.

    **Example**
    ```sql
    DISCARD ALL;
    ```

    **Use instead**: reset what the session changed.
    ```sql
    RESET ALL;
    ```

    **Reference**: reference §1.2 (dsql-lint: `DISCARD`).
    """

    code = "DSQL629"
    name = "discard"
    dialects = PG
    command_kinds = frozenset({"DISCARD"})

    def check(self, stmt, ctx):
        if stmt.kind == "DISCARD":
            yield Violation(
                _head(stmt, 2),
                f"{' '.join(stmt.words[:2])}: DSQL does not support DISCARD",
                "use RESET ALL (and DEALLOCATE ALL) to reset a session",
            )


class CopyFile(Rule):
    """`COPY` to or from a server file or program is rejected; `STDIN`/`STDOUT` are fine.

    **What it does**: flags `COPY ... FROM 'file'`, `COPY ... TO 'file'` and `COPY ... FROM | TO
    PROGRAM 'command'`.

    **Why it matters**: DSQL has no server file system to read or write; only `COPY ... FROM STDIN`
    and `COPY ... TO STDOUT` (psql's `\\copy`) are allowed.

    **Example**
    ```sql
    COPY customers FROM '/var/lib/postgresql/customers.csv' WITH (FORMAT csv);
    ```

    **Use instead**
    ```sql
    COPY customers FROM STDIN WITH (FORMAT csv);
    ```

    **Reference**: reference §1.2 (dsql-lint: `COPY ... FROM/TO 'file'` or `PROGRAM`).
    """

    code = "DSQL630"
    name = "copy-file"
    dialects = PG
    command_kinds = frozenset({"COPY"})

    def check(self, stmt, ctx):
        if stmt.kind != "COPY":
            return
        words = top_words(stmt)
        for i, w in enumerate(words):
            if w not in ("FROM", "TO") or i + 1 >= len(words):
                continue
            nxt = stmt.tokens[i + 1]
            if words[i + 1] == "PROGRAM":
                yield Violation(
                    _span(stmt, i, i + 2),
                    f"COPY ... {w} PROGRAM: DSQL cannot run programs on the server",
                    f"COPY ... {'FROM STDIN' if w == 'FROM' else 'TO STDOUT'} and pipe through the client (psql \\copy)",
                )
                return
            if nxt.token_type == TokenType.STRING:
                yield Violation(
                    _span(stmt, i, i + 1),
                    f"COPY ... {w} '{nxt.text}': DSQL has no server files to read or write",
                    f"COPY ... {'FROM STDIN' if w == 'FROM' else 'TO STDOUT'} (psql \\copy reads and writes client files)",
                )
                return


class AlterSystem(Rule):
    """`ALTER SYSTEM` is rejected in every form.

    **What it does**: flags `ALTER SYSTEM SET | RESET ...`.

    **Why it matters**: "every ALTER SYSTEM command" is on the AWS list of unsupported commands:
    DSQL is serverless and has no server configuration file.

    **Example**
    ```sql
    ALTER SYSTEM SET statement_timeout = '30s';
    ```

    **Use instead**: a session setting.
    ```sql
    SET statement_timeout = '30s';
    ```

    **Reference**: DSQL unsupported features (ALTER SYSTEM).
    """

    code = "DSQL631"
    name = "alter-system"
    dialects = PG
    command_kinds = frozenset({"ALTER SYSTEM"})

    def check(self, stmt, ctx):
        if stmt.kind == "ALTER SYSTEM":
            yield Violation(
                _head(stmt, 3),
                "ALTER SYSTEM: DSQL has no server configuration to change",
                "set the parameter per session (SET ...) instead",
            )


# Role options outside DSQL's role grammar; DSQL authenticates with IAM tokens, not passwords.
_ROLE_OPTIONS = {
    "PASSWORD", "ENCRYPTED", "UNENCRYPTED", "SUPERUSER", "NOSUPERUSER", "CREATEDB", "NOCREATEDB",
    "CREATEROLE", "NOCREATEROLE", "REPLICATION", "NOREPLICATION", "BYPASSRLS", "NOBYPASSRLS",
    "CONNECTION", "VALID", "SYSID",
}
_ALTER_ROLE_ALSO = {"LOGIN", "NOLOGIN", "NOINHERIT", "SET", "RESET"}


class RoleOptions(Rule):
    """Role attributes such as `PASSWORD`, `SUPERUSER` and `CREATEDB` are rejected; `ALTER USER` too.

    **What it does**: flags `ALTER ROLE` with options other than `[WITH] INHERIT` (PASSWORD,
    SUPERUSER, CREATEDB, CREATEROLE, REPLICATION, BYPASSRLS, CONNECTION LIMIT, VALID UNTIL, LOGIN,
    `SET param`, `RESET param`) and every `ALTER USER | GROUP`; warns on `CREATE ROLE | USER` with
    password or privilege attributes. `CREATE ROLE name [WITH] LOGIN` and `ALTER ROLE ... RENAME
    TO` are not flagged.

    **Why it matters**: DSQL signs users in with IAM authentication tokens, not passwords, and
    its live grammar allows only `ALTER ROLE r [WITH] INHERIT`; dsql-lint rejects the other
    options, `ALTER ROLE ... SET` and `ALTER USER`. Whether `CREATE ROLE` accepts the same
    attributes is not documented (the documented form is `CREATE ROLE name WITH LOGIN`).

    **Example**
    ```sql
    ALTER ROLE app WITH PASSWORD 'secret' CREATEDB;
    ```

    **Use instead**: a login role mapped to an IAM role.
    ```sql
    CREATE ROLE app WITH LOGIN;
    AWS IAM GRANT app TO 'arn:aws:iam::123456789012:role/app';
    ```

    **Reference**: reference §1.2 (dsql-lint `ALTER ROLE` options, `ALTER USER`) and §3.6
    (roles, IAM mapping).
    """

    code = "DSQL632"
    name = "role-options"
    dialects = PG
    command_kinds = frozenset({"ALTER ROLE", "ALTER USER", "ALTER GROUP", "CREATE ROLE", "CREATE USER", "CREATE GROUP"})

    def check(self, stmt, ctx):
        kind = stmt.kind
        if kind not in self.command_kinds:
            return
        words = stmt.words
        i = 2
        if i >= len(words):
            return
        if kind in ("ALTER USER", "ALTER GROUP"):
            yield Violation(
                _span(stmt, 0, min(i, len(words) - 1)),
                f"{kind}: DSQL does not support ALTER {words[1]}",
                "manage roles with CREATE ROLE, GRANT role TO role and AWS IAM GRANT; use ALTER ROLE ... RENAME TO to rename",
            )
            return
        rest = words[i + 1 :]
        if kind == "ALTER ROLE" and rest[:2] == ["RENAME", "TO"]:
            return
        bad = _ROLE_OPTIONS | (_ALTER_ROLE_ALSO if kind == "ALTER ROLE" else set())
        found = [j for j, w in enumerate(rest, start=i + 1) if w in bad and stmt.tokens[j].token_type not in _QUOTED]
        if not found:
            return
        first = found[0]
        names = ", ".join(dict.fromkeys(stmt.words[j] for j in found))
        if kind == "ALTER ROLE":
            yield Violation(
                _span(stmt, first, found[-1]),
                f"ALTER ROLE ... {names}: DSQL's ALTER ROLE accepts only INHERIT",
                "remove these options; DSQL authenticates with IAM tokens (AWS IAM GRANT role TO 'arn:...')",
            )
        else:
            yield Violation(
                _span(stmt, first, found[-1]),
                f"{kind} ... {names}: DSQL authenticates with IAM tokens; these role attributes are not supported "
                "by ALTER ROLE and undocumented for CREATE ROLE",
                f"{kind} name WITH LOGIN, then AWS IAM GRANT name TO 'arn:aws:iam::...:role/...'",
                severity=Severity.WARNING,
            )


def _is_public(token: Token) -> bool:
    """The schema name public: unquoted in any case, or quoted exactly "public"."""
    if token.token_type == TokenType.IDENTIFIER:
        return token.text == "public"
    return token.token_type not in _QUOTED and token.text.upper() == "PUBLIC"


class PublicSchemaChange(Rule):
    """Privileges and ownership of the `public` schema cannot be changed.

    **What it does**: flags `GRANT ... ON SCHEMA public`, and warns on `REVOKE ... ON SCHEMA
    public` and `ALTER SCHEMA public ...` (pg_dump writes all three). GRANT on tables, sequences,
    `ALL TABLES IN SCHEMA public` and other schemas is not flagged.

    **Why it matters**: `public` is a system schema in DSQL: `GRANT USAGE ON SCHEMA public` fails
    with `0A000 feature not supported on system entity`, and non-admin roles cannot use `public`
    for DDL. Revoking or re-owning it is expected to fail the same way (not observed directly).

    **Example**
    ```sql
    GRANT ALL ON SCHEMA public TO PUBLIC;
    ```

    **Use instead**: a schema of your own, with privileges on it.
    ```sql
    CREATE SCHEMA app;
    GRANT USAGE ON SCHEMA app TO app_user;
    ```

    **Reference**: reference §3.6 and §7 (live probe: `feature not supported on system entity`).
    """

    code = "DSQL633"
    name = "public-schema-change"
    dialects = PG
    command_kinds = frozenset({"GRANT", "REVOKE", "ALTER SCHEMA"})

    def check(self, stmt, ctx):
        kind = stmt.kind
        if kind in ("GRANT", "REVOKE"):
            words = top_words(stmt)
            on = find_top(words, "ON", "SCHEMA")
            if on is None:
                return
            stop = find_top(words, "TO" if kind == "GRANT" else "FROM", start=on)
            public = [j for j in range(on + 2, stop if stop is not None else len(words)) if _is_public(stmt.tokens[j])]
            if not public:
                return
            at = _span(stmt, on, public[0])
            if kind == "GRANT":
                yield Violation(
                    at,
                    "GRANT ... ON SCHEMA public: public is a DSQL system schema "
                    "(`feature not supported on system entity`)",
                    "create a schema of your own (CREATE SCHEMA app) and grant on it",
                )
            else:
                yield Violation(
                    at,
                    "REVOKE ... ON SCHEMA public: public is a DSQL system schema; changing its privileges is "
                    "expected to fail (`feature not supported on system entity`)",
                    "remove the statement; use a schema of your own",
                    severity=Severity.WARNING,
                )
        elif kind == "ALTER SCHEMA" and len(stmt.tokens) > 2:
            if _is_public(stmt.tokens[2]):
                yield Violation(
                    _span(stmt, 0, 2),
                    "ALTER SCHEMA public: public is a DSQL system schema; changing it is expected to fail "
                    "(`feature not supported on system entity`)",
                    "remove the statement; create and own a schema of your own instead",
                    severity=Severity.WARNING,
                )


# --- statements DSQL accepts as written, though sqlglot cannot parse them ----------------------------
# ALTER TABLE actions other families judge (alter, constraints, identity): left to them here.
_ALTER_TABLE_OTHER_FAMILIES = {"ADD", "DROP", "ALTER", "RENAME", "VALIDATE"}
# ALTER TABLE actions judged by the rules of this module.
_ALTER_TABLE_THIS_FAMILY = (
    ["ATTACH"], ["DETACH"], ["INHERIT"], ["NO", "INHERIT"], ["OF"], ["NOT", "OF"], ["SET", "TABLESPACE"],
    ["SET", "("], ["RESET", "("], ["SET", "ACCESS"], ["SET", "LOGGED"], ["SET", "UNLOGGED"], ["CLUSTER"],
    ["SET", "WITHOUT"], ["REPLICA"], ["FORCE"], ["NO", "FORCE"],
)
# Accepted as written (reference §3.4: OWNER TO, ENABLE/DISABLE TRIGGER no-ops, SET SCHEMA).
_ALTER_TABLE_ACCEPTED = (["OWNER", "TO"], ["SET", "SCHEMA"], ["ENABLE"], ["DISABLE"])


class OpaqueStatementForm(Rule):
    """Statements sqlglot cannot parse that DSQL accepts as written: `OWNER TO`, `SET search_path`, `CREATE SCHEMA ... AUTHORIZATION`, ...

    **What it does**: judges, by keyword, statements the parser leaves opaque. Accepted forms
    are not reported:
    - `ALTER TABLE ... OWNER TO role`, `... SET SCHEMA s`, `... ENABLE | DISABLE TRIGGER ...`
      (reference §3.4: in the grammar or the live probe; the trigger forms are no-ops);
      `ALTER VIEW ... OWNER TO | RENAME | SET SCHEMA | ALTER COLUMN` (§3.6; OWNER TO by analogy
      with tables); `ALTER SCHEMA s RENAME TO | OWNER TO` (§3.6 schemas);
    - `CREATE SCHEMA [IF NOT EXISTS] name AUTHORIZATION role` (§3.6, live grammar);
    - `SET [SESSION | LOCAL] search_path ...`, `SET TIME ZONE`, `SET CONSTRAINTS` (a DSQL docs
      page), `RESET ...`; `SET TRANSACTION` is left to the transaction rules;
    - `GRANT` / `REVOKE` forms sqlglot cannot parse (`GRANT role TO role`, `ON ALL TABLES IN
      SCHEMA s`: §3.6; `ON SCHEMA public` is `public-schema-change`'s), and DSQL's own
      `AWS IAM GRANT | REVOKE role TO | FROM 'arn:...'` (§3.6);
    - `COMMENT ON` forms sqlglot cannot parse, for the objects of §3.6 (table, view, index,
      sequence, schema, role, function, routine, constraint).

    A `CREATE SCHEMA` with schema elements or without a name is outside DSQL's grammar (warning).
    Any other form of these statement kinds gets an info finding, like `not-analysed`: dsqllint
    cannot tell. ALTER TABLE column and constraint actions (ADD, DROP, ALTER, RENAME, VALIDATE)
    are left to the alter and constraints rules, and the table-level actions DSQL rejects
    (partitions, inheritance, tablespaces, storage parameters, row-level security, replica
    identity, rules, clustering) to the other rules of this family.

    **Why it matters**: a statement dsqllint cannot read must still be judged, never silently
    passed; pg_dump output is full of these (`ALTER TABLE ... OWNER TO postgres`).

    **Example**
    ```sql
    CREATE SCHEMA reporting CREATE TABLE daily (day date PRIMARY KEY, total numeric);
    ```

    **Use instead**
    ```sql
    CREATE SCHEMA reporting AUTHORIZATION report_owner;
    CREATE TABLE reporting.daily (day date PRIMARY KEY, total numeric);
    ```

    **Reference**: reference §3.4 (ALTER TABLE live-probe matrix), §3.6 (CREATE SCHEMA, roles and
    GRANT, COMMENT ON); DSQL set-constraints docs page.
    """

    code = "DSQL679"
    name = "opaque-statement-form"
    severity = Severity.WARNING
    dialects = PG
    command_kinds = frozenset(
        {"ALTER TABLE", "ALTER VIEW", "ALTER SCHEMA", "CREATE SCHEMA", "SET", "RESET", "GRANT", "REVOKE", "AWS"}
        | {f"COMMENT {obj}".strip() for obj in ("", "TABLE", "VIEW", "INDEX", "SEQUENCE", "SCHEMA", "ROLE", "FUNCTION", "ROUTINE")}
    )

    def check(self, stmt, ctx):
        kind = stmt.kind
        if not stmt.opaque or kind not in self.command_kinds or not stmt.tokens:
            return
        if kind == "ALTER TABLE":
            yield from self._alter_table(stmt)
        elif kind == "ALTER VIEW":
            words = stmt.words
            i = 2
            if words[i : i + 2] == ["IF", "EXISTS"]:
                i += 2
            i = _name_end(stmt, i) + 1
            if words[i : i + 2] in (["OWNER", "TO"], ["RENAME", "TO"], ["RENAME", "COLUMN"], ["SET", "SCHEMA"]) or words[i : i + 1] == ["ALTER"]:
                return
            yield self._unknown(stmt)
        elif kind == "ALTER SCHEMA":
            words = stmt.words
            if len(words) > 2 and _is_public(stmt.tokens[2]):
                return  # public-schema-change
            if words[3:5] in (["RENAME", "TO"], ["OWNER", "TO"]):
                return
            yield self._unknown(stmt)
        elif kind == "CREATE SCHEMA":
            yield from self._create_schema(stmt)
        elif kind == "SET":
            words = stmt.words
            i = 2 if words[1:2] in (["SESSION"], ["LOCAL"]) else 1
            if words[i : i + 1] in (["SEARCH_PATH"], ["CONSTRAINTS"], ["TRANSACTION"]) or words[i : i + 2] == ["TIME", "ZONE"]:
                return
            if words[1:3] == ["SESSION", "CHARACTERISTICS"]:
                return  # transaction rules
            yield self._unknown(stmt)
        elif kind == "AWS":
            if stmt.words[1:3] not in (["IAM", "GRANT"], ["IAM", "REVOKE"]):
                yield self._unknown(stmt)
        elif kind in ("RESET", "GRANT", "REVOKE") or kind.startswith("COMMENT"):
            return

    def _alter_table(self, stmt):
        for action in _alter_actions(stmt):
            w = action.words
            if not w or w[0] in _ALTER_TABLE_OTHER_FAMILIES:
                continue
            if any(w[: len(p)] == p for p in _ALTER_TABLE_ACCEPTED + _ALTER_TABLE_THIS_FAMILY):
                continue
            last = 1 if len(w) > 1 and w[1] not in ("", "(") else 0
            yield Violation(
                action.span(0, last),
                f"ALTER TABLE ... {action.text(0, last)}: form not analysed; dsqllint "
                "cannot tell whether DSQL accepts it",
                "check it against DSQL's ALTER TABLE documentation",
                severity=Severity.INFO,
            )

    def _create_schema(self, stmt):
        words = top_words(stmt)
        i = 2
        if words[i : i + 3] == ["IF", "NOT", "EXISTS"]:
            i += 3
        if words[i : i + 1] == ["AUTHORIZATION"]:
            yield Violation(
                _span(stmt, 0, min(i + 1, len(words) - 1)),
                "CREATE SCHEMA AUTHORIZATION role without a schema name: not in DSQL's CREATE SCHEMA grammar",
                "name the schema: CREATE SCHEMA name AUTHORIZATION role",
            )
            return
        j = i + 1
        if words[j : j + 1] == ["AUTHORIZATION"]:
            j += 2
        if j < len(words):
            yield Violation(
                _span(stmt, j, len(words) - 1),
                "CREATE SCHEMA with schema elements: DSQL's CREATE SCHEMA takes only a name and AUTHORIZATION, "
                "and one DDL statement per transaction",
                "create the schema, then each object in its own statement (schema-qualified)",
            )

    def _unknown(self, stmt):
        return Violation(
            _first_line(stmt),
            f"{stmt.kind} statement form not analysed: dsqllint cannot tell whether DSQL accepts it",
            "check it against the DSQL documentation",
            severity=Severity.INFO,
        )
