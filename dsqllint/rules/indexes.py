"""Indexes: DSQL builds every index asynchronously, as a plain btree over at most 8 key columns,
with at most 24 indexes per table, and only through `CREATE [UNIQUE] INDEX ASYNC`."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlglot import exp
from sqlglot.tokens import Token, TokenType

from dsqllint.catalog import Key, name_key
from dsqllint.dialect import index_is_async
from dsqllint.findings import Severity
from dsqllint.functions import lookup_function
from dsqllint.rules.base import Rule, Violation, per_statement

MAX_KEY_COLUMNS = 8  # CHAP_quotas: columns per primary key or secondary index
MAX_INDEXES = 24  # CHAP_quotas: indexes per table, counting the primary key and unique constraints


class IndexNotAsync(Rule):
    """`CREATE INDEX` must be `CREATE INDEX ASYNC`.

    **What it does**: flags `CREATE [UNIQUE] INDEX` without `ASYNC`, including `CONCURRENTLY`.

    **Why it matters**: DSQL builds every index in the background and accepts only the `ASYNC`
    form: `0A000 unsupported mode. please use CREATE INDEX ASYNC.`, or
    `0A000 CONCURRENTLY not supported for CREATE INDEX`. The statement returns a job id at once;
    wait for it with `CALL sys.wait_for_job('<job_id>')` before relying on the index.

    **Example**
    ```sql
    CREATE INDEX orders_customer_idx ON orders (customer_id);
    ```

    **Use instead**
    ```sql
    CREATE INDEX ASYNC orders_customer_idx ON orders (customer_id);
    ```

    **Fix**: inserts `ASYNC` (replacing `CONCURRENTLY`). The index is usable once its job finishes.
    """

    code = "DSQL401"
    name = "index-not-async"

    command_kinds = frozenset({"CREATE INDEX"})

    def check(self, stmt, ctx):
        tree = stmt.tree
        if stmt.kind != "CREATE INDEX":
            return
        if isinstance(tree, exp.Create) and not stmt.opaque:
            if index_is_async(tree) or _named_async(tree):
                return
            concurrently = bool(tree.args.get("concurrently"))
        else:  # opaque (e.g. MySQL `... USING BTREE`): judge by keywords
            if stmt.find_words("ASYNC") is not None:
                return
            concurrently = stmt.find_words("CONCURRENTLY") is not None
        index_token = stmt.find_words("INDEX")
        if concurrently:
            at = stmt.find_words("CONCURRENTLY")
            message = "CREATE INDEX CONCURRENTLY: DSQL builds indexes only with ASYNC (`CONCURRENTLY not supported for CREATE INDEX`)"
            suggestion = "replace CONCURRENTLY with ASYNC"
        else:
            at = index_token
            message = "CREATE INDEX without ASYNC: DSQL rejects synchronous index builds (`unsupported mode. please use CREATE INDEX ASYNC.`)"
            suggestion = "write CREATE INDEX ASYNC; wait for the returned job with CALL sys.wait_for_job(job_id)"
        yield Violation(at, message, suggestion)


def _named_async(create: exp.Create) -> bool:
    """DSQL's nameless `CREATE INDEX ASYNC ON t (a)` reads like an index named async."""
    name = create.this.this if isinstance(create.this, exp.Index) else None
    return isinstance(name, exp.Identifier) and not name.quoted and name.name.lower() == "async"


# --- what a statement declares: keys and index key parts -------------------------------------------


@dataclass
class KeyDecl:
    """A primary key, unique constraint or index one statement declares, with its key parts as
    written (Ordered, Opclass, Column, Identifier, MySQL ColumnPrefix, expressions)."""

    kind: str  # "index", "unique index", "primary key", "unique", "key", "fulltext", "spatial"
    node: exp.Expression  # the clause, for positions
    parts: list[exp.Expression]
    name: str = ""


def create_index(stmt) -> exp.Create | None:
    """The parsed CREATE INDEX, or None (another statement, or one sqlglot left opaque)."""
    tree = stmt.tree
    if stmt.kind == "CREATE INDEX" and isinstance(tree, exp.Create) and isinstance(tree.this, exp.Index):
        return tree
    return None


@per_statement
def declared_keys(stmt) -> list[KeyDecl]:
    """Keys of a CREATE INDEX, CREATE TABLE or ALTER TABLE ... ADD, in the catalog's order."""
    tree = stmt.tree
    create = create_index(stmt)
    if create is not None:
        params = create.this.args.get("params")
        parts = list(params.args.get("columns") or []) if params is not None else []
        kind = "unique index" if create.args.get("unique") else "index"
        return [KeyDecl(kind, create, parts, name_key(create.this.this))]
    keys: list[KeyDecl] = []
    if isinstance(tree, exp.Create) and isinstance(tree.this, exp.Schema) and (tree.args.get("kind") or "").upper() == "TABLE":
        for item in tree.this.expressions:
            if isinstance(item, exp.ColumnDef):
                for constraint in item.constraints:
                    kind = constraint.args.get("kind")
                    if isinstance(kind, exp.PrimaryKeyColumnConstraint):
                        keys.append(KeyDecl("primary key", constraint, [item.this]))
                    elif isinstance(kind, exp.UniqueColumnConstraint):
                        keys.append(KeyDecl("unique", constraint, [item.this]))
            else:
                key = _table_key(item)
                if key is not None:
                    keys.append(key)
    elif isinstance(tree, exp.Alter) and (tree.args.get("kind") or "").upper() == "TABLE":
        for action in tree.args.get("actions") or []:
            if isinstance(action, exp.AddConstraint):
                for item in action.expressions:
                    key = _table_key(item)
                    if key is not None:
                        keys.append(key)
    return keys


def _table_key(item: exp.Expression) -> KeyDecl | None:
    """A table-level PRIMARY KEY / UNIQUE / MySQL KEY clause (as catalog.table_key reads it)."""
    name = ""
    if isinstance(item, exp.Constraint):
        name = name_key(item.this)
        item = item.expressions[0] if item.expressions else item
    if isinstance(item, exp.PrimaryKey):
        return KeyDecl("primary key", item, list(item.expressions), name or name_key(item.this))
    if isinstance(item, exp.UniqueColumnConstraint):
        schema = item.this
        parts = list(schema.expressions) if isinstance(schema, exp.Schema) else []
        if isinstance(schema, exp.Schema) and schema.this is not None:
            name = name or name_key(schema.this)
        return KeyDecl("unique", item, parts, name)
    if isinstance(item, exp.IndexColumnConstraint):
        kind = str(item.args.get("kind") or "key").lower()
        return KeyDecl(kind, item, list(item.expressions), name or name_key(item.this))
    return None


# sqlglot reads `PRIMARY KEY` as one token.
_KEY_WORDS = {"PRIMARY KEY", "PRIMARY", "UNIQUE", "KEY", "INDEX", "FULLTEXT", "SPATIAL"}


def key_anchor(stmt, key: KeyDecl):
    """Where to point for a whole key: `INDEX` of CREATE INDEX, a column's `UNIQUE` / `PRIMARY`,
    or a table-level clause from its keyword to its closing parenthesis."""
    if isinstance(key.node, exp.Create):
        return stmt.find_words("INDEX") or key.node
    if isinstance(key.node, exp.ColumnConstraint) and key.parts:
        return stmt.token_after(stmt.node_end(key.parts[0]), words={"UNIQUE", "PRIMARY KEY", "KEY"}) or key.parts[0]
    start, end = node_span(stmt, key.node)
    keyword = stmt.token_before(start + 1, _KEY_WORDS)
    if keyword is None:
        return start, end
    index = stmt.tokens.index(keyword)
    if keyword.text.upper() in ("KEY", "INDEX") and index > 0 and stmt.words[index - 1] in ("UNIQUE", "FULLTEXT", "SPATIAL"):
        keyword = stmt.tokens[index - 1]
    close = stmt.token_after(end - 1, types={TokenType.R_PAREN})
    return stmt.token_start(keyword), stmt.token_end(close) if close is not None else end


