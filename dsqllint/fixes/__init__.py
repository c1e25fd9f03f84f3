"""Fixes: for each rule with a DSQL equivalent, a function that rewrites a statement in place.

A fix receives the statement's `Rewrite` (a mutable copy of its tree plus what it may add around
it) and records every change it makes, saying when the application will notice. `PREPARE` steps
collect facts across statements before any fix runs (e.g. primary keys pg_dump adds later)."""

from __future__ import annotations

from typing import Callable

FIXES: dict[str, Callable] = {}
PREPARE: list[Callable] = []


def fix(*codes: str):
    """Register a function as the fix of these rule codes."""

    def register(function):
        for code in codes:
            if code in FIXES:
                raise ValueError(f"two fixes for {code}")
            FIXES[code] = function
        return function

    return register


def prepare(function):
    PREPARE.append(function)
    return function


from dsqllint.fixes import (  # noqa: E402,F401
    alter, constraints, expressions, identity, index_limit, indexes, inheritance, key_width, modify_column, mysql, objects,
    plpgsql, types,
)
