"""Foreign keys: DSQL enforces them since 2026-08-26, with conditions."""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot import exp

from dsqllint.catalog import column_names, name_key
from dsqllint.findings import Severity
from dsqllint.rules.base import Rule, Violation


@dataclass
class ForeignKeyRef:
    node: exp.Expression  # the ForeignKey, or the inline Reference
    table: str  # the referencing table
    columns: tuple[str, ...]
    references: exp.Expression | None  # the referenced table
    anchor: object  # where to point: the FOREIGN / REFERENCES keyword token


def foreign_keys(stmt) -> list[ForeignKeyRef]:
    """Every foreign key a CREATE TABLE or ALTER TABLE declares."""
    tree = stmt.tree
    if isinstance(tree, exp.Create) and isinstance(tree.this, exp.Schema):
        table = tree.this.this
    elif isinstance(tree, exp.Alter):
        table = tree.this
    else:
        return []
    found = []
    for fk in tree.find_all(exp.ForeignKey):
        ref = fk.args.get("reference")
        start = stmt.node_start(fk)
        anchor = stmt.token_before(start + 1, {"FOREIGN"}) or fk
        found.append(ForeignKeyRef(fk, name_key(table), column_names(fk.expressions), _ref_table(ref), anchor))
    for ref in tree.find_all(exp.Reference):
        column = ref.find_ancestor(exp.ColumnDef)
        if column is None or ref.find_ancestor(exp.ForeignKey) is not None:
            continue
        anchor = stmt.token_after(stmt.node_end(column.this), words={"REFERENCES"}) or ref
        found.append(ForeignKeyRef(ref, name_key(table), (name_key(column.this),), _ref_table(ref), anchor))
    return found


def _ref_table(ref: exp.Expression | None) -> exp.Expression | None:
    if ref is None:
        return None
    target = ref.this
    return target.this if isinstance(target, exp.Schema) else target


class ForeignKeyUnsupported(Rule):
    """Foreign keys are rejected at targets before 2026-08-26.

    **What it does**: flags every foreign key (inline `REFERENCES`, table-level `FOREIGN KEY`,
    `ALTER TABLE ... ADD FOREIGN KEY`) when the target predates DSQL's foreign-key support.

    **Why it matters**: DSQL before 2026-08-26 failed with `FOREIGN KEY constraint not supported`;
    the 2025-12 guidance asks for referential integrity in the application.

    **Example**
    ```sql
    CREATE TABLE orders (id uuid PRIMARY KEY, customer_id uuid REFERENCES customers (id));
    ```

    **Use instead**
    ```sql
    CREATE TABLE orders (id uuid PRIMARY KEY, customer_id uuid);
    ```
    and check the reference in the application, or target a newer DSQL.
    """

    code = "DSQL301"
    name = "foreign-key-unsupported"
    obsolete_with = "foreign_keys"


    def check(self, stmt, ctx):
        for fk in foreign_keys(stmt):
            yield Violation(
                fk.anchor,
                f"foreign key on {fk.table}({', '.join(fk.columns)}): {ctx.target.label} has no foreign keys "
                "(`FOREIGN KEY constraint not supported`)",
                "drop the constraint and enforce the reference in the application, or target 2026-08-26 or later",
            )


class ForeignKeyNotValid(Rule):
    """A foreign key added to an existing table must be `NOT VALID`.

    **What it does**: flags `ALTER TABLE ... ADD [CONSTRAINT ...] FOREIGN KEY` without `NOT VALID`.

    **Why it matters**: DSQL cannot validate existing rows while adding the constraint and fails
    with `0A000 unsupported ALTER TABLE ADD CONSTRAINT statement`. With `NOT VALID` the key is
    enforced for new and updated rows.

    **Example**
    ```sql
    ALTER TABLE orders ADD CONSTRAINT orders_customer_fk
        FOREIGN KEY (customer_id) REFERENCES customers (id);
    ```

    **Use instead**
    ```sql
    ALTER TABLE orders ADD CONSTRAINT orders_customer_fk
        FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
    ```

    **Fix**: appends `NOT VALID`; existing rows are then not checked (same as DSQL can offer).
    """

    code = "DSQL302"
    name = "foreign-key-not-valid"
    requires = "foreign_keys"


    def check(self, stmt, ctx):
        if not isinstance(stmt.tree, exp.Alter) or stmt.tree.args.get("not_valid"):
            return
        for fk in foreign_keys(stmt):
            yield Violation(
                fk.anchor,
                f"foreign key added to existing table {fk.table} without NOT VALID; DSQL rejects it "
                "(`unsupported ALTER TABLE ADD CONSTRAINT statement`)",
                "append NOT VALID: the key is then enforced for new and changed rows",
            )


class ForeignKeyForwardReference(Rule):
    """A foreign key must not reference a table the file creates only later.

    **What it does**: flags a foreign key whose referenced table is created by a later statement of
    the same file.

    **Why it matters**: DSQL checks that the referenced table exists when the constraint is created
    (`42P01 relation ... does not exist`), and each DDL runs in its own transaction, so the order of
    statements matters.

    **Example**
    ```sql
    CREATE TABLE orders (id uuid PRIMARY KEY, customer_id uuid REFERENCES customers (id));
    CREATE TABLE customers (id uuid PRIMARY KEY);
    ```

    **Use instead**: create `customers` first, or add the key afterwards with
    `ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID`.
    """

    code = "DSQL303"
    name = "foreign-key-forward-reference"
    requires = "foreign_keys"

    def check(self, stmt, ctx):
        for fk in foreign_keys(stmt):
            target = ctx.catalog.table(fk.references)
            if target is not None and target.declared_at > stmt.index and target.name != fk.table:
                later = ctx.statements[target.declared_at]
                line, _ = ctx.source.lines.position(later.start)
                yield Violation(
                    fk.anchor,
                    f"foreign key references {target.name}, which this file creates later (line {line}); "
                    "DSQL needs the referenced table to exist first",
                    f"create {target.name} before {fk.table}, or add this key afterwards with "
                    "ALTER TABLE ... ADD FOREIGN KEY ... NOT VALID",
                )


class ForeignKeyUnindexed(Rule):
    """A foreign key's columns should be indexed.

    **What it does**: flags a foreign key whose columns are not the leading columns of any primary
    key, unique key or index the file declares on the referencing table.

    **Why it matters**: DSQL creates no index for a foreign key (MySQL does, implicitly). Without one,
    every delete or key update on the referenced table scans the referencing table to enforce the
    constraint, and joins along the key are slow.

    **Example**
    ```sql
    CREATE TABLE orders (id uuid PRIMARY KEY, customer_id uuid REFERENCES customers (id));
    ```

    **Use instead**
    ```sql
    CREATE TABLE orders (id uuid PRIMARY KEY, customer_id uuid REFERENCES customers (id));
    CREATE INDEX ASYNC orders_customer_id_idx ON orders (customer_id);
    ```
    """

    code = "DSQL304"
    name = "foreign-key-unindexed"
    severity = Severity.WARNING
    requires = "foreign_keys"

    def check(self, stmt, ctx):
        for fk in foreign_keys(stmt):
            known = ctx.catalog.tables.get(fk.table) is not None  # another file's table: cannot tell
            if known and fk.columns and not ctx.catalog.has_key_on(fk.table, fk.columns):
                cols = ", ".join(fk.columns)
                yield Violation(
                    fk.anchor,
                    f"foreign key {fk.table}({cols}) has no index on its columns; DSQL does not create one, "
                    "so deletes on the referenced table scan this one",
                    f"add CREATE INDEX ASYNC ON {fk.table} ({cols})",
                )
