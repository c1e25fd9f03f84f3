"""Statements sqlglot could not build a tree for (opaque), made convertible.

A fix rewrites a tree; an opaque statement has none, so its fixes would do nothing. Two ways out,
both keeping every character offset of the file, so findings and changes still point into the input:

* `prepare`: blank (with spaces) what stops sqlglot and DSQL does not need anyway: comments
  between the tokens (`CREATE SEQUENCE s AS /* c */ bigint`) and MySQL's `USING BTREE` after the
  key list of `CREATE INDEX`; the file is linted again with those statements blanked.
* `split_actions`: an ALTER TABLE with several actions becomes one ALTER TABLE per action, each
  linted and fixed on its own: when sqlglot cannot read the actions together (`ADD CHECK … NOT
  VALID, ALTER COLUMN …`), and when one action has no DSQL form (removing it must not take the
  others, e.g. the ADD COLUMN later statements need, with it).
"""

from __future__ import annotations

import dataclasses

from sqlglot.tokens import TokenType

from dsqllint.convert.model import Change
from dsqllint.engine import FileResult, lint_sources
from dsqllint.findings import Severity
from dsqllint.parse import Statement, parse_sql
from dsqllint.source import Source
from dsqllint.target import Target


def _blank(text: str) -> str:
    """Spaces for every character but line breaks (offsets and line numbers stay the same)."""
    return "".join(ch if ch in "\r\n" else " " for ch in text)


def _keep_tokens(stmt: Statement, keep: list[tuple[int, int]] | None = None) -> str:
    """The statement's text with everything outside its tokens (comments) blanked; with `keep`, only
    the tokens in those (first, last) token index ranges are kept."""
    text, out, at = stmt.text, [], 0
    for i, token in enumerate(stmt.tokens):
        if keep is not None and not any(a <= i <= b for a, b in keep):
            continue
        out.append(_blank(text[at:token.start]))
        out.append(text[token.start:token.end + 1])
        at = token.end + 1
    out.append(_blank(text[at:]))
    return "".join(out)


def _needs_tree(stmt: Statement, result: FileResult) -> bool:
    if not stmt.opaque or stmt.client or not stmt.tokens:
        return False
    start, end = stmt.span.start, stmt.span.end
    lines = result.source.lines
    first, last = lines.position(start), lines.position(end)
    return any(f.severity != Severity.INFO and first <= (f.line, f.column) <= last for f in result.findings)


def _parses(text: str, dialect: str) -> bool:
    parsed = parse_sql(text, dialect)
    return len(parsed) == 1 and not parsed[0].opaque


def prepare(linted: FileResult, target: Target) -> tuple[FileResult, list[Change]]:
    """The file linted again with its opaque statements blanked where that lets sqlglot read them,
    and the changes the blanking made (a trailing `USING BTREE` removed)."""
    source = linted.source
    replaced: dict[int, str] = {}
    changes: list[Change] = []
    for stmt in linted.statements:
        if not _needs_tree(stmt, linted):
            continue
        tokens, words = stmt.tokens, stmt.words
        keep = [(0, len(tokens) - 1)]
        using = None
        if (source.dialect == "mysql" and stmt.kind == "CREATE INDEX" and len(tokens) > 2
                and words[-2] == "USING" and tokens[-3].token_type == TokenType.R_PAREN):
            keep, using = [(0, len(tokens) - 3)], tokens[-2:]
        text = _keep_tokens(stmt, keep)
        if text != stmt.text and _parses(text, source.dialect):
            replaced[stmt.index] = text
            if using is not None:
                method = using[1].text.lower()
                line, column = source.lines.position(stmt.token_start(using[0]))
                changes.append(Change(
                    line=line, column=column, code="DSQL402", summary=f"USING {method} removed (DSQL indexes are btree)",
                    behaviour=None if method == "btree" else
                    f"{method} index becomes a btree: operators only {method} served lose the index"))
    if not replaced:
        return linted, []
    text = source.text
    for index in sorted(replaced, reverse=True):
        span = linted.statements[index].span
        text = text[:span.start] + replaced[index] + text[span.end:]
    again = lint_sources([dataclasses.replace(source, text=text)], target)[0]
    if len(again.statements) != len(linted.statements):  # the blanking changed the split: keep the original
        return linted, []
    return again, changes


def action_ranges(stmt: Statement, at_least: int = 2) -> tuple[tuple[int, int], list[tuple[int, int]]] | None:
    """(head, actions) token index ranges of `ALTER TABLE [IF EXISTS] [ONLY] name action, action, …`
    with at least `at_least` actions."""
    words, tokens = stmt.words, stmt.tokens
    if words[:2] != ["ALTER", "TABLE"]:
        return None
    i = 2
    if words[i:i + 2] == ["IF", "EXISTS"]:
        i += 2
    if i < len(words) and words[i] == "ONLY":
        i += 1
    while i + 2 < len(tokens) and tokens[i + 1].token_type == TokenType.DOT:
        i += 2
    head = (0, i)
    actions, start, depth = [], i + 1, 0
    for k in range(i + 1, len(tokens)):
        kind = tokens[k].token_type
        if kind in (TokenType.L_PAREN, TokenType.L_BRACKET):
            depth += 1
        elif kind in (TokenType.R_PAREN, TokenType.R_BRACKET):
            depth -= 1
        elif kind == TokenType.COMMA and depth == 0:
            actions.append((start, k - 1))
            start = k + 1
    actions.append((start, len(tokens) - 1))
    if len(actions) < at_least or any(a > b for a, b in actions):
        return None
    return head, actions


def split_actions(stmt: Statement, linted: FileResult, target: Target) -> list[tuple[Statement, str, list]] | None:
    """One (statement, text to print, findings) per action of a multi-action ALTER TABLE, or None
    when that is not such a statement or an action is not a statement on its own. Each statement
    keeps the original's offsets (the other actions blanked), and its findings come from linting the
    file with it in the original's place."""
    if stmt.kind != "ALTER TABLE" or not stmt.tokens or stmt.client:
        return None
    ranges = action_ranges(stmt)
    if ranges is None:
        return None
    head, actions = ranges
    source, parts = linted.source, []
    head_text = stmt.text[stmt.tokens[head[0]].start:stmt.tokens[head[1]].end + 1]
    for first, last in actions:
        text = _keep_tokens(stmt, [head, (first, last)])
        whole = source.text[:stmt.span.start] + text + source.text[stmt.span.end:]
        again = lint_sources([dataclasses.replace(source, text=whole)], target)[0]
        mine = again.statements[stmt.index] if len(again.statements) == len(linted.statements) else None
        if mine is None or mine.kind != "ALTER TABLE":
            return None  # an action may stay opaque (its fixes read the tokens), but it must be one statement
        lines = source.lines
        lo, hi = lines.position(stmt.span.start), lines.position(stmt.span.end)
        findings = [f for f in again.findings if lo <= (f.line, f.column) <= hi]
        action_text = stmt.text[stmt.tokens[first].start:stmt.tokens[last].end + 1]
        sub = dataclasses.replace(stmt, text=mine.text, tokens=mine.tokens, tree=mine.tree, memo={})
        parts.append((sub, f"{head_text} {action_text}", findings))
    return parts
