"""MySQL-only statements and clauses: table options, session settings, stored programs, dump noise.

Each rule here applies to MySQL input only. They flag what a MySQL schema or `mysqldump` carries that
DSQL's PostgreSQL grammar has no place for: `ENGINE=` and the other table options, column
`ON UPDATE CURRENT_TIMESTAMP` and `COMMENT`, VIRTUAL generated columns, `SET`/`USE`/`LOCK TABLES`
session statements, databases, triggers/procedures/functions/events, view clauses, `RENAME TABLE`,
MySQL-only DML (`ON DUPLICATE KEY UPDATE`, `REPLACE`, `INSERT IGNORE`) and partitioning.

Column types and charsets, indexes, `AUTO_INCREMENT` columns and `ALTER TABLE` column changes
(`MODIFY`/`CHANGE`/`AFTER`) are judged by the types, indexes, identity and alter families.
Backquoted identifiers are fine: they become double-quoted ones.
"""

from __future__ import annotations

from sqlglot import exp
from sqlglot.tokens import Token, TokenType

from dsqllint.findings import Severity
from dsqllint.rules.base import Rule, Violation

MYSQL = frozenset({"mysql"})
_QUOTED = (TokenType.STRING, TokenType.IDENTIFIER)
_OPEN = (TokenType.L_PAREN, TokenType.L_BRACKET)
_CLOSE = (TokenType.R_PAREN, TokenType.R_BRACKET)

# MySQL/MariaDB table options (CREATE TABLE ... ) <options>; ALTER TABLE t <options>).
_TABLE_OPTIONS = {
    "ENGINE", "TYPE", "AUTO_INCREMENT", "AVG_ROW_LENGTH", "CHARSET", "CHARACTER SET", "CHECKSUM",
    "COLLATE", "COMMENT", "COMPRESSION", "CONNECTION", "DELAY_KEY_WRITE", "ENCRYPTION",
    "ENCRYPTION_KEY_ID", "ENCRYPTED", "ENGINE_ATTRIBUTE", "SECONDARY_ENGINE", "SECONDARY_ENGINE_ATTRIBUTE",
    "INSERT_METHOD", "KEY_BLOCK_SIZE", "MAX_ROWS", "MIN_ROWS", "PACK_KEYS", "PASSWORD", "ROW_FORMAT",
    "STATS_AUTO_RECALC", "STATS_PERSISTENT", "STATS_SAMPLE_PAGES", "TABLESPACE", "STORAGE", "UNION",
    "AUTOEXTEND_SIZE", "PAGE_CHECKSUM", "PAGE_COMPRESSED", "PAGE_COMPRESSION_LEVEL", "TRANSACTIONAL",
    "IETF_QUOTES", "SEQUENCE",
}
_TWO_WORD_OPTIONS = {("CHARACTER", "SET"), ("DATA", "DIRECTORY"), ("INDEX", "DIRECTORY"), ("START", "TRANSACTION")}
_VALUELESS_OPTIONS = {"START TRANSACTION"}
_OPTION_STOP = {"PARTITION", "AS", "SELECT", "IGNORE", "REPLACE", "WITH", "TABLE", "VALUES", "("}


def _word(token: Token) -> str:
    """A keyword's upper-cased text; quoted names and strings never match a keyword."""
    return "" if token.token_type in _QUOTED else " ".join(token.text.upper().split())


def _source(stmt, first: Token, last: Token) -> str:
    return stmt.text[first.start : last.end + 1]


def _matching_paren(tokens: list[Token], open_index: int) -> int:
    """Index of the bracket closing the one at `open_index` (the last token if unbalanced)."""
    depth = 0
    for i in range(open_index, len(tokens)):
        if tokens[i].token_type in _OPEN:
            depth += 1
        elif tokens[i].token_type in _CLOSE:
            depth -= 1
            if depth == 0:
                return i
    return len(tokens) - 1


def _skip_value(tokens: list[Token], i: int) -> int:
    """Index just past an option's value at `i` (a word, string, number or parenthesized list)."""
    if i >= len(tokens):
        return i
    if tokens[i].token_type in _OPEN:
        return _matching_paren(tokens, i) + 1
    return i + 1


def _read_options(tokens: list[Token], i: int) -> tuple[list[tuple[str, int, int]], int]:
    """Table options from token `i` on: (name, first token index, last token index) each, and the
    index where they stop (PARTITION BY, AS SELECT, a clause that is not an option, the end)."""
    options = []
    while i < len(tokens):
        if tokens[i].token_type == TokenType.COMMA:
            i += 1
            continue
        start = i
        word = _word(tokens[i])
        prefix = ""
        if word == "DEFAULT" and i + 1 < len(tokens):
            prefix, i = "DEFAULT ", i + 1
            word = _word(tokens[i])
        nxt = _word(tokens[i + 1]) if i + 1 < len(tokens) else ""
        if (word, nxt) in _TWO_WORD_OPTIONS:
            name, i = f"{word} {nxt}", i + 2
        elif word in _TABLE_OPTIONS:
            name, i = word, i + 1
        else:
            return options, start
        if name not in _VALUELESS_OPTIONS:
            if i < len(tokens) and tokens[i].token_type == TokenType.EQ:
                i += 1
            i = _skip_value(tokens, i)
        options.append((prefix + name, start, max(start, i - 1)))
    return options, i


def _table_name_end(tokens: list[Token], table_index: int) -> int:
    """Index just past the table name that follows the TABLE keyword at `table_index`."""
    i = table_index + 1
    if [_word(t) for t in tokens[i : i + 2]] == ["IF", "EXISTS"]:
        i += 2
    elif [_word(t) for t in tokens[i : i + 3]] == ["IF", "NOT", "EXISTS"]:
        i += 3
    i += 1  # the name
    while i + 1 < len(tokens) and tokens[i].token_type == TokenType.DOT:
        i += 2
    return i


def _alter_clauses(stmt) -> list[int]:
    """Token indexes where the clauses of a MySQL `ALTER TABLE t a, b, ...` start (depth 0)."""
    tokens = stmt.tokens
    table = next((i for i, t in enumerate(tokens[:4]) if _word(t) == "TABLE"), None)
    if table is None:
        return []
    first = _table_name_end(tokens, table)
    starts, depth = [first], 0
    for i in range(first, len(tokens)):
        kind = tokens[i].token_type
        if kind in _OPEN:
            depth += 1
        elif kind in _CLOSE:
            depth -= 1
        elif kind == TokenType.COMMA and depth == 0 and i + 1 < len(tokens):
            starts.append(i + 1)
    return [s for s in starts if s < len(tokens)]


