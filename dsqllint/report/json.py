"""Machine output, version 1:
{"version": 1, "target": "YYYY-MM-DD",
 "files": [{"path", "dialect", "findings": [{"code", "name", "severity", "message", "suggestion",
            "line", "column", "end_line", "end_column", "fixable"}]}],
 "summary": {"files", "statements", "errors", "warnings", "info", "fixable", "io_errors"}}
Keys are only ever added within a version."""

from __future__ import annotations

import json

from dsqllint.findings import Finding
from dsqllint.report.summary import Summary

FINDING_KEYS = ("code", "name", "severity", "message", "suggestion", "line", "column", "end_line", "end_column", "fixable")


def finding_dict(f: Finding) -> dict:
    data = f.model_dump(mode="json")
    return {k: data[k] for k in FINDING_KEYS}


def render(files: list[tuple[str, str, list[Finding]]], summary: Summary, target: str) -> str:
    doc = {
        "version": 1,
        "target": target,
        "files": [
            {"path": path, "dialect": dialect, "findings": [finding_dict(f) for f in findings]}
            for path, dialect, findings in files
        ],
        "summary": summary.as_dict(),
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)
