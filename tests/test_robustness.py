"""Inputs and events that must never crash dsqllint: the size limits, deep nesting, and Ctrl-C.

- a file larger than source.MAX_FILE_BYTES is an input error (exit 2) naming the limit, read or not;
- a statement longer than parse.MAX_STATEMENT_CHARS is a DSQL001 finding and the rest is linted;
- 50,000 levels of parentheses are a DSQL001 finding, not a RecursionError;
- Ctrl-C during a long run exits 130 with one short line and leaves no report file, half-written or not.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from dsqllint import parse, source
from dsqllint.cli import main
from dsqllint.engine import lint_source
from dsqllint.source import Source, read_source

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, input: bytes | None = None):
    return CliRunner().invoke(main, list(args), input=input, env={"NO_COLOR": "1"}, catch_exceptions=False)


# --- size limits --------------------------------------------------------------------------------------------------


def test_a_100_mb_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "dump.sql"
    with big.open("wb") as f:
        f.truncate(100 * 2**20)  # sparse: nothing to read, were it read
    ok = tmp_path / "ok.sql"
    ok.write_text("CREATE TABLE t (id bigint PRIMARY KEY);\n")
    result = run("lint", "--format", "json", str(big), str(ok))
    assert result.exit_code == 2
    assert result.stderr == (f"dsqllint: {big}: too large to lint (100.0 MiB; dsqllint reads files of up to 16 MiB): "
                             "split it, or leave the data out (pg_dump --schema-only, mysqldump --no-data)\n")
    assert [f["path"] for f in json.loads(result.stdout)["files"]] == [str(ok)]  # the other file is linted


def test_the_file_limit_applies_to_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "MAX_FILE_BYTES", 1000)
    result = run("lint", "-", "--stdin-filename", "piped.sql", input=b"SELECT 1;\n" * 101)
    assert result.exit_code == 2
    assert result.stderr.startswith("dsqllint: piped.sql: too large to lint (0.0 MiB; dsqllint reads files of up to")
    assert read_source("x.sql", data=b"SELECT 1;\n" * 100).text  # at the limit it is read


def test_a_10_mb_statement_is_a_finding_and_the_rest_is_linted() -> None:
    insert = "INSERT INTO t VALUES " + ",".join(f"({i}, 'row {i}')" for i in range(600_000))
    text = f"CREATE TABLE t (id serial);\n{insert};\nCREATE INDEX i ON t (id);\n"
    assert len(text) > 10_000_000
    started = time.process_time()
    result = lint_source(Source("big.sql", text, "postgres"))
    assert time.process_time() - started < 10  # not parsed: about half a second for splitting it
    by_line = {(f.line, f.code): f for f in result.findings}
    too_long = by_line[(2, "DSQL001")]
    assert too_long.column == 1
    assert too_long.message.startswith(f"statement too long to analyse ({len(insert):,} characters; dsqllint parses")
    assert (1, "DSQL201") in by_line and (3, "DSQL401") in by_line  # serial, synchronous index
    assert result.statements[1].kind == "INSERT"


def test_a_statement_at_the_limit_is_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    stmt = "CREATE TABLE t (id serial, note text DEFAULT '" + "x" * 200 + "')"
    monkeypatch.setattr(parse, "MAX_STATEMENT_CHARS", len(stmt))
    assert [f.code for f in lint_source(Source("t.sql", stmt + ";", "postgres")).findings] == ["DSQL201"]
    monkeypatch.setattr(parse, "MAX_STATEMENT_CHARS", len(stmt) - 1)
    (finding,) = lint_source(Source("t.sql", stmt + ";", "postgres")).findings
    assert (finding.code, finding.line, finding.column) == ("DSQL001", 1, 1)


def test_an_unterminated_string_in_a_huge_statement_is_reported_as_such(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse, "MAX_STATEMENT_CHARS", 1000)
    text = "CREATE TABLE t (a text DEFAULT 'x);\n" + "SELECT 1;\n" * 500
    (finding,) = lint_source(Source("t.sql", text, "postgres")).findings
    assert (finding.code, finding.message, finding.column) == ("DSQL001", "unterminated string literal", 32)


@pytest.mark.parametrize("dialect", ["postgres", "mysql"])
@pytest.mark.parametrize("shape", [
    "SELECT " + "(" * 50_000 + "1" + ")" * 50_000,
    "CREATE TABLE t (a int CHECK (" + "(" * 50_000 + "a > 0" + ")" * 50_000 + "))",
    "CREATE TABLE t (a int DEFAULT " + "- " * 50_000 + "1)",
    "SELECT " + "NOT " * 50_000 + "TRUE",
    "SELECT " + "f(" * 20_000 + "1" + ")" * 20_000,
], ids=["parentheses", "check", "minus", "not", "calls"])
def test_deep_nesting_is_a_finding_not_a_crash(dialect: str, shape: str) -> None:
    result = lint_source(Source("deep.sql", shape + ";\nCREATE TABLE u (id serial);\n", dialect))
    assert ("DSQL001", "statement nested too deeply to analyse") in {(f.code, f.message) for f in result.findings}
    assert any(f.line == 2 for f in result.findings)  # the next statement is still linted


def test_long_lines_are_cut_around_each_finding() -> None:
    """A minified dump is one line: each finding shows a window of it, not the whole line again."""
    from dsqllint.report.text import MAX_SHOWN

    line = " ".join(f"CREATE TABLE t{i} (id serial);" for i in range(2000))
    result = run("lint", "-", "--stdin-filename", "one-line.sql", input=line.encode() + b"\n")
    assert result.exit_code == 1
    out = result.stdout.splitlines()
    assert len(result.stdout) < 2001 * 1000  # the whole line under each: 120 MB
    serial = [i for i, text in enumerate(out) if text.startswith("one-line.sql:1:") and "DSQL201" in text]
    assert len(serial) == 2000
    for i in serial:
        text, caret = out[i + 2], out[i + 3]
        assert text.startswith("1 | ") and len(text) <= MAX_SHOWN + 6
        start = caret.index("^")
        assert text[start : start + caret.count("^")] == "serial", (text, caret)


# --- Ctrl-C -------------------------------------------------------------------------------------------------------


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process and its children so far (Linux /proc)."""
    total = 0.0
    pids = [pid]
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            pids += [int(p) for p in f.read().split()]
    except OSError:
        pass
    for p in pids:
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            pass
    return total