_KEY_LABELS = {"unique": "unique constraint", "key": "index", "fulltext": "FULLTEXT index", "spatial": "SPATIAL index"}


def key_label(key: KeyDecl) -> str:
    """`primary key`, `unique constraint uq`, `index orders_customer_idx`."""
    return " ".join(x for x in (_KEY_LABELS.get(key.kind, key.kind), key.name) if x)


def key_base(part: exp.Expression) -> exp.Expression:
    """A key part without its sort order, operator class or collation."""
    while isinstance(part, (exp.Ordered, exp.Opclass, exp.Collate)):
        part = part.this
    return part


def is_prefix(part: exp.Expression, dialect: str) -> bool:
    """MySQL's `name(20)` prefix key part (in CREATE INDEX it reads like a call `name(20)`)."""
    base = key_base(part)
    if isinstance(base, exp.ColumnPrefix):
        return True
    return (
        dialect == "mysql"
        and isinstance(base, exp.Anonymous)
        and len(base.expressions) == 1
        and isinstance(base.expressions[0], exp.Literal)
        and base.expressions[0].is_int
    )


def is_expression(part: exp.Expression, dialect: str) -> bool:
    """True for a key part that is an expression rather than a column (or a MySQL prefix)."""
    base = key_base(part)
    return not isinstance(base, (exp.Column, exp.Identifier)) and not is_prefix(part, dialect)


def node_span(stmt, node: exp.Expression) -> tuple[int, int]:
    """Absolute (start, end) of a node with the closing parentheses and trailing arguments that
    carry no position of their own (`lower(b)`, `concat(b, 'x')`)."""
    metas = [n._meta for n in node.walk() if n._meta and "start" in n._meta]
    if not metas:
        return stmt.node_start(node), stmt.node_start(node) + 1
    # Stock node_start takes the first positioned node breadth-first, which for `b || 'x'` is 'x'.
    start = stmt.start + min(m["start"] for m in metas)
    end = stmt.start + max(m["end"] for m in metas) + 1
    depth, tokens = 0, stmt.tokens
    for k in range(stmt.token_index(start), len(tokens)):
        t = tokens[k]
        offset = stmt.token_start(t)
        if offset >= end and depth <= 0:
            break
        if t.token_type == TokenType.L_PAREN:
            depth += 1
        elif t.token_type == TokenType.R_PAREN:
            if depth == 0:
                break
            depth -= 1
        end = max(end, stmt.token_end(t))
    return start, max(end, start + 1)


def source_text(stmt, node: exp.Expression) -> str:
    """The node as written in the statement."""
    start, end = node_span(stmt, node)
    if end <= start + 1 and not stmt.text[start - stmt.start : end - stmt.start].strip():
        return node.sql()
    return stmt.text[start - stmt.start : end - stmt.start]


def _part_text(stmt, part: exp.Expression, prefix: bool = True) -> str:
    """A key part as written, without sort order; `prefix=False` drops a MySQL prefix length."""
    base = key_base(part)
    if isinstance(base, exp.ColumnPrefix):
        return f"{base.this.name}({base.expression.sql()})" if prefix else base.this.name
    if isinstance(base, exp.Anonymous) and is_prefix(base, "mysql"):
        return f"{base.name}({base.expressions[0].sql()})" if prefix else base.name
    if isinstance(base, (exp.Column, exp.Identifier)):
        return base.name
    return source_text(stmt, base)


def _part_span(stmt, part: exp.Expression) -> tuple[int, int]:
    """Where a key part is, without its sort order or operator class."""
    return node_span(stmt, key_base(part))


def _span(stmt, first: Token, last: Token) -> tuple[int, int]:
    return stmt.token_start(first), stmt.token_end(last)


def _tokens_text(stmt, tokens: list[Token]) -> str:
    """Tokens as written, quotes included."""
    return stmt.text[tokens[0].start : tokens[-1].end + 1] if tokens else ""


def _keyword_before(stmt, node: exp.Expression, words: set[str]) -> Token | None:
    """The keyword that opens a clause, e.g. KEY in `KEY idx (a)`."""
    return stmt.token_before(node_span(stmt, node)[0] + 1, words)


# --- CREATE INDEX read from tokens (MySQL forms sqlglot leaves opaque) -------------------------------


@dataclass
class IndexTokens:
    """The parts of a CREATE INDEX found by its tokens alone."""

    index: Token  # the INDEX keyword
    kind_word: Token | None = None  # MySQL FULLTEXT / SPATIAL
    if_token: Token | None = None  # IF of IF NOT EXISTS
    name: list[Token] = field(default_factory=list)
    on: Token | None = None
    usings: list[tuple[Token, Token | None]] = field(default_factory=list)  # (USING, method)
    keys: list[list[Token]] = field(default_factory=list)  # the key list's elements


@per_statement
def scan_create_index(stmt) -> IndexTokens | None:
    """Read `CREATE [UNIQUE|FULLTEXT|SPATIAL] INDEX [ASYNC|CONCURRENTLY] [IF NOT EXISTS] [name]
    [USING m] ON [ONLY] table [USING m] (keys) [USING m] ...` from the tokens."""
    if stmt.kind != "CREATE INDEX":
        return None
    tokens, words = stmt.tokens, stmt.words
    n = len(tokens)
    i = next((k for k in range(n) if tokens[k].token_type == TokenType.INDEX), None)
    if i is None:
        return None
    found = IndexTokens(tokens[i])
    found.kind_word = next((tokens[k] for k in range(1, i) if words[k] in ("FULLTEXT", "SPATIAL")), None)
    j = i + 1
    if j < n and words[j] in ("ASYNC", "CONCURRENTLY") and tokens[j].token_type != TokenType.IDENTIFIER:
        if not (j + 1 < n and tokens[j + 1].token_type in (TokenType.ON, TokenType.DOT, TokenType.L_PAREN)):
            j += 1
    if words[j : j + 3] == ["IF", "NOT", "EXISTS"]:
        found.if_token = tokens[j]
        j += 3
    while j < n and tokens[j].token_type != TokenType.ON:
        if tokens[j].token_type == TokenType.USING:
            found.usings.append((tokens[j], tokens[j + 1] if j + 1 < n else None))
            j += 2
            continue
        found.name.append(tokens[j])
        j += 1
    if j >= n:
        return found
    found.on = tokens[j]
    j += 1
    while j < n and tokens[j].token_type != TokenType.L_PAREN:
        if tokens[j].token_type == TokenType.USING:
            found.usings.append((tokens[j], tokens[j + 1] if j + 1 < n else None))
        j += 1
    depth, element = 0, []
    for k in range(j, n):
        t = tokens[k]
        if t.token_type == TokenType.L_PAREN:
            depth += 1
            if depth == 1:
                continue
        elif t.token_type == TokenType.R_PAREN:
            depth -= 1
            if depth == 0:
                if element:
                    found.keys.append(element)
                j = k + 1
                break
        elif t.token_type == TokenType.COMMA and depth == 1:
            found.keys.append(element)
            element = []
            continue
        element.append(t)
    for k in range(j, n):
        if tokens[k].token_type == TokenType.USING:
            found.usings.append((tokens[k], tokens[k + 1] if k + 1 < n else None))
    return found


def _element_depth0(element: list[Token]) -> list[Token]:
    """The element's tokens outside its own parentheses."""
    out, depth = [], 0
    for t in element:
        if t.token_type == TokenType.L_PAREN:
            depth += 1
        elif t.token_type == TokenType.R_PAREN:
            depth -= 1
        elif depth == 0:
            out.append(t)
    return out


