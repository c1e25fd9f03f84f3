"""Properties of linting generated DDL (tests/ddl_strategies.py), for both dialects and every target.

- linting never raises, and run-wide rules neither;
- every finding lies within the file and inside the statement it is about;
- the findings are the same on every run;
- the splitter finds exactly the generated statements;
- a generated (valid) PostgreSQL statement is never a DSQL001 parse error;
- the generator's PostgreSQL really runs on PostgreSQL 16 (marked `pg`), so the above is about real SQL, and
  its MySQL runs on MariaDB (marked `mariadb`, where a server is reachable).

Bounded for CI: the whole module runs in well under a minute.
"""

from __future__ import annotations

import re

import pytest
from ddl_strategies import SQLGLOT_GAPS, Script, ddl_script, targets
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dsqllint.engine import lint_sources
from dsqllint.parse import parse_sql
from dsqllint.selection import Selection
from dsqllint.source import LineIndex, Source
from dsqllint.split import split
from dsqllint.target import Target
from budget import scaled

DIALECTS = ["postgres", "mysql"]
SELECTIONS = [Selection(), Selection(ignore=frozenset({"DSQL4"})), Selection(select=frozenset({"DSQL0", "DSQL2"})),
              Selection(select=frozenset({"ALL"}), ignore=frozenset({"DSQL001"}))]
FEW = settings(max_examples=scaled(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def lint(script: Script, target: str = "latest", selection: Selection = Selection()):
    source = Source("generated.sql", script.text, script.dialect)
    (result,) = lint_sources([source], Target.parse(target), selection)
    return result


def _offset(lines: LineIndex, line: int, column: int) -> int:
    return lines._starts[line - 1] + column - 1


@pytest.mark.parametrize("dialect", DIALECTS)
@FEW
@given(data=st.data())
def test_lint_never_raises_and_findings_point_into_their_statement(dialect: str, data) -> None:
    script = data.draw(ddl_script(dialect))
    result = lint(script, data.draw(targets()), data.draw(st.sampled_from(SELECTIONS)))
    lines = LineIndex(script.text)
    spans = [(start, start + len(stmt)) for start, stmt in zip(script.offsets, script.statements)]
    for f in result.findings:
        assert 1 <= f.line <= len(lines._starts) and f.column >= 1, f
        start, end = _offset(lines, f.line, f.column), _offset(lines, f.end_line, f.end_column)
        assert 0 <= start < end <= len(script.text) + 1, f
        assert lines.position(start) == (f.line, f.column), f"column past the end of line {f.line}: {f}"
        inside = [(a, b) for a, b in spans if a <= start < b]
        assert inside, f"{f.code} at {f.line}:{f.column} is outside every statement"
        assert end <= inside[0][1] + 1, f"{f.code} runs past the end of its statement: {f}"


@pytest.mark.parametrize("dialect", DIALECTS)
@settings(max_examples=scaled(25), deadline=None)
@given(data=st.data())
def test_findings_are_deterministic(dialect: str, data) -> None:
    script = data.draw(ddl_script(dialect))
    target = data.draw(targets())
    assert lint(script, target).findings == lint(script, target).findings


@pytest.mark.parametrize("dialect", DIALECTS)
@settings(max_examples=scaled(80), deadline=None)
@given(data=st.data())
def test_split_finds_exactly_the_generated_statements(dialect: str, data) -> None:
    script = data.draw(ddl_script(dialect))
    result = split(script.text, dialect)
    assert result.text == script.text  # nothing to unwrap: no conditional comments are generated
    assert [(s.start, script.text[s.start:s.end]) for s in result.spans] == list(zip(script.offsets, script.statements))
    assert not any(s.client or s.unterminated for s in result.spans)


@settings(max_examples=scaled(60), deadline=None)
@given(script=ddl_script("postgres"), target=targets())
def test_valid_postgresql_is_never_a_parse_error(script: Script, target: str) -> None:
    result = lint(script, target)
    errors = [f"{f.line}:{f.column} {f.message}" for f in result.findings if f.code == "DSQL001"]
    assert errors == [], script.text


@settings(max_examples=scaled(40), deadline=None)
@given(script=ddl_script("mysql"))
def test_generated_mysql_is_never_a_parse_error(script: Script) -> None:
    result = lint(script)
    errors = [f"{f.line}:{f.column} {f.message}" for f in result.findings if f.code == "DSQL001"]
    assert errors == [], script.text


def test_known_sqlglot_gaps_are_still_gaps() -> None:
    """What the generator leaves out because sqlglot cannot parse it: once one parses, add it back there."""
    fixed = [name for name, (dialect, sql) in SQLGLOT_GAPS.items() if parse_sql(sql, dialect)[0].error is None]
    assert fixed == [], "these parse now: generate them again (tests/ddl_strategies.py, GAPS) and drop them"


# --- the generator emits real SQL -----------------------------------------------------------------------------------

_ASYNC = re.compile(r"\bASYNC\b", re.I)


def _for_postgres(kind: str, statement: str) -> str:
    """Without DSQL's ASYNC (comments may sit around it, so servers.strip_async's anchored pattern would miss
    it; the generator puts no `async` anywhere else in an index statement)."""
    return _ASYNC.sub("", statement, count=1) if kind == "CREATE INDEX" else statement


@pytest.mark.pg
def test_generated_postgresql_runs_on_postgresql(pg) -> None:
    from servers import run_ddl

    count = [0, 0]
    with pg.fresh_database(prefix="dsqllint_props") as conn:

        @settings(max_examples=scaled(30), deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(script=ddl_script("postgres"))
        def run(script: Script) -> None:
            count[0] += 1
            schema = f"gen_{count[0]}"
            conn.execute(f"CREATE SCHEMA {schema}")
            conn.execute(f"SET search_path TO {schema}")
            conn.commit()
            statements = [_for_postgres(k, s) for k, s in zip(script.kinds, script.statements)]
            failures = run_ddl(conn, statements, strip_async_keyword=False)
            count[1] += len(statements)
            assert failures == [], "\n".join(str(f) for f in failures)

        run()
    assert count[1] >= 30


@pytest.mark.mariadb
def test_generated_mysql_runs_on_mariadb(mariadb) -> None:
    """The MySQL generator aims at "valid most of the time" (MySQL and MariaDB differ in corners): at least
    95% of its statements run."""
    counts = {"run": 0, "failed": 0}
    failures: list[str] = []
    with mariadb.fresh_database(prefix="dsqllint_props") as db:

        @settings(max_examples=scaled(25), deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(script=ddl_script("mysql"))
        def run(script: Script) -> None:
            db.execute("SET FOREIGN_KEY_CHECKS = 0")
            for (table, *_) in db.execute("SHOW TABLES"):
                db.execute("DROP TABLE `" + table.replace("`", "``") + "`")
            db.execute("SET FOREIGN_KEY_CHECKS = 1")
            for statement in script.statements:
                counts["run"] += 1
                try:
                    db.execute(statement)
                except Exception as err:  # noqa: BLE001  the server's error, whatever the driver calls it
                    counts["failed"] += 1
                    failures.append(f"{err}\n    {statement}")

        run()
    assert counts["run"] >= 25
    assert counts["failed"] <= counts["run"] // 20, "\n".join(failures)
