"""Benchmark dsqllint against its peers on the same files, in alternation.

    python benchmarks/run.py                       # generate inputs if needed, then every row, 5 runs each
    python benchmarks/run.py --runs 9 --only lint  # rows whose name contains "lint"
    python benchmarks/run.py --no-peers            # dsqllint alone
    python benchmarks/run.py --json results.json   # also write every measurement
    python benchmarks/run.py --quick               # 3 runs per row (1 for the big rows), no pg-60k convert:
                                                   # a few minutes; the targets table at the end either way

For each row every tool runs once as a warm-up (not counted), then `--runs` times in alternation
(dsqllint, dsql-lint, squawk, dsqllint, …), so machine noise hits them alike. Each run is a whole
process, started from this script and reaped with os.wait4, which gives its wall time, its CPU time
(user + system, its own and that of the processes it waited for, worker processes included) and,
through GNU time's %M when /usr/bin/time exists, its peak resident memory (wait4's ru_maxrss would
be at least this script's own size: Linux keeps a peak across exec). The table shows medians with
the spread (min–max) across runs and the ratio dsqllint median / peer median. A tool that is not
installed, or a row a tool cannot do (dsql-lint lints PostgreSQL only; squawk has no convert;
`dsqllint convert` where it does not exist) shows `n/a`.

dsqllint is this checkout's: `python -c "from dsqllint.cli import main; main()"` with the checkout
first on PYTHONPATH, which is what the installed `dsqllint` script runs, whatever else is installed.
PYTHONDONTWRITEBYTECODE is unset for it, so its modules' bytecode is cached as after `pip install`
(the warm-up run writes it). Cold rows pass `--no-cache`; the warm row lints a tree whose results a
first, untimed run put in a fresh cache directory. The peers are run by their real executables
(this Python's scripts directory first, then PATH), not through a version manager's shims, whose
own start-up would be measured otherwise.

The targets are about wall time, but on a loaded machine wall time measures the machine: compare
the CPU columns too, which other processes disturb much less (and which add up the workers of a
parallel run rather than overlapping them).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

CHADO = ROOT / "fixtures" / "corpus" / "postgres" / "chado-1.31-default-schema.pg.sql"
TOOLS = ("dsqllint", "dsql-lint", "squawk")
OK_EXIT = {0, 1, 3}  # clean, findings, (dsql-lint --fix) fixed with warnings
GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def dsqllint_command() -> list[str]:
    return [sys.executable, "-c", "import sys; from dsqllint.cli import main; sys.exit(main())"]


SOURCE = ROOT  # the checkout whose dsqllint is measured (--src)


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join([str(SOURCE), *filter(None, [env.get("PYTHONPATH")])])
    for name in ("NO_COLOR", "FORCE_COLOR", "DSQLLINT_CACHE_DIR", "DSQLLINT_DEBUG"):
        env.pop(name, None)
    return env


def find_tool(name: str) -> str | None:
    scripts = Path(sysconfig.get_path("scripts"))
    for candidate in (scripts / name, Path(sys.executable).parent / name):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which(name)
    if found and "/shims/" in found:  # pyenv and friends: find the real binary behind the shim
        try:
            real = subprocess.run(["pyenv", "which", name], capture_output=True, text=True, timeout=10).stdout.strip()
            if real:
                return real
        except (OSError, subprocess.SubprocessError):
            pass
    return found


@dataclass
class Measure:
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return not self.error and bool(self.seconds)


def run_once(argv: list[str], cwd: Path, timeout: float) -> tuple[float, float, int, int, str]:
    """Wall seconds, CPU seconds, peak RSS (KB), exit status and stderr tail of one process."""
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as rss_file:
        if GNU_TIME:
            argv = [GNU_TIME, "-f", "%M", "-o", rss_file.name, *argv]
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL,
                                env=child_env())
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                os.wait4(proc.pid, 0)
                proc.returncode = -9
                return timeout, timeout, 0, -9, "timeout"
            time.sleep(0.0005)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read()[-400:].decode("utf-8", "replace")
        rss = usage.ru_maxrss
        if GNU_TIME:
            words = rss_file.read().split()  # "[Command exited with non-zero status N] KB"
            rss = int(words[-1]) if words and words[-1].isdigit() else rss
    return elapsed, usage.ru_utime + usage.ru_stime, rss, proc.returncode, tail


@dataclass
class Row:
    name: str
    commands: dict[str, list[str] | None]  # tool → argv (None: the tool cannot do this row)
    prepare: dict[str, list[str]] = field(default_factory=dict)  # tool → argv run once before (not timed)
    note: str = ""
    heavy: bool = False  # tens of seconds per run: one run in --quick mode


def dsqllint_features(cmd: list[str], cwd: Path) -> dict[str, bool]:
    def help_of(*args: str) -> tuple[int, str]:
        p = subprocess.run([*cmd, *args, "--help"], capture_output=True, text=True, timeout=120, env=child_env(),
                           cwd=cwd)  # not here: `python -c` imports from the working directory first
        return p.returncode, p.stdout

    _, lint_help = help_of("lint")
    rc_convert, convert_help = help_of("convert")
    return {
        "no_cache": "--no-cache" in lint_help,
        "cache_dir": "--cache-dir" in lint_help,
        "convert": rc_convert == 0,
        "convert_output": "--output" in convert_help,
        "convert_from": "--from" in convert_help,
        "convert_isolated": "--isolated" in convert_help,
    }


def build_rows(exes: dict[str, str | None], data: dict[str, Path], work: Path) -> list[Row]:
    ds = dsqllint_command()
    feats = dsqllint_features(ds, work)
    cold = ["--no-cache"] if feats["no_cache"] else []
    warm = ["--cache-dir", str(work / "dsqllint_cache")] if feats["cache_dir"] else []
    tree = sorted(str(p) for p in data["migrations"].glob("*.sql"))

    def lint(target: list[str], extra: list[str]) -> list[str]:
        return [*ds, "lint", "--isolated", "--format", "json", *extra, *target]

    def convert(src: Path, dialect: str) -> list[str] | None:
        if not feats["convert"]:
            return None
        out = ["-o", str(work / f"dsqllint-{src.stem}.out.sql")] if feats["convert_output"] else []
        isolated = ["--isolated"] if feats["convert_isolated"] else []
        return [*ds, "convert", *isolated, "--from" if feats["convert_from"] else "--dialect", dialect, *out, str(src)]

    def dsql_lint(target: list[str], fix_out: str | None = None, mysql: bool = False) -> list[str] | None:
        exe = exes.get("dsql-lint")
        if not exe:
            return None
        if fix_out:
            return [exe, "--fix", *(["--dialect", "mysql"] if mysql else []), "-o", str(work / fix_out), *target]
        return [exe, "--format", "json", *target]

    def squawk(target: list[str]) -> list[str] | None:
        exe = exes.get("squawk")
        return [exe, "--reporter", "json", *target] if exe else None

    def version(tool: str) -> list[str] | None:
        return [exes[tool], "--version"] if exes.get(tool) else None

    pg6, pg60, my, one = (str(data[k]) for k in ("pg-6k", "pg-60k", "mysql-6k", "one"))
    chado = str(CHADO)
    return [
        Row("startup: --version", {"dsqllint": [*ds, "--version"], "dsql-lint": version("dsql-lint"),
                                   "squawk": version("squawk")}),
        Row("lint one statement (pre-commit)", {"dsqllint": lint([one], cold), "dsql-lint": dsql_lint([one]),
                                                "squawk": squawk([one])}),
        Row("lint pg-6k (6,000 stmts, cold)", {"dsqllint": lint([pg6], cold), "dsql-lint": dsql_lint([pg6]),
                                               "squawk": squawk([pg6])}),
        Row("lint chado (41k lines, cold)", {"dsqllint": lint([chado], cold), "dsql-lint": dsql_lint([chado]),
                                             "squawk": squawk([chado])}),
        Row("lint mysql-6k (cold)", {"dsqllint": lint([my], cold), "dsql-lint": None, "squawk": None},
            note="dsql-lint reads MySQL only with --fix; squawk is PostgreSQL-only"),
        Row("lint pg-60k (60,000 stmts, cold)", {"dsqllint": lint([pg60], cold), "dsql-lint": dsql_lint([pg60]),
                                                 "squawk": squawk([pg60])}, heavy=True),
        Row("lint 200 migrations (cold)", {"dsqllint": lint(tree, cold), "dsql-lint": dsql_lint(tree),
                                           "squawk": squawk(tree)}),
        Row("lint 200 migrations (warm cache)",
            {"dsqllint": lint(tree, warm) if warm else None, "dsql-lint": dsql_lint(tree), "squawk": squawk(tree)},
            prepare={"dsqllint": lint(tree, warm)} if warm else {},
            note="" if warm else "dsqllint has no --cache-dir"),
        Row("convert pg-6k", {"dsqllint": convert(data["pg-6k"], "postgres"),
                              "dsql-lint": dsql_lint([pg6], fix_out="dsql-lint-pg-6k.out.sql"), "squawk": None}),
        Row("convert chado", {"dsqllint": convert(CHADO, "postgres"),
                              "dsql-lint": dsql_lint([chado], fix_out="dsql-lint-chado.out.sql"), "squawk": None}),
        Row("convert mysql-6k", {"dsqllint": convert(data["mysql-6k"], "mysql"),
                                 "dsql-lint": dsql_lint([my], fix_out="dsql-lint-mysql.out.sql", mysql=True),
                                 "squawk": None}),
        Row("convert pg-60k", {"dsqllint": convert(data["pg-60k"], "postgres"),
                               "dsql-lint": dsql_lint([pg60], fix_out="dsql-lint-pg-60k.out.sql"), "squawk": None},
            heavy=True),
    ]


def measure_row(row: Row, runs: int, warmup: int, timeout: float, cwd: Path) -> dict[str, Measure]:
    results = {tool: Measure() for tool, argv in row.commands.items() if argv}
    for tool, argv in row.prepare.items():
        run_once(argv, cwd, timeout)
    for i in range(warmup + runs):
        for tool, measure in results.items():
            if measure.error:
                continue
            elapsed, cpu, rss, rc, tail = run_once(row.commands[tool], cwd, timeout)  # type: ignore[arg-type]
            if rc not in OK_EXIT:
                last = tail.strip().splitlines()[-1] if tail.strip() else ""
                measure.error = "timeout" if rc == -9 else f"exit {rc}: {last}"
                continue
            if i >= warmup:
                measure.seconds.append(elapsed)
                measure.cpu.append(cpu)
                measure.rss_kb.append(rss)
    return results


def fmt(values: list[float], m: Measure | None) -> str:
    if m is None:
        return "n/a"
    if m.error:
        return m.error[:34]
    if not values:
        return "n/a"
    return f"{statistics.median(values):.3f} ({min(values):.3f}–{max(values):.3f})"


def fmt_rss(m: Measure | None) -> str:
    return f"{max(m.rss_kb) / 1024:.0f}" if m is not None and m.ok and m.rss_kb else "n/a"


def ratio(a: Measure | None, b: Measure | None, cpu: bool = False) -> str:
    if a is None or b is None or not a.ok or not b.ok:
        return "n/a"
    va, vb = (a.cpu, b.cpu) if cpu else (a.seconds, b.seconds)
    return f"{statistics.median(va) / statistics.median(vb):.2f}x"


# The targets: (what, row, how it is read, limit). "ratio": dsqllint median wall / dsql-lint
# median wall on the same row; "wall": dsqllint median wall seconds; "rss": dsqllint peak RSS in MB.
TARGETS = [
    ("cold lint of pg-6k vs dsql-lint", "lint pg-6k", "ratio", 1.0),
    ("warm re-run, 200 migrations vs dsql-lint", "lint 200 migrations (warm", "ratio", 0.2),
    ("one-statement file, whole process (s)", "lint one statement", "wall", 0.150),
    ("convert chado vs dsql-lint --fix", "convert chado", "ratio", 2.0),
    ("peak memory on pg-60k (MB)", "lint pg-60k", "rss", 500.0),
]


def print_targets(measured: dict[str, dict[str, Measure]]) -> None:
    def row(prefix: str) -> dict[str, Measure]:
        return next((m for name, m in measured.items() if name.startswith(prefix)), {})

    def show(value: float | None, how: str) -> str:
        if value is None:
            return "n/a"
        return f"{value:.2f}x" if how == "ratio" else f"{value:.3f}" if how == "wall" else f"{value:.0f}"

    print("\ntargets (issue 6)                       measured (wall)     limit  met    same in CPU time")
    for what, prefix, how, limit in TARGETS:
        ds, dl = row(prefix).get("dsqllint"), row(prefix).get("dsql-lint")
        value = cpu = None
        if ds is not None and ds.ok:
            if how == "wall":
                value, cpu = statistics.median(ds.seconds), statistics.median(ds.cpu)
            elif how == "rss" and ds.rss_kb:
                value = max(ds.rss_kb) / 1024
            elif how == "ratio" and dl is not None and dl.ok:
                value = statistics.median(ds.seconds) / statistics.median(dl.seconds)
                cpu = statistics.median(ds.cpu) / statistics.median(dl.cpu)
        met = "" if value is None else ("yes" if value <= limit else "NO")
        cpu_met = "" if cpu is None else ("yes" if cpu <= limit else "NO")
        print(f"  {what:41} {show(value, how):>9} {limit:>9g}  {met:3}  {show(cpu, how):>9} {cpu_met}")
    small, big = row("lint pg-6k").get("dsqllint"), row("lint pg-60k").get("dsqllint")
    if small is not None and big is not None and small.ok and big.ok:
        growth = statistics.median(big.seconds) / statistics.median(small.seconds)
        print(f"  {'pg-60k / pg-6k wall (10x the statements)':41} {growth:>8.2f}x {10:>9g}  "
              f"{'yes' if growth <= 10 else 'NO'}")


def main() -> int:
    parser = argparse.ArgumentParser(description="dsqllint vs dsql-lint vs squawk on the same files.")
    parser.add_argument("--runs", type=int, default=None, help="timed runs per tool and row (default 5, 3 with --quick)")
    parser.add_argument("--warmup", type=int, default=None, help="untimed runs per tool first (default 1, 0 with --quick)")
    parser.add_argument("--quick", action="store_true",
                        help="a few minutes: 3 runs per row, 1 for the big rows (pg-60k lint), no pg-60k convert")
    parser.add_argument("--only", action="append", default=[], help="only rows whose name contains this (repeatable)")
    parser.add_argument("--skip", action="append", default=[], help="skip rows whose name contains this (repeatable)")
    parser.add_argument("--no-peers", action="store_true", help="run dsqllint only")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds before one run counts as a timeout")
    parser.add_argument("--data", type=Path, default=generate.DEFAULT_OUT, help="input directory (default benchmarks/data)")
    parser.add_argument("--json", type=Path, default=None, help="write every measurement to this file")
    parser.add_argument("--src", type=Path, default=ROOT,
                        help="the checkout whose dsqllint to measure (default: this one), e.g. an older commit's "
                             "`git archive` for a before/after comparison")
    args = parser.parse_args()
    if args.runs is None:
        args.runs = 3 if args.quick else 5
    if args.warmup is None:
        args.warmup = 0 if args.quick else 1
    if args.quick:
        args.skip.append("convert pg-60k")
    global SOURCE
    SOURCE = args.src.resolve()

    data = generate.generate(args.data)
    exes = {tool: (None if args.no_peers else find_tool(tool)) for tool in TOOLS[1:]}
    try:
        load = os.getloadavg()[0]
    except OSError:
        load = float("nan")
    print(f"# {os.cpu_count()} CPUs, load average {load:.2f}, Python {sys.version.split()[0]}, "
          f"{args.runs} runs (+{args.warmup} warm-up) per tool, times in seconds, RSS in MB")
    p = subprocess.run([*dsqllint_command(), "--version"], capture_output=True, text=True, env=child_env(),
                       cwd=tempfile.gettempdir())
    # compile dsqllint's bytecode (and warm the page cache) before anything is timed, warm-ups or not
    subprocess.run([*dsqllint_command(), "lint", "--isolated", "--no-cache", str(data["one"])], capture_output=True,
                   env=child_env(), cwd=tempfile.gettempdir())
    print(f"# dsqllint: {p.stdout.strip()} ({SOURCE})")
    for tool, exe in exes.items():
        version = "not installed"
        if exe:
            p = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=60)
            version = (p.stdout or p.stderr).strip().splitlines()[0] if (p.stdout or p.stderr).strip() else exe
        print(f"# {tool}: {version}" + (f"  ({exe})" if exe else ""))
    for path in [*data.values(), CHADO]:
        print(f"# input {generate.describe(path)}")

    record = []
    with tempfile.TemporaryDirectory(prefix="dsqllint-bench-") as tmp:
        work = Path(tmp)
        rows = build_rows(exes, data, work)
        rows = [r for r in rows if (not args.only or any(o in r.name for o in args.only))
                and not any(s in r.name for s in args.skip)]
        columns = [("row", 34), ("wall dsqllint", 22), ("wall dsql-lint", 22), ("wall squawk", 22),
                   ("/dsql-lint", 10), ("/squawk", 8), ("CPU dsqllint", 22), ("CPU dsql-lint", 22),
                   ("CPU /dsql-lint", 14), ("RSS ds", 6), ("RSS dl", 6), ("RSS sq", 6)]
        header = " ".join(f"{name:>{width}}" if i else f"{name:{width}}" for i, (name, width) in enumerate(columns))
        print(header)
        print("-" * len(header))
        growth: dict[str, float] = {}
        measured: dict[str, dict[str, Measure]] = {}
        for row in rows:
            runs = 1 if args.quick and row.heavy else args.runs
            results = measured[row.name] = measure_row(row, runs, args.warmup, args.timeout, work)
            ds, dl, sq = (results.get(t) for t in TOOLS)
            cells = [row.name, fmt(ds.seconds if ds else [], ds), fmt(dl.seconds if dl else [], dl),
                     fmt(sq.seconds if sq else [], sq), ratio(ds, dl), ratio(ds, sq), fmt(ds.cpu if ds else [], ds),
                     fmt(dl.cpu if dl else [], dl), ratio(ds, dl, cpu=True), fmt_rss(ds), fmt_rss(dl), fmt_rss(sq)]
            print(" ".join(f"{c:>{w}}" if i else f"{c:{w}}" for i, (c, (_, w)) in enumerate(zip(cells, columns))),
                  flush=True)
            if row.note:
                print(f"{'':34}   note: {row.note}")
            if ds is not None and ds.ok and row.name.startswith("lint pg-"):
                growth[row.name] = statistics.median(ds.cpu)
            record.append({"row": row.name, **{tool: ({"seconds": m.seconds, "cpu": m.cpu, "rss_kb": m.rss_kb,
                                                        "error": m.error} if m else None)
                                                for tool, m in zip(TOOLS, (ds, dl, sq))}})
        small = next((v for k, v in growth.items() if "6k" in k), None)
        big = next((v for k, v in growth.items() if "60k" in k), None)
        if small and big:
            print(f"\ngrowth: dsqllint CPU pg-60k / pg-6k = {big / small:.2f}x for 10x the statements (linear: <= 10x)")
        print_targets(measured)
    if args.json:
        args.json.write_text(json.dumps(record, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