def _token_prefix(element: list[Token]) -> bool:
    """`name(20)` as tokens."""
    core = [t for t in element if t.text.upper() not in ("ASC", "DESC")]
    return (
        len(core) == 4
        and core[0].token_type in (TokenType.VAR, TokenType.IDENTIFIER)
        and core[1].token_type == TokenType.L_PAREN
        and core[2].token_type == TokenType.NUMBER
        and core[3].token_type == TokenType.R_PAREN
    )


def _opaque_index(stmt) -> IndexTokens | None:
    """The token reading of a CREATE INDEX that sqlglot did not parse into a Create."""
    if stmt.kind != "CREATE INDEX" or create_index(stmt) is not None:
        return None
    return scan_create_index(stmt)


# --- the rules -------------------------------------------------------------------------------------

_NO_SUCH_METHOD = {
    "gin": "DSQL has no GIN indexes (no full-text, array or jsonb containment indexes)",
    "gist": "DSQL has no GiST indexes (no geometric, range or exclusion indexes)",
    "spgist": "DSQL has no SP-GiST indexes",
    "brin": "DSQL has no BRIN indexes",
    "hash": "DSQL has no hash indexes",
    "bloom": "DSQL has no bloom indexes (extensions cannot be installed)",
    "ivfflat": "DSQL has no pgvector indexes (extensions cannot be installed)",
    "hnsw": "DSQL has no pgvector indexes (extensions cannot be installed)",
}
_METHOD_SUGGESTION = {
    "btree": "remove {using}: every DSQL index is a btree",
    "hash": "remove {using}: the btree DSQL builds serves the same equality lookups",
    "gin": "drop the index; serve full-text or containment search from the application or a search service, "
    "or index a btree-able column or expression instead",
    "gist": "drop the index, or index a btree-able column or expression instead",
}


class IndexUsingMethod(Rule):
    """`CREATE INDEX ... USING <method>` is rejected, even `USING btree`.

    **What it does**: flags an index access method on `CREATE INDEX`: PostgreSQL's
    `USING btree|hash|gin|gist|brin|spgist` (pg_dump writes `USING btree` on every index) and
    MySQL's `USING BTREE|HASH`, also on a MySQL `PRIMARY KEY` or `UNIQUE KEY` clause.

    **Why it matters**: every DSQL index is a btree, and DSQL rejects any USING clause:
    `0A000 USING not supported for CREATE INDEX`. GIN, GiST, hash, BRIN and SP-GiST indexes do
    not exist at all, so full-text (tsvector), trigram, array and jsonb containment indexes have
    no DSQL counterpart. (One live probe saw DSQL's own access-method name `USING btree_index`
    accepted; this rule lets it pass.)

    **Example**
    ```sql
    CREATE INDEX ASYNC orders_customer_idx ON orders USING btree (customer_id);
    ```

    **Use instead**
    ```sql
    CREATE INDEX ASYNC orders_customer_idx ON orders (customer_id);
    ```

    **Fix**: removing `USING btree` (or MySQL `USING BTREE|HASH`) keeps the same index. Other
    methods need a decision: the index cannot be built on DSQL.

    **Reference**: DSQL create-index-syntax-support; live probes (§1.3 of the spec).
    """

    code = "DSQL402"
    name = "index-using-method"

    def check(self, stmt, ctx):
        if stmt.kind in ("CREATE TABLE", "ALTER TABLE"):
            yield from self._constraint_usings(stmt)
            return
        if stmt.kind != "CREATE INDEX":
            return
        create = create_index(stmt)
        usings: list[tuple[Token, Token | None]] = []
        if create is not None:
            params = create.this.args.get("params")
            if params is not None and params.args.get("using") is not None:
                token = stmt.find_words("USING")
                if token is not None:
                    index = stmt.tokens.index(token)
                    usings.append((token, stmt.tokens[index + 1] if index + 1 < len(stmt.tokens) else None))
        else:
            scanned = scan_create_index(stmt)
            usings = scanned.usings if scanned else []
        for using, method_token in usings:
            method = method_token.text.lower() if method_token is not None else ""
            if method == "btree_index":
                continue
            at = _span(stmt, using, method_token) if method_token is not None else using
            written = f"USING {method_token.text}" if method_token is not None else "USING"
            rejected = "(`USING not supported for CREATE INDEX`)"
            if method == "btree":
                message = f"{written}: DSQL rejects any access method on CREATE INDEX, even btree {rejected}"
            elif method in _NO_SUCH_METHOD:
                message = f"{written}: {_NO_SUCH_METHOD[method]}; every index is a btree and USING is rejected {rejected}"
            else:
                message = f"{written}: DSQL has no {method} index method (every index is a btree) and rejects USING {rejected}"
            suggestion = _METHOD_SUGGESTION.get(method, "drop the index, or remove {using} if a btree can serve its queries")
            suggestion = suggestion.format(using=written)
            yield Violation(at, message, suggestion)

    def _constraint_usings(self, stmt):
        """MySQL's `PRIMARY KEY (id) USING BTREE` / `UNIQUE KEY u (a) USING HASH` (inline KEY / INDEX
        clauses are mysql-inline-index's)."""
        for key in declared_keys(stmt):
            node = key.node
            if isinstance(node, exp.PrimaryKey):
                params = node.args.get("include")
                method = params.args.get("using") if isinstance(params, exp.IndexParameters) else None
            elif isinstance(node, exp.UniqueColumnConstraint):
                method = node.args.get("index_type")
            else:
                continue
            if not method:
                continue
            anchor = key_anchor(stmt, key)
            if isinstance(anchor, tuple):
                start = anchor[0]
            else:
                start = stmt.token_start(anchor) if isinstance(anchor, Token) else stmt.start
            using = stmt.token_after(start, words={"USING"})
            if using is None:
                continue
            index = stmt.tokens.index(using)
            method_token = stmt.tokens[index + 1] if index + 1 < len(stmt.tokens) else using
            yield Violation(
                _span(stmt, using, method_token),
                f"{_tokens_text(stmt, [using, method_token])} on a {key_label(key)}: DSQL has no index method clause on "
                "constraints (every index is a btree)",
                f"remove {_tokens_text(stmt, [using, method_token])}",
            )