def _big_schema(path: Path, tables: int) -> None:
    parts = [f"-- {path}: unique text, so no cached result answers for it\n"]
    for i in range(tables):
        parts.append(f"CREATE TABLE t{i} (id bigserial PRIMARY KEY, name text NOT NULL, doc jsonb, tags text[],\n"
                     f"  created timestamptz DEFAULT now(), CONSTRAINT c{i} CHECK (length(name) > 0));\n"
                     f"CREATE INDEX t{i}_name ON t{i} (lower(name));\n")
    path.write_text("".join(parts))


def _interrupt(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Start `dsqllint lint ARGS`, let it lint for a while, then Ctrl-C it as a terminal would (SIGINT to the
    whole process group)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DSQLLINT_DEBUG", "FORCE_COLOR")}
    proc = subprocess.Popen([sys.executable, "-m", "dsqllint", "lint", *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        # Past start-up (imports take well under a second of CPU) and well inside the linting.
        while _cpu_seconds(proc.pid) < 1.5 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert proc.poll() is None, "finished before it could be interrupted: make the input bigger"
        os.killpg(proc.pid, signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return subprocess.CompletedProcess(proc.args, proc.returncode, stdout.decode(), stderr.decode())


def test_ctrl_c_exits_130_without_traceback_or_report(tmp_path: Path) -> None:
    big = tmp_path / "big.sql"
    _big_schema(big, 12_000)  # about 3 MB: many seconds of linting
    report = tmp_path / "out" / "report.json"
    report.parent.mkdir()
    done = _interrupt(["--format", "json", "--output-file", str(report), str(big)], tmp_path)
    assert done.returncode == 130, done.stderr
    assert done.stderr == "dsqllint: interrupted\n"
    assert done.stdout == ""
    assert list(report.parent.iterdir()) == []  # no report, and no temporary file left behind


def test_ctrl_c_keeps_the_previous_report_whole(tmp_path: Path) -> None:
    """With several files and worker processes too: the workers leave quietly with the main process."""
    files = []
    for n in range(3):
        path = tmp_path / f"part{n}.sql"
        _big_schema(path, 5_000)
        files.append(str(path))
    report = tmp_path / "report.sarif"
    report.write_text("the previous report\n")
    done = _interrupt(["--format", "sarif", "-o", str(report), *files], tmp_path)
    assert done.returncode == 130, done.stderr
    assert done.stderr == "dsqllint: interrupted\n"
    assert report.read_text() == "the previous report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["part0.sql", "part1.sql", "part2.sql", "report.sarif"]


def test_report_file_is_written_whole_with_usual_permissions(tmp_path: Path) -> None:
    sql = tmp_path / "t.sql"
    sql.write_text("CREATE TABLE t (id serial);\n")
    report = tmp_path / "report.json"
    umask = os.umask(0o022)
    try:
        assert run("lint", "--format", "json", "-o", str(report), str(sql)).exit_code == 1
    finally:
        os.umask(umask)
    assert json.loads(report.read_text())["summary"]["errors"] == 1
    assert report.stat().st_mode & 0o777 == 0o644
    link = tmp_path / "latest.json"
    link.symlink_to(report)
    assert run("lint", "--format", "json", "-o", str(link), "--exit-zero", str(sql)).exit_code == 0
    assert link.is_symlink() and json.loads(report.read_text())["summary"]["errors"] == 1  # written through


def test_report_to_a_pipe_is_written_directly(tmp_path: Path) -> None:
    """`-o /dev/stdout` and the like: a device or pipe cannot be replaced by a renamed file (as root, the
    rename would even replace /dev/stdout itself)."""
    import threading

    sql = tmp_path / "t.sql"
    sql.write_text("CREATE TABLE t (id serial);\n")
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_text()))
    reader.start()
    result = run("lint", "--format", "json", "-o", str(pipe), str(sql))
    reader.join(timeout=30)
    assert result.exit_code == 1
    assert json.loads(received[0])["summary"]["errors"] == 1
    assert pipe.exists() and not pipe.is_file()  # still the pipe
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe", "t.sql"]
