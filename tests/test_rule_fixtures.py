"""Fixture-driven rule tests.

Each `fixtures/rules/<CODE>/<case>.sql` holds statements marked by a leading comment:
`-- bad …` (the rule must flag it) or `-- ok …` (a look-alike it must not flag). Header comments
`-- dialect: mysql` and `-- target: 2025-12-01` set how the file is linted. The findings of the rule
(and any parse error) are pinned in `<case>.expected` with positions and messages, reviewed as data;
regenerate with `DSQLLINT_UPDATE_SNAPSHOTS=1 pytest tests/test_rule_fixtures.py`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from dsqllint.engine import Selection, lint_sources
from dsqllint.rules import REGISTRY
from dsqllint.source import Source
from dsqllint.split import split
from dsqllint.target import Target

ROOT = Path(__file__).resolve().parents[1] / "fixtures" / "rules"
CASES = sorted(ROOT.glob("*/*.sql"))
MARKER = re.compile(r"^--\s*(bad|ok)\b", re.M)
HEADER = re.compile(r"^--\s*(dialect|target):\s*(\S+)", re.M)


def load(path: Path):
    text = path.read_text(encoding="utf-8")
    header = dict(HEADER.findall(text))
    source = Source(str(path.relative_to(ROOT.parent.parent)), text, header.get("dialect", "postgres"))
    return source, Target.parse(header.get("target"))


def marked_statements(source: Source):
    """(marker, start, end) for each statement, from the last marker comment before it."""
    spans = split(source.text, source.dialect).spans
    out, previous_end = [], 0
    for span in spans:
        markers = MARKER.findall(source.text, previous_end, span.start)
        if markers:
            out.append((markers[-1], span.start, span.end))
        previous_end = span.end
    return out


def snapshot(findings) -> str:
    lines = []
    for f in findings:
        lines.append(f"{f.line}:{f.column}-{f.end_line}:{f.end_column} {f.code} {f.severity.value}: {f.message}")
        if f.suggestion:
            lines.append(f"    help: {f.suggestion}")
    return "\n".join(lines) + "\n"


def test_every_rule_has_flagged_and_lookalike_fixtures():
    markers: dict[str, set[str]] = {}
    for path in CASES:
        source, _ = load(path)
        markers.setdefault(path.parent.name, set()).update(m for m, _, _ in marked_statements(source))
    missing = sorted(code for code in REGISTRY if markers.get(code) != {"bad", "ok"})
    assert not missing, f"rules without both `-- bad` and `-- ok` fixtures under fixtures/rules/: {missing}"


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_rule_fixture(path: Path):
    code = path.parent.name
    assert code in REGISTRY, f"fixture directory {code} names no rule"
    source, target = load(path)
    result = lint_sources([source], target, Selection(frozenset({code, "DSQL001"})))[0]
    findings = [f for f in result.findings if f.code in (code, "DSQL001")]

    marked = marked_statements(source)
    assert marked, "a fixture needs statements marked `-- bad` or `-- ok`"
    for marker, start, end in marked:
        start_pos, end_pos = source.lines.position(start), source.lines.position(end)
        inside = [f for f in findings if start_pos <= (f.line, f.column) <= end_pos and f.code == code]
        snippet = source.text[start:end].splitlines()[0][:80]
        if marker == "bad":
            assert inside, f"{code} did not flag line {start_pos[0]}: {snippet}"
        else:
            assert not inside, f"{code} flagged a look-alike at line {start_pos[0]}: {snippet}: {inside[0].message}"
    if code != "DSQL001":
        assert not [f for f in findings if f.code == "DSQL001"], "fixtures must parse"

    expected_path = path.with_suffix(".expected")
    actual = snapshot(findings)
    if os.environ.get("DSQLLINT_UPDATE_SNAPSHOTS"):
        expected_path.write_text(actual, encoding="utf-8")
    assert expected_path.exists(), f"missing {expected_path.name}; run with DSQLLINT_UPDATE_SNAPSHOTS=1 and review it"
    assert actual == expected_path.read_text(encoding="utf-8")
