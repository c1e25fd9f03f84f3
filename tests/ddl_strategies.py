"""Hypothesis strategies that generate DDL, for PostgreSQL and MySQL, from a grammar of what dsqllint knows.

The generator keeps a model of the schema it has written so far (`Schema`: tables, columns, keys,
constraints, enum types), so later statements refer to things that exist and a script is valid for
its dialect: the PostgreSQL scripts run on PostgreSQL 16 (with DSQL's ASYNC removed, as
tests/servers.run_ddl does), the MySQL ones are meant for MySQL 8 / MariaDB and valid most of the time.

    script = data.draw(ddl_script("postgres"))
    script.text          # the file: statements, `;`, whitespace and comments between them
    script.statements    # each statement's text, exactly as it appears in the file
    script.offsets       # where each statement starts in script.text
    script.schema        # the model at the end (tables, columns, keys), e.g. for converter properties

Other strategies: `ddl_statement(dialect)` (one statement after a few CREATE TABLEs, as a
`Script` whose last statement is the interesting one) and `identifier(dialect)`.

What is generated, per dialect:

* PostgreSQL: CREATE TYPE … AS ENUM; CREATE TABLE with columns of every common type (integers,
  serial types, numeric(p,s), floats, boolean, text, varchar(n), char(n), bytea, dates and times
  with precisions and time zones, interval, uuid, json, jsonb, inet/cidr/macaddr, money, arrays,
  enums), identity columns (ALWAYS / BY DEFAULT, options in any order, CACHE values around DSQL's
  limits), generated columns, DEFAULT, COLLATE, NOT NULL, inline and table-level PRIMARY KEY,
  UNIQUE, CHECK and FOREIGN KEY; CREATE SEQUENCE; CREATE [UNIQUE] INDEX [ASYNC] [IF NOT EXISTS]
  with USING, DESC / NULLS, expressions, INCLUDE, NULLS NOT DISTINCT, WHERE; ALTER TABLE (ADD /
  DROP / RENAME COLUMN, SET / DROP DEFAULT, SET / DROP NOT NULL, TYPE, ADD IDENTITY, ADD
  CONSTRAINT … NOT VALID, VALIDATE / DROP CONSTRAINT, RENAME TO); COMMENT ON.
* MySQL: CREATE TABLE with integer types (display widths, UNSIGNED, ZEROFILL), DECIMAL, FLOAT /
  DOUBLE, BIT, dates and times with fractional seconds, YEAR, CHAR / VARCHAR / BINARY, TEXT and
  BLOB types, ENUM / SET, JSON, CHARACTER SET / COLLATE, AUTO_INCREMENT, DEFAULT, ON UPDATE
  CURRENT_TIMESTAMP, COMMENT, inline PRIMARY KEY / UNIQUE / CHECK, KEY / UNIQUE KEY / FULLTEXT KEY
  / FOREIGN KEY in the table, table options (ENGINE, CHARSET, COLLATE, AUTO_INCREMENT, COMMENT,
  ROW_FORMAT); CREATE [UNIQUE | FULLTEXT] INDEX with prefixes, DESC and USING; ALTER TABLE (ADD /
  DROP / MODIFY / CHANGE / RENAME COLUMN, SET / DROP DEFAULT, ADD / DROP INDEX, ADD / DROP FOREIGN
  KEY, RENAME TO, ENGINE).
* Both: identifiers quoted or not and in random case where that names the same thing (MySQL table
  names keep their case: it matters on Linux), reserved words and odd names always quoted, comments
  between tokens inside statements and between statements, random layouts.

What sqlglot 30.30 cannot parse is left out of the generator (valid SQL all the same; each is listed in
`SQLGLOT_GAPS`, and tests/test_properties.py checks it is still a gap, so it can come back once fixed).

Statements never start or end with a comment (those belong to the gap between statements), so the
statements a splitter should find are exactly `script.statements`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import strategies as st

__all__ = [
    "Column", "SQLGLOT_GAPS", "Schema", "Script", "Table", "TARGETS", "ddl_script", "ddl_statement", "identifier",
    "targets",
]

# Valid SQL that sqlglot 30.30 (with dsqllint's dialect) reads as a parse error, so the generator does not
# write it (look for "GAPS" below): name -> (dialect, statement).
SQLGLOT_GAPS = {
    "comment-inside-multi-word-keyword": ("postgres", "CREATE TABLE t (a int PRIMARY /* c */ KEY)"),
    "comment-inside-multi-word-keyword-mysql": ("mysql", "CREATE TABLE t (a int PRIMARY -- c\nKEY)"),
    "bare-array-type-then-default": ("postgres", "CREATE TABLE t (a uuid ARRAY DEFAULT '{}')"),
    "bare-array-type-then-comma": ("postgres", "CREATE TABLE t (a int ARRAY, b int)"),
    "primary-key-part-with-order": ("mysql", "CREATE TABLE t (a int, PRIMARY KEY (a DESC))"),
    "index-type-before-on": ("mysql", "CREATE INDEX i USING BTREE ON t (a)"),
    "float-unsigned": ("mysql", "CREATE TABLE t (a float unsigned)"),
    "quoted-function-name-key-prefix": ("mysql", "CREATE INDEX i ON t (`position`(10))"),
}

# Targets worth linting against: before and after each capability date of dsqllint/target.py.
TARGETS = ["latest", "2025-12-01", "2026-01-01", "2026-08-02", "2026-08-03", "2026-08-13", "2026-08-25",
           "2026-08-26", "2026-08-27", "2026-09-14", "2026-09-15"]


def targets() -> st.SearchStrategy[str]:
    return st.sampled_from(TARGETS)


# --- identifiers ----------------------------------------------------------------------------------------------------

# Words each dialect reserves (a subset, enough for the names below): they are always quoted.
_RESERVED = {
    "postgres": {
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "both", "case", "cast", "check", "collate",
        "column", "constraint", "create", "current_date", "current_time", "current_timestamp", "current_user",
        "default", "desc", "distinct", "do", "else", "end", "except", "false", "for", "foreign", "from", "grant",
        "group", "having", "in", "into", "is", "join", "left", "like", "limit", "not", "null", "offset", "on",
        "only", "or", "order", "primary", "references", "right", "select", "table", "then", "to", "true", "union",
        "unique", "user", "using", "when", "where", "window", "with",
    },
    "mysql": {
        "add", "all", "alter", "and", "as", "asc", "between", "by", "case", "change", "check", "column",
        "constraint", "create", "current_date", "current_time", "current_timestamp", "database", "default",
        "delete", "desc", "distinct", "drop", "else", "exists", "false", "for", "foreign", "from", "fulltext",
        "group", "having", "if", "in", "index", "inner", "insert", "interval", "into", "is", "join", "key", "keys",
        "left", "like", "limit", "lock", "match", "not", "null", "on", "option", "or", "order", "primary", "range",
        "read", "references", "rename", "replace", "right", "select", "set", "show", "table", "then", "to",
        "true", "union", "unique", "unsigned", "update", "usage", "use", "using", "values", "when", "where",
        "with", "write", "zerofill", "int", "integer", "bigint", "char", "varchar", "decimal", "float", "double",
        "real", "numeric", "row", "rows", "rank", "groups", "system", "user",
    },
}

_TABLE_WORDS = ["users", "orders", "order", "user", "items", "line_items", "accounts", "Account", "Line Items",
                "t", "t1", "events", "group", "audit_log", "café", "select", "tags", "sessions", "data"]
_COLUMN_WORDS = ["id", "name", "email", "created_at", "updated_at", "amount", "price", "qty", "status", "kind",
                 "payload", "flags", "note", "order", "user", "select", "Mixed Case", "camelCase", "c", "c1",
                 "total", "ratio", "label", "owner_id", "score", "é_col", "desc", "check", "x_y", "level",
                 "value", "position", "comment"]
_OTHER_WORDS = ["idx", "ix", "uq", "fk", "chk", "seq", "mood", "state", "pk", "Index", "order", "key"]


def _bare(name: str, dialect: str) -> bool:
    """Can `name` be written without quotes (in some case) and still name exactly itself?"""
    if name in _RESERVED[dialect] or not name or name[0].isdigit():
        return False
    return all(ch == "_" or (ch.isalnum() and (ch.islower() or not ch.isascii() and ch.lower() == ch))
               or (ch.isdigit()) for ch in name)


def quote(name: str, dialect: str) -> str:
    if dialect == "mysql":
        return "`" + name.replace("`", "``") + "`"
    return '"' + name.replace('"', '""') + '"'


def spell(draw, name: str, dialect: str, case_sensitive: bool = False) -> str:
    """One of the ways to write identifier `name` that names it (random case and quoting where allowed)."""
    if not _bare(name, dialect):
        return quote(name, dialect)
    how = draw(st.sampled_from(["bare", "bare", "bare", "quoted", "upper", "title"]))
    if how == "quoted":
        return quote(name, dialect)
    if case_sensitive or how == "bare" or not name.isascii():
        return name
    return name.upper() if how == "upper" else name.title()


def identifier(dialect: str) -> st.SearchStrategy[str]:
    """A written identifier: bare, quoted, odd, or a reserved word."""
    return st.builds(lambda name, q: quote(name, dialect) if q or not _bare(name, dialect) else name,
                     st.sampled_from(_TABLE_WORDS + _COLUMN_WORDS + _OTHER_WORDS), st.booleans())


# --- the schema model -----------------------------------------------------------------------------------------------


@dataclass
class Column:
    name: str
    type_sql: str  # as written, e.g. "numeric(10, 2)", "int(11) unsigned", "text[]"
    family: str  # int, bigint, smallint, numeric, float, bool, text, varchar, char, bytea, date, time, timestamp,
    #              interval, uuid, json, jsonb, net, money, array, enum, bit, year, blob, set
    length: int | None = None  # varchar/char length
    not_null: bool = False
    identity: bool = False  # identity, serial or AUTO_INCREMENT
    generated: bool = False
    has_default: bool = False
    pinned: bool = False  # used by a key, index, constraint or generated column: never dropped or retyped
    explicit_null: bool = False  # written NULL: never part of a primary key (both dialects reject that)
    labels: tuple[str, ...] = ()  # enum / set labels
    key_type: str | None = None  # the type a foreign key referencing this column must have


@dataclass
class Table:
    name: str
    columns: list[Column] = field(default_factory=list)
    primary_key: tuple[str, ...] | None = None
    unique: list[tuple[str, ...]] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)  # named CHECK constraints
    foreign_keys: list[str] = field(default_factory=list)  # named foreign keys
    indexes: list[str] = field(default_factory=list)  # named indexes (MySQL: droppable ones)
    unlogged: bool = False  # PostgreSQL UNLOGGED: no foreign key of a permanent table may reference it

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


@dataclass
class Schema:
    dialect: str
    tables: list[Table] = field(default_factory=list)
    enums: dict[str, tuple[str, ...]] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)  # every relation, type and constraint name in use

    def fresh(self, draw, words: list[str]) -> str:
        """A name not used yet (folded for comparison: MySQL and unquoted names are case-insensitive)."""
        base = draw(st.sampled_from(words))
        name, n = base, 1
        while name.lower() in self.names:
            n += 1
            name = f"{base}_{n}" if not base[-1].isdigit() else f"{base}x{n}"
        self.names.add(name.lower())
        return name


@dataclass
class Script:
    dialect: str
    statements: list[str]
    text: str
    offsets: list[int]
    schema: Schema
    kinds: list[str] = field(default_factory=list)  # "CREATE TABLE", "CREATE INDEX", "ALTER TABLE", …


# --- rendering: tokens, layout and comments ----------------------------------------------------------------------

_COMMENT_TEXT = st.text(alphabet="abc xyz;,.()'\"`$-é", max_size=12)


@st.composite
def _comment(draw, dialect: str, inline_only: bool = False) -> str:
    text = draw(_COMMENT_TEXT).replace("*/", "* /").replace("/*", "/ *").replace("$$", "$ $")
    kinds = ["block"] if inline_only else ["block", "line", "line"]
    if dialect == "mysql" and not inline_only:
        kinds.append("hash")
    if dialect == "postgres":
        kinds.append("nested")
    kind = draw(st.sampled_from(kinds))
    if kind == "line":
        return f"-- {text}\n"
    if kind == "hash":
        return f"# {text}\n"
    if kind == "nested":
        return f"/* {text} /* {text} */ */"
    return f"/* {text.lstrip('!+')} */"  # never /*! (MySQL code) or /*+ (hints)


@st.composite
def render(draw, parts: list[str], dialect: str) -> str:
    """Join tokens with a drawn layout, and put up to two comments between inner tokens.

    A part is never split by a comment. sqlglot reads its multi-word keywords (PRIMARY KEY, FOREIGN KEY,
    DOUBLE PRECISION, CHARACTER VARYING, ORDER BY, …) only with whitespace between the words, so
    `PRIMARY /* c */ KEY`, valid in both dialects, is a parse error: those stay one part."""
    style = draw(st.sampled_from(["tight", "tight", "spaced", "lines"]))
    seps = []
    depth = 0
    for i in range(len(parts) - 1):
        a, b = parts[i], parts[i + 1]
        depth += a.count("(") - a.count(")") if a in ("(", ")") else 0
        if style == "spaced":
            sep = " "
        elif a == "(" or b in (")", ","):
            sep = ""
        elif style == "lines" and a == "," and depth == 1:
            sep = "\n    "
        else:
            sep = " "
        seps.append(sep)
    for _ in range(draw(st.integers(0, 2)) if len(parts) > 2 else 0):
        i = draw(st.integers(0, len(seps) - 1))
        comment = draw(_comment(dialect))
        seps[i] = " " + comment + ("" if comment.endswith("\n") else " ")
    out = parts[0]
    for sep, part in zip(seps, parts[1:]):
        out += sep + part
    return out


def _string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


_LABEL = st.text(alphabet="abcdefgh_ é'", min_size=1, max_size=6)
_SHORT_TEXT = st.text(alphabet="abc XYZ;'\"-é", max_size=5)


# --- PostgreSQL types -------------------------------------------------------------------------------------------

_PG_INT = {"smallint": ["smallint", "int2"], "int": ["integer", "int", "int4"], "bigint": ["bigint", "int8"]}
_PG_SERIAL = {"smallint": ["smallserial", "serial2"], "int": ["serial", "serial4"], "bigint": ["bigserial", "serial8"]}
_PG_FAMILIES = ["int", "bigint", "smallint", "serial", "numeric", "float", "bool", "text", "varchar", "char",
                "bytea", "date", "time", "timestamp", "interval", "uuid", "json", "jsonb", "net", "money", "array",
                "enum", "identity"]
_PG_NOT_BTREE = {"json"}  # no equality operator: no PRIMARY KEY, UNIQUE or btree index
_PG_NUMERIC = {"int", "bigint", "smallint", "numeric", "float", "money"}


@st.composite
def _pg_type(draw, schema: Schema, family: str) -> Column:
    """A column type of `family` (the name is filled in by the caller)."""
    c = Column("", "", family)
    if family in ("int", "bigint", "smallint"):
        c.type_sql = draw(st.sampled_from(_PG_INT[family]))
        c.key_type = c.type_sql
    elif family == "serial":
        size = draw(st.sampled_from(["smallint", "int", "bigint"]))
        c.family, c.type_sql, c.identity, c.not_null = size, draw(st.sampled_from(_PG_SERIAL[size])), True, True
        c.key_type = _PG_INT[size][0]
    elif family == "identity":
        size = draw(st.sampled_from(["smallint", "int", "bigint"]))
        c.family, c.type_sql, c.key_type = size, draw(st.sampled_from(_PG_INT[size])), _PG_INT[size][0]
        c.identity = c.not_null = True
        c.type_sql += " " + draw(_pg_identity(size))
    elif family == "numeric":
        word = draw(st.sampled_from(["numeric", "decimal"]))
        shape = draw(st.sampled_from(["bare", "p", "ps", "ps"]))
        if shape == "bare":
            c.type_sql = word
        else:
            p = draw(st.sampled_from([1, 5, 10, 18, 38, 999, 1000]) | st.integers(1, 1000))
            if shape == "p":
                c.type_sql = f"{word}({p})"
            else:
                c.type_sql = f"{word}({p}, {draw(st.integers(0, min(p, 6)))})"
        c.key_type = c.type_sql
    elif family == "float":
        c.type_sql = draw(st.sampled_from(["real", "float4", "double precision", "float8", "float"])
                          | st.integers(1, 53).map(lambda n: f"float({n})"))
    elif family == "bool":
        c.type_sql = draw(st.sampled_from(["boolean", "bool"]))
    elif family == "text":
        c.type_sql = "text"
        c.key_type = "text"
    elif family == "varchar":
        n = draw(st.sampled_from([1, 20, 255, 10485760]) | st.integers(1, 500))
        c.length = n
        word = draw(st.sampled_from(["varchar", "character varying"]))
        c.type_sql = f"{word}({n})" if draw(st.integers(0, 5)) else word
        if "(" not in c.type_sql:
            c.length = None
        c.key_type = c.type_sql
    elif family == "char":
        n = draw(st.integers(1, 40))
        c.length = n
        c.type_sql = f"{draw(st.sampled_from(['char', 'character']))}({n})"
    elif family == "bytea":
        c.type_sql = "bytea"
    elif family == "date":
        c.type_sql = "date"
    elif family == "time":
        c.type_sql = draw(st.sampled_from(["time", "time(3)", "time without time zone", "timetz",
                                           "time with time zone", "time(0) with time zone"]))
    elif family == "timestamp":
        c.type_sql = draw(st.sampled_from(["timestamp", "timestamp(6)", "timestamp(0)", "timestamptz",
                                           "timestamp with time zone", "timestamp without time zone",
                                           "timestamp(3) with time zone"]))
        c.key_type = c.type_sql
    elif family == "interval":
        c.type_sql = draw(st.sampled_from(["interval", "interval(6)", "interval day", "interval hour to minute"]))
    elif family == "uuid":
        c.type_sql = "uuid"
        c.key_type = "uuid"
    elif family in ("json", "jsonb"):
        c.type_sql = family
    elif family == "net":
        c.type_sql = draw(st.sampled_from(["inet", "cidr", "macaddr"]))
    elif family == "money":
        c.type_sql = "money"
    elif family == "array":
        base = draw(st.sampled_from(["integer", "int", "text", "bigint", "varchar(10)", "uuid", "numeric(5, 2)",
                                     "boolean", "timestamptz", "jsonb"]))
        c.type_sql = base + draw(st.sampled_from(["[]", "[]", "[][]", "[3]", " ARRAY[4]"]))  # not bare: GAPS
        c.labels = (base,)
    elif family == "enum":
        if schema.enums and draw(st.booleans()):
            name = draw(st.sampled_from(sorted(schema.enums)))
        else:
            name = ""  # the caller creates the type first
        c.type_sql = name
    return c


@st.composite
def _pg_identity(draw, size: str) -> str:
    top = {"smallint": 32767, "int": 2**31 - 1, "bigint": 2**63 - 1}[size]
    words = [draw(st.sampled_from(["GENERATED ALWAYS AS IDENTITY", "GENERATED BY DEFAULT AS IDENTITY"]))]
    if not draw(st.integers(0, 3)):
        return words[0]
    low = draw(st.integers(1, 100))
    start = draw(st.integers(low, low + 1000))
    options = {
        "start": f"START WITH {start}" if draw(st.booleans()) else f"START {start}",
        "increment": f"INCREMENT BY {draw(st.integers(1, 100))}",
        "min": draw(st.sampled_from([f"MINVALUE {low}", "NO MINVALUE"])) if low == 1 else f"MINVALUE {low}",
        "max": draw(st.sampled_from([f"MAXVALUE {top}", f"MAXVALUE {min(top, start + 100000)}", "NO MAXVALUE"])),
        "cache": f"CACHE {draw(st.sampled_from([1, 2, 20, 100, 65535, 65536, 100000, 1000000]))}",
        "cycle": draw(st.sampled_from(["CYCLE", "NO CYCLE"])),
    }
    chosen = draw(st.lists(st.sampled_from(sorted(options)), min_size=1, max_size=6, unique=True))
    if "start" not in chosen and "min" in chosen:
        chosen.append("start")  # MINVALUE > 1 needs START at or above it
    return f"{words[0]} ({' '.join(options[k] for k in chosen)})"


def _pg_default(draw, c: Column, schema: Schema) -> str | None:
    """A DEFAULT expression valid for the column's type (None: this type gets none)."""
    f, t = c.family, c.type_sql
    if c.identity or c.generated:
        return None
    if f in ("int", "bigint", "smallint"):
        return draw(st.sampled_from(["0", "1", "-1", "42", "(1 + 2)"]))
    if f == "numeric":
        return "0"
    if f == "float":
        return draw(st.sampled_from(["0", "1.5", "'NaN'", "-0.25"]))
    if f == "money":
        return "0"
    if f == "bool":
        return draw(st.sampled_from(["true", "false", "FALSE", "'t'"]))
    if f in ("text", "varchar", "char"):
        value = draw(_SHORT_TEXT)[: c.length or 100]
        return draw(st.sampled_from([_string(value), f"{_string(value)}::text", "''"]))
    if f == "bytea":
        return draw(st.sampled_from(["'\\x00ff'::bytea", "''", "'\\xdeadbeef'"]))
    if f == "date":
        return draw(st.sampled_from(["CURRENT_DATE", "'2024-02-29'", "now()::date"]))
    if f == "time":
        return draw(st.sampled_from(["'12:34:56'", "LOCALTIME", "CURRENT_TIME"]))
    if f == "timestamp":
        return draw(st.sampled_from(["now()", "CURRENT_TIMESTAMP", "LOCALTIMESTAMP", "'2024-01-31 12:00:00'",
                                     "clock_timestamp()", "statement_timestamp()", "transaction_timestamp()"]))
    if f == "interval":
        return draw(st.sampled_from(["'1 day'", "INTERVAL '2 hours'"]))
    if f == "uuid":
        return "gen_random_uuid()"
    if f in ("json", "jsonb"):
        return draw(st.sampled_from(["'{}'", f"'[]'::{f}", "'{\"a\": 1}'"]))
    if f == "net":
        return {"inet": "'10.0.0.1'", "cidr": "'10.0.0.0/8'", "macaddr": "'08:00:2b:01:02:03'"}[t]
    if f == "array":
        return draw(st.sampled_from(["'{}'", "ARRAY[]::" + t.replace(" ARRAY[4]", "[]")]))
    if f == "enum":
        return _string(c.labels[0])
    return None


