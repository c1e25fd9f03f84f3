"""Security properties of the linter itself.

- reports name files by the paths the user gave: a relative path stays relative, whatever the format;
- walking directories terminates on symlink loops and never leaves the tree through a link;
- dsqllint never executes or evaluates its input: no eval/exec/pickle/yaml.load/shell in the package, and a
  configuration file is data (TOML) with only the documented keys.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest
from click.testing import CliRunner

from dsqllint.cli import main
from dsqllint.config import ConvertConfig, FileConfig

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "dsqllint"
SERIAL = "CREATE TABLE t (id serial PRIMARY KEY);\n"


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "github", "gitlab"])
def test_reports_keep_relative_paths_relative(output_format: str, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "db" / "sub").mkdir(parents=True)
    (tmp_path / "db" / "sub" / "a.sql").write_text(SERIAL)
    (tmp_path / "b.sql").write_text(SERIAL)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["lint", "--format", output_format, "--no-show-source", "db", "./b.sql"],
                                env={"NO_COLOR": "1"}, catch_exceptions=False)
    assert result.exit_code == 1
    out = result.output
    if output_format == "sarif":  # the one absolute path: the base the relative URIs resolve against
        run = json.loads(result.stdout)["runs"][0]
        assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": tmp_path.as_uri() + "/"}}
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
        assert uris == {"b.sql", "db/sub/a.sql"}
        out = out.replace(tmp_path.as_uri(), "")
    assert str(tmp_path) not in out
    assert "db/sub/a.sql" in result.stdout and "b.sql" in result.stdout
    if output_format == "json":
        assert sorted(f["path"] for f in json.loads(result.stdout)["files"]) == ["./b.sql", "db/sub/a.sql"]


def test_reports_keep_absolute_paths_as_given(tmp_path: Path) -> None:
    path = tmp_path / "a.sql"
    path.write_text(SERIAL)
    result = CliRunner().invoke(main, ["lint", "--format", "json", str(path)], catch_exceptions=False)
    assert [f["path"] for f in json.loads(result.stdout)["files"]] == [str(path)]


def test_symlink_loops_terminate_and_links_are_not_followed(tmp_path: Path) -> None:
    """Loops through each other and through the root given (tests/test_cli.py has a directory linked to
    itself); each real file is linted once, under the path the walk found it by."""
    for name in ("root/a/x.sql", "root/b/y.sql", "outside/z.sql"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(SERIAL)
    root = tmp_path / "root"
    (root / "a" / "to_b").symlink_to(root / "b", target_is_directory=True)
    (root / "b" / "to_a").symlink_to(root / "a", target_is_directory=True)
    (root / "b" / "to_root").symlink_to(root, target_is_directory=True)
    (root / "a" / "out").symlink_to(tmp_path / "outside", target_is_directory=True)
    (tmp_path / "outside" / "back").symlink_to(root, target_is_directory=True)
    proc = subprocess.run([sys.executable, "-m", "dsqllint", "lint", "--format", "json", str(root)],
                          capture_output=True, text=True, timeout=60)
    paths = sorted(Path(f["path"]).relative_to(root).as_posix() for f in json.loads(proc.stdout)["files"])
    assert paths == ["a/x.sql", "b/y.sql"]
    assert proc.returncode == 1 and "Traceback" not in proc.stderr


# What turns data into code: none of it belongs in a linter of untrusted SQL files.
_FORBIDDEN = {
    "eval()": re.compile(r"(?<![\w.])eval\s*\("),
    "exec()": re.compile(r"(?<![\w.])exec\s*\("),
    "compile()": re.compile(r"(?<![\w.])compile\s*\("),
    "__import__()": re.compile(r"__import__\s*\("),
    "pickle / shelve / marshal": re.compile(r"\b(?:c?pickle|shelve|marshal)\b"),
    "yaml.load": re.compile(r"\byaml\s*\.\s*(?:unsafe_|full_)?load\b"),
    "shell=True": re.compile(r"shell\s*=\s*True"),
    "os.system / os.popen": re.compile(r"\bos\s*\.\s*(?:system|popen|exec\w*|spawn\w*)\s*\("),
    "runpy / code.interact": re.compile(r"\brunpy\b|\bcode\s*\.\s*interact\b"),
}


def _code_lines(path: Path) -> dict[int, str]:
    """The file's code by line, without comments and string literals (docstrings may name what they avoid)."""
    lines: dict[int, list[str]] = {}
    with path.open("rb") as f:
        for tok in tokenize.tokenize(f.readline):
            if tok.type in (tokenize.NAME, tokenize.OP, tokenize.NUMBER):
                lines.setdefault(tok.start[0], []).append(tok.string)
    return {number: " ".join(words) for number, words in lines.items()}


