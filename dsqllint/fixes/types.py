"""Column types: every column of a flagged statement is mapped once to a type DSQL stores, with a
CHECK wherever the source type enforced something the new one does not (UNSIGNED, ENUM, SET, YEAR)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlglot import exp

from dsqllint.catalog import name_key
from dsqllint.fixes import fix
from dsqllint.fixes.common import column_defs, remove_constraints, table_of
from dsqllint.rules.base import type_name

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


def map_mysql(column: exp.ColumnDef, target, id_column: bool = False) -> Mapping | None:
    """`id_column`: the column is an AUTO_INCREMENT id, or a foreign key to one; it becomes BIGINT
    (an identity must be BIGINT, and a foreign key must match the type of the key it references)."""
    kind = column.args.get("kind")
    if not isinstance(kind, exp.DataType):
        return None
    t, args = kind.this, [e.sql() for e in kind.expressions]
    if t == T.UBIGINT and id_column:
        return Mapping("BIGINT", check="{col} >= 0", note="bigint unsigned id → bigint CHECK (>= 0)",
                       behaviour="ids above 9223372036854775807 no longer fit (MySQL allowed up to 2^64-1)")
    if t == T.TINYINT and args == ["1"]:
        return Mapping("BOOLEAN", note="tinyint(1) → boolean", defaults=_BOOLEAN_DEFAULTS)
    if t == T.BOOLEAN:  # MySQL's BOOLEAN is tinyint(1): its defaults are 0 and 1
        return Mapping("BOOLEAN", defaults=_BOOLEAN_DEFAULTS)
    if t == T.BIT:
        if args in ([], ["1"]):
            return Mapping("BOOLEAN", note="bit(1) → boolean", defaults=_BOOLEAN_DEFAULTS)
        return Mapping("BYTEA", note=f"bit({args[0]}) → bytea", behaviour="bit values are now bytes")
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
        return Mapping(kind.sql(dialect="dsql"))
    return None


def map_postgres(column: exp.ColumnDef, catalog, statements, target) -> Mapping | None:
    kind = column.args.get("kind")
    if not isinstance(kind, exp.DataType):
        return None
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
    enum_at = catalog.enum_types.get(name_key(name))
    if kind.this == T.USERDEFINED and enum_at is not None:
        labels = [e.name for e in statements[enum_at].tree.expression.expressions]
        return _enum_mapping(labels, name)
    return None


def _enum_mapping(labels: list[str], type_name_: str = "enum") -> Mapping:
    width = max((len(v) for v in labels), default=1)
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
    for column in column_defs(tree):
        mapping = (map_mysql(column, rw.target, _is_id_column(rw, column)) if rw.dialect == "mysql"
                   else map_postgres(column, rw.file.catalog, rw.file.statements, rw.target))
        if mapping is None and _code_for(rw, column) in ("DSQL105", "DSQL106", "DSQL107"):
            declared = type_name(column)
            mapping = Mapping("TEXT", behaviour=f"{declared} → text: the value is kept as its text form; "
                                                f"{declared} operators, functions and validation no longer apply")
        dropped = _drop_mysql_attributes(column) if rw.dialect == "mysql" else _drop_pg_attributes(column)
        if mapping is None and not dropped:
            continue
        col = column.this.sql(dialect="dsql")
        at, code = rw.position(column.this), _code_for(rw, column)
        if mapping is not None:
            before = column.args["kind"].sql(dialect=rw.dialect)
            column.set("kind", exp.DataType.build(mapping.sql_type, dialect="dsql"))
            _map_default(column, mapping)
            if mapping.check:
                check = mapping.check.format(col=col)
                if isinstance(tree, exp.Alter):
                    checks_after.append(check)
                else:
                    column.append("constraints", exp.ColumnConstraint(
                        kind=exp.CheckColumnConstraint(this=exp.maybe_parse(check, dialect="dsql"))))
            summary = mapping.note or f"{before.lower()} → {mapping.sql_type.lower()}"
            if summary.split(" → ")[0] != summary.split(" → ")[-1]:  # a real change, not bool → bool
                rw.change(code, f"{column.name}: {summary}", mapping.behaviour, at)
            rw.dirty = True
        for what, behaviour in dropped:
            rw.change(code, f"{column.name}: {what} removed", behaviour, at)
    table = tree.this.sql(dialect="dsql") if isinstance(tree, exp.Alter) else ""
    for check in checks_after:  # DSQL takes no CHECK on ADD COLUMN: add it as a NOT VALID constraint
        rw.after.append(f"ALTER TABLE {table} ADD CHECK ({check}) NOT VALID")


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
            if name_key(str(to.args.get("kind") or "").split(".")[-1]) in enums:
                cast.replace(cast.this)


def _code_for(rw, column: exp.ColumnDef) -> str:
    """The type rule that flagged this column: the first type finding on or after its name."""
    line, col = rw.position(column.this)
    found = [f for f in rw.findings if f.code in TYPE_CODES and (f.line, f.column) >= (line, col)]
    found.sort(key=lambda f: (f.line, f.column))
    return found[0].code if found else ""


def _map_default(column: exp.ColumnDef, mapping: Mapping) -> None:
    if not mapping.defaults:
        return
    for constraint in column.constraints:
        default = constraint.args.get("kind")
        if isinstance(default, exp.DefaultColumnConstraint) and default.this is not None:
            new = mapping.defaults.get(default.this.sql(dialect="mysql"))
            if new is not None:
                default.set("this", exp.Boolean(this=new == "TRUE"))


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
