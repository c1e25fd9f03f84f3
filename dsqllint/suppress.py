"""Inline suppressions: `-- dsqllint: ignore[...]` comments (`#` comments too in MySQL files).

    CREATE INDEX i ON t (a);  -- dsqllint: ignore[DSQL401]       this statement, these rules
    -- dsqllint: ignore[index-not-async] -- reason               the statement directly below
    -- dsqllint: ignore                                          every rule, this statement
    -- dsqllint: ignore-file[DSQL304]                            the whole file (leading comments only)

Scope. A directive covers one statement, the one it is attached to:
- a comment inside the statement (any of its lines);
- a comment after the statement's delimiter on the line where the statement ends;
- a comment on the lines directly above it: only comments may stand between, no blank line.
A directive attached to nothing (followed by a blank line, or at the end of the file) is reported.
`ignore-file` directives belong in the comments before the first statement.

After the list (or the bare `ignore`) only a reason introduced by `--` may follow: `ignore DSQL401`
without brackets is reported as malformed rather than read as "ignore everything".

Every directive is accounted for (rule DSQL003 `unused-suppression`): malformed, misplaced or
unattached, naming an unknown rule, or suppressing nothing. An entry naming only rules that did not
run (not selected, or inactive at the target or for the dialect) is not judged: it may be needed
under another configuration.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable

from dsqllint.findings import Finding, Severity
from dsqllint.selection import entry_matches, rules_named

if TYPE_CHECKING:
    from dsqllint.parse import Statement
    from dsqllint.source import Source

CODE = "DSQL003"
NAME = "unused-suppression"

_CANDIDATE = re.compile(r"(?:--|#)[ \t]*dsqllint[ \t]*:", re.I)
_COMMENTS = {
    "postgres": re.compile(r"/\*.*?(?:\*/|\Z)|--[^\n]*", re.S),
    # MySQL: `--` starts a comment only when followed by whitespace; `#` always does.
    "mysql": re.compile(r"/\*.*?(?:\*/|\Z)|--(?=\s|\Z)[^\n]*|#[^\n]*", re.S),
}
_DIRECTIVE = re.compile(r"(?:--|#)[ \t]*dsqllint[ \t]*:[ \t]*(?P<rest>.*)", re.I | re.S)
_KIND = re.compile(r"(?P<kind>ignore-file|ignore)(?![\w-])", re.I)
_LIST = re.compile(r"\[(?P<entries>[^\]\n]*)\]")
_REASON = re.compile(r"(?:[ \t]+--.*)?[ \t]*\Z", re.S)
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_MISPLACED_FILE_DIRECTIVE = "`ignore-file` must be in the file's leading comments, before the first statement"


@dataclass
class Directive:
    """One `dsqllint:` comment."""

    kind: str  # "ignore" | "ignore-file" | "" when malformed
    entries: tuple[str, ...]  # empty: every rule
    start: int  # the comment's offsets in the file
    end: int
    statement: "Statement | None" = None  # what an `ignore` covers
    problem: str | None = None  # malformed, misplaced or unattached
    used: set[str] = field(default_factory=set)  # entries that suppressed something ("*": the bare form)

    def names(self, code: str, name: str) -> list[str]:
        """The entries naming this rule ("*" for the bare form)."""
        if self.problem:
            return []
        if not self.entries:
            return ["*"]
        return [e for e in self.entries if entry_matches(e, code, name)]


class Suppressions:
    """The `dsqllint:` comments of one file, and which of them suppressed something."""

    def __init__(self, source: "Source", statements: list["Statement"]) -> None:
        self.source = source
        self.directives: list[Directive] = []
        self._scopes: list[tuple[tuple[int, int], tuple[int, int], Directive]] = []
        self._scan(statements)
        lines = source.lines
        for d in self.directives:
            if d.kind == "ignore" and d.statement is not None and not d.problem:
                span = d.statement.span
                self._scopes.append((lines.position(span.start), lines.position(span.end), d))
        self._file_level = [d for d in self.directives if d.kind == "ignore-file" and not d.problem]

    # --- finding the comments --------------------------------------------------------------------
    def _scan(self, statements: list["Statement"]) -> None:
        text = self.source.text
        candidates = [m.start() for m in _CANDIDATE.finditer(text)]
        if not candidates:
            return
        spans = [s.span for s in statements]
        starts = [s.start for s in spans]
        seen: set[tuple[int, int]] = set()
        for offset in candidates:
            i = bisect.bisect_right(starts, offset) - 1  # the statement starting at or before offset
            if i >= 0 and offset < spans[i].end:
                region = self._region_in_statement(statements[i], offset)
                if region is None:
                    continue  # inside a token: a string, a quoted identifier, a dollar-quoted body
                owner = statements[i]
                gap = None
            else:
                region = (spans[i].end if i >= 0 else 0, spans[i + 1].start if i + 1 < len(spans) else len(text))
                owner = None
                gap = i
            if region in seen:
                continue
            seen.add(region)
            for m in _COMMENTS[self.source.dialect if self.source.dialect in _COMMENTS else "postgres"].finditer(
                text, *region
            ):
                comment = m.group()
                if comment.startswith("/*"):
                    continue
                directive = _parse(comment.rstrip("\r"), m.start(), m.start() + len(comment.rstrip("\r")))
                if directive is None:
                    continue
                if owner is not None:
                    directive.statement = owner
                    if directive.kind == "ignore-file" and not directive.problem:
                        directive.problem = _MISPLACED_FILE_DIRECTIVE
                else:
                    self._attach(directive, gap, statements)
                self.directives.append(directive)
        self.directives.sort(key=lambda d: d.start)

    @staticmethod
    def _region_in_statement(stmt: "Statement", offset: int) -> tuple[int, int] | None:
        """The stretch between two tokens (comments and whitespace only) that holds `offset`."""
        rel = offset - stmt.start
        tokens = stmt.tokens
        if not tokens:
            return None  # nothing tokenized: cannot tell comments from strings
        ends = [t.end + 1 for t in tokens]
        k = bisect.bisect_right([t.start for t in tokens], rel) - 1  # last token starting at or before
        if k >= 0 and rel < ends[k]:
            return None
        lo = ends[k] if k >= 0 else 0
        if k + 1 < len(tokens):
            hi = tokens[k + 1].start
        elif stmt.span.unterminated:
            return None  # past the last token of a statement left open: maybe inside the open string
        else:
            hi = stmt.span.end - stmt.start
        return stmt.start + lo, stmt.start + hi

    def _attach(self, directive: Directive, before: int, statements: list["Statement"]) -> None:
        """A comment between statements: the one ending on its line, else the one directly below."""
        text = self.source.text
        if directive.kind == "ignore-file":
            if before >= 0:
                directive.problem = _MISPLACED_FILE_DIRECTIVE
            return
        if before >= 0 and "\n" not in text[statements[before].span.end : directive.start]:
            directive.statement = statements[before]
            return
        nxt = before + 1
        if nxt < len(statements) and not _BLANK_LINE.search(text, directive.end, statements[nxt].start):
            directive.statement = statements[nxt]
            return
        directive.problem = (
            "suppression is attached to no statement: put it on the statement's line or on the lines directly above it"
        )

    # --- applying them ---------------------------------------------------------------------------
    def filter(self, findings: Iterable[Finding]) -> list[Finding]:
        """The findings no directive suppresses; marks the directives that suppressed something."""
        if not self.directives:
            return list(findings)
        kept = []
        for f in findings:
            if f.code == CODE:
                kept.append(f)
                continue
            suppressed = False
            for d in self._file_level:
                names = d.names(f.code, f.name)
                if names:
                    d.used.update(names)
                    suppressed = True
            position = (f.line, f.column)
            for first, last, d in self._scopes:
                if first <= position <= last:
                    names = d.names(f.code, f.name)
                    if names:
                        d.used.update(names)
                        suppressed = True
            if not suppressed:
                kept.append(f)
        return kept

    def report(self, ran: set[str]) -> list[Finding]:
        """DSQL003 findings: what each directive did wrong. `ran`: codes of the rules that ran on this file."""
        out = [
            self._finding(d, message, suggestion)
            for d in self.directives
            for message, suggestion in [self._judge(d, ran)]
            if message is not None and not any(_names_self(e) for e in d.entries)  # `ignore[…, DSQL003]`
        ]
        silencers = [d for d in self._file_level if any(_names_self(e) for e in d.entries)]
        if out and silencers:
            for d in silencers:
                d.used.update(e for e in d.entries if _names_self(e))
            return []
        return out

    @staticmethod
    def _judge(d: Directive, ran: set[str]) -> tuple[str | None, str | None]:
        if d.problem:
            return d.problem, None
        what = "this file" if d.kind == "ignore-file" else "this statement"
        if not d.entries:
            if "*" in d.used:
                return None, None
            return f"unused suppression: `{d.kind}` suppressed nothing in {what}", "remove the comment"
        unknown = [e for e in d.entries if not rules_named(e)]
        if unknown:
            listed = ", ".join(f"'{e}'" for e in unknown)
            return (
                f"unknown rule{'s' if len(unknown) > 1 else ''} {listed} in suppression",
                "name rules by code (DSQL201), code prefix (DSQL2) or name (serial-type); `dsqllint rules` lists them",
            )
        unused = [
            e for e in d.entries
            if e not in d.used and not _names_self(e) and any(rule.code in ran for rule in rules_named(e))
        ]
        if not unused:
            return None, None
        listed = ", ".join(unused)
        if len(unused) == len(d.entries):
            return f"unused suppression: {listed} suppressed nothing in {what}", "remove the comment"
        return f"unused suppression: {listed} suppressed nothing in {what}", f"remove {listed} from the list"

    def _finding(self, d: Directive, message: str, suggestion: str | None) -> Finding:
        lines = self.source.lines
        line, column = lines.position(d.start)
        end_line, end_column = lines.position(max(d.end, d.start + 1))
        return Finding(
            code=CODE, name=NAME, severity=Severity.WARNING, message=message, suggestion=suggestion,
            path=self.source.path, line=line, column=column, end_line=end_line, end_column=end_column,
        )


def _names_self(entry: str) -> bool:
    """An entry naming DSQL003 itself, by code or name (not by ALL or a prefix)."""
    return entry.strip().upper() == CODE or entry.strip().lower() == NAME


def _parse(comment: str, start: int, end: int) -> Directive | None:
    m = _DIRECTIVE.match(comment)
    if m is None:
        return None
    rest = m.group("rest")
    kind = _KIND.match(rest)
    if kind is None and rest.startswith("removed ("):
        return None  # convert's (and --fix's) note above a statement it removed (pipeline._commented)
    if kind is None:
        word = rest.split(None, 1)[0] if rest.strip() else ""
        return Directive("", (), start, end, problem=(
            f"unknown dsqllint directive {word!r}: write `dsqllint: ignore[CODE, …]` or `dsqllint: ignore-file[CODE, …]`"
            if word else "empty dsqllint directive: write `dsqllint: ignore[CODE, …]`"
        ))
    pos = kind.end()
    entries: tuple[str, ...] = ()
    listed = _LIST.match(rest, pos)
    if listed:
        entries = tuple(e.strip() for e in listed.group("entries").split(",") if e.strip())
        pos = listed.end()
        if not entries:
            return Directive(kind.group("kind").lower(), (), start, end, problem=(
                "empty rule list in suppression: name the rules, or write a bare `ignore` for every rule"
            ))
    if not _REASON.match(rest, pos):
        return Directive(kind.group("kind").lower(), (), start, end, problem=(
            f"malformed suppression {comment.strip()!r}: rules go in brackets, `ignore[DSQL401, serial-type]`, "
            "and a reason after `--`"
        ))
    return Directive(kind.group("kind").lower(), entries, start, end)
