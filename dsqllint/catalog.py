"""What a file declares: tables, columns, keys, indexes, sequences and types, with the statement
that declared each, so rules can reason across statements ("created later", "has an index")."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlglot import exp

from dsqllint.parse import Statement


def name_key(node: exp.Expression | str | None) -> str:
    """Lookup key for an object name: the last name part, case-folded unless it was quoted."""
    if node is None:
        return ""
    if isinstance(node, str):
        return node.lower()
    if isinstance(node, exp.Schema):
        node = node.this
    if isinstance(node, (exp.Table, exp.Column)):
        node = node.this
    if isinstance(node, exp.Dot):
        node = node.expression
    if isinstance(node, exp.Identifier):
        return node.name if node.quoted else node.name.lower()
    return node.name.lower() if hasattr(node, "name") else str(node).lower()


def column_names(nodes) -> tuple[str, ...]:
    """Key columns of an index, key or constraint; expressions become their SQL text."""
    out = []
    for node in nodes or []:
        if isinstance(node, exp.Ordered):
            node = node.this
        if isinstance(node, exp.ColumnPrefix):  # MySQL `name(10)`: a prefix of the column
            node = node.this
        if isinstance(node, (exp.Identifier, exp.Column)):
            out.append(name_key(node))
        elif isinstance(node, exp.Anonymous) and not node.expressions:  # MySQL prefix `col(10)` reads as a call
            out.append(node.name.lower())
        else:
            out.append(node.sql())
    return tuple(out)


@dataclass
class Key:
    """A primary key, unique constraint or index over a table's columns."""

    kind: str  # "primary key", "unique", "index"
    columns: tuple[str, ...]
    declared_at: int  # statement index
    name: str = ""


@dataclass
class TableInfo:
    name: str
    declared_at: int
    columns: dict[str, exp.ColumnDef] = field(default_factory=dict)
    keys: list[Key] = field(default_factory=list)


@dataclass
class Catalog:
    tables: dict[str, TableInfo] = field(default_factory=dict)
    enum_types: dict[str, int] = field(default_factory=dict)  # type name → statement index
    sequences: dict[str, int] = field(default_factory=dict)

    def table(self, name: exp.Expression | str | None) -> TableInfo | None:
        return self.tables.get(name_key(name))

    def has_key_on(self, table: str, columns: tuple[str, ...]) -> bool:
        """True when some key or index of `table` starts with `columns` (in any order), so it can
        serve lookups by those columns."""
        info = self.tables.get(table)
        if info is None:
            return False
        wanted = set(columns)
        return any(set(k.columns[: len(columns)]) == wanted for k in info.keys)


def build_catalog(statements: list[Statement]) -> Catalog:
    catalog = Catalog()
    for stmt in statements:
        tree = stmt.tree
        if isinstance(tree, exp.Create):
            _record_create(catalog, tree, stmt.index)
        elif isinstance(tree, exp.Alter) and (tree.args.get("kind") or "").upper() == "TABLE":
            _record_alter(catalog, tree, stmt.index)
    return catalog


def _record_create(catalog: Catalog, tree: exp.Create, at: int) -> None:
    kind = (tree.args.get("kind") or "").upper()
    if kind == "TABLE" and isinstance(tree.this, exp.Schema):
        name = name_key(tree.this.this)
        info = catalog.tables.setdefault(name, TableInfo(name, at))
        for item in tree.this.expressions:
            if isinstance(item, exp.ColumnDef):
                column = name_key(item.this)
                info.columns[column] = item
                for constraint in item.constraints:
                    ck = constraint.args.get("kind")
                    if isinstance(ck, exp.PrimaryKeyColumnConstraint):
                        info.keys.append(Key("primary key", (column,), at))
                    elif isinstance(ck, exp.UniqueColumnConstraint):
                        info.keys.append(Key("unique", (column,), at))
            else:
                key = table_key(item, at)
                if key:
                    info.keys.append(key)
    elif kind == "TABLE" and isinstance(tree.this, exp.Table):
        name = name_key(tree.this)
        catalog.tables.setdefault(name, TableInfo(name, at))
    elif kind == "INDEX" and isinstance(tree.this, exp.Index):
        index = tree.this
        table = catalog.tables.get(name_key(index.args.get("table")))
        params = index.args.get("params")
        if table is not None and params is not None:
            kind_name = "unique" if tree.args.get("unique") else "index"
            table.keys.append(Key(kind_name, column_names(params.args.get("columns")), at, name_key(index.this)))
    elif kind == "TYPE" and isinstance(tree.expression, exp.DataType) and tree.expression.is_type("enum"):
        catalog.enum_types.setdefault(name_key(tree.this), at)
    elif kind == "SEQUENCE":
        catalog.sequences.setdefault(name_key(tree.this), at)


def table_key(item: exp.Expression, at: int) -> Key | None:
    """A table-level PRIMARY KEY / UNIQUE / MySQL KEY clause as a Key, else None."""
    name = ""
    if isinstance(item, exp.Constraint):
        name = name_key(item.this)
        item = item.expressions[0] if item.expressions else item
    if isinstance(item, exp.PrimaryKey):
        return Key("primary key", column_names(item.expressions), at, name)
    if isinstance(item, exp.UniqueColumnConstraint):
        schema = item.this
        cols = schema.expressions if isinstance(schema, exp.Schema) else []
        if isinstance(schema, exp.Schema) and schema.this is not None:
            name = name or name_key(schema.this)
        return Key("unique", column_names(cols), at, name)
    if isinstance(item, exp.IndexColumnConstraint):
        return Key("index", column_names(item.expressions), at, name or name_key(item.this))
    return None


def _record_alter(catalog: Catalog, tree: exp.Alter, at: int) -> None:
    info = catalog.table(tree.this)
    if info is None:
        return
    for action in tree.args.get("actions") or []:
        if isinstance(action, exp.AddConstraint):
            for item in action.expressions:
                key = table_key(item, at)
                if key:
                    info.keys.append(key)
        elif isinstance(action, exp.ColumnDef):
            info.columns[name_key(action.this)] = action
