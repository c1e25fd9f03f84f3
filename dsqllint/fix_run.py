"""`dsqllint lint --fix` and `--diff` over the files of a run: read, fix (dsqllint/fix_file.py), then
write each changed file atomically, or print the diff. Messages go to stderr; a file that cannot be
fixed is named with the reason and counted as failed (exit 2), and is left exactly as it was."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field

import click

from dsqllint.fix_file import BOM, FileFix, FixRefused, fix_source


@dataclass
class FixOutcome:
    changed_files: int = 0
    statements: int = 0  # statements rewritten (or that would be, with --diff)
    unsafe: int = 0  # statements whose fix needs --unsafe-fixes
    failed: int = 0  # files that could not be read, fixed or written
    failed_other: int = 0  # files refused (MySQL): exit 2 too, but not "could not be read"
    refused: list[str] = field(default_factory=list)  # files not fixed (MySQL): not linted again either
    stdin_fixed: bytes = b""


def fix_files(files: list[str], resolver, stdin_data: bytes | None, stdin_filename: str | None, *,
              unsafe: bool, write: bool, quiet: bool = False) -> FixOutcome:
    from dsqllint.config import ConfigError
    from dsqllint.source import InputError, read_source

    outcome = FixOutcome()

    def fail(message: str) -> None:
        click.echo(f"dsqllint: {message}", err=True)
        outcome.failed += 1

    for path in files:
        stdin = path == "-"
        name = (stdin_filename or "-") if stdin else path
        try:
            settings = resolver.for_path(None if stdin else path)
            data = stdin_data if stdin else _read(path)
            source = read_source(name, settings.dialect, data=data)
            fix = fix_source(source, settings.target_obj, settings.selection_for(name), _options(settings),
                             unsafe=unsafe)
        except FixRefused as err:
            click.echo(f"dsqllint: {err}", err=True)
            outcome.refused.append(path)
            outcome.failed_other += 1
            if stdin:
                outcome.stdin_fixed = stdin_data or b""
            continue
        except (ConfigError, InputError) as err:
            fail(str(err))
            outcome.refused.append(path)
            if stdin:
                outcome.stdin_fixed = stdin_data or b""
            continue
        except OSError as err:
            fail(f"{name}: cannot read ({err.strerror or err})")
            outcome.refused.append(path)
            continue
        except RecursionError:
            fail(f"{name}: nested too deeply to fix; left as it was")
            outcome.refused.append(path)
            continue
        except Exception as err:  # a bug of ours: the file stays as it was, the others go on
            fail(f"{name}: internal error while fixing ({type(err).__name__}: {err}); left as it was; please report it")
            outcome.refused.append(path)
            if stdin:
                outcome.stdin_fixed = stdin_data or b""
            continue
        outcome.unsafe += fix.unsafe
        fixed = (BOM if source.had_bom else b"") + fix.after.encode("utf-8")
        if stdin:
            outcome.stdin_fixed = fixed
        if not fix.changed:
            continue
        if not write:
            sys.stdout.write(fix.diff())
        elif not stdin:
            try:
                _write(path, data, fixed)
            except OSError as err:
                fail(_write_error(path, err))
                continue
        outcome.changed_files += 1
        outcome.statements += len(fix.applied)
        if write and not stdin and not quiet:
            click.echo(f"dsqllint: {path}: fixed {_count(len(fix.applied), 'statement')}", err=True)
    if not quiet:
        _summary(outcome, write)
    return outcome


def _options(settings):
    from dsqllint.convert.model import ConvertOptions

    chosen = {key: getattr(settings.convert, key) for key in ("identity_cache", "foreign_keys")}
    return ConvertOptions(**{key: value for key, value in chosen.items() if value is not None})


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _write(path: str, before: bytes, after: bytes) -> None:
    """Atomically, through a symlink to its target, keeping the mode; not when the file changed meanwhile."""
    from dsqllint.atomic import write_atomically

    real = os.path.realpath(path)
    mode = os.stat(real).st_mode
    if not mode & 0o222 or not os.access(real, os.W_OK):
        raise PermissionError(13, f"the file is read-only (mode {mode & 0o7777:04o})")

    def unchanged(real_path: str) -> bool:
        try:
            return _read(real_path) == before
        except OSError:
            return False

    write_atomically(path, after, unchanged=unchanged)


def _write_error(path: str, err: OSError) -> str:
    from dsqllint.atomic import ChangedOnDisk

    if isinstance(err, ChangedOnDisk):
        return f"{path}: changed on disk while it was being fixed; left as it is (run --fix again)"
    where = os.path.dirname(os.path.realpath(path)) or "."
    reason = err.strerror or str(err)
    if isinstance(err, PermissionError) and "read-only" not in reason:
        reason += f" (the fix is written to a new file in {where}, then renamed over {path})"
    return f"{path}: cannot write the fixed file ({reason}); left unchanged"


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _summary(outcome: FixOutcome, write: bool) -> None:
    parts = []
    if outcome.statements:
        verb = "Fixed" if write else "Would fix"
        parts.append(f"{verb} {_count(outcome.statements, 'statement')} in {_count(outcome.changed_files, 'file')}.")
    elif not write:
        parts.append("No fixes to apply.")
    if outcome.unsafe:
        parts.append(f"{_count(outcome.unsafe, 'more statement')} fixable with --unsafe-fixes "
                     "(the fix changes behaviour; `dsqllint convert` reports how).")
    if parts:
        click.echo("dsqllint: " + " ".join(parts), err=True)


__all__ = ["FileFix", "FixOutcome", "fix_files"]
