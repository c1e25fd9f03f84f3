"""dsqllint: lint PostgreSQL and MySQL DDL for Amazon Aurora DSQL, and convert it into DDL DSQL accepts.

For tools that embed it:

    import dsqllint
    for finding in dsqllint.lint("CREATE INDEX i ON t (a);"):
        print(finding.line, finding.column, finding.code, finding.message)
    result = dsqllint.convert("CREATE TABLE t (id serial PRIMARY KEY);")
    print(result.sql)
    for change in result.behaviour_changes:
        print(change.line, change.code, change.summary, change.behaviour)
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Iterable, Literal

if TYPE_CHECKING:
    from dsqllint.convert.model import Change, ConversionResult
    from dsqllint.findings import Finding, Severity

__version__ = "0.1.0"
__all__ = ["Change", "ConversionResult", "Finding", "Severity", "__version__", "convert", "lint"]


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

    source, target_obj = _source_and_target(sql, dialect, target, path)
    load_plugins()
    chosen = {}
    for key, entries in (("select", select), ("ignore", ignore)):
        entries = [entries] if isinstance(entries, str) else list(entries or ())
        unknown = unknown_entries(entries)
        if unknown:
            raise ValueError(f"{key}: unknown rule {unknown[0]!r}; name a rule code (DSQL201), a code prefix (DSQL2), "
                             "a rule name (serial-type) or ALL")
        chosen[key] = frozenset(entries)
    return lint_sources([source], target_obj, Selection(chosen["select"], chosen["ignore"]))[0].findings


def convert(
    sql: str,
    *,
    dialect: Literal["auto", "postgres", "mysql"] = "auto",
    target: str | _dt.date = "latest",
    identity_cache: int = 65536,
    ids: Literal["identity", "uuid"] = "identity",
    foreign_keys: Literal["keep", "strip"] = "keep",
    transactions: bool = False,
    path: str = "<string>",
) -> "ConversionResult":
    """Convert MySQL or PostgreSQL DDL into DDL DSQL accepts, as `dsqllint convert` does.

    Returns a `ConversionResult`: `.sql` (the DSQL DDL, with a header naming `path`, the target and
    the options), `.changes` (every rewrite: line, column, rule code, summary, and `behaviour`, what
    the application must now do, or None when DSQL behaves the same), `.behaviour_changes`,
    `.not_converted` (statements with no DSQL form, kept in `.sql` as comments), `.statements_in`,
    `.statements_out`, `.source_dialect`, and `.edits` (per changed statement, for fixing in place).

    `dialect` and `target` as for `lint`. `identity_cache`: CACHE of identity columns and sequences,
    1 (ordered ids) or at least 65536. `ids="uuid"` makes SERIAL / AUTO_INCREMENT / pg_dump sequence
    primary keys `UUID DEFAULT gen_random_uuid()` where no foreign key references them (the report says
    which were refused and why). `foreign_keys="strip"` removes foreign keys and writes each as a
    comment. `transactions=True` wraps each DDL statement in its own BEGIN; … COMMIT;.

    Raises ValueError for an unknown dialect, a bad target or a bad option value.
    """
    from pydantic import ValidationError

    from dsqllint.convert import ConvertOptions, convert_source

    source, target_obj = _source_and_target(sql, dialect, target, path)
    try:
        options = ConvertOptions(identity_cache=identity_cache, ids=ids, foreign_keys=foreign_keys,
                                 transactions=transactions)
    except ValidationError as err:
        raise ValueError(str(err)) from None
    if identity_cache != 1 and identity_cache < 65536:
        raise ValueError(f"identity_cache must be 1 or at least 65536 (DSQL accepts no other CACHE), not {identity_cache!r}")
    return convert_source(source, target_obj, options)


_convert = convert  # what the callable `dsqllint.convert` package calls (dsqllint/convert/__init__.py)


def _source_and_target(sql: str, dialect: str, target: "str | _dt.date", path: str):
    """Check the common arguments of `lint` and `convert`; the Source (dialect decided) and Target."""
    from dsqllint.source import DIALECTS, Source, detect_dialect
    from dsqllint.target import Target

    if not isinstance(sql, str):
        raise TypeError(f"sql must be str, not {type(sql).__name__}")
    if dialect not in ("auto", *DIALECTS):
        raise ValueError(f"dialect must be 'auto', 'postgres' or 'mysql', not {dialect!r}")
    target_obj = Target(target) if isinstance(target, _dt.date) else Target.parse(target)
    text = sql[1:] if sql.startswith("\ufeff") else sql
    reason = "dialect argument"
    if dialect == "auto":
        dialect, reason = detect_dialect(text)
    newline = "\r\n" if "\r\n" in text[:65536] else "\n"
    return Source(path, text, dialect, reason, newline, sql.startswith("\ufeff")), target_obj


def __getattr__(name: str):
    # Finding, Severity and the conversion models load pydantic: imported on first use, so
    # `dsqllint --version` stays fast.
    if name in ("Finding", "Severity"):
        from dsqllint import findings

        return getattr(findings, name)
    if name in ("Change", "ConversionResult"):
        from dsqllint.convert import model

        return getattr(model, name)
    raise AttributeError(f"module 'dsqllint' has no attribute {name!r}")
