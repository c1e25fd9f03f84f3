"""Column types DSQL does not store, and type details it rejects or treats differently."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlglot import exp
from sqlglot.tokens import Token, TokenType

from dsqllint.catalog import name_key
from dsqllint.findings import Severity
from dsqllint.functions import builtin_type_names
from dsqllint.rules import base
from dsqllint.rules.base import Rule, Violation, column_defs, column_type_range

T = exp.DataType.Type


def type_name(column: exp.ColumnDef) -> str:
    """base.type_name, also for the types sqlglot does not give an enum member: `oid`/`regclass`
    (ObjectIdentifier, whose `this` is a string) and `interval year to month` (an Interval)."""
    kind = column.args.get("kind")
    if isinstance(kind, exp.DataType) and not isinstance(kind.this, exp.DataType.Type):
        return kind.this.lower() if isinstance(kind.this, str) else "interval"
    return base.type_name(column)


class ArrayColumn(Rule):
    """Array column types are rejected.

    **What it does**: flags columns declared as arrays (`text[]`, `integer ARRAY`).

    **Why it matters**: arrays are a runtime-only type in DSQL. `CREATE TABLE` fails with
    `0A000 datatype text[] not supported`.

    **Example**
    ```sql
    CREATE TABLE posts (id uuid PRIMARY KEY, tags text[]);
    ```

    **Use instead**: a `json` column holding the list, or a child table with one row per element.
    ```sql
    CREATE TABLE posts (id uuid PRIMARY KEY, tags json);
    ```

    **Reference**: DSQL supported data types, "Query runtime data types".
    """

    code = "DSQL101"
    name = "array-column"
    dialects = frozenset({"postgres"})

    def check(self, stmt, ctx):
        for column in column_defs(stmt.tree):
            kind = column.args.get("kind")
            if isinstance(kind, exp.DataType) and kind.this == T.ARRAY:
                declared = stmt.text[slice(*(o - stmt.start for o in column_type_range(stmt, column)))]
                yield Violation(
                    column_type_range(stmt, column),
                    f'column "{column.name}" is an array ({declared}); DSQL rejects array columns '
                    f"(`datatype {declared} not supported`)",
                    "store the list in a json column, or in a child table with one row per element",
                )


class JsonbColumn(Rule):
    """`jsonb` columns may be rejected; `json` is the documented JSON column type.

    **What it does**: flags columns declared `jsonb`.

    **Why it matters**: AWS sources disagree on `jsonb` as a column type: a live-cluster check
    (awslabs/agent-plugins 715fa78) saw `jsonb` rejected with `datatype not supported`, while other
    AWS material lists it. `json` is accepted as a column type, and `::jsonb` casts and jsonb
    operators work at query time.

    **Example**
    ```sql
    CREATE TABLE events (id uuid PRIMARY KEY, payload jsonb);
    ```

    **Use instead**
    ```sql
    CREATE TABLE events (id uuid PRIMARY KEY, payload json);
    ```
    and cast with `payload::jsonb` in queries that need jsonb operators.
    """

    code = "DSQL102"
    name = "jsonb-column"
    severity = Severity.WARNING
    dialects = frozenset({"postgres"})

    def check(self, stmt, ctx):
        for column in column_defs(stmt.tree):
            if type_name(column) == "jsonb":
                yield Violation(
                    column_type_range(stmt, column),
                    f'column "{column.name}" is jsonb; DSQL may reject jsonb columns '
                    "(`datatype jsonb not supported` seen on live clusters)",
                    "declare it json (cast with ::jsonb in queries), or text",
                )


class JsonColumn(Rule):
    """`json` columns are rejected at targets before DSQL accepted them.

    **What it does**: flags `json` (and `jsonb`) columns when the target predates json column support.

    **Why it matters**: older DSQL versions and the 2025-12 guidance treat JSON as a runtime-only
    type: store documents as `text` and cast at query time.

    **Example**
    ```sql
    CREATE TABLE events (id uuid PRIMARY KEY, payload json);
    ```

    **Use instead**
    ```sql
    CREATE TABLE events (id uuid PRIMARY KEY, payload text);
    ```
    """

    code = "DSQL103"
    name = "json-column"
    obsolete_with = "json_columns"

    def check(self, stmt, ctx):
        for column in column_defs(stmt.tree):
            if type_name(column) in ("json", "jsonb"):
                yield Violation(
                    column_type_range(stmt, column),
                    f'column "{column.name}" is {type_name(column)}; {ctx.target.label} stores JSON only as text',
                    "declare it text and cast (payload::json) at query time",
                )


class EnumType(Rule):
    """ENUM types are rejected: MySQL `ENUM(...)` columns, `CREATE TYPE ... AS ENUM` and columns of such a type.

    **What it does**: flags MySQL `ENUM('a','b')` columns, PostgreSQL `CREATE TYPE ... AS ENUM`,
    and columns whose type is an enum the file creates.

    **Why it matters**: DSQL has no enum types and `CREATE TYPE` is unsupported, so the type and
    every table using it fail to create.

    **Example**
    ```sql
    CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
    CREATE TABLE person (name text, current_mood mood);
    ```

    **Use instead**: a `varchar` with a CHECK that keeps the allowed values enforced.
    ```sql
    CREATE TABLE person (
        name text,
        current_mood varchar(5) CHECK (current_mood IN ('sad', 'ok', 'happy'))
    );
    ```
    """

    code = "DSQL104"
    name = "enum-type"


    def check(self, stmt, ctx):
        tree = stmt.tree
        if isinstance(tree, exp.Create) and (tree.args.get("kind") or "").upper() == "TYPE":
            if isinstance(tree.expression, exp.DataType) and tree.expression.is_type("enum"):
                labels = ", ".join(e.sql() for e in tree.expression.expressions)
                yield Violation(
                    tree.this,
                    f'CREATE TYPE {tree.this.name} AS ENUM: DSQL has no enum types (CREATE TYPE is unsupported)',
                    f"use varchar with CHECK (col IN ({labels})) on each column of this type",
                )
            return
        for column in column_defs(tree):
            kind = column.args.get("kind")
            if not isinstance(kind, exp.DataType):
                continue
            if kind.this == T.ENUM:
                labels = ", ".join(e.sql() for e in kind.expressions)
                yield Violation(
                    column_type_range(stmt, column),
                    f'column "{column.name}" is an ENUM; DSQL has no enum types',
                    f'use varchar with CHECK ("{column.name}" IN ({labels}))',
                )
            elif kind.this == T.USERDEFINED and name_key(str(kind.args.get("kind") or "").split(".")[-1]) in ctx.catalog.enum_types:
                yield Violation(
                    column_type_range(stmt, column),
                    f'column "{column.name}" uses enum type {type_name(column)}, which DSQL cannot create',
                    "use varchar with a CHECK listing the allowed values",
                )


# --- the declared type as written -----------------------------------------------------------------
# sqlglot normalises types across dialects (PostgreSQL `bytea` and MySQL `varbinary` are both
# VARBINARY; MySQL `int8` reads as TINYINT), so the rules below judge the type from its tokens.

_MODIFIERS = {"UNSIGNED", "SIGNED", "ZEROFILL"}
_TYPE_WORDS = {"VARYING", "PRECISION", "WITH", "WITHOUT", "TIME", "ZONE"}
_OPEN = (TokenType.L_PAREN, TokenType.L_BRACKET)
_CLOSE = (TokenType.R_PAREN, TokenType.R_BRACKET)


@dataclass
class Declared:
    """A column's type as written: `character varying(20)`, `int(11) unsigned`, `public.citext`."""

    column: exp.ColumnDef
    start: int  # absolute span of the whole type
    end: int
    text: str
    name: str  # base name without parameters or modifiers, lower case unless quoted: "timestamp with time zone"
    schema: str = ""  # qualifier as written, lower case: "pg_catalog", "public"
    quoted: bool = False
    params: tuple = ()  # the first (...) group: ints, None for anything else ('a', Point)
    params_span: tuple[int, int] | None = None
    modifiers: dict[str, Token] = field(default_factory=dict)  # UNSIGNED / SIGNED / ZEROFILL
    array: bool = False

    @property
    def key(self) -> str:
        """Lookup key for types a file creates (as catalog.name_key folds names)."""
        return self.name if self.quoted else self.name.lower()

    @property
    def unqualified(self) -> bool:
        return self.schema in ("", "pg_catalog")