def _create_table_tail(stmt) -> int | None:
    """Index of the first token after a CREATE TABLE's column list, None when it has none."""
    tokens = stmt.tokens
    table = next((i for i, t in enumerate(tokens[:6]) if _word(t) == "TABLE"), None)
    if table is None:
        return None
    name_end = _table_name_end(tokens, table)
    if name_end >= len(tokens) or tokens[name_end].token_type != TokenType.L_PAREN:
        return None  # CREATE TABLE t LIKE u / CREATE TABLE t SELECT ...
    return _matching_paren(tokens, name_end) + 1


def _column_span(stmt, column: exp.ColumnDef) -> tuple[int, int]:
    """Token indexes [first, end) of a column definition: from its name to the comma or parenthesis
    that ends it."""
    tokens = stmt.tokens
    begin = stmt.node_start(column.this) - stmt.start
    first = next((i for i, t in enumerate(tokens) if t.start >= begin), len(tokens))
    depth = 0
    for i in range(first, len(tokens)):
        kind = tokens[i].token_type
        if kind in _OPEN:
            depth += 1
        elif kind in _CLOSE:
            depth -= 1
            if depth < 0:
                return first, i
        elif kind == TokenType.COMMA and depth == 0:
            return first, i
    return first, len(tokens)


def _column_keyword(stmt, column: exp.ColumnDef, word: str, follows=None) -> Token | None:
    """The first `word` keyword in a column's definition after its name (followed by what `follows`
    accepts, if given)."""
    tokens = stmt.tokens
    first, end = _column_span(stmt, column)
    for i in range(first + 1, end):
        if _word(tokens[i]) == word and (follows is None or (i + 1 < end and follows(tokens, i + 1))):
            return tokens[i]
    return None


def _table_of(tree) -> str:
    target = tree.this if isinstance(tree, exp.Alter) else tree.this.this if isinstance(tree.this, exp.Schema) else None
    return target.sql("postgres") if isinstance(target, exp.Expression) else "<table>"


# --- table options ---------------------------------------------------------------------------------
class MysqlTableOptions(Rule):
    """MySQL table options (`ENGINE=`, `DEFAULT CHARSET=`, `COLLATE=`, `AUTO_INCREMENT=`, ...) are not DSQL syntax.

    **What it does**: flags the table options after a `CREATE TABLE` column list
    (`ENGINE`, `[DEFAULT] CHARSET`/`CHARACTER SET`, `COLLATE`, `ROW_FORMAT`, `COMMENT`,
    `AUTO_INCREMENT`, `KEY_BLOCK_SIZE`, `STATS_PERSISTENT`, ...) and `ALTER TABLE` statements that set
    them, including `ALTER TABLE ... CONVERT TO CHARACTER SET`. The finding points at the first option.

    **Why it matters**: DSQL's `CREATE TABLE` grammar ends at the column list: it has no table
    options, so the statement fails with a syntax error at the first one. DSQL has one storage
    engine, stores text as UTF-8 and sorts with the C collation only, so the options have nothing to
    choose. Two carry meaning worth keeping: `COMMENT='...'` (write `COMMENT ON TABLE`) and
    `AUTO_INCREMENT=N`, the next id, which the identity column must start from (`START WITH N`),
    or new rows collide with loaded ones.

    **Example**
    ```sql
    CREATE TABLE `orders` (
      `id` bigint NOT NULL,
      `note` varchar(200),
      PRIMARY KEY (`id`)
    ) ENGINE=InnoDB AUTO_INCREMENT=1001 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;
    ```

    **Use instead**
    ```sql
    CREATE TABLE `orders` (
      `id` bigint NOT NULL,
      `note` varchar(200),
      PRIMARY KEY (`id`)
    );
    ```
    and start the id's identity at 1001: `GENERATED BY DEFAULT AS IDENTITY (CACHE 65536 START WITH 1001)`.

    **Reference**: DSQL create-table-syntax-support (no table options); dsql-lint's MySQL mode strips
    `ENGINE=`, `DEFAULT CHARSET=`, `COLLATE`, `ROW_FORMAT` and `COMMENT`.
    """

    code = "DSQL680"
    name = "mysql-table-options"
    dialects = MYSQL

    def check(self, stmt, ctx):
        if stmt.kind == "CREATE TABLE":
            tail = _create_table_tail(stmt)
            if tail is None:
                return
            options, _ = _read_options(stmt.tokens, tail)
            if options:
                yield self._violation(stmt, options, "CREATE TABLE")
        elif stmt.kind == "ALTER TABLE":
            tokens = stmt.tokens
            for start in _alter_clauses(stmt):
                words = [_word(t) for t in tokens[start : start + 2]]
                if words == ["CONVERT", "TO"]:
                    yield Violation(
                        (stmt.token_start(tokens[start]), stmt.token_end(tokens[min(start + 3, len(tokens) - 1)])),
                        "ALTER TABLE ... CONVERT TO CHARACTER SET: DSQL has no character sets to convert between; "
                        "it stores all text as UTF-8 with the C collation",
                        "drop the statement (DSQL text is always UTF-8)",
                    )
                    return
                options, _ = _read_options(tokens, start)
                if options:
                    yield self._violation(stmt, options, "ALTER TABLE")
                    return

    def _violation(self, stmt, options, verb):
        tokens = stmt.tokens
        names = ", ".join(dict.fromkeys(name for name, _, _ in options))
        first_name, first, last = options[0]
        suggestions = ["drop the table options (DSQL has one storage engine, UTF-8 text and the C collation)"]
        for name, start, end in options:
            value = tokens[end]
            if name == "AUTO_INCREMENT" and value.token_type == TokenType.NUMBER and value.text not in ("0", "1"):
                suggestions.append(
                    f"start the identity column at {value.text} (GENERATED BY DEFAULT AS IDENTITY "
                    f"(CACHE 65536 START WITH {value.text})), or ALTER TABLE ... ALTER COLUMN id RESTART WITH {value.text}"
                )
            elif name == "COMMENT":
                suggestions.append(f"keep the comment as COMMENT ON TABLE ... IS {_source(stmt, value, value)}")
        plural = "s" if len(options) > 1 else ""
        return Violation(
            (stmt.token_start(tokens[first]), stmt.token_end(tokens[last])),
            f"MySQL table option{plural} {names}: DSQL's {verb} has no table options "
            f"(a syntax error at {tokens[first].text.upper()})",
            "; ".join(suggestions),
        )


