"""The result cache: `.dsqllint_cache/`, content-addressed, like ruff's.

An entry is one file's lint result (its findings before configured severities, its statement count,
what run-wide rules need from it), stored as JSON under the SHA-256 of everything the result
depends on: the file's bytes, the settings it was linted with (target, dialect option, selected and
ignored rules, per-file ignores included) and a fingerprint of the code that linted it (dsqllint's
version and the size and mtime of each of its modules, sqlglot's, Python's version, and every
installed plugin). Change any of them and the entry is simply not found; a re-run over an unchanged
tree reads entries instead of parsing. A second kind of entry, in `runs/`, holds what the rules that
judge a whole run (engine.add_run_findings) added to each file, under the names of all the run's
file entries and its settings: a re-run of an unchanged tree needs neither the parser nor the rules.

The directory is safe to delete at any time; `--no-cache` bypasses it, `--cache-dir` (or
`DSQLLINT_CACHE_DIR`) moves it. Entries are written atomically (temporary file, then rename), so
concurrent runs (pre-commit's parallel batches) never read a partial entry; an unreadable or
malformed entry counts as a miss. A cache that cannot be written is not an error: the run just
does not cache. Entries of other dsqllint builds are removed when a build first writes.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

from dsqllint import __version__

DEFAULT_DIR = ".dsqllint_cache"
ENV_DIR = "DSQLLINT_CACHE_DIR"
_FORMAT = 1  # bump when the entry format changes
_BUILD_MARKER = ".dsqllint-build"  # in each build's directory: what may be removed when the build changes


def cache_dir(option: str | None) -> Path:
    """The cache directory: the option, else $DSQLLINT_CACHE_DIR, else .dsqllint_cache here."""
    return Path(option or os.environ.get(ENV_DIR) or DEFAULT_DIR)


def _package_stamp(directory: Path) -> list:
    """(relative path, size, mtime) of every module below `directory`: any edit changes it."""
    out = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".json")):
                st = os.stat(os.path.join(root, name))
                out.append([os.path.relpath(os.path.join(root, name), directory), st.st_size, st.st_mtime_ns])
    return out


def _distribution_stamp(module: str) -> list:
    """Where a module lives and the size and mtime of its files: changes with its version."""
    from importlib.util import find_spec

    spec = find_spec(module)
    if spec is None or not spec.origin:
        return [module, None]
    origin = Path(spec.origin)
    if origin.name == "__init__.py":
        files = [p for p in (origin, origin.parent / "_version.py") if p.exists()]
    else:
        files = [origin]
    return [module, [[str(p), p.stat().st_size, p.stat().st_mtime_ns] for p in files]]


def fingerprint(plugins: list[list]) -> str:
    """A digest of the code a result depends on. `plugins`: [entry point, value, distribution
    version, module file stamp] of every installed plugin (see plugins.plugin_stamp)."""
    here = Path(__file__).resolve().parent
    data = [
        _FORMAT, __version__, list(sys.version_info[:3]), sys.implementation.name,
        _package_stamp(here), _distribution_stamp("sqlglot"), plugins,
    ]
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


class Cache:
    """One run's view of the cache directory."""

    def __init__(self, directory: Path, fingerprint: str) -> None:
        self.root = directory
        self.directory = directory / fingerprint
        self._prepared = False
        self.hits = self.misses = 0

    @staticmethod
    def key(data: bytes, settings: object) -> str:
        """The entry name for a file's bytes linted with `settings` (JSON-able)."""
        digest = hashlib.sha256(json.dumps(settings, sort_keys=True).encode())
        digest.update(b"\0")
        digest.update(data)
        return digest.hexdigest()

    def _path(self, key: str, kind: str) -> Path:
        return self.directory / (kind or key[:2]) / f"{key}.json"

    def get(self, key: str, kind: str = "") -> dict | None:
        """The entry `key`; `kind` "runs" for a run's run-wide findings (engine.add_run_findings),
        "" for a file's result."""
        try:
            with open(self._path(key, kind), "rb") as handle:
                entry = json.loads(handle.read())
        except (OSError, ValueError):
            self.misses += 1
            return None
        if not isinstance(entry, dict) or entry.get("key") != key:
            self.misses += 1
            return None
        self.hits += 1
        return entry["result"]

    def put(self, key: str, result: dict, kind: str = "") -> None:
        try:
            self._prepare()
            path = self._path(key, kind)
            path.parent.mkdir(exist_ok=True)
            import tempfile

            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump({"key": key, "result": result}, handle, ensure_ascii=False, separators=(",", ":"))
                os.replace(tmp, path)
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
        except OSError:
            pass  # a read-only tree, a full disk: lint without caching

    def _prepare(self) -> None:
        """Create the directory and drop other builds' entries. A directory dsqllint creates is
        ignored by git and tagged as a cache; an existing one (`--cache-dir ~/somewhere`) is not
        touched beyond the entries dsqllint itself wrote."""
        if self._prepared:
            return
        self._prepared = True
        if not self.root.exists():
            self.root.mkdir(parents=True, exist_ok=True)
            (self.root / ".gitignore").write_text("# Created by dsqllint: a cache, safe to delete.\n*\n", encoding="utf-8")
            (self.root / "CACHEDIR.TAG").write_text(
                "Signature: 8a477f597d28d172789f06886806bc55\n# A cache directory created by dsqllint.\n", encoding="utf-8")
        fresh = not self.directory.exists()
        self.directory.mkdir(parents=True, exist_ok=True)
        (self.directory / _BUILD_MARKER).touch()
        if fresh:
            import shutil

            for other in self.root.iterdir():
                if other != self.directory and (other / _BUILD_MARKER).is_file():
                    shutil.rmtree(other, ignore_errors=True)
