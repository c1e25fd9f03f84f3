"""Which files a run lints: paths from the command line, directories walked for *.sql, excludes applied.

The collected list is sorted as a whole, by path components (`d/a/x.sql` before `d/z.sql`), so
output does not depend on the order paths were given in. Symlinked directories are never followed
(no loops); symlinked files are linted, broken ones skipped while walking. Explicitly named files
are subject to `exclude` too, so a pre-commit hook and a CI run over a directory agree.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable

SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox", ".dsqllint_cache"}


def _sort_key(path: str) -> tuple:
    return tuple(Path(path).parts)


def collect_files(
    paths: Iterable[str], excluded: Callable[[str], bool] = lambda path: False
) -> tuple[list[str], list[str]]:
    """Expand directories into their *.sql files. Returns (files, errors); "-" stands for stdin and
    comes first."""
    found: dict[str, None] = {}
    stdin = False
    errors = []
    for raw in paths or (".",):
        if raw == "-":
            stdin = True
            continue
        path = Path(raw)
        if path.is_dir():
            if excluded(raw):
                continue
            for root, dirs, names in os.walk(raw, followlinks=False):
                dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not excluded(os.path.join(root, d))]
                for name in names:
                    full = os.path.join(root, name)
                    if name.lower().endswith(".sql") and os.path.exists(full) and not excluded(full):
                        found.setdefault(os.path.normpath(full), None)
        elif path.exists() or path.is_symlink():
            if not excluded(raw):
                found.setdefault(raw, None)
        else:
            errors.append(f"{raw}: no such file or directory")
    files = sorted(found, key=_sort_key)
    return (["-"] if stdin else []) + files, errors
