"""source → statements → catalog → rules → findings → suppressions.

`lint_source` lints one file, `lint_sources` a set of files (adding the findings of rules that judge
the whole set); both apply the file's `dsqllint: ignore` comments and report the ones that did
nothing (DSQL003). Configuration files, output and exit codes are the command line's business.
"""

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
from dsqllint.rules.suppressions import UnusedSuppressionRule
from dsqllint.selection import Selection
from dsqllint.source import Source
from dsqllint.suppress import Suppressions
from dsqllint.target import Target

__all__ = ["FileResult", "Selection", "add_run_findings", "has_errors", "lint_source", "lint_sources"]


@dataclass
class FileResult:
    source: Source
    statements: list[Statement]
    catalog: Catalog
    findings: list[Finding] = field(default_factory=list)
    selection: Selection = field(default_factory=Selection)  # what ran on this file (per-file ignores included)
    target: Target | None = None
    suppressions: Suppressions | None = field(default=None, repr=False)

    def ran(self) -> set[str]:
        """Codes of the rules that ran on this file: selected, and active at the target for the dialect."""
        target = self.target or Target.parse(None)
        return {r.code for r in all_rules() if self.selection.allows(r) and r().applies(target, self.source.dialect)}

    def _add(self, findings: list[Finding]) -> None:
        """Add findings through the file's suppressions, then account for every suppression again."""
        if self.suppressions is None:
            self.suppressions = Suppressions(self.source, self.statements)
        kept = self.suppressions.filter(findings)
        own = [f for f in self.findings if f.code != UnusedSuppressionRule.code] + kept
        if self.suppressions.directives and self.selection.allows(UnusedSuppressionRule):
            own += self.suppressions.report(self.ran())
        own.sort(key=Finding.sort_key)
        self.findings = own


def lint_source(source: Source, target: Target | None = None, selection: Selection | None = None) -> FileResult:
    """Lint one file. Rules that judge a whole set of files (`Rule.check_run`) are not run here:
    use `lint_sources`, or `add_run_findings` on the results."""
    target = target or Target.parse(None)
    selection = selection or Selection()
    statements = parse_source(source)
    catalog = build_catalog(statements)
    ctx = Context(source, statements, catalog, target)
    rules = [r() for r in all_rules() if selection.allows(r)]
    rules = [r for r in rules if r.applies(target, source.dialect)]
    judged_kinds = claimed_kinds(target, source.dialect)
    unselected = [r() for r in all_rules() if not selection.allows(r) and r.code not in ("DSQL001", "DSQL002")]
    unselected = [r for r in unselected if r.applies(target, source.dialect)]
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
        judged = False
        for rule in rules:
            for violation in rule.check(stmt, ctx):
                findings.append(_finding(ctx, stmt, type(rule), violation))
                judged = True
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
    result = FileResult(source, statements, catalog, selection=selection, target=target)
    result._add(findings)
    return result


def claimed_kinds(target: Target, dialect: str) -> set[str]:
    """Statement kinds that some rule judges, for this dialect and target, when they are opaque."""
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