class MysqlAlterTableClause(Rule):
    """MySQL's `ALTER TABLE` clauses `ALGORITHM=`, `LOCK=`, `DISABLE KEYS`, `FORCE`, `ORDER BY` are not DSQL syntax.

    **What it does**: flags the online-DDL clauses `ALGORITHM=` and `LOCK=` (on `ALTER TABLE`,
    `CREATE INDEX` and `DROP INDEX`), mysqldump's `ALTER TABLE ... DISABLE KEYS` / `ENABLE KEYS`,
    `ALTER TABLE ... FORCE` / `ORDER BY`, and `ALTER TABLE ... DISCARD | IMPORT TABLESPACE`.

    **Why it matters**: these tune how MySQL rebuilds a table; DSQL's grammar has none of them, so
    the statement fails. DSQL runs schema changes without blocking writers and builds indexes in the
    background (`CREATE INDEX ASYNC`), so there is nothing to ask for.

    **Example**
    ```sql
    ALTER TABLE orders ADD COLUMN note text, ALGORITHM=INPLACE, LOCK=NONE;
    ```

    **Use instead**
    ```sql
    ALTER TABLE orders ADD COLUMN note text;
    ```

    **Reference**: DSQL alter-table-syntax-support.
    """

    code = "DSQL681"
    name = "mysql-alter-table-clause"
    dialects = MYSQL

    def check(self, stmt, ctx):
        if stmt.kind == "ALTER TABLE":
            starts = _alter_clauses(stmt)
        elif stmt.kind in ("CREATE INDEX", "DROP INDEX"):
            starts = [i for i, t in enumerate(stmt.tokens) if _word(t) in ("ALGORITHM", "LOCK")]
        else:
            return
        tokens = stmt.tokens
        for start in starts:
            word = _word(tokens[start])
            nxt = _word(tokens[start + 1]) if start + 1 < len(tokens) else ""
            if word in ("ALGORITHM", "LOCK"):
                end = _skip_value(tokens, start + 2 if nxt == "=" else start + 1) - 1
                yield Violation(
                    (stmt.token_start(tokens[start]), stmt.token_end(tokens[min(end, len(tokens) - 1)])),
                    f"MySQL online-DDL clause {_source(stmt, tokens[start], tokens[min(end, len(tokens) - 1)])}: "
                    "DSQL has no ALGORITHM= or LOCK= (a syntax error there)",
                    "drop it: DSQL changes schemas without blocking writers and builds indexes with CREATE INDEX ASYNC",
                )
            elif word in ("DISCARD", "IMPORT") and nxt == "TABLESPACE":
                yield Violation(
                    (stmt.token_start(tokens[start]), stmt.token_end(tokens[start + 1])),
                    f"ALTER TABLE ... {word} TABLESPACE is InnoDB file management DSQL does not have",
                    "delete the statement: DSQL manages storage itself",
                )
            elif word in ("DISABLE", "ENABLE") and nxt == "KEYS":
                yield Violation(
                    (stmt.token_start(tokens[start]), stmt.token_end(tokens[start + 1])),
                    f"ALTER TABLE ... {word} KEYS is MySQL (MyISAM) syntax DSQL does not have",
                    "drop it; to load data faster, create secondary indexes after the load with CREATE INDEX ASYNC",
                )
            elif word == "FORCE" and (start + 1 == len(tokens) or tokens[start + 1].token_type == TokenType.COMMA):
                yield Violation(tokens[start], "ALTER TABLE ... FORCE (a MySQL table rebuild) is not DSQL syntax",
                                "drop it: DSQL manages storage itself")
            elif word == "ORDER BY" or (word == "ORDER" and nxt == "BY"):
                yield Violation(
                    (stmt.token_start(tokens[start]), stmt.token_end(tokens[start + (word == "ORDER")])),
                    "ALTER TABLE ... ORDER BY (MySQL's physical row order) is not DSQL syntax",
                    "drop it: DSQL stores rows in primary-key order; sort in queries",
                )


# --- columns ---------------------------------------------------------------------------------------
def _on_update_timestamp(tokens, i):
    return _word(tokens[i]) == "UPDATE" and i + 1 < len(tokens) and _word(tokens[i + 1]) not in (
        "CASCADE", "RESTRICT", "SET", "NO",
    )


def _columns_with(stmt, kind) -> list[tuple[exp.ColumnDef, exp.Expression]]:
    found = []
    for column in stmt.find_all(exp.ColumnDef):
        for constraint in column.constraints:
            if isinstance(constraint.args.get("kind"), kind):
                found.append((column, constraint.args["kind"]))
    return found


class MysqlOnUpdateTimestamp(Rule):
    """Column `ON UPDATE CURRENT_TIMESTAMP` has no DSQL equivalent.

    **What it does**: flags MySQL's auto-updating timestamp columns
    (`... DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP`) in `CREATE TABLE` and
    `ALTER TABLE ... ADD/MODIFY/CHANGE COLUMN`.

    **Why it matters**: the clause is MySQL syntax, so DSQL rejects the statement. Dropping it changes
    behaviour: the column still gets its DEFAULT on insert, but nothing refreshes it on update, and
    DSQL has no triggers to do it instead. The application must set the column in every UPDATE.

    **Example**
    ```sql
    CREATE TABLE posts (
      id bigint PRIMARY KEY,
      updated_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP
    );
    ```

    **Use instead**
    ```sql
    CREATE TABLE posts (
      id bigint PRIMARY KEY,
      updated_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP
    );
    ```
    and write `UPDATE posts SET ..., updated_at = CURRENT_TIMESTAMP WHERE ...` in the application.

    **Fix**: changes behaviour: the clause is removed and the application must set the column.

    **Reference**: awslabs/mcp mysql-migrations type-mapping ("auto-update → app layer"); dsql-lint's
    MySQL mode drops it with a warning.
    """

    code = "DSQL682"
    name = "mysql-on-update-timestamp"
    dialects = MYSQL

    def check(self, stmt, ctx):
        tree = stmt.tree
        if not isinstance(tree, (exp.Create, exp.Alter)):
            return
        for column, _ in _columns_with(stmt, exp.OnUpdateColumnConstraint):
            token = _column_keyword(stmt, column, "ON", _on_update_timestamp)
            at = (stmt.token_start(token), stmt.token_end(stmt.tokens[stmt.tokens.index(token) + 2])) if token else column
            yield Violation(
                at,
                f'column "{column.name}" has ON UPDATE CURRENT_TIMESTAMP: MySQL-only syntax, and DSQL has no '
                "triggers to refresh the column on update",
                f'drop ON UPDATE ... and set "{column.name}" = CURRENT_TIMESTAMP in every UPDATE the application runs',
            )


