"""The change report of a conversion: text for people, JSON for machines."""

from __future__ import annotations

import json

from dsqllint.convert.model import ConversionResult


def render_text(result: ConversionResult, path: str) -> str:
    lines = []
    for c in result.changes:
        code = f"{c.code} " if c.code else ""
        mark = "NOT CONVERTED " if not c.converted else ("BEHAVIOUR " if c.changes_behaviour else "")
        lines.append(f"{path}:{c.line}:{c.column}: {mark}{code}{c.summary}")
        if c.behaviour:
            lines.append(f"    {'what to do' if not c.converted else 'behaviour'}: {c.behaviour}")
    lines.append(
        f"{path}: {result.statements_in} statements in, {result.statements_out} out; {len(result.changes)} changes, "
        f"{len(result.behaviour_changes)} change behaviour, {len(result.not_converted)} could not be converted."
    )
    return "\n".join(lines)


def render_json(result: ConversionResult, path: str) -> str:
    return json.dumps({
        "version": 1,
        "path": path,
        "source_dialect": result.source_dialect,
        "statements_in": result.statements_in,
        "statements_out": result.statements_out,
        "changes": [c.model_dump() | {"changes_behaviour": c.changes_behaviour} for c in result.changes],
    }, indent=2, ensure_ascii=False)
