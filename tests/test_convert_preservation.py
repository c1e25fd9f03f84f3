"""Converting keeps the schema: every table, column, primary key, unique key, NOT NULL and default of a
corpus file's source exists in its converted output, except what the change report says was changed on
purpose (issue 4).

The truth on both sides comes from real servers:
- the source: a MySQL file is loaded into MariaDB (information_schema, via MySchemaFacts); a PostgreSQL
  file is run on PostgreSQL 16, one statement per transaction (statements the source itself fails on
  contribute nothing). Without MariaDB, a MySQL source's truth falls back to its parsed text (said in
  the test's output);
- the result: the converted output run on PostgreSQL 16 (ASYNC stripped, one statement per transaction).

Types are not compared (they change on purpose); defaults are compared after normalisation (casts and
quotes dropped, numbers canonical, MySQL `'0'` on TINYINT(1) read as false, AUTO_INCREMENT/serial/identity
all read as "an identity").

Every difference must be explained by an entry of the change report at the same table and column: an
entry whose position lies in the source statement about that table, and for a column difference in that
column's definition (or in a statement about that column alone). An entry explains a difference only if
it says the behaviour changes or that the statement was not converted. Differences nothing explains are
silent losses: bugs. The ones not fixed yet are listed in SILENT_LOSSES, by name (a ratchet: the list
may only shrink); differences on tables some statement of the output fails on are listed apart, in
LOST_BY_FAILING_STATEMENTS (loud at deploy time, but lost all the same).
"""

from __future__ import annotations

import json
import re
import warnings
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest
from sqlglot import exp

from dsqllint.convert import convert_source
from dsqllint.convert.model import Change, ConversionResult
from dsqllint.engine import lint_source
from dsqllint.fixes.common import column_defs, table_of
from dsqllint.parse import Statement
from dsqllint.source import Source, read_source
from dsqllint.split import split
from servers import MariaDBServer, ServerUnavailable, describe_schema, run_ddl

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
FILES = sorted(CORPUS.glob("*/*.sql"))

# Ratchets: file → {"table.column: what" or "table: what", …}, each one difference no change-report entry
# explains. A difference not listed fails the test; a listed one that is gone gives a warning (drop it then).
# Silent: the output runs, and the difference goes unnoticed until the application meets it.
SILENT_LOSSES: dict[str, set[str]] = {}
# Lost because a statement of the output about the table fails on PostgreSQL: loud at deploy time, and
# counted in tests/test_convert_corpus.py's KNOWN_GAPS; named here so the loss is on record.
LOST_BY_FAILING_STATEMENTS: dict[str, set[str]] = {}  # none left: every corpus file's output runs


# --- one model of a schema, whichever server it came from -------------------------------------------------------

IDENTITY = "<identity>"
NOW = "<now>"


@dataclass
class Column:
    nullable: bool
    default: str | None  # normalised (see normalise_default); None: no default


@dataclass
class Table:
    name: str
    columns: dict[str, Column] = field(default_factory=dict)
    primary_key: tuple[str, ...] | None = None
    unique: set[frozenset[str]] = field(default_factory=set)


Schema = dict[str, Table]  # key: the table's name as compared (see _key)

_CAST = re.compile(r"::(?:\"[^\"]+\"|[\w ]+)(?:\([\d, ]*\))?(?:\[\])*$")
_NOW = re.compile(r"^(?:now\(\)|current_timestamp(?:\(\d*\))?|localtimestamp(?:\(\d*\))?|transaction_timestamp\(\)"
                  r"|statement_timestamp\(\)|clock_timestamp\(\))$", re.I)