class MysqlColumnComment(Rule):
    """Column `COMMENT '...'` is MySQL syntax.

    **What it does**: flags `COMMENT '...'` in a column definition (`CREATE TABLE`, `ALTER TABLE ...
    ADD/MODIFY/CHANGE COLUMN`).

    **Why it matters**: PostgreSQL, and so DSQL, keeps comments out of the column definition; the
    statement fails with a syntax error at `COMMENT`.

    **Example**
    ```sql
    CREATE TABLE users (id bigint PRIMARY KEY, email varchar(255) COMMENT 'login name');
    ```

    **Use instead**
    ```sql
    CREATE TABLE users (id bigint PRIMARY KEY, email varchar(255));
    ```
    and, if the comment matters, `COMMENT ON COLUMN users.email IS 'login name'` (DSQL's grammar lists
    COMMENT ON for tables, views, indexes and constraints; for columns it is unverified).

    **Reference**: DSQL create-table-syntax-support; dsql-lint's MySQL mode strips column comments.
    """

    code = "DSQL683"
    name = "mysql-column-comment"
    dialects = MYSQL

    def check(self, stmt, ctx):
        tree = stmt.tree
        if not isinstance(tree, (exp.Create, exp.Alter)):
            return
        for column, comment in _columns_with(stmt, exp.CommentColumnConstraint):
            token = _column_keyword(stmt, column, "COMMENT", lambda tokens, i: tokens[i].token_type == TokenType.STRING)
            at = (stmt.token_start(token), stmt.node_end(comment.this)) if token else column
            yield Violation(
                at,
                f'column "{column.name}" has a MySQL COMMENT; DSQL has no comments in column definitions',
                f"drop it, or keep it as COMMENT ON COLUMN {_table_of(tree)}.{column.this.sql('postgres')} "
                f"IS {comment.this.sql()} "
                "(unverified on DSQL)",
            )


class MysqlVirtualGeneratedColumn(Rule):
    """VIRTUAL generated columns are rejected: DSQL has only STORED ones.

    **What it does**: flags MySQL generated columns that are VIRTUAL, written out
    (`AS (expr) VIRTUAL`) or by default (`[GENERATED ALWAYS] AS (expr)` without `STORED`), in
    `CREATE TABLE`.

    **Why it matters**: DSQL's grammar has `GENERATED ALWAYS AS ( expr ) STORED` only, and MySQL's
    default is VIRTUAL, so a plain `AS (expr)` fails too. A STORED column computes the same values and
    takes storage; its expression must be IMMUTABLE (`42P17 generation expression is not immutable`),
    and MySQL functions in it may need rewriting.

    **Example**
    ```sql
    CREATE TABLE items (
      price decimal(10,2),
      qty int,
      total decimal(12,2) AS (price * qty)
    );
    ```

    **Use instead**
    ```sql
    CREATE TABLE items (
      price decimal(10,2),
      qty int,
      total decimal(12,2) GENERATED ALWAYS AS (price * qty) STORED
    );
    ```

    **Fix**: safe for deterministic expressions: the column becomes STORED with the same values.

    **Reference**: DSQL create-table-syntax-support (`GENERATED ALWAYS AS ( generation_expr ) STORED`).
    Not reported on `ALTER TABLE ... ADD COLUMN`, where DSQL rejects any generated column.
    """

    code = "DSQL684"
    name = "mysql-virtual-generated-column"
    dialects = MYSQL

    def check(self, stmt, ctx):
        tree = stmt.tree
        if stmt.kind != "CREATE TABLE" or not isinstance(tree, exp.Create):
            return
        for column in stmt.find_all(exp.ColumnDef):
            for constraint in column.constraints:
                kind = constraint.args.get("kind")
                virtual = (isinstance(kind, exp.ComputedColumnConstraint) and not kind.args.get("persisted")) or (
                    isinstance(kind, exp.GeneratedAsIdentityColumnConstraint) and kind.args.get("expression") is not None
                )
                if not virtual:
                    continue
                explicit = _column_keyword(stmt, column, "VIRTUAL")
                at = explicit or _column_keyword(stmt, column, "GENERATED") or _column_keyword(stmt, column, "AS") or column
                how = "VIRTUAL" if explicit else "VIRTUAL (MySQL's default without STORED)"
                yield Violation(
                    at,
                    f'generated column "{column.name}" is {how}; DSQL has only STORED generated columns',
                    f'declare "{column.name}" GENERATED ALWAYS AS (...) STORED, with an IMMUTABLE expression',
                )


# --- session and dump statements --------------------------------------------------------------------
_SET_SCOPES = {"GLOBAL", "SESSION", "LOCAL", "PERSIST", "PERSIST_ONLY", "@@GLOBAL", "@@SESSION"}


def _is_set_transaction(words: list[str]) -> bool:
    """`SET [GLOBAL|SESSION|LOCAL] TRANSACTION ...`: judged by the transactions family."""
    rest = words[1:3]
    return bool(rest) and (rest[0] == "TRANSACTION" or (rest[0] in _SET_SCOPES and rest[1:] == ["TRANSACTION"]))


def _set_item_names(tree: exp.Expression | None) -> list[str]:
    names = []
    if not isinstance(tree, exp.Set):
        return names
    for item in tree.expressions:
        kind = (item.args.get("kind") or "").upper()
        target = item.this.this if isinstance(item.this, exp.EQ) else None
        if kind in ("NAMES", "CHARACTER SET"):  # sqlglot also reads a bare `SET NAMES`, without a value
            names.append(f"{kind} {item.this.sql('mysql')}" if item.this is not None else kind)
        elif isinstance(target, exp.Parameter):
            names.append(f"@{target.name}")
        elif isinstance(target, exp.SessionParameter):
            names.append(f"@@{target.name}")
        elif target is not None:
            names.append(target.sql("mysql"))
    return names