def test_the_package_never_evaluates_input() -> None:
    hits = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for number, code in _code_lines(path).items():
            compact = code.replace(" . ", ".").replace(" (", "(").replace(" = ", "=")
            for what, pattern in _FORBIDDEN.items():
                if pattern.search(compact):
                    hits.append(f"{path.relative_to(ROOT)}:{number}: {what}: {code}")
    assert hits == []


def test_the_scan_sees_code() -> None:
    """The scan above is not blind: it finds each forbidden call in code, and ignores them in comments."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sample.py"
        path.write_text('import os, pickle, yaml\nx = eval(s)  # exec(s) in a comment\n"exec(s) in a string"\n'
                        'yaml.load(f)\nos.system("ls")\nsubprocess.run(a, shell=True)\n')
        found = {what for code in _code_lines(path).values() for what, pattern in _FORBIDDEN.items()
                 if pattern.search(code.replace(" . ", ".").replace(" (", "(").replace(" = ", "="))}
    assert found == {"eval()", "pickle / shelve / marshal", "yaml.load", "os.system / os.popen", "shell=True"}


def test_subprocesses_are_only_git_with_an_argument_list() -> None:
    callers = sorted(p.relative_to(ROOT).as_posix() for p in PACKAGE.rglob("*.py")
                     if re.search(r"\bsubprocess\b", p.read_text(encoding="utf-8")))
    assert callers == ["dsqllint/gitdiff.py"]
    calls = re.findall(r"subprocess\.\w+\(([^)]*)", (PACKAGE / "gitdiff.py").read_text(encoding="utf-8"))
    assert calls and all(call.startswith('["git", ') for call in calls if call)


def _readme_config_keys() -> tuple[set[str], set[str]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```toml\n\[tool\.dsqllint\]\n(.*?)```", readme, re.S).group(1)
    top, convert, table = set(), set(), "top"
    for line in block.splitlines():
        if line.startswith("[tool.dsqllint.convert]"):
            table = "convert"
        elif m := re.match(r"([\w-]+)\s*=", line):
            (top if table == "top" else convert).add(m.group(1))
    return top, convert


def test_configuration_accepts_only_the_documented_keys() -> None:
    accepted = {field.alias or name for name, field in FileConfig.model_fields.items()}
    accepted_convert = {field.alias or name for name, field in ConvertConfig.model_fields.items()}
    documented, documented_convert = _readme_config_keys()
    assert accepted == documented | {"convert"}
    assert accepted_convert == documented_convert
    assert FileConfig.model_config["extra"] == "forbid" and ConvertConfig.model_config["extra"] == "forbid"


def test_configuration_is_toml_data_never_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    marker = tmp_path / "pwned"
    (tmp_path / "dsqllint.toml").write_text(f'target = "__import__(\'os\').system(\'touch {marker}\')"\n')
    (tmp_path / "a.sql").write_text(SERIAL)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["lint", "a.sql"], catch_exceptions=False)
    assert result.exit_code == 2 and "`target`" in result.stderr
    assert not marker.exists()
