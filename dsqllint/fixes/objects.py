"""Statements and clauses: session noise of dumps removed, table clauses DSQL lacks stripped."""

from __future__ import annotations

import re

from sqlglot import exp

from dsqllint.fixes import fix

_SET_CONFIG = re.compile(r"(?is)^\s*SELECT\s+(pg_catalog\.)?set_config\s*\(")
_OWNER_TO = re.compile(r"(?is)\bOWNER\s+TO\b")


def remove_noise(rw) -> bool:
    """Dump and session statements that mean nothing to a DSQL schema: SET, set_config(), OWNER TO.
    They are removed whether or not a rule flagged them (the roles and settings are the source's)."""
    stmt = rw.stmt
    if stmt.kind == "SET" and [w for w in stmt.words[1:3] if w not in ("SESSION",)][:1] == ["SEARCH_PATH"]:
        return False  # where the following statements create their objects: DSQL takes it as written
    if stmt.kind == "SET":
        reason = "session setting of the source database"
    elif stmt.kind == "SELECT" and _SET_CONFIG.match(stmt.text):
        reason = "session setting of the source database"
    elif stmt.kind in ("BEGIN", "COMMIT", "END", "ROLLBACK", "START"):
        reason = "transaction control of the source (the converted file sets its own transactions)"
        rw.silently = True
    elif rw.dialect == "mysql" and stmt.kind in ("DROP PROCEDURE", "DROP FUNCTION", "DROP TRIGGER", "DROP EVENT"):
        reason = f"{stmt.kind}: DSQL has no MySQL stored programs, so there is none to drop"
    elif stmt.kind == "SELECT" and rw.dialect == "mysql":
        reason = "a query of the MySQL script (it creates nothing)"
    elif stmt.kind.startswith("ALTER ") and _OWNER_TO.search(stmt.text) and stmt.has_words("OWNER", "TO"):
        reason = "ownership by a role of the source database (DSQL objects belong to the role that creates them)"
    else:
        return False
    rw.remove("", reason)
    return True


def _strip_property(rw, code: str, kinds: tuple, summary: str, behaviour: str | None = None) -> bool:
    props = rw.tree.args.get("properties") if rw.tree is not None else None
    found = [p for p in (props.expressions if props else []) if isinstance(p, kinds)]
    for p in found:
        p.pop()
    if found:
        rw.change(code, summary, behaviour)
    return bool(found)


@fix("DSQL602")
def unlogged(rw) -> None:
    if _strip_property(rw, "DSQL602", (exp.UnloggedProperty,), "UNLOGGED removed"):
        return
    rw.remove("DSQL602", "unlogged table dsqllint could not rewrite", "create it as a regular table")


@fix("DSQL605")
def tablespace(rw) -> None:
    if not _strip_property(rw, "DSQL605", (exp.TablespaceProperty,), "TABLESPACE removed"):
        if rw.stmt.kind == "SET":
            rw.remove("DSQL605", "tablespace setting")
        else:
            rw.remove("DSQL605", "tablespace statement", "DSQL manages storage itself")


@fix("DSQL606")
def storage_parameters(rw) -> None:
    if not _strip_property(rw, "DSQL606", (exp.WithDataProperty, exp.WithSystemVersioningProperty,
                                           exp.WithJournalTableProperty, exp.Property), "storage parameters removed"):
        rw.remove("DSQL606", "storage parameters", "DSQL manages storage itself")
