"""MySQL table options, column clauses and dump statements."""

from __future__ import annotations

import re

import sqlglot
from sqlglot import exp

from dsqllint.catalog import name_key
from dsqllint.fixes import fix
from dsqllint.fixes.common import column_defs, remove_constraints, table_of, to_sql

_NOISE = {
    "DSQL685": "MySQL session setting",
    "DSQL686": "USE database (DSQL has one database; use schemas)",
    "DSQL690": "LOCK/UNLOCK TABLES of the dump",
    "DSQL692": "MySQL administration statement",
}


@fix(*_NOISE)
def mysql_noise(rw) -> None:
    code = next(c for c in _NOISE if rw.finding(c))
    rw.remove(code, _NOISE[code])


@fix("DSQL687")
def mysql_database(rw) -> None:
    rw.remove("DSQL687", "CREATE/ALTER/DROP DATABASE (DSQL has the single database postgres)",
              "create a schema instead if the application uses several databases")


@fix("DSQL680")
def table_options(rw) -> None:
    tree = rw.tree
    if isinstance(tree, exp.Alter):
        _alter_table_options(rw, tree)
        return
    if rw.stmt.kind == "ALTER TABLE" and rw.stmt.opaque:
        if _only_table_options(rw):
            rw.remove("DSQL680", "ALTER TABLE that only sets MySQL table options")
        return
    props = tree.args.get("properties") if tree is not None else None
    if props is None:
        return
    removed = []
    for prop in list(props.expressions):
        if isinstance(prop, exp.SchemaCommentProperty):
            table = to_sql(table_of(tree), rw)
            rw.after.append(f"COMMENT ON TABLE {table} IS {to_sql(prop.this, rw)}")
            removed.append("COMMENT (now COMMENT ON TABLE)")
        else:
            removed.append(prop.sql(dialect="mysql").split("=")[0].strip() or type(prop).__name__)
        prop.pop()
    if not props.expressions:
        tree.set("properties", None)
    if removed:
        rw.change("DSQL680", f"table options removed: {', '.join(removed)}")


_OPTION_WORDS = {"ENGINE", "AUTO_INCREMENT", "DEFAULT", "CHARSET", "CHARACTER", "SET", "COLLATE", "ROW_FORMAT",
                 "COMMENT", "KEY_BLOCK_SIZE", "STATS_PERSISTENT", "STATS_AUTO_RECALC", "PACK_KEYS", "CHECKSUM",
                 "DELAY_KEY_WRITE", "AVG_ROW_LENGTH", "MAX_ROWS", "MIN_ROWS", "CONVERT", "TO"}


def _only_table_options(rw) -> bool:
    """`ALTER TABLE t ENGINE=InnoDB, DEFAULT CHARSET=…`: every action is a table option."""
    from dsqllint.convert.reparse import action_ranges

    ranges = action_ranges(rw.stmt, at_least=1)
    return ranges is not None and all(rw.stmt.words[first] in _OPTION_WORDS for first, _ in ranges[1])


def _alter_table_options(rw, tree: exp.Alter) -> None:
    """`ALTER TABLE t ENGINE=InnoDB, COMMENT='…', ADD …`: the options go (a COMMENT becomes COMMENT ON
    TABLE), the actions stay. An ALTER TABLE with nothing left is dropped by the converter."""
    options = tree.args.get("options") or []
    removed = []
    for option in options:
        if isinstance(option, exp.SchemaCommentProperty):
            rw.after.append(f"COMMENT ON TABLE {to_sql(tree.this, rw)} IS {to_sql(option.this, rw)}")
            removed.append("COMMENT (now COMMENT ON TABLE)")
        else:
            removed.append(option.sql(dialect="mysql").split("=")[0].strip() or type(option).__name__)
    tree.set("options", None)
    if not removed:
        return
    if not tree.args.get("actions") and not rw.after:
        rw.remove("DSQL680", "ALTER TABLE that only sets MySQL table options")
    else:
        rw.change("DSQL680", f"table options removed: {', '.join(removed)}")


