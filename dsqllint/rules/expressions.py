"""Expressions DSQL cannot evaluate: functions it does not have (extensions, newer PostgreSQL),
functions that are not IMMUTABLE where DSQL needs them, sequences the file never creates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import takewhile

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError
from sqlglot.tokens import TokenType

from dsqllint.catalog import name_key
from dsqllint.findings import Severity
from dsqllint.function_origins import origin_of
from dsqllint.functions import lookup_function
from dsqllint.rules.base import Context, Rule, Violation, column_defs
from dsqllint.rules.identity import sequence_named
from dsqllint.rules.indexes import call_anchor, is_prefix, node_span, non_immutable

# Statements whose expressions DSQL evaluates or stores: defaults, CHECKs, generated columns (CREATE
# and ALTER TABLE), index keys and predicates, view queries.
CHECKED_KINDS = frozenset({"CREATE TABLE", "ALTER TABLE", "CREATE INDEX", "CREATE VIEW"})

# Names sqlglot reads as calls that are SQL syntax, not functions of pg_proc.
_SYNTAX = frozenset({
    "coalesce", "nullif", "greatest", "least", "row", "cast", "try_cast", "exists", "array", "any", "all", "some",
    "values", "grouping", "extract", "trim", "position", "substring", "overlay", "treat", "collation",
    "xmlelement", "xmlforest", "xmlparse", "xmlpi", "xmlroot", "xmlserialize", "xmlexists", "xmlconcat",
    "json_object", "json_array", "json_objectagg", "json_arrayagg", "json", "is_json",
    "current_date", "current_time", "current_timestamp", "localtime", "localtimestamp", "current_user",
    "current_role", "session_user", "user", "current_catalog", "current_schema",
})


@dataclass
class Call:
    """One function call of a statement."""

    name: str  # as PostgreSQL resolves it: folded to lower case unless quoted
    schema: str  # the qualifier as written ("" when unqualified)
    node: exp.Func | None  # None in the file-level memo (`_file_calls`), which must not keep trees alive
    at: tuple[int, int]  # the name, as written
    typed: bool  # sqlglot knows the function (it reads a typed node, not Anonymous)

    @property
    def arguments(self) -> int | None:
        """How many arguments the call passes, when sqlglot reads it as an unknown function (else None)."""
        if "arguments" not in self.__dict__:
            node = self.node
            self.__dict__["arguments"] = len(node.expressions) if isinstance(node, exp.Anonymous) else None
        return self.__dict__["arguments"]

    @property
    def sequence(self) -> str:
        """The sequence `nextval('name')` names ("" for any other call, or a name not written as a literal)."""
        if "sequence" not in self.__dict__:
            node = self.node
            self.__dict__["sequence"] = (sequence_named(node) if self.name == "nextval" and isinstance(node, exp.Anonymous)
                                         and len(node.expressions) == 1 else "")
        return self.__dict__["sequence"]

    def detached(self) -> "Call":
        """The call without its node (what the whole-file judgements need is computed first)."""
        light = Call(self.name, self.schema, None, self.at, self.typed)
        light.__dict__.update(arguments=self.arguments, sequence=self.sequence)
        return light

    @property
    def shown(self) -> str:
        return f"{self.schema}.{self.name}()" if self.schema else f"{self.name}()"


def function_calls(stmt, dialect: str) -> list[Call]:
    """Every call written `name(...)` in the statement, in source order (computed once per
    statement). Functions written as keywords (`current_timestamp`), syntax (`CAST(x AS t)`,
    `EXTRACT(... FROM ...)`) and MySQL key prefixes (`name(20)`) are not calls of a function."""
    key = ("function_calls", dialect)
    if key not in stmt.memo:
        stmt.memo[key] = _function_calls(stmt, dialect)
    return stmt.memo[key]


def _function_calls(stmt, dialect: str, tree: exp.Expression | None = None) -> list[Call]:
    """The calls of `tree` (a copy of the statement's tree a fix works on; by default the tree)."""
    calls = []
    for func in stmt.find_all(exp.Func) if tree is None else tree.find_all(exp.Func):
        meta = func.meta
        if "start" not in meta or func.find_ancestor(exp.Property) is not None:  # PARTITION BY LIST (a)
            continue
        if is_prefix(func, dialect) and func.find_ancestor(exp.Select) is None:  # MySQL key part `name(20)`
            continue
        if isinstance(func, exp.Anonymous):
            this = func.this
            quoted = isinstance(this, exp.Identifier) and this.quoted
            written = this.name if isinstance(this, exp.Identifier) else str(this)
            name = written if quoted else written.lower()
            typed = False
        else:
            written = stmt.text[meta["start"] : meta["end"] + 1]
            if not written.replace("_", "").isalnum() or not stmt.text[meta["end"] + 1 :].lstrip().startswith("("):
                continue
            name, typed = written.lower(), True
        parent = func.parent
        schema = ""
        if isinstance(parent, exp.Dot) and parent.expression is func:
            schema = name_key(parent.this)
        calls.append(Call(name, schema, func, (stmt.start + meta["start"], stmt.start + meta["end"] + 1), typed))
    calls.sort(key=lambda c: c.at)
    return calls


def checked(stmt) -> bool:
    return stmt.kind in CHECKED_KINDS and not stmt.opaque


def missing_function(call: Call, ctx, broken: dict[int, str] | None = None) -> tuple[str, str] | None:
    """(message, suggestion) when DSQL has no function `call` names, else None. A function the file
    creates counts when one of its definitions that can take the call's arguments is a LANGUAGE sql
    function DSQL can create. `broken`: the file's SQL functions DSQL cannot create (by default,
    `broken_functions(ctx)`)."""
    name = call.name
    if name in _SYNTAX or (call.schema in ("", "pg_catalog") and lookup_function(name) is not None):
        return None
    if ctx.dialect == "mysql" and call.typed:
        return None  # sqlglot knows it, and convert writes its PostgreSQL form
    declared = ctx.catalog.routines.get(name)
    if declared:
        if ctx.dialect == "mysql":
            return (f"{call.shown} is a MySQL stored function of this file; DSQL has no MySQL stored programs, so "
                    f"the call fails (`function {name}() does not exist`)",
                    "rewrite it as a LANGUAGE sql function, or compute the value in the application")
        candidates = [r for r in declared if r.accepts(call.arguments)] or declared
        if broken is None:
            broken = broken_functions(ctx)
        if any(r.kind == "FUNCTION" and r.language == "sql" and r.declared_at not in broken for r in candidates):
            return None
        routine = candidates[0]
        if routine.kind == "AGGREGATE":
            return (f"{call.shown} is an aggregate this file creates with CREATE AGGREGATE, which DSQL rejects, so "
                    f"the call fails (`function {name}() does not exist`)",
                    "use a built-in aggregate (string_agg, array_agg, json_agg, ...)")
        if routine.kind == "FUNCTION" and routine.language != "sql":
            return (f"{call.shown} is a LANGUAGE {routine.language} function of this file; DSQL rejects it "
                    "(only LANGUAGE sql), so the call fails too",
                    f"rewrite {name} as a LANGUAGE sql function")
        if routine.declared_at in broken:
            return (f"{call.shown} is a LANGUAGE sql function of this file that DSQL cannot create: its body "
                    f"calls {broken[routine.declared_at]}, which DSQL does not have",
                    f"rewrite {name} without it, or compute the value in the application")
    if lookup_function(name) is not None:
        return None  # a built-in, qualified with a schema
    origin = origin_of(name)
    if origin is not None:
        why = {"PostgreSQL": "DSQL is PostgreSQL 16", "MySQL": "PostgreSQL has no such function"}.get(
            origin.source.split()[0], "DSQL installs no extensions")
        message = f"{call.shown} is {origin.label}: {why} (`function {name}() does not exist`)"
        return message, origin.instead or "compute the value in the application"
    return (f"{call.shown} is neither a PostgreSQL 16 built-in nor a function this file creates: DSQL would fail "
            f"with `function {name}() does not exist`",
            "create it as a LANGUAGE sql function first, or compute the value in the application")


class UnknownFunction(Rule):
    """Functions DSQL does not have: extension functions and those of newer PostgreSQL versions.

    **What it does**: checks every function called in a column `DEFAULT`, a `CHECK`, a generated
    column, an index expression or predicate, a view and the body of a `LANGUAGE sql` function
    against PostgreSQL 16's built-in functions (generated from a real PostgreSQL 16) and the
    functions the schema creates itself with `CREATE FUNCTION ... LANGUAGE sql`. A call to
    anything else is reported with where the function comes from when dsqllint knows it: an
    extension (`uuid-ossp`, `pgcrypto`, `pg_trgm`, `fuzzystrmatch`, `unaccent`, `citext`,
    `hstore`, `ltree`, PostGIS, pgvector, ...) or a newer PostgreSQL (`uuidv7()` and `uuidv4()`
    are PostgreSQL 18). A function the file defines in
    another language (PL/pgSQL) or as a `CREATE AGGREGATE` is reported too: DSQL rejects those
    definitions. In MySQL files only functions sqlglot does not know are checked: the others are
    translated by `dsqllint convert`. Files linted together are one schema: a function one file
    creates (an earlier migration) is known in the others, and a SQL function whose body calls
    what no file creates makes its callers fail too. `dsqllint convert` judges its one file.

    **Why it matters**: DSQL is PostgreSQL 16 without extensions (`CREATE EXTENSION` is rejected),
    so the statement fails with `42883 function uuid_generate_v4() does not exist`. Rails and
    Django schemas use `uuid_generate_v4()` (uuid-ossp) for keys; PostgreSQL 18 schemas use
    `uuidv7()`.

    **Example**
    ```sql
    CREATE TABLE accounts (id uuid DEFAULT uuid_generate_v4() PRIMARY KEY, name text);
    ```

    **Use instead**
    ```sql
    CREATE TABLE accounts (id uuid DEFAULT gen_random_uuid() PRIMARY KEY, name text);
    ```

    **Fix**: `uuid_generate_v4()` and `uuidv4()` become `gen_random_uuid()` (the same random
    version-4 uuid: safe). `uuidv7()` becomes `gen_random_uuid()` too, which changes behaviour: the
    values are no longer ordered by creation time (the change report says so). Other calls have no
    DSQL equivalent: `dsqllint convert` drops the DEFAULT, CHECK or generation expression that holds
    them (reported as a behaviour change) and removes an index or view.

    **Reference**: DSQL unsupported features (extensions); reference §2 and §7 (`42883`);
    PostgreSQL 17 and 18 release notes; PostgreSQL contrib documentation (appendix F).
    """

    code = "DSQL901"
    name = "unknown-function"
    fixable = True

    def check(self, stmt, ctx):
        for call in _file_calls(ctx, stmt):
            if not unresolved(call, ctx):  # those wait for the whole run: another file may create them
                found = missing_function(call, ctx)
                if found is not None:
                    yield Violation(call.at, *found)

    def file_data(self, ctx):
        """The file's LANGUAGE sql functions DSQL can create (name → declaring statements), and the
        calls the run decides: of names no file may create (`unresolved`) and of the file's own SQL
        functions (broken if their body calls such a name): [statement, start, end, name, shown,
        unresolved]."""
        broken = broken_functions(ctx)
        defines: dict[str, list[int]] = {}
        for name, routines in ctx.catalog.routines.items():
            for r in routines:
                if ctx.dialect == "postgres" and r.kind == "FUNCTION" and r.language == "sql" and r.declared_at not in broken:
                    defines.setdefault(name, []).append(r.declared_at)
        calls = []
        for stmt in ctx.statements:
            if stmt.error is not None:
                continue
            for call in _file_calls(ctx, stmt):
                pending = unresolved(call, ctx)
                if pending or call.name in defines:
                    calls.append([stmt.index, *call.at, call.name, call.shown, pending])
        return {"defines": defines, "calls": calls}

    def check_run(self, results, target):
        """Calls of functions no file of the run creates, and of SQL functions whose body calls
        one (directly or through another such function)."""
        files = [(r, r.run_data.get(self.code) or self.file_data(
            Context(r.source, r.statements, r.catalog, target))) for r in results]
        defined: dict[str, list[tuple[int, int]]] = {}  # name → (file, declaring statement)
        for k, (_, data) in enumerate(files):
            for name, indexes in data["defines"].items():
                defined.setdefault(name, []).extend((k, i) for i in indexes)
        inside: dict[tuple[int, int], list[list]] = {}  # a definition → the calls in its body
        for k, (_, data) in enumerate(files):
            for call in data["calls"]:
                inside.setdefault((k, call[0]), []).append(call)
        broken: dict[tuple[int, int], str] = {}
        dead: dict[str, str] = {}  # names every definition of which is broken → why
        changed = True
        while changed:
            changed = False
            for name, definitions in defined.items():
                for definition in definitions:
                    if definition in broken:
                        continue
                    why = next((c[4] for c in inside.get(definition, []) if c[3] not in defined or c[3] in dead), None)
                    if why is not None:
                        broken[definition] = why
                        changed = True
                if name not in dead and all(d in broken for d in definitions):
                    dead[name] = broken[definitions[0]]
                    changed = True
        scope = "this file" if len(results) == 1 else f"the {len(results)} files linted"
        for result, data in files:
            for index, start, end, name, shown, pending in data["calls"]:
                if pending and name not in defined:
                    message = (f"{shown} is neither a PostgreSQL 16 built-in nor a function {scope} create"
                               f"{'s' if len(results) == 1 else ''}: DSQL would fail with `function {name}() does not exist`")
                    suggestion = "create it as a LANGUAGE sql function first, or compute the value in the application"
                elif name in dead:
                    message = (f"{shown} is a LANGUAGE sql function that DSQL cannot create: its body calls "
                               f"{dead[name]}, which DSQL does not have")
                    suggestion = f"rewrite {name} without it, or compute the value in the application"
                else:
                    continue
                yield result, result.statements[index], Violation((start, end), message, suggestion)


def unresolved(call: Call, ctx) -> bool:
    """True for a call of a name that is no built-in, has no known origin and that the file does not
    create: another file of the run (an earlier migration) may create it, so the run decides."""
    name = call.name
    if name in _SYNTAX or lookup_function(name) is not None or origin_of(name) is not None:
        return False
    if ctx.dialect == "mysql" and call.typed:
        return False
    return not ctx.catalog.routines.get(name)


def broken_functions(ctx) -> dict[int, str]:
    """LANGUAGE sql functions of the file whose body calls a function DSQL lacks, directly or
    through another such function (PostgreSQL checks a body when it creates the function): the
    declaring statement's index → the call that breaks it. Computed once per file; calls another
    file may answer (`unresolved`) are the run's to judge."""
    memo = ctx.catalog.memo
    if "broken_functions" in memo:
        return memo["broken_functions"]
    from dsqllint.catalog import routine_declared

    bodies: list[tuple[int, list[Call]]] = []
    if ctx.dialect == "postgres":
        for stmt in ctx.statements:
            routine = routine_declared(stmt) if stmt.kind == "CREATE FUNCTION" and stmt.error is None else None
            if routine is not None and routine.kind == "FUNCTION" and routine.language == "sql":
                bodies.append((stmt.index, _file_calls(ctx, stmt)))
    broken: dict[int, str] = {}
    changed = True
    while changed:  # until no function breaks because of one found broken in the previous round
        changed = False
        for index, calls in bodies:
            if index not in broken:
                reason = next((c.shown for c in calls if not unresolved(c, ctx) and missing_function(c, ctx, broken)), None)
                if reason is not None:
                    broken[index] = reason
                    changed = True
    memo["broken_functions"] = broken
    return broken


def checked_calls(stmt, dialect: str) -> list[Call]:
    """The calls unknown-function judges: those of defaults, CHECKs, generated columns, indexes and
    views, and those in the body of a PostgreSQL `LANGUAGE sql` function."""
    if stmt.kind == "CREATE FUNCTION" and dialect == "postgres":
        return body_calls(stmt)
    return function_calls(stmt, dialect) if checked(stmt) else []


def _file_calls(ctx, stmt) -> list[Call]:
    """`checked_calls` of a statement of the file, kept with the file's catalog: check, file_data
    and broken_functions all ask, and a function body is parsed once."""
    memo = ctx.catalog.memo.setdefault("checked_calls", {})
    if stmt.index not in memo:
        memo[stmt.index] = [call.detached() for call in checked_calls(stmt, ctx.dialect)]
    return memo[stmt.index]


_PARAMETER = re.compile(r"\$(\d+)")


def body_calls(stmt) -> list[Call]:
    """The calls in the body of a `LANGUAGE sql` function written as a string (`AS $$ ... $$`),
    positioned in the file: PostgreSQL checks the body when it creates the function."""
    from dsqllint.catalog import routine_declared
    from dsqllint.parse import parse_sql

    routine = routine_declared(stmt)
    if routine is None or routine.kind != "FUNCTION" or routine.language != "sql":
        return []
    words = stmt.words
    body = next((t for k, t in enumerate(stmt.tokens) if k and words[k - 1] == "AS"
                 and t.token_type in (TokenType.STRING, TokenType.HEREDOC_STRING)), None)
    if body is None:
        return []
    written = stmt.text[body.start : body.end + 1]
    inside = written.find(body.text)
    base = stmt.token_start(body) + max(inside, 0)
    calls = []
    # `$3-$2` trips sqlglot's tokenizer (it reads a dollar quote): parameters become same-length names
    text = _PARAMETER.sub(lambda m: "_" + m.group(1), body.text)
    for part in parse_sql(text, "postgres"):
        if part.error is not None or part.opaque:
            continue
        for call in function_calls(part, "postgres"):
            at = (base + call.at[0], base + call.at[1]) if inside >= 0 else (stmt.token_start(body), stmt.token_end(body))
            calls.append(Call(call.name, call.schema, call.node, at, call.typed))
    return calls


# --- generated columns -----------------------------------------------------------------------------


def generation_expressions(tree) -> list[tuple[exp.ColumnDef, exp.ColumnConstraint, exp.Expression]]:
    """(column, constraint, expression) of every `GENERATED ALWAYS AS (expr)` column."""
    out = []
    for column in column_defs(tree):
        for constraint in column.constraints:
            kind = constraint.args.get("kind")
            if isinstance(kind, exp.ComputedColumnConstraint) and kind.this is not None:
                out.append((column, constraint, kind.this))
            elif isinstance(kind, exp.GeneratedAsIdentityColumnConstraint) and kind.args.get("expression") is not None:
                out.append((column, constraint, kind.args["expression"]))
    return out


def _as_converted(expression: exp.Expression) -> exp.Expression | None:
    """A MySQL expression as `dsqllint convert` writes it for DSQL, read back."""
    try:
        return sqlglot.parse_one(expression.sql(dialect="dsql"), read="dsql")
    except (ParseError, TokenError, ValueError):
        return None


class GeneratedNotImmutable(Rule):
    """Generated columns may call only IMMUTABLE functions.

    **What it does**: flags calls of built-in functions that are not IMMUTABLE (`now()`,
    `random()`, `concat()`, `to_char()`, `gen_random_uuid()`, ...) and casts between text and
    date/time types (they depend on DateStyle and TimeZone) in the expression of a
    `GENERATED ALWAYS AS (...) STORED` column. MySQL expressions are judged as `dsqllint convert`
    writes them (MySQL's `CONCAT(a, b)` becomes `a || b`). A SQL function the file creates is not
    judged by its declared volatility: PostgreSQL inlines a simple one and judges its body.

    **Why it matters**: a stored generated column is computed once, on write, and must give the
    same value every time. DSQL fails with `42P17 generation expression is not immutable`.

    **Example**
    ```sql
    CREATE TABLE people (first text, last text, full_name text GENERATED ALWAYS AS (concat(first, ' ', last)) STORED);
    ```

    **Use instead**: the `||` operator on text is immutable.
    ```sql
    CREATE TABLE people (first text, last text, full_name text GENERATED ALWAYS AS (first || ' ' || last) STORED);
    ```

    **Fix**: the column becomes a plain column: the application must now set its value (reported
    as a behaviour change).

    **Reference**: reference §3.1 (generated columns: STORED, IMMUTABLE) and §7 (`42P17`).
    """

    code = "DSQL902"
    name = "generated-not-immutable"
    fixable = True

    def check(self, stmt, ctx):
        if stmt.kind not in ("CREATE TABLE", "ALTER TABLE") or stmt.opaque:
            return
        types = column_types(stmt.tree)
        mysql = ctx.dialect == "mysql"
        for column, _, expression in generation_expressions(stmt.tree):
            for func, written, volatility in not_immutable_parts(expression, types, as_converted=mysql):
                if mysql:  # judged as converted: the nodes are not the file's
                    at = expression
                elif isinstance(func, exp.Cast):
                    at = node_span(stmt, func)
                else:
                    at, written = call_anchor(stmt, func)
                yield Violation(
                    at,
                    f'{written} is {volatility}, not IMMUTABLE: DSQL rejects it in generated column "{column.name}" '
                    "(`generation expression is not immutable`)",
                    "use immutable functions and operators only (|| instead of concat, no casts between text and "
                    "dates), or set the value in the application",
                )


def column_types(tree: exp.Expression) -> dict[str, exp.DataType | None]:
    """Column name (lookup key) → declared type, for the columns a statement defines."""
    return {name_key(c.this): c.args.get("kind") for c in column_defs(tree)}


def not_immutable_parts(expression: exp.Expression, types: dict, *, as_converted: bool = False):
    """(node, how it reads, volatility) for each part of a generation expression PostgreSQL does not
    count as IMMUTABLE: calls of STABLE or VOLATILE functions and casts between text and date/time
    types. `types`: the statement's column types (`column_types`). `as_converted`: judge the
    expression as written for DSQL and read back (a MySQL expression, or a tree convert rewrote):
    the nodes given are then those of that reading. The one judgement of immutability: lint's
    DSQL902 and convert's generated-column pass both ask it."""
    judged = _as_converted(expression) if as_converted else expression
    if judged is None:
        return
    for func in judged.find_all(exp.Func):
        if isinstance(func, exp.Cast):
            cast = _stable_cast(func, types)
            if cast is not None:
                yield func, cast, "stable"
        else:
            found = non_immutable(func)
            if found is not None:
                yield func, f"{found[0]}()", found[1]


def _temporal(kind) -> bool:
    return isinstance(kind, exp.DataType) and kind.this in exp.DataType.TEMPORAL_TYPES


def _stable_cast(cast: exp.Cast, types: dict) -> str | None:
    """How a cast between text and a date/time type reads (`a cast from text to timestamp`); those
    casts depend on DateStyle and TimeZone, so PostgreSQL makes them STABLE. None for other casts."""
    to, operand = cast.args.get("to"), cast.this
    while isinstance(operand, exp.Paren):
        operand = operand.this
    operand_type = operand.args.get("to") if isinstance(operand, exp.Cast) else (
        types.get(name_key(operand)) if isinstance(operand, exp.Column) else None)
    if _temporal(to):
        if isinstance(operand, exp.Literal) or _temporal(operand_type) or (
                isinstance(operand_type, exp.DataType) and operand_type.this not in exp.DataType.TEXT_TYPES):
            return None  # a constant (read when the statement is), between date/time types, or from a number
        return f"a cast to {to.sql(dialect='dsql').lower()} from text"
    if isinstance(to, exp.DataType) and to.this in exp.DataType.TEXT_TYPES and _temporal(operand_type):
        return f"a cast from {operand_type.sql(dialect='dsql').lower()} to text"
    return None


class VirtualGeneratedColumn(Rule):
    """VIRTUAL generated columns are PostgreSQL 18: DSQL has only STORED ones.

    **What it does**: flags PostgreSQL generated columns that are `VIRTUAL`, written out or by
    default (`GENERATED ALWAYS AS (expr)` without `STORED`, PostgreSQL 18's default). MySQL's are
    mysql-virtual-generated-column's.

    **Why it matters**: DSQL is PostgreSQL 16, whose grammar has only
    `GENERATED ALWAYS AS ( expr ) STORED`: `VIRTUAL` is a syntax error, and so is leaving the kind
    out.

    **Example**
    ```sql
    CREATE TABLE film (length int, length_hours numeric(4,2) GENERATED ALWAYS AS (round(length / 60.0, 2)) VIRTUAL);
    ```

    **Use instead**
    ```sql
    CREATE TABLE film (length int, length_hours numeric(4,2) GENERATED ALWAYS AS (round(length / 60.0, 2)) STORED);
    ```

    **Fix**: the column becomes STORED: the same values, computed on write and stored.

    **Reference**: DSQL create-table-syntax-support (`GENERATED ALWAYS AS ( generation_expr ) STORED`);
    PostgreSQL 18 release notes (virtual generated columns).
    """

    code = "DSQL904"
    name = "virtual-generated-column"
    dialects = frozenset({"postgres"})
    fixable = True

    def check(self, stmt, ctx):
        if stmt.kind not in ("CREATE TABLE", "ALTER TABLE") or stmt.opaque:
            return
        for column, constraint, _ in generation_expressions(stmt.tree):
            kind = constraint.args["kind"]
            if isinstance(kind, exp.ComputedColumnConstraint) and kind.args.get("persisted"):
                continue
            end = stmt.node_end(column)
            following = stmt.tokens[stmt.token_index(end) : stmt.token_index(end) + 3]
            following = list(takewhile(lambda t: t.token_type != TokenType.COMMA, following))  # not the next column
            virtual = next((t for t in following if t.text.upper() == "VIRTUAL"), None)
            if virtual is not None:
                at, how = virtual, "VIRTUAL"
            else:
                at, how = stmt.token_before(end + 1, {"GENERATED"}) or column, "VIRTUAL by default (no STORED)"
            yield Violation(
                at,
                f'generated column "{column.name}" is {how}: PostgreSQL 18 syntax; DSQL has only STORED generated columns',
                f'declare "{column.name}" GENERATED ALWAYS AS (...) STORED',
            )


# --- sequences ---------------------------------------------------------------------------------------


class NextvalUnknownSequence(Rule):
    """`nextval()` on a sequence the file never creates.

    **What it does**: flags `nextval('name')` in a default, CHECK, index or view when no file
    linted with it creates the sequence (`CREATE SEQUENCE`) or declares a `serial` or identity
    column whose implicit sequence has that name (`<table>_<column>_seq`).

    **Why it matters**: the statement fails on DSQL (`42P01 relation "orders_id_seq" does not
    exist`) unless an earlier migration created the sequence. A dump or migration set that lost
    its `CREATE SEQUENCE` (often a `serial` column rewritten by hand) is the usual cause.

    **Example**
    ```sql
    CREATE TABLE orders (id bigint DEFAULT nextval('orders_id_seq') PRIMARY KEY);
    ```

    **Use instead**: an identity column, which needs no separate sequence.
    ```sql
    CREATE TABLE orders (id bigint GENERATED BY DEFAULT AS IDENTITY (CACHE 65536) PRIMARY KEY);
    ```

    **Reference**: DSQL sequences (create-sequence-syntax-support); PostgreSQL sequence functions.
    """

    code = "DSQL903"
    name = "nextval-unknown-sequence"
    severity = Severity.WARNING
    requires = "sequences"
    dialects = frozenset({"postgres"})

    def file_data(self, ctx):
        """The sequences the file creates (explicitly, or as the implicit sequence of a serial or
        identity column) and its nextval calls of the others: [statement, start, end, sequence]."""
        if ctx.dialect != "postgres":
            return None
        created = set(ctx.catalog.sequences) | _implicit_sequences(ctx)
        calls = []
        for stmt in ctx.statements:
            if stmt.error is not None or not checked(stmt):
                continue
            for call in _file_calls(ctx, stmt):  # the calls DSQL901 collected (a CREATE FUNCTION is not checked)
                if call.sequence and call.sequence not in created:
                    calls.append([stmt.index, *call.at, call.sequence])
        return {"sequences": sorted(created), "calls": calls}

    def check_run(self, results, target):
        """Files linted together are one schema: a sequence one file creates serves the others."""
        files = [(r, r.run_data.get(self.code)) for r in results if r.source.dialect == "postgres"]
        files = [(r, data if data is not None else self.file_data(Context(r.source, r.statements, r.catalog, target)))
                 for r, data in files]
        created = {name for _, data in files for name in data["sequences"]}
        scope = "this file never creates" if len(results) == 1 else f"none of the {len(results)} files linted creates"
        for result, data in files:
            for index, start, end, sequence in data["calls"]:
                if sequence not in created:
                    yield result, result.statements[index], Violation(
                        (start, end),
                        f"nextval('{sequence}'): {scope} sequence {sequence}; DSQL fails with "
                        f'`relation "{sequence}" does not exist` unless an earlier migration created it',
                        f"create it first (CREATE SEQUENCE {sequence} CACHE 65536), or use an identity column",
                    )


def _implicit_sequences(ctx) -> set[str]:
    """`<table>_<column>_seq` of every serial and identity column of the file."""
    return ctx.catalog.implicit_sequences
