"""What a rule reports."""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import Enum
from typing import Any


class Severity(str, Enum):
    """`error`: DSQL rejects the statement at the target. `warning`: accepted, but it behaves
    differently or risks trouble. `info`: worth knowing, nothing to fix."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 2, "warning": 1, "info": 0}[self.value]


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """One finding: immutable and hashable, compared by value.

    A plain frozen dataclass (it was a pydantic model; pydantic alone took longer to import than
    linting a small file), keeping the two pydantic methods callers used: `model_dump()` and
    `model_copy(update=...)`."""

    code: str  # DSQL201
    name: str  # serial-type
    severity: Severity
    message: str
    suggestion: str | None = None
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    fixable: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.severity, Severity):  # "error" → Severity.ERROR, as pydantic validated it
            object.__setattr__(self, "severity", Severity(self.severity))

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.code)

    def model_dump(self, *, mode: str = "python") -> dict[str, Any]:
        """The fields as a dict, in declaration order; `mode="json"` gives the severity as its string."""
        data = {f.name: getattr(self, f.name) for f in _FIELDS}
        if mode == "json":
            data["severity"] = self.severity.value
        return data

    def model_copy(self, *, update: dict[str, Any] | None = None) -> "Finding":
        """A copy with some fields replaced."""
        data = {f.name: getattr(self, f.name) for f in _FIELDS}
        data.update(update or {})
        return Finding(**data)


_FIELDS = fields(Finding)
