"""Converted corpus files run on a real PostgreSQL 16 (ASYNC stripped, one statement per transaction).

Every file must convert without a crash. Files listed in KNOWN_GAPS still have statements PostgreSQL
rejects; the number may only go down (a ratchet), and each gap is named so the next fix knows where to
look. All other files must run with zero errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from dsqllint.convert import convert_source
from dsqllint.source import read_source
from dsqllint.split import split
from servers import run_ddl

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
FILES = sorted(CORPUS.glob("*/*.sql"))

# file → (most failing statements allowed, why)
KNOWN_GAPS = {
    "chado-1.31-default-schema.pg.sql": (23, "sql functions and indexes on box (geometric) expressions"),
    "gisia-gitlab-derived-structure.pg.sql": (32, "partitioned parents: ATTACH PARTITION/partition children removed"),
    "openstreetmap-rails-structure.pg.sql": (7, "postgis geometry column; moderation_zones"),
    "pagila-schema.pg.sql": (129, "uuidv7() (PostgreSQL 18) defaults (issue 8); partitioned payment table"),
    "sakila-jooq-schema.pg.sql": (41, "INHERITS children and rules"),
    "temporal-visibility.pg.sql": (24, "more than 24 indexes on executions_visibility"),
    "employees-objects.mysql.sql": (2, "views over tables created by employees.mysql.sql, not by this file"),
    "flare-laravel-schema-dump.mysql.sql": (8, "foreign keys to tables the dump never creates (adventures, …)"),
    "sakila-schema.mysql.sql": (4, "MySQL-only view syntax (GROUP_CONCAT … SEPARATOR inside subqueries)"),
    "temporal-visibility.mysql.sql": (64, "MySQL JSON ->> generated columns and > 24 indexes"),
}


def statements(sql: str) -> list[str]:
    spans = split(sql, "postgres").spans
    texts = [sql[s.start:s.end] for s in spans]
    return [t for t in texts if t.strip().upper() not in ("BEGIN", "COMMIT")]


@pytest.fixture(scope="module")
def conversions():
    """Each corpus file converted once for every test of this module."""
    return {path.name: convert_source(read_source(path)) for path in FILES}


@pytest.mark.pg
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_converted_corpus_runs_on_postgres(pg, conversions, path):
    result = conversions[path.name]
    with pg.fresh_database() as conn:
        failures = run_ddl(conn, statements(result.sql))
    allowed, why = KNOWN_GAPS.get(path.name, (0, ""))
    detail = "\n".join(f"{f.sqlstate} {f.message.splitlines()[0]}: {f.statement[:120]}" for f in failures[:10])
    assert len(failures) <= allowed, f"{len(failures)} statements fail (allowed {allowed}: {why or 'none'}):\n{detail}"


# file → most error findings allowed in the converted output (a ratchet), per checker
OWN_LINT_GAPS = {
    "chado-1.31-default-schema.pg.sql": 1, "employees-objects.mysql.sql": 2, "openstreetmap-rails-structure.pg.sql": 1,
    "pagila-schema.pg.sql": 1, "sakila-schema.mysql.sql": 2, "synapse-main-full-schema-72.pg.sql": 0,
    "temporal-visibility.mysql.sql": 46, "temporal-visibility.pg.sql": 3,
}
AWS_LINT_GAPS = {
    "gisia-gitlab-derived-structure.pg.sql": 15, "pagila-schema.pg.sql": 1, "sakila-schema.mysql.sql": 2,
    "temporal-visibility.mysql.sql": 3,
}


@pytest.fixture(scope="module")
def converted_files(tmp_path_factory, conversions):
    out = tmp_path_factory.mktemp("converted")
    paths = {}
    for path in FILES:
        target = out / path.name
        target.write_text(conversions[path.name].sql, encoding="utf-8")
        paths[path.name] = target
    return paths


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_converted_corpus_lints_clean(converted_files, path):
    """lint(convert(x)) has no error-severity finding (beyond the recorded gaps)."""
    from dsqllint.engine import lint_source

    result = lint_source(read_source(converted_files[path.name], "postgres"))
    errors = [f"{f.line}:{f.column} {f.code} {f.message}" for f in result.findings if f.severity.value == "error"]
    assert len(errors) <= OWN_LINT_GAPS.get(path.name, 0), "\n".join(errors[:10])


def test_converted_corpus_passes_aws_dsql_lint(converted_files):
    """AWS's dsql-lint, an independent oracle, finds no error in the converted files (beyond recorded gaps)."""
    import json
    import shutil
    import subprocess

    binary = shutil.which("dsql-lint")
    assert binary, "dsql-lint is a test dependency (pip install -e '.[test]')"
    problems = []
    for name, path in sorted(converted_files.items()):
        run = subprocess.run([binary, "--format", "json", str(path)], capture_output=True, text=True, timeout=120)
        errors = json.loads(run.stdout)["summary"]["errors"]
        if errors > AWS_LINT_GAPS.get(name, 0):
            problems.append(f"{name}: {errors} dsql-lint errors")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_convert_is_idempotent_and_deterministic(conversions, path):
    """convert(convert(x)) == convert(x) (below the header, which names the input), and the same
    input always gives the same output."""
    from dsqllint.source import Source

    first = conversions[path.name].sql
    again = convert_source(read_source(path)).sql
    assert again == first
    second = convert_source(Source(str(path), first, "postgres")).sql
    assert second.split("\n")[3:] == first.split("\n")[3:]
