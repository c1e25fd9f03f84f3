"""Configuration: `[tool.dsqllint]` in pyproject.toml, or top-level keys in dsqllint.toml / .dsqllint.toml.

The file that applies to a linted file is the nearest one found walking up from the file's directory
(from the working directory for stdin); in one directory `.dsqllint.toml` wins over `dsqllint.toml`,
which wins over `pyproject.toml` (and a pyproject.toml without a `[tool.dsqllint]` table is not a
configuration). Command-line flags replace the file's value of the same key.

A malformed file is a `ConfigError` naming the file, the key and what is allowed: it is never
ignored, and an unknown rule named anywhere is an error too.
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dsqllint.selection import Selection, entry_matches, specificity, unknown_entries
from dsqllint.target import Target

if TYPE_CHECKING:
    from pydantic import ValidationError

    from dsqllint.config_schema import ConvertConfig, FileConfig
    from dsqllint.findings import Finding

CONFIG_FILES = (".dsqllint.toml", "dsqllint.toml", "pyproject.toml")
DEFAULT = "default"
COMMAND_LINE = "command line"
RULE_WORDS = "a rule code (DSQL201), a code prefix (DSQL2), a rule name (serial-type) or ALL"


class ConfigError(Exception):
    """A configuration problem, worded for the user (file, key, what is allowed)."""


def _kebab(name: str) -> str:
    return name.replace("_", "-")


# The pydantic models of the file format live in dsqllint.config_schema, loaded on first use.
_SCHEMA_NAMES = ("ConvertConfig", "FileConfig", "KEYS", "CONVERT_KEYS")


def __getattr__(name: str) -> Any:
    if name in _SCHEMA_NAMES:
        from dsqllint import config_schema

        return getattr(config_schema, name)
    raise AttributeError(f"module 'dsqllint.config' has no attribute {name!r}")


# --- finding and reading files ---------------------------------------------------------------------
def find_config(start: str | Path, _memo: dict[str, Path | None] | None = None) -> Path | None:
    """The nearest configuration file at or above `start` (a directory)."""
    memo = {} if _memo is None else _memo
    directory = os.path.abspath(start)
    walked = []
    found: Path | None = None
    while True:
        if directory in memo:
            found = memo[directory]
            break
        walked.append(directory)
        found = next((Path(directory) / name for name in CONFIG_FILES if _is_config(Path(directory) / name)), None)
        parent = os.path.dirname(directory)
        if found is not None or parent == directory:
            break
        directory = parent
    for d in walked:
        memo[d] = found
    return found


def _is_config(candidate: Path) -> bool:
    if not candidate.is_file():
        return False
    if candidate.name != "pyproject.toml":
        return True
    tool = _read_toml(candidate).get("tool")
    return isinstance(tool, dict) and "dsqllint" in tool


def _read_toml(path: Path) -> dict:
    import tomllib

    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: not valid TOML: {err}") from None
    except OSError as err:
        raise ConfigError(f"{path}: cannot read ({err.strerror or err})") from None


def load_file(path: str | Path) -> "FileConfig":
    """Read and validate one configuration file."""
    path = Path(path)
    data = _read_toml(path)
    where = f"{path}"
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("dsqllint") if isinstance(tool, dict) else None
        if table is None:
            raise ConfigError(f"{path}: has no [tool.dsqllint] table")
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: `tool.dsqllint` must be a table ([tool.dsqllint]), not {table!r}")
        data, section = table, "[tool.dsqllint] "
    else:
        section = ""
    from pydantic import ValidationError

    from dsqllint.config_schema import FileConfig

    try:
        return FileConfig.model_validate(data)
    except ValidationError as err:
        raise ConfigError(_explain(where, section, err)) from None


def _explain(where: str, section: str, err: "ValidationError") -> str:
    from dsqllint.config_schema import CONVERT_KEYS, KEYS

    lines = []
    for e in err.errors():
        loc = [str(part) for part in e["loc"]]
        key = ".".join(loc) if loc else "(top level)"
        message = e["msg"].removeprefix("Value error, ")
        if e["type"] == "extra_forbidden":
            allowed = CONVERT_KEYS if loc[:1] == ["convert"] and len(loc) > 1 else KEYS
            message = f"unknown key; allowed keys: {', '.join(allowed)}"
        elif e["type"] in ("literal_error", "bool_type", "int_type", "string_type", "dict_type", "model_type",
                           "list_type"):
            message = f"{message} (got {e['input']!r})"
        lines.append(f"{where}: {section}`{key}`: {message}")
    return "\n".join(lines)


# --- the settings a file is linted with -------------------------------------------------------------
class _ConvertField:
    """`Settings.convert`: the `[convert]` table, an empty ConvertConfig when none was given. Built
    on first use, so settings without a `[convert]` table never load pydantic."""

    def __set_name__(self, owner, name: str) -> None:
        self._attr = "_" + name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return None  # the dataclass default
        value = obj.__dict__.get(self._attr)
        if value is None:
            from dsqllint.config_schema import ConvertConfig

            value = obj.__dict__[self._attr] = ConvertConfig()
        return value

    def __set__(self, obj, value) -> None:
        obj.__dict__[self._attr] = value


@dataclass
class Settings:
    """The resolved configuration for one file, and where each value came from."""

    config_file: Path | None = None
    root: Path = field(default_factory=Path.cwd)  # globs are relative to this directory
    target: str = "latest"
    dialect: str = "auto"
    select: tuple[str, ...] = ()  # empty: every rule
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    severity: dict[str, str] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    convert: "ConvertConfig" = _ConvertField()  # type: ignore[assignment]
    origins: dict[str, str] = field(default_factory=dict)

    @property
    def target_obj(self) -> Target:
        return Target.parse(self.target)

    @property
    def selection(self) -> Selection:
        select = frozenset(self.select) | frozenset(self.extend_select) if self.select else frozenset()
        return Selection(select, frozenset(self.ignore))

    def selection_for(self, path: str) -> Selection:
        """The selection with the per-file ignores that match `path`."""
        more = [rule for glob, rules in self.per_file_ignores.items() if self.matches(glob, path) for rule in rules]
        return self.selection.ignoring(more)

    def is_excluded(self, path: str) -> bool:
        return any(self.matches(glob, path) for glob in self.exclude)

    def matches(self, glob: str, path: str) -> bool:
        """A glob without `/` matches any file or directory name on the path; one with `/` matches the
        path relative to the configuration's directory (`**` spans directories), or a directory above it."""
        return glob_matches(glob, _relative(path, self.root))

    def apply_severity(self, findings: list["Finding"]) -> list["Finding"]:
        if not self.severity:
            return findings
        from dsqllint.findings import Severity

        out = []
        for f in findings:
            best = max(
                (entry for entry in self.severity if entry_matches(entry, f.code, f.name)),
                key=lambda entry: specificity(entry, f.code),
                default=None,
            )
            if best is not None and self.severity[best] != f.severity.value:
                f = f.model_copy(update={"severity": Severity(self.severity[best])})
            out.append(f)
        return out

    def as_rows(self) -> list[tuple[str, Any, str]]:
        """(key, value, origin) for `dsqllint config`."""
        from dsqllint.config_schema import CONVERT_KEYS, KEYS

        rows = [(key, getattr(self, key.replace("-", "_")), self.origins.get(key, DEFAULT)) for key in KEYS
                if key != "convert"]
        for key in CONVERT_KEYS:
            rows.append((f"convert.{key}", getattr(self.convert, key.replace("-", "_")),
                         self.origins.get(f"convert.{key}", DEFAULT)))
        return rows