def _pg_check(draw, col_sql: str, c: Column) -> str:
    if c.family in _PG_NUMERIC - {"money"}:
        return draw(st.sampled_from([f"{col_sql} > 0", f"{col_sql} >= 0 AND {col_sql} < 1000000",
                                     f"{col_sql} BETWEEN 1 AND 10", f"{col_sql} <> 0"]))
    if c.family in ("text", "varchar", "char"):
        return draw(st.sampled_from([f"length({col_sql}) > 0", f"{col_sql} <> ''", f"{col_sql} IN ('a', 'b')",
                                     f"{col_sql} ~ '^[a-z]'"]))
    if c.family == "date":
        return f"{col_sql} > '2000-01-01'"
    return f"{col_sql} IS NOT NULL"


def _btree_ok(c: Column) -> bool:
    return c.family not in _PG_NOT_BTREE


def _pk_ok(c: Column) -> bool:
    return _btree_ok(c) and not c.explicit_null


# --- PostgreSQL statements ----------------------------------------------------------------------------------------


@st.composite
def _pg_create_enum(draw, schema: Schema) -> tuple[str, str]:
    name = schema.fresh(draw, ["mood", "state", "status_t", "kind_t", "Colour"])
    labels = tuple(dict.fromkeys(draw(st.lists(_LABEL, min_size=1, max_size=4))))
    schema.enums[name] = labels
    parts = ["CREATE", "TYPE", spell(draw, name, "postgres"), "AS", "ENUM", "("]
    for i, label in enumerate(labels):
        parts += ([","] if i else []) + [_string(label)]
    parts.append(")")
    return name, draw(render(parts, "postgres"))