class IndexSortOrder(Rule):
    """`ASC` / `DESC` on an index key is rejected.

    **What it does**: flags `ASC` or `DESC` after a key column of `CREATE INDEX` (and of MySQL
    `KEY` / `UNIQUE KEY` clauses). `NULLS FIRST` / `NULLS LAST` alone is fine.

    **Why it matters**: DSQL fails with `0A000 specifying sort order not supported for index keys`.
    A btree is read in both directions, so an ascending index still serves `ORDER BY col DESC`;
    only a mix of directions over several columns (`ORDER BY a, b DESC`) loses the index.

    **Example**
    ```sql
    CREATE INDEX ASYNC events_time_idx ON events (created_at DESC);
    ```

    **Use instead**
    ```sql
    CREATE INDEX ASYNC events_time_idx ON events (created_at);
    ```
    `created_at DESC NULLS LAST` becomes `created_at NULLS FIRST`, which a backward scan reads in
    the same order.

    **Reference**: DSQL "Unsupported PostgreSQL features" (CREATE INDEX ASYNC: ASC/DESC).
    """

    code = "DSQL403"
    name = "index-sort-order"

    def check(self, stmt, ctx):
        if stmt.kind not in ("CREATE INDEX", "CREATE TABLE", "ALTER TABLE"):
            return
        for key in declared_keys(stmt):
            for part in key.parts:
                if isinstance(part, exp.Ordered) and part.args.get("desc") is not None:
                    token = stmt.token_after(stmt.node_end(part.this), words={"ASC", "DESC"})
                    if token is not None:
                        yield self._violation(stmt, token, _part_text(stmt, part), len(key.parts))
        scanned = _opaque_index(stmt)
        for element in scanned.keys if scanned else []:
            outer = _element_depth0(element)
            token = next((t for t in outer if t.token_type in (TokenType.ASC, TokenType.DESC)), None)
            if token is not None:
                before = element[: element.index(token)]
                column = before[0].text if len(before) == 1 else _tokens_text(stmt, before) or "?"
                yield self._violation(stmt, token, column, len(scanned.keys))

    def _violation(self, stmt, token: Token, column: str, parts: int) -> Violation:
        direction = token.text.upper()
        index = stmt.tokens.index(token)
        following = [t.text.upper() for t in stmt.tokens[index + 1 : index + 3]]
        if direction == "ASC":
            suggestion = f"remove ASC after {column} (ascending is the only order)"
        elif following == ["NULLS", "LAST"]:
            suggestion = f"write {column} NULLS FIRST: a backward scan reads it as {column} DESC NULLS LAST"
        elif parts == 1:
            suggestion = f"remove DESC after {column}: a backward scan of the ascending index serves ORDER BY {column} DESC"
        else:
            suggestion = (
                f"remove DESC after {column}; a backward scan serves ORDER BY with every direction reversed, "
                "so queries mixing directions sort after the index scan"
            )
        return Violation(
            token,
            f"{direction} on index key {column}: DSQL indexes have no sort order "
            "(`specifying sort order not supported for index keys`)",
            suggestion,
        )


class IndexOpclass(Rule):
    """Operator classes on index keys are rejected.

    **What it does**: flags an operator class after an index key, such as `text_pattern_ops`.

    **Why it matters**: DSQL fails with `0A000 opclass not supported for index keys`. Django emits
    `varchar_pattern_ops` / `text_pattern_ops` "_like" indexes for every indexed text column; DSQL's
    adapter suppresses them. DSQL's only collation is C, so a plain btree already serves
    `LIKE 'prefix%'`.

    **Example**
    ```sql
    CREATE INDEX ASYNC users_email_like ON users (email varchar_pattern_ops);
    ```

    **Use instead**
    ```sql
    CREATE INDEX ASYNC users_email_idx ON users (email);
    ```

    **Reference**: live-observed error list (spec §7); aurora-dsql-orms Django adapter.
    """

    code = "DSQL404"
    name = "index-opclass"
    dialects = frozenset({"postgres"})

    def check(self, stmt, ctx):
        create = create_index(stmt)
        if create is None:
            return
        for key in declared_keys(stmt):
            for part in key.parts:
                opclass = part.this if isinstance(part, exp.Ordered) else part
                if not isinstance(opclass, exp.Opclass):
                    continue
                name = source_text(stmt, opclass.expression)
                column = _part_text(stmt, opclass.this)
                if name.lower().endswith("_pattern_ops"):
                    suggestion = f"remove {name}: with DSQL's C collation a plain index on {column} serves LIKE 'prefix%'"
                else:
                    suggestion = f"remove {name} and index {column} with the default btree operators"
                yield Violation(
                    node_span(stmt, opclass.expression),
                    f"operator class {name} on index key {column}: DSQL rejects operator classes "
                    "(`opclass not supported for index keys`)",
                    suggestion,
                )


class IndexIncludeExpression(Rule):
    """Expressions in an index's `INCLUDE` list are rejected.

    **What it does**: flags an `INCLUDE (...)` entry of `CREATE INDEX`, a primary key or a unique
    constraint that is an expression rather than a column name.

    **Why it matters**: DSQL stores included columns as they are and fails with
    `0A000 expressions are not supported in included columns`, as PostgreSQL does. Expressions
    belong in the key, where DSQL accepts IMMUTABLE ones.

    **Example**
    ```sql
    CREATE INDEX ASYNC users_email_idx ON users (email) INCLUDE (lower(name));
    ```

    **Use instead**
    ```sql
    CREATE INDEX ASYNC users_email_idx ON users (email) INCLUDE (name);
    ```

    **Reference**: DSQL CREATE INDEX ("No se admiten expresiones como columnas INCLUDE", doc history
    2026-08-13); ministack PR #1387 error text (spec §7).
    """

    code = "DSQL417"
    name = "index-include-expression"
    dialects = frozenset({"postgres"})

    def check(self, stmt, ctx):
        if stmt.tree is None or stmt.kind not in ("CREATE INDEX", "CREATE TABLE", "ALTER TABLE"):
            return
        for params in stmt.find_all(exp.IndexParameters, exp.PrimaryKey):
            include = params.args.get("include")
            for item in include if isinstance(include, list) else []:
                if isinstance(item, (exp.Identifier, exp.Column)):
                    continue
                text = source_text(stmt, item)
                yield Violation(
                    node_span(stmt, item),
                    f"INCLUDE ({text}) is an expression; DSQL includes only plain columns "
                    "(`expressions are not supported in included columns`)",
                    "include the column itself, or move the expression into the index key",
                )


class IndexTooManyColumns(Rule):
    """An index or key may have at most 8 key columns.

    **What it does**: flags a `CREATE INDEX`, `PRIMARY KEY`, `UNIQUE` or MySQL `KEY` with more than
    8 key columns (`INCLUDE` columns do not count).

    **Why it matters**: DSQL fails with `54011 more than 8 column keys in an index are not supported`.

    **Example**
    ```sql
    CREATE INDEX ASYNC wide_idx ON facts (a, b, c, d, e, f, g, h, i);
    ```

    **Use instead**: keep the most selective columns as keys and carry the rest in `INCLUDE`.
    ```sql
    CREATE INDEX ASYNC wide_idx ON facts (a, b, c, d, e, f, g, h) INCLUDE (i);
    ```
    A primary key or unique constraint cannot move columns to INCLUDE without changing what is
    unique: use a surrogate key (a uuid) and a narrower unique key.

    **Reference**: DSQL quotas (CHAP_quotas): columns per primary key or secondary index.
    """

    code = "DSQL405"
    name = "index-too-many-columns"

    def check(self, stmt, ctx):
        if stmt.kind not in ("CREATE INDEX", "CREATE TABLE", "ALTER TABLE"):
            return
        for key in declared_keys(stmt):
            if len(key.parts) > MAX_KEY_COLUMNS:
                yield self._violation(key.kind, key_label(key), len(key.parts), _part_span(stmt, key.parts[MAX_KEY_COLUMNS]))
        scanned = _opaque_index(stmt)
        if scanned and len(scanned.keys) > MAX_KEY_COLUMNS:
            extra = scanned.keys[MAX_KEY_COLUMNS]
            what = " ".join(x for x in ("index", _tokens_text(stmt, scanned.name)) if x)
            yield self._violation("index", what, len(scanned.keys), _span(stmt, extra[0], extra[-1]))

    def _violation(self, kind: str, what: str, count: int, at) -> Violation:
        if kind in ("index", "key"):
            suggestion = f"keep at most {MAX_KEY_COLUMNS} key columns and move the rest to INCLUDE (...)"
        else:
            suggestion = f"narrow the key to {MAX_KEY_COLUMNS} columns, or use a surrogate key (uuid) and a narrower unique key"
        return Violation(
            at,
            f"{what} has {count} key columns; DSQL allows at most {MAX_KEY_COLUMNS} "
            "(`more than 8 column keys in an index are not supported`)",
            suggestion,
        )


