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
from importlib.metadata import EntryPoint, entry_points
from types import ModuleType

GROUP = "dsqllint.rules"

_loaded: dict[str, list[str]] | None = None


class PluginError(Exception):
    """A plugin that cannot be used; the message names it."""


def load_plugins() -> dict[str, list[str]]:
    """Import every installed plugin once; returns {entry point name: [rule codes]}."""
    global _loaded
    if _loaded is not None:
        return _loaded
    from dsqllint.rules.base import all_rules

    all_rules()  # built-in rules first: a plugin cannot take their codes
    loaded: dict[str, list[str]] = {}
    for ep in sorted(entry_points(group=GROUP), key=lambda e: e.name):
        loaded[ep.name] = [rule.code for rule in _load(ep)]
    _loaded = loaded
    return loaded


def _describe(ep: EntryPoint) -> str:
    dist = getattr(ep, "dist", None)
    source = f" from {dist.name} {dist.version}" if dist is not None else ""
    return f"plugin {ep.name!r} ({ep.value}{source})"


def _load(ep: EntryPoint) -> list[type]:
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
