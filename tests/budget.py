"""How many examples the property tests generate.

The suite is deterministic (hypothesis profile `ci`, derandomized): CI and a developer see the same
examples, so a red CI run is reproducible and never a dice roll. Exploration is a separate, longer
run with fresh random examples: `python scripts/explore_properties.py` (profile `explore`, each test's
budget multiplied by DSQLLINT_PROPERTY_SCALE). Whatever it finds is kept in fixtures/regressions/.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

SCALE = max(1, int(os.environ.get("DSQLLINT_PROPERTY_SCALE", "1")))


def scaled(examples: int) -> int:
    """A test's example budget, times DSQLLINT_PROPERTY_SCALE in exploration runs."""
    return examples * SCALE