class MysqlSessionStatement(Rule):
    """MySQL session statements (`SET NAMES`, `SET FOREIGN_KEY_CHECKS=0`, `SET @x=...`, `SET sql_mode`) fail in DSQL.

    **What it does**: flags `SET` statements that assign MySQL system or user variables:
    mysqldump's header and footer (`SET NAMES utf8mb4`, `SET @OLD_...=@@...`, `SET FOREIGN_KEY_CHECKS=0`,
    `SET UNIQUE_CHECKS=0`, `SET SQL_MODE=...`, `SET TIME_ZONE=...`, `SET character_set_client=...`)
    and scripts' `SET autocommit=0`, `SET default_storage_engine=...`. `SET [SESSION] TRANSACTION` is
    judged by `set-transaction`.

    **Why it matters**: DSQL speaks PostgreSQL: `@variables` are a syntax error and MySQL's variable
    names are unknown configuration parameters, so each statement fails. None of them is needed:
    DSQL text is UTF-8, has no SQL modes, and cannot switch foreign-key checks off.
    `SET FOREIGN_KEY_CHECKS=0` usually hides load order: create (and load) referenced tables first,
    or add the foreign keys afterwards with `NOT VALID`.

    **Example**
    ```sql
    SET NAMES utf8mb4;
    SET FOREIGN_KEY_CHECKS = 0;
    ```

    **Use instead**: nothing; delete the statements. A quoted `SET NAMES 'UTF8'` is valid
    PostgreSQL (the client encoding) and is not reported.
    ```sql
    SET NAMES 'UTF8';
    ```

    **Reference**: dsql-lint's MySQL mode drops session `SET` statements as noise.
    """

    code = "DSQL685"
    name = "mysql-session-statement"
    dialects = MYSQL

    def check(self, stmt, ctx):
        if stmt.kind != "SET" or not stmt.tokens:
            return
        words = [_word(t) for t in stmt.tokens[:4]]
        if _is_set_transaction(words) or words[1:2] == ["ROLE"] or words[1:2] == ["SEARCH_PATH"]:
            return  # SET TRANSACTION is set-transaction's; SET ROLE and SET search_path are PostgreSQL too
        if words[1:2] == ["NAMES"] and len(stmt.tokens) == 3 and stmt.tokens[2].token_type == TokenType.STRING:
            if stmt.tokens[2].text.lower().replace("-", "") in ("utf8", "unicode"):
                return  # PostgreSQL's SET NAMES sets client_encoding: harmless on UTF-8-only DSQL
        names = _set_item_names(stmt.tree) or [" ".join(w for w in words[1:3] if w)]
        tokens = stmt.tokens
        eq = next((i for i, t in enumerate(tokens) if t.token_type in (TokenType.EQ, TokenType.COLON_EQ)), len(tokens))
        last = tokens[max(0, min(eq, 4) - 1)] if eq < len(tokens) else tokens[min(2, len(tokens) - 1)]
        what = ", ".join(dict.fromkeys(names))
        yield Violation(
            (stmt.token_start(tokens[0]), stmt.token_end(last)),
            f"SET {what}: MySQL session setting{'s' if len(names) > 1 else ''} DSQL does not have "
            "(PostgreSQL has no @variables or MySQL system variables)",
            _session_suggestion(what.upper()),
        )


def _session_suggestion(what: str) -> str:
    if "FOREIGN_KEY_CHECKS" in what:
        return ("delete it; DSQL cannot turn foreign-key checks off: create referenced tables first, "
                "or add the keys afterwards with ALTER TABLE ... ADD FOREIGN KEY ... NOT VALID")
    if "TIME_ZONE" in what:
        return "delete it, or use PostgreSQL's SET TIME ZONE '+00:00'"
    if "NAMES" in what or "CHARACTER" in what:
        return "delete it: DSQL text is always UTF-8"
    return "delete the statement: it only configures the MySQL session"


class MysqlUseDatabase(Rule):
    """`USE db` is MySQL: DSQL has one database and switches schemas with `search_path`.

    **What it does**: flags `USE <database>`.

    **Why it matters**: `USE` is not a PostgreSQL statement, and a DSQL cluster has a single database
    (`postgres`). A MySQL database corresponds to a DSQL schema: without `USE`, the tables that follow
    land in whatever schema the session's `search_path` names (normally `public`).

    **Example**
    ```sql
    USE shop;
    ```

    **Use instead**
    ```sql
    CREATE SCHEMA shop;
    SET search_path TO shop;
    ```
    or qualify the table names (`shop.orders`).

    **Reference**: DSQL unsupported features ("more than one database per cluster").
    """

    code = "DSQL686"
    name = "mysql-use-database"
    dialects = MYSQL

    def check(self, stmt, ctx):
        if stmt.kind != "USE":
            return
        tree = stmt.tree
        name = tree.this.sql("postgres") if isinstance(tree, exp.Use) and tree.this else "<schema>"
        yield Violation(
            (stmt.token_start(stmt.tokens[0]), stmt.token_end(stmt.tokens[-1])),
            f"USE {name}: MySQL syntax; a DSQL cluster has one database, and MySQL databases map to schemas",
            f"CREATE SCHEMA {name} and SET search_path TO {name}, or qualify table names ({name}.orders)",
        )


class MysqlDatabase(Rule):
    """MySQL `CREATE/ALTER/DROP DATABASE` and character-set options on schemas are rejected.

    **What it does**: flags `CREATE DATABASE`, `ALTER DATABASE`/`ALTER SCHEMA`, `DROP DATABASE`, and
    `CREATE SCHEMA` with MySQL options (`DEFAULT CHARACTER SET`, `COLLATE`, `ENCRYPTION`).

    **Why it matters**: in MySQL a database is a schema. DSQL has exactly one database per cluster
    and rejects `CREATE DATABASE` (`0A000 unsupported statement: Createdb`); it cannot drop or alter
    databases either. Schemas exist (at most 10) but have no character set: DSQL text is always
    UTF-8 with the C collation. A plain `CREATE SCHEMA name` is accepted.

    **Example**
    ```sql
    CREATE DATABASE IF NOT EXISTS shop DEFAULT CHARACTER SET utf8mb4;
    ```

    **Use instead**
    ```sql
    CREATE SCHEMA IF NOT EXISTS shop;
    ```

    **Reference**: DSQL unsupported features ("CREATE DATABASE"); CHAP_quotas (1 database, 10 schemas).
    """

    code = "DSQL687"
    name = "mysql-database"
    dialects = MYSQL

    def check(self, stmt, ctx):
        kind = stmt.kind
        if kind not in ("CREATE DATABASE", "DROP DATABASE", "ALTER DATABASE", "ALTER SCHEMA", "CREATE SCHEMA"):
            return
        tokens = stmt.tokens
        verb = tokens[0]
        object_token = stmt.find_words(kind.split()[1]) or verb
        anchor = (stmt.token_start(verb), stmt.token_end(object_token))
        if kind == "CREATE DATABASE":
            yield Violation(
                anchor,
                "CREATE DATABASE: a DSQL cluster has one database and rejects it (`unsupported statement: Createdb`)",
                "create a schema instead (CREATE SCHEMA name): a MySQL database is a schema",
            )
        elif kind == "DROP DATABASE":
            yield Violation(anchor, "DROP DATABASE: DSQL cannot drop its database",
                            "drop the schema instead (DROP SCHEMA name CASCADE), or delete the statement")
        elif kind in ("ALTER DATABASE", "ALTER SCHEMA"):
            if kind == "ALTER SCHEMA" and (stmt.find_words("RENAME") or stmt.find_words("OWNER")):
                return  # PostgreSQL forms
            yield Violation(anchor, f"{kind} with MySQL options: DSQL has no per-database or per-schema "
                            "character set, collation or encryption settings",
                            "delete the statement: DSQL text is always UTF-8 with the C collation")
        else:
            options = [i for i, t in enumerate(tokens) if _word(t) in ("CHARACTER", "CHARSET", "COLLATE", "ENCRYPTION")]
            if options:
                first = options[0] - 1 if _word(tokens[options[0] - 1]) == "DEFAULT" else options[0]
                yield Violation(
                    (stmt.token_start(tokens[first]), stmt.token_end(tokens[-1])),
                    "CREATE SCHEMA with MySQL character-set options: DSQL schemas have none",
                    "drop the options: CREATE SCHEMA name (DSQL text is always UTF-8 with the C collation)",
                )


