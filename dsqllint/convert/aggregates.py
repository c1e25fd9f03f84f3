"""User aggregates that are `string_agg` by another name, called as `string_agg`.

DSQL has no CREATE AGGREGATE. The sakila/pagila schemas define `group_concat(text)` with a state
function that joins the non-null values with a separator:

    CREATE FUNCTION _group_concat(text, text) RETURNS text AS $$
    SELECT CASE WHEN $2 IS NULL THEN $1 WHEN $1 IS NULL THEN $2 ELSE $1 || ', ' || $2 END $$ …;
    CREATE AGGREGATE group_concat(text) (SFUNC = _group_concat, STYPE = text);

That is exactly `string_agg(x, ', ')` (nulls skipped, input order kept, NULL when nothing is left), so
the statements that call it are rewritten to call `string_agg` instead of being removed with the
aggregate. Runs before convert/dependencies.py, which removes the callers of any other aggregate."""

from __future__ import annotations

import re

from sqlglot.tokens import TokenType

from dsqllint.convert.dependencies import _arity, created_object
from dsqllint.convert.model import Change

_JOIN = re.compile(r"(?is)^\s*SELECT\s+CASE\s+WHEN\s+\$2\s+IS\s+NULL\s+THEN\s+\$1\s+WHEN\s+\$1\s+IS\s+NULL\s+THEN\s+\$2"
                   r"\s+ELSE\s+\$1\s*\|\|\s*'(?P<sep>(?:[^']|'')*)'\s*\|\|\s*\$2\s+END\s*;?\s*$")


def _options(stmt, start: int) -> dict[str, str]:
    """KEY = value pairs of an aggregate's option list, opening at token `start`."""
    tokens, out = stmt.tokens, {}
    _, _, close = _arity(tokens, start)
    i = start + 1
    while i + 2 <= close:
        if tokens[i + 1].token_type == TokenType.EQ:
            j = i + 2
            value = []
            while j < close and tokens[j].token_type != TokenType.COMMA:
                value.append(tokens[j].text)
                j += 1
            out[tokens[i].text.upper()] = "".join(value).lower()
            i = j + 1
        else:
            i += 1
    return out


def _separator(rewrites: list, function: str) -> str | None:
    """The separator of a state function that is a string_agg step, else None."""
    for rw in rewrites:
        made = created_object(rw.stmt) if rw.stmt.kind == "CREATE FUNCTION" else None
        if made is None or made[1] != function.split(".")[-1]:
            continue
        bodies = [t.text for t in rw.stmt.tokens if t.token_type in (TokenType.HEREDOC_STRING, TokenType.STRING)
                  and "$1" in t.text]
        match = _JOIN.match(bodies[0]) if len(bodies) == 1 else None
        return match["sep"].replace("''", "'") if match else None
    return None


def string_agg_aggregates(rewrites: list) -> list[Change]:
    """Rewrite the calls of removed string_agg-like aggregates; returns the report entries."""
    aggregates: dict[str, str] = {}  # name → separator
    changes = []
    for rw in rewrites:
        made = created_object(rw.stmt) if rw.removed and rw.stmt.kind == "CREATE AGGREGATE" else None
        if made is None:
            continue
        close = made[3][1] + 1
        tokens = rw.stmt.tokens
        if close >= len(tokens) or tokens[close].token_type != TokenType.L_PAREN:
            continue
        count, _, after = _arity(tokens, close)
        if count != 1 or after + 1 >= len(tokens) or tokens[after + 1].token_type != TokenType.L_PAREN:
            continue
        options = _options(rw.stmt, after + 1)
        if set(options) != {"SFUNC", "STYPE"} or options["STYPE"] != "text":
            continue
        separator = _separator(rewrites, options["SFUNC"])
        if separator is not None:
            aggregates[made[1]] = separator
            line, column = rw.file.source.lines.position(rw.stmt.start)
            changes.append(Change(line=line, column=column, code="",
                                  summary=f"{made[2]}(x) is string_agg(x, '{separator}'): its calls are rewritten "
                                          "to string_agg (the same result)"))
    if aggregates:
        for rw in rewrites:
            if not rw.removed and not rw.dirty:
                _rewrite_calls(rw, aggregates)
    return changes


def _rewrite_calls(rw, aggregates: dict[str, str]) -> None:
    text = rw.text or rw.stmt.text
    if text != rw.stmt.text:
        return
    tokens = rw.stmt.tokens
    skip = created_object(rw.stmt)
    edits = []  # (start, end, replacement), in text offsets
    for i, token in enumerate(tokens):
        name = token.text.lower()
        if name not in aggregates or i + 1 >= len(tokens) or tokens[i + 1].token_type != TokenType.L_PAREN:
            continue
        if skip and skip[3][0] <= i <= skip[3][1]:
            continue
        count, _, close = _arity(tokens, i + 1)
        inside = [t.text.upper() for t in tokens[i + 2:close]]
        if count != 1 or "ORDER" in inside or close >= len(tokens):
            continue
        first = i - 2 if i >= 2 and tokens[i - 1].token_type == TokenType.DOT else i  # public.group_concat
        separator = aggregates[name].replace("'", "''")
        edits.append((tokens[first].start, token.end + 1, "string_agg"))
        edits.append((tokens[close].start, tokens[close].start, f", '{separator}'"))
    if not edits:
        return
    out, at = [], 0
    for start, end, new in sorted(edits):
        out.append(text[at:start])
        out.append(new)
        at = end
    out.append(text[at:])
    rw.text = "".join(out)
    line, column = rw.file.source.lines.position(rw.stmt.start)
    rw.changes.append(Change(line=line, column=column, code="",
                             summary=f"{', '.join(sorted(aggregates))}(…) → string_agg(…, separator): the same result"))