def normalise_default(text: str | None, *, boolean: bool = False) -> str | None:
    """A default as comparable text: casts, wrapping parentheses and quotes of literals dropped, numbers
    canonical, every spelling of "now" one, MySQL 0/1 on a boolean column false/true."""
    if text is None:
        return None
    value = text.strip()
    while True:
        previous = value
        value = _CAST.sub("", value).strip()
        if value.startswith("(") and value.endswith(")") and _balanced(value[1:-1]):
            value = value[1:-1].strip()
        if value == previous:
            break
    if value.upper() == "NULL":
        return None
    if re.fullmatch(r"'\\x(?:[0-9a-fA-F]{2})*'", value):  # bytea, as PostgreSQL shows it: the bytes as text
        value = "'" + bytes.fromhex(value[3:-1]).decode("utf-8", "replace").replace("'", "''") + "'"
    value = re.sub(r"^('\d{4}-\d\d-\d\d[ T][\d:.]+)(?:\+00(?::00)?)'$", r"\1'", value)  # timestamptz in UTC
    if _NOW.match(value):
        return NOW
    if value.lower().startswith("nextval("):
        return IDENTITY
    if len(value) >= 2 and value[0] == value[-1] == "'" and "'" not in value[1:-1].replace("''", ""):
        value = value[1:-1].replace("''", "'")
    elif re.fullmatch(r"[bB]'[01]+'", value):
        value = str(int(value[2:-1], 2))
    try:
        number = Decimal(value)
        if number.is_finite():
            value = format(number.normalize(), "f")
    except InvalidOperation:
        pass
    if boolean or value.lower() in ("true", "false"):
        value = {"0": "false", "1": "true", "f": "false", "t": "true"}.get(value.lower(), value.lower())
    return _array_as_list(value)


def _array_as_list(value: str) -> str:
    """An array literal `{a,b}` and the JSON array `["a", "b"]` it becomes when the column turns into
    json hold the same elements: both as one canonical list."""
    if re.fullmatch(r"\{[^{}\"]*\}", value):
        items = [item.strip() for item in value[1:-1].split(",")] if value[1:-1].strip() else []
    elif value.startswith("["):
        try:
            items = [str(item) for item in json.loads(value)]
        except ValueError:
            return value
    else:
        return value
    return "list" + json.dumps(items)


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def from_postgres(facts, *, fold: bool) -> Schema:
    """`servers.SchemaFacts` as a Schema; fold: key tables and columns by lower-cased bare name (MySQL)."""
    schema: Schema = {}
    for t in facts.tables.values():
        name = t.name.lower() if fold else t.qualified_name
        key = (lambda c: c.lower()) if fold else (lambda c: c)
        table = Table(name=name)
        for c in t.columns.values():
            default = IDENTITY if c.identity is not None else normalise_default(c.default,
                                                                                boolean=c.data_type == "boolean")
            table.columns[key(c.name)] = Column(nullable=c.nullable, default=default)
        table.primary_key = tuple(key(c) for c in t.primary_key) if t.primary_key else None
        table.unique = {frozenset(key(c) for c in cols) for cols in t.unique_column_sets}
        schema[name] = table
    return schema


def from_mariadb(facts) -> Schema:
    schema: Schema = {}
    for t in facts.tables.values():
        table = Table(name=t.name.lower())
        for c in t.columns.values():
            if "auto_increment" in c.extra.lower():
                default = IDENTITY
            elif c.generation_expression:
                default = None  # a generated column's expression is not a default
            else:
                boolean = c.column_type.lower().startswith(("tinyint(1)", "bit(1)"))
                default = c.default
                if default is not None and c.data_type.lower() == "binary":  # MariaDB shows the padding
                    default = re.sub(r"(?:\\0)+'$", "'", default)
                default = normalise_default(default, boolean=boolean)
            table.columns[c.name.lower()] = Column(nullable=c.nullable, default=default)
        table.primary_key = tuple(c.lower() for c in t.primary_key) if t.primary_key else None
        table.unique = {frozenset(c.lower() for c in cols) for cols in t.unique_keys.values()}
        schema[table.name] = table
    return schema


