"""MySQL table options, column clauses and dump statements."""

from __future__ import annotations

import re

import sqlglot
from sqlglot import exp

from dsqllint.fixes import fix
from dsqllint.fixes.common import column_defs, remove_constraints, table_of

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
    if isinstance(tree, exp.Alter) or rw.stmt.kind == "ALTER TABLE" and rw.stmt.opaque:
        if _only_table_options(rw):
            rw.remove("DSQL680", "ALTER TABLE that only sets MySQL table options")
        return
    props = tree.args.get("properties") if tree is not None else None
    if props is None:
        return
    removed = []
    for prop in list(props.expressions):
        if isinstance(prop, exp.SchemaCommentProperty):
            table = table_of(tree).sql(dialect="dsql")
            rw.after.append(f"COMMENT ON TABLE {table} IS {prop.this.sql(dialect='dsql')}")
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
    """`ALTER TABLE t ENGINE=InnoDB, DEFAULT CHARSET=…`: every word after the table name is an option."""
    words = rw.stmt.words
    try:
        start = words.index("TABLE") + 2
    except ValueError:
        return False
    names = [w for w, t in zip(words[start:], rw.stmt.tokens[start:]) if t.token_type.name in ("VAR", "IDENTIFIER") or w.isalpha()]
    return bool(names) and names[0] in _OPTION_WORDS


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
            text = constraint.args["kind"].this.sql(dialect="dsql")
            constraint.pop()
            rw.after.append(f"COMMENT ON COLUMN {table.sql(dialect='dsql')}.{column.this.sql(dialect='dsql')} IS {text}")
            rw.change("DSQL683", f"{column.name}: column COMMENT → COMMENT ON COLUMN")


@fix("DSQL684")
def virtual_generated(rw) -> None:
    for column in column_defs(rw.tree):
        for constraint in column.constraints:
            computed = constraint.args.get("kind")
            if isinstance(computed, exp.ComputedColumnConstraint) and not computed.args.get("persisted"):
                computed.set("persisted", True)
                rw.change("DSQL684", f"{column.name}: VIRTUAL generated column → STORED",
                          "the value is computed on write and stored")


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
    if not (isinstance(tree, exp.Create) and isinstance(tree.this, exp.Schema)):
        return
    for item in list(tree.this.expressions):
        if isinstance(item, exp.UniqueColumnConstraint) and isinstance(item.this, exp.Schema):
            name = item.this.this
            columns = [c.this if isinstance(c, exp.Column) else c for c in item.this.expressions]
            unique = exp.UniqueColumnConstraint(this=exp.Schema(expressions=columns))
            item.replace(exp.Constraint(this=name, expressions=[unique]) if name is not None else unique)
