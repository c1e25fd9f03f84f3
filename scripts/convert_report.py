"""Per-file numbers of converting the corpus (or the files given): statements in, statements out,
behaviour-changing rewrites, and statements that could not be converted (removed: no DSQL form), with totals.

    python scripts/convert_report.py                 # every fixtures/corpus/*/*.sql
    python scripts/convert_report.py a.sql b.sql     # these files
    python scripts/convert_report.py --details       # and list what could not be converted, per file
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dsqllint.convert import convert_source  # noqa: E402
from dsqllint.source import read_source  # noqa: E402

COLUMNS = ("file", "dialect", "in", "out", "behaviour", "not converted")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--details", action="store_true", help="list the statements that could not be converted")
    args = parser.parse_args(argv)
    files = args.files or sorted((ROOT / "fixtures" / "corpus").glob("*/*.sql"))

    rows, details = [], []
    for path in files:
        result = convert_source(read_source(path))
        not_converted = result.not_converted
        rows.append((path.name, result.source_dialect, result.statements_in, result.statements_out,
                     len(result.behaviour_changes), len(not_converted)))
        details += [f"{path.name}:{c.line}:{c.column}: {c.code or '-'} {c.summary}" for c in not_converted]
    totals = ("total", "", *(sum(row[i] for row in rows) for i in range(2, len(COLUMNS))))

    widths = [max(len(str(row[i])) for row in [COLUMNS, *rows, totals]) for i in range(len(COLUMNS))]

    def line(row) -> str:
        return "  ".join(str(v).ljust(w) if i < 2 else str(v).rjust(w) for i, (v, w) in enumerate(zip(row, widths)))

    print(line(COLUMNS))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(line(row))
    print("  ".join("-" * w for w in widths))
    print(line(totals))
    print("\nin: statements read; out: statements written; behaviour: rewrites that change what the application "
          "sees (the report's BEHAVIOUR and NOT CONVERTED entries); not converted: statements removed because "
          "DSQL has no form of them (the original is kept as a comment).")
    if args.details and details:
        print("\nNot converted:")
        print("\n".join(details))
    return 0


if __name__ == "__main__":
    sys.exit(main())
