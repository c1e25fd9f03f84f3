"""source → statements → catalog → rules → findings → suppressions.

`lint_source` lints one file, `lint_sources` a set of files (adding the findings of rules that judge
the whole set); both apply the file's `dsqllint: ignore` comments and report the ones that did
nothing (DSQL003). Configuration files, output and exit codes are the command line's business.
"""

from __future__ import annotations

import gc
import json
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable, Iterator

from dsqllint.findings import Finding, Severity
from dsqllint.selection import Selection
from dsqllint.source import Source
from dsqllint.target import Target

if TYPE_CHECKING:
    from dsqllint.cache import Cache
    from dsqllint.catalog import Catalog
    from dsqllint.parse import Statement
    from dsqllint.rules.base import Context, Rule, Violation
    from dsqllint.suppress import Suppressions

# sqlglot, the parser and the rules are imported by the functions that use them, not here: a
# re-run whose files all come from the result cache never needs them (importing them is most of
# such a run's time).

__all__ = [
    "FileResult", "LazyFileResult", "Selection", "add_run_findings", "has_errors", "lint_source", "lint_sources",
    "result_from_payload", "result_payload",
]


@dataclass
class FileResult:
    source: Source
    statements: list[Statement]
    catalog: Catalog
    findings: list[Finding] = field(default_factory=list)
    selection: Selection = field(default_factory=Selection)  # what ran on this file (per-file ignores included)
    target: Target | None = None
    suppressions: Suppressions | None = field(default=None, repr=False)
    # What rules that judge a whole run need from this file (`Rule.file_data`), by rule code.
    run_data: dict = field(default_factory=dict, repr=False)
    # (cache, entry name) when the result cache holds this file's result (runner.lint_files sets it).
    cached_as: "tuple[Cache, str] | None" = field(default=None, repr=False, compare=False)

    @property
    def statement_count(self) -> int:
        return len(self.statements)

    def ran(self) -> set[str]:
        """Codes of the rules that ran on this file: selected, and active at the target for the dialect."""
        from dsqllint.rules import all_rules

        target = self.target or Target.parse(None)
        return {r.code for r in all_rules() if self.selection.allows(r) and r().applies(target, self.source.dialect)}

    def _add(self, findings: list[Finding]) -> None:
        """Add findings through the file's suppressions, then account for every suppression again."""
        from dsqllint.rules.suppressions import UnusedSuppressionRule
        from dsqllint.suppress import Suppressions

        if self.suppressions is None:
            self.suppressions = Suppressions(self.source, self.statements)
        kept = self.suppressions.filter(findings)
        own = [f for f in self.findings if f.code != UnusedSuppressionRule.code] + kept
        if self.suppressions.directives and self.selection.allows(UnusedSuppressionRule):
            own += self.suppressions.report(self.ran())
        own.sort(key=Finding.sort_key)
        self.findings = own


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a file is linted.

    sqlglot builds hundreds of thousands of small, long-lived objects (tokens, trees) and almost no
    garbage; each time the collector runs it re-scans that growing heap, which costs a third of the
    lint time on a 6,000-statement file and grows faster than the file. Reference counting still
    frees everything that is not in a cycle; the collector resumes afterwards (if it was on)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# From this many statements, a file's rules run in two processes when `lint_source` may use them:
# the fork and the copy-on-write faults cost some 50 ms; the rules are a third of the time.
PARALLEL_MIN_STATEMENTS = 2_000


def lint_source(source: Source, target: Target | None = None, selection: Selection | None = None, *,
                processes: int = 1, store: bool = False) -> FileResult:
    """Lint one file. Rules that judge a whole set of files (`Rule.check_run`) are not run here:
    use `lint_sources`, or `add_run_findings` on the results. `processes`: 2 lets a long file's
    rules run in a forked child as well (see `_judge`); the result is the same. `store`: a very
    long file keeps its parsed statements in a compact stored form between uses (parse.StoredStatement),
    for flat memory; the findings are the same, but a tree read twice is not the same object."""
    with gc_paused():
        return _lint_source(source, target, selection, processes, store)


