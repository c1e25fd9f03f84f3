"""Constraints: foreign keys NOT VALID or stripped, and the keys pg_dump adds with ALTER TABLE folded
back into their CREATE TABLE (DSQL creates primary keys and UNIQUE constraints only with the table)."""

from __future__ import annotations

from sqlglot import exp

from dsqllint.catalog import name_key
from dsqllint.fixes import fix
from dsqllint.fixes.common import column_defs, creates, creating_table, table_of, to_sql
from dsqllint.fixes.foreign_keys import foreign_key_parts, table_sql


def strip_foreign_keys(rw, code: str, why: str) -> None:
    """Remove every foreign key of the statement; each removed relationship is written as a comment."""
    tree = rw.tree
    if isinstance(tree, exp.Create) and creates(tree):
        for part in foreign_key_parts(tree, rw):
            part.node.pop()
            rw.after.append(f"-- foreign key removed ({why}): {part.describe(table_sql(tree, rw))}")
            rw.change(code, f"foreign key {part.describe(name_key(table_of(tree)))} removed",
                      "referential integrity must be enforced by the application")
    elif isinstance(tree, exp.Alter):
        # only the foreign keys go: `ADD CONSTRAINT … FOREIGN KEY`, and REFERENCES of an added column
        # (an ALTER TABLE with nothing left is then dropped by the converter)
        table = to_sql(tree.this, rw)
        for action in list(tree.args.get("actions") or []):
            if isinstance(action, exp.AddConstraint) and action.find(exp.ForeignKey) is not None:
                rw.after.append(f"-- foreign key removed ({why}): {table} {to_sql(action, rw)}")
                action.pop()
                rw.change(code, f"foreign key of {name_key(tree.this)} removed",
                          "referential integrity must be enforced by the application")
        for column in column_defs(tree):
            for constraint in list(column.constraints):
                if isinstance(constraint.args.get("kind"), exp.Reference):
                    rw.after.append(f"-- foreign key removed ({why}): {table}({to_sql(column.this, rw)}) "
                                    f"{to_sql(constraint.args['kind'], rw)}")
                    constraint.pop()
                    rw.change(code, f"foreign key of {name_key(tree.this)}.{column.name} removed",
                              "referential integrity must be enforced by the application")


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


def _key_columns(constraint: exp.Expression) -> list[exp.Expression]:
    """The columns a PRIMARY KEY / UNIQUE constraint lists."""
    for node in constraint.find_all(exp.PrimaryKey, exp.UniqueColumnConstraint):
        items = node.expressions if isinstance(node, exp.PrimaryKey) else (
            node.this.expressions if isinstance(node.this, exp.Schema) else [])
        return [i.this if isinstance(i, exp.Ordered) else i for i in items]
    return []


def _columns_of(constraint: exp.Expression) -> set[str]:
    return {name_key(c) for c in constraint.find_all(exp.Column)} | {name_key(c) for c in _key_columns(constraint)}


def _fold(rw, code: str, what: str) -> bool:
    """Move `ALTER TABLE t ADD CONSTRAINT … PRIMARY KEY|UNIQUE|CHECK` into t's CREATE TABLE, when this
    file creates t with every column the constraint names (not one an ALTER TABLE adds later).
    Returns False, changing nothing, when it cannot."""
    tree = rw.tree
    if not isinstance(tree, exp.Alter):
        return False
    owner = creating_table(rw, name_key(tree.this))
    actions = tree.args.get("actions") or []
    constraints = [c for a in actions if isinstance(a, exp.AddConstraint) for c in a.expressions]
    if owner is None:
        return False
    if not actions or len(actions) != len([a for a in actions if isinstance(a, exp.AddConstraint)]):
        return False
    created = {name_key(c.this) for c in owner.tree.this.expressions if isinstance(c, exp.ColumnDef)}
    if not all(_columns_of(c) <= created for c in constraints):
        return False
    for constraint in constraints:
        owner.tree.this.append("expressions", constraint.copy())
    rw.fold_into(owner, code, f"{what} moved into CREATE TABLE {to_sql(owner.tree.this.this, owner)}")
    return True


@fix("DSQL309")
def add_primary_key(rw) -> None:
    if not _fold(rw, "DSQL309", "PRIMARY KEY"):
        rw.remove("DSQL309", "PRIMARY KEY added to an existing table",
                  "DSQL creates a primary key only with its table: rebuild the table with it in CREATE TABLE")


