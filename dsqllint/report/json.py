"""Machine output, version 1:
{"version": 1, "target": "YYYY-MM-DD",
 "files": [{"path", "dialect", "findings": [{"code", "name", "severity", "message", "suggestion",
            "line", "column", "end_line", "end_column", "fixable"}]}],
 "summary": {"files", "statements", "errors", "warnings", "info", "fixable", "io_errors"}}
Keys are only ever added within a version."""

from __future__ import annotations

import json
from typing import Iterator

from dsqllint.findings import Finding
from dsqllint.report.summary import Summary

FINDING_KEYS = ("code", "name", "severity", "message", "suggestion", "line", "column", "end_line", "end_column", "fixable")


def finding_dict(f: Finding) -> dict:
    data = f.model_dump(mode="json")
    return {k: data[k] for k in FINDING_KEYS}


def render(files: list[tuple[str, str, list[Finding]]], summary: Summary, target: str) -> str:
    """The document (see the module docstring), as `json.dumps(…, indent=2, ensure_ascii=False)` writes it."""
    return "".join(chunks(files, summary, target))


def chunks(files: list[tuple[str, str, list[Finding]]], summary: Summary, target: str) -> Iterator[str]:
    """`render`'s text in pieces, finding by finding, for writing as it comes: the whole document at
    once (as dicts, then as text) would take hundreds of MB for 80,000 findings."""
    yield f'{{\n  "version": 1,\n  "target": {_nested(target, 1)},\n  "files": '
    yield "[" if files else "[]"
    for i, (path, dialect, findings) in enumerate(files):
        yield ("," if i else "") + f'\n    {{\n      "path": {_nested(path, 3)},\n      "dialect": {_nested(dialect, 3)},\n'
        yield '      "findings": ' + ("[" if findings else "[]")
        for k, finding in enumerate(findings):
            yield ("," if k else "") + "\n        " + _nested(finding_dict(finding), 4)
        yield ("\n      ]" if findings else "") + "\n    }"
    yield ("\n  ]" if files else "") + f',\n  "summary": {_nested(summary.as_dict(), 1)}\n}}'


def _nested(value, depth: int) -> str:
    """`value` (a scalar, or a dict of scalars) as json.dumps(indent=2, ensure_ascii=False) writes it
    `depth` levels deep (its first line's indent is the caller's). Written here rather than by
    json.dumps(indent=…), whose pure-Python encoder leaves a reference cycle behind on each call, which
    piles up while the cycle collector is paused (see engine.gc_paused)."""
    if not isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if not value:
        return "{}"
    inner = "\n" + "  " * (depth + 1)
    items = ",".join(f"{inner}{json.dumps(key, ensure_ascii=False)}: {json.dumps(item, ensure_ascii=False)}"
                     for key, item in value.items())
    return "{" + items + "\n" + "  " * depth + "}"