def _lint_source(source: Source, target: Target | None, selection: Selection | None, processes: int = 1,
                 store: bool = False) -> FileResult:
    from dsqllint.catalog import Catalog
    from dsqllint.parse import parse_source
    from dsqllint.rules import all_rules
    from dsqllint.rules.base import Context, Rule, Violation
    from dsqllint.rules.meta import NotAnalysedRule, ParseErrorRule

    target = target or Target.parse(None)
    selection = selection or Selection()
    catalog = Catalog()
    statements = parse_source(source, store=store, on_parsed=catalog.record)
    ctx = Context(source, statements, catalog, target)
    selected_classes, judged_kinds, unselected_classes = _rule_plan(target, source.dialect, selection, tuple(all_rules()))
    rules = [r() for r in selected_classes]  # fresh instances: rules may keep state for one file
    unselected = [r() for r in unselected_classes]
    report_parse_errors = selection.allows(ParseErrorRule)
    report_not_analysed = selection.allows(NotAnalysedRule)
    # (bound check, rule class) of the rules that judge statements: the loop below runs them
    # statements x rules times, so skip the ones that keep the base class's empty check.
    checks = [(rule.check, type(rule)) for rule in rules if type(rule).check is not Rule.check]
    if processes > 1 and len(statements) < PARALLEL_MIN_STATEMENTS:
        processes = 1
    judgements = iter(_judge(ctx, statements, checks, processes))
    pending = next(judgements, None)

    findings: list[Finding] = []
    for stmt in statements:
        if stmt.client:
            continue
        if stmt.error is not None:
            if report_parse_errors:
                findings.append(_finding(ctx, stmt, ParseErrorRule, Violation(stmt.error_offset, stmt.error)))
            continue
        judged = False
        while pending is not None and pending[0] == stmt.index:
            findings.append(pending[2])
            judged = True
            pending = next(judgements, None)
        # An opaque statement is analysed when a rule claims its kind or flags it (even a rule
        # left out by --select); otherwise it is reported once, never passed silently.
        if (
            report_not_analysed
            and stmt.opaque
            and stmt.tokens
            and stmt.kind not in judged_kinds
            and not judged
            and not any(True for rule in unselected for _ in rule.check(stmt, ctx))
        ):
            findings.append(
                _finding(
                    ctx,
                    stmt,
                    NotAnalysedRule,
                    Violation(
                        (stmt.start, stmt.start + len(stmt.text.split("\n", 1)[0])),
                        f"{stmt.kind} statement not analysed: dsqllint cannot tell whether DSQL accepts it",
                        "check it against the DSQL documentation",
                    ),
                )
            )
        # The statement's rules are done: drop what they shared (recomputed if anything asks again),
        # so a long file does not carry every statement's helper results to the end.
        stmt.memo.clear()
    result = FileResult(source, statements, catalog, selection=selection, target=target)
    result._add(findings)
    # What rules judging the whole run need from this file, whatever the selection: they count
    # every file of the run (a per-file ignore only keeps their finding out of that file).
    by_code = {type(rule).code: rule for rule in rules}
    for rule_class in _file_data_rules():
        rule = by_code.get(rule_class.code) or rule_class()
        data = rule.file_data(ctx)
        if data is not None:
            result.run_data[rule_class.code] = data
    return result


@lru_cache(maxsize=64)
def _rule_plan(target: Target, dialect: str, selection: Selection, registry: tuple[type[Rule], ...]):
    """Which rules run on a file, which opaque kinds some rule judges, and the active rules left
    out by the selection: the same for every file with these settings (a run of many small files
    would otherwise spend more time choosing rules than linting)."""
    selected = tuple(r for r in registry if selection.allows(r) and r().applies(target, dialect))
    unselected = tuple(r for r in registry if not selection.allows(r) and r.code not in ("DSQL001", "DSQL002")
                       and r().applies(target, dialect))
    return selected, claimed_kinds(target, dialect), unselected


def _judge(ctx: Context, statements: list[Statement], checks: list, processes: int) -> list[tuple[int, int, Finding]]:
    """(statement index, check position, finding) for every check on every parsed statement, in
    statement order, then check order, as one loop gives them.

    With 2 processes a forked child runs every other check over all the statements while this
    process runs the rest, and sends its findings back through a pipe (the parsed trees are
    shared by the fork, never sent: serializing them costs more than parsing). Each rule still sees
    every statement, in order, in one process, so a rule that keeps state across statements
    behaves as in one loop; rules whose state `file_data` reads afterwards stay here. If the
    child fails, its checks run here again (raising here what failed there)."""
    numbered = list(enumerate(checks))
    if processes < 2 or not hasattr(os, "fork"):
        return _judge_here(ctx, statements, numbered)
    from dsqllint.rules.base import Rule

    half = len(numbered) // 3  # the registry is in code order: a family's rules, which share helpers, stay together
    to_child = {pos for pos, (_, rule_class) in numbered[half:] if rule_class.file_data is Rule.file_data}
    mine = [item for item in numbered if item[0] not in to_child]
    theirs = [item for item in numbered if item[0] in to_child]
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns, never runs the parent's exit handlers
        status = 1
        try:
            os.close(read_end)
            found = _judge_here(ctx, statements, theirs)
            with os.fdopen(write_end, "w", encoding="utf-8") as pipe:
                json.dump([[index, pos, _finding_rows([finding])[0]] for index, pos, finding in found], pipe)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    try:
        found = _judge_here(ctx, statements, mine)
    finally:  # collect the child whatever happened here
        with os.fdopen(read_end, "r", encoding="utf-8") as pipe:
            data = pipe.read()
        status = os.waitpid(pid, 0)[1]
    if status == 0 and data:
        path = ctx.source.path
        found += [(index, pos, _findings_from_rows([row], path)[0]) for index, pos, row in json.loads(data)]
    else:
        found += _judge_here(ctx, statements, theirs)
    found.sort(key=lambda item: (item[0], item[1]))  # stable: one check's findings keep their order
    return found


