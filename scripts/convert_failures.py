"""Convert corpus files and run the result on PostgreSQL 16 (pgserver), printing what fails.

    python scripts/convert_failures.py [NAME-FRAGMENT ...] [--all] [--source] [-v]

With no name, every corpus file is run and a count per file is printed. `--source` runs the original
(PostgreSQL) file instead of the converted one, to tell a source defect from a conversion defect.
`-v` prints each failing statement. Run from the repository root with PYTHONPATH set to it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from dsqllint.convert import convert_source  # noqa: E402
from dsqllint.source import read_source  # noqa: E402
from servers import PostgresServer, run_ddl  # noqa: E402
from test_convert_corpus import FILES, PREREQUISITES, statements  # noqa: E402


def run(path: Path, source: bool, verbose: bool, server) -> int:
    result = convert_source(read_source(path))
    with server.fresh_database() as conn:
        for prerequisite in PREREQUISITES.get(path.name, ()):
            run_ddl(conn, statements(convert_source(read_source(path.parent / prerequisite)).sql))
        text = path.read_text(encoding="utf-8") if source else result.sql
        failures = run_ddl(conn, statements(text))
    print(f"{path.name}: {len(failures)} failing statements; {result.statements_in} statements in, "
          f"{result.statements_out} out, {len(result.behaviour_changes)} behaviour-changing rewrites, "
          f"{len(result.not_converted)} not converted")
    if verbose:
        for f in failures:
            print(f"  {f.sqlstate} {f.message.splitlines()[0]}")
            print("    " + f.statement.strip()[:300].replace("\n", "\n    "))
    return len(failures)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("names", nargs="*")
    parser.add_argument("--source", action="store_true", help="run the original file, not the converted one")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    server = PostgresServer.get()
    paths = [p for p in FILES if not args.names or any(n in p.name for n in args.names)]
    total = sum(run(p, args.source, args.verbose, server) for p in paths)
    print(f"total: {total}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
