"""The Python API (`dsqllint.lint`) and the README's examples of it, of the configuration and of pre-commit."""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

import dsqllint
from dsqllint import Finding, Severity
from dsqllint.config import load_file

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def block(language: str, containing: str) -> str:
    blocks = re.findall(rf"```{language}\n(.*?)```", README, re.S)
    return next(b for b in blocks if containing in b)


def test_lint_returns_findings() -> None:
    findings = dsqllint.lint("CREATE TABLE t (id serial);\nCREATE INDEX i ON t (id);\n", path="m.sql")
    assert [(f.path, f.line, f.column, f.code, f.severity) for f in findings] == [
        ("m.sql", 1, 20, "DSQL201", Severity.ERROR), ("m.sql", 2, 8, "DSQL401", Severity.ERROR),
    ]
    assert all(isinstance(f, Finding) for f in findings)
    assert findings[0].end_column == 26


def test_lint_options() -> None:
    fk = "CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (p int REFERENCES p (id));\n"
    assert "DSQL301" in [f.code for f in dsqllint.lint(fk, target="2025-12-01")]
    assert "DSQL301" in [f.code for f in dsqllint.lint(fk, target=datetime.date(2025, 12, 1))]
    assert "DSQL301" not in [f.code for f in dsqllint.lint(fk)]
    assert [f.code for f in dsqllint.lint("CREATE TABLE t (id serial, d jsonb);", select=["DSQL1"])] == ["DSQL102"]
    assert [f.code for f in dsqllint.lint("CREATE TABLE t (id serial, d jsonb);", ignore="jsonb-column")] == ["DSQL201"]
    mysql = "CREATE TABLE `t` (`id` int NOT NULL AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB;"
    assert "DSQL202" in [f.code for f in dsqllint.lint(mysql)]  # auto-detected
    assert "DSQL202" in [f.code for f in dsqllint.lint(mysql, dialect="mysql")]
    assert dsqllint.lint("") == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"dialect": "oracle"}, "dialect must be"),
        ({"target": "soon"}, "target must be"),
        ({"select": ["DSQL999"]}, "select: unknown rule 'DSQL999'"),
        ({"ignore": ["nope"]}, "ignore: unknown rule 'nope'"),
    ],
)
def test_lint_rejects_bad_arguments(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        dsqllint.lint("SELECT 1;", **kwargs)


def test_package_is_typed_and_exports_its_api() -> None:
    assert (ROOT / "dsqllint" / "py.typed").is_file()
    assert set(dsqllint.__all__) == {"Finding", "Severity", "__version__", "lint"}
    # Importing dsqllint stays cheap: pydantic and sqlglot load on first use.
    code = "import sys, dsqllint; print('pydantic' in sys.modules, 'sqlglot' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.split() == ["False",
                                                                                                          "False"]


# --- the README's examples ---------------------------------------------------------------------------------------


def test_readme_python_example_runs(capsys: pytest.CaptureFixture) -> None:
    exec(block("python", "dsqllint.lint("), {})
    assert "migrations/0042.sql:1:8: DSQL401 [index-not-async] error:" in capsys.readouterr().out


def test_readme_configuration_example_is_valid(tmp_path: Path) -> None:
    text = block("toml", "[tool.dsqllint]")
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    config = load_file(tmp_path / "pyproject.toml")
    assert set(tomllib.loads(text)["tool"]["dsqllint"]) == {_kebab(k) for k in config.model_fields_set}


def _kebab(name: str) -> str:
    return name.replace("_", "-")


def test_readme_pre_commit_snippet_names_our_hook() -> None:
    config = yaml.safe_load(block("yaml", "rev: v0.1.0"))
    (repo,) = config["repos"]
    assert (repo["repo"], repo["rev"]) == ("https://github.com/dsqllint/dsqllint", "v0.1.0")
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in repo["hooks"]] == ["dsqllint"]
    (hook,) = [h for h in hooks if h["id"] == "dsqllint"]
    assert (hook["entry"], hook["language"], hook["types"], hook["require_serial"]) == (
        "dsqllint lint", "python", ["sql"], False,
    )