class TooManyIndexes(Rule):
    """A table may have at most 24 indexes, counting its primary key and unique constraints.

    **What it does**: counts, statement by statement, the primary key, unique constraints and indexes
    the file declares on each table (less those it drops) and flags each statement that would take a
    table past 24. A flagged statement is taken as rejected: its keys are not counted afterwards.

    **Why it matters**: DSQL fails with `54000 more than 24 indexes per table are not allowed`. The
    count includes the primary key, each UNIQUE constraint's index and indexes still building.

    **Example**
    ```sql
    CREATE TABLE t (id uuid PRIMARY KEY, c1 int UNIQUE, c2 int UNIQUE, c3 int UNIQUE, c4 int UNIQUE,
        c5 int UNIQUE, c6 int UNIQUE, c7 int UNIQUE, c8 int UNIQUE, c9 int UNIQUE, c10 int UNIQUE,
        c11 int UNIQUE, c12 int UNIQUE, c13 int UNIQUE, c14 int UNIQUE, c15 int UNIQUE, c16 int UNIQUE,
        c17 int UNIQUE, c18 int UNIQUE, c19 int UNIQUE, c20 int UNIQUE, c21 int UNIQUE, c22 int UNIQUE,
        c23 int UNIQUE);
    CREATE INDEX ASYNC t_c1_c2_idx ON t (c1, c2);
    ```

    **Use instead**: drop indexes whose leading columns another index already covers, or combine
    several into one multi-column index.
    ```sql
    CREATE TABLE t (id uuid PRIMARY KEY, c1 int UNIQUE, c2 int UNIQUE);
    CREATE INDEX ASYNC t_c1_c2_idx ON t (c1, c2);
    ```

    **Reference**: DSQL quotas (CHAP_quotas): indexes per table.
    """

    code = "DSQL406"
    name = "too-many-indexes"

    def __init__(self) -> None:
        self._file: tuple[int, dict[int, list[tuple[str, int, int]]]] | None = None

    def check(self, stmt, ctx):
        if stmt.kind not in ("CREATE INDEX", "CREATE TABLE", "ALTER TABLE"):
            return
        for table, before, after in self._overflows(ctx).get(stmt.index, []):
            keys = declared_keys(stmt)
            first_over = max(MAX_INDEXES - before, 0)
            at = key_anchor(stmt, keys[min(first_over, len(keys) - 1)]) if keys else None
            if after - before == 1:
                what = f"table {table} already has {before} indexes"
            else:
                what = f"table {table} would have {after} indexes after this statement"
            yield Violation(
                at,
                f"{what} (counting its primary key and unique constraints); DSQL allows at most {MAX_INDEXES} "
                "(`more than 24 indexes per table are not allowed`)",
                "drop indexes whose leading columns another index covers, or merge them into multi-column indexes",
            )

    def _overflows(self, ctx) -> dict[int, list[tuple[str, int, int]]]:
        """statement index -> (table, its key count before the statement, after it) for every statement
        that would leave a table with more than 24 keys. Keys come from the catalog; drops are replayed
        here. DSQL rejects such a statement, so its keys are not counted afterwards."""
        if self._file is not None and self._file[0] == id(ctx.statements):
            return self._file[1]
        added: dict[int, dict[str, list[Key]]] = {}
        for table, info in ctx.catalog.tables.items():
            for key in info.keys:
                added.setdefault(key.declared_at, {}).setdefault(table, []).append(key)
        live: dict[str, list[Key]] = {}
        found: dict[int, list[tuple[str, int, int]]] = {}
        for stmt in ctx.statements:
            if stmt.kind in ("DROP TABLE", "DROP INDEX", "ALTER TABLE"):  # the others drop nothing (and
                _apply_drops(stmt.tree, live)  # a long file's trees are loaded only when needed)
            for table, keys in added.get(stmt.index, {}).items():
                current = live.setdefault(table, [])
                if len(current) + len(keys) > MAX_INDEXES:
                    found.setdefault(stmt.index, []).append((table, len(current), len(current) + len(keys)))
                else:
                    current.extend(keys)
        self._file = (id(ctx.statements), found)
        return found


def _apply_drops(tree, live: dict[str, list[Key]]) -> None:
    """Forget the keys a DROP TABLE / DROP INDEX / ALTER TABLE ... DROP removes."""
    if isinstance(tree, exp.Drop):
        kind = (tree.args.get("kind") or "").upper()
        names = [name_key(t) for t in tree.args.get("tables") or []]
        if kind == "TABLE":
            for name in names:
                live.pop(name, None)
        elif kind == "INDEX":
            on = tree.args.get("cluster")
            tables = [name_key(on.this)] if isinstance(on, exp.OnProperty) else list(live)
            for name in names:
                _forget(live, tables, lambda k, n=name: k.name == n)
    elif isinstance(tree, exp.Alter) and (tree.args.get("kind") or "").upper() == "TABLE":
        table = name_key(tree.this)
        for action in tree.args.get("actions") or []:
            if isinstance(action, exp.Drop) and (action.args.get("kind") or "").upper() in ("INDEX", "CONSTRAINT"):
                for t in action.args.get("tables") or []:
                    _forget(live, [table], lambda k, n=name_key(t): k.name == n)
            elif isinstance(action, exp.DropPrimaryKey):
                _forget(live, [table], lambda k: k.kind == "primary key")


def _forget(live: dict[str, list[Key]], tables: list[str], match) -> None:
    for table in tables:
        keys = live.get(table, [])
        for i, key in enumerate(keys):
            if match(key):
                del keys[i]
                return


class FulltextSpatialIndex(Rule):
    """MySQL `FULLTEXT` and `SPATIAL` indexes have no DSQL counterpart.

    **What it does**: flags `FULLTEXT` / `SPATIAL` index clauses in `CREATE TABLE` and
    `ALTER TABLE ... ADD`, and `CREATE FULLTEXT|SPATIAL INDEX`.

    **Why it matters**: DSQL indexes are btrees only: there is no full-text index (nor GIN over
    tsvector) and no spatial index (nor PostGIS, which cannot be installed). AWS's MySQL migration
    guide maps FULLTEXT and SPATIAL to the application layer.

    **Example**
    ```sql
    CREATE TABLE posts (id int PRIMARY KEY, body text, FULLTEXT KEY posts_body_ft (body));
    ```

    **Use instead**: drop the index and serve search from the application or a search service
    (OpenSearch, for instance); for simple prefix matching a btree on the column serves `LIKE 'abc%'`.
    ```sql
    CREATE TABLE posts (id int PRIMARY KEY, body text);
    ```

    **Reference**: AWS aurora-dsql skill, mysql-migrations/type-mapping.md ("FULLTEXT → app-layer search").
    """

    code = "DSQL407"
    name = "fulltext-spatial-index"
    dialects = frozenset({"mysql"})

    def check(self, stmt, ctx):
        if stmt.kind == "CREATE INDEX":
            scanned = scan_create_index(stmt)
            if scanned and scanned.kind_word is not None:
                yield self._violation(scanned.kind_word.text.upper(), _tokens_text(stmt, scanned.name), scanned.kind_word)
            return
        if stmt.kind not in ("CREATE TABLE", "ALTER TABLE"):
            return
        for key in declared_keys(stmt):
            if key.kind in ("fulltext", "spatial"):
                token = _keyword_before(stmt, key.node, {"FULLTEXT", "SPATIAL"})
                yield self._violation(key.kind.upper(), key.name, token or key.node)

    def _violation(self, kind: str, name: str, at) -> Violation:
        what = f"{kind} index {name}".strip()
        if kind == "FULLTEXT":
            return Violation(
                at,
                f"{what}: DSQL has no full-text indexes (no FULLTEXT, no GIN over tsvector)",
                "drop it and move search to the application layer or a search service",
            )
        return Violation(
            at,
            f"{what}: DSQL has no spatial indexes or geometry types (PostGIS cannot be installed)",
            "drop it; store coordinates in numeric columns with a btree index, or search in the application",
        )


