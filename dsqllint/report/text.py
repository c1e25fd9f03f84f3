"""Human output in the style of ruff: location, code, message, the source line with a caret, help."""

from __future__ import annotations

import click

from dsqllint.findings import Finding, Severity
from dsqllint.report.summary import Summary
from dsqllint.source import Source

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
# Characters of a source line shown under a finding. A longer line (a minified dump is one line) is cut
# around the finding: shown whole under each of thousands of findings, it made the report gigabytes long.
MAX_SHOWN = 200


def format_finding(finding: Finding, source: Source | None, colour: bool, show_source: bool = True) -> str:
    def style(text: str, **kw) -> str:
        return click.style(text, **kw) if colour else text

    head = (
        f"{style(finding.path, bold=True)}:{finding.line}:{finding.column}: "
        f"{style(finding.code, fg=_COLOURS[finding.severity], bold=True)} "
        f"[{finding.name}] {finding.message}"
    )
    if finding.severity != Severity.ERROR:
        head += style(f" ({finding.severity.value})", dim=True)
    out = [head]
    if show_source and source is not None:
        text = source.lines.line_text(finding.line)
        gutter = " " * len(str(finding.line))
        width = (finding.end_column - finding.column) if finding.end_line == finding.line else len(text) - finding.column + 1
        text, column, width = _window(text, finding.column, max(1, width))
        text = text.expandtabs(1)  # a tab is one column, as in the finding's column
        caret = " " * (column - 1) + "^" * width
        out += [
            f"{gutter} |",
            f"{finding.line} | {text}",
            f"{gutter} | {style(caret, fg=_COLOURS[finding.severity], bold=True)}",
        ]
        if finding.suggestion:
            out.append(f"{gutter} = {style('help', bold=True)}: {finding.suggestion}")
    elif finding.suggestion:
        out.append(f"  help: {finding.suggestion}")
    return "\n".join(out)


def _window(text: str, column: int, width: int) -> tuple[str, int, int]:
    """The part of a long line to show (cut ends marked `…`), and the caret's column and width in it."""
    if len(text) <= MAX_SHOWN:
        return text, column, width
    start = max(0, min(column - 1 - MAX_SHOWN // 4, len(text) - MAX_SHOWN))
    end = start + MAX_SHOWN
    lead = "…" if start else ""
    shown = lead + text[start:end] + ("…" if end < len(text) else "")
    column = column - start + len(lead)
    return shown, column, max(1, min(width, end - start - (column - 1 - len(lead))))


def format_summary(summary: Summary, colour: bool) -> str:
    total = summary.errors + summary.warnings + summary.infos
    files = f"{summary.files} file{'s' if summary.files != 1 else ''}"
    # A file that could not be read was not checked: never claim "All checks passed" then.
    unread = ""
    if summary.io_errors:
        unread = f"; {summary.io_errors} file{'s' if summary.io_errors != 1 else ''} could not be read"
    if total == 0:
        if unread:
            return f"No findings in {files} ({summary.statements} statements){unread}."
        text = f"All checks passed ({files}, {summary.statements} statements)."
        return click.style(text, fg="green", bold=True) if colour else text
    parts = []
    for count, word in ((summary.errors, "error"), (summary.warnings, "warning"), (summary.infos, "info")):
        if count:
            parts.append(f"{count} {word}{'s' if count != 1 and word != 'info' else ''}")
    text = f"Found {', '.join(parts)} in {files} ({summary.statements} statements){unread}."
    if summary.fixable:
        text += f"\n{summary.fixable} can be fixed by `dsqllint convert`."
    return text
