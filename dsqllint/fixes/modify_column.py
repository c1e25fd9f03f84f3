"""MySQL `MODIFY [COLUMN]` and `CHANGE [COLUMN]` as what DSQL can do in place, plus a rebuild plan.

The new definition is compared with the column's current one (the table's converted CREATE TABLE
in this file; else the catalog). What DSQL alters in place becomes its statement: a new name
`RENAME COLUMN`, a new or dropped default `ALTER COLUMN … SET DEFAULT` / `DROP DEFAULT`, a column no
longer NOT NULL `ALTER COLUMN … DROP NOT NULL`. What it cannot (a new type, NOT NULL added,
AUTO_INCREMENT added; DSQL: `unsupported ALTER TABLE ALTER COLUMN ... SET DATA TYPE / SET NOT NULL
statement`) is written as a commented table-rebuild plan and reported as not converted. When the
current definition is unknown, only the rename and the default are applied and the report says so."""

from __future__ import annotations

from sqlglot import exp

from dsqllint.catalog import name_key
from dsqllint.fixes import fix
from dsqllint.fixes.common import creating_table, to_sql


def _current(rw, table: str, column: str) -> tuple[exp.ColumnDef | None, exp.Create | None, bool]:
    """(the column's definition, the table's CREATE TABLE, whether that definition is converted)."""
    creating = creating_table(rw, table)
    if creating is not None:
        tree = creating.tree
        for item in tree.this.expressions:
            if isinstance(item, exp.ColumnDef) and name_key(item.this) == name_key(column):
                return item, tree, True
    info = rw.file.catalog.tables.get(table)
    before = info.columns.get(name_key(column)) if info else None
    return before, None, False


def _kinds(column: exp.ColumnDef, kind) -> list:
    return [c.args["kind"] for c in column.constraints if isinstance(c.args.get("kind"), kind)]


def _not_null(column: exp.ColumnDef) -> bool:
    return any(not k.args.get("allow_null") for k in _kinds(column, exp.NotNullColumnConstraint)) or bool(
        _kinds(column, exp.PrimaryKeyColumnConstraint))


def _default(column: exp.ColumnDef) -> str | None:
    found = [k for k in _kinds(column, exp.DefaultColumnConstraint) if k.this is not None]
    return found[0].this.sql(dialect="dsql") if found else None


def _identity(column: exp.ColumnDef) -> bool:
    return bool(_kinds(column, exp.AutoIncrementColumnConstraint) or _kinds(column, exp.GeneratedAsIdentityColumnConstraint))


def _dsql_type(rw, column: exp.ColumnDef) -> str:
    from dsqllint.fixes.common import table_of
    from dsqllint.fixes.types import _is_numeric, map_mysql

    copy = column.copy()
    mapping = (map_mysql(copy, rw.target, _identity(copy), _is_numeric(rw, table_of(rw.tree), copy.this))
               if rw.dialect == "mysql" else None)
    if mapping is not None:
        return exp.DataType.build(mapping.sql_type, dialect="dsql").sql(dialect="dsql")
    kind = copy.args.get("kind")
    return kind.sql(dialect="dsql") if isinstance(kind, exp.DataType) else ""


