"""Indexes DSQL cannot build on JSON: a key that is a JSON column, or MySQL's multi-valued index
(`CAST(doc AS CHAR(n) ARRAY)`, one entry per array element); and, once `USING gist` is gone, a key
that is a call of a function of the file returning a type btree cannot order (`box`, `point`, …).

DSQL indexes are btree and JSON has no btree ordering (PostgreSQL: `data type json has no default
operator class`); GIN, which indexed jsonb, does not exist in DSQL. The index is removed, reported as
a behaviour change (queries on that key scan the table). The column types are read from the table's
converted CREATE TABLE, so a jsonb or MySQL JSON column already turned into `json` counts."""

from __future__ import annotations

import re

from sqlglot import exp

from dsqllint.catalog import name_key

T = exp.DataType.Type
# types without a btree operator class in PostgreSQL 16: no DSQL index can have them as a key
UNORDERED = {"box", "point", "polygon", "circle", "path", "lseg", "line", "json", "xml", "tsquery"}


def _function_returns(rw) -> dict[str, str]:
    """Function name (case-folded) → the type it RETURNS, for the functions the file creates."""
    known = rw.state.get("function_returns")
    if known is None:
        from dsqllint.convert.dependencies import created_object

        known = rw.state["function_returns"] = {}
        for stmt in rw.file.statements:
            made = created_object(stmt) if stmt.kind == "CREATE FUNCTION" else None
            if made is not None and "RETURNS" in stmt.words:
                at = stmt.words.index("RETURNS") + 1
                if at < len(stmt.words):
                    known.setdefault(made[1], stmt.words[at].lower())
    return known


def _json_columns(rw, table: str) -> set[str]:
    creating = rw.state.get("creating", {}).get(table)
    tree = getattr(creating, "tree", None)
    if not isinstance(tree, exp.Create) or not isinstance(tree.this, exp.Schema):
        return set()
    found = {name_key(c.this) for c in tree.this.expressions
             if isinstance(c, exp.ColumnDef) and isinstance(c.args.get("kind"), exp.DataType)
             and c.args["kind"].this in (T.JSON, T.JSONB)}
    for old, new in rw.state.get("column_renames", {}).get(table, []):  # ALTER TABLE … RENAME COLUMN since
        if old in found:
            found = (found - {old}) | {new}
    return found


def _type_code(rw, table: str, column: str) -> str:
    """The rule whose fix made the column json (DSQL101 array, DSQL102 jsonb, ...): the index goes because
    of that fix, and `lint --fix` applies the two together. "" when the column was json already."""
    creating = rw.state.get("creating", {}).get(table)
    for change in getattr(creating, "changes", []):
        if change.code and change.summary.lower().startswith(column + ": "):
            return change.code
    return ""


def json_index_keys(rw) -> None:
    tree = rw.tree
    index = tree.this if isinstance(tree, exp.Create) else None
    if rw.removed or not isinstance(index, exp.Index) or index.args.get("table") is None:
        return
    params = index.args.get("params")
    keys = params.args.get("columns") or [] if params is not None else []
    json_columns = _json_columns(rw, name_key(index.args["table"]))
    for key in keys:
        node = key.this if isinstance(key, exp.Ordered) else key
        while isinstance(node, exp.Paren):
            node = node.this
        if isinstance(node, exp.Cast) and isinstance(node.args.get("to"), exp.DataType) and node.args["to"].this == T.ARRAY:
            rw.remove("", "multi-valued index (CAST(… AS … ARRAY)): DSQL cannot index the elements of a JSON array",
                      "queries on the array's elements scan the table; keep the elements in a child table "
                      "(one row per element) and index that")
            return
        if isinstance(node, exp.Anonymous) and _function_returns(rw).get(str(node.name).lower()) in UNORDERED:
            returns = _function_returns(rw)[str(node.name).lower()]
            rw.remove("", f"index key {node.name}(…) is of type {returns}, which no DSQL (btree) index can order",
                      f"queries that used this index scan the table; index the columns {node.name}(…) is "
                      "computed from instead")
            return
        if isinstance(node, exp.Column) and name_key(node) in json_columns:
            rw.remove(_type_code(rw, name_key(index.args["table"]), name_key(node)),
                      f"index key {node.name} is a json column: DSQL cannot index JSON values",
                      f"queries filtering on {node.name} scan the table; index a column generated from the "
                      "JSON member the queries use instead")
            return


def _key_columns(node: exp.Expression) -> list[str]:
    """Columns of a PRIMARY KEY / UNIQUE written at table level (in CREATE TABLE or ADD CONSTRAINT)."""
    if isinstance(node, exp.PrimaryKey):
        parts = node.expressions
    elif isinstance(node, exp.UniqueColumnConstraint) and isinstance(node.this, exp.Schema):
        parts = node.this.expressions
    else:
        return []
    out = []
    for part in parts:
        part = part.this if isinstance(part, exp.Ordered) else part
        if isinstance(part, (exp.Identifier, exp.Column)):
            out.append(name_key(part))
    return out


