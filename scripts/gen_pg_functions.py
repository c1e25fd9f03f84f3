#!/usr/bin/env python3
"""Generate ``dsqllint/data/pg16_functions.json`` from a real PostgreSQL 16.

Aurora DSQL is built on PostgreSQL 16, so the functions and types that a stock
PostgreSQL 16 puts in ``pg_catalog`` are the built-ins DSQL can offer.  This
script starts a throw-away server with ``pgserver`` (PostgreSQL in a wheel),
reads ``pg_proc`` / ``pg_type`` and writes a small, deterministic JSON file.

Usage::

    python scripts/gen_pg_functions.py                 # rewrite the data file
    python scripts/gen_pg_functions.py --output x.json # write elsewhere
    python scripts/gen_pg_functions.py --check         # exit 1 if the file is stale

Selection decisions
-------------------
* Functions: every ``pg_proc`` row in schema ``pg_catalog`` of any ``prokind``
  (``f`` function, ``a`` aggregate, ``w`` window, ``p`` procedure - PG16 has
  no procedures in ``pg_catalog``).  Nothing is filtered by name: PostgreSQL 16
  has no ``pg_catalog`` function whose name starts with ``_``; the ``_pg_*``
  helpers live in ``information_schema``, which is out of scope by schema.
  Functions that take or return the ``internal`` pseudo type (type I/O,
  index-support and planner-support functions, ~500 rows) are kept too: their
  names are built-in names, so a linter must never mistake them for extension
  functions.
* Argument types: the *input* arguments (``proargtypes``; OUT/TABLE columns
  are not part of the call signature) spelled by ``format_type(oid, NULL)``,
  e.g. ``integer``, ``text[]``, ``timestamp with time zone``, ``"any"``.  The
  variadic argument of a variadic function is prefixed with ``VARIADIC ``.
* Overloads of one name are sorted by their argument-type lists.
* ``volatility`` (``immutable`` / ``stable`` / ``volatile``) and ``kind`` are
  single strings when every overload agrees; otherwise they are lists parallel
  to ``overloads`` (e.g. ``date_trunc``: immutable for ``timestamp``, stable
  for ``timestamptz``; ``rank``: window ``rank()`` and hypothetical-set
  aggregate ``rank(VARIADIC "any")``).
* Types: ``pg_type`` rows in ``pg_catalog`` that are not pseudo types
  (``typtype = 'p'``: ``internal``, ``cstring``, ``anyelement``, ``record``, ...)
  and not array types (name starting with ``_``).  Base, range, multirange and
  the catalogs' composite row types are kept.  Each type is listed under its
  ``typname`` (``int4``, ``timestamptz``) and, when different and not quoted,
  its SQL spelling from ``format_type`` (``integer``,
  ``timestamp with time zone``), so either spelling can be looked up.

File layout: a JSON object with keys ``source``, ``functions`` and ``types``,
one function / one type per line (sorted), so diffs stay readable and the file
small.
"""

from __future__ import annotations

import argparse
import difflib
import json
import shutil
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO_ROOT / "dsqllint" / "data" / "pg16_functions.json"
EXPECTED_MAJOR = 16

VOLATILITY = {"i": "immutable", "s": "stable", "v": "volatile"}

FUNCTIONS_SQL = """
SELECT p.proname,
       p.prokind,
       p.provolatile,
       p.provariadic <> 0 AS is_variadic,
       COALESCE(
         (SELECT array_agg(format_type(a.t, NULL) ORDER BY a.o)
            FROM unnest(p.proargtypes) WITH ORDINALITY AS a(t, o)),
         ARRAY[]::text[]) AS argtypes
  FROM pg_catalog.pg_proc p
  JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = 'pg_catalog'
"""

TYPES_SQL = """
SELECT t.typname, format_type(t.oid, NULL)
  FROM pg_catalog.pg_type t
  JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
 WHERE n.nspname = 'pg_catalog'
   AND t.typtype <> 'p'
   AND t.typname NOT LIKE '\\_%'
"""


class ServerUnavailable(RuntimeError):
    """pgserver could not start a PostgreSQL server."""


