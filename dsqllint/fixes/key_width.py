"""Keys wider than DSQL's 2,000 declared bytes (DSQL804) made to fit, rather than losing what holds them
(a whole table for its primary key):

* an index keeps its leading columns up to 2,000 bytes: a lookup on the columns left out filters the rows
  the index finds. An index whose first column alone is too wide goes (queries scan).
* a unique index, UNIQUE or PRIMARY KEY is enforced on md5(col) of its widest text columns, a 128-bit hash of
  the value, so still one row per value (a collision is out of reach). A constraint cannot hold an
  expression, so a constraint becomes a unique index built after its table; a primary key's columns stay
  NOT NULL, and the table has no primary key (DSQL allows that). Lookups by such a column use the index only
  when written `md5(col) = md5(…)`; a foreign key cannot reference the columns any more.

Column widths are read from the converted CREATE TABLE (as rules/limits.declared_width counts them). The
indexes MySQL declared inside CREATE TABLE, lifted into CREATE INDEX statements by then, are fitted too."""

from __future__ import annotations

import re

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError

from dsqllint.catalog import name_key
from dsqllint.fixes import fix
from dsqllint.fixes.common import column_defs, creates, to_sql
from dsqllint.rules.indexes import key_base
from dsqllint.rules.limits import MAX_KEY_BYTES, declared_width

T = exp.DataType.Type
_HASHABLE = {T.VARCHAR, T.CHAR, T.NVARCHAR, T.NCHAR, T.BPCHAR, T.TEXT}
_INDEX_BEHAVIOUR = "lookups on the columns left out filter the rows the index finds instead of using it"
_HASH_BEHAVIOUR = ("uniqueness is enforced on md5() of {cols} (one row per value still); lookups by {cols} use "
                   "the index only when written md5(col) = md5(…), and no foreign key can reference them")


@fix("DSQL804")
def fit_keys(rw) -> None:
    """The statement's own keys. The indexes other fixes write after it are fitted once they have all run
    (`fit_written_indexes`): MySQL's inline KEY is lifted out by a fix of its own."""
    if rw.removed or rw.tree is None:
        return
    tree = rw.tree
    if isinstance(tree, exp.Create) and isinstance(tree.this, exp.Index):
        _fit_index(rw, tree, standalone=True)
    elif creates(tree) and isinstance(tree.this, exp.Schema):
        _fit_table_keys(rw, tree)


def fit_written_indexes(rw) -> None:
    """After every fix of a statement that has a key too wide: the index statements written after it."""
    if not rw.removed and rw.after and rw.finding("DSQL804"):
        rw.after[:] = [_fit_index_text(rw, sql) for sql in rw.after]


def _column_of(part: exp.Expression) -> str:
    base = key_base(part)
    if isinstance(base, exp.ColumnPrefix):
        base = base.this
    if isinstance(base, exp.Anonymous) and len(base.expressions) == 1:  # MySQL prefix `name(20)` read as a call
        return name_key(str(base.this))
    return name_key(base) if isinstance(base, (exp.Column, exp.Identifier)) else ""


def _columns(rw, table: str) -> dict[str, exp.ColumnDef]:
    """The table's columns as converted (this statement's own, or its CREATE TABLE's), else as declared."""
    creating = rw.tree if creates(rw.tree) == table else getattr(rw.state.get("creating", {}).get(table), "tree", None)
    if creating is not None:
        return {name_key(c.this): c for c in column_defs(creating)}
    info = rw.file.catalog.table(table)
    return dict(info.columns.items()) if info is not None else {}


def _width(columns: dict, column: str) -> int:
    definition = columns.get(column)
    return (declared_width(definition.args.get("kind")) or 0) if definition is not None else 0


def _hashed(rw, parts: list, columns: dict) -> tuple[list, list[str]] | None:
    """The key parts with their widest text columns as md5(col) until they fit, and those columns' names;
    None when hashing every text column is not enough, or the target has no expression indexes."""
    if not rw.target.supports("expression_indexes"):
        return None
    widths = [_width(columns, _column_of(p)) for p in parts]
    total, parts, names = sum(widths), list(parts), []
    for i in sorted(range(len(parts)), key=lambda k: -widths[k]):
        if total <= MAX_KEY_BYTES:
            break
        definition = columns.get(_column_of(parts[i]))
        kind = definition.args.get("kind") if definition is not None else None
        if not (isinstance(kind, exp.DataType) and kind.this in _HASHABLE and widths[i]):
            continue
        column = exp.column(definition.this.copy())
        parts[i] = exp.Anonymous(this="md5", expressions=[column])
        total -= widths[i]
        names.append(definition.name)
    return (parts, names) if total <= MAX_KEY_BYTES else None