@fix("DSQL507")
def modify_column(rw) -> None:
    tree = rw.tree
    actions = tree.args.get("actions") or [] if isinstance(tree, exp.Alter) else []
    modifies = [a for a in actions if isinstance(a, exp.ModifyColumn)]
    if len(actions) != 1 or len(modifies) != 1 or not isinstance(modifies[0].this, exp.ColumnDef):
        rw.remove("DSQL507", "MODIFY/CHANGE COLUMN dsqllint could not read",
                  "rebuild the table with the new definition (see the table recreation pattern)")
        return
    action = modifies[0]
    new = action.this
    old_name = action.args.get("rename_from") or new.this
    table_sql, table = to_sql(tree.this, rw), name_key(tree.this)
    col = to_sql(new.this, rw)
    before, create, converted = _current(rw, table, old_name.name)
    verb = "CHANGE" if action.args.get("rename_from") is not None else "MODIFY"
    declared = new.copy()
    if create is not None and name_key(old_name) == name_key(new.this) and _fold(rw, create, new):
        # a later SET DEFAULT is written for this definition (fixes/types._map_alter_defaults)
        rw.state.setdefault("declared_columns", {})[(table, name_key(new.this))] = declared
        rw.remove("DSQL507", f"{verb} COLUMN {col} folded into CREATE TABLE {table_sql}, which this file creates: "
                             "the table is created with the new definition")
        return
    steps: list[str] = []
    if name_key(old_name) != name_key(new.this):
        steps.append(f"ALTER TABLE {table_sql} RENAME COLUMN {to_sql(old_name, rw)} TO {col}")
    new_default = _default(new)
    default_node = next((k.this for k in _kinds(new, exp.DefaultColumnConstraint) if k.this is not None), None)
    old_default = _default(before) if before is not None else None
    if new_default is not None and new_default != old_default and not _identity(new):
        steps.append(f"ALTER TABLE {table_sql} ALTER COLUMN {col} SET DEFAULT {to_sql(default_node, rw)}")
    elif new_default is None and old_default is not None and before is not None and not _identity(before):
        steps.append(f"ALTER TABLE {table_sql} ALTER COLUMN {col} DROP DEFAULT")
    rebuild: list[str] = []
    if before is None:
        rebuild.append("the column's current definition is not in this file, so a type or NOT NULL change cannot be "
                       "ruled out")
    else:
        old_kind = before.args.get("kind")
        old_type = old_kind.sql(dialect="dsql") if converted and isinstance(old_kind, exp.DataType) else _dsql_type(rw, before)
        new_type = _dsql_type(rw, new)
        if old_type.upper() != new_type.upper():
            rebuild.append(f"type {old_type.lower()} → {new_type.lower()}")
        if _not_null(new) and not _not_null(before):
            rebuild.append("NOT NULL added")
        elif _not_null(before) and not _not_null(new) and not _kinds(before, exp.PrimaryKeyColumnConstraint):
            steps.append(f"ALTER TABLE {table_sql} ALTER COLUMN {col} DROP NOT NULL")
        if _identity(new) and not _identity(before):
            rebuild.append("AUTO_INCREMENT added")
    if not steps and not rebuild:
        rw.remove("DSQL507", f"{verb} COLUMN {col}: the definition does not change")
        return
    if any(r.startswith("type ") for r in rebuild):
        # the rebuild plan gives the column its new type and default; the old type may not take the new default
        steps = [s for s in steps if " SET DEFAULT " not in s and not s.endswith(" DROP DEFAULT")]
        rw.state.setdefault("rebuild_pending", {})[(table, name_key(new.this))] = (rw.stmt.index, new_type.lower())
    if steps:
        rw.replaced = True
        rw.after.extend(steps)
        rw.change("DSQL507", f"{verb} COLUMN {col} → {'; '.join(s.split(' ', 3)[3] for s in steps)}")
    if rebuild:
        plan = _rebuild_plan(rw, table_sql, create, old_name, new, rebuild)
        rw.after.append(plan)
        line, column = rw._first()
        from dsqllint.convert.model import Change

        rw.changes.append(Change(line=line, column=column, code="DSQL507",
                                 summary=f"{verb} COLUMN {col}: {', '.join(rebuild)}: DSQL cannot do this in place; "
                                         "a table-rebuild plan is written as comments",
                                 behaviour=f"rebuild {table_sql} following the plan (new table, batched copy, drop, "
                                           "rename, indexes again)", converted=False))
        if not steps:
            rw.replaced = True


def _converted(rw, column: exp.ColumnDef) -> exp.ColumnDef:
    """The new definition with its DSQL type; AUTO_INCREMENT as an identity with the chosen cache."""
    copy = column.copy()
    copy.set("kind", exp.DataType.build(_dsql_type(rw, column) or "TEXT", dialect="dsql"))
    for constraint in list(copy.constraints):
        if isinstance(constraint.args.get("kind"), exp.AutoIncrementColumnConstraint):
            constraint.replace(exp.ColumnConstraint(kind=exp.GeneratedAsIdentityColumnConstraint(
                this=False, on_null=None, cache=exp.Literal.number(rw.options.identity_cache))))
            copy.set("kind", exp.DataType.build("BIGINT"))
    return copy


