"""Per-database limits judged over every file of a run (DSQL803 too-many-objects): the files are
taken together in the order given, as a migrations tree is applied to one DSQL database."""

from __future__ import annotations

from dsqllint.engine import Selection, lint_sources
from dsqllint.source import Source

CODE = "DSQL803"
ONLY = Selection(frozenset({CODE}))


def _file(name: str, statements: list[str], dialect: str = "postgres") -> Source:
    return Source(name, "\n".join(statements) + "\n", dialect)


def _tables(first: int, last: int) -> list[str]:
    return [f"CREATE TABLE t{i} (id int);" for i in range(first, last + 1)]


def _findings(results):
    return [(r.source.path, f.line, f.message) for r in results for f in r.findings if f.code == CODE]


def test_tables_over_the_limit_only_together():
    results = lint_sources([_file("V1.sql", _tables(1, 600)), _file("V2.sql", _tables(601, 1001))], selection=ONLY)
    found = _findings(results)
    assert len(found) == 1
    path, line, message = found[0]
    assert (path, line) == ("V2.sql", 401)
    assert message.startswith("table #1,001 declared in the 2 files linted together:")
    assert "`creating more than 1000 tables not allowed`" in message


def test_each_file_alone_is_within_the_limit():
    for source in (_file("V1.sql", _tables(1, 600)), _file("V2.sql", _tables(601, 1001))):
        assert _findings(lint_sources([source], selection=ONLY)) == []


def test_a_file_over_the_limit_alone_is_reported_once():
    results = lint_sources([_file("V1.sql", _tables(1, 10)), _file("V2.sql", _tables(11, 1012))], selection=ONLY)
    found = _findings(results)
    assert len(found) == 1
    path, line, message = found[0]
    # V2 alone declares its 1,001st table on its line 1,001; the per-file finding stands for the run.
    assert (path, line) == ("V2.sql", 1001)
    assert "declared in this file (1,002 at the end)" in message


def test_drops_in_a_later_file_make_room():
    rotate = ["DROP TABLE IF EXISTS t1, t2;", "CREATE TABLE t1001 (id int);", "CREATE TABLE IF NOT EXISTS t1002 (id int);"]
    results = lint_sources([_file("V1.sql", _tables(1, 1000)), _file("V2.sql", rotate)], selection=ONLY)
    assert _findings(results) == []


def test_re_creating_the_same_table_does_not_count_twice():
    again = ["CREATE TABLE IF NOT EXISTS t5 (id int);", "CREATE TABLE public.t6 (id int);", "CREATE TABLE t1001 (id int);"]
    results = lint_sources([_file("V1.sql", _tables(1, 999)), _file("V2.sql", again)], selection=ONLY)
    assert _findings(results) == []


def test_sequences_across_three_files():
    def sequences(first, last):
        return [f"CREATE SEQUENCE s{i} CACHE 1;" for i in range(first, last + 1)]

    files = [_file("a.sql", sequences(1, 2500)), _file("b.sql", sequences(2501, 5000)), _file("c.sql", sequences(5001, 5002))]
    found = _findings(lint_sources(files, selection=ONLY))
    assert len(found) == 1
    path, line, message = found[0]
    assert (path, line) == ("c.sql", 1)
    assert message.startswith("sequence #5,001 declared in the 3 files linted together (5,002 at the end):")
    assert "`creating more than 5000 sequences is not allowed`" in message


def test_views_replaced_count_once():
    first = [f"CREATE VIEW v{i} AS SELECT {i} AS n;" for i in range(1, 5001)]
    later = [
        "CREATE OR REPLACE VIEW v1 AS SELECT 0 AS n;",  # the same view again
        "CREATE MATERIALIZED VIEW mv AS SELECT 1 AS n;",  # not a view DSQL can create: not counted
        "CREATE VIEW reporting.v5001 AS SELECT 1 AS n;",
    ]
    found = _findings(lint_sources([_file("a.sql", first), _file("b.sql", later)], selection=ONLY))
    assert [(path, line) for path, line, _ in found] == [("b.sql", 3)]
    assert "`creating more than 5000 views not allowed`" in found[0][2]


def test_schemas_across_dialects():
    postgres = _file("pg.sql", ["CREATE SCHEMA public;"] + [f"CREATE SCHEMA s{i};" for i in range(1, 7)])
    mysql = _file("my.sql", [f"CREATE DATABASE IF NOT EXISTS `db{i}`;" for i in range(1, 6)], "mysql")
    found = _findings(lint_sources([postgres, mysql], selection=ONLY))
    assert len(found) == 1
    path, line, message = found[0]
    assert (path, line) == ("my.sql", 5)
    assert message.startswith("schema #11 declared in the 2 files linted together:")


def test_order_of_files_decides_where_the_limit_is_crossed():
    one = _file("one.sql", [f"CREATE SCHEMA a{i};" for i in range(1, 7)])
    two = _file("two.sql", [f"CREATE SCHEMA b{i};" for i in range(1, 7)])
    assert [(p, line) for p, line, _ in _findings(lint_sources([one, two], selection=ONLY))] == [("two.sql", 5)]
    assert [(p, line) for p, line, _ in _findings(lint_sources([two, one], selection=ONLY))] == [("one.sql", 5)]


def test_not_selected_means_not_reported():
    files = [_file("V1.sql", _tables(1, 600)), _file("V2.sql", _tables(601, 1001))]
    results = lint_sources(files, selection=Selection(frozenset({"DSQL801"})))
    assert _findings(results) == []
