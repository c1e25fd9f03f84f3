"""What a file declares: tables, columns, keys, indexes, sequences and types, with the statement
that declared each, so rules can reason across statements ("created later", "has an index")."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlglot import exp
from sqlglot.tokens import TokenType

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


class StoredColumns(dict):
    """Columns declared by stored statements (parse.StoredStatement): each value is kept as (statement,
    where in its tree) and looked up in the statement's tree when asked, so the catalog of a very long
    file holds no trees. Reads give ColumnDef nodes as a plain dict does."""

    def _resolve(self, ref):
        if isinstance(ref, exp.Expression):
            return ref
        stmt, position = ref
        tree = stmt.tree
        if isinstance(tree, exp.Create):
            return tree.this.expressions[position]
        return tree.args["actions"][position]

    def __getitem__(self, key):
        return self._resolve(super().__getitem__(key))

    def get(self, key, default=None):
        ref = super().get(key)
        return default if ref is None else self._resolve(ref)

    def values(self):
        return [self._resolve(ref) for ref in super().values()]

    def items(self):
        return [(key, self._resolve(ref)) for key, ref in super().items()]


@dataclass
class TableInfo:
    name: str
    declared_at: int
    columns: dict[str, exp.ColumnDef] = field(default_factory=StoredColumns)
    keys: list[Key] = field(default_factory=list)


@dataclass
class RoutineInfo:
    """A function, aggregate or procedure the file creates: `kind` is FUNCTION, AGGREGATE or
    PROCEDURE; `language` is lower case (`sql`, `plpgsql`), "" for an aggregate or when not said."""

    name: str
    kind: str
    language: str
    declared_at: int
    volatility: str = "volatile"  # IMMUTABLE / STABLE as declared, else PostgreSQL's default
    arity: tuple[int, int | None] = (0, None)  # fewest and most arguments a call passes (None: any number)

    def accepts(self, count: int | None) -> bool:
        """True when a call with `count` arguments can be a call of this routine (None: not known)."""
        low, high = self.arity
        return count is None or (low <= count and (high is None or count <= high))


@dataclass
class Catalog:
    tables: dict[str, TableInfo] = field(default_factory=dict)
    # (table, column) whose latest definition is serial or identity (PostgreSQL then creates
    # `<table>_<column>_seq`): recorded as declared, so asking needs no tree
    serial_columns: set[tuple[str, str]] = field(default_factory=set)
    enum_types: dict[str, int] = field(default_factory=dict)  # type name → statement index
    sequences: dict[str, int] = field(default_factory=dict)
    routines: dict[str, list[RoutineInfo]] = field(default_factory=dict)  # by name: every declaration, in order
    memo: dict = field(default_factory=dict, repr=False, compare=False)  # what rules derive from it, once

    def table(self, name: exp.Expression | str | None) -> TableInfo | None:
        return self.tables.get(name_key(name))

    def record(self, stmt: Statement) -> None:
        """Add what one statement declares (statements in file order). For a stored statement
        (parse.StoredStatement, whose tree is about to be dropped) the catalog keeps where each column
        is, not the node, so it holds no tree (StoredColumns)."""
        tree = stmt.tree
        if stmt.kind in ("CREATE FUNCTION", "CREATE AGGREGATE", "CREATE PROCEDURE"):
            routine = routine_declared(stmt)
            if routine is not None:
                self.routines.setdefault(routine.name, []).append(routine)
            return
        kept: list[tuple[TableInfo, str, int]] = []  # (table, column, position in the tree)
        if isinstance(tree, exp.Create):
            _record_create(self, tree, stmt.index, kept)
        elif isinstance(tree, exp.Alter) and (tree.args.get("kind") or "").upper() == "TABLE":
            _record_alter(self, tree, stmt.index, kept)
        stored = getattr(stmt, "stored", False)
        for info, column, position in kept:
            if _implicit_sequence(info.columns[column]):
                self.serial_columns.add((info.name, column))
            else:
                self.serial_columns.discard((info.name, column))
            if stored:  # the tree is about to be dropped: keep where the column is, not the node
                dict.__setitem__(info.columns, column, (stmt, position))

    @property
    def implicit_sequences(self) -> set[str]:
        """`<table>_<column>_seq` of every serial and identity column."""
        return {f"{table}_{column}_seq" for table, column in self.serial_columns}

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
        catalog.record(stmt)
    return catalog


def _record_create(catalog: Catalog, tree: exp.Create, at: int, kept: list) -> None:
    kind = (tree.args.get("kind") or "").upper()
    if kind == "TABLE" and isinstance(tree.this, exp.Schema):
        name = name_key(tree.this.this)
        info = catalog.tables.setdefault(name, TableInfo(name, at))
        for position, item in enumerate(tree.this.expressions):
            if isinstance(item, exp.ColumnDef):
                column = name_key(item.this)
                info.columns[column] = item
                kept.append((info, column, position))
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


def _record_alter(catalog: Catalog, tree: exp.Alter, at: int, kept: list) -> None:
    info = catalog.table(tree.this)
    if info is None:
        return
    for position, action in enumerate(tree.args.get("actions") or []):
        if isinstance(action, exp.AddConstraint):
            for item in action.expressions:
                key = table_key(item, at)
                if key:
                    info.keys.append(key)
        elif isinstance(action, exp.ColumnDef):
            info.columns[name_key(action.this)] = action
            kept.append((info, name_key(action.this), position))


_SERIALS = {exp.DataType.Type.SERIAL, exp.DataType.Type.BIGSERIAL, exp.DataType.Type.SMALLSERIAL}


def _implicit_sequence(column: exp.ColumnDef) -> bool:
    """A serial or identity column: PostgreSQL creates `<table>_<column>_seq` for it."""
    kind = column.args.get("kind")
    serial = isinstance(kind, exp.DataType) and (kind.this in _SERIALS or (
        kind.this == exp.DataType.Type.USERDEFINED and "serial" in kind.sql().lower()))  # serial4, serial8
    return serial or any(isinstance(c.args.get("kind"), exp.GeneratedAsIdentityColumnConstraint) for c in column.constraints)


_ROUTINE_WORDS = ("FUNCTION", "AGGREGATE", "PROCEDURE")


def routine_declared(stmt: Statement) -> RoutineInfo | None:
    """The routine a `CREATE [OR REPLACE] FUNCTION | AGGREGATE | PROCEDURE` creates, read from its
    tokens (sqlglot leaves most routine bodies opaque): its name's last part and its LANGUAGE."""
    tokens = stmt.tokens
    at = next((i for i, t in enumerate(tokens[:12]) if t.text.upper() in _ROUTINE_WORDS), None)
    if at is None or at + 1 >= len(tokens):
        return None
    i = at + 1
    while i + 2 < len(tokens) and tokens[i + 1].token_type == TokenType.DOT:
        i += 2
    last = tokens[i]
    name = last.text if last.token_type == TokenType.IDENTIFIER else last.text.lower()
    arity, after = _arity(tokens, i + 1)
    language, volatility, depth = "", "volatile", 0
    for k in range(after, len(tokens)):
        kind, word = tokens[k].token_type, tokens[k].text.upper()
        if kind == TokenType.L_PAREN:
            depth += 1
        elif kind == TokenType.R_PAREN:
            depth -= 1
        elif depth or kind in (TokenType.STRING, TokenType.HEREDOC_STRING, TokenType.IDENTIFIER):
            continue
        elif word == "LANGUAGE" and k + 1 < len(tokens):
            language = tokens[k + 1].text.strip("'\"").lower()
        elif word in ("IMMUTABLE", "STABLE", "VOLATILE"):
            volatility = word.lower()
    kind_word = tokens[at].text.upper()
    if not language and kind_word != "AGGREGATE":
        language = "sql"  # a SQL-standard body (RETURN expr, BEGIN ATOMIC) or MySQL's stored routine
    return RoutineInfo(name, kind_word, language, stmt.index, volatility, arity)


