"""Nearest labelled requests as evidence: wording close to a known request wants its endpoint.

`assistant/language/data/neighbours.json` holds labelled requests (text -> the (method,
path) of each step), built by `bench/build_neighbours.py` from the project's own blind
rounds. A clause is searched against those texts with BM25 over the planner's tokens of the
rewritten text and their adjacent pairs (so "no longer log in" and "log in again", which
share their words, stay apart); the top NEIGHBOUR_K neighbours vote for their endpoints in
proportion to their scores, and the ranker adds the share of the vote times
NEIGHBOUR_WEIGHT. Loaded on the first plan only: search never imports this module.
"""

from __future__ import annotations

import functools
import itertools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from .. import weights
from . import lexicon

EVIDENCE_FILE = "neighbours.json"


@dataclass(frozen=True, slots=True)
class Labelled:
    text: str
    endpoints: tuple[str, ...]  # "METHOD /path" of each step, in order
    words: tuple[str, ...] = ()  # request_words(text), stored: tokenizing all costs ~0.7 s


class Neighbours:
    """A BM25 index over labelled request texts, voting for endpoints."""

    def __init__(self, labelled: list[Labelled]) -> None:
        from rank_bm25 import BM25Okapi  # deferred: numpy is for planning only

        self.labelled = labelled
        corpus = [features(item.words or request_words(item.text)) or ["_"] for item in labelled]
        self._bm25 = BM25Okapi(corpus) if corpus else None

    def votes(self, text: str, k: int) -> dict[str, float]:
        """Each endpoint's share (0..1) of the top k neighbours' scores."""
        top = self._top(text, k)
        total = sum(score for _, score in top)
        found: dict[str, float] = {}
        for item, score in top:
            for key in voted(item):
                found[key] = found.get(key, 0.0) + score / total
        return found

    def nearest(self, text: str, k: int) -> list[Labelled]:
        """The k labelled requests closest to `text`, closest first (none scoring 0)."""
        return [item for item, _ in self._top(text, k)]

    def _top(self, text: str, k: int) -> list[tuple[Labelled, float]]:
        query = features(request_words(text))
        if self._bm25 is None or not query:
            return []
        scores = self._bm25.get_scores(query)
        top = sorted(range(len(scores)), key=lambda i: -scores[i])[:k]
        return [(self.labelled[i], float(scores[i])) for i in top if scores[i] > 0]


def voted(item: Labelled) -> tuple[str, ...]:
    """Which of a neighbour's endpoints it votes for (its first step, or all of them)."""
    return item.endpoints[:1] if weights.NEIGHBOUR_FIRST_STEP_ONLY else item.endpoints


def features(words: Iterable[str]) -> list[str]:
    """The words and each adjacent pair of them ("log in" + "again" also as "in_again")."""
    words = list(words)
    return words + [f"{a}_{b}" for a, b in itertools.pairwise(words)]


def request_words(text: str) -> list[str]:
    """The planner's tokens of the rewritten text: neighbours and clauses read alike."""
    return lexicon.tokens(lexicon.rewrite(text))


def labelled_from_cases(cases: Iterable[dict[str, Any]]) -> list[Labelled]:
    """Eval-format cases (FORMAT.md) with steps; clarify cases name no endpoint."""
    return [
        Labelled(
            case["request"],
            tuple(f"{s['method']} {s['path']}" for s in case["steps"]),
            tuple(request_words(case["request"])),
        )
        for case in cases
        if case.get("steps") and not case.get("clarify")
    ]


def load_evidence() -> list[Labelled]:
    raw = resources.files("assistant.language").joinpath("data", EVIDENCE_FILE).read_text()
    rows = json.loads(raw)["requests"]
    return [Labelled(text, tuple(keys), tuple(words.split())) for text, keys, words in rows]


@functools.cache
def _shipped() -> Neighbours:
    return Neighbours(load_evidence())


_override: list[Neighbours] = []  # the bench's leave-one-batch-out index


def use(index: Neighbours | None) -> None:
    """Plan with another evidence index (None: the shipped one again)."""
    _override.clear()
    if index is not None:
        _override.append(index)


def shipped_or_override() -> Neighbours:
    """The index planning reads: the bench's override, else the shipped evidence."""
    return _override[0] if _override else _shipped()


def neighbour_bonus(text: str) -> dict[str, float]:
    """Endpoint key -> bonus in the planner's units; empty when the signal is off."""
    if not weights.NEIGHBOUR_WEIGHT:
        return {}
    found = shipped_or_override().votes(text, weights.NEIGHBOUR_K)
    return {key: weights.NEIGHBOUR_WEIGHT * share for key, share in found.items()}
