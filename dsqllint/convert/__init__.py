"""`dsqllint convert`: MySQL or PostgreSQL DDL in, DSQL DDL and a change report out."""

from __future__ import annotations

from dsqllint.convert.model import Change, ConversionResult, ConvertOptions
from dsqllint.convert.pipeline import convert_source

__all__ = ["Change", "ConversionResult", "ConvertOptions", "convert_source"]