def argument_words(tokens, at: int) -> tuple[list[list[str]], int]:
    """The upper-cased words of each argument of the parenthesised list opening at token `at` (a nested
    list's words belong to its argument), and the index of the closing parenthesis (len(tokens) when it
    never closes). Shared by the catalog (declarations) and convert's dependency pass (calls)."""
    args: list[list[str]] = [[]]
    depth = 0
    for k in range(at, len(tokens)):
        kind = tokens[k].token_type
        if kind == TokenType.L_PAREN:
            depth += 1
            if depth == 1:
                continue
        elif kind == TokenType.R_PAREN:
            depth -= 1
            if depth == 0:
                return args, k
        elif kind == TokenType.COMMA and depth == 1:
            args.append([])
            continue
        args[-1].append(tokens[k].text.upper())
    return args, len(tokens)


def _arity(tokens, at: int) -> tuple[tuple[int, int | None], int]:
    """((fewest, most) arguments, index after the list) of the argument list opening at `at`:
    OUT arguments are not passed, those with DEFAULT may be left out, VARIADIC takes any number."""
    if at >= len(tokens) or tokens[at].token_type != TokenType.L_PAREN:
        return (0, None), at
    words, close = argument_words(tokens, at)
    after = min(close + 1, len(tokens))
    args = [a for a in words if a and a[0] != "OUT"]
    if any(a[0] == "VARIADIC" or a == ["*"] for a in args):
        return (0, None), after
    optional = sum(1 for a in args if "DEFAULT" in a or "=" in a)
    return (len(args) - optional, len(args)), after
