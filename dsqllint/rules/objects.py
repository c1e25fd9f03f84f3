"""objects rules."""

from __future__ import annotations