_last: tuple = (None, [])  # (statement, its Declared list): the rules of one statement run one after another


def _token_index(stmt, offset: int) -> int:
    """Index of the first token of `stmt` starting at or after absolute `offset`."""
    return stmt.token_index(offset)


def declared_types(stmt) -> list[Declared]:
    """The declared type of every column a CREATE TABLE, ALTER TABLE ADD COLUMN or MySQL
    MODIFY/CHANGE COLUMN defines, read from the tokens."""
    global _last
    if _last[0] is stmt:
        return _last[1]
    tree = stmt.tree
    found: list[Declared] = []
    if isinstance(tree, (exp.Create, exp.Alter)):
        for column in _columns(tree):
            if column.args.get("kind") is None:
                continue
            decl = _read_type(stmt, column)
            if decl is not None:
                found.append(decl)
    _last = (stmt, found)
    return found


def _columns(tree):
    yield from column_defs(tree)
    if isinstance(tree, exp.Alter):
        for action in tree.args.get("actions") or []:
            if isinstance(action, exp.ModifyColumn) and isinstance(action.this, exp.ColumnDef):
                yield action.this


def _read_type(stmt, column: exp.ColumnDef) -> Declared | None:
    tokens = stmt.tokens
    i = _token_index(stmt, stmt.node_end(column.this))
    if i >= len(tokens):
        return None
    words: list[Token] = []
    schema, params, params_span, modifiers, array = "", [], None, {}, False
    group: list[Token] = []
    depth, groups, expect_name, last, params_span_start = 0, 0, True, tokens[i], 0
    for t in tokens[i:]:
        kind, word = t.token_type, t.text.upper()
        if depth:
            if kind in _OPEN:
                depth += 1
            elif kind in _CLOSE:
                depth -= 1
                if depth == 0 and groups == 1 and params_span is None:
                    params_span = (params_span_start, stmt.token_end(t))
                    params = _params(group)
            if depth and groups == 1 and params_span is None:
                group.append(t)
            last = t
            continue
        if expect_name:
            words.append(t)
            expect_name = False
        elif kind == TokenType.DOT and words:
            schema = ".".join(w.text.lower() for w in words)
            words, expect_name = [], True
        elif kind == TokenType.L_PAREN:
            depth, groups = 1, groups + 1
            if groups == 1:
                params_span_start = stmt.token_start(t)
        elif kind == TokenType.L_BRACKET:
            depth, array = 1, True
        elif word in _MODIFIERS:
            modifiers[word] = t
        elif word == "ARRAY":
            array = True
        elif word in _TYPE_WORDS:
            words.append(t)
        else:
            break
        last = t
    if not words:
        return None
    quoted = words[0].token_type == TokenType.IDENTIFIER
    name = " ".join(w.text if w.token_type == TokenType.IDENTIFIER else w.text.lower() for w in words)
    start, end = stmt.token_start(tokens[i]), stmt.token_end(last)
    return Declared(
        column, start, end, stmt.text[start - stmt.start : end - stmt.start], name, schema, quoted,
        tuple(params), params_span, modifiers, array,
    )


def _params(group: list[Token]) -> list:
    """`(10, 2)` → [10, 2]; `(-5)` → [-5]; `('a', 'b')` → [None, None]."""
    items, current = [], []
    for t in group + [None]:
        if t is None or (t.token_type == TokenType.COMMA):
            texts = [x.text for x in current]
            sign = -1 if texts[:1] == ["-"] else 1
            digits = texts[1:] if sign < 0 else texts
            number = len(digits) == 1 and digits[0].isascii() and digits[0].isdigit()
            items.append(sign * int(digits[0]) if number else None)
            current = []
        else:
            current.append(t)
    return items


def _column_window(stmt, column: exp.ColumnDef) -> list[Token]:
    """The tokens of a column definition after its name, up to the comma or parenthesis that ends it."""
    out, depth = [], 0
    for t in stmt.tokens[_token_index(stmt, stmt.node_end(column.this)) :]:
        if t.token_type in _OPEN:
            depth += 1
        elif t.token_type in _CLOSE:
            depth -= 1
            if depth < 0:
                break
        elif t.token_type == TokenType.COMMA and depth == 0:
            break
        out.append(t)
    return out


def _clause(stmt, column: exp.ColumnDef, keywords: tuple[str, ...]) -> tuple[tuple[int, int], str] | None:
    """Span and name of a `COLLATE name` / `CHARACTER SET name` / `CHARSET name` clause of a column."""
    window = _column_window(stmt, column)
    words = [t.text.upper() if t.token_type not in (TokenType.IDENTIFIER, TokenType.STRING) else "" for t in window]
    n = len(keywords)
    for i in range(len(window) - n):
        if tuple(words[i : i + n]) == keywords:
            parts, j = [window[i + n]], i + n + 1
            while j + 1 < len(window) and window[j].token_type == TokenType.DOT:
                parts += [window[j], window[j + 1]]
                j += 2
            name = "".join(_as_written(t) for t in parts)
            return (stmt.token_start(window[i]), stmt.token_end(parts[-1])), name
    return None


def _as_written(t: Token) -> str:
    if t.token_type == TokenType.IDENTIFIER:
        return f'"{t.text}"'
    if t.token_type == TokenType.STRING:
        return f"'{t.text}'"
    return t.text


# --- what the file itself creates -------------------------------------------------------------------
_file_types_cache: tuple = (None, {})


