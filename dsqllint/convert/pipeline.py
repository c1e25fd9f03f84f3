"""source → lint → per-statement rewrites (the fixes of the rules that fired) → ordered DSQL blocks.

A statement no rule flags is copied verbatim from its source span (PostgreSQL input) or regenerated
through the `dsql` dialect (MySQL input, whose syntax must change anyway). A flagged statement gets the
fixes of the rules that flagged it, applied to a copy of its tree; an error no fix can answer removes
the statement, keeps the original as a comment and says so in the report.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from sqlglot import exp

from dsqllint.convert.identifiers import unquote_mysql_names
from dsqllint.convert.model import Block, Change, ConversionResult, ConvertOptions
from dsqllint.engine import FileResult, lint_source
from dsqllint.findings import Finding, Severity
from dsqllint.parse import Statement
from dsqllint.source import Source
from dsqllint.target import Target


@dataclass
class Rewrite:
    """The work on one statement: a mutable copy of its tree and what the fixes add around it."""

    stmt: Statement
    tree: exp.Expression | None
    findings: list[Finding]
    file: FileResult
    options: ConvertOptions
    target: Target
    changes: list[Change] = field(default_factory=list)
    after: list[str] = field(default_factory=list)  # statements emitted right after (indexes, COMMENT ON)
    deferred: list[str] = field(default_factory=list)  # emitted after every table (foreign keys)
    dml: list[str] = field(default_factory=list)  # data statements, emitted after all DDL
    removed: str | None = None  # why the statement is not in the output
    dirty: bool = False  # the tree changed: regenerate it
    state: dict = field(default_factory=dict)  # facts shared across statements (see fixes.PREPARE)
    done: set = field(default_factory=set)  # fixes that handle several codes run once
    silently: bool = False  # removed without leaving the original as a comment (transaction control)

    @property
    def dialect(self) -> str:
        return self.file.source.dialect

    def finding(self, code: str) -> Finding | None:
        return next((f for f in self.findings if f.code == code), None)

    def change(self, code: str, summary: str, behaviour: str | None = None, at: tuple[int, int] | None = None) -> None:
        """Record a rewrite (at `at`, else at the rule's finding) and mark the tree changed."""
        if at is None:
            finding = self.finding(code)
            at = (finding.line, finding.column) if finding else self._first()
        self.changes.append(Change(line=at[0], column=at[1], code=code, summary=summary, behaviour=behaviour))
        self.dirty = True

    def position(self, node: exp.Expression) -> tuple[int, int]:
        """(line, column) of a node of the ORIGINAL statement (before any fix added parsed parts)."""
        return self.file.source.lines.position(self.stmt.node_start(node))

    def remove(self, code: str, reason: str, what_to_do: str | None = None) -> None:
        """Take the statement out; the original stays in the output as a comment."""
        at = self.finding(code)
        line, column = (at.line, at.column) if at else self._first()
        self.removed = reason
        self.changes.append(Change(line=line, column=column, code=code, summary=f"removed: {reason}",
                                   behaviour=what_to_do, converted=what_to_do is None))

    def _first(self) -> tuple[int, int]:
        return self.file.source.lines.position(self.stmt.start)


def convert_source(source: Source, target: Target | None = None, options: ConvertOptions | None = None) -> ConversionResult:
    from dsqllint.convert.ordering import order_statements
    from dsqllint.fixes.common import creates
    from dsqllint.fixes.constraints import strip_foreign_keys
    from dsqllint.fixes.mysql import normalize as normalize_mysql
    from dsqllint.fixes.objects import remove_noise
    from dsqllint.convert.output import assemble
    from dsqllint.fixes import FIXES, PREPARE

    target = target or Target.parse(None)
    options = options or ConvertOptions()
    linted = lint_source(source, target)
    by_statement = _findings_by_statement(linted)
    state: dict = {}
    for prepare in PREPARE:  # cross-statement facts, e.g. primary keys pg_dump adds later
        prepare(linted, state, options, target)

    rewrites: list[Rewrite] = []
    changes: list[Change] = []
    for stmt in linted.statements:
        if stmt.client:
            line, column = source.lines.position(stmt.start)
            changes.append(Change(line=line, column=column, code="", summary=f"removed client command `{stmt.text.strip()}`"))
            continue
        findings = by_statement.get(stmt.index, [])
        rw = Rewrite(stmt, stmt.tree.copy() if stmt.tree is not None else None, findings, linted, options, target,
                     state=state)
        if table := creates(rw.tree):
            state.setdefault("creating", {}).setdefault(table, rw)
        if remove_noise(rw):
            rewrites.append(rw)
            continue
        if rw.dialect == "mysql":
            normalize_mysql(rw)
        if options.foreign_keys == "strip":
            strip_foreign_keys(rw, "", "--foreign-keys strip")
        for code in dict.fromkeys(f.code for f in findings if f.severity != Severity.INFO):
            if rw.removed:
                break
            fix = FIXES.get(code)
            if fix is not None:
                fix(rw)
            elif _is_error(findings, code):
                message = next(f.message for f in findings if f.code == code)
                rw.remove(code, message, "no DSQL form: do this in the application or by hand")
        rewrites.append(rw)

    ordered, deferred = order_statements(rewrites)
    blocks: list[Block] = []
    dml: list[Block] = []
    for rw in ordered:
        changes.extend(rw.changes)
        order = float(rw.stmt.index)
        comments = _leading_comments(source.text, linted.statements, rw.stmt)
        if rw.removed and rw.silently:
            if comments:
                blocks.append(Block(sql="", order=order, comment=comments))
            continue
        if rw.removed:
            removed = _commented(rw.stmt, rw.removed)
            blocks.append(Block(sql="", order=order, comment="\n".join(filter(None, [comments, removed]))))
            continue
        sql = _render(rw)
        if sql:
            (dml if _is_dml(rw.stmt) else blocks).append(Block(sql=sql, order=order, comment=comments))
        blocks.extend(Block(sql="", order=order, comment=extra) if extra.startswith("--") else Block(sql=extra, order=order)
                      for extra in rw.after)
        dml.extend(Block(sql=extra, order=order) for extra in rw.dml)
    trailing = _leading_comments(source.text, linted.statements, None)
    if trailing:
        blocks.append(Block(sql="", order=float(len(linted.statements)), comment=trailing))
    text, statements_out = assemble(source, target, options, blocks, deferred, dml)
    changes.sort(key=lambda c: (c.line, c.column, c.code))
    return ConversionResult(sql=text, changes=changes, statements_in=len(rewrites),
                            statements_out=statements_out, source_dialect=source.dialect)


def _findings_by_statement(result: FileResult) -> dict[int, list[Finding]]:
    lines = result.source.lines
    starts = [lines.position(s.start) for s in result.statements]
    out: dict[int, list[Finding]] = {}
    for f in result.findings:
        i = bisect.bisect_right(starts, (f.line, f.column)) - 1
        if i >= 0:
            out.setdefault(i, []).append(f)
    return out


def _is_error(findings: list[Finding], code: str) -> bool:
    return any(f.code == code and f.severity == Severity.ERROR for f in findings)


def _is_dml(stmt: Statement) -> bool:
    return stmt.kind in ("INSERT", "UPDATE", "DELETE", "REPLACE")


_SHORT_GROUP = re.compile(r"\(\n\s+([^\n()]*(?:\([^\n()]*\))?[^\n()]*)\n\s*\)")


def _render(rw: Rewrite) -> str:
    """The statement's output text: verbatim when nothing changed, else regenerated for DSQL."""
    stmt = rw.stmt
    if rw.dialect == "mysql" and rw.tree is not None:
        unquote_mysql_names(rw.tree)
        rw.dirty = True
    if not rw.dirty or rw.tree is None:
        return stmt.text.strip()
    # sqlglot's pretty printer puts every parenthesised list on its own lines; keep one-line groups
    # such as `REFERENCES customers (id)` on one line.
    return _SHORT_GROUP.sub(r"(\1)", rw.tree.sql(dialect="dsql", pretty=True))


# Comment lines the converter writes itself: not copied again when its output is converted again.
_OWN_HEADER = ("-- Converted by dsqllint", "-- for DSQL as of", "-- options: identity-cache=",
               "-- Data, after all DDL", "-- Foreign keys added after all tables")
_COMMENT_LINE = re.compile(r"^\s*(--|#(?!!)).*$")


def _leading_comments(text: str, statements: list[Statement], stmt: Statement | None) -> str | None:
    """The `--` comment lines between the previous statement and this one (None: after the last),
    kept with it. Paragraphs stay apart; our own header of an earlier conversion is not copied."""
    previous_end = statements[stmt.index - 1].span.end if stmt is not None and stmt.index > 0 else 0
    if stmt is None:
        previous_end = statements[-1].span.end if statements else 0
    gap_end = stmt.start if stmt is not None else len(text)
    newline = text.find("\n", previous_end, gap_end)  # the rest of the previous statement's line is its own
    if previous_end and newline < 0:
        return None
    lines: list[str] = []
    for line in text[newline + 1 if previous_end else 0:gap_end].split("\n"):
        stripped = line.strip()
        if not stripped:
            if lines and lines[-1]:
                lines.append("")
        elif stripped.startswith("--") and not stripped.startswith(_OWN_HEADER):
            lines.append(stripped)
    if not any(lines):
        return None
    while stmt is None and not lines[-1]:  # at the end of the file nothing follows
        lines.pop()
    # a blank line between the comments and the statement is kept: the comments stand apart
    return "\n".join(lines)


def _commented(stmt: Statement, reason: str) -> str:
    original = "\n".join(f"--   {line}".rstrip() for line in stmt.text.strip().splitlines())
    return f"-- dsqllint: removed ({reason}):\n{original}"
