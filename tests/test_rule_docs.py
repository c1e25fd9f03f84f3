"""Each rule documents itself, its page under rules/ is current, and its examples behave as documented."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from dsqllint.engine import Selection, lint_sources
from dsqllint.rules import all_rules
from dsqllint.rules.docs import expected_pages
from dsqllint.source import Source
from dsqllint.target import CAPABILITIES, Target

PAGES = Path(__file__).resolve().parents[1] / "rules"
SECTIONS = ("**What it does**", "**Why it matters**", "**Example**", "**Use instead**")
SQL_BLOCK = re.compile(r"\*\*(Example|Use instead)\*\*[^`]*```sql\n(.*?)```", re.S)
CHECKED = [r for r in all_rules() if r.code not in ("DSQL001", "DSQL002")]


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_rule_is_documented(rule):
    assert re.fullmatch(r"DSQL\d{3}", rule.code)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
    doc = rule.doc()
    for section in SECTIONS:
        assert section in doc, f"{rule.code} docstring lacks {section}"


def test_codes_and_names_are_unique():
    rules = all_rules()
    assert len({r.code for r in rules}) == len(rules)
    assert len({r.name for r in rules}) == len(rules)


def test_rule_pages_are_current():
    expected = expected_pages(PAGES)
    stale = [p.name for p, text in expected.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
    extra = sorted(p.name for p in PAGES.glob("*.md") if p not in expected)
    assert not stale and not extra, (
        f"rules/ is stale (regenerate with `python -m dsqllint.rules.docs`): stale={stale} extra={extra}"
    )


@pytest.mark.parametrize("rule", CHECKED, ids=lambda r: r.code)
def test_rule_examples_behave_as_documented(rule):
    blocks = SQL_BLOCK.findall(rule.doc())
    assert [kind for kind, _ in blocks][:1] == ["Example"], f"{rule.code}: needs an ```sql Example block"
    dialect = "mysql" if rule.dialects == frozenset({"mysql"}) else "postgres"
    # A rule that stopped applying is documented for the day before DSQL gained the feature.
    target = Target.parse(None)
    if rule.obsolete_with:
        target = Target(CAPABILITIES[rule.obsolete_with].since - datetime.timedelta(days=1))
    for kind, sql in blocks:
        result = lint_sources([Source(f"{rule.code}-{kind}.sql", sql, dialect)], target, Selection(frozenset({rule.code})))[0]
        hits = [f for f in result.findings if f.code == rule.code]
        if kind == "Example":
            assert hits, f"{rule.code}: its Example is not flagged"
        else:
            assert not hits, f"{rule.code}: its 'Use instead' is flagged: {hits[0].message}"
