"""The ``dsql`` sqlglot dialect: PostgreSQL plus the DDL that Aurora DSQL adds.

Import this module and use ``read="dsql"`` / ``dialect="dsql"`` (the class registers itself
under its lower-cased name). Everything not listed here parses and generates exactly as the
``postgres`` dialect does.

What the dialect adds, and where it lives in the AST (args that stock sqlglot does not know
are set with ``Expression.set`` after construction, so they are never validated):

* ``CREATE [UNIQUE] INDEX ASYNC [IF NOT EXISTS] [name] ON t (...) ...``
  -> ``exp.Create(kind="INDEX")`` with ``create.args["async_"] = True`` (absent otherwise;
  the trailing underscore follows sqlglot's ``with_``/``else_`` convention, ``async`` being a
  Python keyword). ``CREATE INDEX async ON t (a)`` is still an index *named* ``async``:
  ASYNC directly followed by ON is read as the name, as PostgreSQL does. Helpers:
  :func:`index_is_async`, :func:`set_index_async`.
* ``... INCLUDE (...) NULLS [NOT] DISTINCT ...`` on any index (stock sqlglot falls back to
  ``exp.Command``) -> ``exp.IndexParameters.args["nulls_distinct"]``: True for NULLS DISTINCT,
  False for NULLS NOT DISTINCT, absent if not written.
* ``ALTER TABLE [ASYNC] [IF EXISTS] [ONLY] t VALIDATE CONSTRAINT c``
  -> ``exp.Alter(kind="TABLE", actions=[ValidateConstraint(this=Identifier c)])`` with
  ``alter.args["async_"] = True`` when ASYNC is written. ``ValidateConstraint`` is defined
  here, so only the ``dsql`` generator can print it (the ``postgres`` generator raises
  ``ValueError: Unsupported expression type ValidateConstraint``).
* ``GENERATED {ALWAYS|BY DEFAULT} AS IDENTITY (options)`` with the options in any order,
  CACHE included -> ``exp.GeneratedAsIdentityColumnConstraint`` with the stock args
  ``start``, ``increment``, ``minvalue``, ``maxvalue`` (expressions) and ``cycle``
  (True = CYCLE, False = NO CYCLE), plus ``cache`` (an ``exp.Literal``; absent when no
  CACHE is written) and ``no_minvalue`` / ``no_maxvalue`` (True when written). It is
  generated in pg_dump order: START WITH, INCREMENT BY, [NO] MINVALUE, [NO] MAXVALUE, CACHE,
  [NO] CYCLE. Helpers: :func:`identity_cache`, :func:`set_identity_cache`.
* ``CREATE SEQUENCE`` is stock: the options are the ``exp.SequenceProperties`` node in
  ``create.args["properties"]``, CACHE is its ``cache`` arg (``exp.Literal``), the AS type is
  ``create.expression``. ``ALTER SEQUENCE [IF EXISTS] s [AS type] <options>`` (options as in
  CREATE SEQUENCE: START, INCREMENT, [NO] MINVALUE/MAXVALUE, CACHE, [NO] CYCLE, OWNED BY t.c)
  -> ``exp.Alter(kind="SEQUENCE", actions=[exp.SequenceProperties])``, the AS type in the
  SequenceProperties' ``as_type`` arg. Other forms (RESTART, RENAME, OWNER TO, SET ...,
  OWNED BY NONE, AS after another option) stay ``exp.Command`` as in stock sqlglot.
  Helper: :func:`sequence_cache` reads CACHE from a CREATE or ALTER SEQUENCE.

* ``COMMENT ON <kind> <object> IS NULL`` (removes a comment; stock sqlglot accepts only a
  string after IS) -> ``exp.Comment`` whose ``expression`` is ``exp.Null()``; with a string it
  stays the stock ``exp.Literal``.
* ``CREATE [UNIQUE] INDEX ... ON ONLY t ...`` (pg_dump's form for partitioned tables: the index
  is not created on the partitions) -> the ``exp.Index`` (``create.this``) has
  ``index.args["only"] = True`` (absent otherwise) and ONLY is printed back after ON.
* Generated columns: ``GENERATED ALWAYS AS (expr) STORED`` and PostgreSQL 18's
  ``GENERATED ALWAYS AS (expr) VIRTUAL`` -> ``exp.ComputedColumnConstraint(this=expr)`` with
  the stock ``persisted`` arg: True for STORED, False for VIRTUAL (the convention of sqlglot's
  MySQL parser). The dsql parser always sets it, so a linter tells them apart with
  ``constraint.args.get("persisted")`` (truthy = STORED). The dsql generator prints VIRTUAL
  only for ``persisted is False``; None (ASTs from the stock postgres parser) prints STORED. The
  bare ``GENERATED ALWAYS AS (expr)`` (VIRTUAL by default in PostgreSQL 18) is left as stock
  sqlglot reads it: ``exp.GeneratedAsIdentityColumnConstraint(this=True, expression=expr)``.

Generating a dsql AST with ``dialect="postgres"`` silently drops the DSQL-only args
(``async_``, ``cache``, ``no_minvalue``/``no_maxvalue``, ``nulls_distinct``, ``as_type``,
the index's ``only``) and prints a VIRTUAL generated column as STORED;
the stock generator also drops identity MINVALUE/MAXVALUE unless START, INCREMENT or CYCLE is set.

The overrides use private sqlglot parser/generator methods; sqlglot is pinned to 30.30.* and
tests/test_dialect.py covers them.
"""