class IndexPrefixLength(Rule):
    """MySQL prefix key parts `name(20)` do not exist in DSQL.

    **What it does**: flags a key part with a prefix length in `CREATE INDEX`, `PRIMARY KEY`,
    `UNIQUE` and `KEY` clauses. In a primary key or unique key it is an error; in a plain index, a
    warning.

    **Why it matters**: PostgreSQL, and so DSQL, has no prefix indexes: `name(20)` reads as a call
    of a function `name`. Dropping the prefix indexes whole values: for a plain index that only
    makes the key wider (mind the 2,000-byte declared key size), but in a PRIMARY KEY or UNIQUE key
    it changes what is unique: MySQL rejects two values sharing their first 20 characters, DSQL
    would accept them.

    **Example**
    ```sql
    CREATE TABLE pages (id int PRIMARY KEY, title varchar(255), UNIQUE KEY pages_title (title(20)));
    ```

    **Use instead**: a unique index on the whole column (weaker: values that only share the prefix
    are then allowed), or, to keep MySQL's rule, a unique expression index over the prefix:
    ```sql
    CREATE TABLE pages (id int PRIMARY KEY, title varchar(255));
    CREATE UNIQUE INDEX ASYNC pages_title ON pages ((left(title, 20)));
    ```

    **Fix**: drops the prefix; for PRIMARY KEY / UNIQUE the change report says uniqueness now
    covers the whole value.
    """

    code = "DSQL408"
    name = "index-prefix-length"
    dialects = frozenset({"mysql"})

    def check(self, stmt, ctx):
        if stmt.kind not in ("CREATE INDEX", "CREATE TABLE", "ALTER TABLE"):
            return
        for key in declared_keys(stmt):
            unique = key.kind in ("primary key", "unique", "unique index")
            for part in key.parts:
                if is_prefix(part, ctx.dialect):
                    yield self._violation(_part_text(stmt, part), key.kind, unique, _part_span(stmt, part))
        scanned = _opaque_index(stmt)
        if scanned:
            unique = stmt.find_words("UNIQUE") is not None
            for element in scanned.keys:
                if _token_prefix(element):
                    core = [t for t in element if t.text.upper() not in ("ASC", "DESC")]
                    text = _tokens_text(stmt, core)
                    yield self._violation(text, "unique index" if unique else "index", unique, _span(stmt, core[0], core[-1]))

    def _violation(self, part: str, kind: str, unique: bool, at) -> Violation:
        column = part.split("(", 1)[0]
        if unique:
            label = {"primary key": "PRIMARY KEY", "unique": "UNIQUE key", "unique index": "UNIQUE index"}.get(kind, kind)
            return Violation(
                at,
                f"prefix key part {part} in a {label}: DSQL has no prefix keys, and dropping the prefix makes "
                "uniqueness cover the whole value",
                f"make the whole {column} unique (weaker: values sharing the prefix are allowed), or keep MySQL's "
                f"rule with CREATE UNIQUE INDEX ASYNC ... ((left({column}, n)))",
            )
        return Violation(
            at,
            f"prefix key part {part}: DSQL has no prefix keys; without the prefix the index covers whole values",
            f"index {column} without the length (mind the 2,000-byte key size), or index (left({column}, n))",
            Severity.WARNING,
        )


class IndexIfNotExistsWithoutName(Rule):
    """`CREATE INDEX ... IF NOT EXISTS` needs an index name.

    **What it does**: flags `CREATE INDEX ASYNC IF NOT EXISTS ON t (...)` with no name.

    **Why it matters**: like PostgreSQL, DSQL accepts a nameless index but not a nameless
    `IF NOT EXISTS`: it fails with `42601 syntax error at or near "ON"`.

    **Example**
    ```sql
    CREATE INDEX ASYNC IF NOT EXISTS ON orders (customer_id);
    ```

    **Use instead**
    ```sql
    CREATE INDEX ASYNC IF NOT EXISTS orders_customer_id_idx ON orders (customer_id);
    ```

    **Reference**: create-index-syntax-support ("IF NOT EXISTS requires a name"); ministack PR #1387.
    """

    code = "DSQL409"
    name = "index-if-not-exists-without-name"

    def check(self, stmt, ctx):
        if stmt.kind != "CREATE INDEX":
            return
        scanned = scan_create_index(stmt)
        if scanned and scanned.if_token is not None and not scanned.name and scanned.on is not None:
            paren = stmt.token_after(stmt.token_end(scanned.on), types={TokenType.L_PAREN})
            names = [
                t for t in stmt.tokens
                if scanned.on.start < t.start < (paren.start if paren is not None else len(stmt.text))
                and t.token_type in (TokenType.VAR, TokenType.IDENTIFIER)
            ]
            parts = [names[-1].text if names else "t"]
            first = scanned.keys[0][0] if scanned.keys and scanned.keys[0] else None
            if first is not None and first.token_type in (TokenType.VAR, TokenType.IDENTIFIER):
                parts.append(first.text)
            yield Violation(
                scanned.on,
                'IF NOT EXISTS without an index name: DSQL fails with `syntax error at or near "ON"`',
                f"name the index (CREATE INDEX ASYNC IF NOT EXISTS {'_'.join(parts)}_idx ON ...), or drop IF NOT EXISTS",
            )


class IndexNameQualified(Rule):
    """An index name cannot carry a schema.

    **What it does**: flags `CREATE INDEX ... schema.name ON ...`.

    **Why it matters**: an index always lives in its table's schema, and the name in
    `CREATE INDEX` is a bare name: DSQL, like PostgreSQL, fails with a syntax error at the `.`.
    Qualify the table instead.

    **Example**
    ```sql
    CREATE INDEX ASYNC sales.orders_customer_idx ON sales.orders (customer_id);
    ```

    **Use instead**
    ```sql
    CREATE INDEX ASYNC orders_customer_idx ON sales.orders (customer_id);
    ```

    **Reference**: create-index-syntax-support ("No schema prefix on the name").
    """

    code = "DSQL410"
    name = "index-name-qualified"

    def check(self, stmt, ctx):
        if stmt.kind != "CREATE INDEX":
            return
        scanned = scan_create_index(stmt)
        if not scanned or not any(t.token_type == TokenType.DOT for t in scanned.name):
            return
        bare = _tokens_text(stmt, scanned.name[-1:])
        yield Violation(
            _span(stmt, scanned.name[0], scanned.name[-1]),
            f"index name {_tokens_text(stmt, scanned.name)} is schema-qualified; the index lives in its "
            "table's schema and DSQL rejects a qualified name (syntax error)",
            f"write the bare name {bare} and qualify the table after ON",
        )


class ExpressionIndex(Rule):
    """Expression index keys are rejected at targets before 2026-08-13.

    **What it does**: flags index keys that are expressions (`lower(email)`, `(a + b)`, MySQL
    functional key parts) when the target predates DSQL's expression indexes.

    **Why it matters**: until 2026-08-13 DSQL indexed only plain columns (dsql-lint's
    `index_expression` rule and the Django adapter's `supports_expression_indexes=False` still
    reflect that). Since then, expressions of IMMUTABLE functions are accepted.

    **Example**
    ```sql
    CREATE INDEX ASYNC users_email_lower ON users ((lower(email)));
    ```

    **Use instead**: a stored generated column holding the expression, indexed as a plain column;
    or target 2026-08-13 or later.
    ```sql
    CREATE INDEX ASYNC users_email_idx ON users (email);
    ```

    **Reference**: release notes 2026-08-13.
    """

    code = "DSQL411"
    name = "expression-index"
    obsolete_with = "expression_indexes"

    def check(self, stmt, ctx):
        if stmt.kind not in ("CREATE INDEX", "CREATE TABLE", "ALTER TABLE"):
            return
        for key in declared_keys(stmt):
            for part in key.parts:
                if is_expression(part, ctx.dialect):
                    yield self._violation(ctx, _part_text(stmt, part), _part_span(stmt, part))
        scanned = _opaque_index(stmt)
        for element in scanned.keys if scanned else []:
            if element and element[0].token_type == TokenType.L_PAREN:
                depth0_end = element[-1]
                for t in reversed(element):
                    if t.token_type == TokenType.R_PAREN:
                        depth0_end = t
                        break
                yield self._violation(ctx, stmt.text[element[0].start : depth0_end.end + 1], _span(stmt, element[0], depth0_end))

    def _violation(self, ctx, text: str, at) -> Violation:
        return Violation(
            at,
            f"expression index key {text}: {ctx.target.label} indexes only plain columns "
            "(expression indexes arrived 2026-08-13)",
            "store the expression in a GENERATED ALWAYS AS (...) STORED column and index it, or target 2026-08-13 or later",
        )


