"""What a conversion produces: the DSQL text and a report of every change."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict


class ConvertOptions(BaseModel):
    """Choices a user makes for a conversion (`[tool.dsqllint.convert]` or command-line flags)."""

    model_config = ConfigDict(frozen=True)

    identity_cache: int = 65536  # 1 keeps ids ordered; >= 65536 scales (DSQL accepts nothing between)
    ids: Literal["identity", "uuid"] = "identity"  # uuid: unreferenced generated primary keys become uuids
    foreign_keys: Literal["keep", "strip"] = "keep"
    transactions: bool = False  # wrap each DDL statement in BEGIN; … COMMIT;


class Change(BaseModel):
    """One rewrite, with where it came from and whether the application will notice."""

    model_config = ConfigDict(frozen=True)

    line: int
    column: int
    code: str  # the rule the change answers (DSQL201), or "" for structural moves
    summary: str  # what was done
    behaviour: str | None = None  # None: same behaviour on DSQL; else what changes / what to do
    converted: bool = True  # False: no DSQL form exists; the statement was removed

    @property
    def changes_behaviour(self) -> bool:
        return self.behaviour is not None or not self.converted


@dataclass
class Block:
    """One statement of the output."""

    sql: str  # without the trailing semicolon; "" for a comment-only block
    order: float  # position in the source, for a stable, deterministic output
    comment: str | None = None  # emitted as -- lines above the statement


@dataclass
class StatementEdit:
    """What the conversion made of one source statement, for fixing a file in place (`lint --fix`):
    `text` replaces `source.text[start:end]` (the statement and its `;`, when it has one)."""

    index: int  # the statement's position in the file (0-based)
    start: int
    end: int
    text: str  # the statement(s) it became, each with its `;`; "" when it was removed without a trace
    changes: list[Change] = field(default_factory=list)  # the changes made to it (from `changes`)
    parse_error: bool = False  # sqlglot could not parse the original: never to be touched in place
    removes: bool = False  # (part of) the statement was removed: what it said may now be in another one

    @property
    def changes_behaviour(self) -> bool:
        return any(c.changes_behaviour for c in self.changes)


@dataclass
class ConversionResult:
    sql: str
    changes: list[Change] = field(default_factory=list)
    statements_in: int = 0
    statements_out: int = 0
    source_dialect: str = "postgres"
    edits: list[StatementEdit] = field(default_factory=list)  # per changed statement, in source order

    @property
    def behaviour_changes(self) -> list[Change]:
        return [c for c in self.changes if c.changes_behaviour]

    @property
    def not_converted(self) -> list[Change]:
        return [c for c in self.changes if not c.converted]