def _inline_key(column: exp.ColumnDef) -> bool:
    return any(isinstance(c.args.get("kind"), (exp.PrimaryKeyColumnConstraint, exp.UniqueColumnConstraint))
               for c in column.constraints)


def keyed_json_as_text(rewrites) -> None:
    """A json column (a jsonb, array or MySQL JSON column converted to json included) in a PRIMARY KEY
    or UNIQUE constraint becomes text: json has no equality operator, so PostgreSQL and DSQL cannot
    build the key's btree index (`could not identify an equality operator for type json`). As text the
    key still holds and is still unique, on the value as written. Run after every statement is fixed,
    since pg_dump's keys move into CREATE TABLE only then."""
    from dsqllint.fixes.common import creates

    columns: dict[str, dict[str, tuple[exp.ColumnDef, object]]] = {}  # table → column → (definition, rewrite)
    keyed: list[tuple[str, str]] = []
    for rw in rewrites:
        tree = rw.tree
        if rw.removed or tree is None:
            continue
        if table := creates(tree):
            if not isinstance(tree.this, exp.Schema):
                continue
            defs = tree.this.expressions
        elif isinstance(tree, exp.Alter) and isinstance(tree.this, exp.Table):
            table, defs = name_key(tree.this), []
            for action in tree.args.get("actions") or []:
                defs.extend([action] if isinstance(action, exp.ColumnDef) else
                            action.expressions if isinstance(action, exp.AddConstraint) else [])
        else:
            continue
        for extra in rw.after:  # an inline UNIQUE of ADD COLUMN, lifted into CREATE UNIQUE INDEX ASYNC
            if re.match(r"(?i)\s*CREATE\s+UNIQUE\s+INDEX\b", extra):
                index = exp.maybe_parse(extra, dialect="dsql").this
                params = index.args.get("params") if isinstance(index, exp.Index) else None
                for part in (params.args.get("columns") or []) if params is not None else []:
                    part = part.this if isinstance(part, exp.Ordered) else part
                    if isinstance(part, exp.Column) and index.args.get("table") is not None:
                        keyed.append((name_key(index.args["table"]), name_key(part)))
        for node in defs:
            if isinstance(node, exp.ColumnDef):
                columns.setdefault(table, {}).setdefault(name_key(node.this), (node, rw))
                if _inline_key(node):
                    keyed.append((table, name_key(node.this)))
                continue
            for key in ([node] if not isinstance(node, exp.Constraint) else node.expressions):
                keyed.extend((table, c) for c in _key_columns(key))
    texts: dict[str, set[str]] = {}
    for table, name in dict.fromkeys(keyed):
        column, rw = columns.get(table, {}).get(name, (None, None))
        kind = column.args.get("kind") if column is not None else None
        if not (isinstance(kind, exp.DataType) and kind.this in (T.JSON, T.JSONB)):
            continue
        column.set("kind", exp.DataType.build("TEXT", dialect="dsql"))
        texts.setdefault(table, set()).add(name)
        rw.change("", f"{column.name}: json → text (a column of a PRIMARY KEY or UNIQUE constraint)",
                  "the key compares the JSON as written (json has no equality, so no key over it builds): "
                  "values that differ only in spacing or key order are distinct; cast with ::jsonb where "
                  "JSON operators are needed", rw.position(column.this))
    if texts:
        _cast_json_uses(rewrites, texts)


_JSON_OPERATORS = (exp.ArrayContainsAll, exp.ArrayContainedBy, exp.ArrayOverlaps)


def _json_use(node: exp.Column) -> bool:
    """The column is an operand of a JSON operator or an argument of a json… function."""
    parent = node.parent
    return (type(parent).__name__.upper().startswith("JSON") or isinstance(parent, _JSON_OPERATORS)
            or (isinstance(parent, exp.Func) and str(parent.name or parent.sql_name()).lower().startswith("json")))


def _cast_json_uses(rewrites, texts: dict[str, set[str]]) -> None:
    """Where a column that became text feeds a JSON operator or function (an expression index, a CHECK,
    a generated column), read it as jsonb again: `doc ->> 'k'` → `CAST(doc AS JSONB) ->> 'k'`."""
    from dsqllint.fixes.common import creates

    for rw in rewrites:
        tree = rw.tree
        if rw.removed or tree is None:
            continue
        if isinstance(tree, exp.Create) and isinstance(tree.this, exp.Index) and tree.this.args.get("table") is not None:
            table = name_key(tree.this.args["table"])
        elif isinstance(tree, exp.Alter) and isinstance(tree.this, exp.Table):
            table = name_key(tree.this)
        else:
            table = creates(tree)
        names = texts.get(table)
        if not names:
            continue
        for node in list(tree.find_all(exp.Column)):
            if name_key(node) in names and _json_use(node):
                node.replace(exp.Cast(this=node.copy(), to=exp.DataType.build("JSONB")))
                rw.dirty = True
