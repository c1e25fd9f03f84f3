"""Longer property runs with fresh random examples (the suite itself is derandomized, see tests/budget.py).

    python scripts/explore_properties.py [--scale 20] [--runs 3] [pytest args…]

Runs the property tests `--runs` times with hypothesis profile `explore` and each test's example budget
multiplied by `--scale`. A failure prints hypothesis' falsifying example: reduce it by hand, save it as
fixtures/regressions/convert-<what>[-mysql].sql (convert) or <what>.sql (lint) with a .txt saying what went
wrong, and fix it; the suite then checks it on every run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROPERTY_TESTS = ["tests/test_properties.py", "tests/test_convert_properties.py", "tests/test_fix.py",
                  "tests/test_dialect.py", "tests/test_split.py"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=20, help="multiply each test's example budget (default 20)")
    parser.add_argument("--runs", type=int, default=1, help="repeat with new random examples (default 1)")
    args, pytest_args = parser.parse_known_args()
    env = dict(os.environ, HYPOTHESIS_PROFILE="explore", DSQLLINT_PROPERTY_SCALE=str(args.scale))
    worst = 0
    for run in range(1, args.runs + 1):
        print(f"--- exploration run {run}/{args.runs}, scale {args.scale}", flush=True)
        command = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *PROPERTY_TESTS, *pytest_args]
        worst = max(worst, subprocess.run(command, cwd=ROOT, env=env).returncode)
    return worst


if __name__ == "__main__":
    sys.exit(main())