def _fit_index(rw, create: exp.Create, standalone: bool = False) -> bool:
    """Fit a CREATE [UNIQUE] INDEX in place; False when it cannot fit (the statement itself, when
    `standalone`, is removed then)."""
    index = create.this
    params = index.args.get("params")
    parts = list(params.args.get("columns") or []) if params is not None else []
    columns = _columns(rw, name_key(index.args.get("table")))
    widths = [_width(columns, _column_of(p)) for p in parts]
    if sum(widths) <= MAX_KEY_BYTES:
        return True
    name = to_sql(index.this, rw) if index.this is not None else "index"
    if create.args.get("unique"):
        hashed = _hashed(rw, parts, columns)
        if hashed is not None:
            params.set("columns", hashed[0])
            cols = ", ".join(hashed[1])
            rw.change("DSQL804", f"unique index {name}: {cols} keyed by md5({cols}) to fit 2,000 bytes",
                      _HASH_BEHAVIOUR.format(cols=cols))
            return True
    else:
        kept, total = [], 0
        for part, width in zip(parts, widths):
            if total + width > MAX_KEY_BYTES:
                break
            kept.append(part)
            total += width
        if kept:
            left_out = ", ".join(_column_of(p) or to_sql(p, rw) for p in parts[len(kept):])
            params.set("columns", kept)
            rw.change("DSQL804", f"index {name}: {left_out} left out of the key to fit 2,000 bytes", _INDEX_BEHAVIOUR)
            return True
    if standalone:
        rw.remove("DSQL804", f"index {name}: its key cannot fit DSQL's 2,000 bytes",
                  "queries that used it scan the table; index md5(col) or left(col, n) and query by the same expression")
    return False


def _fit_index_text(rw, sql: str) -> str:
    """An index statement another fix wrote (MySQL's inline KEY lifted out), fitted and written again."""
    if "INDEX" not in sql.upper().split("(", 1)[0]:
        return sql
    try:
        create = sqlglot.parse_one(sql, read="dsql")
    except (ParseError, ValueError):
        return sql
    if not (isinstance(create, exp.Create) and isinstance(create.this, exp.Index)):
        return sql
    before = create.sql(dialect="dsql")
    if not _fit_index(rw, create):
        name = to_sql(create.this.this, rw) if create.this.this is not None else "index"
        rw.change("DSQL804", f"index {name} not created: its key cannot fit DSQL's 2,000 bytes",
                  "queries that used it scan the table; index md5(col) or left(col, n) and query by the same expression")
        return f"-- {sql}"
    after = create.sql(dialect="dsql")
    return sql if after == before else after


def _fit_table_keys(rw, tree: exp.Create) -> None:
    """PRIMARY KEY and UNIQUE constraints of CREATE TABLE wider than 2,000 bytes become unique indexes on md5()."""
    table = creates(tree)
    columns = _columns(rw, table)
    for item in list(tree.this.expressions):
        found = _table_constraint(item)
        for kind, node, parts, name in found:
            if sum(_width(columns, _column_of(p)) for p in parts) <= MAX_KEY_BYTES:
                continue
            hashed = _hashed(rw, parts, columns)
            if hashed is None:
                rw.remove("DSQL804", f"{kind} ({', '.join(_column_of(p) for p in parts)}) cannot fit DSQL's 2,000 "
                          f"bytes at {rw.target.label}", "narrow the declared widths, or key on a surrogate (uuid)")
                return
            at = rw.position(parts[0])
            node.pop()
            if kind == "primary key":
                for column in (columns.get(_column_of(p)) for p in parts):
                    if column is not None and not any(isinstance(c.args.get("kind"), exp.NotNullColumnConstraint)
                                                      for c in column.constraints):
                        column.append("constraints", exp.ColumnConstraint(kind=exp.NotNullColumnConstraint()))
            keys = ", ".join(to_sql(p, rw) for p in hashed[0])
            index_name = name or f"{table}_{'_'.join(_column_of(p) for p in parts)}_{'pkey' if kind == 'primary key' else 'key'}"
            rw.after.insert(0, f"CREATE UNIQUE INDEX ASYNC {index_name} ON {to_sql(tree.this.this, rw)} ({keys})")
            cols = ", ".join(hashed[1])
            what = "PRIMARY KEY" if kind == "primary key" else "UNIQUE"
            extra = ("; the table has no primary key now, its key columns stay NOT NULL" if kind == "primary key" else "")
            if any(_column_of(p) and not isinstance(key_base(p), (exp.Column, exp.Identifier)) for p in parts):
                extra += "; MySQL keyed a prefix of the values, this keys the whole values (values sharing the prefix are allowed)"
            rw.change("DSQL804", f"{what} ({', '.join(_column_of(p) for p in parts)}) → unique index {index_name} "
                      f"on md5({cols}) to fit 2,000 bytes", _HASH_BEHAVIOUR.format(cols=cols) + extra, at)


def _table_constraint(item: exp.Expression) -> list[tuple[str, exp.Expression, list, str]]:
    """(kind, node to remove, key parts, name) of the PRIMARY KEY / UNIQUE an element of CREATE TABLE declares."""
    if isinstance(item, exp.ColumnDef):
        out = []
        for constraint in item.constraints:
            kind = constraint.args.get("kind")
            if isinstance(kind, exp.PrimaryKeyColumnConstraint):
                out.append(("primary key", constraint, [item.this], ""))
            elif isinstance(kind, exp.UniqueColumnConstraint) and kind.this is None:
                out.append(("unique", constraint, [item.this], ""))
        return out
    node, name = item, ""
    if isinstance(item, exp.Constraint):
        name = _name(item.this)
        item = item.expressions[0] if item.expressions else item
    if isinstance(item, exp.PrimaryKey):
        return [("primary key", node, list(item.expressions), name)]
    if isinstance(item, exp.UniqueColumnConstraint) and isinstance(item.this, exp.Schema):
        return [("unique", node, list(item.this.expressions), name or _name(item.this.this))]
    return []


def _name(identifier: exp.Expression | None) -> str:
    """An index name as written for DSQL: bare when it needs no quotes (MySQL's backticks go)."""
    if identifier is None:
        return ""
    name = identifier.name
    return name if re.fullmatch(r"[a-z_][a-z0-9_]*", name) else exp.to_identifier(name, quoted=True).sql(dialect="dsql")