class PartialIndex(Rule):
    """Partial indexes (`WHERE`) are rejected at targets before 2026-09-15.

    **What it does**: flags `CREATE INDEX ... WHERE predicate` when the target predates DSQL's
    partial indexes.

    **Why it matters**: until 2026-09-15 DSQL failed with `0A000 WHERE not supported for CREATE INDEX`.

    **Example**
    ```sql
    CREATE INDEX ASYNC orders_open_idx ON orders (placed_at) WHERE status = 'open';
    ```

    **Use instead**: index every row, or target 2026-09-15 or later.
    ```sql
    CREATE INDEX ASYNC orders_status_placed_idx ON orders (status, placed_at);
    ```
    A partial UNIQUE index has no exact equivalent: without WHERE, uniqueness covers every row.

    **Reference**: release notes 2026-09-15; ministack PR #1387 (the error before).
    """

    code = "DSQL412"
    name = "partial-index"
    obsolete_with = "partial_indexes"

    def check(self, stmt, ctx):
        create = create_index(stmt)
        if create is None:
            return
        params = create.this.args.get("params")
        where = params.args.get("where") if params is not None else None
        if where is None:
            return
        token = stmt.token_before(stmt.node_start(where.this) + 1, {"WHERE"}) or where
        unique = bool(create.args.get("unique"))
        yield Violation(
            token,
            f"partial index (WHERE): {ctx.target.label} rejects it (`WHERE not supported for CREATE INDEX`)",
            "drop WHERE and index every row (for a UNIQUE index that makes uniqueness cover every row)"
            if unique
            else "drop WHERE and index every row (lead with the filtered column if it is selective), "
            "or target 2026-09-15 or later",
        )


class MysqlInlineIndex(Rule):
    """MySQL `KEY` / `INDEX` clauses and `ALTER TABLE ... ADD INDEX|UNIQUE` have no DSQL form.

    **What it does**: flags MySQL index clauses inside `CREATE TABLE` (`KEY idx (a)`,
    `INDEX (a)`) and `ALTER TABLE ... ADD INDEX|KEY|UNIQUE ...`.

    **Why it matters**: DSQL, like PostgreSQL, has no index clause in CREATE TABLE and no
    `ALTER TABLE ... ADD INDEX`; every secondary index is a separate `CREATE [UNIQUE] INDEX ASYNC`.
    A UNIQUE constraint cannot be added to an existing table either: DSQL fails with
    `0A000 UNIQUE constraints cannot be marked NOT VALID`. `UNIQUE KEY name (cols)` inside
    `CREATE TABLE` is not flagged: it is a UNIQUE table constraint, which DSQL accepts there (write
    it `CONSTRAINT name UNIQUE (cols)`).

    **Example**
    ```sql
    CREATE TABLE orders (id int PRIMARY KEY, customer_id int, KEY orders_customer_idx (customer_id));
    ```

    **Use instead**
    ```sql
    CREATE TABLE orders (id int PRIMARY KEY, customer_id int);
    CREATE INDEX ASYNC orders_customer_idx ON orders (customer_id);
    ```

    **Fix**: lifts each KEY out into `CREATE INDEX ASYNC name ON table (cols)` after the table.
    """

    code = "DSQL413"
    name = "mysql-inline-index"
    dialects = frozenset({"mysql"})

    def check(self, stmt, ctx):
        tree = stmt.tree
        if isinstance(tree, exp.Alter) and stmt.kind == "ALTER TABLE":
            table, altering = name_key(tree.this), True
        elif isinstance(tree, exp.Create) and stmt.kind == "CREATE TABLE" and isinstance(tree.this, exp.Schema):
            table, altering = name_key(tree.this.this), False
        else:
            return
        for key in declared_keys(stmt):
            written = ", ".join(_part_text(stmt, p) for p in key.parts)
            columns = ", ".join(_part_text(stmt, p, prefix=False) for p in key.parts)
            index_name = key.name or _default_index_name(table, key)
            if key.kind == "key":
                token = _keyword_before(stmt, key.node, {"KEY", "INDEX"})
                clause = " ".join(x for x in ((token.text.upper() if token else "KEY"), key.name, f"({written})") if x)
                if altering:
                    message = f"ALTER TABLE ... ADD {clause}: DSQL has no ALTER TABLE ... ADD INDEX"
                    suggestion = f"run CREATE INDEX ASYNC {index_name} ON {table} ({columns}) instead"
                else:
                    message = f"index clause {clause} inside CREATE TABLE: DSQL has no index clauses in CREATE TABLE"
                    suggestion = f"remove it and run CREATE INDEX ASYNC {index_name} ON {table} ({columns}) after the table"
                yield Violation(token or key.node, message, suggestion)
            elif key.kind == "unique" and altering:
                token = _keyword_before(stmt, key.node, {"UNIQUE"})
                yield Violation(
                    token or key.node,
                    f"ALTER TABLE ... ADD UNIQUE ({written}): DSQL cannot add a UNIQUE constraint to an existing table "
                    "(`UNIQUE constraints cannot be marked NOT VALID`)",
                    f"run CREATE UNIQUE INDEX ASYNC {index_name} ON {table} ({columns}) instead",
                )


def _default_index_name(table: str, key: KeyDecl) -> str:
    """PostgreSQL's style of generated name: table_col1_col2_idx (`key` for unique)."""
    columns = []
    for part in key.parts:
        base = key_base(part)
        if isinstance(base, exp.ColumnPrefix):
            base = base.this
        columns.append(name_key(base) if isinstance(base, (exp.Column, exp.Identifier)) else "expr")
    suffix = "key" if key.kind == "unique" else "idx"
    return "_".join([table, *columns, suffix])


