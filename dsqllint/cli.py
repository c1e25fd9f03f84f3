"""The `dsqllint` command line."""

from __future__ import annotations

import gc
import itertools
import json
import os
import sys
from pathlib import Path

import click

from dsqllint import __version__
from dsqllint.files import SKIP_DIRS, collect_files  # noqa: F401  (re-exported for callers of the old home)

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it
FORMATS = ("text", "json", "sarif", "github", "gitlab")  # dsqllint/report/<format>.py (text: text.py)


def _use_colour(stream) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


def _fail(message: str) -> None:
    """A usage or input problem: one message on stderr, exit 2, never a traceback."""
    for line in message.splitlines():
        click.echo(f"dsqllint: {line}", err=True)
    sys.exit(EXIT_USAGE)


def _load_plugins() -> None:
    from dsqllint.plugins import PluginError, load_plugins

    try:
        load_plugins()
    except PluginError as err:
        _fail(str(err))


_FREEZE_AT_EXIT: list[bool] = []


def _freeze_at_exit() -> None:
    """At interpreter exit, move every object to gc's permanent generation, which the collection
    Python runs while shutting down (gc enabled or not) skips. The parsed trees are cycles (each
    node points to its parent), so that collection otherwise walks and frees every tree just
    before the process ends: 0.65 s of a 4 s conversion of chado."""
    if not _FREEZE_AT_EXIT:
        import atexit

        atexit.register(gc.freeze)
        _FREEZE_AT_EXIT.append(True)


class _Group(click.Group):
    def invoke(self, ctx):
        _freeze_at_exit()
        # sqlglot is pure Python only: the compiled overlay breaks our dialect subclasses. Checked
        # when a command runs, not for --version or --help, which never load sqlglot.
        try:
            from dsqllint.sqlglot_guard import ensure_pure_python_sqlglot

            ensure_pure_python_sqlglot()
        except RuntimeError as err:
            click.echo(f"dsqllint: {err}", err=True)
            sys.exit(EXIT_USAGE)
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            # Ctrl-C: a short message, no traceback, and no report file (those are written atomically).
            click.echo("dsqllint: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dsqllint")
def main() -> None:
    """Lint PostgreSQL and MySQL DDL for Amazon Aurora DSQL, and convert it into DDL DSQL accepts."""


def _target_option(f):
    return click.option(
        "--target",
        default=None,
        help="DSQL feature level: 'latest' (default) or a date (YYYY-MM-DD); rules follow what DSQL supported then.",
    )(f)


def _parse_target(value: str | None):
    from dsqllint.target import Target

    try:
        return Target.parse(value)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--target") from None