def from_parsed_mysql(source: Source) -> Schema:
    """The fallback truth of a MySQL file when no MariaDB is reachable: its CREATE TABLE statements as parsed."""
    schema: Schema = {}
    for stmt in lint_source(source).statements:
        tree = stmt.tree
        if not isinstance(tree, exp.Create) or (tree.args.get("kind") or "").upper() != "TABLE":
            continue
        if not isinstance(tree.this, exp.Schema):
            continue
        table = Table(name=tree.this.this.name.lower())
        for col in column_defs(tree):
            kinds = [c.args.get("kind") for c in col.constraints]
            default = next((k.this.sql("mysql") for k in kinds if isinstance(k, exp.DefaultColumnConstraint)), None)
            if any(isinstance(k, exp.AutoIncrementColumnConstraint) for k in kinds):
                default = IDENTITY
            primary = any(isinstance(k, exp.PrimaryKeyColumnConstraint) for k in kinds)
            not_null = any(isinstance(k, exp.NotNullColumnConstraint) and not k.args.get("allow_null") for k in kinds)
            boolean = col.args.get("kind") is not None and col.args["kind"].sql("mysql").upper() == "TINYINT(1)"
            table.columns[col.name.lower()] = Column(nullable=not (not_null or primary),
                                                     default=normalise_default(default, boolean=boolean))
            if primary:
                table.primary_key = (col.name.lower(),)
        for item in tree.this.expressions:
            if isinstance(item, exp.PrimaryKey):
                table.primary_key = tuple(e.name.lower() for e in item.expressions)
                for name in table.primary_key:
                    if name in table.columns:
                        table.columns[name].nullable = False
            elif isinstance(item, exp.UniqueColumnConstraint) or (
                    isinstance(item, exp.Constraint) and item.find(exp.UniqueColumnConstraint)):
                unique = item.find(exp.UniqueColumnConstraint)
                names = [e.name.lower() for e in unique.find_all(exp.Identifier)] if unique.this else []
                if names:
                    table.unique.add(frozenset(n for n in names if n in table.columns))
        schema[table.name] = table
    return schema


# --- the differences ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    table: str
    column: str | None  # None: the table itself, its primary key or a unique key
    what: str
    key: frozenset[str] = frozenset()  # the columns of a missing or changed primary or unique key

    def __str__(self) -> str:
        return f"{self.table}{'.' + self.column if self.column else ''}: {self.what}"


def _same_default(want: str, have: str | None) -> bool:
    """Equal, or the same truth value (MySQL TINYINT(1) stays SMALLINT where a CHECK compares it with numbers)."""
    return want == have or {want, have} in ({"true", "1"}, {"false", "0"})


def differences(source: Schema, result: Schema) -> list[Difference]:
    out: list[Difference] = []
    for name, table in sorted(source.items()):
        got = result.get(name)
        if got is None:
            out.append(Difference(name, None, "table missing"))
            continue
        for col, want in table.columns.items():
            have = got.columns.get(col)
            if have is None:
                out.append(Difference(name, col, "column missing"))
                continue
            if not want.nullable and have.nullable:
                out.append(Difference(name, col, "NOT NULL lost"))
            if want.default is not None and not _same_default(want.default, have.default):
                out.append(Difference(name, col, f"default {want.default!r} became {have.default!r}"))
        if table.primary_key and (got.primary_key is None or set(got.primary_key) != set(table.primary_key)):
            out.append(Difference(name, None, f"primary key ({', '.join(table.primary_key)}) became "
                                              f"{'(' + ', '.join(got.primary_key) + ')' if got.primary_key else 'none'}",
                                  frozenset(table.primary_key)))
        have_unique = got.unique | ({frozenset(got.primary_key)} if got.primary_key else set())
        for cols in sorted(table.unique, key=sorted):
            if cols not in have_unique:
                out.append(Difference(name, None, f"unique key ({', '.join(sorted(cols))}) missing", cols))
    return out


# --- what the change report says, located ----------------------------------------------------------------------


@dataclass
class Place:
    """A span of the source about one table: its statement (`column` and `key` unset), one column's definition
    or a statement about that column alone (`column`), or one key's definition (`key`: the names it mentions)."""

    start: int
    end: int
    table: str
    column: str | None = None
    key: frozenset[str] | None = None
    creates: bool = False  # the CREATE TABLE statement of the table


