"""The stemmers, pure functions of a word (the exceptions and compounds come from data)."""

from __future__ import annotations

import re

_DOUBLE_END_RE = re.compile(r"([bdfgkmnprt])\1$")


def index_stem(word: str, keep: frozenset[str], exceptions: dict[str, str]) -> str:
    """Search's stemmer: plurals and -ed/-ing, so `invites` meets `invite` (docs and queries)."""
    if len(word) <= 3 or word in keep:
        return word
    if word in exceptions:
        return exceptions[word]
    for suffix, replacement in (("ies", "y"), ("sses", "ss"), ("xes", "x"), ("ches", "ch")):
        if word.endswith(suffix):
            return word[: -len(suffix)] + replacement
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = _DOUBLE_END_RE.sub(r"\1", word[: -len(suffix)])
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def planner_stem(word: str) -> str:
    """The planner's stemmer: plurals, -ed/-ing, a final e; enough for spec words."""
    if len(word) > 4 and word.endswith(("ies", "ied")):
        return word[:-3] + "y"
    for suffix in ("ing", "ed"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            word = word[: -len(suffix)]
            return word[:-1] if word[-1:] == word[-2:-1] else word
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us")):
        word = word[:-1]
    return word[:-1] if len(word) > 4 and word.endswith("e") else word