_PROGRAM_KINDS = {
    "CREATE TRIGGER": ("TRIGGER", "DSQL has no triggers (CREATE TRIGGER is unsupported)",
                       "move the trigger's logic into the application (or the statements that write the table)"),
    "CREATE PROCEDURE": ("PROCEDURE", "DSQL has no stored procedures (`PROCEDURE is not supported`)",
                         "move the procedure into the application"),
    "CREATE FUNCTION": ("FUNCTION", "a MySQL stored function; DSQL accepts only LANGUAGE sql functions "
                        "in PostgreSQL syntax",
                        "rewrite it as CREATE FUNCTION ... LANGUAGE sql AS $$ ... $$ if it is a single query, "
                        "or move it into the application"),
    "CREATE EVENT": ("EVENT", "DSQL has no event scheduler", "run the job from an external scheduler"),
    "ALTER EVENT": ("EVENT", "DSQL has no event scheduler", "delete the statement"),
    "DROP EVENT": ("EVENT", "DSQL has no event scheduler", "delete the statement"),
}


class MysqlStoredProgram(Rule):
    """MySQL triggers, stored procedures, stored functions and events cannot be created in DSQL.

    **What it does**: flags `CREATE [DEFINER=...] TRIGGER | PROCEDURE | FUNCTION | EVENT` (usually in
    `DELIMITER` blocks), and `ALTER/DROP EVENT`.

    **Why it matters**: DSQL has no triggers and no procedures (`0A000 PROCEDURE is not supported`),
    no event scheduler, and functions only in `LANGUAGE sql` with PostgreSQL syntax; MySQL's compound
    statements (`BEGIN ... END`, `DECLARE`, handlers, cursors) have no equivalent.

    **Example**
    ```sql
    CREATE TRIGGER orders_touch BEFORE UPDATE ON orders
    FOR EACH ROW SET NEW.updated_at = NOW();
    ```

    **Use instead**: do the work in the application, e.g. set `updated_at` in the UPDATE itself. A
    function that is one query can become a SQL function:
    ```sql
    CREATE FUNCTION order_total(p_id bigint) RETURNS numeric
    LANGUAGE sql AS $$ SELECT sum(price * qty) FROM order_lines WHERE order_id = p_id $$;
    ```

    **Reference**: DSQL unsupported features (triggers, procedures, functions in languages other
    than SQL); awslabs/mcp mysql-migrations ("TRIGGERS / PROCEDURES / FUNCTIONS → app-layer").
    """

    code = "DSQL688"
    name = "mysql-stored-program"
    dialects = MYSQL
    command_kinds = frozenset(_PROGRAM_KINDS)

    def check(self, stmt, ctx):
        entry = _PROGRAM_KINDS.get(stmt.kind)
        if entry is None or not stmt.tokens:
            return
        word, why, suggestion = entry
        token = stmt.find_words(word) or stmt.tokens[0]
        name = _name_after(stmt, token)
        yield Violation(token, f"{stmt.kind} {name}: {why}".replace(" :", ":"), suggestion)


def _name_after(stmt, token: Token) -> str:
    tokens = stmt.tokens
    i = tokens.index(token) + 1
    while i < len(tokens) and _word(tokens[i]) in ("IF", "NOT", "EXISTS"):
        i += 1
    if i >= len(tokens):
        return ""
    end = i
    while end + 2 < len(tokens) and tokens[end + 1].token_type == TokenType.DOT:
        end += 2
    return "".join(t.text for t in tokens[i : end + 1])


class MysqlViewClauses(Rule):
    """MySQL view clauses `ALGORITHM=`, `DEFINER=` and `SQL SECURITY` are rejected.

    **What it does**: flags `CREATE [OR REPLACE] [ALGORITHM=...] [DEFINER=...] [SQL SECURITY ...] VIEW`,
    the form mysqldump writes for every view.

    **Why it matters**: DSQL supports `CREATE [OR REPLACE] VIEW name AS select`, but none of MySQL's
    clauses between CREATE and VIEW, so the statement fails. A PostgreSQL view is checked with its
    owner's privileges, like MySQL's default `SQL SECURITY DEFINER`. The query itself may still need
    MySQL functions rewritten.

    **Example**
    ```sql
    CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY DEFINER
    VIEW `active_users` AS SELECT `id`, `email` FROM `users` WHERE `active` = 1;
    ```

    **Use instead**
    ```sql
    CREATE VIEW `active_users` AS SELECT `id`, `email` FROM `users` WHERE `active` = 1;
    ```

    **Reference**: DSQL create-view (live grammar: `CREATE [OR REPLACE] [RECURSIVE] VIEW name [(cols)] AS select`).
    """

    code = "DSQL689"
    name = "mysql-view-clauses"
    dialects = MYSQL
    command_kinds = frozenset({"CREATE VIEW"})

    def check(self, stmt, ctx):
        if stmt.kind != "CREATE VIEW" or not stmt.tokens:
            return
        tokens = stmt.tokens
        view = next((i for i, t in enumerate(tokens) if _word(t) == "VIEW"), len(tokens))
        clauses = [
            i for i in range(1, view)
            if (_word(tokens[i]) in ("ALGORITHM", "DEFINER") and tokens[i + 1].token_type == TokenType.EQ)
            or _word(tokens[i]) == "SQL SECURITY"
            or (_word(tokens[i]) == "SECURITY" and _word(tokens[i - 1]) == "SQL")
        ]
        if clauses:
            first = clauses[0] - 1 if _word(tokens[clauses[0]]) == "SECURITY" else clauses[0]
            names = list(dict.fromkeys(("SQL SECURITY" if "SECURITY" in _word(tokens[i]) else _word(tokens[i])) for i in clauses))
            yield Violation(
                (stmt.token_start(tokens[first]), stmt.token_end(tokens[view - 1])),
                f"CREATE VIEW with MySQL clause{'s' if len(names) > 1 else ''} {', '.join(names)}: DSQL's CREATE VIEW "
                "has none of them",
                "write CREATE [OR REPLACE] VIEW name AS select; the view runs with its owner's privileges",
            )
        elif stmt.opaque:
            yield Violation(
                tokens[0],
                "CREATE VIEW could not be parsed; dsqllint checked it only for MySQL view clauses",
                "check the view's query against DSQL (PostgreSQL) syntax by hand",
                severity=Severity.INFO,
            )