from __future__ import annotations

import typing as t
from copy import deepcopy

import sqlglot.tokens
from sqlglot import exp
from sqlglot.dialects.postgres import Postgres
from sqlglot.generators.postgres import PostgresGenerator
from sqlglot.parsers.postgres import PostgresParser
from sqlglot.tokens import TokenType

E = t.TypeVar("E", bound=exp.Expr)

__all__ = [
    "DSQL",
    "ValidateConstraint",
    "ensure_pure_python_sqlglot",
    "identity_cache",
    "index_is_async",
    "sequence_cache",
    "set_identity_cache",
    "set_index_async",
]


def ensure_pure_python_sqlglot() -> None:
    """Fail fast if the mypyc-compiled ``sqlglotc`` overlay is installed.

    Compiled sqlglot classes cannot be subclassed from Python ("interpreted classes cannot
    inherit from compiled"), and the DSQL dialect subclasses its parser and generator.
    """
    if getattr(sqlglot.tokens, "SQLGLOTC_INSTALLED", False):
        raise RuntimeError(
            "dsqllint needs pure-Python sqlglot; uninstall sqlglotc: pip uninstall sqlglotc"
        )


ensure_pure_python_sqlglot()


_SCALARS = frozenset((int, str, float, bool, type(None)))


def _copied(value):
    """`copy.deepcopy(value)` for a node's comments or meta, without deepcopy's machinery when the
    value is a list or dict of immutable scalars (token positions, comment strings): a new
    container of the same items is the same deep copy."""
    kind = type(value)
    if kind is dict:
        if _SCALARS.issuperset(map(type, value.values())):
            return dict(value)
    elif kind is list:
        if _SCALARS.issuperset(map(type, value)):
            return list(value)
    return deepcopy(value)


