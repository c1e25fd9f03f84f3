"""Where dsqllint's time goes on one file, phase by phase, in this process.

    python benchmarks/phases.py benchmarks/data/pg-6k.sql            # phase split
    python benchmarks/phases.py FILE --cprofile 30                   # and the 30 costliest functions
    python benchmarks/phases.py FILE --rules                         # and time per rule
    python benchmarks/phases.py FILE --processes 2                   # rules shared with a forked child

Phases: import (the modules a lint needs), read (bytes → text, dialect), split (statement spans),
tokenize and parse (sqlglot, per statement), catalog, rules (every selected rule on every
statement, suppressions included), report (the JSON document). It calls the engine's own pieces
in the engine's order, so the sum is close to a `dsqllint lint --no-cache --format json` run minus
the interpreter's start-up. `--rules` times each rule statement by statement, as the engine runs
them (helpers several rules share are computed by whichever asks first).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path

T0 = time.perf_counter()
gc.disable()  # as `dsqllint lint` does (see engine.gc_paused)
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's dsqllint


def cpu_seconds() -> float:
    """CPU time of this process and of the children it waited for (the forked rules child)."""
    t = os.times()
    return time.process_time() + t.children_user + t.children_system  # process_time: finer than os.times


clock = time.perf_counter


def main() -> None:
    global clock
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file")
    parser.add_argument("--cprofile", type=int, default=0, metavar="N", help="print the N costliest functions")
    parser.add_argument("--rules", action="store_true", help="time every rule separately")
    parser.add_argument("--processes", type=int, default=1, choices=(1, 2),
                        help="2: a long file's rules run partly in a forked child, as `dsqllint lint` does on 2+ CPUs")
    parser.add_argument("--cpu", action="store_true",
                        help="CPU seconds instead of wall seconds (steadier on a busy machine; adds the child's)")
    args = parser.parse_args()
    if args.cpu:
        clock = cpu_seconds

    phases: dict[str, float] = {}
    t = clock()
    from dsqllint import engine, parse  # noqa: F401
    from dsqllint.rules import all_rules

    all_rules()  # the rule modules: imported by the first lint
    from dsqllint.report import Summary
    from dsqllint.report import json as json_report
    from dsqllint.source import read_source
    from dsqllint.target import Target

    phases["import"] = clock() - t

    profiler = cProfile.Profile() if args.cprofile else None
    if profiler:
        profiler.enable()

    t = clock()
    source = read_source(args.file)
    phases["read"] = clock() - t

    t = clock()
    from dsqllint.split import split

    split_result = split(source.text, source.dialect)
    phases["split"] = clock() - t

    # tokenize and parse separately, the way parse._parse_one does them
    dialect = parse._dialect(source.dialect)
    parser_ = dialect.parser()
    tok_time = parse_time = 0.0
    for span in split_result.spans:
        if span.client or span.unterminated:
            continue
        text = split_result.text[span.start : span.end]
        a = clock()
        try:
            tokens = dialect.tokenize(text)
        except Exception:
            continue
        b = clock()
        try:
            parser_.parse(tokens, text)
        except Exception:
            pass
        c = clock()
        tok_time += b - a
        parse_time += c - b
    phases["tokenize"] = tok_time
    phases["parse"] = parse_time

    # the engine end to end, to time catalog + rules (parse again, subtracted)
    t = clock()
    statements = parse.parse_source(source)
    parse_again = clock() - t
    t = clock()
    from dsqllint.catalog import build_catalog

    build_catalog(statements)
    phases["catalog"] = clock() - t

    t = clock()
    target = Target.parse(None)
    result = engine.lint_source(source, target, **({"processes": 2} if args.processes == 2 else {}))
    engine.add_run_findings([result], target, result.selection)
    phases["rules"] = max(0.0, clock() - t - parse_again - phases["catalog"])

    t = clock()
    summary = Summary()
    summary.add(result.findings, len(result.statements))
    report = json_report.render([(source.path, source.dialect, result.findings)], summary, target.date.isoformat())
    phases["report"] = clock() - t

    if profiler:
        profiler.disable()

    total = sum(phases.values())
    print(f"{args.file}: {len(result.statements):,} statements, {len(result.findings):,} findings, "
          f"{len(report):,} bytes of JSON")
    for name, seconds in phases.items():
        print(f"  {name:9} {seconds:7.3f} s  {100 * seconds / total:5.1f} %")
    print(f"  {'total':9} {total:7.3f} s  ({'CPU' if args.cpu else 'wall'}; process so far "
          f"{time.perf_counter() - T0:.3f} s wall)")

    if args.rules:
        from dsqllint.rules.base import Context
        from dsqllint.catalog import build_catalog as bc

        ctx = Context(source, statements, bc(statements), target)
        per_rule: dict[str, float] = defaultdict(float)
        rules = [r() for r in all_rules()]
        rules = [r for r in rules if r.applies(target, source.dialect)]
        for stmt in statements:  # statement by statement, as the engine runs them (rules share memos)
            if stmt.client or stmt.error is not None:
                continue
            for rule in rules:
                a = clock()
                for _ in rule.check(stmt, ctx):
                    pass
                per_rule[f"{rule.code} {rule.name}"] += clock() - a
        print(f"  rules, timed one by one: {sum(per_rule.values()):.3f} s")
        for name, seconds in sorted(per_rule.items(), key=lambda kv: -kv[1])[:25]:
            print(f"  {name:45} {seconds:7.3f} s")

    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(args.cprofile)
        print(out.getvalue())
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(args.cprofile)
        print(out.getvalue())


if __name__ == "__main__":
    sys.exit(main())
