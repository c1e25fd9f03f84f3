"""Naming rules: which rules a run selects, and how a user's word names a rule.

A rule is named by its code (`DSQL201`), a code prefix (`DSQL2`, `DSQL`), its name (`serial-type`) or
`ALL`, the same everywhere: `--select`, `--ignore`, the config file, `-- dsqllint: ignore[...]`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from dsqllint.rules.base import Rule

_PREFIX = re.compile(r"([A-Z]+)(\d*)")


def entry_matches(entry: str, code: str, name: str) -> bool:
    """True when `entry` names the rule with this code and name."""
    word = entry.strip()
    upper = word.upper()
    if upper in (code, "ALL") or word.lower() == name:
        return True
    # A code prefix: the letters of the code and some of its digits (`DSQL2`, `DSQL`), never `DSQ`.
    prefix = _PREFIX.fullmatch(upper)
    code_letters = _PREFIX.match(code)
    return bool(prefix and code_letters and prefix.group(1) == code_letters.group(1) and code.startswith(upper))


def specificity(entry: str, code: str) -> int:
    """How precisely `entry` names a rule: ALL < prefix (longer is more precise) < code or name."""
    upper = entry.strip().upper()
    if upper == "ALL":
        return 0
    if upper == code or not _PREFIX.fullmatch(upper):
        return 100
    return len(upper)


def rules_named(entry: str) -> list[type["Rule"]]:
    """Every registered rule `entry` names (empty: an unknown rule)."""
    from dsqllint.rules.base import all_rules

    return [rule for rule in all_rules() if entry_matches(entry, rule.code, rule.name)]


def unknown_entries(entries: Iterable[str]) -> list[str]:
    return [entry for entry in entries if not rules_named(entry)]


@dataclass(frozen=True)
class Selection:
    """Which rules run: codes or names, as on the command line."""

    select: frozenset[str] = frozenset()  # empty: all
    ignore: frozenset[str] = frozenset()

    def allows(self, rule: type["Rule"]) -> bool:
        return self.allows_code(rule.code, rule.name)

    def allows_code(self, code: str, name: str) -> bool:
        if self.select and not any(entry_matches(entry, code, name) for entry in self.select):
            return False
        return not any(entry_matches(entry, code, name) for entry in self.ignore)

    def ignoring(self, more: Iterable[str]) -> "Selection":
        """This selection with more rules ignored (a file's per-file-ignores)."""
        more = frozenset(more)
        return self if not more else Selection(self.select, self.ignore | more)