def _config_options(f):
    """Options that override configuration keys (shared by `lint` and `config`)."""
    options = [
        click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None,
                     help="Use this configuration file instead of searching for the nearest one."),
        click.option("--isolated", is_flag=True, help="Ignore every configuration file."),
        click.option("--dialect", type=click.Choice(["auto", "postgres", "mysql"]), default=None,
                     help="Input dialect; auto (default) decides per file from clear signals."),
        _target_option,
        click.option("--select", multiple=True,
                     help="Only these rules (code, code prefix or name; repeatable or comma-separated)."),
        click.option("--extend-select", multiple=True, help="Add these rules to the selection."),
        click.option("--ignore", multiple=True, help="Skip these rules (code, code prefix or name)."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _split_list(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _resolver(config_file, isolated, dialect, target, select, extend_select, ignore):
    from dsqllint.config import Overrides, Resolver

    if target is not None:
        _parse_target(target)
    overrides = Overrides(
        target=target,
        dialect=dialect,
        select=tuple(_split_list(select)) or None,
        extend_select=tuple(_split_list(extend_select)) or None,
        ignore=tuple(_split_list(ignore)) or None,
    )
    return Resolver(overrides, config_file, isolated)


@main.command()
@click.argument("paths", nargs=-1)
@_config_options
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text for people; json, sarif (code scanning), github (annotations), gitlab (Code Quality).")
@click.option("--output-file", "-o", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write the report to this file; the summary line still goes to the terminal.")
@click.option("--show-source/--no-show-source", default=True, help="Show the source line under each finding.")
@click.option("--quiet", "-q", is_flag=True, help="Only the summary line, and nothing at all when clean.")
@click.option("--statistics", is_flag=True, help="Count findings per rule instead of listing them (text or json).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when errors are found.")
@click.option("--diff-base", default=None, metavar="REF",
              help="Only the *.sql files changed since the branch left REF (git; includes uncommitted changes).")
@click.option("--stdin-filename", default=None, help="Name to report for input read from stdin.")
@click.option("--no-cache", is_flag=True, help="Lint every file afresh; neither read nor write the result cache.")
@click.option("--cache-dir", default=None, metavar="DIR",
              help="Where to keep the result cache (default .dsqllint_cache, or $DSQLLINT_CACHE_DIR).")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, show_default=True,
              help="Worker processes for many files; 0 decides from the CPUs and the amount of SQL, 1 lints here.")
@click.option("--fix", is_flag=True,
              help="Apply the safe fixes to PostgreSQL files in place (stdin: the fixed SQL goes to stdout), "
                   "then report what remains.")
@click.option("--unsafe-fixes", is_flag=True,
              help="With --fix or --diff, also apply the fixes that change behaviour (the convert report's kind).")
@click.option("--diff", "show_diff", is_flag=True,
              help="Print a unified diff of what --fix would change, write nothing; exit 1 when there is a change.")
def lint(paths, config_file, isolated, dialect, target, select, extend_select, ignore, output_format, output_file,
         show_source, quiet, statistics, exit_zero, diff_base, stdin_filename, no_cache, cache_dir, jobs, fix,
         unsafe_fixes, show_diff):
    """Report what DSQL would reject in PATHS (files, directories of *.sql, or - for stdin).

    With --fix, the statements a fix can rewrite are rewritten in place first (only those: every
    other byte stays), and what remains is reported. Fixes that change behaviour (an index built in
    the background, a type that loses operators, a statement with no DSQL form removed) need
    --unsafe-fixes as well. MySQL files are not fixed in place: `dsqllint convert` them."""
    from dsqllint.config import ConfigError
    from dsqllint.engine import add_run_findings, has_errors
    from dsqllint.report import Summary
    from dsqllint.runner import lint_files
    from dsqllint.source import InputError, read_source

    if statistics and output_format not in ("text", "json"):
        raise click.BadParameter("--statistics works with --format text or json", param_hint="--statistics")
    # A short-lived process that makes almost no cyclic garbage: the collector would only re-scan
    # the parsed trees, again and again (see engine.gc_paused).
    gc.disable()
    _load_plugins()
    resolver = _resolver(config_file, isolated, dialect, target, select, extend_select, ignore)
    try:
        files, path_errors = _files(paths, resolver, diff_base, stdin_filename)
        # The report's one "target": the first file's (they differ only when configurations do).
        run_settings = resolver.for_path(None if not files or files[0] == "-" else files[0])
    except ConfigError as err:
        _fail(str(err))

    summary = Summary(io_errors=len(path_errors))
    io_failed = bool(path_errors)
    for message in path_errors:
        click.echo(f"dsqllint: {message}", err=True)

    if unsafe_fixes and not (fix or show_diff):
        raise click.BadParameter("applies to --fix or --diff; add one of them", param_hint="--unsafe-fixes")
    if fix and show_diff:
        raise click.BadParameter("--diff shows what --fix would do without writing: use one of them",
                                 param_hint="--diff")
    stdin_data = sys.stdin.buffer.read() if "-" in files else None
    fixed_sql_to_stdout = fix and "-" in files  # then the report goes to stderr
    if fix or show_diff:
        from dsqllint.fix_run import fix_files

        outcome = fix_files(files, resolver, stdin_data, stdin_filename, unsafe=unsafe_fixes, write=fix,
                            quiet=quiet)
        summary.io_errors += outcome.failed
        io_failed = io_failed or bool(outcome.failed or outcome.failed_other)
        if show_diff:
            sys.exit(EXIT_USAGE if io_failed else EXIT_FINDINGS if outcome.changed_files else EXIT_CLEAN)
        if "-" in files:
            stdin_data = outcome.stdin_fixed
            sys.stdout.buffer.write(stdin_data)
            sys.stdout.flush()
        # then lint what the fixes left, as usual
        files = [path for path in files if path not in outcome.refused]

    # Read every file first, then lint; files sharing a configuration are one set for run-wide rules.
    groups: dict = {}
    for path in files:
        name = (stdin_filename or "-") if path == "-" else path
        try:
            settings = resolver.for_path(None if path == "-" else path)
        except ConfigError as err:
            _fail(str(err))
        try:
            data = stdin_data if path == "-" else None
            source = read_source(name, settings.dialect, data=data, detect=False)  # runner.lint_files decides
        except InputError as err:
            click.echo(f"dsqllint: {err}", err=True)
            summary.io_errors += 1
            io_failed = True
            continue
        groups.setdefault(id(settings), (settings, []))[1].append(source)

    cache = _cache(cache_dir) if not no_cache and files else None
    failed: list[str] = []

    def internal_error(source, error: str) -> None:  # a bug of ours must not hide the other files' results
        click.echo(f"dsqllint: {source.path}: internal error ({error}); please report it", err=True)
        failed.append(source.path)

    results = []
    for settings, sources in groups.values():
        target_obj = settings.target_obj
        linted = lint_files(sources, target_obj, settings.selection_for, cache=cache, jobs=jobs,
                            on_error=internal_error)
        group = [result for result in linted if result is not None]
        io_failed = io_failed or bool(failed)
        add_run_findings(group, target_obj, settings.selection)
        for result in group:
            result.findings = settings.apply_severity(result.findings)
        results.extend(group)
    order = {path: i for i, path in enumerate(files)}
    results.sort(key=lambda r: order.get("-" if r.source.path == (stdin_filename or "-") else r.source.path, 0))

    any_error = False
    for result in results:
        summary.add(result.findings, result.statement_count)
        any_error = any_error or has_errors(result.findings)

    _report(results, summary, run_settings.target_obj.date.isoformat(), output_format, output_file, show_source,
            quiet, statistics, to_stderr=fixed_sql_to_stdout)
    if io_failed:
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_FINDINGS if any_error and not exit_zero else EXIT_CLEAN)


def _cache(directory: str | None):
    """The result cache for this run (see dsqllint/cache.py)."""
    from dsqllint.cache import Cache, cache_dir, fingerprint
    from dsqllint.plugins import plugin_stamp

    return Cache(cache_dir(directory), fingerprint(plugin_stamp()))


def _files(paths, resolver, diff_base, stdin_filename) -> tuple[list[str], list[str]]:
    def excluded(path: str) -> bool:
        return resolver.for_path(path).is_excluded(path)

    if diff_base is None:
        files, errors = collect_files(paths, excluded)
        if "-" in files and stdin_filename and resolver.for_path(None).is_excluded(stdin_filename):
            files.remove("-")
        return files, errors
    from dsqllint.gitdiff import GitError, changed_sql_files, within

    if "-" in paths:
        raise click.BadParameter("cannot be combined with stdin (-)", param_hint="--diff-base")
    try:
        changed = changed_sql_files(diff_base)
    except GitError as err:
        _fail(str(err))
    roots = list(paths) or ["."]
    missing = [f"{p}: no such file or directory" for p in roots if not os.path.exists(p)]
    selected = [p for p in changed if within(p, roots) and not _excluded_anywhere(p, excluded)]
    return selected, missing


def _excluded_anywhere(path: str, excluded) -> bool:
    """A changed file is skipped when it, or a directory above it, is excluded (as a walk would skip it)."""
    if excluded(path):
        return True
    parts = Path(path).parts
    return any(part in SKIP_DIRS for part in parts[:-1])


def _report(results, summary, target, output_format, output_file, show_source, quiet, statistics,
            to_stderr: bool = False) -> None:
    """Print (or write to `output_file`) the report; `to_stderr` when stdout carries fixed SQL."""
    from dsqllint.report.text import format_finding, format_summary

    to_file = output_file is not None
    colour = _use_colour(sys.stdout) and not to_file
    findings = [f for r in results for f in r.findings]
    clean = not findings
    summary_line = format_summary(summary, colour)

    if output_format == "text":
        parts = []
        if statistics:
            from dsqllint.report import statistics as stats

            if not quiet and findings:
                parts.append(stats.render_text(findings))
        elif not quiet:  # formatted as they are written (a long run's text would be hundreds of MB at once)
            parts = (format_finding(finding, result.source, colour, show_source) + ("\n" if show_source else "")
                     for result in results for finding in result.findings)
        if not (quiet and clean and summary.io_errors == 0):
            parts = itertools.chain(parts, [summary_line])
        report = _lines(parts)
    elif output_format == "json":
        if statistics:
            from dsqllint.report import statistics as stats

            report = stats.render_json(findings)
        else:
            from dsqllint.report import json as json_report

            # in pieces, written as they come (see report/json.chunks)
            report = json_report.chunks([(r.source.path, r.source.dialect, r.findings) for r in results], summary,
                                        target)
    elif output_format == "sarif":
        from dsqllint.report import sarif

        report = sarif.render([(r.source.path, r.findings) for r in results])
    elif output_format == "gitlab":
        from dsqllint.report import gitlab

        report = gitlab.render([(r.source.path, r.source, r.findings) for r in results])
    else:  # github: annotations, then the summary for the job log
        from dsqllint.report import github

        report = "\n".join(filter(None, [github.render(findings), "" if quiet and clean else summary_line]))

    pieces = _ending_with_newline([report] if isinstance(report, str) else report)  # nothing at all when empty
    if to_file:
        try:
            _write_atomically(output_file, pieces)
        except OSError as err:
            _fail(f"{output_file}: cannot write the report ({err.strerror or err})")
        if not (quiet and clean and summary.io_errors == 0):
            click.echo(format_summary(summary, _use_colour(sys.stdout)), color=_use_colour(sys.stdout), err=to_stderr)
    else:
        for batch in _batched(pieces):
            click.echo(batch, nl=False, color=colour, err=to_stderr)


@main.command("config")
@click.argument("path", required=False, default=".")
@_config_options
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def show_config(path, config_file, isolated, dialect, target, select, extend_select, ignore, output_format):
    """Print the configuration PATH (a file or directory; default .) is linted with, and where each value
    comes from: default, a configuration file, or the command line."""
    from dsqllint.config import ConfigError

    _load_plugins()
    resolver = _resolver(config_file, isolated, dialect, target, select, extend_select, ignore)
    try:
        settings = resolver.for_path(path)
    except ConfigError as err:
        _fail(str(err))
    rows = settings.as_rows()
    if output_format == "json":
        click.echo(json.dumps({
            "path": path,
            "config_file": str(settings.config_file) if settings.config_file else None,
            "settings": {key: {"value": _plain(value), "source": origin} for key, value, origin in rows},
        }, indent=2))
        return
    click.echo(f"# {path}: " + (f"configuration from {settings.config_file}" if settings.config_file
                                 else "no configuration file found; defaults"))
    lines = [(f"{key} = {_toml(value)}", origin, key) for key, value, origin in rows]
    width = max(len(text) for text, _, _ in lines)
    for text, origin, key in lines:
        note = origin
        if key == "target":
            note += f" (DSQL as of {settings.target_obj.date.isoformat()})"
        elif key == "select" and not settings.select:
            note += " (every rule)"
        elif key.startswith("convert.") and getattr(settings.convert, key.split(".", 1)[1].replace("-", "_")) is None:
            note += " (not set: dsqllint convert decides)"
        click.echo(f"{text:{width}}  # {note}")


def _plain(value):
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _toml(value) -> str:
    value = _plain(value)
    if value is None:
        return "(unset)"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {_toml(v)}" for k, v in value.items()) + " }" if value else "{}"
    return json.dumps(value, ensure_ascii=False)


