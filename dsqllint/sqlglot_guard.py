"""Whether the compiled `sqlglotc` overlay is installed, told without importing sqlglot.

sqlglotc puts compiled modules (`tokenizer_core.cpython-311-….so`) next to sqlglot's own `.py`
files, and Python imports an extension module before a source file of the same name; sqlglot itself
says it is compiled when `tokenizer_core` did not come from a `.py` file. Looking for that file
answers the same question in a fraction of a millisecond, where importing sqlglot takes a tenth
of a second: a command that never parses (a re-run answered from the cache, `--help`) stays fast.
"""

from __future__ import annotations

import os
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from importlib.util import find_spec

MESSAGE = "dsqllint needs pure-Python sqlglot; uninstall sqlglotc: pip uninstall sqlglotc"


def sqlglotc_installed() -> bool:
    tokens = sys.modules.get("sqlglot.tokens")
    if tokens is not None:  # already imported: ask it
        return bool(getattr(tokens, "SQLGLOTC_INSTALLED", False))
    spec = find_spec("sqlglot")
    for directory in (spec.submodule_search_locations or []) if spec else []:
        if any(os.path.exists(os.path.join(directory, "tokenizer_core" + suffix)) for suffix in EXTENSION_SUFFIXES):
            return True
    return False


def ensure_pure_python_sqlglot() -> None:
    """Raise RuntimeError when the compiled overlay is installed (see dialect.ensure_pure_python_sqlglot)."""
    if sqlglotc_installed():
        raise RuntimeError(MESSAGE)