class MysqlLockTables(Rule):
    """`LOCK TABLES` / `UNLOCK TABLES` are MySQL statements DSQL does not have.

    **What it does**: flags `LOCK TABLE[S] ... READ|WRITE` and `UNLOCK TABLES`, which mysqldump puts
    around every table's data.

    **Why it matters**: DSQL uses optimistic concurrency and has no table locks (PostgreSQL's `LOCK
    TABLE` is rejected too); MySQL's statements are a syntax error there. Loading data needs no lock.

    **Example**
    ```sql
    LOCK TABLES `orders` WRITE;
    INSERT INTO `orders` VALUES (1, 'first');
    UNLOCK TABLES;
    ```

    **Use instead**
    ```sql
    INSERT INTO `orders` VALUES (1, 'first');
    ```

    **Reference**: dsql-lint's MySQL mode drops `LOCK TABLES` as noise; DSQL unsupported commands (LOCK TABLE).
    """

    code = "DSQL690"
    name = "mysql-lock-tables"
    dialects = MYSQL
    command_kinds = frozenset({"LOCK TABLES", "UNLOCK TABLES"})

    def check(self, stmt, ctx):
        words = stmt.words[:2]
        if stmt.kind in ("LOCK TABLES", "UNLOCK TABLES") or (stmt.kind in ("LOCK", "UNLOCK") and words[1:] in (["TABLE"], ["TABLES"])):
            first = stmt.tokens[0]
            last = stmt.tokens[1] if stmt.kind in ("LOCK", "UNLOCK") else first
            yield Violation(
                (stmt.token_start(first), stmt.token_end(last)),
                f"{' '.join(stmt.words[:2]) if stmt.kind in ('LOCK', 'UNLOCK') else stmt.kind}: MySQL table locks; "
                "DSQL has no table locks (it uses optimistic concurrency)",
                "delete the statement; DSQL needs no lock to load data",
            )


class MysqlRenameTable(Rule):
    """MySQL `RENAME TABLE a TO b` is written `ALTER TABLE a RENAME TO b` in DSQL.

    **What it does**: flags `RENAME TABLE`.

    **Why it matters**: `RENAME TABLE` is not a PostgreSQL statement. DSQL renames tables with
    `ALTER TABLE ... RENAME TO`, one table per statement (and one DDL statement per transaction).

    **Example**
    ```sql
    RENAME TABLE orders TO orders_old, orders_new TO orders;
    ```

    **Use instead**
    ```sql
    ALTER TABLE orders RENAME TO orders_old;
    ALTER TABLE orders_new RENAME TO orders;
    ```

    **Reference**: DSQL alter-table-syntax-support (`ALTER TABLE [ IF EXISTS ] name RENAME TO new_name`).
    """

    code = "DSQL691"
    name = "mysql-rename-table"
    dialects = MYSQL
    command_kinds = frozenset({"RENAME"})

    def check(self, stmt, ctx):
        if stmt.kind != "RENAME":
            return
        tokens = stmt.tokens
        last = tokens[1] if len(tokens) > 1 else tokens[0]
        pairs = sum(1 for t in tokens if _word(t) == "TO")
        yield Violation(
            (stmt.token_start(tokens[0]), stmt.token_end(last)),
            "RENAME TABLE is MySQL syntax; DSQL renames with ALTER TABLE ... RENAME TO",
            "write ALTER TABLE old_name RENAME TO new_name"
            + (f", one statement for each of the {pairs} renames" if pairs > 1 else ""),
        )


_ADMIN = {
    "FLUSH": "FLUSH (MySQL server caches and logs)",
    "OPTIMIZE": "OPTIMIZE TABLE",
    "REPAIR": "REPAIR TABLE",
    "CHECKSUM": "CHECKSUM TABLE",
    "ANALYZE": "ANALYZE TABLE",
}


class MysqlAdminStatement(Rule):
    """MySQL maintenance statements (`FLUSH`, `OPTIMIZE TABLE`, `REPAIR TABLE`, `ANALYZE TABLE`) do not exist in DSQL.

    **What it does**: flags `FLUSH ...`, `OPTIMIZE TABLE`, `REPAIR TABLE`, `CHECKSUM TABLE` and
    MySQL's `ANALYZE TABLE` in MySQL scripts.

    **Why it matters**: they are MySQL server administration; DSQL has no such statements (and no
    `VACUUM`: it maintains storage and statistics itself), so they fail.

    **Example**
    ```sql
    FLUSH PRIVILEGES;
    ```

    **Use instead**: nothing; delete the statement.

    **Reference**: DSQL unsupported commands (VACUUM: "DSQL maintains statistics and storage itself").
    """

    code = "DSQL692"
    name = "mysql-admin-statement"
    dialects = MYSQL
    command_kinds = frozenset({"FLUSH", "OPTIMIZE", "REPAIR", "CHECKSUM"})

    def check(self, stmt, ctx):
        what = _ADMIN.get(stmt.kind)
        if what is None or not stmt.tokens:
            return
        if stmt.kind == "ANALYZE" and stmt.text.upper().split()[1:2] not in (["TABLE"], ["NO_WRITE_TO_BINLOG"], ["LOCAL"]):
            return  # PostgreSQL's ANALYZE [table]
        yield Violation(
            stmt.tokens[0],
            f"{what}: MySQL server administration DSQL does not have",
            "delete the statement: DSQL maintains storage and statistics itself",
        )