_KEYS = (exp.PrimaryKey, exp.UniqueColumnConstraint, exp.IndexColumnConstraint, exp.Constraint, exp.Index)


def places(source: Source, *, fold: bool) -> list[Place]:
    """Where the source speaks of each table, column and key."""
    out: list[Place] = []
    case = (lambda name: name.lower()) if fold else (lambda name: name)
    for stmt in lint_source(source).statements:
        tree = stmt.tree
        target = _statement_table(stmt)
        if target is None or not isinstance(target.this, exp.Identifier):
            continue
        table = _table_key(target, fold)
        creating = isinstance(tree, exp.Create) and (tree.args.get("kind") or "").upper() == "TABLE"
        out.append(Place(stmt.start, stmt.span.end, table, creates=creating))
        names = frozenset(case(i.name) for i in tree.find_all(exp.Identifier))
        if not creating:  # ALTER TABLE, CREATE INDEX: the whole statement speaks of what it names
            out.append(Place(stmt.start, stmt.span.end, table, key=names))
            columns = {case(n.this.name) for n in stmt.find_all(exp.ColumnDef, exp.AlterColumn, exp.RenameColumn)
                       if n.this is not None}
            if len(columns) == 1:
                out.append(Place(stmt.start, stmt.span.end, table, column=columns.pop()))
            continue
        if not isinstance(tree.this, exp.Schema):
            continue
        items = tree.this.expressions
        starts = []  # an item starts after the comma before its first name (`PRIMARY KEY (id)`: at PRIMARY)
        for item in items:
            comma = stmt.token_before(stmt.node_start(item), {","})
            starts.append(max(stmt.token_end(comma) if comma else stmt.start, starts[-1] if starts else 0))
        for item, start, end in zip(items, starts, starts[1:] + [stmt.span.end]):
            if isinstance(item, exp.ColumnDef):
                out.append(Place(start, end, table, column=case(item.name)))
            elif isinstance(item, _KEYS):
                out.append(Place(start, end, table, key=frozenset(case(i.name) for i in item.find_all(exp.Identifier))))
    return out


def _statement_table(stmt: Statement) -> exp.Table | None:
    tree = stmt.tree
    if tree is None:
        return None
    if isinstance(tree, (exp.Create, exp.Alter)):
        table = table_of(tree)
        if isinstance(tree, exp.Create) and (tree.args.get("kind") or "").upper() == "INDEX":
            index = tree.this
            table = index.args.get("table") if isinstance(index, exp.Index) else None
        return table if isinstance(table, exp.Table) else None
    if isinstance(tree, exp.Drop) and (tree.args.get("kind") or "").upper() == "TABLE":
        return tree.this if isinstance(tree.this, exp.Table) else None
    return None


def _table_key(table: exp.Table, fold: bool) -> str:
    if fold:
        return table.name.lower()
    schema = table.db or "public"
    return f"{schema}.{table.name}" if table.this.args.get("quoted") else f"{schema}.{table.name.lower()}"


def _says(change: Change, diff: Difference) -> bool:
    """The entry speaks of the kind of thing the difference is: a removed statement explains anything of
    what it was about; otherwise a lost NOT NULL needs an entry about NOT NULL, a default one about the
    default, a key one about a key, index or uniqueness. A missing table or column needs a removal."""
    summary = change.summary.lower()
    if summary.startswith("removed"):
        return True
    if diff.what.endswith("missing") and diff.key == frozenset():
        return False
    if diff.what == "NOT NULL lost":
        return "not null" in summary
    if diff.what.startswith("default"):
        return "default" in summary
    return any(word in summary for word in ("key", "index", "unique"))


