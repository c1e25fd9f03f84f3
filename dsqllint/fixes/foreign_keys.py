"""Foreign keys as movable parts: find them in a CREATE TABLE, take them out, re-add them later."""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot import exp

from dsqllint.catalog import name_key
from dsqllint.fixes.common import to_sql


@dataclass
class ForeignKeyPart:
    node: exp.Expression  # the table-level Constraint/ForeignKey, or the inline ColumnConstraint
    columns: list[str]
    reference: exp.Reference
    name: str  # constraint name, "" when unnamed
    rw: object = None  # the statement's Rewrite: how its names are written

    @property
    def referenced_table(self) -> str:
        target = self.reference.this
        return name_key(target.this if isinstance(target, exp.Schema) else target)

    def describe(self, table: str) -> str:
        target = self.reference.this
        ref_cols = ", ".join(to_sql(e, self.rw) for e in target.expressions) if isinstance(target, exp.Schema) else ""
        ref_name = to_sql(target.this if isinstance(target, exp.Schema) else target, self.rw)
        return f"{table}({', '.join(self.columns)}) -> {ref_name}({ref_cols})"

    def add_statement(self, table_sql: str) -> str:
        """The ALTER TABLE that adds this key to an existing table, as DSQL requires: NOT VALID."""
        constraint = f"CONSTRAINT {self.name} " if self.name else ""
        cols = ", ".join(self.columns)
        return f"ALTER TABLE {table_sql} ADD {constraint}FOREIGN KEY ({cols}) {to_sql(self.reference, self.rw)} NOT VALID"


def foreign_key_parts(create: exp.Create, rw=None) -> list[ForeignKeyPart]:
    schema = create.this
    if not isinstance(schema, exp.Schema):
        return []
    parts = []
    for item in schema.expressions:
        if isinstance(item, exp.ColumnDef):
            for constraint in item.constraints:
                if isinstance(constraint.args.get("kind"), exp.Reference):
                    name = to_sql(constraint.this, rw) if constraint.this else ""
                    parts.append(ForeignKeyPart(constraint, [to_sql(item.this, rw)], constraint.args["kind"], name, rw))
        else:
            fk = item.expressions[0] if isinstance(item, exp.Constraint) and item.expressions else item
            if isinstance(fk, exp.ForeignKey) and fk.args.get("reference") is not None:
                name = to_sql(item.this, rw) if isinstance(item, exp.Constraint) and item.this else ""
                cols = [to_sql(c, rw) for c in fk.expressions]
                parts.append(ForeignKeyPart(item, cols, fk.args["reference"], name, rw))
    return parts


def table_sql(create: exp.Create, rw=None) -> str:
    schema = create.this
    return to_sql(schema.this if isinstance(schema, exp.Schema) else schema, rw)