@main.command("rules")
@_target_option
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_rules(target, output_format):
    """List every rule: code, name, severity, fixable, and the target dates it applies between."""
    from dsqllint.rules import all_rules

    target_obj = _parse_target(target)
    _load_plugins()
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

    _load_plugins()
    rule = find_rule(code_or_name)
    if rule is None:
        click.echo(f"dsqllint: no rule {code_or_name!r}; `dsqllint rules` lists them", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(render_page(rule))


@main.command()
@click.argument("path", default="-")
@click.option("--from", "source_dialect", type=click.Choice(["auto", "postgres", "mysql"]), default="auto",
              show_default=True, help="Dialect of the input.")
@_target_option
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False), default=None,
              help="Write the DSQL DDL here instead of stdout.")
@click.option("--report", "report_file", type=click.Path(dir_okay=False), default=None,
              help="Write the change report here instead of stderr.")
@click.option("--report-format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--identity-cache", type=int, default=None,
              help="CACHE for identity columns and sequences: 1 (ordered ids) or >= 65536 (scales).  "
                   "[default: 65536]")
@click.option("--ids", type=click.Choice(["identity", "uuid"]), default=None,
              help="What SERIAL, AUTO_INCREMENT and pg_dump sequence primary keys become: identity (a bigint "
                   "identity) or uuid (UUID DEFAULT gen_random_uuid(), only for a primary key no foreign key "
                   "references; the others, and columns that are not the primary key, stay identities).  "
                   "[default: identity]")