def file_types(ctx) -> dict[str, str]:
    """Types and domains the file creates: name key → "enum", "composite", "range", "base" or "domain"."""
    global _file_types_cache
    if _file_types_cache[0] is ctx.statements:
        return _file_types_cache[1]
    found: dict[str, str] = {}
    for stmt in ctx.statements:
        if stmt.kind not in ("CREATE TYPE", "CREATE DOMAIN"):
            continue
        tree = stmt.tree
        if isinstance(tree, exp.Create) and not stmt.opaque:
            what = tree.expression
            if isinstance(what, exp.DataType) and what.is_type("enum"):
                kind = "enum"
            elif isinstance(what, exp.Schema):
                kind = "composite"
            else:
                kind = "base"
            found.setdefault(name_key(tree.this), kind)
            continue
        keyword = "DOMAIN" if stmt.kind == "CREATE DOMAIN" else "TYPE"
        word = stmt.find_words(keyword)
        if word is None:
            continue
        at = stmt.tokens.index(word) + 1
        tokens = stmt.tokens
        if at >= len(tokens):
            continue
        while at + 2 < len(tokens) and tokens[at + 1].token_type == TokenType.DOT:
            at += 2
        name = tokens[at]
        key = name.text if name.token_type == TokenType.IDENTIFIER else name.text.lower()
        rest = [t.text.upper() for t in tokens[at + 1 : at + 3]]
        if keyword == "DOMAIN":
            kind = "domain"
        elif rest[:2] == ["AS", "RANGE"]:
            kind = "range"
        elif rest[:2] == ["AS", "ENUM"]:
            kind = "enum"
        elif rest[:2] == ["AS", "("]:
            kind = "composite"
        else:
            kind = "base"
        found.setdefault(key, kind)
    _file_types_cache = (ctx.statements, found)
    return found


# --- what each type name is -------------------------------------------------------------------------
# DSQL's column types (supported-data-types page, spec §2.1), as written in PostgreSQL and MySQL.
DSQL_TYPES = {
    "smallint", "int2", "integer", "int", "int4", "bigint", "int8",
    "real", "float4", "double precision", "float8", "float",
    "numeric", "decimal", "dec",
    "char", "character", "nchar", "bpchar", "varchar", "character varying", "char varying", "nchar varying", "text",
    "date", "time", "time without time zone", "time with time zone", "timetz",
    "timestamp", "timestamp without time zone", "timestamp with time zone", "timestamptz", "interval",
    "boolean", "bool", "bytea", "uuid", "json", "jsonb",
}
NUMERIC_TYPES = {"numeric", "decimal", "dec", "fixed"}
VARCHAR_TYPES = {"varchar", "character varying", "char varying", "nchar varying", "nvarchar"}
CHAR_TYPES = {"char", "character", "nchar", "bpchar"}
INTEGER_TYPES = {"smallint", "int2", "integer", "int", "int4", "bigint", "int8"}
BIT_TYPES = {"bit", "bit varying", "varbit"}
SERIAL_TYPES = {"serial", "bigserial", "smallserial", "serial2", "serial4", "serial8"}

_GEOMETRIC = {"point", "line", "lseg", "box", "path", "polygon", "circle"}
_OBJECT_IDS = {"oid", "xid", "xid8", "cid", "tid", "pg_lsn", "pg_snapshot", "txid_snapshot"}


def builtin_family(name: str) -> tuple[str, str] | None:
    """For a PostgreSQL 16 built-in type DSQL does not store: (what it is, what to do instead)."""
    if name in DSQL_TYPES or name in BIT_TYPES or name not in _unsupported_builtins():
        return None
    if name == "money":
        return "a money type", "declare it numeric(19,2), with the currency in its own column if it varies"
    if name == "xml":
        return "an xml type", "declare it text, and parse and validate the document in the application"
    if name in ("inet", "cidr"):
        return "a network address type", "declare it varchar(43) or text; inet works at query time, so cast with col::inet"
    if name in ("macaddr", "macaddr8"):
        return "a MAC address type", "declare it varchar(17) (macaddr8: varchar(23)) or bytea"
    if name in _GEOMETRIC:
        return "a geometric type", "store the coordinates in numeric or double precision columns, or in json"
    if name in ("tsvector", "tsquery"):
        return "a text search type", "declare it text; DSQL has no full-text search types or GIN indexes, so search in the application or an external service"
    if name.endswith("multirange"):
        return "a multirange type", "use a child table with one row per range (lower and upper bound columns)"
    if name.endswith("range"):
        return "a range type", "use two columns for the lower and upper bound, with CHECK (lower_bound <= upper_bound)"
    if name in _OBJECT_IDS or name.startswith("reg"):
        return "a system identifier type", "declare it bigint for a number, or text for an object name"
    if name == "name":
        return "a system type", "declare it varchar(63)"
    if name == '"char"':
        return "the internal single-byte \"char\" type", "declare it char(1)"
    if name == "jsonpath":
        return "a query-time type", "declare it text, and cast with ::jsonpath in queries"
    return "a system type", "declare it with a type DSQL stores (text, bigint, bytea, ...)"


_unsupported_cache: set[str] = set()


def _unsupported_builtins() -> set[str]:
    if not _unsupported_cache:
        _unsupported_cache.update(n for n in builtin_type_names() if n not in DSQL_TYPES and n not in BIT_TYPES)
        _unsupported_cache.discard("char")  # unquoted char is character(1); the quoted "char" is the internal type
        _unsupported_cache.add('"char"')
    return _unsupported_cache


# Types that come from extensions DSQL cannot install: name → (extension, what to declare instead).
EXTENSION_TYPES = {
    "citext": ("citext", "text, comparing lower(col) where case must not matter"),
    "hstore": ("hstore", "json"),
    "ltree": ("ltree", "text holding the path (matched with LIKE 'a.b.%')"),
    "lquery": ("ltree", "text"),
    "vector": ("pgvector", "json or bytea holding the embedding, with similarity search outside DSQL"),
    "halfvec": ("pgvector", "json or bytea holding the embedding, with similarity search outside DSQL"),
    "sparsevec": ("pgvector", "json holding the embedding, with similarity search outside DSQL"),
    "geometry": ("PostGIS", "bytea holding WKB, or numeric longitude/latitude columns"),
    "geography": ("PostGIS", "bytea holding WKB, or numeric longitude/latitude columns"),
    "box2d": ("PostGIS", "numeric corner columns"),
    "box3d": ("PostGIS", "numeric corner columns"),
    "raster": ("PostGIS raster", "bytea"),
    "cube": ("cube", "json, or numeric columns"),
    "seg": ("seg", "two numeric columns"),
    "isbn": ("isn", "varchar(17)"),
    "isbn13": ("isn", "varchar(17)"),
    "ismn": ("isn", "varchar(17)"),
    "ismn13": ("isn", "varchar(17)"),
    "issn": ("isn", "varchar(17)"),
    "issn13": ("isn", "varchar(17)"),
    "ean13": ("isn", "varchar(17)"),
    "upc": ("isn", "varchar(17)"),
    "lo": ("lo", "bytea"),
    "hll": ("postgresql-hll", "bytea"),
    "semver": ("semver", "text"),
    "pgp_sym": ("pgcrypto", "bytea"),
}

SPATIAL_TYPES = {
    "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
    "geometrycollection", "geomcollection",
}
_NO_SUCH_TYPE = {  # MySQL name → what DSQL calls it
    "tinyint": "smallint",
    "int1": "smallint",
    "mediumint": "integer",
    "int3": "integer",
    "middleint": "integer",
    "datetime": "timestamp",
    "year": "integer",
    "tinytext": "text",
    "mediumtext": "text",
    "longtext": "text",
    "tinyblob": "bytea",
    "blob": "bytea",
    "mediumblob": "bytea",
    "longblob": "bytea",
    "binary": "bytea",
    "varbinary": "bytea",
    "double": "double precision",
    "nvarchar": "varchar",
    "fixed": "numeric",
}
_FLOATS = {"float", "double", "double precision", "real"}