def explains(change: Change, diff: Difference, located: list[Place], source: Source) -> bool:
    """The change says it changes what the schema does, and stands where the source speaks of the difference:
    a missing table in its CREATE TABLE (and the statement was removed), a column in the column's definition
    or a statement about it alone, a key in the key's definition or a statement naming its columns."""
    if not change.changes_behaviour or not _says(change, diff):
        return False
    offset = source.lines._starts[change.line - 1] + change.column - 1
    for place in located:
        if place.table != diff.table or not place.start <= offset < place.end:
            continue
        if diff.what == "table missing":
            if place.creates:
                return True
        elif diff.column is not None:
            if place.column == diff.column:
                return True
        elif place.key is not None and diff.key <= place.key:
            return True
        elif place.column is not None and diff.key == {place.column}:  # an inline PRIMARY KEY / UNIQUE
            return True
    return False


# --- the servers' truth ---------------------------------------------------------------------------------------

_MYSQL_DATABASE_SWITCH = re.compile(
    r"^\s*(?:USE\s+\S+?|(?:CREATE|DROP)\s+(?:DATABASE|SCHEMA)\b[^;]*?)\s*;[ \t]*\r?$", re.I | re.M)


def for_mariadb(text: str) -> str:
    """The MySQL source with its database switches taken out, so it loads into the scratch database."""
    return _MYSQL_DATABASE_SWITCH.sub("", text)


def statements(sql: str) -> list[str]:
    spans = split(sql, "postgres").spans
    texts = [sql[s.start:s.end] for s in spans]
    return [t for t in texts if t.strip().upper() not in ("BEGIN", "COMMIT")]


def source_truth(pg, source: Source) -> tuple[Schema, str]:
    """The source schema as a server sees it, and where it came from."""
    if source.dialect == "mysql":
        try:
            server = MariaDBServer.get()
        except ServerUnavailable as exc:
            return from_parsed_mysql(source), f"parsed source (MariaDB unreachable: {exc})"
        with server.fresh_database(prefix="dsqllint_preserve") as db:
            _, stderr = db.load_dump(for_mariadb(source.text), force=True)
            truth = from_mariadb(db.describe_schema())
        failed = len(re.findall(r"^ERROR \d+", stderr, re.M))
        origin = f"MariaDB {server.version} ({failed} statements failed there)"
        parsed = {name: table for name, table in from_parsed_mysql(source).items() if name not in truth}
        if parsed:  # MySQL-only syntax MariaDB refuses (JSON ->> generated columns): the parsed source
            truth.update(parsed)
            origin += f"; {len(parsed)} tables MariaDB could not create from the parsed source: {sorted(parsed)[:5]}"
        return truth, origin
    with pg.fresh_database(prefix="dsqllint_preserve") as conn:
        run_ddl(conn, statements(source.text))
        return from_postgres(describe_schema(conn), fold=False), "PostgreSQL 16"


def result_truth(pg, result: ConversionResult, *, fold: bool) -> tuple[Schema, set[str]]:
    """The converted schema, and the tables some statement of the output failed on."""
    with pg.fresh_database(prefix="dsqllint_preserve") as conn:
        failures = run_ddl(conn, statements(result.sql))
        schema = from_postgres(describe_schema(conn), fold=fold)
    failed = set()
    for failure in failures:
        for stmt in lint_source(Source("failed.sql", failure.statement, "postgres")).statements:
            table = _statement_table(stmt)
            if table is not None and isinstance(table.this, exp.Identifier):
                failed.add(_table_key(table, fold))
    return schema, failed


@dataclass
class Outcome:
    origin: str  # where the source's truth came from
    differences: list[Difference]
    silent: list[Difference]  # no change-report entry explains them, and no statement of the output failed
    failed: list[Difference]  # no entry explains them, and a statement of the output about the table failed


def compare(pg, path: Path, conversions: dict) -> Outcome:
    source = read_source(path)
    fold = source.dialect == "mysql"
    truth, origin = source_truth(pg, source)
    result = conversions[path.name]
    converted, failed_tables = result_truth(pg, result, fold=fold)
    diffs = differences(truth, converted)
    located = places(source, fold=fold)
    unexplained = [d for d in diffs if not any(explains(c, d, located, source) for c in result.changes)]
    return Outcome(origin, diffs, [d for d in unexplained if d.table not in failed_tables],
                   [d for d in unexplained if d.table in failed_tables])


