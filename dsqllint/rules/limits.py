"""Limits: what DSQL caps per table, per key and per database (spec §4, the CHAP_quotas page).

Per-table and per-key limits are judged file by file. Per-database limits (tables, schemas,
sequences, views) are judged for each file alone and, in `check_run`, for every file of a run
taken together in the order given, as a migrations tree is applied.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Iterator

from sqlglot import exp
from sqlglot.tokens import Token, TokenType

from dsqllint.catalog import name_key
from dsqllint.findings import Severity
from dsqllint.rules.base import Rule, Violation
from dsqllint.rules.indexes import declared_keys, is_prefix, key_anchor, key_base, key_label, node_span

MAX_COLUMNS = 255
NAMEDATALEN = 64  # PostgreSQL: identifiers keep NAMEDATALEN - 1 = 63 bytes
MAX_KEY_BYTES = 2000


def _is_create(tree, kind: str) -> bool:
    return isinstance(tree, exp.Create) and (tree.args.get("kind") or "").upper() == kind


def _temporary(tree) -> bool:
    props = tree.args.get("properties") if isinstance(tree, exp.Expression) else None
    return bool(props and props.find(exp.TemporaryProperty))


# --- columns per table ---------------------------------------------------------------------------


class TooManyColumns(Rule):
    """A table may have at most 255 columns.

    **What it does**: counts the columns of each table the file creates, adding `ADD COLUMN`s and
    subtracting `DROP COLUMN`s of later `ALTER TABLE` statements, and flags the column that makes
    256.

    **Why it matters**: DSQL fails with `54011 tables can have at most 255 columns` (PostgreSQL
    allows 1,600). Dropped columns also keep counting against a cumulative limit of 1,600.

    **Example**: a table of 256 columns.
    ```sql
    CREATE TABLE wide (
        c1 int, c2 int, c3 int, c4 int, c5 int, c6 int, c7 int, c8 int, c9 int, c10 int, c11 int, c12 int,
        c13 int, c14 int, c15 int, c16 int, c17 int, c18 int, c19 int, c20 int, c21 int, c22 int, c23 int, c24 int,
        c25 int, c26 int, c27 int, c28 int, c29 int, c30 int, c31 int, c32 int, c33 int, c34 int, c35 int, c36 int,
        c37 int, c38 int, c39 int, c40 int, c41 int, c42 int, c43 int, c44 int, c45 int, c46 int, c47 int, c48 int,
        c49 int, c50 int, c51 int, c52 int, c53 int, c54 int, c55 int, c56 int, c57 int, c58 int, c59 int, c60 int,
        c61 int, c62 int, c63 int, c64 int, c65 int, c66 int, c67 int, c68 int, c69 int, c70 int, c71 int, c72 int,
        c73 int, c74 int, c75 int, c76 int, c77 int, c78 int, c79 int, c80 int, c81 int, c82 int, c83 int, c84 int,
        c85 int, c86 int, c87 int, c88 int, c89 int, c90 int, c91 int, c92 int, c93 int, c94 int, c95 int, c96 int,
        c97 int, c98 int, c99 int, c100 int, c101 int, c102 int, c103 int, c104 int, c105 int, c106 int, c107 int, c108 int,
        c109 int, c110 int, c111 int, c112 int, c113 int, c114 int, c115 int, c116 int, c117 int, c118 int, c119 int, c120 int,
        c121 int, c122 int, c123 int, c124 int, c125 int, c126 int, c127 int, c128 int, c129 int, c130 int, c131 int, c132 int,
        c133 int, c134 int, c135 int, c136 int, c137 int, c138 int, c139 int, c140 int, c141 int, c142 int, c143 int, c144 int,
        c145 int, c146 int, c147 int, c148 int, c149 int, c150 int, c151 int, c152 int, c153 int, c154 int, c155 int, c156 int,
        c157 int, c158 int, c159 int, c160 int, c161 int, c162 int, c163 int, c164 int, c165 int, c166 int, c167 int, c168 int,
        c169 int, c170 int, c171 int, c172 int, c173 int, c174 int, c175 int, c176 int, c177 int, c178 int, c179 int, c180 int,
        c181 int, c182 int, c183 int, c184 int, c185 int, c186 int, c187 int, c188 int, c189 int, c190 int, c191 int, c192 int,
        c193 int, c194 int, c195 int, c196 int, c197 int, c198 int, c199 int, c200 int, c201 int, c202 int, c203 int, c204 int,
        c205 int, c206 int, c207 int, c208 int, c209 int, c210 int, c211 int, c212 int, c213 int, c214 int, c215 int, c216 int,
        c217 int, c218 int, c219 int, c220 int, c221 int, c222 int, c223 int, c224 int, c225 int, c226 int, c227 int, c228 int,
        c229 int, c230 int, c231 int, c232 int, c233 int, c234 int, c235 int, c236 int, c237 int, c238 int, c239 int, c240 int,
        c241 int, c242 int, c243 int, c244 int, c245 int, c246 int, c247 int, c248 int, c249 int, c250 int, c251 int, c252 int,
        c253 int, c254 int, c255 int, c256 int
    );
    ```

    **Use instead**: move rarely used columns to a 1:1 side table sharing the primary key, or
    fold sparse attributes into a `json` column.
    ```sql
    CREATE TABLE wide (id uuid PRIMARY KEY, c1 int, c2 int, attributes json);
    CREATE TABLE wide_extra (id uuid PRIMARY KEY REFERENCES wide (id), c200 int, c201 int);
    ```

    **Reference**: DSQL quotas (CHAP_quotas): columns per table. One observation saw 256 columns
    accepted; the documented limit and the error text both say 255.
    """

    code = "DSQL801"
    name = "too-many-columns"

    def __init__(self) -> None:
        self._file: tuple[int, dict[int, list[tuple[str, int, exp.ColumnDef]]]] | None = None

    def check(self, stmt, ctx):
        if stmt.kind not in ("CREATE TABLE", "ALTER TABLE"):
            return
        for table, count, column in self._overflows(ctx).get(stmt.index, []):
            yield Violation(
                column_anchor(stmt, column),
                f'column "{column.name}" is column #{count} of table {table}; DSQL allows at most {MAX_COLUMNS} '
                "(`tables can have at most 255 columns`)",
                "move rarely used columns to a 1:1 side table sharing the primary key, or into a json column",
            )

    def _overflows(self, ctx) -> dict[int, list[tuple[str, int, exp.ColumnDef]]]:
        """statement index -> (table, its column count, the first column over the limit)."""
        if self._file is not None and self._file[0] == id(ctx.statements):
            return self._file[1]
        counts: dict[str, int] = {}
        found: dict[int, list[tuple[str, int, exp.ColumnDef]]] = {}
        for stmt in ctx.statements:
            if stmt.kind not in ("CREATE TABLE", "ALTER TABLE", "DROP TABLE"):
                continue  # (a long file's trees are loaded only when needed)
            tree = stmt.tree
            if _is_create(tree, "TABLE") and isinstance(tree.this, exp.Schema):
                table = name_key(tree.this.this)
                columns = [c for c in tree.this.expressions if isinstance(c, exp.ColumnDef)]
                counts[table] = len(columns)
                if len(columns) > MAX_COLUMNS:
                    found.setdefault(stmt.index, []).append((table, len(columns), columns[MAX_COLUMNS]))
            elif isinstance(tree, exp.Alter) and (tree.args.get("kind") or "").upper() == "TABLE":
                table = name_key(tree.this)
                if table not in counts:
                    continue
                for action in tree.args.get("actions") or []:
                    if isinstance(action, exp.ColumnDef):
                        counts[table] += 1
                        if counts[table] == MAX_COLUMNS + 1:
                            found.setdefault(stmt.index, []).append((table, counts[table], action))
                    elif isinstance(action, exp.Drop) and (action.args.get("kind") or "").upper() == "COLUMN":
                        counts[table] -= len(action.args.get("tables") or [])
            elif isinstance(tree, exp.Drop) and (tree.args.get("kind") or "").upper() == "TABLE":
                for t in tree.args.get("tables") or []:
                    counts.pop(name_key(t), None)
        self._file = (id(ctx.statements), found)
        return found


def column_anchor(stmt, column: exp.ColumnDef):
    return column.this if "start" in column.this.meta else column


# --- identifier length ---------------------------------------------------------------------------

_NAME_TOKENS = {TokenType.VAR, TokenType.IDENTIFIER}


def truncated(name: str) -> str:
    """What PostgreSQL keeps of a name: its first 63 bytes, cut at a character boundary."""
    return name.encode("utf-8")[: NAMEDATALEN - 1].decode("utf-8", "ignore")


class IdentifierTooLong(Rule):
    """Identifiers longer than 63 bytes are silently truncated.

    **What it does**: flags each name (table, column, index, constraint, schema, sequence, view,
    ...) longer than 63 bytes in UTF-8, once per file, at its first use.

    **Why it matters**: DSQL is PostgreSQL 16 underneath, whose names keep NAMEDATALEN-1 = 63
    bytes: a longer name is cut to 63 bytes with only a NOTICE (`identifier ... will be truncated
    to ...`). The statement succeeds, but the catalog holds a different name than the migration
    wrote, so two long names sharing their first 63 bytes collide (`relation ... already exists`)
    and tools comparing schema to code see a mismatch. MySQL allows 64 characters, which can be up
    to 256 bytes. DSQL's documentation does not state the limit, so this is a warning, not an error.

    **Example**
    ```sql
    CREATE TABLE customer_subscription_billing_history_adjustments_by_region_and_month (id uuid PRIMARY KEY);
    ```

    **Use instead**
    ```sql
    CREATE TABLE customer_billing_adjustments_monthly (id uuid PRIMARY KEY);
    ```

    **Reference**: PostgreSQL "Identifiers and Key Words" (NAMEDATALEN); spec §4 marks DSQL's value
    unverified.
    """

    code = "DSQL802"
    name = "identifier-too-long"
    severity = Severity.WARNING

    def __init__(self) -> None:
        self._seen: tuple[int, set[str]] = (0, set())

    def check(self, stmt, ctx):
        if self._seen[0] != id(ctx.statements):
            self._seen = (id(ctx.statements), set())
        seen = self._seen[1]
        for token in stmt.tokens:
            if token.token_type not in _NAME_TOKENS:
                continue
            text = token.text
            size = len(text.encode("utf-8"))
            if size < NAMEDATALEN:
                continue
            key = text if token.token_type == TokenType.IDENTIFIER else text.lower()
            if key in seen:
                continue
            seen.add(key)
            kept = truncated(text)
            yield Violation(
                token,
                f'identifier "{text}" is {size} bytes; DSQL keeps the first {NAMEDATALEN - 1} '
                f'("{kept}") and silently drops the rest',
                f"shorten it to at most {NAMEDATALEN - 1} bytes",
            )


# --- objects per database ------------------------------------------------------------------------


@dataclass
class Declaration:
    """An object a statement creates or drops, by a case-folded (schema, name) key."""

    key: tuple[str, str]
    at: object  # anchor: a node, token or span
    drop: bool = False


def _object_key(node: exp.Expression | None, dialect: str) -> tuple[str, str]:
    if isinstance(node, exp.Schema):
        node = node.this
    if isinstance(node, exp.Table):
        schema = name_key(node.args.get("db")) if node.args.get("db") is not None else ""
        return schema or ("public" if dialect == "postgres" else ""), name_key(node.this)
    return ("public" if dialect == "postgres" else ""), name_key(node)


def _names_from_tokens(stmt, word: str) -> list[tuple[list[Token], tuple[str, str]]]:
    """Object names after `word` (TABLE, VIEW, ...), skipping IF [NOT] EXISTS: for statements sqlglot
    left opaque. Each is (tokens, (schema, name))."""
    tokens, words = stmt.tokens, stmt.words
    i = next((k for k, w in enumerate(words) if w == word and tokens[k].token_type != TokenType.IDENTIFIER), None)
    if i is None:
        return []
    j = i + 1
    for skip in (["IF", "NOT", "EXISTS"], ["IF", "EXISTS"]):
        if words[j : j + len(skip)] == skip:
            j += len(skip)
    names = []
    while j < len(tokens):
        parts = [tokens[j]]
        j += 1
        while j + 1 < len(tokens) and tokens[j].token_type == TokenType.DOT:
            parts += [tokens[j], tokens[j + 1]]
            j += 2
        idents = [t for t in parts if t.token_type != TokenType.DOT]
        fold = [t.text if t.token_type == TokenType.IDENTIFIER else t.text.lower() for t in idents]
        schema = fold[-2] if len(fold) > 1 else ""
        names.append((parts, (schema, fold[-1])))
        if j < len(tokens) and tokens[j].token_type == TokenType.COMMA and words[i - 1] == "DROP":
            j += 1
            continue
        break
    return names


def _created(stmt, dialect: str, kind: str) -> Iterator[Declaration]:
    """The object a `CREATE <kind>` statement declares (not TEMP tables or views, which belong to
    a session)."""
    tree = stmt.tree
    if isinstance(tree, exp.Create) and not stmt.opaque:
        if (tree.args.get("kind") or "").upper() == kind and not _temporary(tree):
            target = tree.this.this if isinstance(tree.this, exp.Schema) else tree.this
            yield Declaration(_object_key(target, dialect), node_span(stmt, target))
        return
    if stmt.has_words("TEMP") or stmt.has_words("TEMPORARY"):
        return
    for tokens, (schema, name) in _names_from_tokens(stmt, kind):
        at = (stmt.token_start(tokens[0]), stmt.token_end(tokens[-1]))
        yield Declaration((schema or ("public" if dialect == "postgres" else ""), name), at)


def _dropped(stmt, dialect: str, kind: str) -> Iterator[Declaration]:
    tree = stmt.tree
    if isinstance(tree, exp.Drop):
        if (tree.args.get("kind") or "").upper() == kind:
            for t in tree.args.get("tables") or []:
                yield Declaration(_object_key(t, dialect), t, drop=True)
        return
    for _tokens, (schema, name) in _names_from_tokens(stmt, kind):
        yield Declaration((schema or ("public" if dialect == "postgres" else ""), name), None, drop=True)


def _relations(kind: str):
    def declarations(stmt, dialect: str) -> Iterator[Declaration]:
        if stmt.kind == f"CREATE {kind}":
            yield from _created(stmt, dialect, kind)
        elif stmt.kind == f"DROP {kind}":
            yield from _dropped(stmt, dialect, kind)

    return declarations


_SYSTEM_SCHEMAS = {"public", "sys"}


def _schemas(stmt, dialect: str) -> Iterator[Declaration]:
    """CREATE / DROP SCHEMA; in MySQL also DATABASE, which becomes a schema in DSQL."""
    verb, _, kind = stmt.kind.partition(" ")
    if kind not in ("SCHEMA", "DATABASE") or (kind == "DATABASE" and dialect != "mysql") or verb not in ("CREATE", "DROP"):
        return
    for tokens, (_, name) in _names_from_tokens(stmt, kind):
        if verb == "CREATE" and tokens[0].text.upper() == "AUTHORIZATION":  # CREATE SCHEMA AUTHORIZATION role
            role = stmt.token_after(stmt.token_end(tokens[0]))
            if role is None:
                continue
            tokens, name = [role], role.text if role.token_type == TokenType.IDENTIFIER else role.text.lower()
        if name.lower() in _SYSTEM_SCHEMAS:
            continue
        at = (stmt.token_start(tokens[0]), stmt.token_end(tokens[-1]))
        yield Declaration(("", name), at, drop=verb == "DROP")


@dataclass(frozen=True)
class ObjectLimit:
    """One per-database quota and how to count what it limits."""

    noun: str
    limit: int
    error: str  # DSQL's message
    advice: str
    declarations: Callable[..., Iterator[Declaration]]


OBJECT_LIMITS = (
    ObjectLimit("table", 1000, "creating more than 1000 tables not allowed",
                "share tables across tenants with a key column, or split the schema across clusters", _relations("TABLE")),
    ObjectLimit("schema", 10, "more than 10 schemas not allowed",
                "merge schemas, e.g. one per module rather than one per tenant", _schemas),
    ObjectLimit("sequence", 5000, "creating more than 5000 sequences is not allowed",
                "use uuid keys (gen_random_uuid()) where ids need not be readable, or drop unused sequences",
                _relations("SEQUENCE")),
    ObjectLimit("view", 5000, "creating more than 5000 views not allowed",
                "replace per-tenant or per-report views with one view filtered at query time", _relations("VIEW")),
)


@dataclass
class Crossing:
    """The declaration that first takes the count over a limit."""

    limit: ObjectLimit
    result: object  # the engine's FileResult in a run; None for one file
    index: int  # the declaring statement's index in its file
    at: object
    number: int  # the count with this declaration
    total: int  # the count once every statement has run


def declarations(limit: ObjectLimit, statements, dialect: str) -> list[tuple[int, tuple[str, str], bool, object]]:
    """(statement index, key, drop, anchor) of every declaration `limit` counts in one file, in order."""
    out = []
    for stmt in statements:
        if stmt.client or stmt.error is not None:
            continue
        for decl in limit.declarations(stmt, dialect):
            out.append((stmt.index, decl.key, decl.drop, decl.at))
    return out


def find_crossing(limit: ObjectLimit, files) -> Crossing | None:
    """Replay the declarations of `files` ((result, declarations), in order)."""
    live: set[tuple[str, str]] = set()
    crossing = None
    for result, declared in files:
        for index, key, drop, at in declared:
            if drop:
                live.discard(key)
            elif key not in live:
                live.add(key)
                if crossing is None and len(live) > limit.limit:
                    crossing = Crossing(limit, result, index, at, len(live), 0)
    if crossing is not None:
        crossing.total = len(live)
    return crossing


class TooManyObjects(Rule):
    """A database may have at most 1,000 tables, 10 schemas, 5,000 sequences and 5,000 views.

    **What it does**: counts the tables, schemas (besides `public` and `sys`; MySQL databases
    count as schemas), sequences and views created, less those dropped, by one file and by every
    file of a run taken together in the order given (a migrations tree), and flags the declaration
    that first goes over a limit.

    **Why it matters**: a DSQL cluster has one database, and each `CREATE` past a quota fails:
    `54000 creating more than 1000 tables not allowed`, `54000 more than 10 schemas not allowed`,
    `54000 creating more than 5000 sequences is not allowed`,
    `54000 creating more than 5000 views not allowed`. MySQL applications that use one database
    per module or per tenant, and multi-tenant layouts with a set of tables per tenant, hit these.

    **Example**
    ```sql
    CREATE SCHEMA s1; CREATE SCHEMA s2; CREATE SCHEMA s3; CREATE SCHEMA s4; CREATE SCHEMA s5;
    CREATE SCHEMA s6; CREATE SCHEMA s7; CREATE SCHEMA s8; CREATE SCHEMA s9; CREATE SCHEMA s10;
    CREATE SCHEMA s11;
    ```

    **Use instead**: fewer schemas, grouping objects by module; one set of tables with a tenant
    key rather than one per tenant.
    ```sql
    CREATE SCHEMA billing;
    CREATE TABLE billing.invoices (tenant_id uuid, id uuid, PRIMARY KEY (tenant_id, id));
    ```

    **Reference**: DSQL quotas (CHAP_quotas): schemas, tables, views and sequences per database.
    """

    code = "DSQL803"
    name = "too-many-objects"

    def __init__(self) -> None:
        self._file: tuple[int, list[Crossing]] | None = None
        self._declared: tuple[int, list[list]] | None = None

    def _declarations(self, ctx) -> list[list]:
        """Per limit, the file's declarations (computed once per file)."""
        if self._declared is None or self._declared[0] != id(ctx.statements):
            self._declared = (id(ctx.statements), [declarations(limit, ctx.statements, ctx.dialect) for limit in OBJECT_LIMITS])
        return self._declared[1]

    def check(self, stmt, ctx):
        if self._file is None or self._file[0] != id(ctx.statements):
            crossings = [find_crossing(limit, [(None, declared)])
                         for limit, declared in zip(OBJECT_LIMITS, self._declarations(ctx))]
            self._file = (id(ctx.statements), [c for c in crossings if c is not None])
        for crossing in self._file[1]:
            if crossing.index == stmt.index:
                yield _violation(crossing, "this file")

    def file_data(self, ctx):
        """Per limit noun, [statement index, schema, name, drop, start, end] of each declaration."""
        from dsqllint.engine import _resolve

        statements = ctx.statements
        return {
            limit.noun: [[index, key[0], key[1], drop, *_resolve(statements[index], at)]
                         for index, key, drop, at in declared]
            for limit, declared in zip(OBJECT_LIMITS, self._declarations(ctx))
        }

    def check_run(self, results, target):
        if len(results) < 2:
            return
        files = [(r, _run_declarations(r)) for r in results]
        for i, limit in enumerate(OBJECT_LIMITS):
            per_file = [(r, declared[i]) for r, declared in files]
            if any(find_crossing(limit, [f]) is not None for f in per_file):
                continue  # one file alone goes over the limit: check() has reported it
            crossing = find_crossing(limit, per_file)
            if crossing is not None:
                stmt = crossing.result.statements[crossing.index]
                yield crossing.result, stmt, _violation(crossing, f"the {len(results)} files linted together")


