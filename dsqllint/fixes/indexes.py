"""Indexes: ASYNC, and the key syntax DSQL does not take (USING, ASC/DESC, opclasses, prefixes);
MySQL's inline keys lifted out into CREATE INDEX ASYNC."""

from __future__ import annotations

from sqlglot import exp

from dsqllint.catalog import name_key
from dsqllint.convert.identifiers import needs_quotes
from dsqllint.dialect import set_index_async
from dsqllint.fixes import fix
from dsqllint.fixes.common import table_of
from dsqllint.fixes.mysql import register_key


def _name(text: str) -> str:
    return f'"{text}"' if needs_quotes(text) else text


def _index(rw) -> exp.Index | None:
    tree = rw.tree
    if isinstance(tree, exp.Create) and isinstance(tree.this, exp.Index):
        return tree.this
    return None


@fix("DSQL401")
def index_async(rw) -> None:
    tree = rw.tree
    if _index(rw) is None:
        rw.remove("DSQL401", "CREATE INDEX that dsqllint could not rewrite", "write it as CREATE INDEX ASYNC by hand")
        return
    was = "CONCURRENTLY" if tree.args.get("concurrently") else "synchronous"
    tree.set("concurrently", False)
    set_index_async(tree)
    rw.change("DSQL401", f"{was} CREATE INDEX → CREATE INDEX ASYNC",
              "the index builds in the background: wait for its job (CALL sys.wait_for_job(id)) before relying on it")
    index = _index(rw)
    if index.args.get("only"):
        # pg_dump's `ON ONLY parent` (an index of a partitioned table, not yet on its partitions): DSQL's
        # CREATE INDEX has no ONLY, and the converted table has no partitions, so ON ONLY t is ON t.
        index.set("only", None)
        rw.change("DSQL401", "ON ONLY t → ON t (DSQL has no partitions; the index covers the table)", None)


@fix("DSQL402")
def index_using(rw) -> None:
    index = _index(rw)
    params = index.args.get("params") if index is not None else None
    if params is None or params.args.get("using") is None:
        return
    method = params.args["using"].name.lower()
    params.set("using", None)
    rw.change("DSQL402", f"USING {method} removed (DSQL indexes are btree)",
              None if method == "btree" else f"{method} index becomes a btree: operators only {method} served lose the index")


@fix("DSQL403")
def index_sort_order(rw) -> None:
    for ordered in (rw.tree.find_all(exp.Ordered) if _index(rw) is not None else []):
        direction = ordered.args.get("desc")
        if direction:
            # `a DESC` is read backwards from `a` (NULLS LAST): the same order; `a DESC NULLS LAST`
            # likewise from `a NULLS FIRST`. None, not False: False would print an explicit ASC.
            ordered.set("desc", None)
            ordered.set("nulls_first", not ordered.args.get("nulls_first"))
            rw.change("DSQL403", "DESC removed from an index key (DSQL scans indexes in both directions)",
                      at=rw.position(ordered))
        elif direction is not None:
            ordered.set("desc", None)
            rw.change("DSQL403", "ASC removed from an index key (ascending is the only order)", at=rw.position(ordered))


@fix("DSQL404")
def index_opclass(rw) -> None:
    for opclass in list(rw.tree.find_all(exp.Opclass)) if _index(rw) is not None else []:
        name = opclass.expression.sql()
        opclass.replace(opclass.this)
        rw.change("DSQL404", f"operator class {name} removed",
                  None if name.lower().endswith("_pattern_ops") else f"the key uses default btree operators, not {name}")


@fix("DSQL408")
def index_prefix(rw) -> None:
    for prefix in list(rw.tree.find_all(exp.ColumnPrefix)):
        unique = prefix.find_ancestor(exp.UniqueColumnConstraint, exp.PrimaryKey) is not None
        text = prefix.sql(dialect="mysql")
        prefix.replace(prefix.this)
        rw.change("DSQL408", f"key prefix {text} → whole column",
                  "uniqueness now applies to the whole value, not its prefix" if unique else None)


@fix("DSQL409")
def index_name_missing(rw) -> None:
    index = _index(rw)
    if index is None:
        return
    table = name_key(index.args.get("table"))
    params = index.args.get("params")
    cols = [c.sql(dialect="dsql") for c in (params.args.get("columns") or [])] if params else []
    name = "_".join([table, *[c for c in cols if c.isidentifier()], "idx"])[:63]
    index.set("this", exp.to_identifier(name))
    rw.change("DSQL409", f"IF NOT EXISTS index given the name {name}")


@fix("DSQL410")
def index_name_qualified(rw) -> None:
    index = _index(rw)
    if index is not None and isinstance(index.this, exp.Dot):
        index.set("this", index.this.expression)
        rw.change("DSQL410", "schema removed from the index name (it lives in its table's schema)")