@st.composite
def _pg_create_table(draw, schema: Schema, before: list[tuple[str, str]]) -> str:
    """CREATE TABLE; enum types it needs are appended to `before` as (kind, statement)."""
    table = Table(schema.fresh(draw, _TABLE_WORDS))
    n = draw(st.integers(1, 7))
    used: set[str] = set()
    defs: list[list[str]] = []
    inline_pk = False
    for _ in range(n):
        family = draw(st.sampled_from(_PG_FAMILIES))
        c = draw(_pg_type(schema, family))
        base = draw(st.sampled_from(_COLUMN_WORDS))
        name, k = base, 1
        while name.lower() in used:
            k += 1
            name = f"{base}{k}"
        used.add(name.lower())
        c.name = name
        if c.family == "enum" and not c.type_sql:
            enum_name, stmt = draw(_pg_create_enum(schema))
            before.append(("CREATE TYPE", stmt))
            c.type_sql = enum_name
        if c.family == "enum":
            c.labels = schema.enums[c.type_sql]
            type_words = [spell(draw, c.type_sql, "postgres")]
        else:
            type_words = [c.type_sql]
        col = [spell(draw, name, "postgres")] + type_words
        attrs: list[list[str]] = []
        if c.family in ("text", "varchar", "char") and draw(st.integers(0, 5)) == 0:
            attrs.append(["COLLATE", draw(st.sampled_from(['"C"', '"POSIX"', '"default"']))])
        if not c.identity and draw(st.integers(0, 2)) == 0:
            default = _pg_default(draw, c, schema)
            if default is not None:
                attrs.append(["DEFAULT", default])
                c.has_default = True
        if not c.identity and draw(st.integers(0, 3)) == 0:
            c.not_null = True
            attrs.append(_constraint_name(draw, schema) + ["NOT", "NULL"])
        elif not c.identity and draw(st.integers(0, 6)) == 0:
            c.explicit_null = True
            attrs.append(["NULL"])
        if not inline_pk and _pk_ok(c) and draw(st.integers(0, 2)) == 0:
            inline_pk, c.pinned, c.not_null = True, True, True
            table.primary_key = (name,)
            attrs.append(_constraint_name(draw, schema) + ["PRIMARY KEY"])
        elif _btree_ok(c) and draw(st.integers(0, 6)) == 0:
            table.unique.append((name,))
            c.pinned = True
            attrs.append(_constraint_name(draw, schema) + ["UNIQUE"])
        if draw(st.integers(0, 6)) == 0:
            c.pinned = True
            attrs.append(_constraint_name(draw, schema)
                         + ["CHECK", "(" + _pg_check(draw, spell(draw, name, "postgres"), c) + ")"])
        fk = _pg_referencable(draw, schema, c)
        if fk is not None and draw(st.integers(0, 2)) == 0:
            parent, pcol = fk
            ref = _constraint_name(draw, schema) + ["REFERENCES", spell(draw, parent.name, "postgres")]
            if parent.primary_key != (pcol,) or draw(st.booleans()):  # no list: the parent's primary key
                ref += ["(", spell(draw, pcol, "postgres"), ")"]
            ref += draw(_pg_fk_actions())
            attrs.append(ref)
            c.pinned = True
        for a in draw(st.permutations(attrs)):
            col += a
        table.columns.append(c)
        defs.append(col)
    # A generated column computed from an integer column.
    ints = [c for c in table.columns if c.family in ("int", "bigint") and not c.generated]
    if ints and draw(st.integers(0, 5)) == 0:
        src = draw(st.sampled_from(ints))
        name = f"{src.name}_x2"
        if name.lower() not in used:
            used.add(name.lower())
            c = Column(name, "bigint", "bigint", generated=True, pinned=True)
            src.pinned = True
            table.columns.append(c)
            defs.append([spell(draw, name, "postgres"), "bigint", "GENERATED", "ALWAYS", "AS",
                         f"({spell(draw, src.name, 'postgres')} * 2)", "STORED"])
    # Table-level constraints.
    keyable = [c for c in table.columns if _btree_ok(c)]
    pk_able = [c for c in keyable if _pk_ok(c)]
    if table.primary_key is None and pk_able and draw(st.booleans()):
        cols = draw(st.lists(st.sampled_from(pk_able), min_size=1, max_size=min(3, len(pk_able)), unique_by=id))
        table.primary_key = tuple(c.name for c in cols)
        for c in cols:
            c.pinned = c.not_null = True
        defs.append(_constraint_name(draw, schema) + ["PRIMARY KEY", "("] + _column_list(draw, cols) + [")"])
    if keyable and draw(st.integers(0, 3)) == 0:
        cols = draw(st.lists(st.sampled_from(keyable), min_size=1, max_size=min(2, len(keyable)), unique_by=id))
        key = tuple(c.name for c in cols)
        if key != table.primary_key and key not in table.unique:
            table.unique.append(key)
            for c in cols:
                c.pinned = True
            defs.append(_constraint_name(draw, schema) + ["UNIQUE", "("] + _column_list(draw, cols) + [")"])
    if draw(st.integers(0, 3)) == 0:
        c = draw(st.sampled_from(table.columns))
        name = schema.fresh(draw, ["chk", "ck", "positive"])
        table.checks.append(name)
        c.pinned = True
        defs.append(["CONSTRAINT", spell(draw, name, "postgres"), "CHECK",
                     "(" + _pg_check(draw, spell(draw, c.name, "postgres"), c) + ")"])
    for c in list(table.columns):
        fk = _pg_referencable(draw, schema, c)
        if fk is not None and not c.pinned and draw(st.integers(0, 2)) == 0:
            parent, pcol = fk
            name = schema.fresh(draw, ["fk", "fk_parent", "ref"])
            table.foreign_keys.append(name)
            c.pinned = True
            defs.append(["CONSTRAINT", spell(draw, name, "postgres"), "FOREIGN KEY", "(",
                         spell(draw, c.name, "postgres"), ")", "REFERENCES", spell(draw, parent.name, "postgres"),
                         "(", spell(draw, pcol, "postgres"), ")"] + draw(_pg_fk_actions()))
    schema.tables.append(table)
    table.unlogged = draw(st.integers(0, 9)) == 0
    parts = ["CREATE"] + (["UNLOGGED"] if table.unlogged else [])
    parts += ["TABLE"] + (["IF", "NOT", "EXISTS"] if draw(st.integers(0, 5)) == 0 else [])
    parts += [spell(draw, table.name, "postgres"), "("]
    for i, d in enumerate(defs):
        parts += ([","] if i else []) + d
    parts.append(")")
    return draw(render(parts, "postgres"))


