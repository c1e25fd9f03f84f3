"""`-- dsqllint: ignore[...]` suppressions: what a directive covers, and DSQL003 for the ones that do nothing.
(fixtures/rules/DSQL003/ pins the messages; these tests pin the scope rules.)"""

from __future__ import annotations

from typing import Iterator

import pytest

import dsqllint
from dsqllint.engine import Selection, lint_sources
from dsqllint.rules.base import REGISTRY, Rule, Violation
from dsqllint.source import Source

INDEX = "CREATE INDEX i ON t (a);"  # DSQL401


def codes(sql: str, **kw) -> list[tuple[int, str]]:
    return [(f.line, f.code) for f in dsqllint.lint(sql, **kw)]


@pytest.mark.parametrize(
    "sql",
    [
        f"{INDEX} -- dsqllint: ignore[DSQL401]",
        f"{INDEX} -- dsqllint: ignore[index-not-async]",
        f"{INDEX} -- dsqllint: ignore[DSQL4]",
        f"{INDEX} -- dsqllint: ignore[ALL]",
        f"{INDEX} -- dsqllint: ignore",
        f"{INDEX} --dsqllint:ignore[ dsql401 ]",
        f"{INDEX} -- DSQLLINT: IGNORE[DSQL401]",
        f"{INDEX} -- dsqllint: ignore[DSQL401] -- the table has ten rows",
        f"-- dsqllint: ignore[DSQL401]\n{INDEX}",
        f"-- dsqllint: ignore[DSQL401]\n-- another comment line between\n{INDEX}",
        f"CREATE INDEX i -- dsqllint: ignore[DSQL401]\n  ON t (a);",
        f"CREATE INDEX i\n  ON t (a); -- dsqllint: ignore[DSQL401]",
        f"-- dsqllint: ignore-file[DSQL401]\n\nCREATE TABLE t (a int);\n\n{INDEX}",
        f"-- dsqllint: ignore-file\nCREATE TABLE u (a int);\n{INDEX}",
    ],
)
def test_suppressed(sql: str) -> None:
    assert codes(sql) == []


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        # A blank line detaches a comment: the index is reported, and so is the stray comment.
        (f"-- dsqllint: ignore[DSQL401]\n\n{INDEX}", [(1, "DSQL003"), (3, "DSQL401")]),
        # A directive covers one statement: the next one is still reported.
        (f"{INDEX} -- dsqllint: ignore[DSQL401]\nCREATE INDEX j ON t (a);", [(2, "DSQL401")]),
        # It covers the statement ending on its line, not the one before.
        (f"{INDEX}\nCREATE TABLE x (a int); -- dsqllint: ignore[DSQL401]", [(1, "DSQL401"), (2, "DSQL003")]),
        # Another rule's suppression does not cover this one (and is itself unused).
        (f"{INDEX} -- dsqllint: ignore[serial-type]", [(1, "DSQL401"), (1, "DSQL003")]),
        # Only the rules listed: a second finding in the statement stays.
        ("CREATE TABLE t (id serial, d jsonb); -- dsqllint: ignore[serial-type]", [(1, "DSQL102")]),
        # Block comments are not directives.
        (f"{INDEX} /* dsqllint: ignore */", [(1, "DSQL401")]),
        # Inside a string it is text.
        ("CREATE TABLE t (a text DEFAULT '-- dsqllint: ignore', id serial);", [(1, "DSQL201")]),
    ],
)
def test_not_suppressed(sql: str, expected: list) -> None:
    assert codes(sql) == expected


def test_mysql_hash_comments() -> None:
    sql = "CREATE TABLE `t` (`id` int NOT NULL AUTO_INCREMENT PRIMARY KEY); # dsqllint: ignore[auto-increment]\n"
    assert codes(sql, dialect="mysql", select=["DSQL2", "DSQL003"]) == []
    sql = "# dsqllint: ignore-file[DSQL202]\nCREATE TABLE `t` (`id` int NOT NULL AUTO_INCREMENT PRIMARY KEY);\n"
    assert codes(sql, dialect="mysql", select=["DSQL2", "DSQL003"]) == []


def test_unused_is_judged_only_for_rules_that_ran() -> None:
    fk = "CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (p int REFERENCES p (id)); -- dsqllint: ignore[DSQL301]\n"
    # At the latest target DSQL has foreign keys: DSQL301 does not run, so its suppression is not judged.
    assert codes(fk, select=["DSQL301", "DSQL003"]) == []
    # At 2025-12 it runs, and the suppression is used.
    assert codes(fk, target="2025-12-01", select=["DSQL301", "DSQL003"]) == []
    # Not selected: not judged either.
    assert codes(f"{INDEX} -- dsqllint: ignore[DSQL401]", select=["DSQL003"]) == []
    # DSQL003 itself can be ignored like any rule.
    assert codes(f"{INDEX} -- dsqllint: ignore", ignore=["DSQL401", "unused-suppression"]) == []


def test_unused_suppression_finding_points_at_the_comment() -> None:
    (finding,) = dsqllint.lint("CREATE TABLE t (a int); -- dsqllint: ignore[DSQL401]")
    assert (finding.code, finding.name, finding.severity.value) == ("DSQL003", "unused-suppression", "warning")
    assert (finding.line, finding.column, finding.end_column) == (1, 25, 53)
    assert finding.message == "unused suppression: DSQL401 suppressed nothing in this statement"


def test_partly_unused_list() -> None:
    (finding,) = dsqllint.lint(f"{INDEX} -- dsqllint: ignore[DSQL401, serial-type]")
    assert finding.message == "unused suppression: serial-type suppressed nothing in this statement"
    assert finding.suggestion == "remove serial-type from the list"


def test_a_run_wide_rule_is_suppressed_and_its_suppression_counted() -> None:
    """Rules that judge the whole set of files (`check_run`) meet the same suppressions."""

    class EveryFileFinding(Rule):
        """Test rule."""

        code = "DSQL999"
        name = "test-run-wide"

        def check_run(self, results, target) -> Iterator[tuple]:
            for result in results:
                stmt = result.statements[-1]
                yield result, stmt, Violation(None, "run-wide finding")

    try:
        sources = [
            Source("a.sql", "CREATE TABLE a (x int);\nCREATE TABLE b (x int); -- dsqllint: ignore[test-run-wide]\n"),
            Source("b.sql", "CREATE TABLE c (x int);\n"),
        ]
        a, b = lint_sources(sources, selection=Selection())
        assert [f.code for f in a.findings] == []  # suppressed, and the suppression counts as used
        assert [(f.line, f.code) for f in b.findings] == [(1, "DSQL999")]
    finally:
        del REGISTRY["DSQL999"]


def test_selection_per_file_leaves_suppression_unjudged() -> None:
    source = Source("a.sql", f"{INDEX} -- dsqllint: ignore[DSQL401]\n")
    (result,) = lint_sources([source], selection=Selection(ignore=frozenset({"DSQL401"})))
    assert result.findings == []
