"""Every input that once crashed or hung dsqllint (fixtures/regressions, saved by scripts/fuzz_corpus.py or by
hand): linting it ends in findings or a clean exit-2 error, within a time bound, never in a traceback.

Each case is a `<name>.sql` with a `<name>.txt` beside it; the .txt's `args:` line holds the command-line
options the failure needed (and `stdin: True` that it came through stdin). Each case also runs with each
dialect forced, since the splitter and the parser differ per dialect.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from fuzz_corpus import Case, run_in_process  # noqa: E402

REGRESSIONS = ROOT / "fixtures" / "regressions"
CASES = sorted(REGRESSIONS.glob("*.sql"))
TIME_BOUND = 20.0  # seconds per run; every case takes well under a second once fixed


def _recorded(case: Path) -> tuple[list[str], bool]:
    notes = case.with_suffix(".txt")
    args, stdin = [], False
    if notes.exists():
        for line in notes.read_text(encoding="utf-8").splitlines():
            if line.startswith("args:"):
                args = line.split(":", 1)[1].split()
            elif line.startswith("stdin:"):
                stdin = line.split(":", 1)[1].strip() == "True"
    return args, stdin


def _with_dialect(args: list[str], dialect: str) -> list[str]:
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
        elif a == "--dialect":
            skip = True
        else:
            out.append(a)
    return out + ["--dialect", dialect]


def test_every_case_has_its_story() -> None:
    for case in CASES:
        assert case.with_suffix(".txt").exists(), f"{case.name}: say what went wrong in {case.stem}.txt"


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_regression_case_lints_cleanly(case: Path, tmp_path: Path) -> None:
    args, stdin = _recorded(case)
    runs = [args, _with_dialect(args, "postgres"), _with_dialect(args, "mysql")]
    for run_args in [r for i, r in enumerate(runs) if r not in runs[:i]]:
        outcome, code = run_in_process(Case(case.read_bytes(), run_args, case.name, ["regression"], stdin),
                                       tmp_path, TIME_BOUND)
        assert outcome.ok, f"{case.name} {' '.join(run_args)}: {outcome.kind}\n{outcome.detail}"
        assert code in (0, 1, 2)