@fix("DSQL508")
def column_position(rw) -> None:
    """`ADD COLUMN c … FIRST | AFTER b`: the column is added at the end, as DSQL always does."""
    for column in column_defs(rw.tree):
        position = column.args.get("position")
        if position is not None:
            word = (position.args.get("position") or "").upper()
            column.set("position", None)
            rw.change("DSQL508", f"{column.name}: {word} removed (DSQL adds a column at the end of the table)",
                      "the column comes last in SELECT * and in INSERTs without a column list", rw.position(column.this))


def _mysql_keys(rw) -> dict:
    """MySQL index names (per table) → what became of each: name.lower() → [(table key, kind, name in
    DSQL)], kind "index" (CREATE INDEX), "constraint" (UNIQUE in CREATE TABLE) or "gone" (FULLTEXT)."""
    return rw.state.setdefault("mysql_keys", {})


def register_key(rw, table: str, name: str, kind: str, dsql_name: str | None = None) -> None:
    _mysql_keys(rw).setdefault(name.lower(), []).append((table, kind, dsql_name or name))


def key_named(rw, table: str, name: str) -> tuple[str, str]:
    entries = _mysql_keys(rw).get(name.lower(), [])
    mine = [e for e in entries if e[0] == table] or (entries if len(entries) == 1 else [])
    return (mine[-1][1], mine[-1][2]) if mine else ("index", name)


def _split_renames(rw, tree: exp.Alter) -> None:
    """PostgreSQL renames one thing per ALTER TABLE, alone: MySQL's `RENAME COLUMN a TO b, RENAME COLUMN c TO d,
    DROP e` keeps DROP e and is followed by one ALTER TABLE per rename (columns first, the table's own
    RENAME TO last, each naming the table as the statement does)."""
    from dsqllint.fixes.common import to_sql

    actions = list(tree.args.get("actions") or [])
    renames = [a for a in actions if isinstance(a, (exp.RenameColumn, exp.AlterRename))]
    if len(actions) < 2 or not renames:
        return
    if len(renames) == len(actions):
        renames = renames[1:] if isinstance(renames[0], exp.RenameColumn) else renames[1:] + renames[:1]
    renames.sort(key=lambda a: isinstance(a, exp.AlterRename))
    for action in renames:
        at = rw.position(action)
        single = tree.copy()
        single.set("actions", [action.pop()])
        rw.after.append(to_sql(single, rw))
        rw.change("DSQL509", f"{to_sql(action, rw)} split into its own ALTER TABLE (PostgreSQL renames alone)",
                  "the actions no longer succeed or fail together", at=at)


def _alter_drops(rw, tree: exp.Alter) -> None:
    """`DROP FOREIGN KEY fk` → DROP CONSTRAINT; `DROP INDEX|KEY i` → `DROP INDEX i` after the ALTER
    TABLE (DSQL drops an index only so), DROP CONSTRAINT for a UNIQUE key of CREATE TABLE, nothing for
    an index the conversion removed (FULLTEXT)."""
    from dsqllint.catalog import name_key as key_of
    from dsqllint.convert.identifiers import needs_quotes

    table = key_of(tree.this)
    for action in list(tree.args.get("actions") or []):
        if not isinstance(action, exp.Drop):
            continue
        kind = (action.args.get("kind") or "").upper()
        target = action.args.get("tables") or []
        name = target[0].name if target else ""
        at = rw.position(action)
        if kind == "FOREIGN KEY" and (not rw.target.supports("foreign_keys") or rw.options.foreign_keys == "strip"):
            action.pop()
            rw.change("", f"DROP FOREIGN KEY {name} removed: the conversion removed the foreign keys", at=at)
        elif kind == "FOREIGN KEY":
            action.set("kind", "CONSTRAINT")
            rw.change("", f"DROP FOREIGN KEY {name} → DROP CONSTRAINT {name}", at=at)
        elif kind in ("INDEX", "KEY") and name:
            what, dsql_name = key_named(rw, table, name)
            if what == "constraint":
                action.set("kind", "CONSTRAINT")
                rw.change("DSQL414", f"DROP INDEX {name} → DROP CONSTRAINT {dsql_name} (a UNIQUE constraint in DSQL)", at=at)
                continue
            action.pop()
            if what == "gone":
                rw.change("DSQL414", f"DROP INDEX {name} removed: the conversion removed that index", at=at)
            else:
                written = f'"{dsql_name}"' if needs_quotes(dsql_name) else dsql_name
                rw.after.append(f"DROP INDEX {written}")
                rw.change("DSQL414", f"DROP INDEX {name} → DROP INDEX {dsql_name} after the ALTER TABLE", at=at)


