"""`--ids uuid`: generated primary keys become `UUID DEFAULT gen_random_uuid()`.

Runs after every statement's fixes, when the whole file is known. The columns it considers are the
ones the identity fixes made from SERIAL / BIGSERIAL / AUTO_INCREMENT (`fixes/identity.py` lists
them in `state["auto_ids"]`) and pg_dump's sequence idiom (`CREATE SEQUENCE s … OWNED BY t.c` plus
`ALTER TABLE t ALTER COLUMN c SET DEFAULT nextval('s')`). Such a column becomes a uuid only when it
alone is its table's primary key and no foreign key of the file (inline REFERENCES, table
constraints, later ALTER TABLE ADD CONSTRAINT, MySQL FOREIGN KEY; kept or stripped) points at it:
a referencing column holds its integer values, which a uuid cannot match. Otherwise the column keeps
what `--ids identity` gives it (an identity, or its sequence), and the report says why. Columns that
are not the primary key keep their identity too: a uuid there would serve no key.
"""

from __future__ import annotations

import re

import sqlglot
from sqlglot import exp

from dsqllint.catalog import column_names, name_key
from dsqllint.convert.model import Change
from dsqllint.fixes.common import column_defs, creates, remove_constraints, set_type, table_of, to_sql
from dsqllint.rules.identity import nextval_defaults, sequence_named

UUID_BEHAVIOUR = ("ids are uuids now, not integers: they have no order (sort by a timestamp instead), "
                  "code that parses or compares them as numbers must change")
_TYPE_CODES = ("DSQL115", "DSQL116")  # UNSIGNED, integer display types: superseded on a column made a uuid
_REFERENCES = re.compile(r'\bREFERENCES\s+((?:[\w$"`]+\s*\.\s*)*[\w$"`]+)\s*(?:\(([^)]*)\))?', re.IGNORECASE)


def uuid_ids(rewrites: list) -> None:
    """Rewrite the eligible columns in place, recording each change (and each refusal) on its statement."""
    if not rewrites:
        return
    state = rewrites[0].state
    mysql = rewrites[0].dialect == "mysql"
    creating = {}
    for rw in rewrites:
        if not rw.removed and (table := _key(creates(rw.tree), mysql)):
            creating.setdefault(table, rw)
    keys = {table: _primary_key(rw.tree, mysql) for table, rw in creating.items()}
    referenced = _references(rewrites, keys, mysql)
    for rw, column, change in state.get("auto_ids", []):
        table = _key(creates(rw.tree), mysql)
        if rw.removed or keys.get(table) != (_key(name_key(column.this), mysql),):
            continue  # not the table's whole primary key: keeps its identity
        index = next((i for i, c in enumerate(rw.changes) if c is change), None)
        by = referenced.get((table, _key(name_key(column.this), mysql)))
        if by:
            if index is not None:
                rw.changes[index] = change.model_copy(update={"behaviour": _refused(by, "an identity", change.behaviour)})
            continue
        _make_uuid(column)
        seed = rw.stmt.tree.find(exp.AutoIncrementProperty) if rw.dialect == "mysql" else None
        behaviour = UUID_BEHAVIOUR + ("; the table's AUTO_INCREMENT= seed means nothing for uuids" if seed else "")
        new = Change(line=change.line, column=change.column, code=change.code,
                     summary=f"{column.name}: {change.summary.split(' → ')[0].split(': ', 1)[-1]} primary key → "
                             f"uuid DEFAULT gen_random_uuid() (--ids uuid)", behaviour=behaviour)
        if index is not None:
            rw.changes[index] = new
        else:
            rw.changes.append(new)
        # what the type fixes did to the integer (int → integer, UNSIGNED → CHECK) no longer stands
        rw.changes[:] = [c for c in rw.changes if not (c.code in _TYPE_CODES and c.summary.startswith(f"{column.name}: "))]
    _sequence_idiom(rewrites, creating, keys, referenced, mysql)


def _key(name: str, mysql: bool) -> str:
    return name.lower() if mysql else name


