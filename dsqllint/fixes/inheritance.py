"""Table inheritance and partitions, which DSQL lacks, as plain tables.

* `CREATE TABLE child (…) INHERITS (parent)` → a plain table with the parent's columns copied in
  (types as converted, NOT NULL, DEFAULT and column CHECKs; not keys, which PostgreSQL does not
  inherit either). The child's own columns win over a parent's of the same name.
* `CREATE TABLE p (…) PARTITION BY …` → one table holding every row.
* `CREATE TABLE child PARTITION OF parent FOR VALUES …` → a plain table with the parent's columns.
* `ALTER TABLE parent ATTACH PARTITION child …` (pg_dump's form) → removed; `child`, created as a
  plain table, stays one.
Each is reported as a behaviour change: a query on the parent no longer sees the child's rows, and
a row written to the parent stays in the parent."""

from __future__ import annotations

from sqlglot import exp

from dsqllint.catalog import name_key
from dsqllint.fixes import fix
from dsqllint.fixes.common import creates, to_sql

_NOT_INHERITED = (exp.PrimaryKeyColumnConstraint, exp.UniqueColumnConstraint, exp.Reference)


def _parent_columns(rw, parent: exp.Table) -> list[exp.ColumnDef] | None:
    """The parent's columns as converted (None when the file does not create the parent)."""
    parent_rw = rw.state.get("creating", {}).get(name_key(parent))
    tree = getattr(parent_rw, "tree", None)
    if parent_rw is None or parent_rw.removed or not isinstance(tree, exp.Create) or not isinstance(tree.this, exp.Schema):
        return None
    columns = []
    for column in tree.this.expressions:
        if isinstance(column, exp.ColumnDef):
            copy = column.copy()
            for constraint in list(copy.constraints):
                if isinstance(constraint.args.get("kind"), _NOT_INHERITED):
                    constraint.pop()
            columns.append(copy)
    return columns


def copy_parent_columns(rw, parent: exp.Table) -> list[str] | None:
    """Put the parent's columns first in the child's CREATE TABLE; returns their names (None when
    the parent is unknown)."""
    columns = _parent_columns(rw, parent)
    if columns is None:
        return None
    tree = rw.tree
    if not isinstance(tree.this, exp.Schema):
        tree.set("this", exp.Schema(this=tree.this, expressions=[]))
    schema = tree.this
    own = {name_key(c.this) for c in schema.expressions if isinstance(c, exp.ColumnDef)}
    copied = [c for c in columns if name_key(c.this) not in own]
    schema.set("expressions", copied + list(schema.expressions))
    return [c.name for c in copied]


def _pop(tree: exp.Expression, kind) -> list[exp.Expression]:
    props = tree.args.get("properties")
    found = [p for p in (props.expressions if props else []) if isinstance(p, kind)]
    for p in found:
        p.pop()
    if props is not None and not props.expressions:
        tree.set("properties", None)
    return found


@fix("DSQL604")
def inheritance(rw) -> None:
    tree = rw.tree
    if not creates(tree):
        rw.remove("DSQL604", "table inheritance", "model it with separate tables")
        return
    child = to_sql(tree.this.this if isinstance(tree.this, exp.Schema) else tree.this, rw)
    for prop in _pop(tree, exp.InheritsProperty):
        for parent in prop.expressions:
            name = to_sql(parent, rw)
            copied = copy_parent_columns(rw, parent)
            if copied is None:
                rw.change("DSQL604", f"INHERITS ({name}) removed",
                          f"{name} is not created in this file, so its columns are NOT copied into {child}: add them")
                continue
            rw.change("DSQL604", f"INHERITS ({name}) removed: {child} is a plain table with {name}'s columns "
                      f"({', '.join(copied) or 'none missing'}) copied in",
                      f"queries on {name} no longer see the rows of {child}; query {child} itself (or a UNION ALL view)")


@fix("DSQL603")
def partitioned(rw) -> None:
    tree = rw.tree
    if creates(tree):
        if _pop(tree, exp.PartitionedByProperty):
            rw.change("DSQL603", "PARTITION BY removed: one table holds every row",
                      "no partition pruning or per-partition maintenance")
        for prop in _pop(tree, exp.PartitionedOfProperty):
            parent = prop.this
            name = to_sql(parent, rw)
            child = to_sql(tree.this.this if isinstance(tree.this, exp.Schema) else tree.this, rw)
            if copy_parent_columns(rw, parent) is None:
                rw.remove("DSQL603", f"partition of {name}, which this file does not create",
                          f"store these rows in {name} itself")
                return
            rw.change("DSQL603", f"PARTITION OF {name} removed: {child} is a plain table with {name}'s columns",
                      f"rows written to {name} stay in {name}, which no longer sees the rows of {child}; "
                      f"load them into {name}, or drop {child}")
        return
    words = rw.stmt.words
    if "ATTACH" in words and words[words.index("ATTACH") + 1:words.index("ATTACH") + 2] == ["PARTITION"]:
        at = words.index("ATTACH") + 2
        child = rw.stmt.tokens[at].text if at < len(words) else "the partition"
        while at + 2 < len(words) and words[at + 1] == ".":
            at += 2
            child = rw.stmt.tokens[at].text
        parent = to_sql(tree.this, rw) if isinstance(tree, exp.Alter) else "its parent"
        rw.remove("DSQL603", f"ATTACH PARTITION {child}: DSQL has no partitions",
                  f"{child} stays a separate table: rows written to {parent} stay in {parent}, which no longer sees "
                  f"the rows of {child}; load them into {parent} (or drop {child})")
        return
    rw.remove("DSQL603", "partition maintenance (DSQL has no partitions)")