class DropIndexOnTable(Rule):
    """MySQL's `DROP INDEX name ON table` and `ALTER TABLE ... DROP INDEX` have no DSQL form.

    **What it does**: flags `DROP INDEX name ON table` and `ALTER TABLE t DROP INDEX|KEY name`.

    **Why it matters**: DSQL drops an index by its (optionally schema-qualified) name alone:
    `DROP INDEX [IF EXISTS] name [CASCADE]`. The MySQL forms are syntax errors.

    **Example**
    ```sql
    DROP INDEX orders_customer_idx ON orders;
    ```

    **Use instead**
    ```sql
    DROP INDEX orders_customer_idx;
    ```

    **Reference**: AWS aurora-dsql skill, MySQL DDL operation mapping (`DROP INDEX idx ON t` →
    `DROP INDEX idx`).
    """

    code = "DSQL414"
    name = "drop-index-on-table"

    def check(self, stmt, ctx):
        tree = stmt.tree
        if stmt.kind == "DROP INDEX" and isinstance(tree, exp.Drop):
            on = tree.args.get("cluster")
            if isinstance(on, exp.OnProperty):
                names = ", ".join(source_text(stmt, t) for t in tree.args.get("tables") or [])
                token = stmt.token_after(stmt.node_end((tree.args.get("tables") or [on])[-1]), words={"ON"})
                yield Violation(
                    _span(stmt, token, stmt.tokens[-1]) if token is not None else on,
                    f"DROP INDEX {names} ON {source_text(stmt, on.this)}: DSQL drops an index by name, without ON table",
                    f"write DROP INDEX {names} (qualify it with the table's schema if it is not on the search path)",
                )
        elif stmt.kind == "ALTER TABLE" and isinstance(tree, exp.Alter):
            for action in tree.args.get("actions") or []:
                if isinstance(action, exp.Drop) and (action.args.get("kind") or "").upper() == "INDEX":
                    names = ", ".join(source_text(stmt, t) for t in action.args.get("tables") or [])
                    token = _keyword_before(stmt, action, {"DROP"})
                    yield Violation(
                        token or action,
                        f"ALTER TABLE ... DROP INDEX {names}: DSQL drops indexes only with DROP INDEX",
                        f"run DROP INDEX {names} instead",
                    )


class AlterIndexUnsupported(Rule):
    """`ALTER INDEX` supports only `RENAME TO`.

    **What it does**: flags `ALTER INDEX` statements other than `ALTER INDEX [IF EXISTS] name
    RENAME TO new_name`: SET TABLESPACE, SET/RESET storage parameters, ATTACH PARTITION, DEPENDS ON
    EXTENSION, ALTER COLUMN ... SET STATISTICS.

    **Why it matters**: DSQL's grammar accepts only the rename (dsql-lint rejects every other form,
    and the live-derived grammar records only RENAME TO). Tablespaces, partitions, extensions and
    index storage parameters do not exist in DSQL.

    **Example**
    ```sql
    ALTER INDEX orders_customer_idx SET TABLESPACE fast_ssd;
    ```

    **Use instead**
    ```sql
    ALTER INDEX orders_customer_idx RENAME TO orders_by_customer;
    ```

    **Reference**: dsql-lint errors.rs (`ALTER INDEX` other than RENAME TO); dsql_grammar.json.
    """

    code = "DSQL415"
    name = "alter-index-unsupported"
    command_kinds = frozenset({"ALTER INDEX"})

    def check(self, stmt, ctx):
        if stmt.kind != "ALTER INDEX":
            return
        tree = stmt.tree
        if isinstance(tree, exp.Alter):
            actions = tree.args.get("actions") or []
            if actions and all(isinstance(a, exp.AlterRename) for a in actions):
                return
            start = stmt.token_after(stmt.node_end(tree.this))
        else:
            start = _after_alter_index_name(stmt)
            rest = stmt.words[stmt.tokens.index(start) :] if start is not None else []
            if len(rest) == 3 and rest[:2] == ["RENAME", "TO"]:
                return
        at = _span(stmt, start, stmt.tokens[-1]) if start is not None else None
        action = stmt.text[start.start :].strip() if start is not None else "this form"
        yield Violation(
            at,
            f"ALTER INDEX ... {action.split(chr(10))[0]}: DSQL supports only ALTER INDEX ... RENAME TO",
            "drop and re-create the index with CREATE INDEX ASYNC if it must change",
        )


def _after_alter_index_name(stmt) -> Token | None:
    """The first token after `ALTER INDEX [IF EXISTS] [ALL IN TABLESPACE] name`."""
    tokens, words = stmt.tokens, stmt.words
    j = 2
    if words[j : j + 2] == ["IF", "EXISTS"]:
        j += 2
    j += 1
    while j + 1 < len(tokens) and tokens[j].token_type == TokenType.DOT:
        j += 2
    return tokens[j] if j < len(tokens) else None


# Functions sqlglot reads into typed nodes, with their PostgreSQL names and volatility.
_TYPED_FUNCTIONS: dict[type, tuple[str, str]] = {
    exp.CurrentTimestamp: ("now", "stable"),
    exp.CurrentDate: ("current_date", "stable"),
    exp.CurrentTime: ("current_time", "stable"),
    exp.Localtimestamp: ("localtimestamp", "stable"),
    exp.Localtime: ("localtime", "stable"),
    exp.CurrentUser: ("current_user", "stable"),
    exp.SessionUser: ("session_user", "stable"),
    exp.CurrentSchema: ("current_schema", "stable"),
    exp.Rand: ("random", "volatile"),
    exp.Uuid: ("gen_random_uuid", "volatile"),
    exp.Concat: ("concat", "stable"),
    exp.ConcatWs: ("concat_ws", "stable"),
    exp.TimeToStr: ("to_char", "stable"),
}


def non_immutable(func: exp.Expression) -> tuple[str, str] | None:
    """(name, volatility) of a function that has no IMMUTABLE form, else None."""
    known = _TYPED_FUNCTIONS.get(type(func))
    if known is not None:
        return known
    if isinstance(func, exp.Anonymous):
        info = lookup_function(func.name)
        if info is not None and "immutable" not in (info.overload_volatilities or (info.volatility,)):
            return info.name, info.volatility
    return None


def call_anchor(stmt, func: exp.Func):
    """Where a function call is and how it was written: its name with `()` for a call, the keyword
    for a function written as one (`current_timestamp`)."""
    meta = func.meta
    if "start" in meta:  # a call: point at its name, as written
        return (stmt.start + meta["start"], stmt.start + meta["end"] + 1), stmt.text[meta["start"] : meta["end"] + 1] + "()"
    keyword = func.sql_name()
    return stmt.find_words(keyword) or func, keyword.lower()


class IndexFunctionNotImmutable(Rule):
    """Index expressions and predicates may call only IMMUTABLE functions.

    **What it does**: flags calls of functions that are never IMMUTABLE (`now()`, `random()`,
    `concat()`, `to_char()`, `gen_random_uuid()`, ...) in index key expressions and in the
    `WHERE` predicate of a partial index.

    **Why it matters**: an index must compute the same value for a row every time. DSQL fails with
    `42P17 functions in index expression must be marked IMMUTABLE` (PostgreSQL says
    `functions in index predicate must be marked IMMUTABLE` for WHERE).

    **Example**
    ```sql
    CREATE INDEX ASYNC people_name_idx ON people ((concat(last_name, ', ', first_name)));
    ```

    **Use instead**: the `||` operator is immutable on text.
    ```sql
    CREATE INDEX ASYNC people_name_idx ON people ((last_name || ', ' || first_name));
    ```

    **Reference**: live-observed error list (spec §7); PostgreSQL CREATE INDEX.
    """

    code = "DSQL416"
    name = "index-function-not-immutable"
    requires = "expression_indexes"

    def check(self, stmt, ctx):
        create = create_index(stmt)
        if create is None:
            return
        params = create.this.args.get("params")
        if params is None:
            return
        where = params.args.get("where")
        places = [(part, "expression") for part in params.args.get("columns") or []]
        if where is not None:
            places.append((where, "predicate"))
        for node, place in places:
            for func in node.find_all(exp.Func):
                found = non_immutable(func)
                if found is None:
                    continue
                name, volatility = found
                at, written = call_anchor(stmt, func)
                suggestion = (
                    "use the || operator, which is immutable on text"
                    if name in ("concat", "concat_ws")
                    else "an index predicate must not change over time: compare with a constant, or filter in the query"
                    if place == "predicate"
                    else "index the column itself, or an expression of immutable functions only"
                )
                yield Violation(
                    at,
                    f"{written} is {volatility}, not IMMUTABLE: DSQL rejects it in an index {place} "
                    f"(`functions in index {place} must be marked IMMUTABLE`)",
                    suggestion,
                )
