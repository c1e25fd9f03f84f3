#!/usr/bin/env python3
"""Count the function calls dsqllint checks in a set of schema files, and the unknown ones.

A call is checked when it is written `name(...)` in a statement whose expressions DSQL evaluates
(CREATE TABLE / ALTER TABLE defaults, CHECKs and generated columns, CREATE INDEX, CREATE VIEW) or
in the body of a PostgreSQL LANGUAGE sql function: the calls the unknown-function rule (DSQL901)
judges. Unknown calls are those it reports.

Usage::

    python scripts/function_census.py                      # the corpus: fixtures/corpus/*/*.sql
    python scripts/function_census.py a.sql b.sql --json   # other files; machine-readable output
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dsqllint.catalog import build_catalog  # noqa: E402
from dsqllint.parse import parse_source  # noqa: E402
from dsqllint.rules.base import Context  # noqa: E402
from dsqllint.rules.expressions import checked_calls, missing_function  # noqa: E402
from dsqllint.source import read_source  # noqa: E402
from dsqllint.target import Target  # noqa: E402


def census(paths: list[Path]) -> dict:
    """{dialect: {"files", "calls", "unknown", "names": {name: count}}} and per-file counts."""
    totals: dict[str, dict] = {}
    files = {}
    for path in paths:
        source = read_source(path)
        statements = parse_source(source)
        ctx = Context(source, statements, build_catalog(statements), Target.parse(None))
        calls, unknown = 0, Counter()
        for stmt in statements:
            if stmt.error is not None:
                continue
            for call in checked_calls(stmt, source.dialect):
                calls += 1
                if missing_function(call, ctx) is not None:
                    unknown[call.name] += 1
        total = totals.setdefault(source.dialect, {"files": 0, "calls": 0, "unknown": 0, "names": Counter()})
        total["files"] += 1
        total["calls"] += calls
        total["unknown"] += sum(unknown.values())
        total["names"].update(unknown)
        files[path.name] = {"dialect": source.dialect, "calls": calls, "unknown": dict(unknown.most_common())}
    for total in totals.values():
        total["names"] = dict(total["names"].most_common())
    return {"dialects": totals, "files": files}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")
    args = parser.parse_args(argv)
    paths = args.paths or sorted((ROOT / "fixtures" / "corpus").glob("*/*.sql"))
    result = census(paths)
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    for name, counts in result["files"].items():
        unknown = ", ".join(f"{n} {c}" for n, c in counts["unknown"].items())
        print(f"{name:48} {counts['dialect']:8} calls {counts['calls']:5}  unknown {sum(counts['unknown'].values()):4}"
              + (f"  ({unknown})" if unknown else ""))
    for dialect, total in result["dialects"].items():
        names = ", ".join(f"{n} {c}" for n, c in total["names"].items())
        print(f"\n{dialect}: {total['files']} files, {total['calls']} calls checked, {total['unknown']} unknown"
              + (f": {names}" if names else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