@fix("DSQL682")
def on_update_timestamp(rw) -> None:
    for column in column_defs(rw.tree):
        if remove_constraints(column, exp.OnUpdateColumnConstraint):
            rw.change("DSQL682", f"{column.name}: ON UPDATE CURRENT_TIMESTAMP removed",
                      f"the application must set {column.name} on every update")


@fix("DSQL683")
def column_comment(rw) -> None:
    table = table_of(rw.tree)
    for column in column_defs(rw.tree):
        for constraint in [c for c in column.constraints if isinstance(c.args.get("kind"), exp.CommentColumnConstraint)]:
            comment_after(rw, table, column, constraint)


def comment_after(rw, table: exp.Table, column: exp.ColumnDef, constraint: exp.ColumnConstraint) -> None:
    """MySQL's column COMMENT '…' becomes COMMENT ON COLUMN after the statement."""
    text = to_sql(constraint.args["kind"].this, rw)
    constraint.pop()
    rw.after.append(f"COMMENT ON COLUMN {to_sql(table, rw)}.{to_sql(column.this, rw)} IS {text}")
    rw.change("DSQL683", f"{column.name}: column COMMENT → COMMENT ON COLUMN")


@fix("DSQL684")
def virtual_generated(rw) -> None:
    from dsqllint.fixes.expressions import stored_generated

    stored_generated(rw, "DSQL684")


_VIEW_CLAUSES = re.compile(r"(?i)\b(?:ALGORITHM\s*=\s*\w+|DEFINER\s*=\s*(?:`[^`]*`|'[^']*'|\w+)(?:@(?:`[^`]*`|'[^']*'|[\w%.]+))?|SQL\s+SECURITY\s+\w+)")


@fix("DSQL689")
def view_clauses(rw) -> None:
    if rw.tree is None or rw.stmt.opaque:  # sqlglot cannot read DEFINER views: parse without the clauses
        try:
            rw.tree = sqlglot.parse_one(_VIEW_CLAUSES.sub(" ", rw.stmt.text), read="mysql")
        except sqlglot.errors.ParseError:
            rw.remove("DSQL689", "MySQL view dsqllint could not rewrite", "recreate the view by hand")
            return
        normalize(rw)
    tree = rw.tree
    props = tree.args.get("properties") if tree is not None else None
    if props is not None:
        for prop in list(props.expressions):
            prop.pop()
        tree.set("properties", None)
    rw.change("DSQL689", "ALGORITHM/DEFINER/SQL SECURITY removed from the view",
              "the view runs with the querying role's privileges")


@fix("DSQL694")
def mysql_partitioning(rw) -> None:
    tree = rw.tree
    if isinstance(tree, exp.Create):
        props = tree.args.get("properties")
        for prop in list(props.expressions if props else []):
            if "PARTITION" in type(prop).__name__.upper():
                prop.pop()
        rw.change("DSQL694", "PARTITION BY removed: one table holds every row", "no partition pruning")
    else:
        rw.remove("DSQL694", "partition maintenance statement")


