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
from dsqllint.fixes.common import output_ready, renames_column, renames_table
from dsqllint.convert.model import Block, Change, ConversionResult, ConvertOptions
from dsqllint.convert.reparse import prepare, split_actions
from dsqllint.engine import FileResult, lint_sources
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
    replaced: bool = False  # the statement itself is not written: what it became is all in `after`
    text: str = ""  # the statement as written (the output copies it when nothing changed)
    part: int = 0  # which action of an ALTER TABLE split into one statement per action (convert/reparse.py)
    output: str = ""  # the statement as rendered for the output (convert/edits.py splices it in place)

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

    def fold_into(self, owner: "Rewrite", code: str, summary: str, behaviour: str | None = None) -> None:
        """Take the statement out because what it does now stands in `owner` (its table's CREATE TABLE)."""
        owner.dirty = True
        self.removed = summary
        line, column = self._first()
        self.changes.append(Change(line=line, column=column, code=code, summary=summary, behaviour=behaviour))

    def _first(self) -> tuple[int, int]:
        return self.file.source.lines.position(self.stmt.start)


def convert_source(source: Source, target: Target | None = None, options: ConvertOptions | None = None, *,
                   fold_sequences: bool = True) -> ConversionResult:
    """`fold_sequences`: collapse pg_dump's serial idiom into identity columns (--fix does not: the
    sequence statements it would take out carry no finding of their own there)."""
    from dsqllint.convert.aggregates import string_agg_aggregates
    from dsqllint.dialect import copy_tree
    from dsqllint.convert.dependencies import dangling_foreign_keys, remove_dependents
    from dsqllint.convert.ordering import order_statements
    from dsqllint.fixes.common import creates
    from dsqllint.fixes.constraints import strip_foreign_keys
    from dsqllint.fixes.mysql import normalize as normalize_mysql
    from dsqllint.fixes.generated import generated_columns
    from dsqllint.fixes.index_limit import note_removed_index
    from dsqllint.fixes.key_width import fit_written_indexes
    from dsqllint.fixes.duplicate_keys import merge_duplicate_unique
    from dsqllint.fixes.modify_column import defaults_awaiting_rebuild
    from dsqllint.fixes.sequence_idiom import collapse_sequence_idiom
    from dsqllint.fixes.json_keys import json_index_keys, keyed_json_as_text
    from dsqllint.fixes.mysql_views import mysql_view_queries
    from dsqllint.fixes.objects import remove_noise
    from dsqllint.fixes.types import array_defaults_in_alter, column_types, uses_enum_type
    from dsqllint.convert.output import assemble
    from dsqllint.fixes import FIXES, PREPARE

    target = target or Target.parse(None)
    options = options or ConvertOptions()
    original = lint_sources([source], target)[0]  # with the rules that judge a whole run: the file is the run
    linted, changes = prepare(original, target)  # opaque statements sqlglot can read once comments are blanked
    by_statement = _findings_by_statement(linted)
    state: dict = {}
    for step in PREPARE:  # cross-statement facts, e.g. primary keys pg_dump adds later
        step(linted, state, options, target)

    def fix_statement(rw: Rewrite) -> None:
        if table := creates(rw.tree):
            state.setdefault("creating", {}).setdefault(table, rw)
        elif (renamed := renames_table(rw.tree)) and renamed[0] in state.get("creating", {}):
            state["creating"][renamed[1]] = state["creating"].pop(renamed[0])  # its columns, by the new name
        elif renamed_column := renames_column(rw.tree):  # the columns of CREATE TABLE, by their new names
            state.setdefault("column_renames", {}).setdefault(renamed_column[0], []).append(renamed_column[1:])
        rewrites.append(rw)
        if remove_noise(rw):
            return
        if rw.dialect == "mysql":
            normalize_mysql(rw)
        elif uses_enum_type(rw):
            column_types(rw)  # the enum type goes, so its columns change whatever rule flagged them
        else:
            array_defaults_in_alter(rw)  # SET DEFAULT ARRAY[…] on an array column CREATE TABLE made json
        if options.foreign_keys == "strip":
            strip_foreign_keys(rw, "", "--foreign-keys strip")
        for code in dict.fromkeys(f.code for f in rw.findings if f.severity != Severity.INFO):
            if rw.removed:
                break
            fix = FIXES.get(code)
            if fix is not None:
                fix(rw)
            elif _is_error(rw.findings, code):
                message = next(f.message for f in rw.findings if f.code == code)
                rw.remove(code, message, "no DSQL form: do this in the application or by hand")
        fit_written_indexes(rw)  # indexes lifted out of CREATE TABLE, once they are written
        if not rw.removed and creates(rw.tree):
            generated_columns(rw)
        if not rw.removed:
            mysql_view_queries(rw)
        json_index_keys(rw)
        note_removed_index(rw)
        tree = rw.tree
        if not rw.removed and isinstance(tree, exp.Alter) and not tree.args.get("actions") and not tree.args.get("options"):
            if rw.after:  # what it became is all in the statements that follow it (indexes, comments)
                rw.replaced = True
            else:
                rw.remove("", "nothing of it is left for DSQL")
        errors = [f for f in rw.findings if f.severity == Severity.ERROR]
        if not rw.removed and errors and (tree is None or isinstance(tree, exp.Command)):
            # sqlglot could not read it, so no fix could rewrite it: what they recorded did not happen
            rw.changes.clear()
            rw.after.clear()
            rw.deferred.clear()
            rw.dml.clear()
            rw.remove(errors[0].code, f"dsqllint could not rewrite this statement: {errors[0].message}",
                      errors[0].suggestion or "rewrite it by hand")

    rewrites: list[Rewrite] = []
    for stmt in linted.statements:
        text = original.statements[stmt.index].text
        if stmt.client:
            line, column = source.lines.position(stmt.start)
            changes.append(Change(line=line, column=column, code="", summary=f"removed client command `{text.strip()}`"))
            continue
        findings = by_statement.get(stmt.index, [])
        errors = any(f.severity == Severity.ERROR for f in findings)
        parts = split_actions(stmt, linted, target) if stmt.opaque or errors else None
        if parts and any(f.severity == Severity.ERROR for _, _, part_findings in parts for f in part_findings):
            line, column = source.lines.position(stmt.start)
            changes.append(Change(line=line, column=column, code="DSQL509",
                                  summary=f"ALTER TABLE with {len(parts)} actions split into one statement per action",
                                  behaviour="the actions no longer succeed or fail together"))
            for k, (part, part_text, part_findings) in enumerate(parts):
                tree = copy_tree(part.tree) if part.tree is not None else None  # an action sqlglot cannot read
                fix_statement(Rewrite(part, tree, part_findings, linted, options, target, state=state,
                                      text=part_text, part=k))
            continue
        fix_statement(Rewrite(stmt, copy_tree(stmt.tree) if stmt.tree is not None else None, findings, linted, options,
                              target, state=state, text=text))

    if options.ids == "uuid":
        from dsqllint.convert.ids import uuid_ids

        uuid_ids(rewrites)  # generated primary keys nothing references become uuids
    keyed_json_as_text(rewrites)  # a json column of a PRIMARY KEY / UNIQUE constraint becomes text
    merge_duplicate_unique(rewrites)  # UNIQUE keys made identical (prefixes gone): one stays, DROPs follow
    defaults_awaiting_rebuild(rewrites)  # no default for a type a table rebuild has yet to give
    if fold_sequences:
        collapse_sequence_idiom(rewrites, options.identity_cache)  # pg_dump's serial → identity column
    changes.extend(string_agg_aggregates(rewrites))  # callers of group_concat-like aggregates call string_agg
    remove_dependents(rewrites)  # what uses a removed object goes too (convert/dependencies.py)
    dangling = dangling_foreign_keys(rewrites, source.text, source.dialect)
    ordered, deferred = order_statements(rewrites)
    blocks: list[Block] = []
    dml: list[Block] = []
    for rw in ordered:
        changes.extend(rw.changes)
        order = float(rw.stmt.index)
        comments = _leading_comments(source.text, linted.statements, rw.stmt, source.dialect) if rw.part == 0 else None
        if rw.removed and rw.silently:
            if comments:
                blocks.append(Block(sql="", order=order, comment=comments))
            continue
        if rw.removed:
            removed = _commented(rw.text or rw.stmt.text, rw.removed)
            blocks.append(Block(sql="", order=order, comment="\n".join(filter(None, [comments, removed]))))
            continue
        sql = rw.output = "" if rw.replaced else _render(rw)
        if sql:
            (dml if _is_dml(rw.stmt) else blocks).append(Block(sql=sql, order=order, comment=comments))
        elif comments:
            blocks.append(Block(sql="", order=order, comment=comments))
        blocks.extend(Block(sql="", order=order, comment=extra) if extra.startswith("--") else Block(sql=extra, order=order)
                      for extra in rw.after)
        dml.extend(Block(sql=extra, order=order) for extra in rw.dml)
    trailing = _leading_comments(source.text, linted.statements, None, source.dialect)
    if trailing:
        blocks.append(Block(sql="", order=float(len(linted.statements)), comment=trailing))
    blocks.extend(dangling)
    text, statements_out = assemble(source, target, options, blocks, deferred, dml)
    changes.sort(key=lambda c: (c.line, c.column, c.code))
    from dsqllint.convert.edits import statement_edits

    return ConversionResult(sql=text, changes=changes, statements_in=len({rw.stmt.index for rw in rewrites}),
                            statements_out=statements_out, source_dialect=source.dialect,
                            edits=statement_edits(original, rewrites, deferred, changes))


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
        return (rw.text or stmt.text).strip()
    # sqlglot's pretty printer puts every parenthesised list on its own lines; keep one-line groups
    # such as `REFERENCES customers (id)` on one line.
    rw.tree = output_ready(rw.tree)
    return _SHORT_GROUP.sub(r"(\1)", rw.tree.sql(dialect="dsql", pretty=True))


