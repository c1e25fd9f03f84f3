"""source → statements → catalog → rules → findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from sqlglot import exp
from sqlglot.tokens import Token

from dsqllint.catalog import Catalog, build_catalog
from dsqllint.findings import Finding, Severity
from dsqllint.parse import Statement, parse_source
from dsqllint.rules import all_rules
from dsqllint.rules.base import Context, Rule, Violation
from dsqllint.rules.meta import NotAnalysedRule, ParseErrorRule
from dsqllint.source import Source
from dsqllint.target import Target


@dataclass
class Selection:
    """Which rules run: codes or names, as on the command line."""

    select: frozenset[str] = frozenset()  # empty: all
    ignore: frozenset[str] = frozenset()

    def allows(self, rule: type[Rule]) -> bool:
        if self.select and not any(_matches(rule, entry) for entry in self.select):
            return False
        return not any(_matches(rule, entry) for entry in self.ignore)


def _matches(rule: type[Rule], entry: str) -> bool:
    """A code (`DSQL201`), a code prefix (`DSQL2`), a name (`serial-type`) or `ALL`."""
    code = entry.strip().upper()
    return (
        code in (rule.code, "ALL")
        or entry.strip().lower() == rule.name
        or (code.startswith("DSQL") and rule.code.startswith(code))
    )


@dataclass
class FileResult:
    source: Source
    statements: list[Statement]
    catalog: Catalog
    findings: list[Finding] = field(default_factory=list)


def lint_source(source: Source, target: Target | None = None, selection: Selection | None = None) -> FileResult:
    target = target or Target.parse(None)
    selection = selection or Selection()
    statements = parse_source(source)
    catalog = build_catalog(statements)
    ctx = Context(source, statements, catalog, target)
    rules = [r() for r in all_rules() if selection.allows(r)]
    rules = [r for r in rules if r.applies(target, source.dialect)]
    judged_kinds = set().union(*(r.command_kinds for r in all_rules()))
    report_parse_errors = selection.allows(ParseErrorRule)
    report_not_analysed = selection.allows(NotAnalysedRule)

    findings: list[Finding] = []
    for stmt in statements:
        if stmt.client:
            continue
        if stmt.error is not None:
            if report_parse_errors:
                findings.append(_finding(ctx, stmt, ParseErrorRule, Violation(stmt.error_offset, stmt.error)))
            continue
        for rule in rules:
            for violation in rule.check(stmt, ctx):
                findings.append(_finding(ctx, stmt, type(rule), violation))
        if stmt.opaque and stmt.tokens and stmt.kind not in judged_kinds and report_not_analysed:
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
    findings.sort(key=Finding.sort_key)
    return FileResult(source, statements, catalog, findings)


def lint_sources(sources: list[Source], target: Target | None = None, selection: Selection | None = None) -> list[FileResult]:
    """Lint several files as one set: per-file rules, then rules that judge the whole set
    (`Rule.check_run`, e.g. DSQL's limits on tables per database)."""
    target = target or Target.parse(None)
    selection = selection or Selection()
    results = [lint_source(source, target, selection) for source in sources]
    add_run_findings(results, target, selection)
    return results


def add_run_findings(results: list[FileResult], target: Target, selection: Selection) -> None:
    if not results:
        return
    for rule_class in all_rules():
        if not selection.allows(rule_class):
            continue
        rule = rule_class()
        for result, stmt, violation in rule.check_run(results, target):
            if rule.applies(target, result.source.dialect):
                ctx = Context(result.source, result.statements, result.catalog, target)
                result.findings.append(_finding(ctx, stmt, rule_class, violation))
    for result in results:
        result.findings.sort(key=Finding.sort_key)


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