def _rename_column(table: Table, c: Column, new: str) -> None:
    old, c.name = c.name, new
    if table.primary_key:
        table.primary_key = tuple(new if k == old else k for k in table.primary_key)
    table.unique = [tuple(new if k == old else k for k in key) for key in table.unique]


def _constraint_name(draw, schema: Schema) -> list[str]:
    if draw(st.booleans()):
        return []
    return ["CONSTRAINT", spell(draw, schema.fresh(draw, _OTHER_WORDS), schema.dialect)]


def _column_list(draw, cols: list[Column], dialect: str = "postgres") -> list[str]:
    out: list[str] = []
    for i, c in enumerate(cols):
        out += ([","] if i else []) + [spell(draw, c.name, dialect)]
    return out


@st.composite
def _pg_fk_actions(draw) -> list[str]:
    out = []
    for event in draw(st.lists(st.sampled_from(["DELETE", "UPDATE"]), max_size=2, unique=True)):
        out += ["ON", event] + draw(st.sampled_from([["CASCADE"], ["RESTRICT"], ["NO", "ACTION"], ["SET", "NULL"]]))
    if draw(st.integers(0, 5)) == 0:
        out += ["DEFERRABLE", "INITIALLY", "DEFERRED"]
    return out


def _pg_referencable(draw, schema: Schema, c: Column) -> tuple[Table, str] | None:
    """A (parent table, column) whose single-column primary key or unique key `c` can reference."""
    if c.key_type is None or c.generated:
        return None
    want = _norm_key_type(c.key_type)
    options = []
    for t in schema.tables:
        if t.unlogged:
            continue
        keys = ([t.primary_key] if t.primary_key else []) + t.unique
        for key in keys:
            if len(key) == 1 and _norm_key_type(t.column(key[0]).key_type) == want:
                options.append((t, key[0]))
    return draw(st.sampled_from(options)) if options else None


def _norm_key_type(t: str | None) -> str | None:
    if t is None:
        return None
    t = t.lower().split(" generated")[0]
    return {"int": "integer", "int4": "integer", "int2": "smallint", "int8": "bigint", "decimal": "numeric",
            "character varying": "varchar"}.get(t, t).replace("decimal(", "numeric(").replace(
        "character varying(", "varchar(")


@st.composite
def _pg_create_index(draw, schema: Schema) -> str:
    table = draw(st.sampled_from(schema.tables))
    method = draw(st.sampled_from(["btree", "btree", "btree", "hash", "gin", None, None]))
    gin_cols = [c for c in table.columns if c.family in ("jsonb", "array") and c.labels != ("jsonb",)]
    if method == "gin" and not gin_cols:
        method = None
    unique = method in ("btree", None) and draw(st.integers(0, 3)) == 0
    elements: list[list[str]] = []
    if method == "gin":
        elements.append([spell(draw, draw(st.sampled_from(gin_cols)).name, "postgres")])
    else:
        pool = [c for c in table.columns if _btree_ok(c) and (method != "hash" or c.family != "money")]
        if not pool:
            return None
        count = 1 if method == "hash" else draw(st.integers(1, min(3, len(pool))))
        for c in draw(st.lists(st.sampled_from(pool), min_size=count, max_size=count, unique_by=id)):
            c.pinned = True
            col = spell(draw, c.name, "postgres")
            expr = None
            if draw(st.integers(0, 3)) == 0 and method != "hash":
                if c.family in ("text", "varchar"):
                    expr = f"{draw(st.sampled_from(['lower', 'upper', 'md5']))}({col})"
                elif c.family in ("int", "bigint", "smallint"):
                    expr = f"({col} + 1)"
                elif c.family == "jsonb":
                    expr = f"({col} ->> 'k')"
            element = [expr if expr else col]
            if method != "hash":
                if draw(st.integers(0, 3)) == 0:
                    element.append(draw(st.sampled_from(["ASC", "DESC"])))
                if draw(st.integers(0, 5)) == 0:
                    element += ["NULLS", draw(st.sampled_from(["FIRST", "LAST"]))]
            elements.append(element)
    parts = ["CREATE"] + (["UNIQUE"] if unique else []) + ["INDEX"]
    if draw(st.integers(0, 2)):
        parts.append("ASYNC")
    named = draw(st.integers(0, 4)) != 0
    if named:
        if draw(st.integers(0, 4)) == 0:
            parts += ["IF", "NOT", "EXISTS"]
        name = schema.fresh(draw, ["idx", "ix", "Index", "by_name"])
        parts.append(spell(draw, name, "postgres"))
    parts += ["ON"] + (["ONLY"] if draw(st.integers(0, 9)) == 0 else []) + [spell(draw, table.name, "postgres")]
    if method:
        parts += ["USING", draw(st.sampled_from([method, method.upper()]))]
    parts.append("(")
    for i, e in enumerate(elements):
        parts += ([","] if i else []) + e
    parts.append(")")
    if method in ("btree", None):
        keys = {e[0] for e in elements}
        rest = [c for c in table.columns if spell(draw, c.name, "postgres") not in keys and c.name not in keys]
        if draw(st.integers(0, 4)) == 0 and rest:
            parts += ["INCLUDE", "(", spell(draw, draw(st.sampled_from(rest)).name, "postgres"), ")"]
        if unique and draw(st.integers(0, 4)) == 0:
            parts += ["NULLS", "NOT", "DISTINCT"]
    if draw(st.integers(0, 4)) == 0:
        c = draw(st.sampled_from(table.columns))
        col = spell(draw, c.name, "postgres")
        parts += ["WHERE", f"{col} > 0" if c.family in _PG_NUMERIC - {"money"} else
                  (col if c.family == "bool" else f"{col} IS NOT NULL")]
    return draw(render(parts, "postgres"))