def _relative(path: str, root: Path) -> str:
    absolute = os.path.abspath(path)
    try:
        return Path(absolute).relative_to(root.absolute()).as_posix()
    except ValueError:
        return Path(absolute).as_posix()


def glob_matches(glob: str, relative: str) -> bool:
    glob = glob.strip()
    if glob.startswith("./"):
        glob = glob[2:]
    parts = [p for p in relative.split("/") if p]
    if "/" not in glob.rstrip("/"):
        name = glob.rstrip("/")
        return any(fnmatch.fnmatchcase(part, name) for part in parts)
    pattern = _glob_regex(glob.strip("/"))
    # The path itself, or one of the directories above it (`legacy/old` excludes what is below it).
    return any(pattern.fullmatch("/".join(parts[:n])) for n in range(1, len(parts) + 1))


@lru_cache(maxsize=None)
def _glob_regex(glob: str) -> re.Pattern[str]:
    out, i = [], 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out.append(r"(?:.*/)?")
            i += 3
        elif glob.startswith("**", i):
            out.append(r".*")
            i += 2
        elif glob[i] == "*":
            out.append(r"[^/]*")
            i += 1
        elif glob[i] == "?":
            out.append(r"[^/]")
            i += 1
        elif glob[i] == "[":
            close = glob.find("]", i + 1)
            if close < 0:
                out.append(re.escape(glob[i]))
                i += 1
            else:
                body = glob[i + 1 : close].replace("\\", "\\\\")
                out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
                i = close + 1
        else:
            out.append(re.escape(glob[i]))
            i += 1
    return re.compile("".join(out))


