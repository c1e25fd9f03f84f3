"""Third-party rules through the `dsqllint.rules` entry point group.

One test builds a real package, pip-installs it into this environment (uninstalled afterwards) and
runs the installed `dsqllint` in a subprocess; the failure modes are tested in-process with fake
entry points. The package, its rule code and name carry a per-run suffix: two test sessions sharing
one environment must not uninstall each other's plugin or collide on a rule code."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import textwrap
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest
from click.testing import CliRunner

import dsqllint
from dsqllint import plugins
from dsqllint.cli import main
from dsqllint.rules.base import REGISTRY

SUFFIX = f"{random.SystemRandom().randrange(10**6):06d}"
CODE, NAME, TABLE = f"ACME{SUFFIX}", f"acme-forbidden-table-{SUFFIX}", f"acme_forbidden_{SUFFIX}"
DIST, MODULE = f"dsqllint-test-plugin-{SUFFIX}", f"dsqllint_test_plugin_{SUFFIX}"

PLUGIN_MODULE = '''
"""A dsqllint plugin for the test suite."""

from sqlglot import exp

from dsqllint.findings import Severity
from dsqllint.rules.base import Rule, Violation


class ForbiddenTable(Rule):
    """Flags the table `TABLE`.

    **What it does**: flags CREATE TABLE TABLE.
    """

    code = "CODE"
    name = "NAME"
    severity = Severity.ERROR

    def check(self, stmt, ctx):
        if isinstance(stmt.tree, exp.Create) and "TABLE" in stmt.text:
            yield Violation(stmt.tree, "the TABLE table is forbidden", "call it something else")
'''.replace("CODE", CODE).replace("NAME", NAME).replace("TABLE", TABLE)

SQL = f"CREATE TABLE {TABLE} (id serial PRIMARY KEY);\n"  # the plugin's rule and DSQL201


def dsqllint_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dsqllint", *args], capture_output=True, text=True, timeout=60)


@pytest.fixture
def installed_plugin(tmp_path: Path):
    package = tmp_path / "plugin"
    package.mkdir()
    (package / "pyproject.toml").write_text(textwrap.dedent('''
        [build-system]
        requires = ["setuptools>=61"]
        build-backend = "setuptools.build_meta"

        [project]
        name = "DIST"
        version = "0.0.1"

        [project.entry-points."dsqllint.rules"]
        acme-SUFFIX = "MODULE"

        [tool.setuptools]
        py-modules = ["MODULE"]
    ''').replace("DIST", DIST).replace("MODULE", MODULE).replace("SUFFIX", SUFFIX), encoding="utf-8")
    (package / f"{MODULE}.py").write_text(PLUGIN_MODULE, encoding="utf-8")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    proc = subprocess.run([*pip, "install", "--no-deps", str(package)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    try:
        yield
    finally:
        subprocess.run([*pip, "uninstall", "-y", DIST], capture_output=True, timeout=120)


def test_installed_plugin_rule_runs_and_obeys_select_and_ignore(installed_plugin, tmp_path: Path) -> None:
    path = tmp_path / "schema.sql"
    path.write_text(SQL, encoding="utf-8")

    def codes(*args: str) -> list[str]:
        proc = dsqllint_cli("lint", "--isolated", "--format", "json", *args, str(path))
        assert "Traceback" not in proc.stderr, proc.stderr
        return [f["code"] for f in json.loads(proc.stdout)["files"][0]["findings"]]

    assert codes() == [CODE, "DSQL201"]
    assert codes("--select", CODE) == [CODE]
    assert codes("--ignore", NAME) == ["DSQL201"]
    # The configuration file knows the rule too, here by its code prefix.
    (path.parent / "dsqllint.toml").write_text(f'select = ["ACME{SUFFIX[:3]}"]\n', encoding="utf-8")
    proc = dsqllint_cli("lint", "--format", "json", str(path))
    assert [f["code"] for f in json.loads(proc.stdout)["files"][0]["findings"]] == [CODE], proc.stderr
    listed = dsqllint_cli("rules")
    assert any(line.split()[:2] == [CODE, NAME] for line in listed.stdout.splitlines()), listed


# --- failures, in-process with fake entry points -------------------------------------------------------------------


@pytest.fixture
def fake_entry_points(monkeypatch: pytest.MonkeyPatch):
    """Replace the installed entry points with given ones; restore the registry afterwards."""
    before = dict(REGISTRY)
    loaded_before = plugins._loaded

    def install(*points: tuple[str, str]) -> None:
        eps = [EntryPoint(name, value, plugins.GROUP) for name, value in points]
        monkeypatch.setattr(plugins, "entry_points", lambda group: eps if group == plugins.GROUP else [])
        monkeypatch.setattr(plugins, "_loaded", None)

    yield install
    REGISTRY.clear()
    REGISTRY.update(before)
    plugins._loaded = loaded_before


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("no_such_module_for_dsqllint", "plugin 'broken' (no_such_module_for_dsqllint) failed to load: "
                                        "ModuleNotFoundError: No module named 'no_such_module_for_dsqllint'"),
        ("json", "plugin 'broken' (json) defines no Rule subclass with a code"),
        ("json:dumps", "plugin 'broken' (json:dumps) must name a module or a dsqllint Rule subclass"),
    ],
)
def test_a_broken_plugin_is_a_clear_error(fake_entry_points, value: str, message: str, tmp_path: Path) -> None:
    fake_entry_points(("broken", value))
    (tmp_path / "a.sql").write_text("SELECT 1;\n", encoding="utf-8")
    with pytest.raises(plugins.PluginError) as raised:
        plugins.load_plugins()
    assert str(raised.value).startswith(message)
    result = CliRunner().invoke(main, ["lint", str(tmp_path / "a.sql")])
    assert result.exit_code == 2
    assert result.stderr.startswith("dsqllint: " + message)
    assert "Traceback" not in result.output


def test_a_plugin_cannot_take_a_built_in_name(fake_entry_points, tmp_path: Path) -> None:
    module = tmp_path / "dsqllint_clash_plugin.py"
    module.write_text(textwrap.dedent('''
        from dsqllint.rules.base import Rule

        class Clash(Rule):
            """Clash."""
            code = "ZZZ001"
            name = "serial-type"
    '''), encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    try:
        fake_entry_points(("clash", "dsqllint_clash_plugin"))
        with pytest.raises(plugins.PluginError, match="rule name 'serial-type' of ZZZ001 is already taken by DSQL201"):
            plugins.load_plugins()
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("dsqllint_clash_plugin", None)


def test_the_python_api_loads_plugins(fake_entry_points) -> None:
    fake_entry_points(("broken", "no_such_module_for_dsqllint"))
    with pytest.raises(plugins.PluginError, match="plugin 'broken'"):
        dsqllint.lint("SELECT 1;")
