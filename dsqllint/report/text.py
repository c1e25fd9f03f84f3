"""Human output in the style of ruff: location, code, message, the source line with a caret, help."""

from __future__ import annotations

import click

from dsqllint.findings import Finding, Severity
from dsqllint.report.summary import Summary
from dsqllint.source import Source

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


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
        text = source.lines.line_text(finding.line).expandtabs(1)
        gutter = " " * len(str(finding.line))
        width = (finding.end_column - finding.column) if finding.end_line == finding.line else len(text) - finding.column + 1
        caret = " " * (finding.column - 1) + "^" * max(1, width)
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
