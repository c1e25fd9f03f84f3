"""The schema of a configuration file, as pydantic models.

Imported only when a configuration file is read (or `dsqllint config` lists the keys): a run with
no configuration file never loads pydantic. `dsqllint.config` re-exports everything here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, field_validator

from dsqllint.config import RULE_WORDS, _kebab
from dsqllint.target import Target

__all__ = ["CONVERT_KEYS", "KEYS", "ConvertConfig", "FileConfig"]


def _rule_list(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"must be a list of rules, each {RULE_WORDS}, like [\"DSQL201\", \"serial-type\"]")
    return value


class ConvertConfig(BaseModel):
    """Options of `dsqllint convert`, accepted and validated now so configurations stay valid."""

    model_config = ConfigDict(extra="forbid", alias_generator=_kebab, strict=True, frozen=True)

    identity_cache: int | None = None  # CACHE of identity columns and sequences: 1 or >= 65536
    ids: Literal["identity", "uuid"] | None = None  # what SERIAL / AUTO_INCREMENT keys become
    foreign_keys: Literal["keep", "strip"] | None = None
    transactions: bool | None = None

    @field_validator("identity_cache", mode="before")
    @classmethod
    def _cache(cls, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int) or not (value == 1 or value >= 65536):
            raise ValueError(f"must be 1 or an integer >= 65536 (DSQL accepts no other CACHE), not {value!r}")
        return value


class FileConfig(BaseModel):
    """The keys of a configuration file, as written."""

    model_config = ConfigDict(extra="forbid", alias_generator=_kebab, strict=True, frozen=True)

    target: str | None = None
    dialect: Literal["auto", "postgres", "mysql"] | None = None
    select: list[str] | None = None
    ignore: list[str] | None = None
    extend_select: list[str] | None = None
    per_file_ignores: dict[str, list[str]] | None = None
    severity: dict[str, Literal["error", "warning", "info"]] | None = None
    exclude: list[str] | None = None
    convert: ConvertConfig | None = None

    @field_validator("target", mode="before")
    @classmethod
    def _target(cls, value: Any) -> Any:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            value = value.isoformat()  # TOML's bare date: target = 2026-01-01
        if not isinstance(value, str):
            raise ValueError(f"must be \"latest\" or a date like \"2026-09-15\", not {value!r}")
        try:
            Target.parse(value)
        except ValueError:
            raise ValueError(f"must be \"latest\" or a date like \"2026-09-15\", not {value!r}") from None
        return value

    @field_validator("select", "ignore", "extend_select", mode="before")
    @classmethod
    def _rules(cls, value: Any) -> Any:
        return _rule_list(value)

    @field_validator("select")
    @classmethod
    def _not_empty(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("must name at least one rule (leave `select` out to run every rule)")
        return value

    @field_validator("exclude", mode="before")
    @classmethod
    def _globs(cls, value: Any) -> Any:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError("must be a list of glob patterns, like [\"migrations/old/**\", \"*.generated.sql\"]")
        return value

    @field_validator("per_file_ignores", mode="before")
    @classmethod
    def _per_file(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            raise ValueError("must be a table of glob = [rules], like { \"legacy/*.sql\" = [\"DSQL201\"] }")
        for glob, rules in value.items():
            try:
                _rule_list(rules)
            except ValueError as err:
                raise ValueError(f"{glob!r}: {err}") from None
        return value

    @field_validator("severity", mode="before")
    @classmethod
    def _severity(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            raise ValueError("must be a table of rule = \"error\" | \"warning\" | \"info\"")
        for rule, level in value.items():
            if level not in ("error", "warning", "info"):
                raise ValueError(f"{rule!r} must be \"error\", \"warning\" or \"info\", not {level!r}")
        return value


KEYS = [_kebab(name) for name in FileConfig.model_fields]
CONVERT_KEYS = [_kebab(name) for name in ConvertConfig.model_fields]
