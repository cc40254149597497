"""The one stemmer, a pure function of a word (its exceptions and compounds are data)."""

from __future__ import annotations

import re

_DOUBLE_END_RE = re.compile(r"([bdfgkmnprt])\1$")


def stem(word: str, keep: frozenset[str], exceptions: dict[str, str]) -> str:
    """Plurals and -ed/-ing, so `invites` meets `invite`: for documents, queries and the
    planner alike. `keep` are words never cut (compounds), `exceptions` fixed stems."""
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