def copy_tree(tree: E) -> E:
    """`tree.copy()`: the same copy, node for node, as sqlglot's `Expr.__deepcopy__` (parent,
    arg_key, index and the cached hash set as its `set`/`append` calls leave them: a node keeps
    its hash only when it has no node or list argument), without its per-node overhead: a
    node's position meta (`line`, `col`, `start`, `end`: ints) and comments are copied as new
    dicts and lists instead of through `copy.deepcopy`, and children are linked directly. A
    statement's copy cost about as much as parsing it."""
    Expr = exp.Expr
    root = tree.__class__()
    stack = [(tree, root)]
    pop, push = stack.pop, stack.append
    while stack:
        node, copy = pop()
        if node.comments is not None:
            copy.comments = _copied(node.comments)
        if node._type is not None:
            copy._type = deepcopy(node._type)
        if node._meta is not None:
            copy._meta = _copied(node._meta)
        leaf = True
        args = copy.args
        for k, vs in node.args.items():
            if isinstance(vs, Expr):
                child = vs.__class__()
                child.parent = copy
                child.arg_key = k
                child.index = None
                args[k] = child
                push((vs, child))
                leaf = False
            elif type(vs) is list:
                leaf = False
                values: list = []
                for v in vs:
                    if isinstance(v, Expr):
                        child = v.__class__()
                        child.parent = copy
                        child.arg_key = k
                        child.index = len(values)
                        values.append(child)
                        push((v, child))
                    else:
                        values.append(v)
                args[k] = values
            else:
                args[k] = vs
        if leaf and node._hash is not None:
            copy._hash = node._hash
    return root


class ValidateConstraint(exp.Expression):
    """The ``VALIDATE CONSTRAINT name`` action of ALTER TABLE (stock sqlglot: Command)."""

    arg_types = {"this": True}


# PostgreSQL's identity options that take a value, in the order they are generated.
_IDENTITY_VALUE_OPTIONS = (
    ("start", ("START", "WITH")),
    ("increment", ("INCREMENT", "BY")),
    ("minvalue", ("MINVALUE",)),
    ("maxvalue", ("MAXVALUE",)),
    ("cache", ("CACHE",)),
)


