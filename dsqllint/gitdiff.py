"""`--diff-base REF`: the *.sql files changed since the point where the current branch left REF.

Changed means: differs between `git merge-base REF HEAD` and the working tree (committed on the
branch, staged, or not yet staged), added/copied/modified/renamed only (a deleted file has nothing to
lint), plus untracked files git does not ignore. In CI, where the working tree is clean, this is
exactly `git diff --name-only --diff-filter=ACMR REF...HEAD`; on a developer's machine it also covers
the work in progress. Paths are returned relative to the working directory.
"""

from __future__ import annotations

import os
import subprocess


class GitError(Exception):
    """git is missing, this is not a repository, or the ref is unknown; the message says which."""


def _git(*args: str, cwd: str) -> str:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=120)
    except FileNotFoundError:
        raise GitError("git is not installed (needed for --diff-base)") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {' '.join(args)} timed out") from None
    if proc.returncode != 0:
        raise GitError(proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else f"git {args[0]} failed")
    return proc.stdout


def changed_sql_files(ref: str, cwd: str | None = None) -> list[str]:
    cwd = os.path.abspath(cwd or os.getcwd())
    try:
        top = _git("rev-parse", "--show-toplevel", cwd=cwd).strip()
    except GitError as err:
        raise GitError(f"--diff-base needs a git repository: {err}") from None
    try:
        base = _git("merge-base", ref, "HEAD", cwd=top).strip()
    except GitError as err:
        raise GitError(f"--diff-base {ref}: no common ancestor with HEAD ({err}); in CI fetch the history "
                       "(e.g. actions/checkout with fetch-depth: 0)") from None
    changed = _git("diff", "--name-only", "-z", "--no-ext-diff", "--diff-filter=ACMR", base, "--", cwd=top)
    untracked = _git("ls-files", "--others", "--exclude-standard", "-z", cwd=top)
    names = {n for n in (changed + untracked).split("\0") if n and n.lower().endswith(".sql")}
    out = []
    for name in names:
        absolute = os.path.join(top, name)
        if os.path.isfile(absolute):
            relative = os.path.relpath(absolute, cwd)
            out.append(absolute if relative.startswith("..") else relative)
    return sorted(out)


def within(path: str, roots: list[str]) -> bool:
    """True when `path` is one of `roots` or below one of them."""
    absolute = os.path.abspath(path)
    for root in roots:
        r = os.path.abspath(root)
        if absolute == r or absolute.startswith(r.rstrip(os.sep) + os.sep):
            return True
    return False
