"""The result cache (.dsqllint_cache/) and parallel linting: neither may change any output.

A cached run must print exactly what an uncached one prints; an entry must be missed whenever the
file, the settings or dsqllint's code change; files linted in worker processes come back in the
order given. No timing here: speed is benchmarks/run.py's business.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dsqllint import cache as cache_module
from dsqllint import runner
from dsqllint.cli import main
from dsqllint.engine import LazyFileResult, Selection, add_run_findings, lint_source, result_from_payload, result_payload
from dsqllint.source import read_source
from dsqllint.target import Target

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "fixtures" / "rules"
CORPUS = ROOT / "fixtures" / "corpus"
ENV = {"NO_COLOR": None, "FORCE_COLOR": None, "DSQLLINT_CACHE_DIR": None}


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["lint", "--isolated", "--exit-zero", *args], env=ENV, catch_exceptions=False)


def entries(directory: Path) -> list[Path]:
    """Files' entries (not the runs' run-wide findings, in runs/)."""
    return sorted(p for p in directory.rglob("*.json") if not p.name.startswith(".tmp") and p.parent.name != "runs")


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A migrations tree: rule fixtures with suppressions (DSQL003), MySQL and PostgreSQL, parse errors."""
    root = tmp_path / "tree"
    for code in ("DSQL001", "DSQL003", "DSQL201", "DSQL304", "DSQL401", "DSQL680", "DSQL701"):
        for sql in sorted((RULES / code).glob("*.sql")):
            target = root / code / sql.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(sql, target)
    return root


