"""One order, said once, for several targets that each bring values of their own.

"sync hubspot ids into private metadata: org_A -> hubspot_id "1", org_B -> hubspot_id "2""
is two metadata merges, each with its own id. The order is said once, before a colon; then
each target starts its own segment (up to the next target of its kind) with what goes with
it; a sentence after the last segment that names no target ("Note on both: ...") holds for
every one. Each target's request is the order, its segment and that common sentence.

Whether the request is planned this way is decided from the plans (`local.py`), not here:
every piece must plan. A plain list ("ban these: user_A, user_B") brings nothing of its own
per target and is no split (`targets.py` makes the call once per value). Pure.
"""

from __future__ import annotations

import re

from . import lexicon
from .targets import VALUE, kind

# A bullet or list mark before an item ("- user_A: ...", "1) org_B ...")
_MARK = re.compile(r"[\s\-*•]*(?:\d+[.)]\s*)?$")
_JOINER = "|".join(re.escape(j).replace("\\ ", r"\s+") for j in lexicon.LIST_JOINERS)
# what only joins two segments ("..., and", ";"), never a value of the target before it
_JOINS = re.compile(rf"^[\s,;.\-*•]*(?:{_JOINER})?[\s,;]*$", re.IGNORECASE)
_TRAILING_JOINER = re.compile(rf"[\s,;]*(?:\b(?:{_JOINER})\b)?[\s,;\-*•]*$", re.IGNORECASE)
# where the last segment's sentence ends (the common words after it hold for every target)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n")


def per_target(text: str) -> list[str] | None:
    """The request once per target when its order is said once before a colon for several
    targets of one kind, each with words of its own; else None."""
    values = list(VALUE.finditer(text))
    for target_kind in dict.fromkeys(kind(m.group(0)) for m in values):
        pieces = _pieces(text, [m for m in values if kind(m.group(0)) == target_kind], values)
        if pieces is not None:
            return pieces
    return None


def _pieces(
    text: str, targets: list[re.Match[str]], values: list[re.Match[str]]
) -> list[str] | None:
    if len({t.group(0) for t in targets}) != len(targets) or len(targets) < 2:
        return None
    lead = text[: targets[0].start()]
    if not _MARK.sub("", lead).rstrip().endswith(":"):
        return None  # (the order said once, then its targets: "... metadata: org_A -> ...")
    starts = [t.start() for t in targets]
    ends = [*starts[1:], _last_end(text, targets[-1].end())]
    segments = [text[start:end] for start, end in zip(starts, ends, strict=True)]
    common = text[ends[-1] :]
    if any(v.start() >= ends[-1] for v in values):
        return None  # (a later sentence with values of its own is an order of its own)
    own = [
        _own_words(segment, target.group(0))
        for segment, target in zip(segments, targets, strict=True)
    ]
    if not all(own) or len(set(own)) != len(own):
        return None  # a plain list: every target gets the same call
    return [_joined(lead + _trimmed(segment), common.strip()) for segment in segments]


def _joined(piece: str, common: str) -> str:
    """The target's piece and the common sentence, still two sentences."""
    if not common:
        return piece
    return f"{piece} {common}" if piece.endswith((".", "!", "?", ":")) else f"{piece}. {common}"


def _last_end(text: str, after: int) -> int:
    end = _SENTENCE_END.search(text, after)
    return end.start() if end else len(text)


def _own_words(segment: str, target: str) -> str:
    rest = segment.replace(target, " ", 1)
    return "" if _JOINS.match(rest) else " ".join(_trimmed(rest).split()).lower()


def _trimmed(segment: str) -> str:
    return _TRAILING_JOINER.sub("", segment)
