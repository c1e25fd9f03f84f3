"""Generated columns in the form DSQL (PostgreSQL 16) accepts, whatever the source dialect.

* VIRTUAL (MySQL's default, PostgreSQL 18's keyword or default) → STORED: DSQL has only STORED.
* A JSON value read into a column of another type: PostgreSQL has no cast from `json` to boolean or
  a number (jsonb had one, and MySQL converts implicitly), so `doc->'k'` (cast or not) becomes
  `CAST(doc->>'k' AS <column type>)`: the text of the member, cast.
* An expression PostgreSQL does not consider IMMUTABLE (a cast of text to a date/time type depends
  on the DateStyle and TimeZone settings) cannot generate a column: the column becomes a plain
  column, reported, and the application writes the value.
Runs on every CREATE TABLE after the fixes (it needs the converted column types)."""

from __future__ import annotations

from sqlglot import exp

from dsqllint.rules.expressions import column_types, not_immutable_parts

T = exp.DataType.Type
_JSON_TYPES = {T.JSON, T.JSONB}
_TEXT_TYPES = {T.TEXT, T.VARCHAR, T.CHAR, T.NVARCHAR, T.NCHAR, T.NAME}


def _generation(column: exp.ColumnDef) -> tuple[exp.ColumnConstraint, exp.Expression] | None:
    for constraint in column.constraints:
        kind = constraint.args.get("kind")
        if isinstance(kind, exp.ComputedColumnConstraint):
            return constraint, kind
        if isinstance(kind, exp.GeneratedAsIdentityColumnConstraint) and kind.args.get("expression") is not None:
            return constraint, kind
    return None


def as_stored(rw, column: exp.ColumnDef, code: str, at: tuple[int, int] | None = None) -> exp.ComputedColumnConstraint | None:
    """Make a VIRTUAL generated column STORED (the same values, computed on write), reported under
    `code`; the column's generation afterwards, None when it is not a generated column. (The dsql
    generator writes every generated column as STORED: this makes the report say so.)"""
    found = _generation(column)
    if found is None:
        return None
    constraint, kind = found
    if not (isinstance(kind, exp.ComputedColumnConstraint) and kind.args.get("persisted")):
        expression = kind.this if isinstance(kind, exp.ComputedColumnConstraint) else kind.args["expression"]
        kind = exp.ComputedColumnConstraint(this=expression, persisted=True)
        constraint.set("kind", kind)
        rw.change(code, f"{column.name}: VIRTUAL generated column → STORED", "the value is computed on write and stored", at)
    return kind


def _position(rw, column: exp.ColumnDef) -> tuple[int, int]:
    try:
        return rw.position(column.this)
    except Exception:  # a node a fix added: the statement's start
        return rw._first()


def generated_columns(rw) -> None:
    tree = rw.tree
    if not isinstance(tree, exp.Create) or not isinstance(tree.this, exp.Schema):
        return
    for column in [c for c in tree.this.expressions if isinstance(c, exp.ColumnDef)]:
        found = _generation(column)
        if found is None:
            continue
        constraint, _ = found
        at = _position(rw, column)
        kind = as_stored(rw, column, "DSQL684" if rw.dialect == "mysql" else "", at)
        column_type = column.args.get("kind")
        _json_members_cast(rw, column, kind, column_type, at)
        parts = list(not_immutable_parts(kind.this, column_types(tree), as_converted=True))
        if parts:  # what the conversion wrote (a JSON member cast to a date, CONVERT_TZ): DSQL902 saw the rest
            _, written, volatility = parts[0]
            constraint.pop()
            rw.change("", f"{column.name}: no longer generated: as converted, its expression has {written}, which "
                      f"is {volatility}, not IMMUTABLE", f"the application must write {column.name} "
                      "(it was computed from other columns)", at)


def _json_members_cast(rw, column: exp.ColumnDef, kind: exp.ComputedColumnConstraint, column_type, at) -> None:
    if not isinstance(column_type, exp.DataType) or column_type.this in _JSON_TYPES:
        return
    changed = False
    for extract in list(kind.find_all(exp.JSONExtract)):
        parent = extract.parent
        while isinstance(parent, exp.Paren):
            parent = parent.parent
        cast = parent if isinstance(parent, exp.Cast) else None
        if cast is None and extract.parent is not kind and not isinstance(extract.parent, exp.Paren):
            continue  # used inside a larger expression: left alone
        target = cast.args["to"] if cast is not None else column_type
        if target.this in _JSON_TYPES:
            continue
        scalar = exp.JSONExtractScalar(this=extract.this, expression=extract.expression,
                                       only_json_types=extract.args.get("only_json_types"))
        new = scalar if target.this in _TEXT_TYPES else exp.Cast(this=scalar, to=target.copy())
        (cast or extract).replace(new)
        changed = True
    if changed:
        rw.change("", f"{column.name}: JSON member read as text and cast to {column_type.sql(dialect='dsql')} "
                  "(PostgreSQL has no cast from json to it)", None, at)


