"""Converted corpus files run on a real PostgreSQL 16 (ASYNC stripped, one statement per transaction).

Every file must convert without a crash. Files listed in KNOWN_GAPS still have statements PostgreSQL
rejects; the number may only go down (a ratchet), and each gap is named so the next fix knows where to
look. SOURCE_DEFECTS lists statements that fail in the unconverted source too (proved by running it);
PREREQUISITES loads the corpus files another file builds on. All other statements must run."""

from __future__ import annotations

from pathlib import Path

import pytest

from dsqllint.convert import convert_source
from dsqllint.source import read_source
from dsqllint.split import split
from servers import run_ddl

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
FILES = sorted(CORPUS.glob("*/*.sql"))

# file → (most failing statements allowed, why): conversion gaps still open. A ratchet: lower it as
# they close, never raise it.
KNOWN_GAPS: dict[str, tuple[int, str]] = {}

# file → {message: why}: statements that fail on PostgreSQL 16 in the SOURCE file too, so no conversion
# can make them run. The test proves each one: a converted statement may fail only with a message the
# unconverted source also fails with on the same server, and only with a message listed here.
SOURCE_DEFECTS = {
    "chado-1.31-default-schema.pg.sql": {
        "operator does not exist: box @ box": "the `box @ box` operator was removed in PostgreSQL 14 (use <@)",
        "function groupoverlaps(bigint, bigint, character varying) does not exist":
            "the groupoverlaps function it calls uses `box @ box` (above) and is not created",
    },
}

# file → corpus files whose converted output is loaded first (objects it uses but does not create)
PREREQUISITES = {
    "employees-objects.mysql.sql": ("employees.mysql.sql",),
}


def statements(sql: str) -> list[str]:
    spans = split(sql, "postgres").spans
    texts = [sql[s.start:s.end] for s in spans]
    return [t for t in texts if t.strip().upper() not in ("BEGIN", "COMMIT")]


@pytest.fixture(scope="module")
def conversions(corpus_conversions):
    """Each corpus file converted once for the run (keyed by file name)."""
    return corpus_conversions


def run_converted(pg, conversions, path: Path) -> list:
    """The converted file run on a fresh database, after its declared prerequisites."""
    with pg.fresh_database() as conn:
        for prerequisite in PREREQUISITES.get(path.name, ()):
            assert not run_ddl(conn, statements(conversions[prerequisite].sql)), f"prerequisite {prerequisite} fails"
        return run_ddl(conn, statements(conversions[path.name].sql))


@pytest.mark.pg
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_converted_corpus_runs_on_postgres(pg, conversions, path):
    failures = unexplained_failures(pg, run_converted(pg, conversions, path), path)
    allowed, why = KNOWN_GAPS.get(path.name, (0, ""))
    detail = "\n".join(f"{f.sqlstate} {f.message.splitlines()[0]}: {f.statement[:120]}" for f in failures[:10])
    assert len(failures) <= allowed, f"{len(failures)} statements fail (allowed {allowed}: {why or 'none'}):\n{detail}"


def unexplained_failures(pg, failures: list, path: Path) -> list:
    """The failures of a converted corpus file that its SOURCE_DEFECTS (proved on the source) do not explain."""
    defects = SOURCE_DEFECTS.get(path.name, {})
    if defects:  # prove that the source fails the same way: run it unconverted on the same server
        with pg.fresh_database() as conn:
            source_failures = run_ddl(conn, statements(path.read_text(encoding="utf-8")))
        in_source: dict[str, int] = {}
        for f in source_failures:
            in_source[f.message] = in_source.get(f.message, 0) + 1
        explained = []
        for f in failures:
            if f.message in defects and in_source.get(f.message, 0) > 0:
                in_source[f.message] -= 1
                explained.append(f)
        failures = [f for f in failures if f not in explained]
    return failures


@pytest.mark.pg
@pytest.mark.parametrize("name", sorted(SOURCE_DEFECTS))
def test_source_defects_are_real(pg, name):
    """Each listed source defect does fail on PostgreSQL 16 in the unconverted source."""
    path = CORPUS / "postgres" / name
    with pg.fresh_database() as conn:
        messages = {f.message for f in run_ddl(conn, statements(path.read_text(encoding="utf-8")))}
    assert set(SOURCE_DEFECTS[name]) <= messages


# file → most error findings allowed in the converted output (a ratchet), per checker
OWN_LINT_GAPS: dict[str, int] = {}
AWS_LINT_GAPS: dict[str, int] = {}


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
