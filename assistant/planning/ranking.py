"""Which endpoint a clause asks for: words, intent, and how well its values fit.

The shared BM25 search (assistant.retrieval) ranks endpoints by text alone. The local
planner needs more: a request that names `org_...` and `user_...` and says "take out"
wants the endpoint whose path takes both ids and whose method deletes. So each endpoint
is scored by
    lexical overlap (spec words, weighted by rarity; path words count most)
  + intent (the verbs' HTTP method)
  + fit (path parameters filled, stated values used, ids left over, required fields missing)
  + the shared search's score, when that module is installed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..models import Endpoint
from ..spec import Catalog
from . import lexicon
from .filling import Filled, Request, fill

_OPERATION_WORDS = re.compile(r"[A-Z]?[a-z]+")
_QUESTION = re.compile(r"^\s*(who|what|which|how|any|are|is|do|does|list|show)\b|\?\s*$")


@dataclass(frozen=True, slots=True)
class EndpointWords:
    endpoint: Endpoint
    path: frozenset[str]
    summary: frozenset[str]
    params: frozenset[str]
    resource: frozenset[str]  # words of the first path segment


@dataclass(slots=True)
class Index:
    docs: list[EndpointWords]
    idf: dict[str, float]
    resources: frozenset[str]  # every word of every first path segment

    def resource_penalty(
        self, doc: EndpointWords, words: set[str], said: set[str] | None = None
    ) -> float:
        """/users/count is wrong for "how many organizations": the text names another resource.

        Resources the text names that the endpoint never mentions count against it too:
        "delete all sessions of user_..." is not DELETE /users/{user_id}.
        """
        named = self.resources & words
        # Only words the person typed: an id's kind is used by a field, not ignored.
        ignored = (self.resources & (said or set())) - doc.path - doc.summary - doc.params
        # A wrong DELETE costs most: it must not ignore what the person named.
        cost = (3.0 if doc.endpoint.method == "DELETE" else 1.0) * len(ignored)
        if doc.resource & words:
            return cost
        return (5.0 if named else 1.0) + cost


@dataclass(slots=True)
class Scored:
    endpoint: Endpoint
    score: float
    filled: Filled


_INDEXES: dict[str, Index] = {}


def index_for(catalog: Catalog) -> Index:
    key = f"{catalog.sha256}:{len(catalog)}"
    if key not in _INDEXES:
        _INDEXES[key] = _build(catalog)
    return _INDEXES[key]


def _build(catalog: Catalog) -> Index:
    docs = [_words(e) for e in catalog]
    counts: dict[str, int] = {}
    for doc in docs:
        for word in doc.path | doc.summary | doc.params:
            counts[word] = counts.get(word, 0) + 1
    total = len(docs)
    idf = {w: math.log((total + 1) / (c + 0.5)) for w, c in counts.items()}
    resources = frozenset(w for doc in docs for w in doc.resource)
    return Index(docs, idf, resources)


def _words(endpoint: Endpoint) -> EndpointWords:
    literal = " ".join(s for s in endpoint.path.split("/") if not s.startswith("{"))
    operation = " ".join(_OPERATION_WORDS.findall(endpoint.operation_id or ""))
    summary = f"{endpoint.summary} {operation} {' '.join(endpoint.tags)}"
    names = [p.name for p in endpoint.params if p.location != "header"]
    names += [v for p in endpoint.params for v in p.enum]  # status=pending says "pending"
    if endpoint.body is not None:
        names += [f.name for f in endpoint.body.fields]
    return EndpointWords(
        endpoint,
        frozenset(lexicon.tokens(literal.replace("_", " "))),
        frozenset(lexicon.tokens(summary)),
        frozenset(lexicon.tokens(" ".join(names).replace("_", " "))),
        frozenset(lexicon.tokens(endpoint.path.split("/")[1].replace("_", " "))),
    )


def lexical(doc: EndpointWords, words: set[str], idf: dict[str, float]) -> float:
    score = 0.0
    for word in words:
        weight = 3.0 if word in doc.path else 2.0 if word in doc.summary else 0.0
        if word in lexicon.GENERIC_VERBS:
            weight = 1.0 if word in doc.path else 0.0
        if not weight and word in doc.params:
            weight = 0.8
        score += weight * idf.get(word, 0.0)
    # Path words the request never mentions: /organization_invitations is not /organizations.
    score -= 1.0 * len(doc.path - words)
    return score


def intents(text: str) -> list[str]:
    """HTTP methods the clause's verbs ask for, in order of appearance."""
    found = [m for m in (lexicon.intent_of(w) for w in re.findall(r"[a-z']+", text)) if m]
    if _QUESTION.search(text):
        found.insert(0, "GET")
    return found


