"""Built-in PostgreSQL 16 functions and types (the base of Aurora DSQL).

The data come from ``dsqllint/data/pg16_functions.json``, generated from a real
PostgreSQL 16 ``pg_catalog`` by ``scripts/gen_pg_functions.py`` (run it with
``--check`` to verify the committed file).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = [
    "FunctionInfo",
    "builtin_functions",
    "builtin_type_names",
    "data_source",
    "is_builtin_function",
    "lookup_function",
]

_DATA_FILE = "pg16_functions.json"

# Ordered from least to most volatile.
_VOLATILITY_RANK = {"immutable": 0, "stable": 1, "volatile": 2}
# When overloads of one name differ in kind (only rank, dense_rank,
# percent_rank, cume_dist: window function and hypothetical-set aggregate),
# FunctionInfo.kind reports the first of these present.
_KIND_PRECEDENCE = ("w", "a", "p", "f")


@dataclass(frozen=True)
class FunctionInfo:
    """One built-in function name with all its ``pg_catalog`` overloads.

    ``volatility`` is the *most volatile* across the overloads (volatile >
    stable > immutable), i.e. the safe answer when the argument types are not
    known.  ``kind`` is ``f`` (function), ``a`` (aggregate), ``w`` (window) or
    ``p`` (procedure).  The per-overload values are in ``overload_volatilities``
    and ``overload_kinds``, parallel to ``overloads``; each overload is a tuple
    of input argument types as spelled by ``format_type`` (the variadic one is
    prefixed with ``VARIADIC ``).
    """

    name: str
    volatility: str
    overloads: tuple[tuple[str, ...], ...]
    kind: str
    overload_volatilities: tuple[str, ...] = ()
    overload_kinds: tuple[str, ...] = ()

    @property
    def is_immutable(self) -> bool:
        return self.volatility == "immutable"

    @property
    def is_aggregate_or_window(self) -> bool:
        return any(k in ("a", "w") for k in (self.overload_kinds or (self.kind,)))


def _per_overload(value: str | list[str], count: int) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,) * count
    if len(value) != count:
        raise ValueError(f"expected {count} per-overload values, got {len(value)}")
    return tuple(value)


def _function_info(name: str, raw: dict[str, Any]) -> FunctionInfo:
    overloads = tuple(tuple(args) for args in raw["overloads"])
    vols = _per_overload(raw["volatility"], len(overloads))
    kinds = _per_overload(raw["kind"], len(overloads))
    return FunctionInfo(
        name=name,
        volatility=max(vols, key=_VOLATILITY_RANK.__getitem__),
        overloads=overloads,
        kind=next(k for k in _KIND_PRECEDENCE if k in kinds),
        overload_volatilities=vols,
        overload_kinds=kinds,
    )


@lru_cache(maxsize=1)
def _raw_data() -> dict[str, Any]:
    text = resources.files("dsqllint").joinpath("data", _DATA_FILE).read_text(encoding="utf-8")
    return json.loads(text)


def data_source() -> str:
    """Where the data came from, e.g. ``PostgreSQL 16.2 pg_catalog via pgserver 0.1.4``."""
    return _raw_data()["source"]


@lru_cache(maxsize=1)
def builtin_functions() -> dict[str, FunctionInfo]:
    """All ``pg_catalog`` functions, keyed by their exact (catalog) name."""
    return {name: _function_info(name, raw) for name, raw in _raw_data()["functions"].items()}


@lru_cache(maxsize=1)
def _by_folded_name() -> dict[str, FunctionInfo]:
    return {name.lower(): info for name, info in builtin_functions().items()}


def _fold(name: str) -> str:
    name = name.strip().lower()
    if name.startswith("pg_catalog."):
        name = name[len("pg_catalog."):]
    return name


def lookup_function(name: str) -> FunctionInfo | None:
    """Case-insensitive lookup; accepts a ``pg_catalog.`` prefix."""
    return _by_folded_name().get(_fold(name))


def is_builtin_function(name: str) -> bool:
    """True if *name* (case-insensitive, optionally ``pg_catalog.``-qualified)
    is a function PostgreSQL 16 defines in ``pg_catalog``."""
    return lookup_function(name) is not None


@lru_cache(maxsize=1)
def builtin_type_names() -> frozenset[str]:
    """Built-in type names: ``pg_type.typname`` (``int4``) and SQL spellings
    (``integer``, ``timestamp with time zone``); no array or pseudo types."""
    return frozenset(_raw_data()["types"])
