"""What DSQL supports, as of a date: the one capability table every rule consults.

DSQL gains features every few weeks, and published guidance lags. Rules never hard-code a date:
they ask `target.supports("foreign_keys")`. `--target 2025-12-01` reproduces the 2025-12 guidance
(no foreign keys, no DROP COLUMN, JSON as TEXT); the default is the newest known state.
Every date comes from the AWS release notes unless `verified` says otherwise.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Capability:
    name: str
    since: dt.date
    summary: str
    source: str
    verified: bool = True  # False: AWS gives no date; `since` is the earliest evidence we have


CAPABILITIES: dict[str, Capability] = {
    c.name: c
    for c in [
        Capability(
            "sequences",
            dt.date(2025, 12, 1),
            "CREATE SEQUENCE and identity columns, with an explicit CACHE of 1 or >= 65536",
            "create-sequence-syntax-support; present in the 2025-12 DSQL development guide",
            verified=False,
        ),
        Capability(
            "json_columns",
            dt.date(2026, 1, 1),
            "json as a column type (values up to 1 MiB, compressed)",
            "awslabs/agent-plugins 715fa78 (live-cluster check); the 2025-12 guide still says TEXT",
            verified=False,
        ),
        Capability(
            "drop_column",
            dt.date(2026, 8, 3),
            "ALTER TABLE ... DROP COLUMN (not a primary-key column)",
            "release notes 2026-08-03",
        ),
        Capability(
            "add_constraint_not_valid",
            dt.date(2026, 8, 3),
            "ALTER TABLE ... ADD CONSTRAINT ... CHECK ... NOT VALID, and ALTER TABLE ASYNC ... VALIDATE CONSTRAINT",
            "release notes 2026-08-03",
        ),
        Capability(
            "expression_indexes",
            dt.date(2026, 8, 13),
            "index keys that are expressions of IMMUTABLE functions",
            "release notes 2026-08-13",
        ),
        Capability(
            "numeric_precision_1000",
            dt.date(2026, 8, 25),
            "numeric precision up to 1000 and scale -1000..1000 (before: 38 and 37)",
            "release notes 2026-08-25",
        ),
        Capability(
            "foreign_keys",
            dt.date(2026, 8, 26),
            "FOREIGN KEY constraints, inline or added with ALTER TABLE ... ADD CONSTRAINT ... NOT VALID",
            "release notes 2026-08-26",
        ),
        Capability(
            "extended_statistics",
            dt.date(2026, 8, 27),
            "CREATE / ALTER / DROP STATISTICS (at most 5 per table)",
            "release notes 2026-08-27",
        ),
        Capability(
            "partial_indexes",
            dt.date(2026, 9, 15),
            "CREATE INDEX ASYNC ... WHERE predicate",
            "release notes 2026-09-15",
        ),
    ]
}

LATEST = max(c.since for c in CAPABILITIES.values())


@dataclass(frozen=True)
class Target:
    """DSQL as of `date`."""

    date: dt.date

    @classmethod
    def parse(cls, value: str | None) -> "Target":
        """`latest` (or None) or an ISO date; a ValueError says what is allowed."""
        if value in (None, "", "latest"):
            return cls(LATEST)
        try:
            return cls(dt.date.fromisoformat(value))
        except (TypeError, ValueError):
            raise ValueError(f"target must be 'latest' or a date like 2026-09-15, not {value!r}") from None

    def supports(self, capability: str) -> bool:
        return CAPABILITIES[capability].since <= self.date

    @property
    def label(self) -> str:
        return f"DSQL as of {self.date.isoformat()}"

    def numeric_max_precision(self) -> int:
        return 1000 if self.supports("numeric_precision_1000") else 38