class DSQL(Postgres):
    class Parser(PostgresParser):
        # Stock Postgres leaves `ALTER TABLE t VALIDATE CONSTRAINT c` as a Command.
        ALTER_PARSERS = {
            **PostgresParser.ALTER_PARSERS,
            "VALIDATE": lambda self: self._parse_validate_constraint(),
        }

        def _match_async(self) -> bool:
            """Consume DSQL's ASYNC keyword. ASYNC followed by ON, `.` or `(` is a name, so
            `CREATE INDEX async ON t (a)` stays an index named async."""
            curr, nxt = self._curr, self._next
            if (
                curr
                and nxt
                and curr.token_type == TokenType.VAR
                and curr.text.upper() == "ASYNC"
                and nxt.token_type not in (TokenType.ON, TokenType.DOT, TokenType.L_PAREN)
            ):
                self._advance()
                return True
            return False

        def _parse_create(self) -> exp.Create | exp.Command:
            # Stock sqlglot reads `CREATE INDEX ASYNC idx ON t (a)` as an index named ASYNC
            # (and silently misparses the rest), so the ASYNC form of CREATE INDEX is parsed
            # here; every other CREATE goes to the stock parser.
            start, index = self._prev, self._index
            unique = self._match(TokenType.UNIQUE)
            if not (self._match(TokenType.INDEX) and self._match_async()):
                self._retreat(index)
                return super()._parse_create()

            exists = self._parse_exists(not_=True)
            name = None if self._match(TokenType.ON, advance=False) else self._parse_id_var()
            this = self._parse_index(index=name, anonymous=name is None)
            # Leftover tokens: fall back to a Command, as the stock _parse_create does.
            if self._curr and not self._match_set((TokenType.R_PAREN, TokenType.COMMA), False):
                return self._parse_as_command(start)

            create = self.expression(
                exp.Create(this=this, kind="INDEX", unique=unique, exists=exists)
            )
            create.set("async_", True)
            return create

        def _parse_index_params(self) -> exp.IndexParameters:
            # Stock sqlglot does not know `NULLS [NOT] DISTINCT`, which PostgreSQL puts after
            # INCLUDE (...) and before WITH / TABLESPACE / WHERE: parse it, then the rest.
            self._in_index_params = True
            try:
                params = super()._parse_index_params()
            finally:
                self._in_index_params = False
            if self._match_text_seq("NULLS", "DISTINCT"):
                params.set("nulls_distinct", True)
            elif self._match_text_seq("NULLS", "NOT", "DISTINCT"):
                params.set("nulls_distinct", False)
            else:
                return params

            rest = super()._parse_index_params()
            for key, value in rest.args.items():
                if value is not None and not params.args.get(key):
                    params.set(key, value)
            return params

        def _parse_wrapped_id_vars(self, optional: bool = False) -> list[exp.Expr]:
            # INCLUDE (...) of an index takes column names, but DSQL answers an expression there
            # with its own error; read expressions so a rule can point at them.
            if getattr(self, "_in_index_params", False):
                items = self._parse_wrapped_csv(self._parse_expression, optional=optional)
                # plain names stay Identifiers, as stock sqlglot builds them
                return [i.this if isinstance(i, exp.Column) and not i.table else i for i in items]
            return super()._parse_wrapped_id_vars(optional=optional)

        def _parse_generated_as_identity(
            self,
        ) -> (
            exp.GeneratedAsIdentityColumnConstraint
            | exp.ComputedColumnConstraint
            | exp.GeneratedAsRowColumnConstraint
        ):
            # Stock sqlglot accepts identity options only in the order START, INCREMENT,
            # MINVALUE, MAXVALUE, CYCLE, and raises ParseError on CACHE and NO MINVALUE.
            # Parse `{ALWAYS | BY DEFAULT} AS IDENTITY (options)` here; anything else
            # (no options, computed columns, other dialects' forms) goes to the stock parser.
            index = self._index
            by_default = self._match_text_seq("BY", "DEFAULT")
            always = not by_default and self._match_text_seq("ALWAYS")
            if (
                (by_default or always)
                and self._match(TokenType.ALIAS)
                and self._match_text_seq("IDENTITY")
                and self._match(TokenType.L_PAREN)
            ):
                # Validate before the options add args stock sqlglot does not know (cache, ...).
                identity = self.expression(
                    exp.GeneratedAsIdentityColumnConstraint(this=bool(always))
                )
                if self._parse_identity_options(identity):
                    return identity

            self._retreat(index)
            return self._parse_generated_column(super()._parse_generated_as_identity())

        def _parse_identity_options(self, identity: exp.Expr) -> bool:
            """Parse identity options up to and including `)`.

            Returns False on an unknown, valueless or repeated option (PostgreSQL rejects
            repeats); the caller then lets the stock parser report the error.
            """
            seen: set[str] = set()
            while not self._match(TokenType.R_PAREN):
                for key, keywords in _IDENTITY_VALUE_OPTIONS:
                    if self._match_text_seq(keywords[0]):
                        self._match_text_seq(*keywords[1:])  # WITH / BY are optional
                        value = self._parse_bitwise()
                        if value is None:
                            return False
                        identity.set(key, value)
                        break
                else:
                    if self._match_text_seq("NO", "MINVALUE"):
                        key = "minvalue"
                        identity.set("no_minvalue", True)
                    elif self._match_text_seq("NO", "MAXVALUE"):
                        key = "maxvalue"
                        identity.set("no_maxvalue", True)
                    elif self._match_text_seq("NO", "CYCLE"):
                        key = "cycle"
                        identity.set("cycle", False)
                    elif self._match_text_seq("CYCLE"):
                        key = "cycle"
                        identity.set("cycle", True)
                    else:
                        return False
                if key in seen:
                    return False
                seen.add(key)
            return True

        def _parse_generated_column(
            self,
            constraint: exp.GeneratedAsIdentityColumnConstraint
            | exp.ComputedColumnConstraint
            | exp.GeneratedAsRowColumnConstraint,
        ) -> (
            exp.GeneratedAsIdentityColumnConstraint
            | exp.ComputedColumnConstraint
            | exp.GeneratedAsRowColumnConstraint
        ):
            """Stock Postgres turns `GENERATED ALWAYS AS (expr) STORED` into a
            ComputedColumnConstraint without `persisted` and raises on PostgreSQL 18's VIRTUAL.
            Mark STORED persisted=True and read VIRTUAL into the same node with persisted=False."""
            if isinstance(constraint, exp.ComputedColumnConstraint):
                constraint.set("persisted", True)
            elif (
                isinstance(constraint, exp.GeneratedAsIdentityColumnConstraint)
                and constraint.this is True
                and constraint.args.get("expression") is not None
                and self._match_text_seq("VIRTUAL")
            ):
                constraint = self.expression(
                    exp.ComputedColumnConstraint(
                        this=constraint.args["expression"], persisted=False
                    )
                )
            return constraint

        def _parse_index(
            self, index: exp.Expr | None = None, anonymous: bool = False
        ) -> exp.Index | None:
            # pg_dump writes `CREATE INDEX ... ON ONLY parent ...` for partitioned tables; the
            # stock parser has no ONLY there. Consume `[ON] ONLY` (an anonymous index's ON is
            # already consumed) and flag the Index.
            only = False
            if index or anonymous:
                self._match(TokenType.ON)
                only = self._match(TokenType.ONLY)
            node = super()._parse_index(index=index, anonymous=anonymous)
            if node and only:
                node.set("only", True)
            return node

        def _parse_comment(self, allow_exists: bool = True) -> exp.Expr:
            # PostgreSQL's `COMMENT ON ... IS NULL` removes a comment; stock sqlglot requires a
            # string after IS. The stock parser reads that value with _parse_string, which is
            # allowed to read NULL (as exp.Null) while a COMMENT is being parsed.
            self._comment_null_ok = True
            try:
                return super()._parse_comment(allow_exists)
            finally:
                self._comment_null_ok = False

        def _parse_string(self) -> exp.Expr | None:
            if getattr(self, "_comment_null_ok", False) and self._match(TokenType.NULL):
                return self.expression(exp.Null())
            return super()._parse_string()

        def _parse_validate_constraint(self) -> ValidateConstraint | None:
            if not self._match_text_seq("CONSTRAINT"):
                return None
            name = self._parse_id_var()
            return self.expression(ValidateConstraint(this=name)) if name else None

        def _parse_alter(self) -> exp.Alter | exp.Command:
            # Stock sqlglot has no ALTER TABLE ASYNC and leaves every ALTER SEQUENCE a
            # Command. Try the two DSQL forms; anything else goes to the stock parser.
            index = self._index
            alter = None
            if self._match_text_seq("SEQUENCE"):
                alter = self._try_parse(self._parse_alter_sequence)
            elif self._match(TokenType.TABLE) and self._match_async():
                alter = self._try_parse(self._parse_alter_table_async)

            if alter:
                return alter
            self._retreat(index)
            return super()._parse_alter()

        def _parse_alter_table_async(self) -> exp.Alter | None:
            exists = self._parse_exists()
            only = self._match_text_seq("ONLY")
            this = self._parse_table(schema=True)
            if not self._match_text_seq("VALIDATE"):
                return None
            action = self._parse_validate_constraint()
            if not action or self._curr:
                return None

            alter = self.expression(
                exp.Alter(this=this, kind="TABLE", exists=exists, only=only, actions=[action])
            )
            alter.set("async_", True)
            return alter

        def _parse_alter_sequence(self) -> exp.Alter | None:
            exists = self._parse_exists()
            this = self._parse_table_parts()
            as_type = self._parse_types() if self._match(TokenType.ALIAS) else None
            options_start = self._index
            props = self._parse_sequence_properties() or exp.SequenceProperties()
            # The stock option parser turns `OWNED BY NONE` into "no arg", which would
            # silently generate nothing; keep such statements a Command.
            owned_none = not props.args.get("owned") and any(
                token.text.upper() == "OWNED" for token in self._tokens[options_start : self._index]
            )
            if self._curr or owned_none or not (as_type or props.args):
                return None

            props.set("as_type", as_type)
            return self.expression(
                exp.Alter(this=this, kind="SEQUENCE", exists=exists, actions=[props])
            )

    class Generator(PostgresGenerator):
        TRANSFORMS = {
            **PostgresGenerator.TRANSFORMS,
            ValidateConstraint: lambda self, e: f"VALIDATE CONSTRAINT {self.sql(e, 'this')}",
        }

        def generate(self, expression: exp.Expr, copy: bool = True) -> str:
            # sqlglot copies the tree first (generation may change it): the same copy, faster
            return super().generate(copy_tree(expression) if copy else expression, copy=False)

        def create_sql(self, expression: exp.Create) -> str:
            # ASYNC goes right after INDEX: `CREATE [UNIQUE] INDEX ASYNC [IF NOT EXISTS] ...`.
            sql = super().create_sql(expression)
            if expression.args.get("async_") and expression.kind == "INDEX":
                head, _, tail = sql.partition(" INDEX")
                sql = f"{head} INDEX ASYNC{tail}"
            return sql

        def alter_sql(self, expression: exp.Alter) -> str:
            # ASYNC goes right after TABLE: `ALTER TABLE ASYNC [IF EXISTS] ...`.
            sql = super().alter_sql(expression)
            if expression.args.get("async_"):
                head, _, tail = sql.partition(f"ALTER {expression.kind}")
                sql = f"{head}ALTER {expression.kind} ASYNC{tail}"
            return sql

        def indexparameters_sql(self, expression: exp.IndexParameters) -> str:
            # Stock output, with `NULLS [NOT] DISTINCT` placed after INCLUDE (...) as
            # PostgreSQL requires; copied from sqlglot's Generator.indexparameters_sql.
            nulls_distinct = expression.args.get("nulls_distinct")
            if nulls_distinct is None:
                return super().indexparameters_sql(expression)

            using = self.sql(expression, "using")
            using = f" USING {using}" if using else ""
            columns = self.expressions(expression, key="columns", flat=True)
            columns = f"({columns})" if columns else ""
            include = self.expressions(expression, key="include", flat=True)
            include = f" INCLUDE ({include})" if include else ""
            nulls = " NULLS DISTINCT" if nulls_distinct else " NULLS NOT DISTINCT"
            with_storage = self.expressions(expression, key="with_storage", flat=True)
            with_storage = f" WITH ({with_storage})" if with_storage else ""
            tablespace = self.sql(expression, "tablespace")
            if tablespace:
                prefix = "" if isinstance(expression.parent, exp.Index) else " USING INDEX"
                tablespace = f"{prefix} TABLESPACE {tablespace}"
            partition_by = self.expressions(expression, key="partition_by", flat=True)
            partition_by = f" PARTITION BY {partition_by}" if partition_by else ""
            where = self.sql(expression, "where")
            on = self.sql(expression, "on")
            on = f" ON {on}" if on else ""
            return (
                f"{using}{columns}{include}{nulls}"
                f"{with_storage}{tablespace}{partition_by}{where}{on}"
            )

        def generatedasidentitycolumnconstraint_sql(
            self, expression: exp.GeneratedAsIdentityColumnConstraint
        ) -> str:
            # Stock output drops CACHE / NO MINVALUE / NO MAXVALUE, and MINVALUE/MAXVALUE
            # unless START, INCREMENT or CYCLE is present.
            if expression.args.get("expression") is not None:  # GENERATED ALWAYS AS (expr)
                return super().generatedasidentitycolumnconstraint_sql(expression)

            options = []
            for key, keywords in _IDENTITY_VALUE_OPTIONS:
                value = self.sql(expression, key)
                if value:
                    options.append(f"{' '.join(keywords)} {value}")
                elif key in ("minvalue", "maxvalue") and expression.args.get(f"no_{key}"):
                    options.append(f"NO {key.upper()}")
            cycle = expression.args.get("cycle")
            if cycle is not None:
                options.append("CYCLE" if cycle else "NO CYCLE")

            kind = ""
            if expression.this is not None:
                on_null = " ON NULL" if expression.args.get("on_null") else ""
                kind = " ALWAYS" if expression.this else f" BY DEFAULT{on_null}"
            options_sql = f" ({' '.join(options)})" if options else ""
            return f"GENERATED{kind} AS IDENTITY{options_sql}"

        def computedcolumnconstraint_sql(self, expression: exp.ComputedColumnConstraint) -> str:
            # Stock Postgres always prints STORED; persisted=False is PostgreSQL 18's VIRTUAL.
            kind = "VIRTUAL" if expression.args.get("persisted") is False else "STORED"
            return f"GENERATED ALWAYS AS ({self.sql(expression, 'this')}) {kind}"

        def index_sql(self, expression: exp.Index) -> str:
            # Stock output with `ON ONLY t` for index.args["only"]; copied from sqlglot's
            # Generator.index_sql, the only change being the ONLY.
            if not (expression.args.get("only") and expression.args.get("table")):
                return super().index_sql(expression)
            unique = "UNIQUE " if expression.args.get("unique") else ""
            primary = "PRIMARY " if expression.args.get("primary") else ""
            amp = "AMP " if expression.args.get("amp") else ""
            name = self.sql(expression, "this")
            name = f"{name} " if name else ""
            table = f"{self.INDEX_ON} ONLY {self.sql(expression, 'table')}"
            params = self.sql(expression, "params")
            return f"{unique}{primary}{amp}{name}{table}{params}"

        def sequenceproperties_sql(self, expression: exp.SequenceProperties) -> str:
            # ALTER SEQUENCE s AS type ...: the type is kept on the properties node.
            sql = super().sequenceproperties_sql(expression)
            as_type = self.sql(expression, "as_type")
            return f"AS {as_type} {sql}".rstrip() if as_type else sql


