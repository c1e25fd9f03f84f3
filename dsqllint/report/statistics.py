"""`--statistics`: how many findings each rule produced, most frequent first."""

from __future__ import annotations

import json
from collections import Counter

from dsqllint.findings import Finding


def count(findings: list[Finding]) -> list[dict]:
    counts = Counter((f.code, f.name) for f in findings)
    severity = {(f.code, f.name): f.severity.value for f in findings}
    rows = [{"code": code, "name": name, "count": n, "severity": severity[(code, name)]}
            for (code, name), n in counts.items()]
    rows.sort(key=lambda r: (-r["count"], r["code"]))
    return rows


def render_text(findings: list[Finding]) -> str:
    rows = count(findings)
    if not rows:
        return ""
    width = max(len(str(r["count"])) for r in rows)
    name_width = max(len(r["name"]) for r in rows)
    return "\n".join(f"{r['count']:>{width}}  {r['code']:8} {r['name']:{name_width}}  {r['severity']}" for r in rows)


def render_json(findings: list[Finding]) -> str:
    return json.dumps(count(findings), indent=2)
