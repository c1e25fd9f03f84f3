"""Foreign keys as movable parts: find them in a CREATE TABLE, take them out, re-add them later."""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot import exp

from dsqllint.catalog import name_key


@dataclass
class ForeignKeyPart:
    node: exp.Expression  # the table-level Constraint/ForeignKey, or the inline ColumnConstraint
    columns: list[str]
    reference: exp.Reference
    name: str  # constraint name, "" when unnamed

    @property
    def referenced_table(self) -> str:
        target = self.reference.this
        return name_key(target.this if isinstance(target, exp.Schema) else target)

    def describe(self, table: str) -> str:
        target = self.reference.this
        ref_cols = ", ".join(e.sql(dialect="dsql") for e in target.expressions) if isinstance(target, exp.Schema) else ""
        ref_name = (target.this if isinstance(target, exp.Schema) else target).sql(dialect="dsql")
        return f"{table}({', '.join(self.columns)}) -> {ref_name}({ref_cols})"

    def add_statement(self, table_sql: str) -> str:
        """The ALTER TABLE that adds this key to an existing table, as DSQL requires: NOT VALID."""
        constraint = f"CONSTRAINT {self.name} " if self.name else ""
        cols = ", ".join(self.columns)
        return f"ALTER TABLE {table_sql} ADD {constraint}FOREIGN KEY ({cols}) {self.reference.sql(dialect='dsql')} NOT VALID"


def foreign_key_parts(create: exp.Create) -> list[ForeignKeyPart]:
    schema = create.this
    if not isinstance(schema, exp.Schema):
        return []
    parts = []
    for item in schema.expressions:
        if isinstance(item, exp.ColumnDef):
            for constraint in item.constraints:
                if isinstance(constraint.args.get("kind"), exp.Reference):
                    name = constraint.name if constraint.this else ""
                    parts.append(ForeignKeyPart(constraint, [item.this.sql(dialect="dsql")], constraint.args["kind"], name))
        else:
            fk = item.expressions[0] if isinstance(item, exp.Constraint) and item.expressions else item
            if isinstance(fk, exp.ForeignKey) and fk.args.get("reference") is not None:
                name = item.this.sql(dialect="dsql") if isinstance(item, exp.Constraint) and item.this else ""
                cols = [c.sql(dialect="dsql") for c in fk.expressions]
                parts.append(ForeignKeyPart(item, cols, fk.args["reference"], name))
    return parts


def table_sql(create: exp.Create) -> str:
    schema = create.this
    return (schema.this if isinstance(schema, exp.Schema) else schema).sql(dialect="dsql")