# Comment lines the converter writes itself: not copied again when its output is converted again.
_OWN_HEADER = ("-- Converted by dsqllint", "-- for DSQL as of", "-- options: identity-cache=",
               "-- Data, after all DDL", "-- Foreign keys added after all tables")
def _leading_comments(text: str, statements: list[Statement], stmt: Statement | None, dialect: str = "postgres") -> str | None:
    """The comments between the previous statement and this one (None: after the last), kept with
    it: `--` lines, `/* … */` blocks, and MySQL `#` lines written as `--`. Comments on one line stay
    on one line, paragraphs stay apart; our own header of an earlier conversion is not copied, and
    the rest of the previous statement's line is its own."""
    previous_end = statements[stmt.index - 1].span.end if stmt is not None and stmt.index > 0 else 0
    if stmt is None:
        previous_end = statements[-1].span.end if statements else 0
    gap_end = stmt.start if stmt is not None else len(text)
    start = 0
    if previous_end:
        newline = text.find("\n", previous_end, gap_end)
        if newline < 0:
            return None
        start = newline + 1
    gap = text[start:gap_end]
    lines: list[str] = []  # "" separates paragraphs
    current: list[str] = []  # the comments of the line being read
    content = False  # the line being read holds something (a comment, `;`)
    i = 0
    while i <= len(gap):
        ch = gap[i] if i < len(gap) else "\n"
        if ch == "\n":
            if current:
                lines.append(" ".join(current))
            elif not content and lines and lines[-1] and i < len(gap):
                lines.append("")
            current, content = [], False
            i += 1
        elif gap.startswith("--", i) or (dialect == "mysql" and ch == "#" and not gap.startswith("#!", i)):
            j = gap.find("\n", i)
            j = len(gap) if j < 0 else j
            comment = gap[i:j].rstrip()
            comment = "--" + comment[1:] if ch == "#" else comment
            if not comment.startswith(_OWN_HEADER):
                current.append(comment)
            content, i = True, j
        elif gap.startswith("/*", i):
            j = _block_comment_end(gap, i, nested=dialect != "mysql")
            if not (dialect == "mysql" and gap.startswith(("/*!", "/*+"), i)):  # MySQL code and hints
                current.append(gap[i:j])
            content, i = True, j
        else:
            content = content or not ch.isspace()
            i += 1
    if not any(lines):
        return None
    while stmt is None and not lines[-1]:  # at the end of the file nothing follows
        lines.pop()
    # a blank line between the comments and the statement is kept: the comments stand apart
    return "\n".join(lines)


def _block_comment_end(text: str, start: int, nested: bool) -> int:
    """Offset just past the `/* … */` comment at `start` (PostgreSQL nests them, MySQL does not)."""
    depth, i = 0, start
    while i < len(text):
        if text.startswith("/*", i) and (nested or depth == 0):
            depth, i = depth + 1, i + 2
        elif text.startswith("*/", i):
            depth, i = depth - 1, i + 2
            if depth == 0:
                return i
        else:
            i += 1
    return len(text)


def _commented(text: str, reason: str) -> str:
    original = "\n".join(f"--   {line}".rstrip() for line in text.strip().splitlines())
    return f"-- dsqllint: removed ({reason}):\n{original}"
