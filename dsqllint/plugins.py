"""Third-party rules, from installed packages' `dsqllint.rules` entry points.

    [project.entry-points."dsqllint.rules"]
    acme = "acme_dsql_rules"                 # a module: every Rule subclass with a code in it
    acme-tablespace = "acme_dsql_rules:NoTablespaceRule"   # or one Rule subclass

Defining a `Rule` subclass with a code registers it; loading the entry points (once per process, and
only from installed distributions, never from the working directory) is what imports them. A plugin
that fails to import, collides with another rule's code or name, or names something that is not a
rule is a `PluginError` naming the plugin.
"""

from __future__ import annotations

import inspect
import os
import sys
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

GROUP = "dsqllint.rules"


def entry_points(group: str):
    """The installed entry points of `group` (importlib.metadata's, imported on first use)."""
    from importlib.metadata import entry_points as installed

    return installed(group=group)


def _may_have_plugins() -> bool:
    """False only when no installed distribution can declare a dsqllint plugin: no
    `entry_points.txt` on sys.path mentions the group. Then importlib.metadata (which takes longer to
    import than linting a small file) is not needed. Anything unusual (a zip on sys.path, another
    distribution finder) answers True, and the full lookup decides."""
    from importlib.machinery import PathFinder

    for finder in sys.meta_path:
        if hasattr(finder, "find_distributions") and finder is not PathFinder:
            return True
    for entry in sys.path:
        directory = entry or "."
        if os.path.isfile(directory):
            return True
        try:
            names = os.listdir(directory)
        except OSError:
            continue
        for name in names:
            if name.lower().endswith((".dist-info", ".egg-info")):
                try:
                    with open(os.path.join(directory, name, "entry_points.txt"), encoding="utf-8", errors="replace") as f:
                        if GROUP in f.read():
                            return True
                except OSError:
                    continue
    return False


_installed_entry_points = entry_points

_loaded: dict[str, list[str]] | None = None
_stamp: tuple = (None, [])  # (the `_loaded` it describes, plugin_stamp())


class PluginError(Exception):
    """A plugin that cannot be used; the message names it."""


def load_plugins() -> dict[str, list[str]]:
    """Import every installed plugin once; returns {entry point name: [rule codes]}."""
    global _loaded, _stamp
    if _loaded is not None:
        return _loaded
    loaded: dict[str, list[str]] = {}
    stamp = []
    if entry_points is _installed_entry_points and not _may_have_plugins():
        _loaded, _stamp = loaded, (loaded, stamp)
        return loaded  # nothing to load, so no need to import the rules (a cached re-run never does)
    from dsqllint.rules.base import all_rules

    all_rules()  # built-in rules first: a plugin cannot take their codes
    for ep in sorted(entry_points(group=GROUP), key=lambda e: e.name):
        rules = _load(ep)
        loaded[ep.name] = [rule.code for rule in rules]
        stamp.append(_stamp_of(ep, rules))
    _loaded = loaded
    _stamp = (loaded, stamp)
    return loaded


def plugin_stamp() -> list[list]:
    """What identifies the loaded plugins' code, for the result cache: entry point, distribution and
    version, and the size and mtime of each rule's module file (an edited plugin is a new one)."""
    loaded = load_plugins()
    if _stamp[0] is not loaded:  # the plugins were loaded by other means (tests)
        from dsqllint.rules.base import REGISTRY

        eps = {ep.name: ep for ep in entry_points(group=GROUP)}
        return [_stamp_of(eps[name], [REGISTRY[code] for code in codes if code in REGISTRY]) if name in eps
                else [name] for name, codes in sorted(loaded.items())]
    return list(_stamp[1])


def _stamp_of(ep: "EntryPoint", rules: list[type]) -> list:
    dist = getattr(ep, "dist", None)
    files = []
    for module in sorted({rule.__module__ for rule in rules}):
        path = getattr(sys.modules.get(module), "__file__", None)
        try:
            st = os.stat(path) if path else None
        except OSError:
            st = None
        files.append([module, path, st.st_size if st else None, st.st_mtime_ns if st else None])
    return [ep.name, ep.value, dist.name if dist else None, dist.version if dist else None, files]


def _describe(ep: "EntryPoint") -> str:
    dist = getattr(ep, "dist", None)
    source = f" from {dist.name} {dist.version}" if dist is not None else ""
    return f"plugin {ep.name!r} ({ep.value}{source})"


def _load(ep: "EntryPoint") -> list[type]:
    from dsqllint.rules.base import REGISTRY, Rule

    try:
        obj = ep.load()
    except Exception as err:  # noqa: BLE001 - whatever a plugin raises, name the plugin
        raise PluginError(f"{_describe(ep)} failed to load: {type(err).__name__}: {err}") from None
    if isinstance(obj, ModuleType):
        rules = [v for _, v in inspect.getmembers(obj, inspect.isclass)
                 if issubclass(v, Rule) and v.code and v.__module__ == obj.__name__]
        if not rules:
            raise PluginError(f"{_describe(ep)} defines no Rule subclass with a code")
    elif inspect.isclass(obj) and issubclass(obj, Rule) and obj.code:
        rules = [obj]
    else:
        raise PluginError(f"{_describe(ep)} must name a module or a dsqllint Rule subclass with a code, not {obj!r}")
    names = {}
    for rule in REGISTRY.values():
        names.setdefault(rule.name, rule)
    for rule in rules:
        if REGISTRY.get(rule.code) is not rule:
            raise PluginError(f"{_describe(ep)}: rule {rule.__name__} is not registered under {rule.code!r}")
        if not rule.name:
            raise PluginError(f"{_describe(ep)}: rule {rule.code} has no name")
        if names.get(rule.name) is not rule:
            raise PluginError(f"{_describe(ep)}: rule name {rule.name!r} of {rule.code} is already taken by "
                              f"{names[rule.name].code}")
    return rules
