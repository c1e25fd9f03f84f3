"""Small tree helpers shared by fixes."""

from __future__ import annotations

from sqlglot import exp

from dsqllint.catalog import name_key
from dsqllint.rules.base import column_defs

__all__ = ["column_defs", "creates", "constraint_kinds", "remove_constraints", "set_type", "table_of", "add_table_item"]


def constraint_kinds(column: exp.ColumnDef, kind) -> list[exp.ColumnConstraint]:
    return [c for c in column.constraints if isinstance(c.args.get("kind"), kind)]


def remove_constraints(column: exp.ColumnDef, kind) -> int:
    removed = constraint_kinds(column, kind)
    for c in removed:
        c.pop()
    return len(removed)


def set_type(column: exp.ColumnDef, sql_type: str) -> None:
    column.set("kind", exp.DataType.build(sql_type, dialect="dsql"))


def creates(tree: exp.Expression | None) -> str:
    """The table a CREATE TABLE creates (lookup key), else ""."""
    if isinstance(tree, exp.Create) and (tree.args.get("kind") or "").upper() == "TABLE":
        target = tree.this.this if isinstance(tree.this, exp.Schema) else tree.this
        return name_key(target)
    return ""


def table_of(tree: exp.Expression) -> exp.Table | None:
    if isinstance(tree, exp.Create):
        return tree.this.this if isinstance(tree.this, exp.Schema) else tree.this
    if isinstance(tree, exp.Alter):
        return tree.this
    return None


def add_table_item(create: exp.Create, item: exp.Expression) -> None:
    """Append a table constraint (CHECK, PRIMARY KEY, …) to a CREATE TABLE."""
    create.this.append("expressions", item)