def test_a_cached_run_prints_what_an_uncached_run_prints(tree: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = run("--cache-dir", str(cache), "--format", "json", str(tree))
    assert entries(cache), "the cold run wrote no entries"
    for output_format in ("json", "text", "sarif"):
        uncached = run("--no-cache", "--format", output_format, str(tree))
        warm = run("--cache-dir", str(cache), "--format", output_format, str(tree))
        assert (warm.exit_code, warm.stdout, warm.stderr) == (uncached.exit_code, uncached.stdout, uncached.stderr)
        if output_format == "json":
            assert (cold.exit_code, cold.stdout, cold.stderr) == (uncached.exit_code, uncached.stdout, uncached.stderr)


def test_the_corpus_from_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    small = sorted(CORPUS.glob("*/*.sql"), key=lambda p: p.stat().st_size)[:10]  # both dialects, real schemas
    files = [str(p) for p in sorted(small)]
    uncached = run("--no-cache", "--format", "json", *files)
    run("--cache-dir", str(cache), "--format", "json", *files)
    assert run("--cache-dir", str(cache), "--format", "json", *files).stdout == uncached.stdout


def test_no_cache_writes_nothing(tree: Path, tmp_path: Path) -> None:
    run("--no-cache", "--cache-dir", str(tmp_path / "cache"), str(tree))
    assert not (tmp_path / "cache").exists()


def test_the_directory_is_ignored_by_git_and_tagged(tree: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    run("--cache-dir", str(cache), str(tree))
    assert (cache / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (cache / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")


def test_an_existing_directory_is_not_claimed(tree: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    (mine / "keep").mkdir(parents=True)
    run("--cache-dir", str(mine), str(tree))
    assert not (mine / ".gitignore").exists() and (mine / "keep").is_dir()


def test_the_environment_names_the_directory(tree: Path, tmp_path: Path) -> None:
    CliRunner().invoke(main, ["lint", "--isolated", str(tree)], env={**ENV, "DSQLLINT_CACHE_DIR": str(tmp_path / "env")})
    assert entries(tmp_path / "env")


def _one(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "m.sql"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_edited_file_is_linted_again(tmp_path: Path) -> None:
    cache, path = tmp_path / "cache", _one(tmp_path, "CREATE TABLE t (id serial);\n")
    assert "DSQL201" in run("--cache-dir", str(cache), "--format", "json", str(path)).stdout
    path.write_text("CREATE TABLE t (id bigint);\n", encoding="utf-8")
    assert "DSQL201" not in run("--cache-dir", str(cache), "--format", "json", str(path)).stdout
    assert len(entries(cache)) == 2


@pytest.mark.parametrize(
    ("first", "second", "code"),
    [
        (["--target", "2025-12-01"], [], "DSQL301"),  # foreign keys: rejected then, accepted now
        ([], ["--ignore", "DSQL304"], "DSQL304"),
        (["--select", "DSQL3"], ["--select", "DSQL1"], "DSQL304"),
        (["--dialect", "auto"], ["--dialect", "mysql"], '"dialect": "mysql"'),
    ],
)
def test_other_settings_are_other_entries(tmp_path: Path, first: list[str], second: list[str], code: str) -> None:
    """`code`: text in the output of one of the two runs only."""
    cache = tmp_path / "cache"
    path = _one(tmp_path, "CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (p_id int REFERENCES p (id));\n")

    def lint(options: list[str]) -> str:
        return run("--cache-dir", str(cache), "--format", "json", *options, str(path)).stdout

    before = lint(first)
    after = lint(second)
    assert (code in before) != (code in after)
    assert lint(second) == after == run("--no-cache", "--format", "json", *second, str(path)).stdout
    assert lint(first) == before


def test_configured_severities_apply_to_cached_results(tmp_path: Path) -> None:
    cache, path = tmp_path / "cache", _one(tmp_path, "CREATE TABLE t (id serial);\n")
    config = tmp_path / "dsqllint.toml"
    args = ["lint", "--cache-dir", str(cache), "--format", "json", "--exit-zero", str(path)]
    first = CliRunner().invoke(main, args, env=ENV)
    config.write_text('severity = { "DSQL201" = "info" }\n', encoding="utf-8")
    second = CliRunner().invoke(main, args, env=ENV)
    assert json.loads(first.stdout)["files"][0]["findings"][0]["severity"] == "error"
    assert json.loads(second.stdout)["files"][0]["findings"][0]["severity"] == "info"


def test_new_code_misses_every_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache, path = tmp_path / "cache", _one(tmp_path, "CREATE TABLE t (id serial);\n")
    run("--cache-dir", str(cache), str(path))
    monkeypatch.setattr(cache_module, "__version__", "99.0.0")
    run("--cache-dir", str(cache), str(path))
    builds = [p for p in cache.iterdir() if p.is_dir()]
    assert len(builds) == 1, "the older build's entries were not removed"
    assert len(entries(cache)) == 1


def test_the_fingerprint_covers_code_and_plugins() -> None:
    assert cache_module.fingerprint([]) == cache_module.fingerprint([])
    assert cache_module.fingerprint([]) != cache_module.fingerprint([["acme", "acme_rules", "acme", "1.0", []]])
    assert cache_module.fingerprint([["acme", "acme_rules", "acme", "1.0", []]]) != cache_module.fingerprint(
        [["acme", "acme_rules", "acme", "1.1", []]])


def test_a_damaged_entry_is_a_miss(tmp_path: Path) -> None:
    cache, path = tmp_path / "cache", _one(tmp_path, "CREATE TABLE t (id serial);\n")
    expected = run("--no-cache", "--format", "json", str(path)).stdout
    run("--cache-dir", str(cache), str(path))
    for entry in entries(cache):
        entry.write_text('{"key": "not this one", "result": {}}', encoding="utf-8")
    assert run("--cache-dir", str(cache), "--format", "json", str(path)).stdout == expected
    for entry in entries(cache):
        entry.write_bytes(b"\x00garbage")
    assert run("--cache-dir", str(cache), "--format", "json", str(path)).stdout == expected


def test_an_unwritable_cache_is_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    path = _one(tmp_path, "CREATE TABLE t (id serial);\n")
    result = run("--cache-dir", str(blocker / "cache"), "--format", "json", str(path))
    assert result.exit_code == 0 and "DSQL201" in result.stdout


# --- results rebuilt without their statements ---------------------------------------------------------------------
def _tables(name: str, first: int, last: int, extra: str = "") -> Path:
    return "\n".join([extra] + [f"CREATE TABLE t{i} (id int);" for i in range(first, last + 1)]) + "\n"


def test_a_run_wide_finding_in_a_cached_file(tmp_path: Path) -> None:
    """DSQL803 counts every file of the run; when its finding lands in a file that came from the
    cache, that file is linted again so its suppressions account for the finding."""
    cache = tmp_path / "cache"
    (tmp_path / "V1.sql").write_text(_tables("V1", 1, 600), encoding="utf-8")
    (tmp_path / "V2.sql").write_text(
        _tables("V2", 601, 1001, "-- dsqllint: ignore[DSQL201]\nCREATE TABLE s (id serial);"), encoding="utf-8")
    files = [str(tmp_path / "V1.sql"), str(tmp_path / "V2.sql")]
    uncached = run("--no-cache", "--format", "json", *files).stdout
    assert "declared in the 2 files linted together" in uncached
    run("--cache-dir", str(cache), "--format", "json", *files)
    assert run("--cache-dir", str(cache), "--format", "json", *files).stdout == uncached
    # Suppressing the run-wide finding in the cached file: the suppression is used, not reported.
    (tmp_path / "V2.sql").write_text(_tables("V2", 601, 1000) + "CREATE TABLE t1001 (id int);  -- dsqllint: ignore[DSQL803]\n",
                                     encoding="utf-8")
    uncached = run("--no-cache", "--format", "json", *files).stdout
    run("--cache-dir", str(cache), "--format", "json", *files)
    assert run("--cache-dir", str(cache), "--format", "json", *files).stdout == uncached
    assert "DSQL803" not in uncached and "DSQL003" not in uncached


def test_a_payload_rebuilds_the_result(tmp_path: Path) -> None:
    source = read_source(RULES / "DSQL003" / "basic.sql")
    target, selection = Target.parse(None), Selection()
    fresh = lint_source(source, target, selection)
    payload = json.loads(json.dumps(result_payload(fresh)))  # what the cache stores
    rebuilt = result_from_payload(source, payload, target, selection)
    assert isinstance(rebuilt, LazyFileResult)
    assert rebuilt.findings == fresh.findings
    assert rebuilt.statement_count == len(fresh.statements)
    assert rebuilt.run_data == fresh.run_data
    add_run_findings([rebuilt], target, selection)  # nothing new: the findings stay
    assert rebuilt.findings == fresh.findings
    assert [s.span for s in rebuilt.statements] == [s.span for s in fresh.statements]  # parsed on demand


# --- worker processes ---------------------------------------------------------------------------------------------
def test_workers_print_what_one_process_prints(tree: Path) -> None:
    one = run("--no-cache", "--jobs", "1", "--format", "json", str(tree))
    two = run("--no-cache", "--jobs", "2", "--format", "json", str(tree))
    assert (two.exit_code, two.stdout, two.stderr) == (one.exit_code, one.stdout, one.stderr)
    assert len(json.loads(one.stdout)["files"]) > 10


def test_workers_feed_the_cache(tree: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    expected = run("--no-cache", "--jobs", "1", "--format", "text", str(tree)).stdout
    assert run("--cache-dir", str(cache), "--jobs", "2", "--format", "text", str(tree)).stdout == expected
    assert run("--cache-dir", str(cache), "--jobs", "2", "--format", "text", str(tree)).stdout == expected


def test_an_internal_error_in_a_worker_names_the_file(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = runner.lint_source

    def failing(source, target, selection, **options):
        if source.path.endswith("basic.sql") and "DSQL201" in source.path:
            raise RuntimeError("boom")
        return real(source, target, selection, **options)

    monkeypatch.setattr(runner, "lint_source", failing)  # workers are forked: they see it too
    for jobs in ("1", "2"):
        result = CliRunner().invoke(main, ["lint", "--isolated", "--no-cache", "--jobs", jobs, "--format", "json", str(tree)],
                                    env=ENV)
        assert result.exit_code == 2
        assert "DSQL201" in result.stderr and "basic.sql: internal error (RuntimeError: boom); please report it" in result.stderr
        assert len(json.loads(result.stdout)["files"]) > 10


def test_how_many_workers() -> None:
    small = [read_source(RULES / "DSQL201" / "basic.sql")] * 3
    big = [read_source(CORPUS / "postgres" / "chado-1.31-default-schema.pg.sql")] * 2
    assert runner._workers(1, big) == 1
    assert runner._workers(0, small[:1]) == 1
    assert runner._workers(0, small) == 1  # too little SQL to pay for processes
    assert runner._workers(3, small) == 3
    assert runner._workers(0, big) == min(2, runner._cpus())


def test_a_re_run_of_an_unchanged_tree_imports_neither_parser_nor_rules(tree: Path, tmp_path: Path) -> None:
    """Every file and the run-wide findings come from the cache: sqlglot (a tenth of a second to
    import) is not needed, and the output is the uncached one."""
    import subprocess
    import sys

    cache = tmp_path / "cache"
    code = ("import sys\nfrom dsqllint.cli import main\ntry:\n    main()\nfinally:\n"
            "    print('sqlglot imported' if 'sqlglot' in sys.modules else 'no sqlglot', file=sys.stderr)\n")
    argv = [sys.executable, "-c", code, "lint", "--isolated", "--exit-zero", "--format", "json", "--cache-dir",
            str(cache), str(tree)]
    cold = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT)
    warm = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT)
    assert "sqlglot imported" in cold.stderr
    assert "no sqlglot" in warm.stderr, warm.stderr
    assert warm.stdout == cold.stdout == run("--no-cache", "--format", "json", str(tree)).stdout


@pytest.mark.parametrize("dialect", ["postgres", "mysql"])
def test_rules_in_two_processes_find_what_one_finds(tmp_path: Path, dialect: str) -> None:
    """engine._judge: a long file's rules split between this process and a forked child. Every
    rule fixture of the dialect (parse errors, opaque statements, suppressions, rules that keep
    state across statements) in one file, repeated past the threshold."""
    from dsqllint import engine
    from dsqllint.source import detect_dialect

    texts = [p.read_text(encoding="utf-8") for p in sorted(RULES.glob("*/*.sql"))]
    body = "\n".join(t for t in texts if detect_dialect(t)[0] == dialect)
    copies = 2 * engine.PARALLEL_MIN_STATEMENTS // body.count(";") + 1
    path = tmp_path / "all.sql"
    path.write_text("\n".join([body] * copies), encoding="utf-8")
    source = read_source(str(path), dialect)
    one = lint_source(source, Target.parse(None), processes=1)
    two = lint_source(source, Target.parse(None), processes=2)
    assert len(one.statements) >= engine.PARALLEL_MIN_STATEMENTS
    assert two.findings == one.findings and len({f.code for f in one.findings}) > 20
    assert two.run_data == one.run_data


def test_a_failing_child_leaves_its_rules_to_this_process() -> None:
    """If the forked child fails (here: its checks raise only in the child), the parent runs the
    child's checks itself; the result is that of one process."""
    import os

    from dsqllint import engine
    from dsqllint.catalog import build_catalog
    from dsqllint.parse import parse_source
    from dsqllint.rules.base import Context, Rule, Violation

    source = read_source(RULES / "DSQL201" / "basic.sql")
    statements = parse_source(source)
    ctx = Context(source, statements, build_catalog(statements), Target.parse(None))
    parent = os.getpid()

    class Flaky(Rule):  # not registered: no code
        def check(self, stmt, ctx):
            if os.getpid() != parent:
                raise RuntimeError("only in the child")
            yield Violation(None, f"statement {stmt.index}")

    checks = [(Flaky().check, Flaky) for _ in range(4)]
    assert engine._judge(ctx, statements, checks, 2) == engine._judge(ctx, statements, checks, 1)
    assert len(engine._judge(ctx, statements, checks, 1)) == 4 * len(statements)