def _fold(rw, create: exp.Create, new: exp.ColumnDef) -> bool:
    """Put the new definition, converted as a CREATE TABLE column would be, into the table's CREATE
    TABLE (which this file creates, and which is written out after every fix has run)."""
    import sqlglot

    from dsqllint.convert.pipeline import convert_source
    from dsqllint.source import Source

    if rw.dialect != "mysql":
        return False
    table = create.this.this
    try:
        result = convert_source(Source("", f"CREATE TABLE {table.sql(dialect='mysql')} ({new.sql(dialect='mysql')})",
                                       "mysql"), rw.target, rw.options)
        statement = result.sql[result.sql.index("CREATE TABLE"):].split(";\n", 1)[0]
        converted = sqlglot.parse_one(statement, read="dsql")
    except Exception:  # the definition alone does not convert: rebuild plan instead
        return False
    columns = [c for c in converted.this.expressions if isinstance(c, exp.ColumnDef)] if isinstance(
        converted.this, exp.Schema) else []
    if len(columns) != 1:
        return False
    for item in create.this.expressions:
        if isinstance(item, exp.ColumnDef) and name_key(item.this) == name_key(new.this):
            item.replace(columns[0])
            creating = rw.state.get("creating", {}).get(name_key(table))
            if creating is not None:
                creating.dirty = True
            return True
    return False


def _rebuild_plan(rw, table_sql: str, create: exp.Create | None, old_name, new: exp.ColumnDef, why: list[str]) -> str:
    lines = [f"-- dsqllint: DSQL cannot change {table_sql}.{to_sql(new.this, rw)} in place ({', '.join(why)}); "
             "rebuild the table:"]
    if create is not None:
        copy = create.copy()
        schema = copy.this
        schema.set("this", exp.to_table(f"{table_sql}_new"))
        for item in schema.expressions:
            if isinstance(item, exp.ColumnDef) and name_key(item.this) == name_key(old_name):
                item.replace(_converted(rw, new))
        names = [to_sql(i.this, rw) for i in schema.expressions if isinstance(i, exp.ColumnDef)]
        old_names = [to_sql(old_name, rw) if n == to_sql(new.this, rw) else n for n in names]
        lines.append(f"-- 1. {to_sql(copy, rw)};")
        lines.append(f"-- 2. INSERT INTO {table_sql}_new ({', '.join(names)}) SELECT {', '.join(old_names)} "
                     f"FROM {table_sql} …; (in batches of at most 3,000 rows, in key order)")
    else:
        lines.append(f"-- 1. CREATE TABLE {table_sql}_new (… every column, with {to_sql(new, rw)} …);")
        lines.append(f"-- 2. INSERT INTO {table_sql}_new SELECT … FROM {table_sql}; (in batches of at most 3,000 rows)")
    lines.append(f"-- 3. check the row counts match, then DROP TABLE {table_sql};")
    lines.append(f"-- 4. ALTER TABLE {table_sql}_new RENAME TO {table_sql};")
    lines.append(f"-- 5. create the indexes of {table_sql} again (CREATE INDEX ASYNC), and its foreign keys (NOT VALID)")
    return "\n".join(lines)


def defaults_awaiting_rebuild(rewrites) -> None:
    """A SET / DROP DEFAULT after a MODIFY or CHANGE whose type change waits for a table rebuild: the
    column still has its old type, which may not take a default written for the new one (42804). The
    default belongs in the rebuilt table (step 1 of the plan), so the action is taken out, reported."""
    pending = rewrites[0].state.get("rebuild_pending") if rewrites else None
    if not pending:
        return
    for rw in rewrites:
        tree = rw.tree
        if rw.removed or not isinstance(tree, exp.Alter) or not isinstance(tree.this, exp.Table):
            continue
        actions = list(tree.args.get("actions") or [])
        for action in actions:
            if not isinstance(action, exp.AlterColumn) or not (action.args.get("default") is not None or action.args.get("drop")):
                continue
            at = pending.get((name_key(tree.this), name_key(action.this)))
            if at is None or at[0] >= rw.stmt.index:
                continue
            action.pop()
            rw.change("DSQL507", f"ALTER COLUMN {action.this.name} … DEFAULT removed: the column keeps its old type "
                                 f"until the table is rebuilt",
                      f"declare the default in the rebuilt table, where {action.this.name} is {at[1]} (the rebuild plan)")
        if actions and not tree.args.get("actions"):
            rw.remove("DSQL507", "its column keeps its old type until the table is rebuilt (see the rebuild plan)",
                      "declare the default in the rebuilt table")
