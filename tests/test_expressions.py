"""Expressions DSQL cannot evaluate (issue 8): what the rules see, what convert makes of it, and that the
converted DDL runs on a real PostgreSQL 16 and behaves as the change report says."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from dsqllint.catalog import build_catalog
from dsqllint.convert import convert_source
from dsqllint.engine import lint_source, lint_sources
from dsqllint.function_origins import ORIGINS, origin_of
from dsqllint.functions import is_builtin_function
from dsqllint.parse import parse_sql
from dsqllint.source import Source
from servers import run_ddl
from test_convert_corpus import statements

ROOT = Path(__file__).resolve().parents[1]


def codes(sql: str, dialect: str = "postgres") -> list[str]:
    return [f.code for f in lint_sources([Source("x.sql", sql, dialect)])[0].findings if f.code.startswith("DSQL9")]


# --- the origin table ---------------------------------------------------------------------------------


def test_no_origin_names_a_postgresql_16_builtin():
    assert [name for name in ORIGINS if is_builtin_function(name)] == []


@pytest.mark.parametrize(("name", "source"), [
    ("uuid_generate_v4", "uuid-ossp"), ("gen_random_bytes", "pgcrypto"), ("similarity", "pg_trgm"),
    ("levenshtein", "fuzzystrmatch"), ("unaccent", "unaccent"), ("akeys", "hstore"), ("nlevel", "ltree"),
    ("ST_Distance", "PostGIS"), ("uuidv7", "PostgreSQL 18"), ("uuid_extract_timestamp", "PostgreSQL 17"),
    ("ifnull", "MySQL"),
])
def test_origins(name, source):
    assert origin_of(name).source == source


def test_contrib_names_match_the_extension_scripts_where_postgresql_is_installed():
    """The contrib part of the table was read from the extension install scripts; where a PostgreSQL
    install is on the machine, every name must still be created by its extension's scripts."""
    scripts = sorted(Path("/usr/share/postgresql").glob("*/extension"))
    if not scripts:
        assert origin_of("uuid_generate_v4").source == "uuid-ossp"  # nothing to compare with here
        return
    folder = scripts[-1]
    missing = []
    for name, origin in ORIGINS.items():
        files = list(folder.glob(f"{origin.source}--*.sql"))
        if not files or origin.source in ("pgvector",):
            continue
        text = "\n".join(f.read_text(encoding="utf-8", errors="replace") for f in files).lower()
        if f"function {name}(" not in text and f"function @extschema@.{name}(" not in text and f".{name}(" not in text:
            missing.append(f"{origin.source}: {name}")
    allowed = {"fuzzystrmatch: daitch_mokotoff"}  # PostgreSQL 16 added it; the local scripts may be older
    assert set(missing) <= allowed, missing


# --- the catalog of routines ----------------------------------------------------------------------------


def test_catalog_reads_routines_from_tokens():
    stmts = parse_sql(
        "CREATE FUNCTION public.f(a int, OUT b int, c text DEFAULT 'x') RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT 1 $$;"
        "CREATE FUNCTION g(VARIADIC a int[]) RETURNS int AS $$ BEGIN RETURN 1; END $$ LANGUAGE 'plpgsql';"
        "CREATE AGGREGATE agg(text) (SFUNC = textcat, STYPE = text);"
        'CREATE OR REPLACE FUNCTION "Quoted"() RETURNS int RETURN 1;'
    )
    routines = build_catalog(stmts).routines
    f, g, agg, quoted = routines["f"][0], routines["g"][0], routines["agg"][0], routines["Quoted"][0]
    assert (f.language, f.volatility, f.arity) == ("sql", "immutable", (1, 2))
    assert f.accepts(1) and f.accepts(2) and not f.accepts(3)
    assert (g.language, g.volatility, g.arity) == ("plpgsql", "volatile", (0, None))
    assert (agg.kind, agg.arity) == ("AGGREGATE", (1, 1))
    assert (quoted.language, quoted.arity) == ("sql", (0, 0))


def test_an_overload_dsql_can_run_makes_the_call_known_by_its_argument_count():
    sql = """
    CREATE FUNCTION t2(a text, n int) RETURNS text AS $$ BEGIN RETURN a; END $$ LANGUAGE plpgsql;
    CREATE FUNCTION t2(a text) RETURNS text LANGUAGE sql AS $$ SELECT t2($1, 1) $$;
    CREATE VIEW v1 AS SELECT t2('x') AS one;
    CREATE VIEW v2 AS SELECT t2('x', 2) AS two;
    """
    findings = [f for f in lint_source(Source("x.sql", sql, "postgres")).findings if f.code == "DSQL901"]
    # the one-argument SQL overload calls the PL/pgSQL one, so it cannot be created either
    assert [(f.line, "plpgsql" in f.message) for f in findings] == [(3, True), (4, False), (5, True)]