# --- helpers for rules and the converter -------------------------------------------------


def _identity_node(constraint: exp.Expr) -> exp.GeneratedAsIdentityColumnConstraint:
    """Accept the identity constraint itself or the ColumnConstraint wrapping it."""
    if isinstance(constraint, exp.ColumnConstraint):
        constraint = constraint.args.get("kind")
    if not isinstance(constraint, exp.GeneratedAsIdentityColumnConstraint):
        raise TypeError(f"not an identity constraint: {constraint!r}")
    return constraint


def _cache_value(cache: object) -> int | None:
    if cache is None:
        return None
    if isinstance(cache, exp.Expr) and cache.is_int:
        return int(cache.to_py())
    raise ValueError(f"CACHE is not an integer literal: {cache!r}")


def identity_cache(constraint: exp.Expr) -> int | None:
    """The CACHE of a `GENERATED ... AS IDENTITY (...)` constraint, None if not written.

    `constraint` is an exp.GeneratedAsIdentityColumnConstraint or the exp.ColumnConstraint
    around it. Raises ValueError for a CACHE that is not an integer literal.
    """
    return _cache_value(_identity_node(constraint).args.get("cache"))


def set_identity_cache(constraint: exp.Expr, n: int | None) -> None:
    """Set (or with None, remove) the CACHE option of an identity constraint."""
    _identity_node(constraint).set("cache", None if n is None else exp.Literal.number(n))


def sequence_cache(statement: exp.Expr) -> int | None:
    """The CACHE of a parsed CREATE SEQUENCE or ALTER SEQUENCE, None if not written."""
    props = statement.find(exp.SequenceProperties)
    return _cache_value(props.args.get("cache")) if props else None


def index_is_async(create: exp.Expr) -> bool:
    """True for `CREATE [UNIQUE] INDEX ASYNC ...`."""
    return (
        isinstance(create, exp.Create)
        and create.kind == "INDEX"
        and bool(create.args.get("async_"))
    )


def set_index_async(create: exp.Create, value: bool = True) -> exp.Create:
    """Mark a CREATE INDEX as ASYNC (or not); returns `create` for chaining."""
    if not (isinstance(create, exp.Create) and create.kind == "INDEX"):
        raise ValueError(f"not a CREATE INDEX: {create!r}")
    create.set("async_", True if value else None)
    return create