@fix("DSQL413")
def lift_inline_indexes(rw) -> None:
    """MySQL `KEY k (cols)` in CREATE TABLE, `ALTER TABLE … ADD INDEX` → CREATE [UNIQUE] INDEX ASYNC."""
    tree = rw.tree
    table = table_of(tree)
    if table is None:
        return
    taken = rw.state.setdefault("index_names", set())
    items = []
    if isinstance(tree, exp.Create) and isinstance(tree.this, exp.Schema):
        items = [i for i in tree.this.expressions if isinstance(i, exp.IndexColumnConstraint)]
    elif isinstance(tree, exp.Alter):
        for action in tree.args.get("actions") or []:
            if isinstance(action, exp.AddConstraint):
                items += [i for i in action.expressions if isinstance(i, (exp.IndexColumnConstraint, exp.UniqueColumnConstraint))]
    for item in items:
        kind = (item.args.get("kind") or "").upper() if isinstance(item, exp.IndexColumnConstraint) else "UNIQUE"
        if kind in ("FULLTEXT", "SPATIAL"):
            continue  # DSQL407 removes these
        if isinstance(item, exp.UniqueColumnConstraint):
            schema = item.this
            name = schema.this.name if isinstance(schema, exp.Schema) and schema.this is not None else ""
            columns = schema.expressions if isinstance(schema, exp.Schema) else []
        else:
            name, columns = (item.this.name if item.this else ""), item.expressions
        cols = [_key_column(c) for c in columns]
        table_name = name_key(table)
        original = name
        name = name or "_".join([table_name, *cols, "idx"])
        if name.lower() in taken or name.lower() == "primary":
            name = f"{table_name}_{name}"
        taken.add(name.lower())
        register_key(rw, table_name, original or (cols[0] if cols else name), "index", name[:63])
        unique = "UNIQUE " if kind == "UNIQUE" else ""
        rw.after.append(f"CREATE {unique}INDEX ASYNC {_name(name[:63])} ON {_name(table_name)} ({', '.join(_name(c) for c in cols)})")
        parent = item.parent
        item.pop()
        if isinstance(parent, exp.AddConstraint) and not parent.expressions:
            parent.pop()
        rw.change("DSQL413", f"index {name} lifted out into CREATE {unique}INDEX ASYNC",
                  "the index builds in the background after the table is created")
    if isinstance(tree, exp.Alter) and not tree.args.get("actions") and not tree.args.get("options"):
        rw.replaced = True  # nothing but indexes: the CREATE INDEX statements take its place


def _key_column(node: exp.Expression) -> str:
    if isinstance(node, exp.Ordered):
        node = node.this
    if isinstance(node, exp.ColumnPrefix):
        node = node.this
    return node.name if isinstance(node, (exp.Column, exp.Identifier)) else node.sql(dialect="dsql")


@fix("DSQL407")
def fulltext_spatial(rw) -> None:
    tree = rw.tree
    if isinstance(tree, exp.Create) and (tree.args.get("kind") or "").upper() == "INDEX" or rw.stmt.kind == "CREATE INDEX":
        words, tokens = rw.stmt.words, rw.stmt.tokens
        if "INDEX" in words and "ON" in words and words.index("ON") + 1 < len(tokens):  # from the tokens: opaque
            name, table = tokens[words.index("INDEX") + 1], tokens[words.index("ON") + 1]
            register_key(rw, table.text if table.token_type.name == "IDENTIFIER" else table.text.lower(), name.text, "gone")
        rw.remove("DSQL407", "FULLTEXT/SPATIAL index (DSQL has no such index type)",
                  "search and spatial queries need another service (e.g. OpenSearch) or application code")
        return
    for item in list(tree.find_all(exp.IndexColumnConstraint)) if tree is not None else []:
        kind = (item.args.get("kind") or "").upper()
        if kind in ("FULLTEXT", "SPATIAL"):
            name = item.this.name if item.this else ""
            if name:
                register_key(rw, name_key(table_of(tree)), name, "gone")
            item.pop()
            rw.change("DSQL407", f"{kind} index {name} removed",
                      f"{kind.lower()} search needs another service or application code")


@fix("DSQL414")
def drop_index_on_table(rw) -> None:
    from dsqllint.fixes.mysql import key_named

    tree = rw.tree
    if not (isinstance(tree, exp.Drop) and tree.args.get("cluster") is not None):
        return  # ALTER TABLE … DROP INDEX: fixes.mysql.normalize splits it out
    table = tree.args["cluster"]
    table = table.this if not isinstance(table, exp.Table) else table  # OnProperty(Table)
    name = tree.args["tables"][0].name if tree.args.get("tables") else ""
    what, dsql_name = key_named(rw, name_key(table), name)
    if what == "gone":
        rw.remove("DSQL414", f"DROP INDEX {name}: the conversion removed that index")
        return
    tree.set("cluster", None)
    if what == "constraint":
        rw.tree = exp.Alter(this=table.copy(), kind="TABLE", actions=[exp.Drop(kind="CONSTRAINT", tables=[exp.to_table(dsql_name)])])
        rw.change("DSQL414", f"DROP INDEX {name} ON table → ALTER TABLE … DROP CONSTRAINT {dsql_name} (a UNIQUE constraint in DSQL)")
        return
    if dsql_name != name:
        tree.args["tables"][0].set("this", exp.to_identifier(dsql_name))
    rw.change("DSQL414", f"DROP INDEX {name} ON table → DROP INDEX {dsql_name}")