@st.composite
def _pg_create_sequence(draw, schema: Schema) -> str:
    name = schema.fresh(draw, ["seq", "order_seq", "Ids"])
    size = draw(st.sampled_from(["smallint", "int", "bigint"]))
    parts = ["CREATE", "SEQUENCE"] + (["IF", "NOT", "EXISTS"] if draw(st.integers(0, 4)) == 0 else [])
    parts.append(spell(draw, name, "postgres"))
    if draw(st.booleans()):
        parts += ["AS", _PG_INT[size][0]]
    else:
        size = "bigint"
    options = draw(_pg_identity(size)).partition("(")[2].rstrip(")")
    parts += options.split() if options else []
    owners = [(t, c) for t in schema.tables for c in t.columns]
    if owners and draw(st.integers(0, 3)) == 0:
        t, c = draw(st.sampled_from(owners))
        parts += ["OWNED", "BY", spell(draw, t.name, "postgres") + "." + spell(draw, c.name, "postgres")]
    return draw(render(parts, "postgres"))


@st.composite
def _pg_alter_table(draw, schema: Schema) -> str:
    table = draw(st.sampled_from(schema.tables))
    t = lambda: spell(draw, table.name, "postgres")  # noqa: E731
    col = lambda c: spell(draw, c.name, "postgres")  # noqa: E731
    kind = draw(st.sampled_from(["actions", "actions", "actions", "rename-column", "rename-table", "validate"]))
    head = ["ALTER", "TABLE"] + (["IF", "EXISTS"] if draw(st.integers(0, 5)) == 0 else []) + [t()]
    if kind == "rename-column":
        c = draw(st.sampled_from(table.columns))
        new = c.name + "_r"
        if any(x.name.lower() == new.lower() for x in table.columns):
            new += "2"
        parts = head + ["RENAME"] + (["COLUMN"] if draw(st.booleans()) else [])
        parts += [col(c), "TO", spell(draw, new, "postgres")]
        _rename_column(table, c, new)
        return draw(render(parts, "postgres"))
    if kind == "rename-table":
        new = schema.fresh(draw, [table.name + "_new", "renamed"])
        parts = head + ["RENAME", "TO", spell(draw, new, "postgres")]
        table.name = new
        return draw(render(parts, "postgres"))
    if kind == "validate" and (table.checks or table.foreign_keys):  # a valid constraint validates as a no-op
        name = draw(st.sampled_from(table.checks + table.foreign_keys))
        return draw(render(head + ["VALIDATE", "CONSTRAINT", spell(draw, name, "postgres")], "postgres"))
    actions: list[list[str]] = []
    touched: set[str] = set()  # one action per column per statement
    for _ in range(draw(st.integers(1, 3))):
        action = draw(st.sampled_from(["add-column", "add-column", "drop-column", "set-default", "drop-default",
                                       "set-not-null", "drop-not-null", "type", "add-check", "add-fk",
                                       "add-unique", "add-identity", "drop-check"]))
        free = [c for c in table.columns if c.name.lower() not in touched]
        if action == "add-column":
            family = draw(st.sampled_from([f for f in _PG_FAMILIES if f not in ("enum",)]))
            c = draw(_pg_type(schema, family))
            c.name = draw(st.sampled_from(_COLUMN_WORDS)) + "_added"
            while any(x.name.lower() == c.name.lower() for x in table.columns):
                c.name += "x"
            a = ["ADD"] + (["COLUMN"] if draw(st.booleans()) else [])
            if draw(st.integers(0, 4)) == 0:
                a += ["IF", "NOT", "EXISTS"]
            a += [col(c), c.type_sql]
            default = _pg_default(draw, c, schema) if draw(st.booleans()) else None
            if default is not None:
                a += ["DEFAULT", default]
            if c.identity is False and draw(st.integers(0, 3)) == 0 and default is not None:
                a += ["NOT", "NULL"]
                c.not_null = True
            fk = _pg_referencable(draw, schema, c)
            if fk is not None and draw(st.booleans()):
                a += ["REFERENCES", spell(draw, fk[0].name, "postgres"), "(", spell(draw, fk[1], "postgres"), ")"]
                c.pinned = True
            table.columns.append(c)
            touched.add(c.name.lower())
            actions.append(a)
        elif action == "drop-column":
            droppable = [c for c in free if not c.pinned and len(table.columns) > 1]
            if droppable:
                c = draw(st.sampled_from(droppable))
                actions.append(["DROP"] + (["COLUMN"] if draw(st.booleans()) else [])
                               + (["IF", "EXISTS"] if draw(st.integers(0, 3)) == 0 else []) + [col(c)]
                               + ([draw(st.sampled_from(["RESTRICT", "CASCADE"]))]
                                  if draw(st.integers(0, 3)) == 0 else []))
                table.columns.remove(c)
                touched.add(c.name.lower())
        elif action in ("set-default", "drop-default"):
            pool = [c for c in free if not c.identity and not c.generated]
            if pool:
                c = draw(st.sampled_from(pool))
                default = _pg_default(draw, c, schema)
                if action == "set-default" and default is not None:
                    actions.append(["ALTER", "COLUMN", col(c), "SET", "DEFAULT", default])
                else:
                    actions.append(["ALTER", col(c), "DROP", "DEFAULT"])
                touched.add(c.name.lower())
        elif action == "set-not-null" and free:
            c = draw(st.sampled_from(free))
            actions.append(["ALTER", "COLUMN", col(c), "SET", "NOT", "NULL"])
            c.not_null = True
            touched.add(c.name.lower())
        elif action == "drop-not-null":
            pool = [c for c in free if not c.identity and c.name not in (table.primary_key or ())]
            if pool:
                c = draw(st.sampled_from(pool))
                actions.append(["ALTER", "COLUMN", col(c), "DROP", "NOT", "NULL"])
                c.not_null = False
                touched.add(c.name.lower())
        elif action == "type":
            pool = [c for c in free if c.family in ("int", "smallint", "varchar") and not c.pinned and not c.generated]
            if pool:
                c = draw(st.sampled_from(pool))
                new = "bigint" if c.family != "varchar" else draw(st.sampled_from(["text", "varchar(20000)"]))
                actions.append(["ALTER", "COLUMN", col(c)] + (["SET", "DATA"] if draw(st.booleans()) else [])
                               + ["TYPE", new])
                c.type_sql, c.family = new, ("bigint" if new == "bigint" else "text")
                c.key_type = new
                touched.add(c.name.lower())
        elif action == "add-check" and table.columns:
            c = draw(st.sampled_from(table.columns))
            name = schema.fresh(draw, ["chk", "ck_added"])
            table.checks.append(name)
            touched.add(name.lower())  # not dropped in the statement that adds it
            c.pinned = True
            actions.append(["ADD", "CONSTRAINT", spell(draw, name, "postgres"), "CHECK",
                            "(" + _pg_check(draw, col(c), c) + ")"] + (["NOT", "VALID"] if draw(st.booleans()) else []))
        elif action == "add-fk":
            for c in free:
                fk = _pg_referencable(draw, schema, c)
                if fk is not None:
                    name = schema.fresh(draw, ["fk", "fk_added"])
                    table.foreign_keys.append(name)
                    c.pinned = True
                    actions.append(["ADD", "CONSTRAINT", spell(draw, name, "postgres"), "FOREIGN KEY", "(", col(c),
                                    ")", "REFERENCES", spell(draw, fk[0].name, "postgres"), "(",
                                    spell(draw, fk[1], "postgres"), ")"] + draw(_pg_fk_actions())
                                   + (["NOT", "VALID"] if draw(st.booleans()) else []))
                    touched.add(c.name.lower())
                    break
        elif action == "add-unique":
            pool = [c for c in free if _btree_ok(c)]
            if pool:
                c = draw(st.sampled_from(pool))
                if (c.name,) not in table.unique and (c.name,) != table.primary_key:
                    table.unique.append((c.name,))
                    c.pinned = True
                    actions.append(["ADD"] + _constraint_name(draw, schema) + ["UNIQUE", "(", col(c), ")"])
        elif action == "add-identity":
            pool = [c for c in free if c.family in ("int", "bigint", "smallint") and c.not_null and not c.identity
                    and not c.has_default and not c.pinned]
            if pool:
                c = draw(st.sampled_from(pool))
                actions.append(["ALTER", "COLUMN", col(c), "ADD", draw(_pg_identity(c.family))])
                c.identity = True
                touched.add(c.name.lower())
        elif action == "drop-check" and table.checks and table.checks[-1].lower() not in touched:
            name = table.checks.pop()
            actions.append(["DROP", "CONSTRAINT"] + (["IF", "EXISTS"] if draw(st.booleans()) else [])
                           + [spell(draw, name, "postgres")])
    if not actions:
        c = draw(_pg_type(schema, "text"))
        c.name = "extra"
        while any(x.name.lower() == c.name.lower() for x in table.columns):
            c.name += "x"
        table.columns.append(c)
        actions.append(["ADD", "COLUMN", col(c), "text"])
    parts = head
    for i, a in enumerate(actions):
        parts += ([","] if i else []) + a
    return draw(render(parts, "postgres"))