def category(decl: Declared, ctx) -> str:
    """What a declared type is, for DSQL: "array", "dsql" (a type DSQL stores), "serial", "json",
    "bit", "builtin" (a PostgreSQL type DSQL lacks), "enum"/"composite"/"range"/"base"/"domain"
    (created by the file), "mysql" (a MySQL type DSQL lacks), "set", "extension" or "unknown"."""
    if decl.array:
        return "array"
    name = decl.name
    if ctx.dialect == "mysql":
        if name in ("enum", "set", "json", "serial"):
            return name
        if name == "bit":
            return "bit"
        if name in _NO_SUCH_TYPE or name in SPATIAL_TYPES:
            return "mysql"
        return "dsql"
    if decl.unqualified:
        lookup = '"char"' if decl.quoted and name == "char" else name.lower() if decl.quoted else name
        if lookup in SERIAL_TYPES:
            return "serial"
        if lookup in ("json", "jsonb"):
            return "json"
        if lookup in DSQL_TYPES:
            return "dsql"
        if lookup in BIT_TYPES:
            return "bit"
        if lookup in _unsupported_builtins():
            return "builtin"
    created = file_types(ctx).get(decl.key)
    if created:
        return created
    if not decl.schema and not decl.quoted and name in _NO_SUCH_TYPE:
        return "mysql"
    if decl.key.lower() in EXTENSION_TYPES:
        return "extension"
    return "unknown"


_categorized: tuple = (None, None, None, [])  # (statement, its file, dialect, [(Declared, category)])


def _each(stmt, ctx, *categories):
    global _categorized
    if _categorized[0] is not stmt or _categorized[1] is not ctx.statements or _categorized[2] != ctx.dialect:
        # a dozen type rules ask in turn about the same statement: categorise its columns once
        _categorized = (stmt, ctx.statements, ctx.dialect, [(d, category(d, ctx)) for d in declared_types(stmt)])
    for decl, kind in _categorized[3]:
        if kind in categories:
            yield decl


# --- rules ------------------------------------------------------------------------------------------
class UnsupportedType(Rule):
    """PostgreSQL built-in types DSQL does not store: money, xml, network, geometric, text search, range and system types.

    **What it does**: flags columns declared with a PostgreSQL 16 built-in type that is not among
    DSQL's column types: `money`, `xml`, `inet`/`cidr`/`macaddr`/`macaddr8`, the geometric types
    (`point`, `line`, `lseg`, `box`, `path`, `polygon`, `circle`), `tsvector`/`tsquery`, range
    and multirange types (`int4range`, `tstzrange`, `datemultirange`, ...), the object-identifier
    family (`oid`, `regclass`, `xid`, `pg_lsn`, ...), `name`, `"char"`, `jsonpath` and the system
    catalog types. The list of built-in types comes from a real PostgreSQL 16 catalog.

    **Why it matters**: DSQL stores only the types on its supported-data-types page (integers,
    floats, numeric, character types, date/time types, boolean, bytea, uuid, json); the others
    exist at most as query-time types (e.g. `inet`), so `CREATE TABLE` fails.

    **Example**
    ```sql
    CREATE TABLE accounts (id uuid PRIMARY KEY, balance money, last_ip inet, active tstzrange);
    ```

    **Use instead**
    ```sql
    CREATE TABLE accounts (
        id uuid PRIMARY KEY,
        balance numeric(19, 2),
        last_ip varchar(43),
        active_from timestamptz,
        active_until timestamptz CHECK (active_from <= active_until)
    );
    ```

    **Reference**: DSQL supported data types; spec §2.1 ("not in the column-type list. Treat them
    as unsupported").
    """

    code = "DSQL105"
    name = "unsupported-type"
    dialects = frozenset({"postgres"})

    def check(self, stmt, ctx):
        for decl in _each(stmt, ctx, "builtin"):
            lookup = '"char"' if decl.quoted and decl.name == "char" else decl.name.lower()
            what, instead = builtin_family(lookup)
            yield Violation(
                (decl.start, decl.end),
                f'column "{decl.column.name}" is {decl.text}, {what} that DSQL does not store as a column type',
                instead,
            )


class ExtensionType(Rule):
    """Types from extensions (citext, hstore, ltree, pgvector, PostGIS, ...) do not exist in DSQL.

    **What it does**: flags columns whose type comes from a PostgreSQL extension: `citext`,
    `hstore`, `ltree`, pgvector's `vector`/`halfvec`/`sparsevec`, PostGIS `geometry`/`geography`,
    `cube`, `seg`, the `isn` types, `lo`, and others, schema-qualified or not.

    **Why it matters**: DSQL cannot install extensions (`CREATE EXTENSION` is unsupported), so
    their types do not exist and `CREATE TABLE` fails with `type "citext" does not exist`.

    **Example**
    ```sql
    CREATE TABLE users (id uuid PRIMARY KEY, email citext UNIQUE, prefs hstore);
    ```

    **Use instead**
    ```sql
    CREATE TABLE users (id uuid PRIMARY KEY, email text, prefs json);
    CREATE UNIQUE INDEX ASYNC users_email_key ON users ((lower(email)));
    ```

    **Reference**: DSQL unsupported features, "Unsupported extensions" (PostGIS, PGVector, ...).
    """

    code = "DSQL106"
    name = "extension-type"
    dialects = frozenset({"postgres"})

    def check(self, stmt, ctx):
        for decl in _each(stmt, ctx, "extension"):
            extension, instead = EXTENSION_TYPES[decl.key.lower()]
            yield Violation(
                (decl.start, decl.end),
                f'column "{decl.column.name}" is {decl.text}, a type from the {extension} extension; '
                f'DSQL cannot install extensions (`type "{decl.key.lower()}" does not exist`)',
                f"declare it {instead}",
            )


class UserDefinedType(Rule):
    """Columns of types DSQL cannot create: composite, range and base types, or types from nowhere.

    **What it does**: flags a column whose type is not a PostgreSQL built-in type:
    - error: the file creates the type with `CREATE TYPE` (composite `AS (...)`, `AS RANGE`, or a
      base type). Enum types are `enum-type`'s;
    - warning: the file does not create the type at all (it may come from another migration or
      an extension this linter does not know).

    Columns of a domain the file creates with `CREATE DOMAIN` are not flagged: domains appear in
    DSQL's live-derived grammar (`CreateDomainStmt`) but not in its documentation, so their
    support is unverified, and the `CREATE DOMAIN` statement is the one place to judge that.

    **Why it matters**: `CREATE TYPE` is unsupported in DSQL, so a column of such a type fails
    with `type "..." does not exist`. A type the file does not create can only work if it is a
    domain created elsewhere.

    **Example**
    ```sql
    CREATE TYPE address AS (street text, city text, zip varchar(10));
    CREATE TABLE customers (id uuid PRIMARY KEY, home address);
    ```

    **Use instead**: the fields as columns, or a json document.
    ```sql
    CREATE TABLE customers (
        id uuid PRIMARY KEY,
        home_street text,
        home_city text,
        home_zip varchar(10)
    );
    ```

    **Reference**: DSQL unsupported features ("Types: partial support", `CREATE TYPE`); spec §1.1
    on `CREATE DOMAIN` (unverified).
    """

    code = "DSQL107"
    name = "user-defined-type"
    dialects = frozenset({"postgres"})

    _INSTEAD = {
        "composite": "store its fields as separate columns, or in a json column",
        "range": "use two columns for the lower and upper bound, with a CHECK between them",
        "base": "use a built-in type DSQL stores (text, bytea, numeric, ...)",
    }

    def check(self, stmt, ctx):
        for decl in _each(stmt, ctx, "composite", "range", "base", "unknown"):
            kind = category(decl, ctx)
            if kind == "unknown":
                yield Violation(
                    (decl.start, decl.end),
                    f'column "{decl.column.name}" has type {decl.text}, which is not a PostgreSQL built-in type '
                    "and is not created in this file; DSQL cannot create types (CREATE TYPE is unsupported), "
                    "so it only works if it is a domain created elsewhere (domain support is unverified)",
                    "declare it with a type DSQL stores (text, varchar(n), numeric(p,s), bigint, uuid, timestamptz, ...)",
                    severity=Severity.WARNING,
                )
            else:
                what = {"composite": "a composite type", "range": "a range type", "base": "a type"}[kind]
                yield Violation(
                    (decl.start, decl.end),
                    f'column "{decl.column.name}" uses {decl.text}, {what} this file creates with CREATE TYPE; '
                    "DSQL does not support CREATE TYPE",
                    self._INSTEAD[kind],
                )