def _run_declarations(result) -> list[list]:
    """A file's declarations per limit, from what it recorded when linted (`file_data`): statements
    of a cached file are not parsed again. Anchors are absolute (start, end) spans."""
    data = result.run_data.get(TooManyObjects.code)
    if data is None:  # a result built by other means: read its statements
        from dsqllint.engine import _resolve

        statements = result.statements
        return [[(index, key, drop, _resolve(statements[index], at))
                 for index, key, drop, at in declarations(limit, statements, result.source.dialect)]
                for limit in OBJECT_LIMITS]
    return [[(index, (schema, name), drop, (start, end)) for index, schema, name, drop, start, end in data[limit.noun]]
            for limit in OBJECT_LIMITS]


def _violation(crossing: Crossing, scope: str) -> Violation:
    limit = crossing.limit
    more = f" ({crossing.total:,} at the end)" if crossing.total > crossing.number else ""
    return Violation(
        crossing.at,
        f"{limit.noun} #{crossing.number:,} declared in {scope}{more}: DSQL allows at most {limit.limit:,} "
        f"{limit.noun}s per database (`{limit.error}`)",
        limit.advice,
    )


# --- declared key size ---------------------------------------------------------------------------

T = exp.DataType.Type
_FIXED_WIDTHS = {
    T.BOOLEAN: 1, T.TINYINT: 2, T.UTINYINT: 2, T.SMALLINT: 2, T.USMALLINT: 4, T.MEDIUMINT: 4, T.UMEDIUMINT: 4,
    T.INT: 4, T.UINT: 8, T.BIGINT: 8, T.UBIGINT: 8, T.FLOAT: 4, T.DOUBLE: 8, T.DATE: 4, T.TIME: 8, T.TIMETZ: 12,
    T.TIMESTAMP: 8, T.TIMESTAMPTZ: 8, T.DATETIME: 8, T.INTERVAL: 16, T.UUID: 16, T.YEAR: 4,
}
_SIZED = {T.CHAR, T.NCHAR, T.VARCHAR, T.NVARCHAR, T.BPCHAR, T.BINARY, T.VARBINARY}