@st.composite
def _pg_comment_on(draw, schema: Schema) -> str:
    table = draw(st.sampled_from(schema.tables))
    value = draw(st.sampled_from([_string(draw(_SHORT_TEXT)), "NULL"]))
    if draw(st.booleans()):
        return draw(render(["COMMENT", "ON", "TABLE", spell(draw, table.name, "postgres"), "IS", value], "postgres"))
    c = draw(st.sampled_from(table.columns))
    target = spell(draw, table.name, "postgres") + "." + spell(draw, c.name, "postgres")
    return draw(render(["COMMENT", "ON", "COLUMN", target, "IS", value], "postgres"))


# --- MySQL -------------------------------------------------------------------------------------------------------

_MY_CHARSETS = {"utf8mb4": ["utf8mb4_unicode_ci", "utf8mb4_bin", "utf8mb4_general_ci"],
                "latin1": ["latin1_swedish_ci", "latin1_bin"]}  # both hold every character generated
# sqlglot reads `position`(10), a key prefix, as a call of POSITION(): GAPS.
_MY_COLUMN_WORDS = [w for w in _COLUMN_WORDS if w != "position"]
_MY_FAMILIES = ["int", "int", "bigint", "decimal", "float", "bool", "bit", "date", "datetime", "timestamp", "time",
                "year", "char", "varchar", "varchar", "binary", "text", "blob", "enum", "set", "json",
                "auto_increment"]


@st.composite
def _my_type(draw, family: str) -> Column:
    c = Column("", "", family)
    if family in ("int", "bigint", "auto_increment"):
        word = "bigint" if family == "bigint" else draw(st.sampled_from(["tinyint", "smallint", "mediumint", "int",
                                                                        "integer", "bigint"]))
        if draw(st.booleans()):
            word += f"({draw(st.sampled_from([1, 3, 4, 10, 11, 20, 255]))})"
        if draw(st.integers(0, 2)) == 0:
            word += " " + draw(st.sampled_from(["unsigned", "UNSIGNED", "UNSIGNED ZEROFILL", "zerofill"]))
        c.type_sql = word
        c.family = "int"
        c.key_type = word.split("(")[0].replace("integer", "int") + (" unsigned" if "unsigned" in word.lower()
                                                                     or "zerofill" in word.lower() else "")
        if family == "auto_increment":
            c.identity = True
    elif family == "decimal":
        word = draw(st.sampled_from(["decimal", "numeric", "dec", "fixed"]))
        p = draw(st.integers(1, 65))
        shape = draw(st.sampled_from(["", f"({p})", f"({p},{draw(st.integers(0, min(p, 30)))})"]))
        c.type_sql = word + shape + draw(st.sampled_from(["", "", " unsigned", " UNSIGNED ZEROFILL"]))
    elif family == "float":
        c.type_sql = draw(st.sampled_from(["float", "double", "double precision", "real", "float(24)", "float(53)",
                                           "float(7,4)", "double(10,2)", "double unsigned"]))  # no FLOAT UNSIGNED: GAPS
    elif family == "bool":
        c.type_sql = draw(st.sampled_from(["bool", "boolean", "tinyint(1)"]))
    elif family == "bit":
        c.type_sql = draw(st.sampled_from(["bit", "bit(1)", "bit(8)", "bit(64)"]))
    elif family in ("date", "year"):
        c.type_sql = family if family == "date" else draw(st.sampled_from(["year", "year(4)"]))
    elif family in ("datetime", "timestamp", "time"):
        fsp = draw(st.sampled_from([None, 0, 3, 6]))
        c.type_sql = family + ("" if fsp is None else f"({fsp})")
        c.length = fsp
    elif family in ("char", "varchar", "binary"):
        n = draw(st.integers(1, 255)) if family != "varchar" else draw(st.sampled_from([1, 32, 191, 255, 1000]))
        word = {"char": "char", "varchar": "varchar", "binary": draw(st.sampled_from(["binary", "varbinary"]))}[family]
        c.type_sql, c.length = f"{word}({n})", n  # no key_type: a foreign key also needs the same character set
    elif family == "text":
        c.type_sql = draw(st.sampled_from(["tinytext", "text", "mediumtext", "longtext", "text(1000)"]))
    elif family == "blob":
        c.type_sql = draw(st.sampled_from(["tinyblob", "blob", "mediumblob", "longblob"]))
    elif family in ("enum", "set"):
        # MySQL strips trailing spaces from labels and compares them case-insensitively: keep them distinct.
        raw = draw(st.lists(st.text(alphabet="abcxyz_ é'", min_size=1, max_size=5), min_size=1, max_size=4))
        labels = tuple({label.rstrip().lower(): label.rstrip() for label in raw}.values())
        c.labels = labels
        c.type_sql = family.upper() if draw(st.booleans()) else family
        c.type_sql += "(" + ",".join(_string(label) for label in labels) + ")"
    elif family == "json":
        c.type_sql = "json"
    if family in ("char", "varchar", "text", "enum", "set") and draw(st.integers(0, 3)) == 0:
        charset = draw(st.sampled_from(sorted(_MY_CHARSETS)))
        c.type_sql += " " + draw(st.sampled_from(["CHARACTER SET", "CHARSET", "character set"])) + " " + charset
        if draw(st.booleans()):
            c.type_sql += " COLLATE " + draw(st.sampled_from(_MY_CHARSETS[charset]))
    return c


def _my_default(draw, c: Column) -> list[str] | None:
    f = c.family
    if c.identity:
        return None
    if f == "int":
        return ["DEFAULT", draw(st.sampled_from(["0", "1", "'7'"]))]
    if f == "decimal":
        return ["DEFAULT", draw(st.sampled_from(["0", "'0.0'"]))]
    if f == "float":
        return ["DEFAULT", "0"]
    if f == "bool":
        return ["DEFAULT", draw(st.sampled_from(["0", "1", "TRUE", "false"]))]
    if f == "bit":
        return ["DEFAULT", draw(st.sampled_from(["b'0'", "b'1'"]))]
    if f == "date":
        return ["DEFAULT", "'2024-01-31'"]
    if f == "year":
        return ["DEFAULT", "2024"]
    if f in ("datetime", "timestamp"):
        fsp = "" if not c.length else f"({c.length})"
        now = draw(st.sampled_from(["CURRENT_TIMESTAMP", "current_timestamp", "NOW", "LOCALTIMESTAMP"]))
        now = now + (fsp or draw(st.sampled_from(["", "()"]))) if now != "NOW" else f"NOW({c.length or ''})"
        out = ["DEFAULT", draw(st.sampled_from([now, "'2024-01-31 12:00:00'"]))]
        if out[1] == now and draw(st.booleans()):
            out += ["ON", "UPDATE", now]
        return out
    if f == "time":
        return ["DEFAULT", "'12:00:00'"]
    if f in ("char", "varchar"):
        return ["DEFAULT", _string(draw(_SHORT_TEXT)[: c.length])]
    if f in ("enum", "set"):
        return ["DEFAULT", _string(c.labels[0])]
    if f in ("text", "blob", "json"):
        return ["DEFAULT", "('')" if f != "json" else "(JSON_ARRAY())"] if draw(st.integers(0, 3)) == 0 else None
    return None


def _my_indexable(c: Column) -> bool:
    return c.family not in ("json",)


def _my_key_part(draw, c: Column, order: bool = True) -> str:
    col = spell(draw, c.name, "mysql")
    if c.family in ("text", "blob", "varchar", "char", "binary"):
        col = quote(c.name, "mysql")  # `position(10)` would be a call of POSITION()
    if c.family in ("text", "blob"):
        col += f"({draw(st.sampled_from([10, 20, 191]))})"  # BLOB/TEXT keys need a prefix length
    elif c.family in ("varchar", "char", "binary") and ((c.length or 0) > 100 or draw(st.integers(0, 4)) == 0):
        # keys stay under InnoDB's 767 / 3072 bytes with utf8mb4
        col += f"({min(c.length or 10, draw(st.sampled_from([5, 10, 100])))})"
    if order and draw(st.integers(0, 5)) == 0:
        col += " " + draw(st.sampled_from(["ASC", "DESC"]))
    return col


def _my_referencable(draw, schema: Schema, c: Column) -> tuple[Table, str] | None:
    if c.key_type is None:
        return None
    options = [(t, k[0]) for t in schema.tables for k in ([t.primary_key] if t.primary_key else []) + t.unique
               if len(k) == 1 and t.column(k[0]).key_type == c.key_type]
    return draw(st.sampled_from(options)) if options else None