class BitType(Rule):
    """`bit` and `bit varying` columns may be rejected: they are not among DSQL's documented column types.

    **What it does**: flags `bit(n)`, `bit varying(n)` and `varbit` columns (PostgreSQL), and
    MySQL `BIT(n)` columns.

    **Why it matters**: the bit-string types appear in DSQL's live-derived grammar (`Bit`,
    `ConstBit`) but not in its supported-data-types tables, so whether a table may store them is
    unverified. That is why this is a warning, not an error. MySQL's `BIT` also behaves differently
    from PostgreSQL's: it holds a number (`b'101'`, `5`), while `bit(n)` is a string of bits
    that rejects integer values.

    **Example**
    ```sql
    CREATE TABLE flags (id uuid PRIMARY KEY, is_active bit(1), permissions bit(16));
    ```

    **Use instead**: `boolean` for one bit, an integer or `bytea` for a set of bits.
    ```sql
    CREATE TABLE flags (id uuid PRIMARY KEY, is_active boolean, permissions integer);
    ```

    **Reference**: spec §2.1 ("`bit(n)`/`varbit` appear in the live grammar, but are not in the docs
    tables"); MySQL → DSQL type mapping (`BIT(1)` → BOOLEAN, `BIT(n)` → BYTEA).
    """

    code = "DSQL108"
    name = "bit-type"
    severity = Severity.WARNING

    def check(self, stmt, ctx):
        for decl in _each(stmt, ctx, "bit"):
            one_bit = decl.name == "bit" and decl.params in ((), (1,))
            if ctx.dialect == "mysql":
                message = (
                    f'column "{decl.column.name}" is {decl.text}; MySQL BIT holds a number, and DSQL\'s bit type '
                    "(a bit string) is not among its documented column types"
                )
            else:
                message = (
                    f'column "{decl.column.name}" is {decl.text}; bit strings are not among DSQL\'s documented '
                    "column types, so DSQL may reject the column"
                )
            instead = "declare it boolean" if one_bit else "declare it bytea, or an integer type holding the bits (bigint: 63)"
            yield Violation((decl.start, decl.end), message, instead)


class CharacterLength(Rule):
    """`varchar(n)` over 65,535 and `char(n)` over 4,096 are rejected.

    **What it does**: flags `varchar(n)` / `character varying(n)` with n > 65535 and `char(n)` /
    `character(n)` / `bpchar(n)` with n > 4096.

    **Why it matters**: DSQL checks the declared size when the table is created:
    `54000 Datatype limit greater than 65535 bytes not supported for varchar` and
    `Datatype limit greater than 4096 bytes not supported for char`. The limits are stated in
    bytes, but DSQL checks the declared length n against them (AWS's own Hibernate dialect uses
    `varchar(65535)` as its maximum), so this rule compares n, not n times the bytes of a UTF-8
    character. A value's real size is limited at write time (1 MiB per column value).

    **Example**
    ```sql
    CREATE TABLE pages (id uuid PRIMARY KEY, body varchar(100000), code char(5000));
    ```

    **Use instead**
    ```sql
    CREATE TABLE pages (id uuid PRIMARY KEY, body text, code varchar(5000));
    ```

    **Reference**: DSQL quotas and limits ("char(n) / varchar(n) declared 4,096 / 65,535 bytes");
    supported data types.
    """

    code = "DSQL109"
    name = "character-length"

    def check(self, stmt, ctx):
        for decl in _each(stmt, ctx, "dsql", "mysql"):
            if not decl.params or not isinstance(decl.params[0], int):
                continue
            length = decl.params[0]
            if decl.name in VARCHAR_TYPES and length > 65535:
                yield Violation(
                    (decl.start, decl.end),
                    f'column "{decl.column.name}" is {decl.text}; DSQL limits varchar to 65535 '
                    "(`Datatype limit greater than 65535 bytes not supported for varchar`)",
                    "declare it text (values up to 1 MiB), or varchar(65535) or less",
                )
            elif decl.name in CHAR_TYPES and length > 4096:
                yield Violation(
                    (decl.start, decl.end),
                    f'column "{decl.column.name}" is {decl.text}; DSQL limits char to 4096 '
                    "(`Datatype limit greater than 4096 bytes not supported for char`)",
                    f"declare it varchar({length}) or text (char pads every value to its full length anyway)",
                )


class NumericPrecision(Rule):
    """`numeric(p,s)` beyond DSQL's limits: precision 38 and scale 37 before 2026-08-25, 1000 since.

    **What it does**: flags `numeric`/`decimal` columns whose declared precision or scale exceeds
    what the target DSQL accepts: precision 1..1000 and scale -1000..1000 since 2026-08-25,
    precision up to 38 and scale up to 37 before.

    **Why it matters**: DSQL rejects the column:
    `22023 NUMERIC precision <n> must be between 1 and 1000`. Before 2026-08-25 the cap was 38
    digits, which MySQL's `DECIMAL(65,30)` and many PostgreSQL schemas exceed.

    **Example**
    ```sql
    CREATE TABLE ledger (id uuid PRIMARY KEY, amount numeric(1200, 2));
    ```

    **Use instead**
    ```sql
    CREATE TABLE ledger (id uuid PRIMARY KEY, amount numeric(38, 2));
    ```

    **Reference**: DSQL release notes 2026-08-25 (precision 1000, scale -1000..1000; was 38/37);
    supported data types.
    """

    code = "DSQL110"
    name = "numeric-precision"

    def check(self, stmt, ctx):
        max_precision = ctx.target.numeric_max_precision()
        max_scale = 1000 if ctx.target.supports("numeric_precision_1000") else 37
        for decl in _each(stmt, ctx, "dsql", "mysql"):
            if decl.name not in NUMERIC_TYPES or not decl.params or not isinstance(decl.params[0], int):
                continue
            precision = decl.params[0]
            scale = decl.params[1] if len(decl.params) > 1 and isinstance(decl.params[1], int) else None
            where = (decl.start, decl.end)
            column = decl.column.name
            if not 1 <= precision <= max_precision:
                if max_precision == 1000:
                    yield Violation(
                        where,
                        f'column "{column}" is {decl.text}; DSQL allows numeric precision 1 to 1000 '
                        f"(`NUMERIC precision {precision} must be between 1 and 1000`)",
                        "declare a precision of at most 1000",
                    )
                else:
                    yield Violation(
                        where,
                        f'column "{column}" is {decl.text}; {ctx.target.label} allows numeric precision up to 38 '
                        "(1000 since 2026-08-25)",
                        "declare numeric(38, s) or less if the values fit, or target DSQL 2026-08-25 or later",
                    )
            elif scale is not None and (scale > max_scale or scale < -1000):
                yield Violation(
                    where,
                    f'column "{column}" is {decl.text}; {ctx.target.label} allows numeric scale up to {max_scale}'
                    + (" (1000 since 2026-08-25)" if max_scale != 1000 else ""),
                    f"declare a scale of at most {max_scale}",
                )


