"""`dsqllint convert`: MySQL or PostgreSQL DDL in, DSQL DDL and a change report out."""

from __future__ import annotations

import sys
import types
from typing import Any

from dsqllint.convert.model import Change, ConversionResult, ConvertOptions
from dsqllint.convert.pipeline import convert_source

__all__ = ["Change", "ConversionResult", "ConvertOptions", "convert_source"]


# `dsqllint.convert` names both this package and the API function `dsqllint.convert(sql, …)`
# (dsqllint/__init__.py). Importing the package makes the attribute `dsqllint.convert` this module,
# so the module is made callable: calling it is calling the function, whichever was imported first.
class _CallableModule(types.ModuleType):
    def __call__(self, sql: str, **kwargs: Any) -> ConversionResult:
        from dsqllint import _convert

        return _convert(sql, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