@fix("DSQL308")
def add_unique(rw) -> None:
    """Folded into CREATE TABLE, else a unique index, which enforces the same."""
    if _fold(rw, "DSQL308", "UNIQUE constraint"):
        return
    tree = rw.tree
    actions = tree.args.get("actions") or [] if isinstance(tree, exp.Alter) else []
    uniques = [c for a in actions if isinstance(a, exp.AddConstraint) for c in a.expressions
               if c.find(exp.UniqueColumnConstraint) is not None]
    if len(actions) != 1 or len(uniques) != 1 or not _key_columns(uniques[0]):
        rw.remove("DSQL308", "UNIQUE constraint added to an existing table",
                  "create a unique index instead: CREATE UNIQUE INDEX ASYNC … ON table (columns)")
        return
    unique, table = uniques[0], tree.this
    columns = [to_sql(c, rw) for c in _key_columns(unique)]
    if isinstance(unique, exp.Constraint) and unique.this is not None:
        name = to_sql(unique.this, rw)
    else:
        name = "_".join([table.name, *[name_key(c) for c in _key_columns(unique)], "key"])[:63]
        name = to_sql(exp.to_identifier(name), rw)
    nulls = " NULLS NOT DISTINCT" if unique.find(exp.UniqueColumnConstraint).args.get("nulls") else ""
    rw.after.append(f"CREATE UNIQUE INDEX ASYNC {name} ON {to_sql(table, rw)} ({', '.join(columns)}){nulls}")
    rw.replaced = True
    rw.change("DSQL308", f"ADD UNIQUE → CREATE UNIQUE INDEX ASYNC {name}",
              "uniqueness is enforced once the index build finishes")


def add_check_after(rw, table: str, check: str, code: str, name: str = "", at: tuple[int, int] | None = None) -> None:
    """A CHECK on an existing table: `ALTER TABLE … ADD CHECK … NOT VALID` where the target takes it;
    before that DSQL cannot add one, and the change says the rule is not enforced."""
    named = f"CONSTRAINT {name} " if name else ""
    if rw.target.supports("add_constraint_not_valid"):
        rw.after.append(f"ALTER TABLE {table} ADD {named}CHECK ({check}) NOT VALID")
    else:
        rw.change(code, f"CHECK ({check}) not added: {rw.target.label} cannot add a constraint to an existing table",
                  "the rule is not enforced: check it in the application", at)
        if name:
            rw.state.setdefault("gone_constraints", set()).add(name.strip('"').lower())


@fix("DSQL306")
def add_check(rw) -> None:
    if _fold(rw, "DSQL306", "CHECK constraint"):
        return
    if isinstance(rw.tree, exp.Alter):
        rw.tree.set("not_valid", True)
        rw.change("DSQL306", "CHECK added NOT VALID", "rows that exist already are not checked")


@fix("DSQL307")
def not_valid_unsupported(rw) -> None:
    """`ADD CONSTRAINT … NOT VALID` before DSQL took it: a CHECK moves into its CREATE TABLE when the
    file creates the table; foreign keys are DSQL301's."""
    tree = rw.tree
    if not isinstance(tree, exp.Alter) or tree.find(exp.ForeignKey, exp.Reference) is not None:
        if not rw.finding("DSQL301"):
            rw.remove("DSQL307", "constraint added to an existing table",
                      f"{rw.target.label} cannot add constraints to an existing table: enforce it in the application")
        return
    if not _fold(rw, "DSQL307", "CHECK constraint"):
        rw.remove("DSQL307", "CHECK constraint added to an existing table",
                  f"{rw.target.label} cannot add constraints to an existing table: check it in the application, "
                  "or rebuild the table with the constraint in CREATE TABLE")


@fix("DSQL305")
def exclusion(rw) -> None:
    for node in list(rw.tree.find_all(exp.ExcludeColumnConstraint)) if rw.tree is not None else []:
        (node.parent if isinstance(node.parent, exp.Constraint) else node).pop()
        rw.change("DSQL305", "EXCLUDE constraint removed", "overlaps must now be prevented by the application")


@fix("DSQL310")
def validate_async(rw) -> None:
    rw.tree.set("async_", True)
    rw.change("DSQL310", "VALIDATE CONSTRAINT → ALTER TABLE ASYNC … VALIDATE CONSTRAINT")
