"""`--diff-base REF` on a real scratch git repository: the *.sql files changed since the branch left REF
(committed on the branch, staged, unstaged, untracked), not the ones changed on REF meanwhile."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dsqllint.cli import main

BAD = "CREATE INDEX i ON t (a);\n"
GOOD = "CREATE TABLE t (a int);\n"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env={**os.environ, **GIT_ENV})


def write(repo: Path, name: str, text: str) -> None:
    path = repo / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["lint", *args], env={"NO_COLOR": None, "FORCE_COLOR": None})


def linted(result: Result) -> list[str]:
    assert "Traceback" not in result.output, result.output
    return [f["path"] for f in json.loads(result.stdout)["files"]]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    for name, text in {"old.sql": BAD, "db/changed.sql": GOOD, "db/deleted.sql": GOOD, "db/renamed.sql": GOOD,
                       ".gitignore": "ignored.sql\n", "notes.txt": "x\n"}.items():
        write(repo, name, text)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    git(repo, "checkout", "-qb", "feature")
    write(repo, "db/changed.sql", GOOD + BAD)
    write(repo, "db/new.sql", BAD)
    write(repo, "notes.txt", "y\n")
    git(repo, "rm", "-q", "db/deleted.sql")
    git(repo, "mv", "db/renamed.sql", "db/moved.sql")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "feature work")
    # main moves on after the branch point: not the branch's change.
    git(repo, "checkout", "-q", "main")
    write(repo, "db/on_main.sql", BAD)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "main moves on")
    git(repo, "checkout", "-q", "feature")
    # Work in progress: staged, unstaged, untracked, ignored.
    write(repo, "staged.sql", BAD)
    git(repo, "add", "staged.sql")
    write(repo, "old.sql", BAD + GOOD)  # tracked, modified, not staged
    write(repo, "untracked.sql", BAD)
    write(repo, "ignored.sql", BAD)
    monkeypatch.chdir(repo)
    return repo


def test_changed_files_since_the_branch_point(repo: Path) -> None:
    result = run("--format", "json", "--diff-base", "main")
    assert result.exit_code == 1
    assert linted(result) == ["db/changed.sql", "db/moved.sql", "db/new.sql", "old.sql", "staged.sql",
                              "untracked.sql"]


def test_paths_narrow_the_changed_set_and_exclude_applies(repo: Path) -> None:
    assert linted(run("--format", "json", "--diff-base", "main", "db")) == ["db/changed.sql", "db/moved.sql",
                                                                              "db/new.sql"]
    write(repo, "dsqllint.toml", 'exclude = ["db/new.sql"]\n')
    assert linted(run("--format", "json", "--diff-base", "main", "db")) == ["db/changed.sql", "db/moved.sql"]


def test_from_a_subdirectory_paths_are_relative_to_it(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo / "db")
    assert linted(run("--format", "json", "--diff-base", "main")) == ["changed.sql", "moved.sql", "new.sql"]


def test_nothing_changed_is_clean(repo: Path) -> None:
    result = run("--diff-base", "HEAD", "db")
    assert (result.exit_code, result.stdout) == (0, "All checks passed (0 files, 0 statements).\n")


def test_unknown_ref_and_not_a_repository(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run("--diff-base", "no-such-branch")
    assert result.exit_code == 2
    assert result.stderr.startswith("dsqllint: --diff-base no-such-branch: ")
    outside = tmp_path / "plain"
    outside.mkdir()
    monkeypatch.chdir(outside)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = run("--diff-base", "main")
    assert result.exit_code == 2
    assert "needs a git repository" in result.stderr
    assert "Traceback" not in result.output