def _make_uuid(column: exp.ColumnDef) -> None:
    """`column UUID DEFAULT gen_random_uuid()`, without the integer's identity, default and checks
    (UNSIGNED's `CHECK (id >= 0)` cannot compare a uuid)."""
    set_type(column, "UUID")
    remove_constraints(column, exp.GeneratedAsIdentityColumnConstraint)
    remove_constraints(column, exp.DefaultColumnConstraint)
    remove_constraints(column, exp.CheckColumnConstraint)
    schema = column.parent
    for item in list(schema.expressions) if isinstance(schema, exp.Schema) else []:
        check = item.find(exp.CheckColumnConstraint) if isinstance(item, (exp.Constraint, exp.CheckColumnConstraint)) else None
        names = {name_key(c.this) for c in check.find_all(exp.Column)} if check is not None else set()
        if names == {name_key(column.this)}:
            item.pop()
    default = exp.DefaultColumnConstraint(this=sqlglot.parse_one("gen_random_uuid()", read="postgres"))
    column.set("constraints", [exp.ColumnConstraint(kind=default), *column.constraints])


def _primary_key(tree: exp.Expression, mysql: bool) -> tuple[str, ...]:
    """The columns of a CREATE TABLE's primary key (inline or table-level), () when it has none."""
    for column in column_defs(tree):
        if any(isinstance(c.args.get("kind"), exp.PrimaryKeyColumnConstraint) for c in column.constraints):
            return (_key(name_key(column.this), mysql),)
    for item in tree.this.expressions if isinstance(tree.this, exp.Schema) else []:
        key = item.expressions[0] if isinstance(item, exp.Constraint) and item.expressions else item
        if isinstance(key, exp.PrimaryKey):
            return tuple(_key(c, mysql) for c in column_names(key.expressions))
    return ()


def _references(rewrites: list, keys: dict, mysql: bool) -> dict[tuple[str, str], list[str]]:
    """(table, column) → the foreign keys of the file pointing at it (and the INSERTs giving it values),
    described for the report.
    Taken from each statement as written, so a foreign key stripped or deferred still counts."""
    out: dict[tuple[str, str], list[str]] = {}
    for rw in rewrites:
        tree = rw.stmt.tree
        line = rw.file.source.lines.position(rw.stmt.start)[0]
        if tree is None or isinstance(tree, exp.Command):
            for match in _REFERENCES.finditer(rw.text or rw.stmt.text):
                table = _key(name_key(re.split(r"\s*\.\s*", match.group(1))[-1].strip('"`')), mysql)
                cols = tuple(_key(c.strip().strip('"`'), mysql) for c in (match.group(2) or "").split(",") if c.strip())
                for col in cols or keys.get(table, ()):
                    out.setdefault((table, col), []).append(f"the foreign key at line {line}")
            continue
        if isinstance(tree, exp.Insert):  # rows of the file that give the key its integer values
            target = tree.this
            table = _key(name_key(target.this if isinstance(target, exp.Schema) else target), mysql)
            named = column_names(target.expressions) if isinstance(target, exp.Schema) else ()
            for col in keys.get(table, ()):
                if not named or col in {_key(c, mysql) for c in named}:
                    out.setdefault((table, col), []).append(f"the rows of the INSERT at line {line}")
            continue
        source = table_of(tree)
        source_name = to_sql(source, rw) if source is not None else "?"
        for reference in tree.find_all(exp.Reference):
            target = reference.this
            table = _key(name_key(target.this if isinstance(target, exp.Schema) else target), mysql)
            cols = tuple(_key(c, mysql) for c in column_names(target.expressions)) if isinstance(target, exp.Schema) else ()
            constraint = reference.find_ancestor(exp.Constraint, exp.ColumnConstraint)
            named = constraint.this if constraint is not None and isinstance(constraint.this, exp.Identifier) else None
            column = reference.find_ancestor(exp.ColumnDef)
            fk = reference.find_ancestor(exp.ForeignKey)
            from_cols = ([column.name] if column is not None else
                         [to_sql(c, rw) for c in fk.expressions] if fk is not None else [])
            what = f"foreign key {source_name}({', '.join(from_cols)})" + (
                f" constraint {named.name}" if named is not None else "")
            for col in cols or keys.get(table, ()):
                out.setdefault((table, col), []).append(f"{what} at line {line}")
    return out


