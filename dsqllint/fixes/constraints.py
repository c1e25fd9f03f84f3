"""Constraints: foreign keys NOT VALID or stripped, and the keys pg_dump adds with ALTER TABLE folded
back into their CREATE TABLE (DSQL creates primary keys and UNIQUE constraints only with the table)."""

from __future__ import annotations

from sqlglot import exp

from dsqllint.catalog import name_key
from dsqllint.fixes import fix
from dsqllint.fixes.common import creates, table_of
from dsqllint.fixes.foreign_keys import foreign_key_parts, table_sql


def strip_foreign_keys(rw, code: str, why: str) -> None:
    """Remove every foreign key of the statement; each removed relationship is written as a comment."""
    tree = rw.tree
    if isinstance(tree, exp.Create) and creates(tree):
        for part in foreign_key_parts(tree):
            part.node.pop()
            rw.after.append(f"-- foreign key removed ({why}): {part.describe(table_sql(tree))}")
            rw.change(code, f"foreign key {part.describe(name_key(table_of(tree)))} removed",
                      "referential integrity must be enforced by the application")
    elif isinstance(tree, exp.Alter) and tree.find(exp.ForeignKey) is not None:
        rw.remove(code, f"foreign key ({why})", "referential integrity must be enforced by the application")


@fix("DSQL301")
def foreign_key_unsupported(rw) -> None:
    strip_foreign_keys(rw, "DSQL301", f"{rw.target.label} has no foreign keys")


@fix("DSQL302")
def foreign_key_not_valid(rw) -> None:
    if isinstance(rw.tree, exp.Alter):
        rw.tree.set("not_valid", True)
        rw.change("DSQL302", "foreign key added NOT VALID", "rows that exist already are not checked")


@fix("DSQL303")
def forward_reference(rw) -> None:
    """Nothing to rewrite: the converter emits the referenced table first (convert/ordering.py)."""


def _creating(rw, table: exp.Expression):
    return rw.state.get("creating", {}).get(name_key(table))


def _fold(rw, code: str, what: str) -> None:
    """Move `ALTER TABLE t ADD CONSTRAINT … PRIMARY KEY|UNIQUE|CHECK` into t's CREATE TABLE."""
    tree = rw.tree
    if not isinstance(tree, exp.Alter):
        return
    owner = _creating(rw, tree.this)
    actions = tree.args.get("actions") or []
    constraints = [c for a in actions if isinstance(a, exp.AddConstraint) for c in a.expressions]
    if owner is None or owner.tree is None or len(actions) != len([a for a in actions if isinstance(a, exp.AddConstraint)]):
        rw.remove(code, f"{what} added to an existing table", "rebuild the table with the constraint in CREATE TABLE")
        return
    for constraint in constraints:
        owner.tree.this.append("expressions", constraint.copy())
    owner.dirty = True
    rw.removed = f"{what} moved into CREATE TABLE {owner.tree.this.this.sql(dialect='dsql')}"
    line, column = rw.file.source.lines.position(rw.stmt.start)
    from dsqllint.convert.model import Change

    rw.changes.append(Change(line=line, column=column, code=code, summary=rw.removed))


@fix("DSQL309")
def add_primary_key(rw) -> None:
    _fold(rw, "DSQL309", "PRIMARY KEY")


@fix("DSQL308")
def add_unique(rw) -> None:
    _fold(rw, "DSQL308", "UNIQUE constraint")


@fix("DSQL306")
def add_check(rw) -> None:
    if _creating(rw, rw.tree.this) is not None:
        _fold(rw, "DSQL306", "CHECK constraint")
    else:
        rw.tree.set("not_valid", True)
        rw.change("DSQL306", "CHECK added NOT VALID", "rows that exist already are not checked")


@fix("DSQL305")
def exclusion(rw) -> None:
    for node in list(rw.tree.find_all(exp.ExcludeColumnConstraint)) if rw.tree is not None else []:
        (node.parent if isinstance(node.parent, exp.Constraint) else node).pop()
        rw.change("DSQL305", "EXCLUDE constraint removed", "overlaps must now be prevented by the application")


@fix("DSQL310")
def validate_async(rw) -> None:
    rw.tree.set("async_", True)
    rw.change("DSQL310", "VALIDATE CONSTRAINT → ALTER TABLE ASYNC … VALIDATE CONSTRAINT")