def _judge_here(ctx: Context, statements: list[Statement], checks: list) -> list[tuple[int, int, Finding]]:
    found = []
    for stmt in statements:
        if stmt.client or stmt.error is not None:
            continue
        for pos, (check, rule_class) in checks:
            for violation in check(stmt, ctx):
                found.append((stmt.index, pos, _finding(ctx, stmt, rule_class, violation)))
        stmt.memo.clear()  # what the statement's rules shared (recomputed if anything asks again)
    return found


def _file_data_rules() -> list[type[Rule]]:
    from dsqllint.rules import all_rules
    from dsqllint.rules.base import Rule

    return [r for r in all_rules() if r.file_data is not Rule.file_data]


def claimed_kinds(target: Target, dialect: str) -> set[str]:
    """Statement kinds that some rule judges, for this dialect and target, when they are opaque."""
    from dsqllint.rules import all_rules

    return set().union(*(r.command_kinds for r in all_rules() if r().applies(target, dialect)))


def lint_sources(sources: list[Source], target: Target | None = None, selection: Selection | None = None) -> list[FileResult]:
    """Lint several files as one set: per-file rules, then rules that judge the whole set
    (`Rule.check_run`, e.g. DSQL's limits on tables per database)."""
    target = target or Target.parse(None)
    selection = selection or Selection()
    results = [lint_source(source, target, selection) for source in sources]
    add_run_findings(results, target, selection)
    return results


def add_run_findings(results: list[FileResult], target: Target, selection: Selection) -> None:
    """Run the rules that judge the whole set. A finding lands in its file only when that file's own
    selection (its per-file ignores) allows the rule, and its suppressions do not silence it."""
    if not results:
        return
    cache, run_key = _run_cache_key(results, target, selection)
    if cache is not None and _apply_stored_run(results, cache.get(run_key, "runs")):
        return
    from dsqllint.rules import all_rules
    from dsqllint.rules.base import Context

    before = [result.findings for result in results]
    new: dict[int, list[Finding]] = {}
    for rule_class in all_rules():
        if not selection.allows(rule_class):
            continue
        rule = rule_class()
        for result, stmt, violation in rule.check_run(results, target):
            if rule.applies(target, result.source.dialect) and result.selection.allows(rule_class):
                ctx = Context(result.source, result.statements, result.catalog, target)
                new.setdefault(id(result), []).append(_finding(ctx, stmt, rule_class, violation))
    for result in results:
        result._add(new.get(id(result), []))
    if cache is not None:
        changed = [None if result.findings == old else _finding_rows(result.findings)
                   for result, old in zip(results, before)]
        cache.put(run_key, {"v": _PAYLOAD_VERSION, "findings": changed}, "runs")


def _run_cache_key(results: list[FileResult], target: Target, selection: Selection) -> tuple["Cache | None", str]:
    """The result cache and the entry name for this run's run-wide findings, when every file's
    result is in that cache (an unchanged tree); (None, "") otherwise. The run-wide rules are then
    not even imported: their findings depend only on the files' cached results and the settings."""
    first = results[0].cached_as
    if first is None or any(r.cached_as is None or r.cached_as[0] is not first[0] for r in results):
        return None, ""
    files = [[r.source.path, r.cached_as[1]] for r in results]  # type: ignore[index]
    settings = ["run", target.date.isoformat(), sorted(selection.select), sorted(selection.ignore), files]
    return first[0], first[0].key(b"", settings)


def _apply_stored_run(results: list[FileResult], stored: dict | None) -> bool:
    """Set the findings a previous identical run ended with; False if `stored` does not fit."""
    if not stored or stored.get("v") != _PAYLOAD_VERSION or len(stored.get("findings") or ()) != len(results):
        return False
    for result, rows in zip(results, stored["findings"]):
        if rows is not None:
            result.findings = _findings_from_rows(rows, result.source.path)
    return True