def _refused(by: list[str], kept: str, behaviour: str | None) -> str:
    why = f"--ids uuid refused: its integer values are used by {'; '.join(dict.fromkeys(by))}; kept {kept}"
    return f"{why}; {behaviour}" if behaviour else why


def _sequence_idiom(rewrites: list, creating: dict, keys: dict, referenced: dict, mysql: bool) -> None:
    """A primary key whose default is `nextval('s')` (pg_dump: inline in CREATE TABLE t, or a later
    `ALTER TABLE t ALTER COLUMN c SET DEFAULT nextval('s')`) becomes a uuid in CREATE TABLE t; the
    default, and the sequence's own statements, go. The defaults are read as the identity fold
    (fixes/sequence_idiom.py) reads them."""
    for rw in rewrites:
        tree = rw.tree
        if rw.removed or not (creates(tree) or (isinstance(tree, exp.Alter) and len(tree.args.get("actions") or []) == 1)):
            continue
        for table, column, call in nextval_defaults(tree):
            table, column = _key(table, mysql), _key(column, mysql)
            owner = creating.get(table)
            if owner is None or (creates(tree) and owner is not rw) or keys.get(table) != (column,):
                continue
            _nextval_key(rw, owner, sequence_named(call), table, column, referenced, mysql, rewrites)


def _nextval_key(rw, owner, sequence: str, table: str, column_key: str, referenced: dict, mysql: bool,
                 rewrites: list) -> None:
    """Make `column_key`, the primary key of `owner` (CREATE TABLE `table`), a uuid if nothing references
    it; its default `nextval(sequence)` is given by `rw`, the CREATE TABLE itself or a later ALTER TABLE."""
    if not sequence:
        return
    columns = [c for c in column_defs(owner.tree) if _key(name_key(c.this), mysql) == column_key]
    if not columns:
        return
    line, col = rw.file.source.lines.position(rw.stmt.start)
    by = referenced.get((table, column_key))
    if by:
        rw.changes.append(Change(line=line, column=col, code="", summary=f"{columns[0].name}: kept nextval('{sequence}')",
                                 behaviour=_refused(by, f"integer ids from {sequence}", None)))
        return
    _make_uuid(columns[0])
    owner.dirty = True
    summary = f"{columns[0].name}: nextval('{sequence}') primary key → uuid DEFAULT gen_random_uuid()"
    if rw is not owner:
        rw.removed = f"{columns[0].name} of {table} is a uuid primary key now (--ids uuid)"
        summary += f" in CREATE TABLE {table}"
    rw.changes.append(Change(line=line, column=col, code="", summary=summary + " (--ids uuid)",
                             behaviour=UUID_BEHAVIOUR))
    _drop_sequence(rewrites, rw, owner, sequence)


def _drop_sequence(rewrites: list, default: object, owner: object, sequence: str) -> None:
    """Remove the sequence's CREATE / ALTER SEQUENCE and setval() statements, unless something else uses
    it (as written, or as the fixes made it: INHERITS copies a parent's columns, defaults and all)."""
    word = re.compile(rf'(?<![\w$]){re.escape(sequence)}(?![\w$])', re.IGNORECASE)
    texts = owner.state.setdefault("ids_texts", {})

    def text(rw) -> str:
        if id(rw) not in texts:
            written = rw.text or rw.stmt.text
            texts[id(rw)] = written + (rw.tree.sql(dialect="postgres") if rw.dirty and rw.tree is not None else "")
        return texts[id(rw)]

    pieces = [rw for rw in rewrites if rw is not default and rw is not owner and not rw.removed and word.search(text(rw))]
    if not all(rw.stmt.kind in ("CREATE SEQUENCE", "ALTER SEQUENCE", "SELECT") for rw in pieces):
        return  # something else names the sequence: it stays
    for rw in pieces:
        line, col = rw.file.source.lines.position(rw.stmt.start)
        rw.removed = f"sequence {sequence} no longer used (--ids uuid)"
        rw.changes.clear()  # what the fixes did to it (CACHE, AS bigint) no longer happens
        rw.changes.append(Change(line=line, column=col, code="", summary=f"removed: {rw.removed}"))
