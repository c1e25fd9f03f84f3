"""Counts over a whole run, shared by every reporter."""

from __future__ import annotations

from dataclasses import dataclass

from dsqllint.findings import Finding, Severity


@dataclass
class Summary:
    files: int = 0
    statements: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    fixable: int = 0
    io_errors: int = 0

    def add(self, findings: list[Finding], statements: int) -> None:
        self.files += 1
        self.statements += statements
        for f in findings:
            if f.severity == Severity.ERROR:
                self.errors += 1
            elif f.severity == Severity.WARNING:
                self.warnings += 1
            else:
                self.infos += 1
            self.fixable += f.fixable

    def as_dict(self) -> dict:
        return {
            "files": self.files,
            "statements": self.statements,
            "errors": self.errors,
            "warnings": self.warnings,
            "info": self.infos,
            "fixable": self.fixable,
            "io_errors": self.io_errors,
        }