@st.composite
def _my_column(draw, schema: Schema, table: Table, used: set[str],
               family: str | None = None) -> tuple[Column, list[str]]:
    family = family or draw(st.sampled_from(_MY_FAMILIES))
    c = draw(_my_type(family))
    base = draw(st.sampled_from(_MY_COLUMN_WORDS))
    name, k = base, 1
    while name.lower() in used:
        k += 1
        name = f"{base}{k}"
    used.add(name.lower())
    c.name = name
    attrs: list[list[str]] = []
    if c.identity:
        attrs.append(["AUTO_INCREMENT"] if draw(st.booleans()) else ["auto_increment"])
        attrs.append(["NOT", "NULL"])
        c.not_null = True
    else:
        if draw(st.integers(0, 2)) == 0:
            attrs.append(["NOT", "NULL"])
            c.not_null = True
        elif draw(st.integers(0, 5)) == 0:
            attrs.append(["NULL"])
            c.explicit_null = True
        if draw(st.integers(0, 2)) == 0:
            default = _my_default(draw, c)
            if default:
                attrs.append(default)
                c.has_default = True
    if draw(st.integers(0, 5)) == 0:
        attrs.append(["COMMENT", _string(draw(_SHORT_TEXT))])
    keyable = _my_indexable(c) and c.family not in ("text", "blob") and (c.length or 0) <= 191
    if (draw(st.integers(0, 2)) == 0 or c.identity) and keyable:
        if table.primary_key is None and not c.explicit_null and (c.identity or draw(st.booleans())):
            table.primary_key = (name,)
            c.not_null = c.pinned = True
            attrs.append(["PRIMARY KEY"])
        elif c.identity or draw(st.integers(0, 3)) == 0:
            table.unique.append((name,))
            c.pinned = True
            attrs.append(["UNIQUE"] + (["KEY"] if draw(st.booleans()) else []))
    # MySQL reads column attributes in any order; the type comes first and a CHECK last.
    words = [spell(draw, name, "mysql"), c.type_sql] + [w for a in draw(st.permutations(attrs)) for w in a]
    if draw(st.integers(0, 8)) == 0 and c.family in ("int", "decimal", "float") and not c.identity:
        words += ["CHECK", f"({spell(draw, name, 'mysql')} >= 0)"]
    return c, words


@st.composite
def _my_table_options(draw) -> list[str]:
    options = {
        "engine": ["ENGINE", "=", draw(st.sampled_from(["InnoDB", "InnoDB", "innodb", "MyISAM"]))],
        "charset": draw(st.sampled_from([["DEFAULT", "CHARSET", "=", "utf8mb4"], ["CHARSET", "=", "latin1"],
                                         ["DEFAULT", "CHARACTER", "SET", "utf8mb4"],
                                         ["CHARACTER", "SET", "=", "latin1"]])),
        "auto_increment": ["AUTO_INCREMENT", "=", str(draw(st.integers(1, 10**6)))],
        "comment": ["COMMENT", "=", _string(draw(_SHORT_TEXT))],
        "row_format": ["ROW_FORMAT", "=", draw(st.sampled_from(["DYNAMIC", "COMPACT"]))],
    }
    chosen = draw(st.lists(st.sampled_from(sorted(options)), max_size=4, unique=True))
    out: list[str] = []
    for i, key in enumerate(chosen):
        words = options[key]
        if key == "charset" and words[-1] == "utf8mb4" and draw(st.booleans()):
            words = words + ["COLLATE", "=", draw(st.sampled_from(_MY_CHARSETS["utf8mb4"]))]
        if draw(st.integers(0, 3)) == 0:
            words = [w for w in words if w != "="]
        out += ([","] if i and draw(st.integers(0, 3)) == 0 else []) + words
    return out


@st.composite
def _my_create_table(draw, schema: Schema) -> str:
    table = Table(schema.fresh(draw, _TABLE_WORDS))
    used: set[str] = set()
    defs: list[list[str]] = []
    n = draw(st.integers(1, 7))
    has_auto = False
    for i in range(n):
        family = draw(st.sampled_from(_MY_FAMILIES))
        if family == "auto_increment" and (has_auto or table.primary_key is not None and i > 0):
            family = "int"
        c, words = draw(_my_column(schema, table, used, family))
        has_auto = has_auto or c.identity
        table.columns.append(c)
        defs.append(words)
    keyable = [c for c in table.columns if _my_indexable(c)]
    pk_able = [c for c in keyable if not c.explicit_null]
    if table.primary_key is None and pk_able and draw(st.booleans()):
        cols = draw(st.lists(st.sampled_from(pk_able), min_size=1, max_size=min(2, len(pk_able)), unique_by=id))
        table.primary_key = tuple(c.name for c in cols)
        for c in cols:
            c.pinned = c.not_null = True
        defs.append(["PRIMARY KEY", "(", ", ".join(_my_key_part(draw, c, order=False) for c in cols), ")"])  # GAPS
    for _ in range(draw(st.integers(0, 2))):
        if not keyable:
            break
        kind = draw(st.sampled_from(["KEY", "INDEX", "UNIQUE KEY", "UNIQUE INDEX", "UNIQUE", "FULLTEXT KEY",
                                     "FULLTEXT"]))
        if kind.startswith("FULLTEXT"):
            pool = [c for c in table.columns if c.family in ("char", "varchar", "text")]
            if not pool:
                continue
            cols = [draw(st.sampled_from(pool))]
            parts = [spell(draw, cols[0].name, "mysql")]
        else:
            cols = draw(st.lists(st.sampled_from(keyable), min_size=1, max_size=min(3, len(keyable)), unique_by=id))
            parts = [_my_key_part(draw, c) for c in cols]
        name = schema.fresh(draw, ["idx", "ix", "k", "uq"])
        table.indexes.append(name)
        for c in cols:
            c.pinned = True
        words = kind.split() + [spell(draw, name, "mysql")]
        if not kind.startswith("FULLTEXT") and draw(st.integers(0, 4)) == 0:
            words += ["USING", "BTREE"]
        defs.append(words + ["(", ", ".join(parts), ")"])
    for c in list(table.columns):
        fk = _my_referencable(draw, schema, c)
        if fk is not None and draw(st.booleans()):
            name = schema.fresh(draw, ["fk", "fk_parent"])
            table.foreign_keys.append(name)
            c.pinned = True
            defs.append(["CONSTRAINT", spell(draw, name, "mysql"), "FOREIGN KEY", "(", spell(draw, c.name, "mysql"),
                         ")", "REFERENCES", spell(draw, fk[0].name, "mysql", case_sensitive=True), "(",
                         spell(draw, fk[1], "mysql"), ")"]
                        + draw(st.sampled_from([[], ["ON", "DELETE", "CASCADE"], ["ON", "UPDATE", "CASCADE"],
                                                ["ON", "DELETE", "RESTRICT"]]
                                               + ([] if c.not_null else [["ON", "DELETE", "SET", "NULL"]]))))
    checkable = [c for c in table.columns if not c.identity]  # AUTO_INCREMENT columns cannot be checked
    if checkable and draw(st.integers(0, 4)) == 0:
        c = draw(st.sampled_from(checkable))
        name = schema.fresh(draw, ["chk", "ck"])
        table.checks.append(name)
        defs.append(["CONSTRAINT", spell(draw, name, "mysql"), "CHECK",
                     f"({spell(draw, c.name, 'mysql')} IS NOT NULL)"])
    schema.tables.append(table)
    parts = ["CREATE", "TABLE"] + (["IF", "NOT", "EXISTS"] if draw(st.integers(0, 4)) == 0 else [])
    parts += [spell(draw, table.name, "mysql", case_sensitive=True), "("]
    for i, d in enumerate(defs):
        parts += ([","] if i else []) + d
    parts += [")"] + draw(_my_table_options())
    return draw(render(parts, "mysql"))


@st.composite
def _my_create_index(draw, schema: Schema) -> str:
    table = draw(st.sampled_from(schema.tables))
    kind = draw(st.sampled_from(["", "", "UNIQUE", "FULLTEXT"]))
    if kind == "FULLTEXT":
        pool = [c for c in table.columns if c.family in ("char", "varchar", "text")]
        if not pool:
            kind = ""
    if kind != "FULLTEXT":
        pool = [c for c in table.columns if _my_indexable(c)]
        if not pool:
            return None
    cols = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=min(3, len(pool)), unique_by=id))
    name = schema.fresh(draw, ["idx", "ix", "Index"])
    table.indexes.append(name)
    for c in cols:
        c.pinned = True
    parts = ["CREATE"] + ([kind] if kind else []) + ["INDEX", spell(draw, name, "mysql")]
    using = kind != "FULLTEXT" and draw(st.integers(0, 4)) == 0  # after the key parts only: GAPS
    parts += ["ON", spell(draw, table.name, "mysql", case_sensitive=True), "("]
    parts.append(", ".join(spell(draw, c.name, "mysql") if kind == "FULLTEXT" else _my_key_part(draw, c)
                           for c in cols))
    parts.append(")")
    if using:
        parts += ["USING", "BTREE"]
    return draw(render(parts, "mysql"))