def intent_score(method: str, wanted: list[str]) -> float:
    if not wanted:
        return 0.0
    if method not in wanted:
        return -2.0
    score = 4.0 if wanted[0] == method else 0.0
    score += sum(1.0 for m in wanted[1:3] if m == method)
    return score + (1.0 if method == "PUT" and "PUT" in wanted else 0.0)


def fit_score(filled: Filled) -> float:
    # A user id found by looking the email up first counts as given.
    lookup = filled.needs_lookup is not None
    missing_path = [
        f for f in filled.missing if f.location == "path" and not (lookup and f.name == "user_id")
    ]
    missing_other = [f for f in filled.missing if f.location != "path"]
    return (
        3.0 * filled.path_filled
        + 2.0 * filled.path_referenced
        + 1.0 * (filled.used - filled.path_filled)
        - 8.0 * len(missing_path)
        - 2.5 * len(missing_other)
        - 3.0 * filled.ids_unused
        - 2.5 * filled.emails_unused
        + 1.0 * filled.referenced
        + (0.5 if lookup else 0.0)
    )


def rank(catalog: Catalog, request: Request, shortlist: int = 30) -> list[Scored]:
    index = index_for(catalog)
    words = request.tokens
    wanted = intents(request.text)
    said = set(lexicon.tokens(lexicon.rewrite(request.slots.words)))
    first = sorted(
        (
            (
                lexical(d, words, index.idf)
                + intent_score(d.endpoint.method, wanted)
                - index.resource_penalty(d, words, said),
                d,
            )
            for d in index.docs
        ),
        key=lambda pair: -pair[0],
    )[:shortlist]
    boost = _retrieval_boost(catalog, request.raw)
    scored = []
    for base, doc in first:
        filled = fill(doc.endpoint, request)
        total = base + fit_score(filled) + boost.get(doc.endpoint.key, 0.0)
        scored.append(Scored(doc.endpoint, total, filled))
    scored.sort(key=lambda s: -s.score)
    return scored


def _retrieval_boost(catalog: Catalog, text: str) -> dict[str, float]:
    """Up to +3 from the shared BM25 search, when that module is present."""
    try:
        from ..retrieval import search  # type: ignore[import-not-found]
    except ImportError:
        return {}
    hits = search(catalog, text, k=10)
    if not hits:
        return {}
    top = max(h.score for h in hits) or 1.0
    return {h.endpoint.key: 3.0 * h.score / top for h in hits}


def candidates(catalog: Catalog, text: str, k: int = 5) -> list[Endpoint]:
    """The best k endpoints for a text: the shared search when present, else word overlap."""
    try:
        from ..retrieval import search  # type: ignore[import-not-found]
    except ImportError:
        index = index_for(catalog)
        words = set(lexicon.tokens(lexicon.rewrite(text)))
        wanted = intents(lexicon.rewrite(text))
        ranked = sorted(
            index.docs,
            key=lambda d: -(lexical(d, words, index.idf) + intent_score(d.endpoint.method, wanted)),
        )
        return [d.endpoint for d in ranked[:k]]
    return [hit.endpoint for hit in search(catalog, text, k=k)]