def test_a_function_whose_body_calls_a_missing_function_breaks_its_callers_too():
    sql = """
    CREATE FUNCTION a(x text) RETURNS text LANGUAGE sql AS 'SELECT unaccent($1)';
    CREATE FUNCTION b(x text) RETURNS text LANGUAGE sql AS 'SELECT a($1)';
    CREATE VIEW v AS SELECT b('x') AS c;
    """
    result = lint_source(Source("x.sql", sql, "postgres"))
    messages = [f.message for f in result.findings if f.code == "DSQL901"]
    assert len(messages) == 3
    assert "unaccent" in messages[0] and "calls unaccent()" in messages[1] and "calls a()" in messages[2]
    # converted once, nothing is left to remove: convert(convert(x)) == convert(x)
    first = convert_source(Source("x.sql", sql, "postgres")).sql
    assert convert_source(Source("x.sql", first, "postgres")).sql.split("\n")[3:] == first.split("\n")[3:]


def test_sql_function_bodies_with_numbered_parameters_are_read():
    sql = "CREATE FUNCTION s(bigint, bigint) RETURNS text LANGUAGE sql AS 'SELECT levenshtein(substring(x, $2-$1), x) FROM t';"
    assert codes(sql) == ["DSQL901"]


# --- where functions are checked, and where not ----------------------------------------------------------


def test_partition_keys_and_mysql_key_prefixes_are_not_calls():
    assert codes("CREATE TABLE p (a int, b text) PARTITION BY LIST (b);") == []
    assert codes("CREATE TABLE p (a int, b text) PARTITION BY RANGE (a);") == []
    assert codes("CREATE INDEX i ON t (a, b(100));", "mysql") == []


def test_mysql_checks_only_functions_sqlglot_does_not_translate():
    assert codes("CREATE VIEW v AS SELECT ifnull(a, 0) AS a, date_format(d, '%Y') AS y FROM t;", "mysql") == []
    assert codes("CREATE VIEW v AS SELECT inet_aton(ip) AS n FROM t;", "mysql") == ["DSQL901"]


def test_nextval_knows_serial_and_identity_sequences():
    sql = ("CREATE TABLE a (id serial, j bigint GENERATED ALWAYS AS IDENTITY (CACHE 1));"
           "CREATE VIEW v AS SELECT nextval('a_id_seq') AS x, nextval('a_j_seq') AS y, nextval('b_id_seq') AS z;")
    assert codes(sql) == ["DSQL903"]


# --- convert ----------------------------------------------------------------------------------------------

SCHEMA = """
CREATE FUNCTION stock(p integer) RETURNS integer LANGUAGE plpgsql AS $$ DECLARE n integer; BEGIN SELECT 1 INTO n; RETURN n; END $$;
CREATE TABLE accounts (
    id uuid DEFAULT uuid_generate_v4() PRIMARY KEY,
    v7 uuid DEFAULT uuidv7() NOT NULL,
    v4 uuid DEFAULT public.uuidv4(),
    name text CONSTRAINT name_check CHECK (similarity(name, 'admin') < 0.5),
    copies integer DEFAULT stock(1),
    label text GENERATED ALWAYS AS (concat(name, '!')) STORED,
    hours numeric GENERATED ALWAYS AS (copies / 60.0) VIRTUAL
);
CREATE INDEX accounts_name ON accounts ((unaccent(name)));
CREATE VIEW account_names AS SELECT slugify(name) AS slug FROM accounts;
"""


@pytest.fixture(scope="module")
def converted():
    return convert_source(Source("schema.sql", SCHEMA, "postgres"))


def test_uuid_functions_become_gen_random_uuid(converted):
    by_summary = {c.summary: c for c in converted.changes if c.code == "DSQL901"}
    assert not by_summary["uuid_generate_v4() → gen_random_uuid()"].changes_behaviour
    assert not by_summary["public.uuidv4() → gen_random_uuid()"].changes_behaviour
    v7 = by_summary["uuidv7() → gen_random_uuid()"]
    assert v7.changes_behaviour and "ordered by creation time" in v7.behaviour
    assert "uuid_generate_v4" not in converted.sql.split("CREATE TABLE", 1)[1].split(";")[0]


def test_clauses_calling_missing_functions_are_dropped_and_reported(converted):
    summaries = [c.summary for c in converted.behaviour_changes]
    assert any('column "name": CHECK removed (similarity()' in s for s in summaries)
    assert any("copies: DEFAULT" in s and "it uses stock, which was removed" in s for s in summaries)
    assert any('column "label": generation expression removed' in s for s in summaries)
    assert any("hours: VIRTUAL generated column → STORED" in s for s in summaries)
    removed = [c.summary for c in converted.not_converted]
    assert any("unaccent()" in s for s in removed) and any("slugify()" in s for s in removed)


def test_converted_output_lints_clean(converted):
    result = lint_source(Source("out.sql", converted.sql, "postgres"))
    assert [f for f in result.findings if f.severity.value == "error"] == []


@pytest.mark.pg
def test_converted_output_runs_and_generates_uuids(pg, converted):
    with pg.fresh_database() as conn:
        assert run_ddl(conn, statements(converted.sql)) == []
        conn.autocommit = True
        conn.execute("INSERT INTO accounts (name, copies) VALUES ('x', 120)")
        row = conn.execute("SELECT id, v7, v4, hours, label FROM accounts").fetchone()
        assert all(u.version == 4 for u in row[:3])  # random uuids, where uuidv7() gave version 7
        assert float(row[3]) == 2.0  # the VIRTUAL column is STORED, with the same value
        assert row[4] is None  # no longer generated: the application sets it
        conn.execute("INSERT INTO accounts (name) VALUES ('admin')")  # the pg_trgm CHECK is gone