class MysqlDmlSyntax(Rule):
    """MySQL-only DML: `INSERT ... ON DUPLICATE KEY UPDATE`, `REPLACE`, `INSERT IGNORE`, `INSERT ... SET`.

    **What it does**: flags data statements in MySQL syntax that PostgreSQL lacks: `ON DUPLICATE KEY
    UPDATE`, `REPLACE [INTO]`, `INSERT IGNORE`, `INSERT ... SET col = value`, and the
    `LOW_PRIORITY`/`DELAYED`/`HIGH_PRIORITY` modifiers.

    **Why it matters**: seed data in a MySQL schema file often uses them; DSQL rejects them as syntax
    errors. PostgreSQL spells the upsert `INSERT ... ON CONFLICT (key) DO UPDATE SET col = EXCLUDED.col`
    and the ignore `ON CONFLICT DO NOTHING`. `REPLACE` deletes the old row before inserting, so the
    upsert is not exactly the same: columns the new row leaves out keep their old values instead of
    getting defaults. Note also that a transaction may change at most 3,000 rows in DSQL.

    **Example**
    ```sql
    INSERT INTO settings (name, value) VALUES ('theme', 'dark')
    ON DUPLICATE KEY UPDATE value = VALUES(value);
    ```

    **Use instead**
    ```sql
    INSERT INTO settings (name, value) VALUES ('theme', 'dark')
    ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value;
    ```

    **Reference**: dsql-lint's MySQL mode reports INSERT/UPDATE/DELETE as unfixable.
    """

    code = "DSQL693"
    name = "mysql-dml-syntax"
    dialects = MYSQL
    command_kinds = frozenset({"REPLACE"})

    def check(self, stmt, ctx):
        kind = stmt.kind
        if kind == "REPLACE":
            yield Violation(
                stmt.tokens[0],
                "REPLACE is MySQL syntax DSQL does not have (it deletes the old row and inserts the new one)",
                "write INSERT ... ON CONFLICT (key) DO UPDATE SET col = EXCLUDED.col",
            )
            return
        if kind != "INSERT" or not stmt.tokens:
            return
        tokens = stmt.tokens
        modifier = next((t for t in tokens[1:3] if _word(t) in ("LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY")), None)
        if modifier is not None:
            yield Violation(modifier, f"INSERT {modifier.text.upper()} is a MySQL modifier DSQL does not have",
                            f"drop {modifier.text.upper()}")
        ignore = next((t for t in tokens[1:3] if _word(t) == "IGNORE"), None)
        if ignore is not None:
            yield Violation(
                (stmt.token_start(tokens[0]), stmt.token_end(ignore)),
                "INSERT IGNORE is MySQL syntax DSQL does not have",
                "write INSERT ... ON CONFLICT DO NOTHING (which skips only duplicate keys, not other errors)",
            )
        duplicate = stmt.find_words("ON", "DUPLICATE", "KEY", "UPDATE")
        if duplicate is not None:
            i = tokens.index(duplicate)
            yield Violation(
                (stmt.token_start(duplicate), stmt.token_end(tokens[i + 3])),
                "ON DUPLICATE KEY UPDATE is MySQL syntax DSQL does not have",
                "write ON CONFLICT (key columns) DO UPDATE SET col = EXCLUDED.col",
            )
        set_token = _insert_set(tokens)
        if set_token is not None:
            yield Violation(set_token, "INSERT ... SET col = value is MySQL syntax DSQL does not have",
                            "write INSERT INTO t (col, ...) VALUES (value, ...)")


def _insert_set(tokens: list[Token]) -> Token | None:
    """The SET of `INSERT INTO t SET a = 1` (before any VALUES, SELECT or ON DUPLICATE KEY)."""
    depth = 0
    for t in tokens[1:]:
        if t.token_type in _OPEN:
            depth += 1
        elif t.token_type in _CLOSE:
            depth -= 1
        elif depth == 0:
            word = _word(t)
            if word in ("VALUES", "VALUE", "SELECT", "ON", "WITH", "TABLE"):
                return None
            if word == "SET":
                return t
    return None


class MysqlPartitioning(Rule):
    """MySQL partitioning (`PARTITION BY`, `ADD/DROP PARTITION`, `REMOVE PARTITIONING`) is rejected.

    **What it does**: flags `PARTITION BY RANGE|LIST|HASH|KEY ...` on MySQL `CREATE TABLE` and
    `ALTER TABLE`, and the partition-maintenance clauses of `ALTER TABLE`.

    **Why it matters**: DSQL has no partitioned tables (`PARTITION BY` is not in its `CREATE TABLE`
    grammar); it distributes and scales storage automatically. Partition pruning and dropping a
    partition to delete old rows are gone: delete old rows in batches (at most 3,000 rows per
    transaction).

    **Example**
    ```sql
    ALTER TABLE salaries PARTITION BY RANGE COLUMNS (from_date) (
      PARTITION p01 VALUES LESS THAN ('1990-01-01'),
      PARTITION p02 VALUES LESS THAN MAXVALUE
    );
    ```

    **Use instead**: no partitioning clause; index the column the partitions were on if queries filter by it.
    ```sql
    CREATE INDEX ASYNC salaries_from_date_idx ON salaries (from_date);
    ```

    **Reference**: DSQL unsupported features ("Partitions"); dsql-lint `partition_by`.
    """

    code = "DSQL694"
    name = "mysql-partitioning"
    dialects = MYSQL

    def check(self, stmt, ctx):
        if stmt.kind == "CREATE TABLE":
            start = _create_table_tail(stmt)
            if start is None:
                return
        elif stmt.kind == "ALTER TABLE":
            clauses = _alter_clauses(stmt)
            if not clauses:
                return
            start = clauses[0]
        else:
            return
        tokens = stmt.tokens
        depth = 0
        for i in range(start, len(tokens)):
            kind = tokens[i].token_type
            if kind in _OPEN:
                depth += 1
            elif kind in _CLOSE:
                depth -= 1
            elif depth == 0 and _word(tokens[i]) in ("PARTITION", "PARTITION BY", "PARTITIONING", "PARTITIONS"):
                first = tokens[i - 1] if i > start and _word(tokens[i - 1]) in ("REMOVE", "ADD", "DROP", "TRUNCATE",
                                                                                "COALESCE", "REORGANIZE", "EXCHANGE",
                                                                                "REBUILD", "DISCARD", "IMPORT") else tokens[i]
                last = tokens[i + 1] if i + 1 < len(tokens) and _word(tokens[i + 1]) == "BY" else tokens[i]
                yield Violation(
                    (stmt.token_start(first), stmt.token_end(last)),
                    f"{_source(stmt, first, last).upper()}: DSQL has no partitioned tables",
                    "drop the partitioning: DSQL distributes storage itself; index the partition column if queries "
                    "filter on it, and delete old rows in batches instead of dropping partitions",
                )
                return

