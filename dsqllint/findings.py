"""What a rule reports."""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict


class Severity(str, Enum):
    """`error`: DSQL rejects the statement at the target. `warning`: accepted, but it behaves
    differently or risks trouble. `info`: worth knowing, nothing to fix."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 2, "warning": 1, "info": 0}[self.value]


class Finding(BaseModel):
    model_config = ConfigDict(frozen=True)

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

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.code)
