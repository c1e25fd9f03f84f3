"""GitHub Actions workflow commands: one `::error|warning|notice …::message` line per finding, shown
as annotations on the pull request's changed lines.

Escaping follows GitHub's runner (actions/toolkit `command.ts`): in the message `%`, `\\r`, `\\n`
become `%25`, `%0D`, `%0A`; in property values also `:` and `,` become `%3A` and `%2C`."""

from __future__ import annotations

from dsqllint.findings import Finding, Severity

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Finding) -> str:
    properties = {
        "file": f.path,
        "line": f.line,
        "col": f.column,
        "endLine": f.end_line,
        "endColumn": f.end_column,
        "title": f"{f.code} {f.name}",
    }
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    message = f.message + (f"\nhelp: {f.suggestion}" if f.suggestion else "")
    return f"::{COMMANDS[f.severity]} {props}::{escape_data(message)}"


def render(findings: list[Finding]) -> str:
    return "\n".join(annotation(f) for f in findings)
