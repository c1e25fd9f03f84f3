"""The `dsqllint` command line."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from dsqllint import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox", ".dsqllint_cache"}


def _use_colour(stream) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


def collect_files(paths: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """Expand directories into their *.sql files (sorted, no symlinked directories followed).
    Returns (files, errors); "-" stands for stdin."""
    files, errors, seen = [], [], set()
    for raw in paths or (".",):
        if raw == "-":
            files.append(raw)
            continue
        path = Path(raw)
        if path.is_dir():
            for root, dirs, names in os.walk(path, followlinks=False):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
                for name in sorted(names):
                    if name.lower().endswith(".sql"):
                        full = os.path.join(root, name)
                        if full not in seen:
                            seen.add(full)
                            files.append(full)
        elif path.exists() or path.is_symlink():
            if raw not in seen:
                seen.add(raw)
                files.append(raw)
        else:
            errors.append(f"{raw}: no such file or directory")
    return files, errors


class _Group(click.Group):
    def main(self, *args, **kwargs):
        # sqlglot is pure Python only: the compiled overlay breaks our dialect subclasses.
        try:
            from dsqllint.dialect import ensure_pure_python_sqlglot

            ensure_pure_python_sqlglot()
        except RuntimeError as err:
            click.echo(f"dsqllint: {err}", err=True)
            sys.exit(EXIT_USAGE)
        return super().main(*args, **kwargs)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dsqllint")
def main() -> None:
    """Lint PostgreSQL and MySQL DDL for Amazon Aurora DSQL, and convert it into DDL DSQL accepts."""


def _target_option(f):
    return click.option(
        "--target",
        default="latest",
        show_default=True,
        help="DSQL feature level: 'latest' or a date (YYYY-MM-DD); rules follow what DSQL supported then.",
    )(f)


def _parse_target(value: str):
    from dsqllint.target import Target

    try:
        return Target.parse(value)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--target") from None


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--dialect", type=click.Choice(["auto", "postgres", "mysql"]), default="auto", show_default=True,
              help="Input dialect; auto decides per file from clear signals.")
@_target_option
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--select", multiple=True, help="Only these rules (code, code prefix or name; repeatable or comma-separated).")
@click.option("--ignore", multiple=True, help="Skip these rules (code, code prefix or name).")
@click.option("--show-source/--no-show-source", default=True, help="Show the source line under each finding.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when errors are found.")
@click.option("--stdin-filename", default=None, help="Name to report for input read from stdin.")
def lint(paths, dialect, target, output_format, select, ignore, show_source, exit_zero, stdin_filename):
    """Report what DSQL would reject in PATHS (files, directories of *.sql, or - for stdin)."""
    from dsqllint.engine import Selection, add_run_findings, has_errors, lint_source
    from dsqllint.report import Summary
    from dsqllint.report import json as json_report
    from dsqllint.report.text import format_finding, format_summary
    from dsqllint.source import InputError, read_source

    target_obj = _parse_target(target)
    selection = Selection(frozenset(_split_list(select)), frozenset(_split_list(ignore)))
    files, path_errors = collect_files(paths)
    colour = _use_colour(sys.stdout)
    summary = Summary()
    results, io_failed, any_error = [], bool(path_errors), False
    summary.io_errors += len(path_errors)
    for message in path_errors:
        click.echo(f"dsqllint: {message}", err=True)
    sources = []
    for path in files:
        try:
            if path == "-":
                sources.append(read_source(stdin_filename or "-", dialect, data=sys.stdin.buffer.read()))
            else:
                sources.append(read_source(path, dialect))
        except InputError as err:
            click.echo(f"dsqllint: {err}", err=True)
            summary.io_errors += 1
            io_failed = True
    for source in sources:
        try:
            results.append(lint_source(source, target_obj, selection))
        except Exception as err:  # a bug of ours must not hide the other files' results
            if os.environ.get("DSQLLINT_DEBUG"):
                raise
            click.echo(f"dsqllint: {source.path}: internal error ({type(err).__name__}: {err}); please report it", err=True)
            io_failed = True
    add_run_findings(results, target_obj, selection)
    for result in results:
        summary.add(result.findings, len(result.statements))
        any_error = any_error or has_errors(result.findings)
        if output_format == "text":
            for finding in result.findings:
                click.echo(format_finding(finding, result.source, colour, show_source), color=colour)
                if show_source:
                    click.echo("")
    if output_format == "json":
        click.echo(json_report.render([(r.source.path, r.source.dialect, r.findings) for r in results], summary,
                                      target_obj.date.isoformat()))
    else:
        click.echo(format_summary(summary, colour), color=colour)
    if io_failed:
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_FINDINGS if any_error and not exit_zero else EXIT_CLEAN)


def _split_list(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


@main.command("rules")
@_target_option
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_rules(target, output_format):
    """List every rule: code, name, severity, fixable, and the target dates it applies between."""
    import json

    from dsqllint.rules import all_rules

    target_obj = _parse_target(target)
    rows = []
    for rule in all_rules():
        rows.append({
            "code": rule.code, "name": rule.name, "severity": rule.severity.value, "fixable": rule.fixable,
            "since": rule.since(), "until": rule.until(), "active": any(rule().applies(target_obj, d) for d in rule.dialects),
            "dialects": sorted(rule.dialects), "summary": rule.summary(),
        })
    if output_format == "json":
        click.echo(json.dumps(rows, indent=2))
        return
    click.echo(f"{'code':8} {'name':32} {'severity':8} {'fix':3} {'since':10} {'until':10} summary")
    for r in rows:
        mark = "" if r["active"] else "  (inactive at this target)"
        click.echo(f"{r['code']:8} {r['name']:32} {r['severity']:8} {'yes' if r['fixable'] else '':3} "
                   f"{r['since'] or '-':10} {r['until'] or '-':10} {r['summary']}{mark}")


@main.command("rule")
@click.argument("code_or_name")
def show_rule(code_or_name):
    """Print a rule's documentation page."""
    from dsqllint.rules import find_rule
    from dsqllint.rules.docs import render_page

    rule = find_rule(code_or_name)
    if rule is None:
        click.echo(f"dsqllint: no rule {code_or_name!r}; `dsqllint rules` lists them", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(render_page(rule))


if __name__ == "__main__":
    main()
