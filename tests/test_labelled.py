"""The labelled set: statements DSQL rejects or accepts, each with the source of its label.

`fixtures/labelled/*.sql` mark statements with `-- rejects [source]: why` or `-- accepts [source]`,
where source names the evidence from the reference (AWS docs page, release notes, a live-cluster
observation). Unlabelled statements are context (tables the labelled ones refer to). At the default
target the linter must have no false negative (every `rejects` has an error finding) and no false
positive (no `accepts` has one)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dsqllint.engine import lint_sources
from dsqllint.findings import Severity
from dsqllint.source import Source
from dsqllint.split import split
from dsqllint.target import Target

ROOT = Path(__file__).resolve().parents[1] / "fixtures" / "labelled"
FILES = sorted(ROOT.glob("*.sql"))
LABEL = re.compile(r"^--\s*(rejects|accepts)\s*\[([^\]]+)\]", re.M)
HEADER = re.compile(r"^--\s*(dialect|target):\s*(\S+)", re.M)


def labelled_statements(path: Path):
    text = path.read_text(encoding="utf-8")
    header = dict(HEADER.findall(text))
    source = Source(path.name, text, header.get("dialect", "postgres"))
    cases, previous_end = [], 0
    for span in split(source.text, source.dialect).spans:
        labels = LABEL.findall(text, previous_end, span.start)
        if labels:
            cases.append((labels[-1][0], labels[-1][1].strip(), span))
        previous_end = span.end
    return source, Target.parse(header.get("target")), cases


ALL = [(path, case) for path in FILES for case in labelled_statements(path)[2]]


def test_labelled_set_is_large_enough_and_sourced():
    assert len(ALL) >= 150, f"only {len(ALL)} labelled statements"
    kinds = {label for _, (label, _, _) in ALL}
    assert kinds == {"rejects", "accepts"}
    assert all(source for _, (_, source, _) in ALL)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_no_false_negatives_or_positives(path: Path):
    source, target, cases = labelled_statements(path)
    findings = lint_sources([source], target)[0].findings  # as the CLI lints a file: run rules included
    problems = []
    for label, evidence, span in cases:
        first, last = source.lines.position(span.start), source.lines.position(span.end)
        errors = [f for f in findings if f.severity == Severity.ERROR and first <= (f.line, f.column) <= last]
        snippet = source.text[span.start:span.end].split("\n")[0][:90]
        if label == "rejects" and not errors:
            problems.append(f"false negative, line {first[0]} [{evidence}]: {snippet}")
        if label == "accepts" and errors:
            problems.append(f"false positive, line {first[0]} [{evidence}]: {snippet} -> {errors[0].code} {errors[0].message}")
    assert not problems, "\n".join(problems)
