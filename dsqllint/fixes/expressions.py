"""Expressions: uuid functions DSQL lacks become gen_random_uuid(); clauses that call a function DSQL
does not have, or a generated column that is not immutable, are dropped from the table (reported)."""

from __future__ import annotations

from sqlglot import exp

from dsqllint.fixes import fix
from dsqllint.fixes.common import column_defs
from dsqllint.rules.base import Context
from dsqllint.rules.expressions import _function_calls, body_calls, missing_function

# function → what the change report says (None: the same behaviour)
_RANDOM_UUID = {
    "uuid_generate_v4": None,
    "uuidv4": None,
    "uuidv7": "uuidv7() values were ordered by creation time; gen_random_uuid() values are random: "
              "order by a timestamp column where the order matters",
}


def _context(rw) -> Context:
    return Context(rw.file.source, rw.file.statements, rw.file.catalog, rw.target)


@fix("DSQL901")
def unknown_functions(rw) -> None:
    ctx = _context(rw)
    if rw.stmt.kind == "CREATE FUNCTION":  # its body calls a function DSQL lacks: it cannot be created
        if any(missing_function(call, ctx) and call.name not in ctx.catalog.routines
               for call in body_calls(rw.stmt)):
            finding = rw.finding("DSQL901")
            rw.remove("DSQL901", finding.message, finding.suggestion)
        return
    if rw.tree is None:
        return
    for call in _function_calls(rw.stmt, rw.dialect, rw.tree):
        if call.name in ctx.catalog.routines:
            # the file's own routine: convert may keep it in another form (PL/pgSQL → sql, an aggregate
            # called as string_agg); convert/dependencies.py removes what uses it only if it goes
            continue
        found = missing_function(call, ctx)
        if found is None:
            continue
        node = call.node.parent if call.schema else call.node
        if call.name in _RANDOM_UUID and not call.node.expressions:
            node.replace(exp.Anonymous(this="gen_random_uuid"))
            rw.change("DSQL901", f"{call.shown} → gen_random_uuid()", _RANDOM_UUID[call.name], at=_position(rw, call))
            continue
        message, suggestion = found
        if not _drop_clause(rw, call, node, f"{message}; {suggestion}"):
            rw.remove("DSQL901", message, suggestion)
            return


def _position(rw, call) -> tuple[int, int]:
    return rw.file.source.lines.position(call.at[0])


def _drop_clause(rw, call, node: exp.Expression, why: str) -> bool:
    """Drop the DEFAULT, CHECK or generation expression of a table that holds `node`; False when it
    is elsewhere (an index, a view, ALTER COLUMN SET DEFAULT): then the statement must go."""
    if not isinstance(rw.tree, exp.Create) or not isinstance(rw.tree.this, exp.Schema):
        return False
    holder = node.find_ancestor(exp.ColumnConstraint, exp.CheckColumnConstraint)
    if holder is None:
        return False
    if isinstance(holder, exp.CheckColumnConstraint) and isinstance(holder.parent, exp.ColumnConstraint):
        holder = holder.parent
    if isinstance(holder.parent, exp.Constraint):  # CONSTRAINT name CHECK (...)
        holder = holder.parent
    kind = holder.args.get("kind") if isinstance(holder, exp.ColumnConstraint) else holder
    column = holder.parent if isinstance(holder.parent, exp.ColumnDef) else None
    what = {exp.DefaultColumnConstraint: "DEFAULT", exp.ComputedColumnConstraint: "generation expression"}.get(
        type(kind), "CHECK")
    behaviour = {
        "DEFAULT": "the column has no default: set its value in the application",
        "generation expression": "the column is no longer generated: set its value in the application",
        "CHECK": "the condition is no longer enforced: check it in the application",
    }[what]
    holder.pop()
    place = f'column "{column.name}"' if column is not None else "table"
    rw.change("DSQL901", f"{place}: {what} removed ({call.shown}: {why})", behaviour, at=_position(rw, call))
    return True


@fix("DSQL902")
def generated_not_immutable(rw) -> None:
    for column in column_defs(rw.tree):
        for constraint in list(column.constraints):
            kind = constraint.args.get("kind")
            if isinstance(kind, exp.ComputedColumnConstraint) and _flagged(rw, column):
                constraint.pop()
                rw.change("DSQL902", f'column "{column.name}": generation expression removed (not immutable)',
                          "the column is no longer generated: set its value in the application")


def _flagged(rw, column: exp.ColumnDef) -> bool:
    """True when a DSQL902 finding of the statement is about this column."""
    return any(f.code == "DSQL902" and f'generated column "{column.name}"' in f.message for f in rw.findings)


def stored_generated(rw, code: str) -> None:
    """VIRTUAL generated columns become STORED (the same values, computed on write)."""
    from dsqllint.fixes.generated import as_stored

    for column in column_defs(rw.tree):
        as_stored(rw, column, code)


@fix("DSQL904")
def virtual_generated(rw) -> None:
    stored_generated(rw, "DSQL904")