@contextmanager
def running_server() -> Iterator[str]:
    """Start a temporary pgserver instance; yield its connection URI; delete it."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset; harmless here.
        warnings.simplefilter("ignore")
        try:
            import pgserver
        except ImportError as exc:  # pragma: no cover - depends on environment
            raise ServerUnavailable(f"pgserver is not installed: {exc}") from exc
    tmp = Path(tempfile.mkdtemp(prefix="dsqllint-pg16-"))
    server = None
    try:
        try:
            server = pgserver.get_server(tmp / "pgdata", cleanup_mode="delete")
            uri = server.get_uri()
        except Exception as exc:  # noqa: BLE001 - any start-up failure
            raise ServerUnavailable(f"pgserver could not start PostgreSQL: {exc!r}") from exc
        yield uri
    finally:
        if server is not None:
            server.cleanup()
        shutil.rmtree(tmp, ignore_errors=True)


def pgserver_version() -> str:
    try:
        return metadata.version("pgserver")
    except metadata.PackageNotFoundError:  # pragma: no cover
        return "unknown"


def collect(uri: str) -> dict[str, Any]:
    """Query the catalog at *uri* and build the data-file object."""
    import psycopg

    with psycopg.connect(uri) as conn:
        version = conn.execute("SHOW server_version").fetchone()[0]
        version_num = int(conn.execute("SHOW server_version_num").fetchone()[0])
        if version_num // 10000 != EXPECTED_MAJOR:
            raise RuntimeError(f"expected PostgreSQL {EXPECTED_MAJOR}, got {version}")
        proc_rows = conn.execute(FUNCTIONS_SQL).fetchall()
        type_rows = conn.execute(TYPES_SQL).fetchall()

    grouped: dict[str, list[tuple[list[str], str, str]]] = {}
    for name, kind, volatile, is_variadic, argtypes in proc_rows:
        args = list(argtypes)
        if is_variadic:
            args[-1] = "VARIADIC " + args[-1]
        grouped.setdefault(name, []).append((args, VOLATILITY[volatile], kind))

    functions: dict[str, dict[str, Any]] = {}
    for name in sorted(grouped):
        entries = sorted(grouped[name])
        vols = [vol for _, vol, _ in entries]
        kinds = [kind for _, _, kind in entries]
        functions[name] = {
            "kind": kinds[0] if len(set(kinds)) == 1 else kinds,
            "overloads": [args for args, _, _ in entries],
            "volatility": vols[0] if len(set(vols)) == 1 else vols,
        }

    types: set[str] = set()
    for typname, sql_name in type_rows:
        types.add(typname)
        if sql_name and not sql_name.startswith('"'):
            types.add(sql_name)

    return {
        "source": f"PostgreSQL {version} pg_catalog via pgserver {pgserver_version()}",
        "functions": functions,
        "types": sorted(types),
    }


def generate() -> dict[str, Any]:
    """Start a temporary server and return the data-file object.

    Raises ServerUnavailable when pgserver cannot start PostgreSQL.
    """
    with running_server() as uri:
        return collect(uri)


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def render(data: dict[str, Any]) -> str:
    """Serialize deterministically: one function / type per line."""
    lines = ["{", f'"source":{_dump(data["source"])},', '"functions":{']
    items = sorted(data["functions"].items())
    for i, (name, info) in enumerate(items):
        sep = "," if i < len(items) - 1 else ""
        lines.append(f"{_dump(name)}:{_dump(info)}{sep}")
    lines.append("},")
    lines.append('"types":[')
    types = sorted(data["types"])
    for i, name in enumerate(types):
        sep = "," if i < len(types) - 1 else ""
        lines.append(f"{_dump(name)}{sep}")
    lines.append("]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def diff_summary(old_text: str | None, new_text: str, max_lines: int = 40) -> list[str]:
    """Human-readable summary of how *old_text* differs from *new_text*."""
    if old_text is None:
        return ["committed file is missing"]
    if old_text == new_text:
        return []
    try:
        old = json.loads(old_text)
    except json.JSONDecodeError as exc:
        return [f"committed file is not valid JSON: {exc}"]
    new = json.loads(new_text)
    out: list[str] = []
    if old.get("source") != new.get("source"):
        out.append(f"source: {old.get('source')!r} -> {new.get('source')!r}")
    old_f, new_f = old.get("functions", {}), new.get("functions", {})
    added = sorted(set(new_f) - set(old_f))
    removed = sorted(set(old_f) - set(new_f))
    changed = sorted(n for n in set(old_f) & set(new_f) if old_f[n] != new_f[n])
    for label, names in (("functions added", added), ("functions removed", removed), ("functions changed", changed)):
        if names:
            shown = ", ".join(names[:15]) + (" ..." if len(names) > 15 else "")
            out.append(f"{label} ({len(names)}): {shown}")
    old_t, new_t = set(old.get("types", [])), set(new.get("types", []))
    for label, names in (("types added", sorted(new_t - old_t)), ("types removed", sorted(old_t - new_t))):
        if names:
            shown = ", ".join(names[:15]) + (" ..." if len(names) > 15 else "")
            out.append(f"{label} ({len(names)}): {shown}")
    if not out:
        out.append("same content, different formatting (regenerate to normalize)")
    udiff = list(difflib.unified_diff(old_text.splitlines(), new_text.splitlines(), "committed", "generated", lineterm="", n=0))
    if udiff:
        out.append("--- line diff (first %d lines) ---" % max_lines)
        out.extend(udiff[:max_lines])
    return out


def check(path: Path, new_text: str | None = None) -> list[str]:
    """Regenerate in memory and return the differences from the file at *path*."""
    if new_text is None:
        new_text = render(generate())
    old_text = path.read_text(encoding="utf-8") if path.exists() else None
    return diff_summary(old_text, new_text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help=f"data file (default: {DEFAULT_OUTPUT.relative_to(REPO_ROOT)})")
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if the file differs from a fresh generation")
    args = parser.parse_args(argv)

    started = time.monotonic()
    try:
        text = render(generate())
    except ServerUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    elapsed = time.monotonic() - started
    data = json.loads(text)
    stats = f"{len(data['functions'])} functions, {len(data['types'])} type names, {len(text.encode())} bytes, {elapsed:.1f}s ({data['source']})"

    if args.check:
        problems = check(args.output, text)
        if problems:
            print(f"{args.output} is out of date:", file=sys.stderr)
            for line in problems:
                print(f"  {line}", file=sys.stderr)
            print(f"run: python {Path(__file__).name} to regenerate", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date: {stats}")
        return 0

    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}: {stats}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
