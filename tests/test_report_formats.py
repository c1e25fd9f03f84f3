"""Every output format on the same fixture set (tests/data/report/, with its own dsqllint.toml), the
JSON snapshot, and the output options: --output-file, --quiet, --statistics, --exit-zero."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner, Result

from dsqllint.cli import main
from dsqllint.report import RULE_DOCS_BASE_URL
from dsqllint.report.github import escape_data, escape_property
from dsqllint.rules import all_rules

DATA = Path(__file__).parent / "data"
FIXTURES = DATA / "report"
JSON_SNAPSHOT = DATA / "report-json.expected"
SARIF_SCHEMA = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
SUMMARY = "Found 3 errors, 1 warning, 1 info in 3 files (6 statements)."
FORMATS = ["text", "json", "sarif", "github", "gitlab"]


@pytest.fixture(autouse=True)
def in_fixture_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES)  # paths in every report are then relative: clean.sql, mysql.sql, postgres.sql


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["lint", *args], env={"NO_COLOR": None, "FORCE_COLOR": None},
                              catch_exceptions=False)


def expected_findings() -> list[tuple]:
    """(path, line, column, end_line, end_column, code, severity) from the JSON report, the reference."""
    doc = json.loads(run("--format", "json", ".").stdout)
    return [
        (file["path"], f["line"], f["column"], f["end_line"], f["end_column"], f["code"], f["severity"])
        for file in doc["files"] for f in file["findings"]
    ]


# --- one fixture set, every format -------------------------------------------------------------------------------


def test_json_snapshot() -> None:
    result = run("--format", "json", ".")
    assert result.exit_code == 1
    if os.environ.get("DSQLLINT_UPDATE_SNAPSHOTS"):
        JSON_SNAPSHOT.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == JSON_SNAPSHOT.read_text(encoding="utf-8")


def test_text() -> None:
    result = run(".")
    assert result.exit_code == 1
    heads = re.findall(r"^(\S+):(\d+):(\d+): (DSQL\d{3}) \[[a-z-]+\] .*?(?: \((warning|info)\))?$", result.stdout, re.M)
    assert [(p, int(line), int(col), code, sev or "error") for p, line, col, code, sev in heads] == [
        (p, line, col, code, sev) for p, line, col, _, _, code, sev in expected_findings()
    ]
    assert result.stdout.rstrip().endswith(SUMMARY)


def test_sarif_is_valid_and_complete() -> None:
    result = run("--format", "sarif", ".")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    jsonschema.validate(doc, SARIF_SCHEMA)
    (sarif_run,) = doc["runs"]
    driver = sarif_run["tool"]["driver"]
    assert driver["name"] == "dsqllint"
    rules = driver["rules"]
    assert [r["id"] for r in rules] == [r.code for r in all_rules()]
    serial = next(r for r in rules if r["id"] == "DSQL201")
    assert serial["name"] == "serial-type"
    assert serial["helpUri"] == f"{RULE_DOCS_BASE_URL}DSQL201-serial-type.md"
    assert serial["shortDescription"]["text"] and serial["fullDescription"]["text"]
    assert serial["defaultConfiguration"]["level"] == "error"
    for res in sarif_run["results"]:  # the help page of every rule reported exists in the repository
        page = rules[res["ruleIndex"]]["helpUri"].removeprefix(RULE_DOCS_BASE_URL)
        assert (Path(__file__).parents[1] / "rules" / page).is_file()
    levels = {"error": "error", "warning": "warning", "info": "note"}
    got = []
    for res in sarif_run["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        (location,) = res["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        assert artifact["uriBaseId"] == "%SRCROOT%" and not artifact["uri"].startswith(("/", "file:"))
        region = location["physicalLocation"]["region"]
        got.append((artifact["uri"], region["startLine"], region["startColumn"], region["endLine"],
                    region["endColumn"], res["ruleId"], res["level"]))
    assert got == [(p, *pos, code, levels[sev]) for p, *pos, code, sev in expected_findings()]
    assert sarif_run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == FIXTURES.resolve().as_uri() + "/"


ANNOTATION = re.compile(
    r"^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),"
    r"title=(DSQL\d{3}) ([a-z-]+)::(.*)$"
)


def test_github_annotations() -> None:
    result = run("--format", "github", ".")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[-1] == SUMMARY  # the job log still ends with the summary
    commands = {"error": "error", "warning": "warning", "info": "notice"}
    got = []
    for line in lines[:-1]:
        m = ANNOTATION.match(line)
        assert m, f"not a workflow command: {line!r}"
        level, path, l1, c1, l2, c2, code, _name, message = m.groups()
        assert "\n" not in message and "\r" not in message
        got.append((path, int(l1), int(c1), int(l2), int(c2), code, level))
    assert got == [(p, *pos, code, commands[sev]) for p, *pos, code, sev in expected_findings()]
    # The column named "100%, a:b" puts %, "," and ":" into a message: % is escaped, the rest is data.
    odd = next(line for line in lines if '"100%25, a:b"' in line)
    assert "%0Ahelp: " in odd  # the suggestion, on its own line once GitHub decodes the message


def test_github_escaping_rules() -> None:
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_gitlab_code_quality() -> None:
    result = run("--format", "gitlab", ".")
    assert result.exit_code == 1
    issues = json.loads(result.stdout)
    severities = {"error": "blocker", "warning": "major", "info": "info"}
    got = []
    for issue in issues:
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(issue)
        assert issue["description"].startswith(issue["check_name"])
        got.append((issue["location"]["path"], issue["location"]["lines"]["begin"], issue["check_name"],
                    issue["severity"]))
    assert got == [(p, line, code, severities[sev]) for p, line, _, _, _, code, sev in expected_findings()]
    fingerprints = [i["fingerprint"] for i in issues]
    assert len(set(fingerprints)) == len(fingerprints)
    assert [i["fingerprint"] for i in json.loads(run("--format", "gitlab", ".").stdout)] == fingerprints


def test_gitlab_fingerprint_survives_lines_added_above(tmp_path: Path) -> None:
    text = (FIXTURES / "postgres.sql").read_text(encoding="utf-8")
    (tmp_path / "m.sql").write_text(text, encoding="utf-8")
    before = json.loads(run("--format", "gitlab", "--isolated", str(tmp_path / "m.sql")).stdout)
    (tmp_path / "m.sql").write_text("-- a new first line\n\n" + text, encoding="utf-8")
    after = json.loads(run("--format", "gitlab", "--isolated", str(tmp_path / "m.sql")).stdout)
    assert [i["location"]["lines"]["begin"] for i in after] == [i["location"]["lines"]["begin"] + 2 for i in before]
    assert [i["fingerprint"] for i in after] == [i["fingerprint"] for i in before]


# --- output options ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("output_format", FORMATS)
def test_output_file_gets_the_report_and_the_terminal_the_summary(output_format: str, tmp_path: Path) -> None:
    on_stdout = run("--format", output_format, ".")
    out = tmp_path / f"report.{output_format}"
    result = run("--format", output_format, "--output-file", str(out), ".")
    assert result.exit_code == 1
    assert result.stdout == SUMMARY + "\n"
    assert out.read_text(encoding="utf-8") == on_stdout.stdout


@pytest.mark.parametrize("output_format", FORMATS)
def test_exit_zero_in_every_format(output_format: str) -> None:
    assert run("--format", output_format, "--exit-zero", ".").exit_code == 0


def test_quiet() -> None:
    assert run("--quiet", ".").stdout == SUMMARY + "\n"
    clean = run("--quiet", "clean.sql")
    assert (clean.exit_code, clean.stdout) == (0, "")
    assert run("clean.sql").stdout.startswith("All checks passed")


def test_statistics() -> None:
    result = run("--statistics", ".")
    assert result.exit_code == 1
    rows = [line.split() for line in result.stdout.splitlines()[:-1]]
    assert rows == [
        ["2", "DSQL201", "serial-type", "error"],
        ["1", "DSQL003", "unused-suppression", "warning"],
        ["1", "DSQL102", "jsonb-column", "info"],
        ["1", "DSQL401", "index-not-async", "error"],
    ]
    assert result.stdout.splitlines()[-1] == SUMMARY
    as_json = json.loads(run("--statistics", "--format", "json", ".").stdout)
    assert [(r["code"], r["count"]) for r in as_json] == [(r[1], int(r[0])) for r in rows]


def test_statistics_needs_text_or_json() -> None:
    result = CliRunner().invoke(main, ["lint", "--statistics", "--format", "sarif", "."])
    assert result.exit_code == 2
    assert "--statistics" in result.output


@pytest.mark.parametrize("files", [
    [],  # no file
    [("empty.sql", "postgres", [])],  # a file without findings
    "corpus",  # every finding of two corpus files, unicode and all
], ids=["no-files", "no-findings", "corpus"])
def test_json_is_written_as_json_dumps_would(files) -> None:
    """`render` builds the document finding by finding (flat memory on huge runs): the text must be
    exactly what json.dumps(indent=2) gives for the same document."""
    from dsqllint.engine import lint_source
    from dsqllint.report import json as json_report
    from dsqllint.report.summary import Summary
    from dsqllint.source import read_source

    if files == "corpus":
        corpus = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
        results = [lint_source(read_source(corpus / name)) for name in
                   ("postgres/pagila-schema.pg.sql", "mysql/employees.mysql.sql")]
        files = [(r.source.path, r.source.dialect, r.findings) for r in results]
        assert sum(len(f) for _, _, f in files) > 50
    summary = Summary(files=len(files), statements=3)
    document = {"version": 1, "target": "2026-09-15",
                "files": [{"path": path, "dialect": dialect, "findings": [json_report.finding_dict(f) for f in findings]}
                          for path, dialect, findings in files],
                "summary": summary.as_dict()}
    expected = json.dumps(document, indent=2, ensure_ascii=False)
    assert json_report.render(files, summary, "2026-09-15") == expected
