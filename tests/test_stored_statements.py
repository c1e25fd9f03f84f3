"""Very long files keep their statements stored between uses (parse.StoredStatement), so memory stays
flat (issue 6). That must never change a finding: every corpus file and every rule fixture is linted
both ways, with statements stored from the first one and only a handful loaded at once (so the rules'
whole-file scans reload trees again and again), and the findings must be the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from dsqllint import parse
from dsqllint.engine import lint_source
from dsqllint.parse import StoredStatement, parse_source
from dsqllint.source import read_source
from dsqllint.target import Target

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted((ROOT / "fixtures" / "corpus").glob("*/*.sql")) + sorted((ROOT / "fixtures" / "rules").glob("*/*.sql"))


def _findings(path: Path, store: bool) -> list:
    return lint_source(read_source(path), Target.parse(None), store=store).findings  # Findings compare by value


@pytest.fixture()
def store_everything(monkeypatch):
    monkeypatch.setattr(parse, "STORE_FROM_STATEMENTS", 1)
    monkeypatch.setattr(parse, "LIVE_STATEMENTS", 3)


def test_corpus_and_fixtures_are_present() -> None:
    assert len(FILES) > 27 + 100


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_stored_statements_give_the_same_findings(path: Path, store_everything) -> None:
    assert _findings(path, store=True) == _findings(path, store=False)


def test_statements_are_stored_only_when_asked_and_long_enough(monkeypatch) -> None:
    source = read_source(ROOT / "fixtures" / "corpus" / "postgres" / "pagila-schema.pg.sql")
    assert not any(isinstance(s, StoredStatement) for s in parse_source(source, store=True))  # under the threshold
    monkeypatch.setattr(parse, "STORE_FROM_STATEMENTS", 10)
    assert not any(isinstance(s, StoredStatement) for s in parse_source(source))  # not asked
    stored = parse_source(source, store=True)
    assert all(isinstance(s, StoredStatement) and s.stored for s in stored)
    assert all("_loaded" not in s.__dict__ for s in stored)  # nothing stays loaded after the parse


def test_a_stored_statement_loads_an_equal_tree_and_keeps_what_is_set(monkeypatch) -> None:
    monkeypatch.setattr(parse, "STORE_FROM_STATEMENTS", 1)
    monkeypatch.setattr(parse, "LIVE_STATEMENTS", 1)
    source = read_source(ROOT / "fixtures" / "corpus" / "postgres" / "northwind.pg.sql")
    full, stored = parse_source(source), parse_source(source, store=True)
    for a, b in zip(full, stored):
        assert b.tree == a.tree and [t.text for t in b.tokens] == [t.text for t in a.tokens]
    first = stored[0]
    replacement = full[1].tree
    first.tree = replacement  # set by hand: kept live, never replaced by the stored form again
    for other in stored[1:]:
        other.tree  # load the others, which releases whatever was loaded before
    assert first.tree is replacement and not first.stored