@click.option("--foreign-keys", type=click.Choice(["keep", "strip"]), default=None,
              help="strip: remove foreign keys and list each removed relationship as a comment.  [default: keep]")
@click.option("--transactions/--no-transactions", default=None,
              help="Wrap each DDL statement in its own BEGIN; … COMMIT;.  [default: no]")
def convert(path, source_dialect, target, output, report_file, report_format, identity_cache, ids, foreign_keys,
            transactions):
    """Convert a MySQL or PostgreSQL schema (PATH or - for stdin) into DDL that DSQL accepts.

    Options not given come from the `[convert]` table of the nearest configuration file
    (identity-cache, ids, foreign-keys, transactions), else the defaults shown."""
    from pydantic import ValidationError

    from dsqllint.config import ConfigError, Resolver
    from dsqllint.convert import ConvertOptions, convert_source
    from dsqllint.convert.report import render_json, render_text
    from dsqllint.source import InputError, read_source

    try:
        configured = Resolver().for_path(None if path == "-" else path).convert
    except ConfigError as err:
        _fail(str(err))
    given = {"identity_cache": identity_cache, "ids": ids, "foreign_keys": foreign_keys, "transactions": transactions}
    chosen = {key: value if value is not None else getattr(configured, key) for key, value in given.items()}
    chosen = {key: value for key, value in chosen.items() if value is not None}
    cache = chosen.get("identity_cache", 65536)
    if cache != 1 and cache < 65536:
        raise click.BadParameter("DSQL accepts a cache of 1 or at least 65536", param_hint="--identity-cache")
    try:
        options = ConvertOptions(**chosen)
        data = sys.stdin.buffer.read() if path == "-" else None
        source = read_source(path, source_dialect, data=data)
    except (InputError, ValidationError) as err:
        _fail(str(err))
    # As for lint: the collector would re-scan every parsed tree each time the fixes' copies and
    # regenerated SQL trigger it (a third of a conversion's time); the process ends soon after.
    gc.disable()
    result = convert_source(source, _parse_target(target), options)
    report = (render_json if report_format == "json" else render_text)(result, source.path)
    if output:
        _write_atomically(output, result.sql)
    else:
        click.echo(result.sql, nl=False)
    if report_file:
        _write_atomically(report_file, report + "\n")
    else:
        click.echo(report, err=True)


def _lines(parts):
    """`"\n".join(parts)`, in pieces."""
    for i, part in enumerate(parts):
        yield "\n" + part if i else part


def _ending_with_newline(pieces):
    """The pieces, then a newline when there was any text."""
    written = False
    for piece in pieces:
        if piece:
            written = True
            yield piece
    if written:
        yield "\n"


def _batched(pieces, size: int = 1 << 20):
    """Pieces of text joined into batches of about `size` characters (one write each)."""
    batch, length = [], 0
    for piece in pieces:
        batch.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(batch)
            batch, length = [], 0
    if batch:
        yield "".join(batch)


def _write_atomically(path: str, text) -> None:
    from dsqllint.atomic import write_atomically

    write_atomically(path, text)


if __name__ == "__main__":
    main()
