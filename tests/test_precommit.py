"""The pre-commit hook, run by the real `pre-commit try-repo`.

try-repo installs the hook repository into a fresh virtualenv (pip install of the project), so this
test takes a while; it runs both files in one test, the two try-repo invocations side by side.

Why a copy of the project: `try-repo` on a repository with uncommitted changes commits them into a
shadow clone, but only tracked files (`git add -u`), so a hook file or module not yet committed would
be missing. The test therefore commits the working tree's project files into a scratch repository and
points try-repo at that: exactly what a user gets from a tagged release.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT_FILES = ["pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "dsqllint"]
GIT_ENV = {
    "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}
# a migration only safe fixes are needed for: pg_dump's primary key added later, and an enum type
FIXABLE = (
    "-- 0003: people\n"
    "CREATE TYPE mood AS ENUM ('happy', 'sad');\n"
    "CREATE TABLE people (\n    id bigint NOT NULL,\n    m mood\n);\n"
    "ALTER TABLE ONLY people\n    ADD CONSTRAINT people_pkey PRIMARY KEY (id);\n"
)
BAD = "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\nCREATE INDEX orders_customer ON orders (customer_id);\n"
GOOD = BAD.replace("CREATE INDEX", "CREATE INDEX ASYNC")


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env={**os.environ, **GIT_ENV})


def hook_repository(tmp_path: Path) -> Path:
    """A git repository holding the project's committed files, as a user's pre-commit would fetch it."""
    hook_repo = tmp_path / "dsqllint"
    hook_repo.mkdir()
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, hook_repo / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, hook_repo / name)
    git(hook_repo, "init", "-q")
    git(hook_repo, "add", "-A")
    git(hook_repo, "commit", "-qm", "dsqllint")
    return hook_repo


def test_pre_commit_hook_fails_a_bad_migration_and_passes_a_good_one(tmp_path: Path) -> None:
    hook_repo = hook_repository(tmp_path)
    project = tmp_path / "app"
    (project / "migrations").mkdir(parents=True)
    (project / "migrations" / "0001_bad.sql").write_text(BAD, encoding="utf-8")
    (project / "migrations" / "0002_good.sql").write_text(GOOD, encoding="utf-8")
    git(project, "init", "-q")
    git(project, "add", "-A")

    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "NO_COLOR": "1"}
    env.pop("FORCE_COLOR", None)
    runs = {
        name: subprocess.Popen(
            ["pre-commit", "try-repo", str(hook_repo), "dsqllint", "--files", f"migrations/{name}", "--color", "never"],
            cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        for name in ("0001_bad.sql", "0002_good.sql")
    }
    outputs = {name: proc.communicate(timeout=600)[0] for name, proc in runs.items()}
    codes = {name: proc.returncode for name, proc in runs.items()}

    bad = outputs["0001_bad.sql"]
    assert codes["0001_bad.sql"] == 1, bad
    assert "dsqllint" in bad and "Failed" in bad
    assert "migrations/0001_bad.sql:2:8: DSQL401 [index-not-async]" in bad
    assert "Found 1 error in 1 file" in bad

    good = outputs["0002_good.sql"]
    assert codes["0002_good.sql"] == 0, good
    assert "Passed" in good and "DSQL" not in good


def test_pre_commit_fix_hook_rewrites_a_fixable_migration_then_passes(tmp_path: Path) -> None:
    hook_repo = hook_repository(tmp_path)
    project = tmp_path / "app"
    (project / "migrations").mkdir(parents=True)
    migration = project / "migrations" / "0003_people.sql"
    migration.write_text(FIXABLE, encoding="utf-8")
    git(project, "init", "-q")
    git(project, "add", "-A")

    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "NO_COLOR": "1"}
    env.pop("FORCE_COLOR", None)

    def try_repo() -> subprocess.CompletedProcess:
        return subprocess.run(
            ["pre-commit", "try-repo", str(hook_repo), "dsqllint-fix", "--files", "migrations/0003_people.sql",
             "--color", "never"],
            cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600,
        )

    first = try_repo()
    assert first.returncode == 1, first.stdout
    assert "dsqllint (fix)" in first.stdout and "Failed" in first.stdout
    assert "files were modified by this hook" in first.stdout
    fixed = migration.read_text(encoding="utf-8")
    assert fixed.startswith("-- 0003: people\n-- dsqllint: removed (enum type mood")
    assert "CONSTRAINT people_pkey PRIMARY KEY (id)" in fixed and "CHECK (m IN ('happy', 'sad'))" in fixed
    assert "\nALTER TABLE" not in fixed

    git(project, "add", "-A")  # the developer stages the fixed file and commits again
    second = try_repo()
    assert second.returncode == 0, second.stdout
    assert "Passed" in second.stdout
    assert migration.read_text(encoding="utf-8") == fixed
