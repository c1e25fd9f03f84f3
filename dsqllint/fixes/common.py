"""Small tree helpers shared by fixes."""

from __future__ import annotations

from sqlglot import exp

from dsqllint.catalog import name_key
from dsqllint.rules.base import column_defs

__all__ = ["column_defs", "creates", "constraint_kinds", "remove_constraints", "set_type", "table_of", "add_table_item",
           "output_ready", "to_sql"]


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


def creating_table(rw, table: str):
    """The rewrite of this file's CREATE TABLE `table` (lookup key) while it is still to be written with a
    column list, else None: what a later ALTER TABLE of the same file may fold into."""
    owner = rw.state.get("creating", {}).get(table)
    tree = getattr(owner, "tree", None)
    if owner is None or owner.removed or not isinstance(tree, exp.Create) or not isinstance(tree.this, exp.Schema):
        return None
    return owner


def renames_table(tree: exp.Expression | None) -> tuple[str, str] | None:
    """(old, new) lookup keys of `ALTER TABLE old RENAME TO new`, else None."""
    if isinstance(tree, exp.Alter) and (tree.args.get("kind") or "").upper() == "TABLE":
        if any(isinstance(o, exp.ToTableProperty) for o in tree.args.get("options") or []):
            return None  # `RENAME c TO d` (COLUMN left out), which sqlglot reads as a table rename plus a TO
        for action in tree.args.get("actions") or []:
            if isinstance(action, exp.AlterRename) and isinstance(action.this, exp.Table):
                return name_key(tree.this), name_key(action.this)
    return None


def renames_column(tree: exp.Expression | None) -> tuple[str, str, str] | None:
    """(table, old, new) lookup keys of `ALTER TABLE t RENAME [COLUMN] old TO new`, else None."""
    if not (isinstance(tree, exp.Alter) and (tree.args.get("kind") or "").upper() == "TABLE"):
        return None
    actions = tree.args.get("actions") or []
    if len(actions) == 1 and isinstance(actions[0], exp.RenameColumn) and actions[0].args.get("to") is not None:
        return name_key(tree.this), name_key(actions[0].this), name_key(actions[0].args["to"])
    target = next((o.this for o in tree.args.get("options") or [] if isinstance(o, exp.ToTableProperty)), None)
    if len(actions) == 1 and isinstance(actions[0], exp.AlterRename) and target is not None:  # COLUMN left out
        return name_key(tree.this), name_key(actions[0].this), name_key(target)
    return None


def table_of(tree: exp.Expression) -> exp.Table | None:
    if isinstance(tree, exp.Create):
        return tree.this.this if isinstance(tree.this, exp.Schema) else tree.this
    if isinstance(tree, exp.Alter):
        return tree.this
    return None


def add_table_item(create: exp.Create, item: exp.Expression) -> None:
    """Append a table constraint (CHECK, PRIMARY KEY, …) to a CREATE TABLE."""
    create.this.append("expressions", item)


def output_ready(tree: exp.Expression) -> exp.Expression:
    """Rewrite, in place, the nodes sqlglot's generator writes in a form PostgreSQL rejects
    (`interval(6)` printed as `INTERVAL 6`, `CURRENT_TIME` as `CURRENT_TIME()`, MySQL's `NOW(6)`). Returns the tree
    (a new node when the root itself was replaced)."""
    for node in list(tree.find_all(exp.DataType, exp.CurrentTime, exp.Anonymous)):
        new = None
        if isinstance(node, exp.Anonymous):  # MySQL NOW(6): PostgreSQL's now() takes no precision
            if str(node.this).upper() == "NOW" and node.expressions:
                new = exp.CurrentTimestamp()
        elif isinstance(node, exp.DataType) and node.this == exp.DataType.Type.INTERVAL and node.expressions:
            precision = ", ".join(p.sql(dialect="dsql") for p in node.expressions)
            new = exp.DataType(this=exp.DataType.Type.USERDEFINED, kind=exp.Var(this=f"INTERVAL({precision})"))
        elif isinstance(node, exp.CurrentTime) and node.this is None:
            new = exp.Var(this="CURRENT_TIME")
        if new is not None:
            if node is tree:
                return new
            node.replace(new)
    return tree


def to_sql(node: exp.Expression, rw=None, pretty: bool = False) -> str:
    """A piece of a statement as a statement the converter adds writes it: DSQL syntax, names as the
    converted statement writes them (MySQL: unquoted where possible), no comments (they stay with
    the statement they were written in)."""
    from dsqllint.convert.identifiers import unquote_mysql_names

    from dsqllint.dialect import copy_tree

    copy = copy_tree(node)
    if rw is not None and rw.dialect == "mysql":
        unquote_mysql_names(copy)
    return output_ready(copy).sql(dialect="dsql", pretty=pretty, comments=False)