@pytest.mark.pg
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_conversion_keeps_the_schema(pg, path, corpus_conversions):
    outcome = compare(pg, path, corpus_conversions)
    print(f"{path.name}: truth from {outcome.origin}; {len(outcome.differences)} differences, "
          f"{len(outcome.silent)} silent, {len(outcome.failed)} where the output fails")
    problems = []
    for found, known, kind in ((outcome.silent, SILENT_LOSSES, "silently lost"),
                               (outcome.failed, LOST_BY_FAILING_STATEMENTS, "lost by a failing statement")):
        expected = known.get(path.name, set())
        names = {str(d) for d in found}
        problems += [f"{kind}: {name}" for name in sorted(names - expected)]
        for name in sorted(expected - names):  # like test_convert_corpus's KNOWN_GAPS: fewer is fine, and said
            warnings.warn(f"{path.name}: no longer lost, drop it from the ratchet: {name}", stacklevel=1)
    assert not problems, f"truth from {outcome.origin}\n" + "\n".join(problems[:40])


# --- the checker itself finds losses ---------------------------------------------------------------------------

_SMALL = """CREATE TABLE shop (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT,
  code VARCHAR(10) NOT NULL DEFAULT 'x',
  active TINYINT(1) NOT NULL DEFAULT '1',
  updated TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE KEY shop_code (code)
) ENGINE=InnoDB;
"""


@pytest.mark.pg
@pytest.mark.parametrize("damage, expected", [
    (lambda sql: sql, []),
    (lambda sql: sql.replace("code VARCHAR(10) NOT NULL", "code VARCHAR(10)"), ["shop.code: NOT NULL lost"]),
    (lambda sql: sql.replace("DEFAULT 'x'", ""), ["shop.code: default 'x' became None"]),
    (lambda sql: sql.replace("DEFAULT TRUE", "DEFAULT FALSE"), ["shop.active: default 'true' became 'false'"]),
    (lambda sql: sql.replace(",\n  CONSTRAINT shop_code UNIQUE (code)", ""), ["shop: unique key (code) missing"]),
    (lambda sql: re.sub(r"\n  updated [^\n]*", "", sql), ["shop.updated: column missing"]),
], ids=["intact", "not-null", "default", "boolean-default", "unique", "column"])
def test_the_checker_finds_what_a_conversion_would_lose(pg, damage, expected):
    """Damage a correct conversion by hand: the checker sees exactly the damage, and no report entry explains it."""
    source = Source("small.sql", _SMALL, "mysql")
    result = convert_source(source)
    damaged = damage(result.sql)
    assert damaged != result.sql or not expected
    with pg.fresh_database() as conn:
        assert run_ddl(conn, statements(result.sql)) == []
        truth = from_postgres(describe_schema(conn), fold=True)
    converted, _ = result_truth(pg, ConversionResult(sql=damaged), fold=True)
    diffs = differences(truth, converted)
    assert [str(d) for d in diffs] == expected
    located = places(source, fold=True)
    assert not any(explains(c, d, located, source) for d in diffs for c in result.changes)


def test_defaults_compare_after_normalisation():
    assert normalise_default("'0'", boolean=True) == normalise_default("false") == "false"
    assert normalise_default("b'1'", boolean=True) == "true"
    assert normalise_default("'abc'::character varying") == normalise_default("'abc'") == "abc"
    assert normalise_default("(0)::numeric") == normalise_default("'0.00'") == "0"
    assert normalise_default("current_timestamp()") == normalise_default("CURRENT_TIMESTAMP") == NOW
    assert normalise_default("nextval('t_id_seq'::regclass)") == IDENTITY
    assert normalise_default("'\\x756e6b6e6f776e'::bytea") == "unknown"
    assert normalise_default("'1970-01-02 00:00:01+00'::timestamp with time zone") == "1970-01-02 00:00:01"
    assert normalise_default("NULL") is None