class NumericDefaultPrecision(Rule):
    """`numeric` without precision is `numeric(18,6)` in DSQL.

    **What it does**: flags `numeric`, `decimal` and `dec` columns declared without a precision.

    **Why it matters**: PostgreSQL stores any number in an unconstrained `numeric`; DSQL gives it
    the default precision and scale `(18,6)`, so values with more than 6 decimal places are
    rounded and values of 10^12 or more are rejected. In MySQL a bare `DECIMAL` means
    `DECIMAL(10,0)`, so on DSQL the same column starts keeping 6 decimal places.

    **Example**
    ```sql
    CREATE TABLE measurements (id uuid PRIMARY KEY, reading numeric);
    ```

    **Use instead**: spell out the precision and scale the values need.
    ```sql
    CREATE TABLE measurements (id uuid PRIMARY KEY, reading numeric(30, 10));
    ```

    **Reference**: DSQL supported data types (numeric: "default numeric(18,6) when unspecified").
    """

    code = "DSQL111"
    name = "numeric-default-precision"
    severity = Severity.WARNING

    def check(self, stmt, ctx):
        for decl in _each(stmt, ctx, "dsql"):
            if decl.name not in NUMERIC_TYPES or decl.params:
                continue
            if ctx.dialect == "mysql":
                message = (
                    f'column "{decl.column.name}" is {decl.text} without precision: DECIMAL(10,0) in MySQL, '
                    "but numeric(18,6) in DSQL"
                )
                instead = "declare decimal(10,0) to keep MySQL's meaning, or the precision and scale you need"
            else:
                message = (
                    f'column "{decl.column.name}" is {decl.text} without precision, which DSQL stores as numeric(18,6): '
                    "more than 6 decimal places are rounded and values of 10^12 or more are rejected"
                )
                instead = "declare the precision and scale the values need, e.g. numeric(30,10)"
            yield Violation((decl.start, decl.end), message, instead)


_C_COLLATIONS = {"c", "posix", "default", "ucs_basic", "pg_c_utf8"}


class ColumnCollation(Rule):
    """A per-column `COLLATE` is rejected; DSQL's only collation is C.

    **What it does**: flags `COLLATE` on a column definition (PostgreSQL and MySQL), and MySQL's
    `BINARY` column attribute (shorthand for the binary collation).

    **Why it matters**: DSQL rejects the `COLLATE` clause of CREATE TABLE, and every text value
    compares and sorts in C (byte) order. For `"C"`, `"POSIX"` and `"default"` removing the clause
    changes nothing. For any other collation (`"en_US"`, MySQL's `utf8mb4_unicode_ci`) removing it
    changes behaviour: ORDER BY becomes byte order, and MySQL's case-insensitive (`_ci`)
    comparisons and UNIQUE keys become case-sensitive.

    **Example**
    ```sql
    CREATE TABLE users (id uuid PRIMARY KEY, name text COLLATE "en_US", code varchar(10) COLLATE "C");
    ```

    **Use instead**
    ```sql
    CREATE TABLE users (id uuid PRIMARY KEY, name text, code varchar(10));
    ```
    and sort in the application where locale order matters.

    **Reference**: DSQL unsupported features (CREATE TABLE: `COLLATE`; "collation is C only");
    dsql-lint rule `collation` (C/POSIX stripped as fixed, others with a warning).
    """

    code = "DSQL112"
    name = "column-collation"

    def check(self, stmt, ctx):
        for decl in declared_types(stmt):
            column = decl.column
            for constraint in column.constraints:
                kind = constraint.args.get("kind")
                if isinstance(kind, exp.CollateColumnConstraint):
                    found = _clause(stmt, column, ("COLLATE",))
                    if found is not None:
                        yield self._collate(column.name, *found, ctx)
                elif isinstance(kind, exp.BinaryColumnConstraint):
                    token = _word_in(stmt, column, "BINARY")
                    yield Violation(
                        token or (decl.start, decl.end),
                        f'column "{column.name}" has the BINARY attribute (a binary collation); '
                        "DSQL has no per-column collation",
                        "remove BINARY: DSQL compares text byte by byte already",
                    )

    def _collate(self, column, where, collation, ctx):
        bare = collation.split(".")[-1].strip("\"'`").lower()
        message = f'column "{column}" has COLLATE {collation}; DSQL rejects a per-column COLLATE (its only collation is C)'
        if bare in _C_COLLATIONS or (ctx.dialect == "mysql" and (bare == "binary" or bare.endswith("_bin"))):
            return Violation(where, message, f"remove COLLATE {collation}: DSQL already compares and sorts text in byte order")
        if ctx.dialect == "mysql" and bare.endswith("_ci"):
            if ctx.target.supports("expression_indexes"):
                keep = f'a unique index on lower("{column}") keeps uniqueness case-insensitive'
            else:
                keep = "keep a lower-cased copy in its own column with a unique index"
            return Violation(
                where,
                message,
                f"remove COLLATE {collation}; comparisons, UNIQUE and ORDER BY become case-sensitive byte order ({keep})",
            )
        return Violation(
            where,
            message,
            f"remove COLLATE {collation}; ORDER BY and comparisons on this column become byte order, "
            "so sort in the application where its order matters",
        )


def _word_in(stmt, column, word: str) -> Token | None:
    for t in _column_window(stmt, column):
        if t.text.upper() == word and t.token_type not in (TokenType.IDENTIFIER, TokenType.STRING):
            return t
    return None


