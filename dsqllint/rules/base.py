"""The rule contract and the registry.

A rule is a class with a code (`DSQL201`), a name (`serial-type`), a severity, a docstring in fixed
sections (What it does / Why it matters / Example / Use instead / Fix / Reference) that becomes its
docs page, and a `check` that yields Violations for one statement. Rules never do I/O.

Target awareness is declared, not coded: `obsolete_with` names the capability whose arrival makes
the rule silent (a rule for something DSQL gained), `requires` one without which it does not apply.
"""

from __future__ import annotations

import functools
import inspect
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, ClassVar, Iterator, TypeVar, Union

from sqlglot import exp
from sqlglot.tokens import Token, TokenType

from dsqllint.findings import Severity
from dsqllint.target import CAPABILITIES, Target

if TYPE_CHECKING:
    from dsqllint.catalog import Catalog
    from dsqllint.parse import Statement
    from dsqllint.source import Source

Anchor = Union[exp.Expression, Token, int, tuple[int, int], None]
T = TypeVar("T")


@dataclass
class Violation:
    """What a rule found: where (`at`, a node, token, offset or (start, end)), what, and what instead."""

    at: Anchor
    message: str
    suggestion: str | None = None
    severity: Severity | None = None  # None: the rule's own


@dataclass
class Context:
    """What a rule may look at besides the statement itself."""

    source: "Source"
    statements: list["Statement"]
    catalog: "Catalog"
    target: Target

    @property
    def dialect(self) -> str:
        return self.source.dialect


REGISTRY: dict[str, type["Rule"]] = {}


class Rule:
    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    severity: ClassVar[Severity] = Severity.ERROR
    family: ClassVar[str] = ""
    dialects: ClassVar[frozenset[str]] = frozenset({"postgres", "mysql"})
    obsolete_with: ClassVar[str | None] = None  # silent at targets that support this capability
    requires: ClassVar[str | None] = None  # silent at targets that lack this capability
    command_kinds: ClassVar[frozenset[str]] = frozenset()  # opaque statement kinds this rule judges
    fixable: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.code:
            return
        if cls.code in REGISTRY and REGISTRY[cls.code] is not cls:
            raise ValueError(f"rule code {cls.code} registered twice ({REGISTRY[cls.code].__name__}, {cls.__name__})")
        for cap in (cls.obsolete_with, cls.requires):
            if cap is not None and cap not in CAPABILITIES:
                raise ValueError(f"{cls.__name__}: unknown capability {cap!r}")
        if not cls.family:
            cls.family = cls.__module__.rsplit(".", 1)[-1]
        REGISTRY[cls.code] = cls

    def applies(self, target: Target, dialect: str) -> bool:
        if dialect not in self.dialects:
            return False
        if self.obsolete_with and target.supports(self.obsolete_with):
            return False
        if self.requires and not target.supports(self.requires):
            return False
        return True

    def check(self, stmt: "Statement", ctx: Context) -> Iterator[Violation]:
        """Findings for one statement."""
        return iter(())

    def check_run(self, results: list, target: Target) -> Iterator[tuple]:
        """Findings that need every file of the run at once (limits per database). Yields
        (FileResult, Statement, Violation); `results` are engine.FileResult objects."""
        return iter(())

    def file_data(self, ctx: Context) -> object:
        """What `check_run` needs from one file, computed when the file is linted (whatever the
        selection): plain JSON data, kept in `FileResult.run_data[code]` and in the cache, so a run
        can be judged without parsing cached files again. None (the default): nothing, and
        `check_run` reads `FileResult.statements`, which a cached file then parses again."""
        return None

    # --- documentation --------------------------------------------------------------------------
    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        return cls.doc().split("\n\n", 1)[0].replace("\n", " ")

    @classmethod
    def since(cls) -> str:
        return CAPABILITIES[cls.requires].since.isoformat() if cls.requires else ""

    @classmethod
    def until(cls) -> str:
        return CAPABILITIES[cls.obsolete_with].since.isoformat() if cls.obsolete_with else ""


def all_rules() -> list[type[Rule]]:
    import dsqllint.rules  # noqa: F401  (imports every family module, which registers its rules)

    return [REGISTRY[code] for code in sorted(REGISTRY)]


def find_rule(code_or_name: str) -> type[Rule] | None:
    key = code_or_name.strip()
    for rule in all_rules():
        if key.upper() == rule.code or key.lower() == rule.name:
            return rule
    return None


# --- helpers shared by rules ----------------------------------------------------------------------
def per_statement(helper: Callable[["Statement"], T]) -> Callable[["Statement"], T]:
    """Compute `helper(stmt)` once per statement: for pure helpers several rules call on the same
    statement (its foreign keys, its declared keys). The result is shared: callers must not modify it."""

    @functools.wraps(helper)
    def cached(stmt: "Statement") -> T:
        memo = stmt.memo
        try:
            return memo[helper]
        except KeyError:
            value = memo[helper] = helper(stmt)
            return value

    return cached


_TYPE_WORDS = {"VARYING", "PRECISION", "WITH", "WITHOUT", "TIME", "ZONE", "UNSIGNED", "SIGNED", "ZEROFILL", "ARRAY"}


def column_type_range(stmt: "Statement", column: exp.ColumnDef) -> tuple[int, int]:
    """Absolute (start, end) of a column definition's type, e.g. `character varying(20)[]`."""
    name_end = stmt.node_end(column.this)
    tokens, at = stmt.tokens, stmt.token_index(name_end)
    if at == len(tokens):
        return name_end, name_end
    first, last, depth = tokens[at], tokens[at], 0
    for k in range(at + 1, len(tokens)):
        t = tokens[k]
        if t.token_type in (TokenType.L_PAREN, TokenType.L_BRACKET):
            depth += 1
        elif t.token_type in (TokenType.R_PAREN, TokenType.R_BRACKET):
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and not _continues_type(t, last):
            break
        last = t
    return stmt.token_start(first), stmt.token_end(last)


def _continues_type(token, previous) -> bool:
    """`character varying`, `double precision`, `public.citext`: words that belong to the type."""
    return token.text.upper() in _TYPE_WORDS or token.token_type == TokenType.DOT or previous.token_type == TokenType.DOT


def column_defs(tree: exp.Expression | None) -> Iterator[exp.ColumnDef]:
    """Column definitions of CREATE TABLE and ALTER TABLE ADD COLUMN."""
    if isinstance(tree, exp.Create) and isinstance(tree.this, exp.Schema):
        for item in tree.this.expressions:
            if isinstance(item, exp.ColumnDef):
                yield item
    elif isinstance(tree, exp.Alter):
        for action in tree.args.get("actions") or []:
            if isinstance(action, exp.ColumnDef):
                yield action


def type_name(column: exp.ColumnDef) -> str:
    """The declared type's name in lower case (`serial4`, `jsonb`, `mood`)."""
    kind = column.args.get("kind")
    if not isinstance(kind, exp.DataType):
        return ""
    if kind.this == exp.DataType.Type.USERDEFINED:
        return str(kind.args.get("kind") or "").lower()
    if isinstance(kind.this, exp.DataType.Type):
        return kind.this.value.lower()
    return kind.sql().lower()  # e.g. an ObjectIdentifier (`oid`) or an interval with fields