@st.composite
def _my_alter_table(draw, schema: Schema) -> str:
    table = draw(st.sampled_from(schema.tables))
    head = ["ALTER", "TABLE", spell(draw, table.name, "mysql", case_sensitive=True)]
    col = lambda c: spell(draw, c.name, "mysql")  # noqa: E731
    actions: list[list[str]] = []
    touched: set[str] = set()
    for _ in range(draw(st.integers(1, 3))):
        free = [c for c in table.columns if c.name.lower() not in touched]
        action = draw(st.sampled_from(["add-column", "add-column", "drop-column", "modify", "change",
                                       "rename-column", "set-default", "drop-default", "add-index", "add-fk",
                                       "drop-index", "drop-fk", "engine"]))
        if action == "add-column":
            used = {c.name.lower() for c in table.columns}
            family = draw(st.sampled_from([f for f in _MY_FAMILIES if f != "auto_increment"]))
            c, words = draw(_my_column(schema, table, used, family))
            position = draw(st.sampled_from([[], [], ["FIRST"], ["AFTER", col(table.columns[0])]]))
            table.columns.append(c)
            touched.add(c.name.lower())
            actions.append(["ADD"] + (["COLUMN"] if draw(st.booleans()) else []) + words + position)
        elif action == "drop-column":
            pool = [c for c in free if not c.pinned and len(table.columns) > 1]
            if pool:
                c = draw(st.sampled_from(pool))
                table.columns.remove(c)
                touched.add(c.name.lower())
                actions.append(["DROP"] + (["COLUMN"] if draw(st.booleans()) else []) + [col(c)])
        elif action in ("modify", "change", "rename-column"):
            pool = [c for c in free if not c.pinned and not c.identity]
            if pool:
                c = draw(st.sampled_from(pool))
                touched.add(c.name.lower())
                if action == "rename-column":
                    new = c.name + "_r"
                    actions.append(["RENAME", "COLUMN", col(c), "TO", spell(draw, new, "mysql")])
                    _rename_column(table, c, new)
                else:
                    new_type = draw(_my_type(draw(st.sampled_from(["int", "bigint", "varchar", "text", "decimal",
                                                                   "datetime"]))))
                    if action == "modify":
                        actions.append(["MODIFY"] + (["COLUMN"] if draw(st.booleans()) else [])
                                       + [col(c), new_type.type_sql]
                                       + (["NOT", "NULL"] if draw(st.booleans()) else []))
                    else:
                        new = c.name + "_c"
                        actions.append(["CHANGE"] + (["COLUMN"] if draw(st.booleans()) else [])
                                       + [col(c), spell(draw, new, "mysql"), new_type.type_sql])
                        _rename_column(table, c, new)
                    c.type_sql, c.family, c.key_type, c.length = (new_type.type_sql, new_type.family,
                                                                   new_type.key_type, new_type.length)
                    c.has_default = False
                touched.add(c.name.lower())
        elif action in ("set-default", "drop-default"):
            pool = [c for c in free if not c.identity and c.family not in ("text", "blob", "json")]
            if pool:
                c = draw(st.sampled_from(pool))
                default = _my_default(draw, c)
                touched.add(c.name.lower())
                now = default and default[1].upper().startswith(("CURRENT", "NOW", "LOCAL"))
                if action == "set-default" and default and len(default) == 2 and not now:
                    actions.append(["ALTER"] + (["COLUMN"] if draw(st.booleans()) else []) + [col(c), "SET"] + default)
                else:
                    actions.append(["ALTER"] + (["COLUMN"] if draw(st.booleans()) else [])
                                   + [col(c), "DROP", "DEFAULT"])
        elif action == "add-index":
            pool = [c for c in table.columns if _my_indexable(c)]
            if pool:
                cols = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=min(2, len(pool)), unique_by=id))
                name = schema.fresh(draw, ["idx", "ix_added"])
                table.indexes.append(name)
                touched.add(name.lower())  # not dropped in the statement that adds it
                for c in cols:
                    c.pinned = True
                actions.append(["ADD", draw(st.sampled_from(["INDEX", "KEY", "UNIQUE INDEX", "UNIQUE KEY"])),
                                spell(draw, name, "mysql"), "(", ", ".join(_my_key_part(draw, c) for c in cols), ")"])
        elif action == "add-fk":
            for c in table.columns:
                fk = _my_referencable(draw, schema, c)
                if fk is not None:
                    name = schema.fresh(draw, ["fk", "fk_added"])
                    table.foreign_keys.append(name)
                    c.pinned = True
                    actions.append(["ADD", "CONSTRAINT", spell(draw, name, "mysql"), "FOREIGN KEY", "(", col(c),
                                    ")", "REFERENCES", spell(draw, fk[0].name, "mysql", case_sensitive=True), "(",
                                    spell(draw, fk[1], "mysql"), ")"])
                    break
        elif action == "drop-index" and table.indexes and table.indexes[-1].lower() not in touched:
            actions.append(["DROP", draw(st.sampled_from(["INDEX", "KEY"])), spell(draw, table.indexes.pop(), "mysql")])
        elif action == "drop-fk" and table.foreign_keys:
            actions.append(["DROP", "FOREIGN KEY", spell(draw, table.foreign_keys.pop(), "mysql")])
        elif action == "engine":
            actions.append(["ENGINE", "=", "InnoDB"])
    if not actions:
        if draw(st.booleans()):
            new = schema.fresh(draw, [table.name + "_new", "renamed"])
            actions.append(["RENAME"] + (["TO"] if draw(st.booleans()) else [])
                           + [spell(draw, new, "mysql", case_sensitive=True)])
            table.name = new
        else:
            actions.append(["COMMENT", "=", "'altered'"])
    parts = head
    for i, a in enumerate(actions):
        parts += ([","] if i else []) + a
    return draw(render(parts, "mysql"))


# --- scripts ------------------------------------------------------------------------------------------------------


@st.composite
def _gap(draw, dialect: str, first: bool = False) -> str:
    """Whitespace and comments between statements."""
    parts = []
    for _ in range(draw(st.integers(0, 2))):
        if draw(st.booleans()):
            parts.append(draw(st.sampled_from(["\n", "\n\n", " ", "\t", "\r\n"])))
        else:
            comment = draw(_comment(dialect))
            parts.append(comment + ("" if comment.endswith("\n") else draw(st.sampled_from(["\n", " ", ""]))))
    lead = "" if first else draw(st.sampled_from(["\n", "\n", " ", "\n\n"]))
    return lead + "".join(parts)


@st.composite
def _statements(draw, dialect: str, min_statements: int, max_statements: int) -> tuple[list[tuple[str, str]], Schema]:
    schema = Schema(dialect)
    out: list[tuple[str, str]] = []
    count = draw(st.integers(min_statements, max_statements))
    while len(out) < count:
        if not schema.tables:
            kind = "CREATE TABLE"
        else:
            kind = draw(st.sampled_from(["CREATE TABLE", "CREATE TABLE", "CREATE INDEX", "CREATE INDEX",
                                         "ALTER TABLE", "ALTER TABLE", "CREATE SEQUENCE", "COMMENT"]))
        if dialect == "mysql" and kind in ("CREATE SEQUENCE", "COMMENT"):
            kind = "CREATE TABLE"
        stmt = None
        if dialect == "postgres":
            if kind == "CREATE INDEX":
                stmt = draw(_pg_create_index(schema))
            elif kind == "ALTER TABLE":
                stmt = draw(_pg_alter_table(schema))
            elif kind == "CREATE SEQUENCE":
                stmt = draw(_pg_create_sequence(schema))
            elif kind == "COMMENT":
                stmt = draw(_pg_comment_on(schema))
            if stmt is None:  # CREATE TABLE, or an index with nothing to index
                kind, before = "CREATE TABLE", []
                stmt = draw(_pg_create_table(schema, before))
                out += before
        else:
            if kind == "CREATE INDEX":
                stmt = draw(_my_create_index(schema))
            elif kind == "ALTER TABLE":
                stmt = draw(_my_alter_table(schema))
            if stmt is None:
                kind, stmt = "CREATE TABLE", draw(_my_create_table(schema))
        out.append((kind, stmt))
    return out, schema


@st.composite
def ddl_script(draw, dialect: str, min_statements: int = 1, max_statements: int = 8) -> Script:
    """A file of DDL statements for `dialect` ("postgres" or "mysql")."""
    pairs, schema = draw(_statements(dialect, min_statements, max_statements))
    text = draw(_gap(dialect, first=True))
    statements, offsets, kinds = [], [], []
    for i, (kind, stmt) in enumerate(pairs):
        offsets.append(len(text))
        statements.append(stmt)
        kinds.append(kind)
        text += stmt
        if i < len(pairs) - 1 or draw(st.integers(0, 4)):
            text += draw(st.sampled_from([";", ";", " ;", "\n;"])) + draw(_gap(dialect))
        else:  # the last statement without `;`: anything after it (a comment) would be part of it
            text += draw(st.sampled_from(["", "\n", "  \n"]))
    return Script(dialect, statements, text, offsets, schema, kinds)


@st.composite
def ddl_statement(draw, dialect: str) -> Script:
    """A short script whose interesting part is its last statement."""
    return draw(ddl_script(dialect, 1, 4))