class MysqlType(Rule):
    """MySQL types DSQL lacks: TINYINT, MEDIUMINT, DATETIME, YEAR, *TEXT, *BLOB, BINARY, DOUBLE, FLOAT(M,D), ...

    **What it does**: flags columns whose type exists in MySQL but not in DSQL, naming the DSQL
    type to use (the AWS MySQL → DSQL type mapping):

    | MySQL | DSQL |
    |---|---|
    | `TINYINT(1)` | `boolean` (MySQL's boolean convention) |
    | `TINYINT` | `smallint` |
    | `MEDIUMINT` | `integer` |
    | `DATETIME[(p)]` | `timestamp[(p)]` |
    | `YEAR` | `integer` |
    | `TINYTEXT`, `MEDIUMTEXT`, `LONGTEXT`, `TEXT(n)` | `text` |
    | `TINYBLOB`, `BLOB`, `MEDIUMBLOB`, `LONGBLOB`, `BINARY(n)`, `VARBINARY(n)` | `bytea` |
    | `DOUBLE` | `double precision` |
    | `FLOAT(M,D)`, `DOUBLE(M,D)` | `numeric(M,D)`, or `real` / `double precision` |
    | `NVARCHAR(n)`, `FIXED(p,s)` | `varchar(n)`, `numeric(p,s)` |
    | spatial types (`GEOMETRY`, `POINT`, ...) | no equivalent (bytea holding WKB) |

    MySQL's `REAL` is a warning: DSQL accepts it, but as a 4-byte float, while MySQL's `REAL` is
    `DOUBLE`. The rule also runs on PostgreSQL files, where these names are migration leftovers.
    Unsigned variants are covered here for TINYINT and MEDIUMINT (the suggested type holds them).

    **Why it matters**: DSQL is PostgreSQL: `CREATE TABLE` fails with
    `type "datetime" does not exist` (or a syntax error for `FLOAT(M,D)`).

    **Example**
    ```sql
    CREATE TABLE posts (id bigint PRIMARY KEY, published tinyint(1), created datetime, body longtext);
    ```

    **Use instead**
    ```sql
    CREATE TABLE posts (id bigint PRIMARY KEY, published boolean, created timestamp, body text);
    ```

    **Reference**: awslabs MySQL → DSQL type mapping (spec §5.1); DSQL supported data types.
    """

    code = "DSQL113"
    name = "mysql-type"

    def check(self, stmt, ctx):
        for decl in _each(stmt, ctx, "mysql", "dsql"):
            found = _mysql_problem(decl, ctx.dialect)
            if found is None:
                continue
            message, instead, severity = found
            yield Violation((decl.start, decl.end), f'column "{decl.column.name}" is {decl.text}; {message}', instead, severity)


def _mysql_problem(decl: Declared, dialect: str) -> tuple[str, str, Severity | None] | None:
    name, params = decl.name, decl.params
    sized = f"({params[0]})" if params and isinstance(params[0], int) else ""
    missing = f'DSQL has no {name} type (`type "{name}" does not exist`)'
    if name in ("tinyint", "int1"):
        if params == (1,):
            return f"{missing}; tinyint(1) is MySQL's boolean convention", "declare it boolean (smallint if it holds other values than 0 and 1)", None
        return missing, "declare it smallint", None
    if name in ("mediumint", "int3", "middleint"):
        return missing, "declare it integer", None
    if name == "datetime":
        return missing, f"declare it timestamp{sized}", None
    if name == "year":
        return missing, "declare it smallint or integer", None
    if name in ("tinytext", "mediumtext", "longtext"):
        return missing, "declare it text (values up to 1 MiB)", None
    if name in ("tinyblob", "blob", "mediumblob", "longblob", "varbinary"):
        return missing, "declare it bytea (values up to 1 MiB)", None
    if name == "binary":
        return missing, "declare it bytea" + (" (or uuid if it holds UUIDs)" if params == (16,) else ""), None
    if name in SPATIAL_TYPES and dialect == "mysql":
        return "DSQL has no spatial types", "store WKB in a bytea column, or coordinates in numeric columns", None
    if name == "nvarchar":
        return missing, f"declare it varchar{sized}", None
    if name == "fixed":
        return missing, "declare it numeric" + ("(" + ",".join(str(p) for p in params) + ")" if params else "(10,0)"), None
    if name in _FLOATS and len(params) == 2 and all(isinstance(p, int) for p in params):
        exact = f"numeric({params[0]},{params[1]})"
        if name == "double":
            error = missing
        else:
            error = f"DSQL rejects MySQL's {name.upper()}(M,D) syntax (`syntax error at or near \"{',' if name == 'float' else '('}\"`)"
        return (
            error,
            f"declare it {exact} to keep the digits exact, or {'real' if name == 'float' else 'double precision'} without (M,D)",
            None,
        )
    if name == "double":
        return missing, "declare it double precision", None
    if name == "text" and params:
        return "DSQL's text takes no length (`type modifier is not allowed for type \"text\"`)", f"declare it text, or varchar{sized} to keep the limit", None
    if name == "real" and dialect == "mysql":
        return (
            "MySQL's REAL is an 8-byte DOUBLE, but DSQL's real is a 4-byte float that keeps about 6 digits",
            "declare it double precision",
            Severity.WARNING,
        )
    return None


class SetType(Rule):
    """MySQL `SET(...)` columns have no DSQL equivalent.

    **What it does**: flags MySQL `SET('a','b',...)` columns.

    **Why it matters**: DSQL has no SET type (`type "set" does not exist`), and no type that
    holds a set of allowed words with validation built in.

    **Example**
    ```sql
    CREATE TABLE posts (id int NOT NULL PRIMARY KEY, flags set('pinned', 'locked', 'hidden'));
    ```

    **Use instead**: text with the comma-separated members (validated in the application), or a
    child table with one row per member.
    ```sql
    CREATE TABLE posts (id int NOT NULL PRIMARY KEY, flags text);
    CREATE TABLE post_flags (post_id int NOT NULL, flag varchar(6) NOT NULL CHECK (flag IN ('pinned', 'locked', 'hidden')), PRIMARY KEY (post_id, flag));
    ```

    **Reference**: MySQL → DSQL type mapping (`SET('a','b')` → TEXT, comma-separated).
    """

    code = "DSQL114"
    name = "set-type"
    dialects = frozenset({"mysql"})

    def check(self, stmt, ctx):
        for decl in _each(stmt, ctx, "set"):
            members = decl.text[decl.text.find("(") :] if "(" in decl.text else ""
            yield Violation(
                (decl.start, decl.end),
                f'column "{decl.column.name}" is a SET; DSQL has no SET type (`type "set" does not exist`)',
                f"store the members {members} comma-separated in a text column, or in a child table with one row per member",
            )


_UNSIGNED_INSTEAD = {
    "smallint": "integer (holds 0..65535)",
    "int2": "integer (holds 0..65535)",
    "int": "bigint (holds 0..4294967295)",
    "integer": "bigint (holds 0..4294967295)",
    "int4": "bigint (holds 0..4294967295)",
    "bigint": 'bigint with CHECK ("{column}" >= 0), or numeric(20) if values can exceed 9223372036854775807',
    "int8": 'bigint with CHECK ("{column}" >= 0), or numeric(20) if values can exceed 9223372036854775807',
}