def normalize(rw) -> None:
    """MySQL shapes PostgreSQL writes differently, whatever rules fired: `UNIQUE KEY name (cols)` in
    CREATE TABLE becomes `CONSTRAINT name UNIQUE (cols)`."""
    from dsqllint.fixes.types import column_types

    column_types(rw)  # every MySQL column type is mapped, flagged or not
    tree = rw.tree
    schema_statement = isinstance(tree, (exp.Create, exp.Drop)) and (tree.args.get("kind") or "").upper() in (
        "SCHEMA", "DATABASE")
    for table in list(tree.find_all(exp.Table)) if tree is not None and not schema_statement else []:
        if table.args.get("db") is not None:  # `sakila.film`: the MySQL database is DSQL's one database
            table.set("db", None)
    for introducer in list(tree.find_all(exp.Introducer)) if tree is not None else []:
        introducer.replace(introducer.expression)  # `_utf8 ' '`: PostgreSQL strings have one charset
    if isinstance(tree, exp.Alter):
        _alter_drops(rw, tree)
        _split_renames(rw, tree)
    if isinstance(tree, exp.Create) and isinstance(tree.this, exp.Index):
        _index_key_prefixes(rw, tree)
        _index_name(rw, tree)
        for ordered in list(tree.find_all(exp.Ordered)):
            # MySQL writes no NULLS FIRST/LAST: its keys put NULLs at PostgreSQL's default place for the direction
            ordered.set("nulls_first", bool(ordered.args.get("desc")))
    if not (isinstance(tree, exp.Create) and isinstance(tree.this, exp.Schema)):
        return
    for item in list(tree.this.expressions):
        if isinstance(item, exp.UniqueColumnConstraint) and isinstance(item.this, exp.Schema):
            name = item.this.this
            # a UNIQUE constraint's columns have no order in PostgreSQL (`UNIQUE KEY k (a DESC)`)
            columns = [c.this if isinstance(c, exp.Ordered) else c for c in item.this.expressions]
            columns = [c.this if isinstance(c, exp.Column) else c for c in columns]
            unique = exp.UniqueColumnConstraint(this=exp.Schema(expressions=columns))
            if name is not None:
                register_key(rw, name_key(table_of(tree)), name.name, "constraint")
                rw.state.setdefault("index_names", set()).add(name.name.lower())
            item.replace(exp.Constraint(this=name, expressions=[unique]) if name is not None else unique)


def _index_key_prefixes(rw, create: exp.Create) -> None:
    """`CREATE INDEX i ON t (name(10))`: sqlglot reads MySQL's key prefix as a call of a function
    `name` (a functional key part needs its own parentheses): index the whole column."""
    params = create.this.args.get("params")
    unique = bool(create.args.get("unique"))
    for key in list(params.args.get("columns") or []) if params is not None else []:
        call = key.this if isinstance(key, exp.Ordered) else key
        if not (isinstance(call, exp.Anonymous) and len(call.expressions) == 1 and call.expressions[0].is_int):
            continue
        name = call.this if isinstance(call.this, exp.Identifier) else exp.to_identifier(str(call.this))
        at = rw.position(call)
        text = f"{name.name}({call.expressions[0].sql()})"
        call.replace(exp.Column(this=name.copy()))
        rw.change("DSQL408", f"key prefix {text} → whole column",
                  "uniqueness now applies to the whole value, not its prefix" if unique else None, at)


def _index_name(rw, create: exp.Create) -> None:
    """MySQL index names are per table, DSQL's per schema: a name taken already gets the table's name
    in front (as lifted inline keys do), and later DROP INDEX statements follow."""
    index = create.this
    table = name_key(index.args.get("table"))
    name = index.this.name if isinstance(index.this, exp.Identifier) else ""
    if not name:
        return
    taken = rw.state.setdefault("index_names", set())
    new = name if name.lower() not in taken else f"{table}_{name}"[:63]
    taken.add(new.lower())
    register_key(rw, table, name, "index", new)
    if new != name:
        index.set("this", exp.to_identifier(new))
        rw.change("DSQL413", f"index {name} renamed {new} (DSQL index names are per schema, not per table)")
