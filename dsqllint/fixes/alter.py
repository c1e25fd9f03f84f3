"""ALTER TABLE ADD COLUMN with constraints: DSQL takes only a name and a type, so the rest is split
into the statements DSQL does accept, in the order that keeps the column usable."""

from __future__ import annotations

from sqlglot import exp

from dsqllint.catalog import name_key
from dsqllint.fixes import fix
from dsqllint.fixes.common import creating_table, to_sql
from dsqllint.fixes.constraints import add_check_after


@fix("DSQL501")
def add_column_constraints(rw) -> None:
    """`ADD COLUMN c T DEFAULT d NOT NULL CHECK (…) REFERENCES p UNIQUE` becomes
    `ADD COLUMN c T`, `ALTER COLUMN c SET DEFAULT d`, a commented backfill, `ADD CHECK … NOT VALID`,
    `ADD FOREIGN KEY … NOT VALID` and `CREATE UNIQUE INDEX ASYNC`. NOT NULL, identity and generated
    columns cannot be added to an existing DSQL table: when the file creates the table, the column goes
    into its CREATE TABLE instead (`_fold_into_create`); otherwise reported as needing a rebuild."""
    tree = rw.tree
    if not isinstance(tree, exp.Alter):
        return
    table = to_sql(tree.this, rw)
    if _fold_into_create(rw, tree):
        return
    for column in [a for a in tree.args.get("actions") or [] if isinstance(a, exp.ColumnDef)]:
        name = to_sql(column.this, rw)
        at = rw.position(column.this)
        for constraint in list(column.constraints):
            kind = constraint.args.get("kind")
            constraint_name = to_sql(constraint.this, rw) if constraint.this else ""
            named = f"CONSTRAINT {constraint_name} " if constraint_name else ""
            if isinstance(kind, exp.DefaultColumnConstraint):
                value = to_sql(kind.this, rw)
                rw.after.append(f"ALTER TABLE {table} ALTER COLUMN {name} SET DEFAULT {value}")
                rw.after.append(f"-- backfill existing rows in batches of at most 3,000 (one transaction each):\n"
                                f"-- UPDATE {table} SET {name} = {value} WHERE {name} IS NULL AND <batch of keys>;")
                rw.change("DSQL501", f"{name}: DEFAULT {value} set with ALTER COLUMN … SET DEFAULT after ADD COLUMN",
                          "existing rows get NULL, not the default: run the commented backfill", at)
            elif isinstance(kind, exp.NotNullColumnConstraint) and not kind.args.get("allow_null"):
                rw.change("DSQL501", f"{name}: NOT NULL dropped (DSQL cannot add it to an existing column)",
                          "the column accepts NULL: rebuild the table to make it NOT NULL, or check in the application",
                          at)
            elif isinstance(kind, exp.NotNullColumnConstraint):
                pass  # an explicit NULL: nothing to add
            elif isinstance(kind, exp.CheckColumnConstraint):
                check = to_sql(kind.this, rw)
                if rw.target.supports("add_constraint_not_valid"):
                    rw.change("DSQL501", f"{name}: CHECK added afterwards as NOT VALID",
                              "rows that exist already are not checked", at)
                add_check_after(rw, table, check, "DSQL501", constraint_name, at)
            elif isinstance(kind, exp.Reference):
                rw.after.append(f"ALTER TABLE {table} ADD {named}FOREIGN KEY ({name}) {to_sql(kind, rw)} NOT VALID")
                rw.change("DSQL501", f"{name}: foreign key added afterwards as NOT VALID",
                          "rows that exist already are not checked", at)
            elif isinstance(kind, exp.CommentColumnConstraint):  # MySQL's column COMMENT
                from dsqllint.fixes.mysql import comment_after

                comment_after(rw, tree.this, column, constraint)
                continue
            elif isinstance(kind, exp.UniqueColumnConstraint):
                index = constraint_name or exp.to_identifier(f"{tree.this.name}_{column.name}_key"[:63]).sql("postgres")
                rw.after.append(f"CREATE UNIQUE INDEX ASYNC {index} ON {table} ({name})")
                rw.change("DSQL501", f"{name}: UNIQUE → CREATE UNIQUE INDEX ASYNC {index}",
                          "uniqueness is enforced once the index build finishes", at)
            else:
                what = to_sql(kind, rw) if kind is not None else "constraint"
                rw.remove("DSQL501", f"ADD COLUMN {name} with {what}, which DSQL cannot add to an existing table",
                          "rebuild the table with the column in CREATE TABLE (see the table recreation pattern)")
                return
            constraint.pop()
        rw.dirty = True


_SPLITTABLE = (exp.DefaultColumnConstraint, exp.NotNullColumnConstraint, exp.CheckColumnConstraint, exp.Reference,
               exp.CommentColumnConstraint, exp.UniqueColumnConstraint)


def _fold_into_create(rw, tree: exp.Alter) -> bool:
    """`ALTER TABLE t ADD COLUMN c …` whose column DSQL cannot add to an existing table (generated, identity,
    PRIMARY KEY, …) when this file creates t: c goes into t's CREATE TABLE, with everything it declares, and
    the ALTER goes. Only a lone ADD COLUMN whose expressions name columns CREATE TABLE has."""
    actions = tree.args.get("actions") or []
    if len(actions) != 1 or not isinstance(actions[0], exp.ColumnDef):
        return False
    column = actions[0]
    if all(isinstance(c.args.get("kind"), _SPLITTABLE) for c in column.constraints):
        return False  # split into statements DSQL takes, as the caller does
    owner = creating_table(rw, name_key(tree.this))
    if owner is None:
        return False
    create = owner.tree
    created = {name_key(c.this) for c in create.this.expressions if isinstance(c, exp.ColumnDef)}
    if name_key(column.this) in created or not {name_key(c) for c in column.find_all(exp.Column)} <= created:
        return False
    moved = column.copy()
    create.this.append("expressions", moved)
    for constraint in [c for c in moved.constraints if isinstance(c.args.get("kind"), exp.CommentColumnConstraint)]:
        from dsqllint.fixes.mysql import comment_after

        comment_after(owner, create.this.this, moved, constraint)
    position = moved.args.get("position")
    moved.set("position", None)  # MySQL's FIRST / AFTER c: CREATE TABLE lists it last
    summary = (f"ADD COLUMN {to_sql(column.this, rw)} moved into CREATE TABLE {to_sql(create.this.this, owner)} "
               "(DSQL cannot add such a column to an existing table)")
    if position is None:
        rw.fold_into(owner, "DSQL501", summary)
    else:
        rw.fold_into(owner, "DSQL501", f"{summary}; {position.sql(dialect='mysql')} not kept: the column comes last",
                     "the column comes last in SELECT * and in INSERTs without a column list")
    return True