class UnsignedType(Rule):
    """MySQL `UNSIGNED` numeric types do not exist in DSQL.

    **What it does**: flags `UNSIGNED` on SMALLINT, INT, BIGINT, DECIMAL, FLOAT and DOUBLE columns
    (`tinyint`/`mediumint unsigned` are `mysql-type`'s, whose suggested type holds them).

    **Why it matters**: DSQL's integers are signed, and `UNSIGNED` is a syntax error. An
    `INT UNSIGNED` holds up to 4294967295, which needs a `bigint`; a `BIGINT UNSIGNED` above
    9223372036854775807 needs `numeric(20)`. For other types keep the type and add
    `CHECK (col >= 0)` if negative values must stay out.

    **Example**
    ```sql
    CREATE TABLE hits (id int unsigned NOT NULL PRIMARY KEY, total bigint unsigned NOT NULL);
    ```

    **Use instead**
    ```sql
    CREATE TABLE hits (id bigint NOT NULL PRIMARY KEY, total bigint NOT NULL CHECK (total >= 0));
    ```

    **Reference**: MySQL → DSQL type mapping ("UNSIGNED ints: next-larger signed type, or
    CHECK (col >= 0)"); dsql-lint `mysql_unsigned_widened`.
    """

    code = "DSQL115"
    name = "unsigned-type"
    dialects = frozenset({"mysql"})

    def check(self, stmt, ctx):
        for decl in _each(stmt, ctx, "dsql", "mysql"):
            token = decl.modifiers.get("UNSIGNED")
            if token is None or decl.name in ("tinyint", "int1", "mediumint", "int3", "middleint"):
                continue
            instead = _UNSIGNED_INSTEAD.get(decl.name)
            column = decl.column.name
            suggestion = (
                f"declare it {instead.format(column=column)}" if instead
                else f'drop UNSIGNED and add CHECK ("{column}" >= 0) if negative values must stay out'
            )
            yield Violation(
                token,
                f'column "{column}" is {decl.text}; DSQL has no UNSIGNED types',
                suggestion,
            )


class IntegerDisplayWidth(Rule):
    """Integer display widths such as `int(11)` are MySQL-only.

    **What it does**: flags a width after SMALLINT, INT, INTEGER or BIGINT (`int(11)`,
    `bigint(20)`). TINYINT and MEDIUMINT widths are `mysql-type`'s, since the type changes anyway.

    **Why it matters**: the width never limited the values (MySQL deprecated it in 8.0.17), and
    DSQL rejects it: `syntax error at or near "("`. Removing it changes nothing, except that
    MySQL's ZEROFILL padding (see `zerofill`) used it.

    **Example**
    ```sql
    CREATE TABLE orders (id int(11) NOT NULL PRIMARY KEY, customer_id bigint(20) NOT NULL);
    ```

    **Use instead**
    ```sql
    CREATE TABLE orders (id int NOT NULL PRIMARY KEY, customer_id bigint NOT NULL);
    ```

    **Reference**: MySQL → DSQL translation in dsql-lint ("Display widths `int(11)` are dropped").
    """

    code = "DSQL116"
    name = "integer-display-width"

    def check(self, stmt, ctx):
        for decl in _each(stmt, ctx, "dsql"):
            if decl.name in INTEGER_TYPES and decl.params_span is not None:
                width = stmt.text[decl.params_span[0] - stmt.start : decl.params_span[1] - stmt.start]
                yield Violation(
                    decl.params_span,
                    f'column "{decl.column.name}" is {decl.text}; DSQL rejects an integer display width '
                    '(`syntax error at or near "("`)',
                    f"remove {width}: it never limited the values",
                )


# MySQL's display width of an UNSIGNED ZEROFILL column declared without one.
_ZEROFILL_WIDTH = {"tinyint": 3, "smallint": 5, "mediumint": 8, "int": 10, "integer": 10, "bigint": 20}


class Zerofill(Rule):
    """MySQL `ZEROFILL` has no DSQL equivalent.

    **What it does**: flags the `ZEROFILL` attribute of numeric columns.

    **Why it matters**: DSQL rejects it (`syntax error at or near "zerofill"`). ZEROFILL only pads
    the displayed value with zeros to the display width, and implies UNSIGNED.

    **Example**
    ```sql
    CREATE TABLE invoices (id int NOT NULL PRIMARY KEY, number int(8) unsigned zerofill NOT NULL);
    ```

    **Use instead**: a plain integer, padded where it is shown (`lpad(number::text, 8, '0')`).
    ```sql
    CREATE TABLE invoices (id int NOT NULL PRIMARY KEY, number bigint NOT NULL CHECK (number >= 0));
    ```

    **Reference**: MySQL → DSQL type mapping (no UNSIGNED; display widths dropped).
    """

    code = "DSQL117"
    name = "zerofill"
    dialects = frozenset({"mysql"})

    def check(self, stmt, ctx):
        for decl in declared_types(stmt):
            token = decl.modifiers.get("ZEROFILL")
            if token is None and any(isinstance(c.args.get("kind"), exp.ZeroFillColumnConstraint) for c in decl.column.constraints):
                token = _word_in(stmt, decl.column, "ZEROFILL")
            if token is None:
                continue
            width = decl.params[0] if decl.params and isinstance(decl.params[0], int) else _ZEROFILL_WIDTH.get(decl.name, 10)
            column = decl.column.name
            suggestion = f"remove ZEROFILL and pad where the value is shown: lpad({column}::text, {width}, '0')"
            if "UNSIGNED" not in decl.modifiers:
                suggestion += f'; ZEROFILL also made it UNSIGNED, so add CHECK ("{column}" >= 0) if negative values must stay out'
            yield Violation(
                token,
                f'column "{column}" is {decl.text}; DSQL has no ZEROFILL (zero padding is display-only in MySQL)',
                suggestion,
            )


class ColumnCharset(Rule):
    """A column `CHARACTER SET` is MySQL-only; DSQL stores all text as UTF-8.

    **What it does**: flags `CHARACTER SET x` / `CHARSET x` on a MySQL column definition.

    **Why it matters**: DSQL's encoding is UTF-8 and cannot be changed per database or column;
    the clause is a syntax error. For `utf8`/`utf8mb4` removing it changes nothing; other
    character sets (`latin1`, `ascii`) need the data converted to UTF-8 when it is loaded, and
    `CHARACTER SET binary` holds bytes, which belong in `bytea`.

    **Example**
    ```sql
    CREATE TABLE users (id int NOT NULL PRIMARY KEY, name varchar(100) CHARACTER SET utf8mb4 NOT NULL);
    ```

    **Use instead**
    ```sql
    CREATE TABLE users (id int NOT NULL PRIMARY KEY, name varchar(100) NOT NULL);
    ```

    **Reference**: DSQL unsupported features, compatibility notes ("encoding is UTF-8 and cannot be
    changed"); dsql-lint MySQL translation (column `CHARACTER SET` stripped).
    """

    code = "DSQL118"
    name = "column-charset"
    dialects = frozenset({"mysql"})

    def check(self, stmt, ctx):
        for decl in declared_types(stmt):
            column = decl.column
            if not any(isinstance(c.args.get("kind"), exp.CharacterSetColumnConstraint) for c in column.constraints):
                continue
            found = _clause(stmt, column, ("CHARACTER", "SET")) or _clause(stmt, column, ("CHARSET",))
            if found is None:
                continue
            where, charset = found
            bare = charset.strip("\"'`").lower()
            if bare == "binary":
                instead = "declare the column bytea: CHARACTER SET binary holds bytes, not text"
            elif bare.startswith("utf8"):
                instead = "remove it: DSQL stores text as UTF-8 already"
            else:
                instead = "remove it, and convert the data to UTF-8 when loading it"
            written = " ".join(stmt.text[where[0] - stmt.start : where[1] - stmt.start].split())
            yield Violation(
                where,
                f'column "{column.name}" declares {written}; DSQL has no per-column character set (all text is UTF-8)',
                instead,
            )