# --- a result without its statements: from the cache, or from a worker process -------------------
_PAYLOAD_VERSION = 1


def result_payload(result: FileResult) -> dict:
    """What `result_from_payload` needs to rebuild a file's result without linting it again: plain
    JSON data (findings without their path, which the reader supplies)."""
    return {
        "v": _PAYLOAD_VERSION,
        "dialect": result.source.dialect,
        "dialect_reason": result.source.dialect_reason,
        "statements": result.statement_count,
        "findings": _finding_rows(result.findings),
        "run_data": result.run_data,
    }


def _finding_rows(findings: list[Finding]) -> list[list]:
    """Findings as plain JSON rows, without their path."""
    return [[f.code, f.name, f.severity.value, f.message, f.suggestion, f.line, f.column, f.end_line, f.end_column,
             f.fixable] for f in findings]


def _findings_from_rows(rows: list[list], path: str) -> list[Finding]:
    return [
        Finding(code=code, name=name, severity=Severity(severity), message=message, suggestion=suggestion,
                path=path, line=line, column=column, end_line=end_line, end_column=end_column, fixable=fixable)
        for code, name, severity, message, suggestion, line, column, end_line, end_column, fixable in rows
    ]


def result_from_payload(source: Source, payload: dict, target: Target, selection: Selection) -> "LazyFileResult":
    """The result `result_payload` describes, for `source` (same text, same dialect)."""
    findings = _findings_from_rows(payload["findings"], source.path)
    return LazyFileResult(source, None, None, findings, selection, target, run_data=payload["run_data"],  # type: ignore[arg-type]
                          _count=payload["statements"])


class LazyFileResult(FileResult):
    """A file's result whose statements were not kept (it came from the cache or a worker process).

    Its findings are final. The statements and catalog are parsed again only if something asks for
    them (a rule judging the whole run). When such a rule adds findings to the file, the file is
    linted again first, so its suppressions account for them exactly as for a fresh result."""

    def __init__(self, *args, _count: int = 0, **kwargs) -> None:
        self._statements: list[Statement] | None = None
        self._catalog: Catalog | None = None
        self._count = _count
        super().__init__(*args, **kwargs)

    @property  # type: ignore[override]
    def statements(self) -> list[Statement]:
        if self._statements is None:
            from dsqllint.parse import parse_source

            self._statements = parse_source(self.source)
        return self._statements

    @statements.setter
    def statements(self, value: list[Statement] | None) -> None:
        self._statements = value

    @property  # type: ignore[override]
    def catalog(self) -> Catalog:
        if self._catalog is None:
            from dsqllint.catalog import build_catalog

            self._catalog = build_catalog(self.statements)
        return self._catalog

    @catalog.setter
    def catalog(self, value: Catalog | None) -> None:
        self._catalog = value

    @property
    def statement_count(self) -> int:
        return self._count

    def _add(self, findings: list[Finding]) -> None:
        if not findings:
            return  # nothing new: the findings it came with are final
        with gc_paused():
            fresh = _lint_source(self.source, self.target, self.selection)
        self.statements, self.catalog = fresh.statements, fresh.catalog
        self.findings, self.suppressions = fresh.findings, fresh.suppressions
        super()._add(findings)


def _finding(ctx: Context, stmt: Statement, rule: type[Rule], violation: Violation) -> Finding:
    start, end = _resolve(stmt, violation.at)
    lines = ctx.source.lines
    line, column = lines.position(start)
    end_line, end_column = lines.position(max(end, start + 1))
    return Finding(
        code=rule.code,
        name=rule.name,
        severity=violation.severity or rule.severity,
        message=violation.message,
        suggestion=violation.suggestion,
        path=ctx.source.path,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        fixable=rule.fixable,
    )


def _resolve(stmt: Statement, at) -> tuple[int, int]:
    """Absolute (start, end) of an anchor; the statement's first token when nothing better is known."""
    from sqlglot import exp
    from sqlglot.tokens import Token

    if isinstance(at, tuple):
        return at
    if isinstance(at, int):
        return at, at + 1
    if isinstance(at, Token):
        return stmt.token_start(at), stmt.token_end(at)
    if isinstance(at, exp.Expression):
        start = stmt.node_start(at)
        return start, max(stmt.node_end(at), start + 1)
    first = stmt.tokens[0] if stmt.tokens else None
    return (stmt.token_start(first), stmt.token_end(first)) if first else (stmt.start, stmt.start + 1)


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity == Severity.ERROR for f in findings)
