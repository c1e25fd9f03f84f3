"""PL/pgSQL functions that are one expression become LANGUAGE sql functions.

DSQL runs only SQL-language functions. A PL/pgSQL body that is just `BEGIN RETURN <expr>; END`
computes the same value as the SQL function `SELECT <expr>`, with the same parameters, return type
and attributes (volatility, strictness: the author's declaration is kept, so a function an index
or generated column uses stays IMMUTABLE). Anything longer (variables, IF, loops, exceptions) has no
mechanical SQL form and is still removed, with the statements that use it (convert/dependencies.py).
"""

from __future__ import annotations

import re

from sqlglot.tokens import TokenType

from dsqllint.convert.model import Change
from dsqllint.fixes import fix
from dsqllint.parse import parse_sql

_RETURN_ONLY = re.compile(r"(?is)^\s*BEGIN\s+RETURN\s+(?P<expr>[^;]+?)\s*;\s*END\s*;?\s*$")
_LINE_COMMENT = re.compile(r"--[^\n]*")


def sql_body(body: str) -> str | None:
    """`SELECT <expr>` for a body that is only `BEGIN RETURN <expr>; END`, else None."""
    match = _RETURN_ONLY.match(_LINE_COMMENT.sub(" ", body))
    if match is None or re.match(r"(?i)(QUERY|NEXT)\b", match["expr"]):
        return None
    return f"\n  SELECT {match['expr'].strip()}\n"


@fix("DSQL612")
def function_language(rw) -> None:
    stmt = rw.stmt
    text = rw.text or stmt.text
    words = stmt.words
    tokens = stmt.tokens
    if text != stmt.text or "LANGUAGE" not in words:
        return _not_converted(rw)
    lang = words.index("LANGUAGE")
    bodies = [t for t in tokens if t.token_type == TokenType.HEREDOC_STRING]
    language = tokens[lang + 1] if lang + 1 < len(tokens) else None
    if language is None or language.text.strip("'\"").lower() != "plpgsql" or len(bodies) != 1:
        return _not_converted(rw)
    new_body = sql_body(bodies[0].text)
    if new_body is None:
        return _not_converted(rw)
    body = bodies[0]
    tag = re.match(r"\$[^$]*\$", text[body.start:body.end + 1])  # the source's dollar quote, kept
    quote = tag.group(0) if tag else "$$"
    replaced = {body.start: (body.end + 1, f"{quote}{new_body}{quote}"), language.start: (language.end + 1, "sql")}
    out, at = [], 0
    for start in sorted(replaced):
        end, new = replaced[start]
        out.append(text[at:start])
        out.append(new)
        at = end
    out.append(text[at:])
    new_text = "".join(out)
    parsed = parse_sql(new_text, "postgres")
    if len(parsed) != 1 or parsed[0].opaque:
        return _not_converted(rw)
    rw.tree, rw.text = parsed[0].tree, new_text
    line, column = rw.file.source.lines.position(stmt.start + language.start)
    rw.changes.append(Change(line=line, column=column, code="DSQL612",
                             summary="PL/pgSQL function of one RETURN expression → LANGUAGE sql (SELECT the expression)"))


def _not_converted(rw) -> None:
    finding = rw.finding("DSQL612")
    rw.remove("DSQL612", finding.message if finding else "a function in a language other than SQL",
              "no DSQL form: do this in the application or by hand")
