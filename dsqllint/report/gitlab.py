"""GitLab Code Quality report (a JSON array; `artifacts: reports: codequality:` in .gitlab-ci.yml).

Severity: error → blocker (DSQL rejects the statement: the migration cannot deploy), warning → major
(accepted, but behaves differently), info → info; `minor` and `critical` are not used.
The fingerprint hashes the path, the rule, the flagged text and its line's text and an occurrence
count, never the line number, so it is stable across runs and survives edits elsewhere in the file
(GitLab matches issues between the base and head of a merge request by fingerprint)."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

from dsqllint.findings import Finding, Severity

if TYPE_CHECKING:
    from dsqllint.source import Source

SEVERITIES = {Severity.ERROR: "blocker", Severity.WARNING: "major", Severity.INFO: "info"}


def fingerprint(f: Finding, source: "Source | None", seen: dict[tuple, int]) -> str:
    line_text = flagged = ""
    if source is not None:
        line_text = source.lines.line_text(f.line).strip()
        raw = source.lines.line_text(f.line)
        end = f.end_column - 1 if f.end_line == f.line else len(raw)
        flagged = raw[f.column - 1 : end]
    key = (f.path, f.code, flagged, line_text)
    seen[key] = seen.get(key, 0) + 1
    material = "\x1f".join([*key, str(seen[key])])
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def render(files: list[tuple[str, "Source | None", list[Finding]]]) -> str:
    issues = []
    for path, source, findings in files:
        seen: dict[tuple, int] = {}
        for f in findings:
            issues.append({
                "type": "issue",
                "check_name": f.code,
                "description": f"{f.code} [{f.name}] {f.message}",
                "content": {"body": f.suggestion} if f.suggestion else None,
                "categories": ["Compatibility"],
                "fingerprint": fingerprint(f, source, seen),
                "severity": SEVERITIES[f.severity],
                "location": {"path": path, "lines": {"begin": f.line, "end": f.end_line}},
            })
            if issues[-1]["content"] is None:
                del issues[-1]["content"]
    return json.dumps(issues, indent=2, ensure_ascii=False)