def declared_width(kind: exp.DataType | None) -> int | None:
    """Bytes a value of the declared type takes at least in a key, None when the declaration does
    not bound it (text, bytea, json, unsized varchar). Sized strings count one byte per character,
    a lower bound (UTF-8 may take up to four)."""
    if not isinstance(kind, exp.DataType):
        return None
    if kind.this in _FIXED_WIDTHS:
        return _FIXED_WIDTHS[kind.this]
    params = [p.this for p in kind.expressions if isinstance(p, exp.DataTypeParam)]
    if kind.this in _SIZED:
        if params and isinstance(params[0], exp.Literal) and params[0].is_int:
            return int(params[0].this)
        return 1 if kind.this in (T.CHAR, T.NCHAR, T.BPCHAR, T.BINARY) else None
    if kind.this in (T.DECIMAL, T.BIGDECIMAL):
        precision = int(params[0].this) if params and isinstance(params[0], exp.Literal) and params[0].is_int else 18
        return 8 + 2 * math.ceil(precision / 4)
    return None


class KeyTooWide(Rule):
    """A key's declared columns may add up to at most 2,000 bytes.

    **What it does**: adds up the declared widths of the key columns of each primary key, unique
    constraint and index (`varchar(n)` and `char(n)` count n bytes, `bigint` 8, `uuid` 16, ...;
    unbounded types such as `text` count nothing) and flags a key whose columns exceed 2,000 bytes.
    A MySQL prefix length does not help: DSQL has no prefix keys, so the whole column counts.

    **Why it matters**: DSQL checks the declared key width when the table or index is created and
    fails with `54000 key size greater than 2000 bytes not supported`. (Values are limited again at
    write time: a key longer than about 1 KiB fails with `key size too large`.)

    **Example**
    ```sql
    CREATE TABLE urls (url varchar(2048) PRIMARY KEY, title text);
    ```

    **Use instead**: a surrogate key, with uniqueness of the long value enforced through a hash.
    ```sql
    CREATE TABLE urls (id uuid DEFAULT gen_random_uuid() PRIMARY KEY, url varchar(2048), title text);
    CREATE UNIQUE INDEX ASYNC urls_url_md5 ON urls ((md5(url)));
    ```

    **Fix** (`dsqllint convert`, `lint --fix --unsafe-fixes`; each changes behaviour and is reported):
    an index keeps its leading columns up to 2,000 bytes (lookups on the others filter what the index
    finds); a unique index, UNIQUE or PRIMARY KEY keys its widest text columns by `md5(col)` instead,
    in a unique index (built after the table for a constraint; a primary key's columns stay NOT NULL
    and the table has no primary key). An index whose first column alone is too wide is removed.

    **Reference**: DSQL quotas (CHAP_quotas) and the observed limits table (spec §4).
    """

    code = "DSQL804"
    name = "key-too-wide"
    fixable = True

    def check(self, stmt, ctx):
        if stmt.kind not in ("CREATE TABLE", "CREATE INDEX", "ALTER TABLE"):
            return
        keys = declared_keys(stmt)
        if not keys:
            return
        columns = self._columns(stmt, ctx)
        for key in keys:
            if key.kind in ("fulltext", "spatial"):
                continue
            total, widths = 0, []
            for part in key.parts:
                base = key_base(part)
                if is_prefix(part, ctx.dialect):
                    base = base.this if isinstance(base, exp.ColumnPrefix) else exp.to_identifier(base.name)
                if not isinstance(base, (exp.Column, exp.Identifier)):
                    continue
                column = columns.get(name_key(base))
                width = declared_width(column.args.get("kind")) if column is not None else None
                if width:
                    total += width
                    widths.append(f"{base.name} {width}")
            if total > MAX_KEY_BYTES:
                yield Violation(
                    key_anchor(stmt, key),
                    f"{key_label(key)} has key columns of {total:,} declared bytes ({', '.join(widths)}); DSQL rejects keys "
                    f"wider than {MAX_KEY_BYTES:,} bytes (`key size greater than 2000 bytes not supported`)",
                    "narrow the declared widths, or key on a surrogate (uuid) and enforce uniqueness of long values "
                    "with a unique index on (md5(col))",
                )

    @staticmethod
    def _columns(stmt, ctx) -> dict[str, exp.ColumnDef]:
        tree = stmt.tree
        if _is_create(tree, "TABLE") and isinstance(tree.this, exp.Schema):
            return {name_key(c.this): c for c in tree.this.expressions if isinstance(c, exp.ColumnDef)}
        if isinstance(tree, exp.Create):
            table = ctx.catalog.table(tree.this.args.get("table")) if isinstance(tree.this, exp.Index) else None
        else:
            table = ctx.catalog.table(tree.this)
        return table.columns if table is not None else {}
