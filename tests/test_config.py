"""Configuration files: discovery, validation, precedence of the command line, `dsqllint config`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dsqllint.cli import main
from dsqllint.config import glob_matches

BAD = "CREATE TABLE t (id serial PRIMARY KEY);\nCREATE INDEX i ON t (id);\n"  # DSQL201, DSQL401 (errors)
FK = "CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (id int PRIMARY KEY, p_id int REFERENCES p (id));\n"


def run(*args: str, input: bytes | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input, env={"NO_COLOR": None, "FORCE_COLOR": None})


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def findings(result: Result) -> list[tuple[str, str, str]]:
    assert "Traceback" not in result.output, result.output
    doc = json.loads(result.stdout)
    return [(Path(file["path"]).name, f["code"], f["severity"]) for file in doc["files"] for f in file["findings"]]


def by_file(result: Result, root: Path) -> dict[str, list[str]]:
    doc = json.loads(result.stdout)
    return {Path(file["path"]).resolve().relative_to(root.resolve()).as_posix(): [f["code"] for f in file["findings"]]
            for file in doc["files"]}


# --- discovery ---------------------------------------------------------------------------------------------------


def test_pyproject_found_walking_up(tmp_path: Path) -> None:
    write(tmp_path, {
        "pyproject.toml": '[project]\nname = "app"\n\n[tool.dsqllint]\nignore = ["serial-type"]\n',
        "db/migrations/0001.sql": BAD,
    })
    result = run("lint", "--format", "json", str(tmp_path / "db/migrations/0001.sql"))
    assert by_file(result, tmp_path) == {"db/migrations/0001.sql": ["DSQL401"]}


def test_nearest_configuration_wins_and_nothing_is_merged(tmp_path: Path) -> None:
    write(tmp_path, {
        "pyproject.toml": '[tool.dsqllint]\nignore = ["serial-type"]\n',
        "a.sql": BAD,
        "sub/dsqllint.toml": 'ignore = ["index-not-async"]\n',
        "sub/b.sql": BAD,
        "sub/deeper/pyproject.toml": '[project]\nname = "not-a-dsqllint-config"\n',  # no [tool.dsqllint]: skipped
        "sub/deeper/c.sql": BAD,
        "other/.dsqllint.toml": 'select = ["DSQL2"]\n',
        "other/dsqllint.toml": 'select = ["DSQL4"]\n',  # .dsqllint.toml wins in the same directory
        "other/d.sql": BAD,
    })
    result = run("lint", "--format", "json", str(tmp_path))
    assert by_file(result, tmp_path) == {
        "a.sql": ["DSQL401"],
        "other/d.sql": ["DSQL201"],
        "sub/b.sql": ["DSQL201"],
        "sub/deeper/c.sql": ["DSQL201"],
    }


def test_stdin_uses_the_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"dsqllint.toml": 'ignore = ["DSQL201"]\nper-file-ignores = { "piped.sql" = ["DSQL401"] }\n'})
    monkeypatch.chdir(tmp_path)
    result = run("lint", "-", input=BAD.encode())
    assert "DSQL201" not in result.stdout and "-:2:8: DSQL401" in result.stdout
    result = run("lint", "-", "--stdin-filename", "piped.sql", input=BAD.encode())
    assert (result.exit_code, result.stdout) == (0, "All checks passed (1 file, 2 statements).\n")


def test_explicit_config_and_isolated(tmp_path: Path) -> None:
    write(tmp_path, {"dsqllint.toml": 'ignore = ["ALL"]\n', "elsewhere/strict.toml": 'select = ["DSQL401"]\n',
                     "a.sql": BAD})
    path = str(tmp_path / "a.sql")
    assert run("lint", path).exit_code == 0
    assert run("lint", "--isolated", path).exit_code == 1
    result = run("lint", "--format", "json", "--config", str(tmp_path / "elsewhere/strict.toml"), path)
    assert [f[1] for f in findings(result)] == ["DSQL401"]
    missing = run("lint", "--config", str(tmp_path / "nope.toml"), path)
    assert missing.exit_code == 2 and "nope.toml" in missing.stderr


# --- every key ---------------------------------------------------------------------------------------------------


def test_target_and_dialect(tmp_path: Path) -> None:
    write(tmp_path, {"dsqllint.toml": 'target = 2025-12-01\ndialect = "postgres"\n', "fk.sql": FK})
    result = run("lint", "--format", "json", str(tmp_path / "fk.sql"))
    doc = json.loads(result.stdout)
    assert doc["target"] == "2025-12-01" and doc["files"][0]["dialect"] == "postgres"
    assert [f["code"] for f in doc["files"][0]["findings"]] == ["DSQL301"]
    # The command line overrides the file.
    latest = run("lint", "--format", "json", "--target", "latest", str(tmp_path / "fk.sql"))
    assert "DSQL301" not in [f["code"] for f in json.loads(latest.stdout)["files"][0]["findings"]]


@pytest.mark.parametrize(
    ("config", "args", "expected"),
    [
        ('select = ["DSQL2"]', (), ["DSQL201"]),
        ('select = ["DSQL2"]\nextend-select = ["index-not-async"]', (), ["DSQL201", "DSQL401"]),
        ('ignore = ["DSQL201"]', (), ["DSQL401"]),
        # --select replaces select (and extend-select); --ignore replaces ignore; --extend-select adds.
        ('select = ["DSQL2"]\nextend-select = ["DSQL4"]', ("--select", "DSQL401"), ["DSQL401"]),
        ('ignore = ["DSQL201"]', ("--ignore", "DSQL401"), ["DSQL201"]),
        ('select = ["DSQL2"]', ("--extend-select", "DSQL401"), ["DSQL201", "DSQL401"]),
    ],
)
def test_select_ignore_and_the_command_line(tmp_path: Path, config: str, args: tuple, expected: list) -> None:
    write(tmp_path, {"dsqllint.toml": config + "\n", "a.sql": BAD})
    result = run("lint", "--format", "json", *args, str(tmp_path / "a.sql"))
    assert [f[1] for f in findings(result)] == expected


def test_per_file_ignores(tmp_path: Path) -> None:
    write(tmp_path, {
        "dsqllint.toml": 'per-file-ignores = { "legacy/*.sql" = ["serial-type"], "*_seed.sql" = ["DSQL4"] }\n',
        "legacy/old.sql": BAD, "new.sql": BAD, "x_seed.sql": BAD, "deep/legacy/nested.sql": BAD,
    })
    result = run("lint", "--format", "json", str(tmp_path))
    assert by_file(result, tmp_path) == {
        "deep/legacy/nested.sql": ["DSQL201", "DSQL401"],  # a glob with `/` is relative to the config's directory
        "legacy/old.sql": ["DSQL401"],
        "new.sql": ["DSQL201", "DSQL401"],
        "x_seed.sql": ["DSQL201"],
    }


def test_severity_overrides_by_code_name_and_prefix(tmp_path: Path) -> None:
    write(tmp_path, {"dsqllint.toml": 'severity = { "DSQL" = "info", "serial-type" = "warning" }\n', "a.sql": BAD})
    result = run("lint", "--format", "json", str(tmp_path / "a.sql"))
    assert findings(result) == [("a.sql", "DSQL201", "warning"), ("a.sql", "DSQL401", "info")]
    assert result.exit_code == 0  # no error-severity finding left


def test_exclude_applies_to_walks_and_to_named_files(tmp_path: Path) -> None:
    write(tmp_path, {
        "pyproject.toml": '[tool.dsqllint]\nexclude = ["vendor", "db/generated/**", "*.skip.sql"]\n',
        "vendor/x.sql": BAD, "db/generated/y/z.sql": BAD, "db/a.skip.sql": BAD, "db/keep.sql": BAD,
    })
    result = run("lint", "--format", "json", str(tmp_path))
    assert list(by_file(result, tmp_path)) == ["db/keep.sql"]
    named = run("lint", "--format", "json", str(tmp_path / "vendor/x.sql"), str(tmp_path / "db/keep.sql"))
    assert list(by_file(named, tmp_path)) == ["db/keep.sql"]


def test_convert_table_is_accepted(tmp_path: Path) -> None:
    write(tmp_path, {"dsqllint.toml": '[convert]\nidentity-cache = 65536\nids = "uuid"\nforeign-keys = "strip"\n'
                                      'transactions = false\n', "a.sql": "CREATE TABLE t (a int);\n"})
    assert run("lint", str(tmp_path / "a.sql")).exit_code == 0


@pytest.mark.parametrize("cache", [1, 65536, 100000])
def test_identity_cache_allowed_values(tmp_path: Path, cache: int) -> None:
    write(tmp_path, {"dsqllint.toml": f"[convert]\nidentity-cache = {cache}\n", "a.sql": "SELECT 1;\n"})
    assert run("lint", str(tmp_path / "a.sql")).exit_code == 0


# --- malformed configuration -----------------------------------------------------------------------------------

MALFORMED = [
    ('target = "yesterday"', "`target`", "latest"),
    ("target = 20260101", "`target`", "latest"),
    ('dialect = "oracle"', "`dialect`", "'postgres'"),
    ('select = "DSQL201"', "`select`", "list of rules"),
    ("select = []", "`select`", "at least one rule"),
    ('select = ["DSQL999"]', "`select`", "unknown rule 'DSQL999'"),
    ('ignore = ["no-such-rule"]', "`ignore`", "unknown rule 'no-such-rule'"),
    ('extend-select = ["DSQ"]', "`extend-select`", "unknown rule 'DSQ'"),
    ('selct = ["DSQL2"]', "`selct`", "allowed keys: target, dialect, select"),
    ('severity = { "DSQL201" = "fatal" }', "`severity`", '"error", "warning" or "info"'),
    ('severity = { "DSQL99" = "info" }', "`severity`", "unknown rule 'DSQL99'"),
    ('per-file-ignores = { "a/*.sql" = "DSQL201" }', "`per-file-ignores`", "list of rules"),
    ('per-file-ignores = { "a/*.sql" = ["bogus"] }', "`per-file-ignores.'a/*.sql'`", "unknown rule 'bogus'"),
    ('exclude = "vendor"', "`exclude`", "list of glob patterns"),
    ("[convert]\nidentity-cache = 100", "`convert.identity-cache`", "1 or an integer >= 65536"),
    ("[convert]\nidentity-cache = true", "`convert.identity-cache`", "1 or an integer >= 65536"),
    ('[convert]\nids = "serial"', "`convert.ids`", "'identity' or 'uuid'"),
    ('[convert]\nforeign-keys = "drop"', "`convert.foreign-keys`", "'keep' or 'strip'"),
    ('[convert]\ntransactions = "yes"', "`convert.transactions`", "boolean"),
    ("[convert]\nspeed = 1", "`convert.speed`", "allowed keys: identity-cache, ids, foreign-keys, transactions"),
    ('convert = "fast"', "`convert`", "convert"),
    ("select = [", "not valid TOML", ""),
]


@pytest.mark.parametrize(("body", "key", "allowed"), MALFORMED, ids=[m[1] + ":" + m[0][:20] for m in MALFORMED])
@pytest.mark.parametrize("file_name", ["dsqllint.toml", "pyproject.toml"])
def test_malformed_config_exits_2_naming_file_key_and_what_is_allowed(
    tmp_path: Path, body: str, key: str, allowed: str, file_name: str
) -> None:
    text = body if file_name == "dsqllint.toml" else "[tool.dsqllint]\n" + body.replace("[convert]", "[tool.dsqllint.convert]")
    write(tmp_path, {file_name: text + "\n", "a.sql": "CREATE TABLE t (a int);\n"})
    result = run("lint", str(tmp_path / "a.sql"))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert result.stderr.startswith(f"dsqllint: {tmp_path / file_name}: ")
    assert key in result.stderr and allowed in result.stderr


def test_tool_dsqllint_must_be_a_table(tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": '[tool]\ndsqllint = "on"\n', "a.sql": "SELECT 1;\n"})
    result = run("lint", str(tmp_path / "a.sql"))
    assert result.exit_code == 2 and "must be a table" in result.stderr


@pytest.mark.parametrize("option", ["--select", "--ignore", "--extend-select"])
def test_unknown_rule_on_the_command_line(tmp_path: Path, option: str) -> None:
    write(tmp_path, {"a.sql": "SELECT 1;\n"})
    result = run("lint", option, "DSQL201,nope", str(tmp_path / "a.sql"))
    assert result.exit_code == 2
    assert result.stderr == (
        f"dsqllint: `{option}`: unknown rule 'nope'; name a rule code (DSQL201), a code prefix (DSQL2), "
        "a rule name (serial-type) or ALL (`dsqllint rules` lists them)\n"
    )


# --- dsqllint config ---------------------------------------------------------------------------------------------


def test_config_command_shows_values_and_origins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"pyproject.toml": '[tool.dsqllint]\ntarget = "2025-12-01"\nignore = ["DSQL304"]\n'
                                       '[tool.dsqllint.convert]\nids = "uuid"\n'})
    monkeypatch.chdir(tmp_path)
    result = run("config", "--select", "DSQL2,DSQL4")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    config_path = str(tmp_path / "pyproject.toml")
    assert lines[0] == f"# .: configuration from {config_path}"
    rows = {line.split(" = ")[0]: line for line in lines[1:]}
    assert rows["target"].endswith(f'# {config_path} (DSQL as of 2025-12-01)') and '"2025-12-01"' in rows["target"]
    assert rows["select"].startswith('select = ["DSQL2", "DSQL4"]') and rows["select"].endswith("# command line")
    assert rows["ignore"].endswith(f"# {config_path}")
    assert rows["dialect"].endswith("# default")
    assert rows["convert.ids"].endswith(f"# {config_path}")
    assert "# default" in rows["convert.identity-cache"]


def test_config_command_json_and_no_file(tmp_path: Path) -> None:
    write(tmp_path, {"sub/dsqllint.toml": 'severity = { "DSQL102" = "error" }\n', "sub/a.sql": "SELECT 1;\n"})
    doc = json.loads(run("config", "--format", "json", str(tmp_path / "sub" / "a.sql")).stdout)
    assert doc["config_file"] == str(tmp_path / "sub" / "dsqllint.toml")
    assert doc["settings"]["severity"] == {"value": {"DSQL102": "error"}, "source": doc["config_file"]}
    assert doc["settings"]["target"] == {"value": "latest", "source": "default"}
    none = json.loads(run("config", "--format", "json", "--isolated", str(tmp_path)).stdout)
    assert none["config_file"] is None
    assert {v["source"] for v in none["settings"].values()} == {"default"}


def test_config_command_reports_a_malformed_file(tmp_path: Path) -> None:
    write(tmp_path, {"dsqllint.toml": "colour = true\n"})
    result = run("config", str(tmp_path))
    assert result.exit_code == 2 and "`colour`: unknown key" in result.stderr


# --- globs -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("glob", "path", "expected"),
    [
        ("legacy", "db/legacy/a.sql", True),
        ("legacy", "db/legacy2/a.sql", False),
        ("*.gen.sql", "db/x.gen.sql", True),
        ("db/*.sql", "db/a.sql", True),
        ("db/*.sql", "db/sub/a.sql", False),
        ("db/**/*.sql", "db/a.sql", True),
        ("db/**/*.sql", "db/sub/deep/a.sql", True),
        ("db/old", "db/old/a.sql", True),
        ("db/old/", "db/old/a.sql", True),
        ("./db/old/**", "db/old/x/a.sql", True),
        ("db/old", "other/db/old/a.sql", False),
        ("0[0-4]*.sql", "m/0042.sql", True),
        ("0[!0-4]*.sql", "m/0042.sql", False),
    ],
)
def test_glob_matches(glob: str, path: str, expected: bool) -> None:
    assert glob_matches(glob, path) is expected
