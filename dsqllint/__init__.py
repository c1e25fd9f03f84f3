"""dsqllint: lint PostgreSQL and MySQL DDL for Amazon Aurora DSQL, and convert it into DDL DSQL accepts.

For tools that embed it:

    import dsqllint
    for finding in dsqllint.lint("CREATE INDEX i ON t (a);"):
        print(finding.line, finding.column, finding.code, finding.message)
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Iterable, Literal

if TYPE_CHECKING:
    from dsqllint.findings import Finding, Severity

__version__ = "0.1.0"
__all__ = ["Finding", "Severity", "__version__", "lint"]


def lint(
    sql: str,
    *,
    dialect: Literal["auto", "postgres", "mysql"] = "auto",
    target: str | _dt.date = "latest",
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    path: str = "<string>",
) -> list["Finding"]:
    """Lint SQL text; returns the findings, sorted by position.

    `dialect`: "postgres", "mysql", or "auto" (decided from clear signals in the text, postgres when
    there are none). `target`: "latest" or a date (a `datetime.date` or "YYYY-MM-DD"): DSQL as it was
    then. `select` / `ignore`: rules by code (DSQL201), code prefix (DSQL2), name (serial-type) or
    "ALL". `path`: the name findings carry. `-- dsqllint: ignore[...]` comments in the text apply.
    Configuration files are not read. Installed plugin rules are loaded and run.

    Raises ValueError for an unknown dialect, a bad target or an unknown rule name, and
    `dsqllint.plugins.PluginError` when an installed plugin cannot be loaded.
    """
    from dsqllint.engine import lint_sources
    from dsqllint.plugins import load_plugins
    from dsqllint.selection import Selection, unknown_entries
    from dsqllint.source import DIALECTS, Source, detect_dialect
    from dsqllint.target import Target

    if not isinstance(sql, str):
        raise TypeError(f"sql must be str, not {type(sql).__name__}")
    if dialect not in ("auto", *DIALECTS):
        raise ValueError(f"dialect must be 'auto', 'postgres' or 'mysql', not {dialect!r}")
    target_obj = Target(target) if isinstance(target, _dt.date) else Target.parse(target)
    load_plugins()
    chosen = {}
    for key, entries in (("select", select), ("ignore", ignore)):
        entries = [entries] if isinstance(entries, str) else list(entries or ())
        unknown = unknown_entries(entries)
        if unknown:
            raise ValueError(f"{key}: unknown rule {unknown[0]!r}; name a rule code (DSQL201), a code prefix (DSQL2), "
                             "a rule name (serial-type) or ALL")
        chosen[key] = frozenset(entries)
    text = sql[1:] if sql.startswith("\ufeff") else sql
    reason = "dialect argument"
    if dialect == "auto":
        dialect, reason = detect_dialect(text)
    source = Source(path, text, dialect, reason, "\r\n" if "\r\n" in text[:65536] else "\n", sql.startswith("\ufeff"))
    return lint_sources([source], target_obj, Selection(chosen["select"], chosen["ignore"]))[0].findings


def __getattr__(name: str):
    # Finding and Severity load pydantic: imported on first use, so `dsqllint --version` stays fast.
    if name in ("Finding", "Severity"):
        from dsqllint import findings

        return getattr(findings, name)
    raise AttributeError(f"module 'dsqllint' has no attribute {name!r}")
