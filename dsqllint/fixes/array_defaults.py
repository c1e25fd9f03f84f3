"""The default of an array column that became JSON (or text): the same list, as a JSON array.

`DEFAULT '{}'::bigint[]` → `DEFAULT '[]'`, `DEFAULT '{project,group}'::varchar[]` →
`DEFAULT '["project", "group"]'`, `DEFAULT ARRAY[1, 2]` → `DEFAULT '[1, 2]'`; a list computed when the row
is written (`ARRAY[now()]`) is converted by `to_json(…)` at that time. PostgreSQL rejects the
array default on a json column (`column … is of type json but default expression is of type
bigint[]`), which would lose the table and everything on it."""

from __future__ import annotations

import json
import re

from sqlglot import exp

T = exp.DataType.Type
_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")


def _elements(literal: str) -> list[str | None] | None:
    """The elements of a one-dimensional PostgreSQL array literal (`{a,"b c",NULL}`), else None."""
    text = literal.strip()
    if not (text.startswith("{") and text.endswith("}")):
        return None
    body, out, i = text[1:-1], [], 0
    if not body.strip():
        return []
    while i <= len(body):
        while i < len(body) and body[i] == " ":
            i += 1
        if i < len(body) and body[i] == '"':
            j, value = i + 1, []
            while j < len(body) and body[j] != '"':
                if body[j] == "\\" and j + 1 < len(body):
                    j += 1
                value.append(body[j])
                j += 1
            out.append("".join(value))
            i = j + 1
            while i < len(body) and body[i] == " ":
                i += 1
        else:
            j = body.find(",", i)
            j = len(body) if j < 0 else j
            word = body[i:j].strip()
            if "{" in word or "}" in word:
                return None  # more than one dimension
            out.append(None if word.upper() == "NULL" else word)
            i = j
        if i < len(body) and body[i] != ",":
            return None
        i += 1
    return out


def _json_list(values: list[str | None], numeric: bool) -> str:
    items = []
    for v in values:
        if v is None:
            items.append(None)
        elif numeric and _NUMBER.fullmatch(v):
            items.append(json.loads(v))
        else:
            items.append(v)
    return json.dumps(items, ensure_ascii=False)


def array_default_as_json(column: exp.ColumnDef, old_kind: exp.DataType) -> str | None:
    """Rewrite, in place, the default of `column` (whose type was the array type `old_kind`) into the
    JSON array text; returns the new default's text, or None when there was nothing to rewrite."""
    if not isinstance(old_kind, exp.DataType) or old_kind.this != T.ARRAY:
        return None
    element = old_kind.expressions[0] if old_kind.expressions else None
    numeric = isinstance(element, exp.DataType) and element.is_type(*exp.DataType.NUMERIC_TYPES)
    for constraint in column.constraints:
        default = constraint.args.get("kind")
        if not isinstance(default, exp.DefaultColumnConstraint) or default.this is None:
            continue
        value = default.this
        if isinstance(value, exp.Bracket) and isinstance(value.this, exp.Cast):
            value = value.this  # `ARRAY[]::integer[3]`: sqlglot reads the sized array type as a subscript
        while isinstance(value, (exp.Cast, exp.Paren)):
            value = value.this
        values = None
        if isinstance(value, exp.Literal) and value.is_string:
            values = _elements(value.this)
        elif isinstance(value, exp.Array) and all(isinstance(e, exp.Literal) for e in value.expressions):
            values = [e.this for e in value.expressions]
        if values is not None:
            new = _json_list(values, numeric)
            default.set("this", exp.Literal.string(new))
            return new
        if isinstance(value, exp.Array) or isinstance(default.this, exp.Cast):
            converted = exp.func("to_json", default.this)
            default.set("this", converted)
            return converted.sql(dialect="postgres")
        return None
    return None
