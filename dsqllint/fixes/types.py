"""Column types: every column of a flagged statement is mapped once to a type DSQL stores, with a
CHECK wherever the source type enforced something the new one does not (UNSIGNED, ENUM, SET, YEAR)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlglot import exp

from dsqllint.catalog import name_key
from dsqllint.fixes import fix
from dsqllint.fixes.array_defaults import array_default_as_json
from dsqllint.fixes.common import column_defs, constraint_kinds, remove_constraints, table_of, to_sql
from dsqllint.fixes.constraints import add_check_after
from dsqllint.rules.base import column_type_range, type_name

T = exp.DataType.Type
TYPE_CODES = ("DSQL101", "DSQL102", "DSQL103", "DSQL104", "DSQL105", "DSQL106", "DSQL107", "DSQL108", "DSQL109",
              "DSQL112", "DSQL113", "DSQL114", "DSQL115", "DSQL116", "DSQL117", "DSQL118")


@dataclass
class Mapping:
    sql_type: str
    check: str | None = None  # with {col} for the column name
    behaviour: str | None = None
    note: str = ""
    defaults: dict[str, str] = field(default_factory=dict)  # source default literal → new default
    bits: int = 0  # MySQL BIT(n) → BYTEA: n, to write a b'…' or integer default as the same bytes


_UNSIGNED = {  # MySQL unsigned integer → the next wider signed type, plus a CHECK that keeps it >= 0
    T.UTINYINT: "SMALLINT", T.USMALLINT: "INTEGER", T.UMEDIUMINT: "INTEGER", T.UINT: "BIGINT", T.UBIGINT: "NUMERIC(20)",
}
_SAME = {
    T.TINYINT: "SMALLINT", T.MEDIUMINT: "INTEGER", T.INT: "INTEGER", T.SMALLINT: "SMALLINT", T.BIGINT: "BIGINT",
    T.DOUBLE: "DOUBLE PRECISION", T.TINYTEXT: "TEXT", T.MEDIUMTEXT: "TEXT", T.LONGTEXT: "TEXT", T.TEXT: "TEXT",
    T.TINYBLOB: "BYTEA", T.BLOB: "BYTEA", T.MEDIUMBLOB: "BYTEA", T.LONGBLOB: "BYTEA", T.BINARY: "BYTEA",
    T.VARBINARY: "BYTEA",
}
_SPATIAL = {T.GEOMETRY, T.GEOGRAPHY}
_BOOLEAN_DEFAULTS = {"0": "FALSE", "1": "TRUE", "'0'": "FALSE", "'1'": "TRUE", "b'0'": "FALSE", "b'1'": "TRUE",
                     "B'0'": "FALSE", "B'1'": "TRUE", "FALSE": "FALSE", "TRUE": "TRUE"}
_NUMBER_DEFAULTS = {"FALSE": "0", "TRUE": "1"}  # MySQL's TRUE and FALSE are 1 and 0
# PostgreSQL types DSQL does not store, and the closest it does.
_PG_TEXTUAL = {
    "money": Mapping("NUMERIC(19, 2)", behaviour="money → numeric(19,2): no currency formatting"),
    "inet": Mapping("VARCHAR(43)", behaviour="inet → varchar(43): no network operators or validation"),
    "cidr": Mapping("VARCHAR(43)", behaviour="cidr → varchar(43): no network operators or validation"),
    "macaddr": Mapping("VARCHAR(17)", behaviour="macaddr → varchar(17): no validation"),
    "macaddr8": Mapping("VARCHAR(23)", behaviour="macaddr8 → varchar(23): no validation"),
    "citext": Mapping("TEXT", behaviour="citext → text: comparisons are now case-sensitive (compare lower(col))"),
    "hstore": Mapping("JSON", behaviour="hstore → json: use json operators"),
}


def map_mysql(column: exp.ColumnDef, target, id_column: bool = False, numeric: bool = False) -> Mapping | None:
    """`id_column`: the column is an AUTO_INCREMENT id, or a foreign key to one; it becomes BIGINT
    (an identity must be BIGINT, and a foreign key must match the type of the key it references).
    `numeric`: the file uses the column as a number (a CHECK names it, or a default is not 0/1), so a
    TINYINT(1) stays a number (SMALLINT) instead of becoming BOOLEAN."""
    kind = column.args.get("kind")
    if not isinstance(kind, exp.DataType):
        return None
    t, args = kind.this, [e.sql() for e in kind.expressions]
    if t == T.UBIGINT and id_column:
        return Mapping("BIGINT", check="{col} >= 0", note="bigint unsigned id → bigint CHECK (>= 0)",
                       behaviour="ids above 9223372036854775807 no longer fit (MySQL allowed up to 2^64-1)")
    if t == T.TINYINT and args == ["1"] and (numeric or constraint_kinds(column, exp.CheckColumnConstraint)):
        # a CHECK compares it with numbers (`CHECK (flag >= 0)`), or a default is 7 (MySQL stores -128..127
        # in it): a boolean can be neither
        return Mapping("SMALLINT", note="tinyint(1) used as a number → smallint", defaults=_NUMBER_DEFAULTS)
    if t == T.TINYINT and args == ["1"]:
        return Mapping("BOOLEAN", note="tinyint(1) → boolean", defaults=_BOOLEAN_DEFAULTS)
    if t == T.BOOLEAN:  # MySQL's BOOLEAN is tinyint(1): its defaults are 0 and 1
        return Mapping("BOOLEAN", defaults=_BOOLEAN_DEFAULTS)
    if t == T.BIT:
        if args in ([], ["1"]):
            return Mapping("BOOLEAN", note="bit(1) → boolean", defaults=_BOOLEAN_DEFAULTS)
        return Mapping("BYTEA", note=f"bit({args[0]}) → bytea", behaviour="bit values are now bytes",
                       bits=int(args[0]) if args[0].isdigit() else 0)
    if t in _UNSIGNED:
        return Mapping(_UNSIGNED[t], check="{col} >= 0", note=f"{t.value.lower()} → {_UNSIGNED[t].lower()} CHECK (>= 0)")
    if t in (T.UDECIMAL, T.UDOUBLE, getattr(T, "UFLOAT", T.UDOUBLE)):
        signed = {T.UDECIMAL: f"DECIMAL({', '.join(args)})" if args else "DECIMAL",
                  T.UDOUBLE: "DOUBLE PRECISION"}.get(t, "REAL")
        return Mapping(signed, check="{col} >= 0", note=f"unsigned → {signed.lower()} CHECK (>= 0)")
    if t == T.FLOAT:
        single = not args or int(args[0]) <= 24 or len(args) == 2
        new = "REAL" if single else "DOUBLE PRECISION"
        return Mapping(new, note=f"float({', '.join(args)}) → {new.lower()}" if args else "")
    if t == T.YEAR:
        return Mapping("SMALLINT", check="{col} = 0 OR {col} BETWEEN 1901 AND 2155", note="year → smallint CHECK")
    if t == T.DATETIME:
        new = f"TIMESTAMP({args[0]})" if args else "TIMESTAMP"
        return Mapping(new, note=f"datetime → {new.lower()}")
    if t == T.ENUM:
        return _enum_mapping([e.name for e in kind.expressions])
    if t == T.SET:
        labels = [e.name for e in kind.expressions]
        allowed = ", ".join(_quote(v) for v in labels)
        return Mapping("TEXT", check=f"{{col}} = '' OR string_to_array({{col}}, ',') <@ ARRAY[{allowed}]::text[]",
                       note="set(...) → text with a CHECK that every element is allowed")
    if t in (T.JSON, T.JSONB):
        return Mapping("JSON" if target.supports("json_columns") else "TEXT")
    if t in _SPATIAL or type_name(column) in ("point", "linestring", "polygon", "multipoint", "multilinestring",
                                             "multipolygon", "geometrycollection"):
        return Mapping("BYTEA", note=f"{type_name(column)} → bytea",
                       behaviour="spatial value stored as bytes (e.g. WKB from ST_AsWKB); no spatial functions or index")
    if t in _SAME:
        return Mapping(_SAME[t], note=f"{t.value.lower()} → {_SAME[t].lower()}" if args or t not in (T.INT, T.BIGINT, T.SMALLINT, T.TEXT) else "")
    if t in (T.VARCHAR, T.CHAR, T.DECIMAL, T.DATE, T.TIME, T.TIMESTAMP, T.TIMESTAMPTZ):
        return _length_mapping(kind) or Mapping(kind.sql(dialect="dsql"))
    return None


def _length_mapping(kind: exp.DataType) -> Mapping | None:
    """varchar(n) over DSQL's 65535 → text, char(n) over 4096 → varchar(n) or text; a CHECK keeps the
    length limit the declared type enforced."""
    if kind.this not in (T.VARCHAR, T.NVARCHAR, T.CHAR, T.NCHAR) or len(kind.expressions) != 1:
        return None
    param = kind.expressions[0]
    param = param.this if isinstance(param, exp.DataTypeParam) else param
    if not (isinstance(param, exp.Literal) and param.is_int):
        return None
    n = int(param.this)
    char = kind.this in (T.CHAR, T.NCHAR)
    if char and 4096 < n <= 65535:
        return Mapping(f"VARCHAR({n})", note=f"char({n}) → varchar({n})",
                       behaviour="values are no longer blank-padded to their full length")
    if n <= (4096 if char else 65535):
        return None
    return Mapping("TEXT", check=f"char_length({{col}}) <= {n}", note=f"{'char' if char else 'varchar'}({n}) → text CHECK (length)",
                   behaviour="values are no longer blank-padded to their full length" if char else None)


def map_postgres(column: exp.ColumnDef, catalog, statements, target) -> Mapping | None:
    kind = column.args.get("kind")
    if not isinstance(kind, exp.DataType):
        return None
    if (mapping := _length_mapping(kind)) is not None:
        return mapping
    name = type_name(column).split(".")[-1]
    if kind.this == T.ARRAY:
        new = "JSON" if target.supports("json_columns") else "TEXT"
        return Mapping(new, behaviour=f"array → {new.lower()}: store the list as a JSON array; array operators no longer apply")
    if kind.this == T.JSONB or name == "jsonb":
        new = "JSON" if target.supports("json_columns") else "TEXT"
        return Mapping(new, behaviour=f"jsonb → {new.lower()}: cast with ::jsonb where jsonb operators are needed")
    if kind.this == T.JSON and not target.supports("json_columns"):
        return Mapping("TEXT", behaviour="json → text: cast with ::json at query time")
    if name in _PG_TEXTUAL:
        return _PG_TEXTUAL[name]
    enum_at = catalog.enum_types.get(user_type_key(kind)) if kind.this == T.USERDEFINED else None
    if enum_at is not None:
        labels = [e.name for e in statements[enum_at].tree.expression.expressions]
        return _enum_mapping(labels, name)
    return None


def user_type_key(kind: exp.DataType) -> str:
    """Catalog key of a user-defined type as written: `"Mood"` keeps its case, `public.mood` is mood."""
    name = kind.args.get("kind")
    if isinstance(name, exp.Dot):
        name = name.expression
    if isinstance(name, (exp.Identifier, exp.Table)):
        return name_key(name)
    return name_key(str(name or "").split(".")[-1])


def uses_enum_type(rw) -> bool:
    """A column of the statement has an enum type the file creates (which the conversion removes),
    however the type is written: every such column must become varchar with a CHECK."""
    enums = rw.file.catalog.enum_types
    if not enums or rw.tree is None:
        return False
    return any(isinstance(c.args.get("kind"), exp.DataType) and c.args["kind"].this == T.USERDEFINED
               and user_type_key(c.args["kind"]) in enums for c in column_defs(rw.tree))


def _enum_mapping(labels: list[str], type_name_: str = "enum") -> Mapping:
    width = max([len(v) for v in labels] + [1])  # ENUM('') still needs VARCHAR(1): varchar(0) does not exist
    allowed = ", ".join(_quote(v) for v in labels)
    return Mapping(f"VARCHAR({width})", check=f"{{col}} IN ({allowed})",
                   note=f"{type_name_} → varchar({width}) CHECK (IN the allowed values)")


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


@fix(*TYPE_CODES)
def column_types(rw) -> None:
    if "types" in rw.done:
        return
    rw.done.add("types")
    tree = rw.tree
    if isinstance(tree, exp.Create) and (tree.args.get("kind") or "").upper() == "TYPE":
        if isinstance(tree.expression, exp.DataType) and tree.expression.is_type("enum"):
            rw.remove("DSQL104", f"enum type {tree.this.name}: each column of it becomes varchar with a CHECK")
        return
    checks_after = []
    if rw.dialect == "postgres":
        _drop_enum_casts(rw)
    else:
        _map_alter_defaults(rw)
    for column in column_defs(tree):
        code = _code_for(rw, column) or _enum_code(rw, column)
        mapping = (map_mysql(column, rw.target, _is_id_column(rw, column), _is_numeric(rw, table_of(tree), column.this))
                   if rw.dialect == "mysql"
                   else map_postgres(column, rw.file.catalog, rw.file.statements, rw.target))
        if mapping is None and code in ("DSQL105", "DSQL106", "DSQL107"):
            declared = type_name(column)
            mapping = Mapping("TEXT", behaviour=f"{declared} → text: the value is kept as its text form; "
                                                f"{declared} operators, functions and validation no longer apply")
        dropped = _drop_mysql_attributes(column) if rw.dialect == "mysql" else _drop_pg_attributes(column)
        if mapping is None and not dropped:
            continue
        col = to_sql(column.this, rw)
        at = rw.position(column.this)
        if mapping is not None:
            old_kind = column.args["kind"]
            before = old_kind.sql(dialect=rw.dialect)
            column.set("kind", exp.DataType.build(mapping.sql_type, dialect="dsql"))
            same = old_kind == column.args["kind"] and not mapping.check and not mapping.note  # int → integer
            _map_default(column, mapping)
            if (new_default := array_default_as_json(column, old_kind)) is not None:
                rw.change(code, f"{column.name}: array default → {new_default} (the same list as a JSON array)", None, at)
            written = {to_sql(c.args["kind"].this) for c in column.constraints
                       if isinstance(c.args.get("kind"), exp.CheckColumnConstraint)}
            if mapping.check and to_sql(exp.maybe_parse(mapping.check.format(col=col), dialect="dsql")) in written:
                pass  # the column has this CHECK already (`int unsigned CHECK (x >= 0)`)
            elif mapping.check:
                check = mapping.check.format(col=col)
                if isinstance(tree, exp.Alter):
                    checks_after.append((check, code, at))
                else:
                    column.append("constraints", exp.ColumnConstraint(
                        kind=exp.CheckColumnConstraint(this=exp.maybe_parse(check, dialect="dsql"))))
            summary = mapping.note or f"{before.lower()} → {mapping.sql_type.lower()}"
            if summary.split(" → ")[0] != summary.split(" → ")[-1] and not same:  # a real change, not bool → bool
                rw.change(code, f"{column.name}: {summary}", mapping.behaviour, at)
            rw.dirty = True
        for what, behaviour in dropped:
            rw.change(code, f"{column.name}: {what} removed", behaviour, at)
    table = to_sql(tree.this, rw) if isinstance(tree, exp.Alter) else ""
    for check, code, at in checks_after:  # DSQL takes no CHECK on ADD COLUMN: add it as a NOT VALID constraint
        add_check_after(rw, table, check, code, at=at)


def _is_numeric(rw, table, column) -> bool:
    """The file uses this column as a number: a CHECK (inline, at table level or added later) names it,
    or a default of it (in CREATE TABLE, SET DEFAULT, MODIFY or CHANGE) is not 0, 1, true or false."""
    numeric = rw.state.get("numeric_columns")
    if numeric is None:
        numeric = rw.state["numeric_columns"] = _numeric_columns(rw.file.statements)
    return table is not None and (name_key(table), name_key(column)) in numeric


def _numeric_columns(statements) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for stmt in statements:
        tree = stmt.tree
        table = table_of(tree) if isinstance(tree, (exp.Create, exp.Alter)) else None
        if table is None:
            continue
        key = name_key(table)
        for check in tree.find_all(exp.CheckColumnConstraint, exp.Check):
            out.update((key, name_key(c)) for c in check.find_all(exp.Column))
            parent = check.parent.parent if isinstance(check.parent, exp.ColumnConstraint) else None
            if isinstance(parent, exp.ColumnDef):  # `flag TINYINT(1) CHECK (flag >= 0)`
                out.add((key, name_key(parent.this)))
        defaults = [(d.parent.parent, d.this) for d in tree.find_all(exp.DefaultColumnConstraint)
                    if isinstance(d.parent, exp.ColumnConstraint) and isinstance(d.parent.parent, exp.ColumnDef)]
        defaults += [(a, a.args["default"]) for a in tree.find_all(exp.AlterColumn) if a.args.get("default") is not None]
        for column, value in defaults:
            if not isinstance(value, exp.Null) and value.sql(dialect="mysql") not in _BOOLEAN_DEFAULTS:
                out.add((key, name_key(column.this)))
    return out


def _is_id_column(rw, column: exp.ColumnDef) -> bool:
    ids = rw.state.get("id_columns")
    if ids is None:
        ids = rw.state["id_columns"] = _id_columns(rw.file.statements)
    table = table_of(rw.tree)
    return (name_key(table), name_key(column.this)) in ids


def _id_columns(statements) -> set[tuple[str, str]]:
    """AUTO_INCREMENT columns, and the columns whose foreign keys point at one."""
    ids: set[tuple[str, str]] = set()
    refs: list[tuple[tuple[str, str], tuple[str, str]]] = []
    for stmt in statements:
        tree = stmt.tree
        table = table_of(tree) if tree is not None else None
        if table is None:
            continue
        for column in column_defs(tree):
            if any(isinstance(c.args.get("kind"), exp.AutoIncrementColumnConstraint) for c in column.constraints):
                ids.add((name_key(table), name_key(column.this)))
        for fk in tree.find_all(exp.ForeignKey):
            ref = fk.args.get("reference")
            target = ref.this if ref is not None else None
            if isinstance(target, exp.Schema):
                for mine, theirs in zip(fk.expressions, target.expressions):
                    refs.append(((name_key(table), name_key(mine)), (name_key(target.this), name_key(theirs))))
    changed = True
    while changed:  # a key referencing a key that references an id is an id too
        changed = False
        for mine, theirs in refs:
            if theirs in ids and mine not in ids:
                ids.add(mine)
                changed = True
    return ids


def _drop_enum_casts(rw) -> None:
    """`DEFAULT 'new'::order_status` names the enum type that no longer exists: keep the value."""
    enums = rw.file.catalog.enum_types
    for cast in list(rw.tree.find_all(exp.Cast)):
        to = cast.args.get("to")
        if isinstance(to, exp.DataType) and to.this == T.USERDEFINED:
            if user_type_key(to) in enums:
                cast.replace(cast.this)


def _enum_code(rw, column: exp.ColumnDef) -> str:
    kind = column.args.get("kind")
    enum = (rw.dialect == "postgres" and isinstance(kind, exp.DataType) and kind.this == T.USERDEFINED
            and user_type_key(kind) in rw.file.catalog.enum_types)
    return "DSQL104" if enum else ""


def _code_for(rw, column: exp.ColumnDef) -> str:
    """The type rule that flagged this column: the first type finding inside its definition (its type
    first), never one of a later column. Ask before any fix changes the column."""
    stmt, lines = rw.stmt, rw.file.source.lines
    type_start, _ = column_type_range(stmt, column)
    later = [stmt.node_start(c.this) for c in column_defs(rw.tree) if stmt.node_start(c.this) > type_start]
    end = min(later, default=stmt.span.end)  # the next column's name: findings from there on are its own
    first, last = lines.position(type_start), lines.position(max(end, type_start + 1) - 1)
    found = [f for f in rw.findings if f.code in TYPE_CODES and first <= (f.line, f.column) <= last]
    found.sort(key=lambda f: (f.line, f.column))
    return found[0].code if found else ""


def _map_default(column: exp.ColumnDef, mapping: Mapping) -> None:
    if not mapping.defaults and not mapping.bits:
        return
    for constraint in column.constraints:
        default = constraint.args.get("kind")
        if isinstance(default, exp.DefaultColumnConstraint) and default.this is not None:
            old, replacement = default.this, None
            new = mapping.defaults.get(old.sql(dialect="mysql", comments=False))
            if new is not None:
                replacement = exp.Boolean(this=new == "TRUE") if new in ("TRUE", "FALSE") else exp.Literal.number(new)
            elif mapping.bits and (value := _bit_value(old)) is not None:
                size = (mapping.bits + 7) // 8  # MySQL keeps BIT(n) in ceil(n/8) bytes, most significant first
                if value < 1 << (8 * size):
                    replacement = exp.Literal.string("\\x" + value.to_bytes(size, "big").hex())
            if replacement is not None:
                replacement.comments = old.comments  # what the user wrote beside the default stays
                default.set("this", replacement)


def _map_alter_defaults(rw) -> None:
    """MySQL `ALTER TABLE t ALTER c SET DEFAULT b'1'`: the default is written for the column's new type,
    as in CREATE TABLE (BIT(1) and TINYINT(1) → BOOLEAN, BIT(n) → BYTEA)."""
    tree = rw.tree
    if not isinstance(tree, exp.Alter):
        return
    info = rw.file.catalog.table(tree.this)
    for action in tree.args.get("actions") or []:
        declared = rw.state.get("declared_columns", {}).get((name_key(tree.this), name_key(action.this))) or (
            info.columns.get(name_key(action.this)) if info is not None else None)
        if not isinstance(action, exp.AlterColumn) or action.args.get("default") is None or declared is None:
            continue
        mapping = map_mysql(declared, rw.target, numeric=_is_numeric(rw, tree.this, action.this))
        if mapping is not None:
            column = _default_holder(action)
            _map_default(column, mapping)
            action.set("default", column.constraints[0].args["kind"].this)


def _default_holder(action: exp.AlterColumn) -> exp.ColumnDef:
    """A column carrying the default `ALTER COLUMN c SET DEFAULT d` sets, for the fixes that rewrite a
    column definition's default (as in CREATE TABLE); the rewritten default is its first constraint's."""
    return exp.ColumnDef(this=action.this.copy(), constraints=[
        exp.ColumnConstraint(kind=exp.DefaultColumnConstraint(this=action.args["default"].copy()))])


def array_defaults_in_alter(rw) -> None:
    """`ALTER TABLE t ALTER c SET DEFAULT ARRAY[]::integer[]` on an array column that CREATE TABLE turned
    into JSON: the same list as a JSON array, as in CREATE TABLE; any other default becomes NULL, reported
    (PostgreSQL would reject it on the json column and stop the script there)."""
    tree = rw.tree
    if not isinstance(tree, exp.Alter):
        return
    info = rw.file.catalog.table(tree.this)
    for action in tree.args.get("actions") or []:
        if not isinstance(action, exp.AlterColumn) or action.args.get("default") is None or info is None:
            continue
        declared = info.columns.get(name_key(action.this))
        kind = declared.args.get("kind") if declared is not None else None
        if not isinstance(kind, exp.DataType) or kind.this != T.ARRAY:
            continue
        mapping = map_postgres(declared, rw.file.catalog, rw.file.statements, rw.target)
        if mapping is None or not mapping.sql_type.upper().startswith("JSON"):
            continue
        column = _default_holder(action)
        at = rw.position(action.this)
        new = array_default_as_json(column, kind)
        if new is not None:
            action.set("default", column.constraints[0].args["kind"].this)
            rw.change("DSQL101", f"{action.this.name}: array default → {new} (the same list as a JSON array)", None, at)
        else:
            old = to_sql(action.args["default"], rw)
            action.set("default", exp.Null())
            rw.change("DSQL101", f"{action.this.name}: DEFAULT {old} replaced by NULL (the column is JSON now)",
                      "new rows get NULL: set the value in the application or write the default as a JSON text", at)


def _bit_value(node: exp.Expression) -> int | None:
    """The number a MySQL BIT default stands for: b'101', 0b101 or 5."""
    if isinstance(node, exp.BitString) and set(str(node.this)) <= {"0", "1"} and node.this:
        return int(node.this, 2)
    if isinstance(node, exp.Literal) and not node.is_string and str(node.this).isdigit():
        return int(node.this)
    return None


def _drop_mysql_attributes(column: exp.ColumnDef) -> list[tuple[str, str | None]]:
    dropped = []
    if remove_constraints(column, exp.ZeroFillColumnConstraint):
        dropped.append(("ZEROFILL", "values are no longer zero-padded: format them in the application"))
    if remove_constraints(column, exp.CharacterSetColumnConstraint):
        dropped.append(("CHARACTER SET", None))
    if remove_constraints(column, exp.BinaryColumnConstraint):
        dropped.append(("BINARY (binary collation; DSQL's collation C compares bytewise already)", None))
    collations = [c.args["kind"].this.name.lower() for c in column.constraints
                  if isinstance(c.args.get("kind"), exp.CollateColumnConstraint)]
    if remove_constraints(column, exp.CollateColumnConstraint):
        binary = all(c.endswith("_bin") or c == "binary" for c in collations)
        dropped.append((f"COLLATE {', '.join(collations)}", None if binary else
                        "DSQL compares and sorts bytewise (collation C): case-insensitive matches need lower(col)"))
    return dropped


def _drop_pg_attributes(column: exp.ColumnDef) -> list[tuple[str, str | None]]:
    collations = [c.args["kind"].this.sql() for c in column.constraints
                  if isinstance(c.args.get("kind"), exp.CollateColumnConstraint)]
    if remove_constraints(column, exp.CollateColumnConstraint):
        plain = all(c.strip('"').upper() in ("C", "POSIX", "DEFAULT", "PG_CATALOG.DEFAULT") for c in collations)
        return [(f"COLLATE {', '.join(collations)}", None if plain else
                 "DSQL sorts and compares with collation C only")]
    return []