@dataclass(frozen=True)
class Overrides:
    """Values given on the command line; None: not given."""

    target: str | None = None
    dialect: str | None = None
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None


class Resolver:
    """Settings for each linted path, from its nearest configuration file and the command line."""

    def __init__(self, overrides: Overrides = Overrides(), config_file: str | Path | None = None,
                 isolated: bool = False) -> None:
        self.overrides = overrides
        self.explicit = Path(config_file).absolute() if config_file else None
        self.isolated = isolated
        self._cache: dict[Path | None, Settings] = {}
        self._found: dict[str, Path | None] = {}
        self._by_path: dict[str | None, Settings] = {}  # a run asks about each file more than once

    def config_file_for(self, path: str | None) -> Path | None:
        if self.isolated:
            return None
        if self.explicit is not None:
            return self.explicit
        if path is None or path == "-":
            return find_config(os.getcwd(), self._found)
        directory = path if os.path.isdir(path) else os.path.dirname(os.path.abspath(path))
        return find_config(directory, self._found)

    def for_path(self, path: str | None) -> Settings:
        """Settings for a file or directory (None or "-": stdin, from the working directory)."""
        known = self._by_path.get(path)
        if known is not None:
            return known
        config_file = self.config_file_for(path)
        if config_file not in self._cache:
            self._cache[config_file] = self._resolve(config_file)
        self._by_path[path] = self._cache[config_file]
        return self._cache[config_file]

    def _resolve(self, config_file: Path | None) -> Settings:
        settings = Settings(config_file=config_file, root=config_file.parent if config_file else Path.cwd())
        if config_file is not None:
            if not config_file.is_file():
                raise ConfigError(f"{config_file}: no such configuration file")
            loaded = load_file(config_file)
            origin = str(config_file)
            for key in loaded.model_fields_set:
                value = getattr(loaded, key)
                if isinstance(value, list):
                    value = tuple(value)
                elif key == "per_file_ignores":
                    value = {glob: tuple(rules) for glob, rules in value.items()}
                setattr(settings, key, value)
                settings.origins[_kebab(key)] = origin
                if key == "convert":
                    for sub in value.model_fields_set:
                        settings.origins[f"convert.{_kebab(sub)}"] = origin
            _check_rules(settings, origin)
        given = {key: value for key, value in vars(self.overrides).items() if value is not None}
        for key, value in given.items():
            if key == "select" and settings.extend_select:  # --select replaces select and extend-select
                settings.extend_select = ()
                settings.origins["extend-select"] = COMMAND_LINE
            if key == "extend_select":  # --extend-select adds to what is selected
                value = tuple(dict.fromkeys(settings.extend_select + value))
            setattr(settings, key, value)
            settings.origins[_kebab(key)] = COMMAND_LINE
        _check_rules(settings, COMMAND_LINE, only=set(given))
        return settings


def _check_rules(settings: Settings, origin: str, only: set[str] | None = None) -> None:
    """Every rule named must exist (plugins must be loaded before this runs)."""
    problems = []
    named = [
        ("select", "select", settings.select),
        ("extend_select", "extend-select", settings.extend_select),
        ("ignore", "ignore", settings.ignore),
        ("severity", "severity", tuple(settings.severity)),
    ]
    named += [("per_file_ignores", f"per-file-ignores.{glob!r}", rules) for glob, rules in settings.per_file_ignores.items()]
    for key, shown, entries in named:
        if (only is not None and key not in only) or settings.origins.get(_kebab(key)) != origin:
            continue
        if origin == COMMAND_LINE:
            shown = f"--{shown}"
        for entry in unknown_entries(entries):
            problems.append(f"`{shown}`: unknown rule {entry!r}; name {RULE_WORDS} (`dsqllint rules` lists them)")
    if problems:
        if origin == COMMAND_LINE:
            raise ConfigError("\n".join(problems))
        where = f"{origin}{': [tool.dsqllint]' if origin.endswith('pyproject.toml') else ''}"
        raise ConfigError("\n".join(f"{where}: {p}" for p in problems))