@pytest.mark.pg
def test_pagila_runs_on_postgresql_16_once_converted(pg, corpus_conversions):
    result = corpus_conversions["pagila-schema.pg.sql"]
    with pg.fresh_database() as conn:
        failures = run_ddl(conn, statements(result.sql))
    assert [f.message for f in failures] == []
    assert sum("uuidv7() → gen_random_uuid()" in c.summary for c in result.behaviour_changes) == 58


# --- the census -------------------------------------------------------------------------------------------


def _census():
    spec = importlib.util.spec_from_file_location("function_census", ROOT / "scripts" / "function_census.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("function_census", module)
    spec.loader.exec_module(module)
    return module


def test_census_counts_checked_and_unknown_calls(tmp_path):
    path = tmp_path / "s.sql"
    path.write_text("CREATE TABLE t (id uuid DEFAULT uuidv7(), a text CHECK (length(a) > 0 AND similarity(a, 'x') > 0));\n"
                    "CREATE VIEW v AS SELECT uuidv7() AS u, lower(a) AS l FROM t;\n", encoding="utf-8")
    result = _census().census([path])
    assert result["dialects"]["postgres"] == {"files": 1, "calls": 5, "unknown": 3, "names": {"uuidv7": 2, "similarity": 1}}


def test_no_unknown_function_is_left_in_the_converted_corpus(tmp_path, corpus_conversions):
    paths = []
    for source in sorted((ROOT / "fixtures" / "corpus").glob("*/*.sql")):
        out = tmp_path / source.name
        out.write_text(corpus_conversions[source.name].sql, encoding="utf-8")
        paths.append(out)
    result = _census().census(paths)
    assert result["dialects"]["postgres"]["calls"] > 300
    assert result["dialects"]["postgres"]["names"] == {}


# --- a set of files (a migrations tree) ----------------------------------------------------------------

MIGRATION_1 = "CREATE FUNCTION slugify(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower(t) $$;\n"
MIGRATION_2 = "CREATE TABLE posts (title text, slug text GENERATED ALWAYS AS (slugify(title)) STORED);\n"


def test_a_function_another_file_of_the_run_creates_is_known():
    from dsqllint.engine import lint_sources

    first, second = Source("0001.sql", MIGRATION_1, "postgres"), Source("0002.sql", MIGRATION_2, "postgres")
    alone = lint_sources([second])[0]
    assert [f.code for f in alone.findings if f.code == "DSQL901"] == ["DSQL901"]
    assert "this file creates" in alone.findings[0].message
    together = lint_sources([first, second])
    assert [f.code for r in together for f in r.findings if f.code.startswith("DSQL9")] == []


def test_a_sql_function_calling_what_no_file_creates_breaks_its_callers_in_other_files():
    from dsqllint.engine import lint_sources

    helper = "CREATE FUNCTION slugify(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT transliterate(t) $$;\n"
    results = lint_sources([Source("0001.sql", helper, "postgres"), Source("0002.sql", MIGRATION_2, "postgres")])
    found = [(r.source.path, f.message) for r in results for f in r.findings if f.code == "DSQL901"]
    assert [path for path, _ in found] == ["0001.sql", "0002.sql"]
    assert "neither a PostgreSQL 16 built-in nor a function the 2 files linted create" in found[0][1]
    assert "slugify() is a LANGUAGE sql function that DSQL cannot create: its body calls transliterate()" in found[1][1]


def test_cli_lints_a_migrations_tree_as_one_run(tmp_path):
    from click.testing import CliRunner

    from dsqllint.cli import main

    (tmp_path / "0001.sql").write_text(MIGRATION_1, encoding="utf-8")
    (tmp_path / "0002.sql").write_text(MIGRATION_2, encoding="utf-8")
    for _ in range(2):  # the second run reads the results from the cache
        result = CliRunner().invoke(main, ["lint", "--select", "DSQL9", str(tmp_path)])
        assert result.exit_code == 0, result.output
    result = CliRunner().invoke(main, ["lint", "--select", "DSQL9", str(tmp_path / "0002.sql")])
    assert result.exit_code == 1 and "slugify() is neither" in result.output


def test_a_sequence_another_file_of_the_run_creates_is_known():
    from dsqllint.engine import lint_sources

    first = Source("0001.sql", "CREATE SEQUENCE order_no CACHE 65536;\n", "postgres")
    second = Source("0002.sql", "CREATE TABLE orders (no bigint DEFAULT nextval('order_no'));\n", "postgres")
    alone = [f.message for f in lint_sources([second])[0].findings if f.code == "DSQL903"]
    assert len(alone) == 1 and "this file never creates sequence order_no" in alone[0]
    assert [f for r in lint_sources([first, second]) for f in r.findings if f.code == "DSQL903"] == []
