"""Named English patterns, read by id: the phrases logic modules look for live in
`data/patterns.yml` (checked when loaded, each with examples), not in the modules."""

from __future__ import annotations

import functools
import re
from typing import Any

from .data import pattern_source
from .tables import PATTERN_WORDS, PATTERNS


@functools.cache
def pattern(name: str) -> re.Pattern[str]:
    """The compiled pattern named `name` (KeyError for a name the data does not have)."""
    return re.compile(*pattern_source(PATTERNS[name], PATTERN_WORDS))


def words(name: str) -> Any:
    """A word list (or mapping) of patterns.yml, as the patterns read it."""
    return PATTERN_WORDS[name]
