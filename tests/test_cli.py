"""Tests for the command line (dsqllint/cli.py) and its text/JSON output."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dsqllint import __version__
from dsqllint.cli import _use_colour, main

CLEAN = "CREATE TABLE t (id bigint PRIMARY KEY, name text);\n"
SERIAL = "CREATE TABLE t (\n  id serial PRIMARY KEY\n);\n"
MULTI = "CREATE TABLE t (id serial, d jsonb, x int[]);\nCREATE INDEX i ON t (d);\n"  # DSQL201 102 101 401
FOREIGN_KEY = (
    "CREATE TABLE p (id int PRIMARY KEY);\n"
    "CREATE TABLE c (id int PRIMARY KEY, p_id int REFERENCES p (id));\n"
    "CREATE INDEX ASYNC c_p ON c (p_id);\n"
)
ANSI = re.compile(r"\x1b\[[0-9;]*m")
NO_COLOUR_ENV = {"NO_COLOR": None, "FORCE_COLOR": None}


def run(*args: str, input: bytes | None = None, env: dict | None = None) -> Result:
    """Invoke the CLI in-process; exceptions of ours propagate and fail the test."""
    return CliRunner().invoke(main, list(args), input=input, env={**NO_COLOUR_ENV, **(env or {})},
                              catch_exceptions=False)


@pytest.fixture
def sql(tmp_path: Path):
    """Write a .sql file under tmp_path and return its path as a string."""

    def write(name: str, content: str | bytes) -> str:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode()
        path.write_bytes(content)
        return str(path)

    return write


def codes_of(result: Result) -> list[str]:
    doc = json.loads(result.stdout)
    return [f["code"] for file in doc["files"] for f in file["findings"]]


# --- exit codes -------------------------------------------------------------------------------------------------


def test_clean_file_exits_0(sql) -> None:
    result = run("lint", sql("clean.sql", CLEAN))
    assert result.exit_code == 0
    assert result.stdout == "All checks passed (1 file, 1 statements).\n"


def test_errors_exit_1(sql) -> None:
    path = sql("serial.sql", SERIAL)
    result = run("lint", path)
    assert result.exit_code == 1
    assert f"{path}:2:6: DSQL201 [serial-type]" in result.stdout
    assert result.stdout.rstrip().endswith("Found 1 error in 1 file (1 statements).")


def test_exit_zero_flag(sql) -> None:
    assert run("lint", "--exit-zero", sql("serial.sql", SERIAL)).exit_code == 0


def test_missing_file_exits_2_but_other_files_are_linted(sql, tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.sql")
    path = sql("serial.sql", SERIAL)
    result = run("lint", missing, path)
    assert result.exit_code == 2
    assert result.stderr == f"dsqllint: {missing}: no such file or directory\n"
    assert f"{path}:2:6: DSQL201 [serial-type]" in result.stdout
    assert "could not be read" in result.stdout


def test_missing_file_is_counted_in_json_summary(sql, tmp_path: Path) -> None:
    result = run("lint", "--format", "json", str(tmp_path / "missing.sql"), sql("clean.sql", CLEAN))
    assert result.exit_code == 2
    summary = json.loads(result.stdout)["summary"]
    assert (summary["files"], summary["io_errors"]) == (1, 1)


def test_unreadable_file_never_reports_all_checks_passed(sql) -> None:
    result = run("lint", sql("bad.sql", b"SELECT '\xff';\n"))
    assert result.exit_code == 2
    assert "All checks passed" not in result.stdout
    assert "1 file could not be read" in result.stdout


def test_invalid_utf8_exits_2_with_one_line_message(sql) -> None:
    good = sql("good.sql", CLEAN)
    path = sql("latin1.sql", "SELECT 1;\nSELECT 'café';\n".encode("latin-1"))
    result = run("lint", path, good)
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line]
    assert lines == [lines[0]] and lines[0].startswith(f"dsqllint: {path}:2: not valid UTF-8")
    assert "Traceback" not in result.output


ROBUSTNESS = {
    "binary": b"\x00\x01\x02 CREATE TABLE",
    "empty": b"",
    "comments-only": b"-- nothing here\n/* nor /* here */ */\n",
    "unterminated-string": b"CREATE TABLE t (a text DEFAULT 'oops);\n",
    "unterminated-dollar-quote": b"CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1;\n",
    "unterminated-comment": b"CREATE TABLE t (a int); /* never closed\n",
    "deep-parentheses": ("SELECT " + "(" * 2000 + "1" + ")" * 2000 + ";\n").encode(),
    "deep-parentheses-unbalanced": ("SELECT " + "(" * 2000 + "1;\n").encode(),
    "only-semicolons": b";;;\n;\n",
    "mysql-unterminated-backtick": b"CREATE TABLE `t (a int) ENGINE=InnoDB;\n",
}


@pytest.mark.parametrize("name", list(ROBUSTNESS))
@pytest.mark.parametrize("output_format", ["text", "json"])
def test_no_traceback(name: str, output_format: str, sql) -> None:
    result = run("lint", "--format", output_format, sql(f"{name}.sql", ROBUSTNESS[name]))
    assert "Traceback" not in result.output
    assert "internal error" not in result.output
    if name == "binary":
        assert result.exit_code == 2
        assert "binary" in result.stderr
    elif name.startswith(("unterminated", "deep", "mysql-unterminated")):
        assert result.exit_code == 1
        assert "DSQL001" in result.stdout  # reported as a parse error, not a crash
    else:
        assert result.exit_code == 0


def test_unterminated_string_is_located_at_its_quote(sql) -> None:
    path = sql("u.sql", "SELECT 1;\nCREATE TABLE t (a text DEFAULT 'oops);\n")
    result = run("lint", "--no-show-source", path)
    assert f"{path}:2:32: DSQL001 [parse-error] unterminated string literal" in result.stdout


# --- inputs -----------------------------------------------------------------------------------------------------


def test_stdin_with_stdin_filename() -> None:
    result = run("lint", "-", "--stdin-filename", "piped.sql", input=SERIAL.encode())
    assert result.exit_code == 1
    assert result.stdout.startswith("piped.sql:2:6: DSQL201 [serial-type]")


def test_stdin_without_a_name_is_dash() -> None:
    result = run("lint", "--format", "json", "-", input=SERIAL.encode())
    assert [f["path"] for f in json.loads(result.stdout)["files"]] == ["-"]


def test_stdin_invalid_utf8() -> None:
    result = run("lint", "-", "--stdin-filename", "piped.sql", input=b"\xff")
    assert result.exit_code == 2
    assert result.stderr.startswith("dsqllint: piped.sql:1: not valid UTF-8")


def test_directories_recurse_into_sql_files_sorted(sql, tmp_path: Path) -> None:
    root = tmp_path / "schema"
    for name in ["b.sql", "a.sql", "sub/c.sql", "sub/deeper/d.SQL", "notes.txt", ".git/x.sql", "node_modules/y.sql"]:
        sql(f"schema/{name}", CLEAN)
    result = run("lint", "--format", "json", str(root))
    assert result.exit_code == 0
    paths = [Path(f["path"]).relative_to(root).as_posix() for f in json.loads(result.stdout)["files"]]
    assert paths == ["a.sql", "b.sql", "sub/c.sql", "sub/deeper/d.SQL"]


def test_collected_paths_are_sorted_as_a_whole(sql, tmp_path: Path) -> None:
    for name in ["d/z.sql", "d/a/x.sql", "d/a-b.sql", "e.sql"]:
        sql(name, CLEAN)
    # Files in a directory and in its subdirectories interleave by path, whatever order paths are given in.
    result = run("lint", "--format", "json", str(tmp_path / "e.sql"), str(tmp_path / "d"))
    paths = [Path(f["path"]).relative_to(tmp_path).as_posix() for f in json.loads(result.stdout)["files"]]
    assert paths == ["d/a/x.sql", "d/a-b.sql", "d/z.sql", "e.sql"]


def test_symlink_loops_do_not_hang_and_symlinked_dirs_are_not_followed(sql, tmp_path: Path) -> None:
    sql("d/a.sql", CLEAN)
    sql("outside/b.sql", SERIAL)
    (tmp_path / "d" / "loop").symlink_to(tmp_path / "d", target_is_directory=True)
    (tmp_path / "d" / "out").symlink_to(tmp_path / "outside", target_is_directory=True)
    (tmp_path / "d" / "linked.sql").symlink_to(tmp_path / "outside" / "b.sql")
    (tmp_path / "d" / "broken.sql").symlink_to(tmp_path / "nowhere.sql")
    result = subprocess.run([sys.executable, "-m", "dsqllint", "lint", "--format", "json", str(tmp_path / "d")],
                            capture_output=True, text=True, timeout=30)
    paths = [Path(f["path"]).relative_to(tmp_path).as_posix() for f in json.loads(result.stdout)["files"]]
    assert paths == ["d/a.sql", "d/linked.sql"]  # a symlinked file is linted; a broken one skipped
    assert result.returncode == 1


def test_file_given_twice_is_linted_once(sql) -> None:
    path = sql("serial.sql", SERIAL)
    result = run("lint", "--format", "json", path, path)
    assert len(json.loads(result.stdout)["files"]) == 1


def test_dialect_option_overrides_detection(sql) -> None:
    path = sql("t.sql", "CREATE TABLE t (id serial);\n")
    doc = json.loads(run("lint", "--format", "json", "--dialect", "mysql", path).stdout)
    assert doc["files"][0]["dialect"] == "mysql"
    doc = json.loads(run("lint", "--format", "json", path).stdout)
    assert doc["files"][0]["dialect"] == "postgres"


# --- JSON -------------------------------------------------------------------------------------------------------


def test_json_shape(sql) -> None:
    path = sql("serial.sql", SERIAL)
    result = run("lint", "--format", "json", "--target", "2026-01-01", path)
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert list(doc) == ["version", "target", "files", "summary"]
    assert (doc["version"], doc["target"]) == (1, "2026-01-01")
    (file,) = doc["files"]
    assert list(file) == ["path", "dialect", "findings"]
    assert (file["path"], file["dialect"]) == (path, "postgres")
    (finding,) = file["findings"]
    assert list(finding) == [
        "code", "name", "severity", "message", "suggestion", "line", "column", "end_line", "end_column", "fixable",
    ]
    assert {k: finding[k] for k in ("code", "name", "severity", "line", "column", "end_line", "end_column")} == {
        "code": "DSQL201", "name": "serial-type", "severity": "error",
        "line": 2, "column": 6, "end_line": 2, "end_column": 12,
    }
    assert isinstance(finding["message"], str) and isinstance(finding["fixable"], bool)
    assert doc["summary"] == {
        "files": 1, "statements": 1, "errors": 1, "warnings": 0, "info": 0,
        "fixable": int(finding["fixable"]), "io_errors": 0,
    }


def test_json_has_no_text_summary_and_no_colour(sql) -> None:
    result = run("lint", "--format", "json", sql("serial.sql", SERIAL), env={"FORCE_COLOR": "1"})
    json.loads(result.stdout)  # the whole of stdout is one JSON document
    assert not ANSI.search(result.stdout)


# --- rule selection and targets ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((), {"DSQL201", "DSQL102", "DSQL101", "DSQL401"}),
        (("--select", "DSQL201"), {"DSQL201"}),
        (("--select", "serial-type"), {"DSQL201"}),
        (("--select", "dsql201"), {"DSQL201"}),
        (("--select", "DSQL1"), {"DSQL101", "DSQL102"}),
        (("--select", "DSQL201,index-not-async"), {"DSQL201", "DSQL401"}),
        (("--select", "DSQL201", "--select", "DSQL101"), {"DSQL201", "DSQL101"}),
        (("--ignore", "DSQL1"), {"DSQL201", "DSQL401"}),
        (("--ignore", "serial-type,DSQL401"), {"DSQL101", "DSQL102"}),
        (("--select", "DSQL1", "--ignore", "jsonb-column"), {"DSQL101"}),
        (("--ignore", "ALL"), set()),
    ],
)
def test_select_and_ignore(args: tuple[str, ...], expected: set[str], sql) -> None:
    result = run("lint", "--format", "json", *args, sql("multi.sql", MULTI))
    assert set(codes_of(result)) == expected


def test_foreign_key_depends_on_target(sql) -> None:
    path = sql("fk.sql", FOREIGN_KEY)
    old = run("lint", "--format", "json", "--target", "2025-12-01", path)
    assert old.exit_code == 1
    assert "DSQL301" in codes_of(old)
    fk = next(f for f in json.loads(old.stdout)["files"][0]["findings"] if f["code"] == "DSQL301")
    assert (fk["severity"], fk["line"]) == ("error", 2)
    latest = run("lint", "--format", "json", "--target", "latest", path)
    assert latest.exit_code == 0
    assert "DSQL301" not in codes_of(latest)
    assert json.loads(latest.stdout)["summary"]["errors"] == 0


@pytest.mark.parametrize("command", [["lint", "x.sql"], ["rules"]])
def test_bad_target_is_a_usage_error(command: list[str]) -> None:
    result = CliRunner().invoke(main, [*command, "--target", "nonsense"])
    assert result.exit_code == 2
    assert "--target" in result.output
    assert "nonsense" in result.output
    assert "Traceback" not in result.output


def test_unknown_dialect_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["lint", "--dialect", "oracle", "x.sql"])
    assert result.exit_code == 2
    assert "--dialect" in result.output


# --- other commands ---------------------------------------------------------------------------------------------


def test_rules_lists_codes() -> None:
    result = run("rules")
    assert result.exit_code == 0
    row = next(line for line in result.stdout.splitlines() if line.startswith("DSQL201"))
    assert "serial-type" in row and "error" in row
    assert re.search(r"^DSQL301 .*foreign-key-unsupported.*inactive at this target", result.stdout, re.M)


def test_rules_at_old_target_marks_foreign_key_rule_active() -> None:
    result = run("rules", "--target", "2025-12-01")
    row = next(line for line in result.stdout.splitlines() if line.startswith("DSQL301"))
    assert "inactive" not in row


def test_rules_json() -> None:
    rows = json.loads(run("rules", "--format", "json").stdout)
    serial = next(r for r in rows if r["code"] == "DSQL201")
    assert (serial["name"], serial["severity"], serial["active"]) == ("serial-type", "error", True)


@pytest.mark.parametrize("key", ["serial-type", "DSQL201", "dsql201"])
def test_rule_page(key: str) -> None:
    result = run("rule", key)
    assert result.exit_code == 0
    assert result.stdout.startswith("# DSQL201 `serial-type`\n")
    assert "Severity: **error**" in result.stdout


def test_unknown_rule() -> None:
    result = run("rule", "no-such-rule")
    assert result.exit_code == 2
    assert "no rule 'no-such-rule'" in result.stderr


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"dsqllint, version {__version__}\n"


# --- text output and colour --------------------------------------------------------------------------------------


def test_text_output_lines_and_caret(sql) -> None:
    path = sql("multi.sql", MULTI)
    out = run("lint", path).stdout
    heads = re.findall(rf"^{re.escape(path)}:(\d+):(\d+): (DSQL\d{{3}}) \[([a-z-]+)\] ", out, re.M)
    assert [(int(line), int(col), code) for line, col, code, _ in heads] == [
        (1, 20, "DSQL201"), (1, 30, "DSQL102"), (1, 39, "DSQL101"), (2, 8, "DSQL401"),
    ]
    blocks = out.split("\n\n")
    first = blocks[0].splitlines()
    assert first[1:4] == [
        "  |",
        "1 | CREATE TABLE t (id serial, d jsonb, x int[]);",
        "  |                    ^^^^^^",
    ]
    assert first[4].startswith("  = help: ")
    assert " (warning)" in blocks[1].splitlines()[0]
    assert out.rstrip().endswith("Found 3 errors, 1 warning in 1 file (2 statements).")


def test_caret_under_non_ascii_and_tabs(sql) -> None:
    path = sql("t.sql", "CREATE TABLE \"é\" (\tid\tserial);\n")
    lines = run("lint", path).stdout.splitlines()
    source, caret = lines[2], lines[3]
    assert source == '1 | CREATE TABLE "é" ( id serial);'
    assert caret.index("^") == source.index("serial")
    assert caret.count("^") == len("serial") and caret.endswith("^")


def test_no_show_source(sql) -> None:
    out = run("lint", "--no-show-source", sql("serial.sql", SERIAL)).stdout
    assert "^" not in out and " | " not in out
    assert "\n  help: " in out


def test_no_colour_when_not_a_tty(sql) -> None:
    assert not ANSI.search(run("lint", sql("serial.sql", SERIAL)).output)


def test_no_colour_with_no_color_even_when_forced(sql) -> None:
    result = run("lint", sql("serial.sql", SERIAL), env={"NO_COLOR": "1", "FORCE_COLOR": "1"})
    assert not ANSI.search(result.output)


def test_force_color(sql) -> None:
    path = sql("serial.sql", SERIAL)
    out = run("lint", path, env={"FORCE_COLOR": "1"}).stdout
    assert ANSI.search(out)
    assert "\x1b[31m" in out  # errors are red
    plain = ANSI.sub("", out)
    assert f"{path}:2:6: DSQL201 [serial-type]" in plain
    assert ANSI.search(run("lint", sql("clean.sql", CLEAN), env={"FORCE_COLOR": "1"}).stdout)  # green summary


class _Stream:
    def __init__(self, tty: bool) -> None:
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


@pytest.mark.parametrize(
    ("env", "tty", "expected"),
    [({}, True, True), ({}, False, False), ({"NO_COLOR": "1"}, True, False), ({"FORCE_COLOR": "1"}, False, True)],
)
def test_use_colour(env: dict, tty: bool, expected: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert _use_colour(_Stream(tty)) is expected


# --- the installed entry points -----------------------------------------------------------------------------------


def test_console_script_and_python_m(sql) -> None:
    path = sql("serial.sql", SERIAL)
    script = shutil.which("dsqllint") or str(Path(sys.executable).parent / "dsqllint")
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    for command in ([script], [sys.executable, "-m", "dsqllint"]):
        proc = subprocess.run([*command, "lint", path], capture_output=True, text=True, env=env, timeout=60)
        assert proc.returncode == 1, proc.stderr
        assert proc.stdout.startswith(f"{path}:2:6: DSQL201 [serial-type]")
        assert not ANSI.search(proc.stdout)  # a pipe is not a terminal
        assert "Traceback" not in proc.stderr
    version = subprocess.run([script, "--version"], capture_output=True, text=True, env=env, timeout=60)
    assert version.stdout.strip() == f"dsqllint, version {__version__}"
