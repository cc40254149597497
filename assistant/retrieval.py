"""Rank catalog endpoints for a plain-English request: BM25 (rank-bm25) plus intent.

Score of one endpoint for one request, every part of it shown by `Hit.reasons`:

    relevance   weighted BM25 over a field-weighted endpoint document (summary,
                operationId and path words count three times, the tag twice, parameter
                names and the description's first words once); the request's words are
                stemmed and expanded with `vocabulary` synonyms; scaled so the best
                endpoint has 1.0. Words of a later clause ("..., then ...") count half.
  + intent      the request's first verb ("kick", "show", "rename") fits the HTTP method
  + resource    the request names what the endpoint acts on (its last path word);
                a small minus when it names none of it
  + ids         a Clerk id in the request (`user_...`, `org_...`) is a parameter here
                (path > query > body)
  - unused      each path parameter the request gives no id for
  + object      the first order's object ("remove the TOTP") is what it acts on, for a
                creation or an item the request identifies
  + field       the request names a query/body field it takes ("support email",
                "enrollment mode"): adjacent words of the field name, worth less the
                more endpoints take such a field
  - read        a sure read ("show", "what", "who") and this endpoint writes
  - negated     a path word said under "no"/"without" ("no template")
  - parent      its path nests under a resource the request never names (/users/count)
  +/- bulk      bulk endpoints only when the request is about several things
  x deprecated  deprecated endpoints keep 70 % so their replacements rank first

Before scoring, the query is read against the spec: a reversal ("lift", "undo", "take
off", "clear") said of an action that has an un- twin in the paths (ban/unban,
set_compromised/unset_compromised) asks for the twin; a correction ("... actually list
them") replaces the order before it; synonyms of other resources count half once the
verb's object names a resource. After scoring, a user named only by email or phone is
looked up first (GET /users), and so is a resource named by its name ("the org named
X") with no id, by its collection's search. Equal scores go to the endpoint with fewer
path parameters, then the non-deprecated one.

The index (BM25Okapi's statistics as postings, plus per-endpoint facts) is built once per
catalog and cached as JSON data beside the compiled catalog, keyed by spec sha256
and a fingerprint of everything that shapes the documents, so a warm `search` neither
tokenizes the spec nor imports numpy.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import vocabulary as vocab
from .datacache import read_data, write_data
from .endpoints import Endpoint
from .language import text as _text
from .language import values
from .language.data import data_digest
from .language.spec_words import speller_for
from .sentences import ORDER_VERBS, corrected, split_focus
from .weights import (  # every weight of both rankers lives in one module
    BULK_BONUS,
    CONTEXT_ID_WEIGHT,
    CONTEXT_WEIGHT,
    DEPRECATED_FACTOR,
    DESCRIPTION_TOKENS,
    DIRECT_OBJECT_BONUS,
    EMAIL_WORD_WEIGHT,
    ENUM_PATH_BONUS,
    EXPANSION_DISCOUNT,
    FIELD_BONUS,
    FIELD_RARITY,
    FIELD_WEIGHTS,
    ID_BONUS,
    IGNORED_RESOURCE_PENALTY,
    INTENT_BONUS,
    LATER_CLAUSE_WEIGHT,
    NEGATED_PATH_PENALTY,
    PARENT_MISS_PENALTY,
    READ_WRITE_PENALTY,
    RESOURCE_BONUS,
    RESOURCE_MISS_PENALTY,
    RESOURCE_PHRASE_BONUS,
    REVERSED_WORD_WEIGHT,
    SYNONYM_WEIGHT,
    UNUSED_PATH_PARAM_PENALTY,
)

if TYPE_CHECKING:
    from .spec import Catalog

# Bump when document building changes in code; data changes are caught by the fingerprint.
INDEX_VERSION = 6

EMAIL_FIELDS = ("email_address", "identifier", "email_addresses")
# The endpoint that turns an email into a user id, and the parameter it takes it in.
LOOKUP = ("GET /users", "user_id")


@dataclass(slots=True)
class Hit:
    endpoint: Endpoint
    score: float
    reasons: list[str]

    def to_json(self) -> dict[str, Any]:
        e = self.endpoint
        return {
            "method": e.method,
            "path": e.path,
            "operation_id": e.operation_id,
            "summary": e.summary,
            "score": round(self.score, 4),
        }


# --------------------------------------------------------------------------- tokens

stem = _text.stem
words = _text.words
tokens = _text.search_tokens


# --------------------------------------------------------------------------- documents


def endpoint_document(endpoint: Endpoint) -> list[str]:
    """The weighted bag of tokens BM25 sees for one endpoint."""
    literal_path = re.sub(r"\{[^}]*\}", " ", endpoint.path)
    names = [p.name for p in endpoint.params if p.location != "header"]
    names += [f.name for f in endpoint.body.fields] if endpoint.body else []
    names += _enum_values(endpoint)  # status=past_due says "past due"
    fields = {
        "summary": endpoint.summary,
        "operation": endpoint.operation_id,
        "path": literal_path,
        "tag": " ".join(endpoint.tags),
        "sdk": f"{endpoint.sdk_group or ''} {endpoint.sdk_name or ''}",
        "names": " ".join(names),
        "text": endpoint.description,
    }
    document: list[str] = []
    for name, text in fields.items():
        field_tokens = tokens(text)
        if name == "text":
            field_tokens = field_tokens[:DESCRIPTION_TOKENS]
        document.extend(field_tokens * FIELD_WEIGHTS[name])
    return document


@dataclass(slots=True)
class _EndpointFacts:
    """What the non-BM25 signals need to know about an endpoint, precomputed."""

    key: str
    method: str
    path_params: frozenset[str]
    query_params: frozenset[str]
    body_fields: frozenset[str]
    deprecated: bool
    bulk: bool
    resource: tuple[str, ...]  # tokens of the last literal path segment: what it acts on
    parent: tuple[str, ...]  # tokens of the first literal segment when it is another one
    path_words: frozenset[str]  # tokens of every literal path segment
    removes_item: bool  # POST /sessions/{id}/revoke: how a session is deleted
    segments: tuple[tuple[str, str], ...]  # (literal segment, the path parameter after it)
    path_enums: tuple[tuple[str, tuple[str, ...]], ...]  # path parameters' enum values
    field_pairs: frozenset[tuple[str, str]]  # adjacent token pairs of query/body field names

    @classmethod
    def of(cls, endpoint: Endpoint, deletable: set[str]) -> _EndpointFacts:
        body = endpoint.body.fields if endpoint.body else ()
        return cls(
            key=endpoint.key,
            method=endpoint.method,
            path_params=frozenset(p.name for p in endpoint.path_params),
            query_params=frozenset(p.name for p in endpoint.query_params),
            body_fields=frozenset(f.name for f in body),
            deprecated=endpoint.deprecated,
            bulk=_is_bulk_endpoint(endpoint),
            resource=tuple(tokens(_last_literal_segment(endpoint.path))),
            parent=_parent(endpoint.path),
            path_words=frozenset(tokens(re.sub(r"\{[^}]*\}", " ", endpoint.path))),
            removes_item=vocab.removes_its_item(endpoint.method, endpoint.path, deletable),
            segments=tuple(re.findall(r"([^/{}]+)/\{([^}]+)\}", endpoint.path)[::-1]),
            path_enums=tuple((p.name, p.enum) for p in endpoint.path_params if p.enum),
            field_pairs=_field_pairs(endpoint),
        )


def _field_pairs(endpoint: Endpoint) -> frozenset[tuple[str, str]]:
    """Adjacent token pairs of the fields a request can set or filter by: support_email
    gives (support, email), create_organizations_limit (creat, organization)."""
    names = [p.name for p in endpoint.query_params]
    names += [f.name for f in endpoint.body.fields] if endpoint.body else []
    return frozenset(pair for name in names for pair in itertools.pairwise(tokens(name)))


def _enum_values(endpoint: Endpoint) -> list[str]:
    """Enum values of query parameters and body fields: the words that pick a filter."""
    values = [v for p in endpoint.params if p.location == "query" for v in p.enum]
    if endpoint.body:
        values += [v for f in endpoint.body.fields for v in f.enum]
    return [str(v) for v in values]


def _parent(path: str) -> tuple[str, ...]:
    """`organization` for /organizations/{id}/invitations, `user` for /users/count: the
    scope the endpoint works in, when its path nests below another resource."""
    literal = [part for part in path.split("/") if part and not part.startswith("{")]
    return tuple(tokens(literal[0])) if len(literal) > 1 else ()


def _last_literal_segment(path: str) -> str:
    literal = [part for part in path.split("/") if part and not part.startswith("{")]
    return literal[-1] if literal else ""


def _is_bulk_endpoint(endpoint: Endpoint) -> bool:
    is_array = bool(endpoint.body and endpoint.body.is_array)
    return is_array or "/bulk" in endpoint.path or "multiple" in endpoint.summary.lower()


def document_fingerprint() -> str:
    """Everything that shapes the documents; a cached index built with other values is stale."""
    layout = (
        INDEX_VERSION,
        sorted(FIELD_WEIGHTS.items()),
        DESCRIPTION_TOKENS,
        data_digest(),  # the language data: stopwords, compounds, stems, canonical words
        _EndpointFacts.__slots__,
    )
    return hashlib.sha256(repr(layout).encode()).hexdigest()[:16]


@dataclass(slots=True)
class Index:
    """BM25Okapi's statistics as postings, so scoring needs neither rank-bm25 nor numpy.

    `postings[token]` holds (document, tf-part) with tf-part the term-frequency factor of
    BM25Okapi.get_scores; a token's score in a document is idf[token] * tf-part. The
    warm path then imports no numpy (about 80 ms), and a test checks the scores equal
    rank-bm25's own.
    """

    fingerprint: str
    sha256: str
    idf: dict[str, float]
    postings: dict[str, list[tuple[int, float]]]
    facts: list[_EndpointFacts]

    def scores(self, token: str) -> list[float]:
        """BM25Okapi score of one token in every document."""
        out = [0.0] * len(self.facts)
        idf = self.idf.get(token, 0.0)
        for document, tf_part in self.postings.get(token, ()):
            out[document] = idf * tf_part
        return out


def build_index(catalog: Catalog) -> Index:
    documents = [endpoint_document(e) or ["_"] for e in catalog]
    deletable = {e.path for e in catalog if e.method == "DELETE"}
    facts = [_EndpointFacts.of(e, deletable) for e in catalog]
    idf, postings = bm25_statistics(documents)
    return Index(document_fingerprint(), catalog.sha256, idf, postings, facts)


def bm25_statistics(
    documents: list[list[str]],
) -> tuple[dict[str, float], dict[str, list[tuple[int, float]]]]:
    """idf and per-document term-frequency factors, computed by rank-bm25's BM25Okapi."""
    from rank_bm25 import BM25Okapi  # deferred: imports numpy; only a cold build needs it

    bm25 = BM25Okapi(documents)
    postings: dict[str, list[tuple[int, float]]] = {}
    for document, frequencies in enumerate(bm25.doc_freqs):
        norm = bm25.k1 * (1 - bm25.b + bm25.b * bm25.doc_len[document] / bm25.avgdl)
        for token, tf in frequencies.items():
            tf_part = tf * (bm25.k1 + 1) / (tf + norm)
            postings.setdefault(token, []).append((document, tf_part))
    return {t: float(v) for t, v in bm25.idf.items()}, postings


# --------------------------------------------------------------------------- caching

_MEMORY: dict[str, Index] = {}


def _index_file(catalog: Catalog) -> Path:
    from .spec import COMPILER_VERSION, user_cache_dir

    name = f"{catalog.sha256[:32]}-c{COMPILER_VERSION}-r{INDEX_VERSION}.index.json"
    return user_cache_dir() / "catalogs" / name


def _index_key(catalog: Catalog) -> str:
    # the facts are rows in __slots__ order, so their layout is part of the key
    return f"{catalog.sha256}:{document_fingerprint()}"


# _EndpointFacts fields held as frozensets / tuples, which JSON writes as lists.
_FACT_SETS = frozenset({"path_params", "query_params", "body_fields", "path_words"})


def index_data(index: Index) -> dict[str, Any]:
    """The index as plain JSON-able data (what the cache stores): each token's postings as
    one flat [document, weight, ...] list and each endpoint's facts as one row, sets
    sorted; flat rows parse in a fraction of the time named keys take."""
    postings = {t: [x for hit in hits for x in hit] for t, hits in index.postings.items()}
    facts = [[_sorted_if_set(getattr(f, n)) for n in _EndpointFacts.__slots__] for f in index.facts]
    return {"idf": index.idf, "postings": postings, "facts": facts}


def _sorted_if_set(value: Any) -> Any:
    return sorted(value) if isinstance(value, frozenset) else value


def index_from_data(data: Any, catalog: Catalog) -> Index | None:
    """The inverse of `index_data`; None for anything of another shape."""
    try:
        postings = {
            t: list(zip(flat[::2], flat[1::2], strict=True)) for t, flat in data["postings"].items()
        }
        facts = [_facts(row) for row in data["facts"]]
        idf = dict(data["idf"])
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    return Index(document_fingerprint(), catalog.sha256, idf, postings, facts)


def _facts(row: list[Any]) -> _EndpointFacts:
    fields = dict(zip(_EndpointFacts.__slots__, row, strict=True))
    for name in _FACT_SETS:
        fields[name] = frozenset(fields[name])
    for name in ("resource", "parent"):
        fields[name] = tuple(fields[name])
    fields["field_pairs"] = frozenset((a, b) for a, b in fields["field_pairs"])
    fields["segments"] = tuple((a, b) for a, b in fields["segments"])
    fields["path_enums"] = tuple((n, tuple(values)) for n, values in fields["path_enums"])
    return _EndpointFacts(**fields)


def _read_index(path: Path, catalog: Catalog) -> Index | None:
    # Data, not code: a corrupt or foreign file (even a crafted pickle) means "rebuild".
    index = index_from_data(read_data(path, "index", _index_key(catalog)), catalog)
    if index is None or [f.key for f in index.facts] != _keys(catalog):
        return None
    return index


def _write_index(path: Path, catalog: Catalog, index: Index) -> None:
    write_data(path, "index", _index_key(catalog), index_data(index))


def _keys(catalog: Catalog) -> list[str]:
    return [e.key for e in catalog]


def index_for(catalog: Catalog, use_disk: bool = True) -> Index:
    """The catalog's index: from memory, else the user cache, else built (and saved)."""
    memory_key = f"{catalog.sha256}:{len(catalog)}"
    if memory_key in _MEMORY:
        return _MEMORY[memory_key]
    path = _index_file(catalog) if use_disk and catalog.sha256 else None
    index = _read_index(path, catalog) if path else None
    if index is None:
        index = build_index(catalog)
        if path:
            _write_index(path, catalog, index)
    _MEMORY[memory_key] = index
    return index


# --------------------------------------------------------------------------- queries

_ID_RE = values.ID_SHAPE
_EMAIL_RE = values.EMAIL
_SECRET_RE = values.SECRET
_PHONE_RE = values.PHONE_AS_WRITTEN
_URL_RE = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+")


_CLAUSE_RE = re.compile(
    r"\b(?:then|after that|afterwards|once done|next)\b|;"
    # "find X and lock them": a second order verb after "and" starts the next call
    r"|,?\s+and\s+(?P<verb>[a-z]+)\b",
    re.IGNORECASE,
)
# A name being given is a value, not words to match: 'called "Northwind Traders"'.
_NAME_VALUE_RE = re.compile(
    r"\b(called|named|titled)\s+(?:\"[^\"]+\"|'[^']+'|[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)"
)
# A quoted value, with the key it is set to: crm_id = "0015g", "tier": "free".
_QUOTED_VALUE_RE = re.compile(r"(?:\b\w+\W{0,2}\s*[:=]\s*)?(?:\"[^\"]*\"|(?<!\w)'[^']*'(?!\w))")
# Ids whose prefix we do not know still look like ids: long, with digits or capitals.
_ID_TAIL_RE = re.compile(r"(?=.*[0-9A-Z])[A-Za-z0-9]{10,}")
_CONTRACTION_RE = re.compile(r"\b(who|what|where|that|there|here|it)'s\b", re.IGNORECASE)
_LIST_GAP = re.compile(r"[\s,;&/]*(?:\b(?:and|or|plus)\b)?[\s,;&/]*", re.IGNORECASE)
# "user_x's authenticator", "the org's logo": the possessor is not what is acted on.
_POSSESSOR_RE = re.compile(r"\b[\w.-]+ ?'s\b")
_QUALIFIERS = frozenset(tokens("new only other single specific current existing"))
# Read verbs that may also mean "obtain" (a token, a key): no sure sign of a read.
_ACQUIRE_RE = re.compile(r"get|give me|fetch|retrieve|any")
# Verbs that bring a new thing into being ("ban" is a POST too, but of an existing user).
_CREATION_RE = re.compile(r"(?:create|add|new|register|invite|onboard|set ?up|sign)")
# Words that undo an action: "lift the ban", "take the lock off", "clear the flag".
_REVERSAL_RE = re.compile(
    r"\b(?:lift\w*|undo\w*|revers\w*|revert\w*|clear\w*|remov\w*|"
    r"t(?:ake|ook|aking) (?:\S+ ){0,3}off)\b"
)
# "no template", "without an email address", "no need to ban": what a negation is said of.
_NEGATED_RE = re.compile(
    r"\b(?:no|without|not)\s+(?:need to |a |an |the |any )?([a-z][a-z-]+(?: [a-z][a-z-]+)?)"
)
_PRONOUN_RE = re.compile(r"(?:it|that|this|them|those|these)\b")
REVERSAL_WINDOW = 3  # words after the reversal word that it can be said of
_BULK_RE = re.compile(r"\b(?:bulk|multiple|several|batch|in one go|at once)\b", re.IGNORECASE)


@dataclass(slots=True)
class Query:
    text: str
    weights: dict[str, float]  # token -> weight
    methods: list[tuple[tuple[str, ...], float, str]]  # (methods, bonus, the words that said so)
    ids: dict[str, tuple[tuple[str, ...], float]]  # id seen -> (parameters taking it, weight)
    bulk: bool  # several ids or emails of one kind, or "in bulk"
    sequence: tuple[str, ...] = ()  # the orders' tokens in the order typed (phrase matches)
    emails: int = 0  # email addresses stated (values that may stand for a user)
    phones: int = 0  # phone numbers stated (the same)
    secrets: int = 0  # secrets and tokens pasted in (values for a `secret`/`token` field)
    direct_object: str = ""  # the first noun after the first order's verb ("create a user")
    creates: bool = False  # that verb is a POST (so the object is made, not picked)
    first: str = ""  # the first order, literals replaced by their kind ("org_2x" -> org)
    expansions: list[tuple[str, ...]] = field(default_factory=list)  # synonym groups added
    negated: list[str] = field(default_factory=list)  # path words said under "no"/"without"
    reversed: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # "lift" a ban


def parse_query(text: str) -> Query:
    """Tokens, intents and ids of a request; what its first clause says counts most."""
    text = _CONTRACTION_RE.sub(r"\1 is", text.replace("’", "'"))  # "who's in" is "who is in"
    text, replaced = corrected(text)  # "count them... actually just list them"
    orders, context = split_focus(text)
    context = f"{replaced} {context}".strip()  # "them" in the correction points back there
    first, rest = _first_clause(orders)
    weights: dict[str, float] = {}
    groups: list[tuple[str, ...]] = []
    _add_terms(weights, first, 1.0, groups)
    _add_terms(weights, rest, LATER_CLAUSE_WEIGHT, groups)
    _add_terms(weights, context, CONTEXT_WEIGHT, groups)
    lowered = _join_compounds(_replace_literals(first).lower())
    intents = _intents(lowered) or _intents(rest.lower())
    # Only for creations: "create a user ... then add her to org_x" makes the user first.
    creates = bool(_intents(lowered)) and intents[0][2] == ("POST",)
    direct = _direct_object(lowered, intents[0]) if intents and _intents(lowered) else ""
    if intents:  # the spec's verb for the main intent, as a synonym
        for token in tokens(intents[0][4]):
            weights[token] = max(weights.get(token, 0.0), SYNONYM_WEIGHT)
    bulk = _is_bulk(first)
    if bulk:  # "a@x.io, b@y.io and c@z.io" asks for the bulk endpoint as plainly as "bulk"
        for token in tokens("bulk multiple"):
            weights[token] = max(weights.get(token, 0.0), SYNONYM_WEIGHT)
    ids = _query_ids(f"{first} {context}", rest)
    sequence = tuple(tokens(_replace_literals(first, emails=False, ids=False)))
    emails = len(_EMAIL_RE.findall(f"{first} {context}"))  # a later clause's are its own
    query = Query(text, weights, _method_bonuses(intents), ids, bulk, sequence, emails)
    query.expansions = groups
    query.secrets = len(_SECRET_RE.findall(text))
    query.phones = len(_PHONE_RE.findall(f"{first} {context}"))
    query.direct_object = direct
    query.creates = creates
    query.first = _replace_literals(first, emails=False)
    return query


def _query_ids(first: str, rest: str) -> dict[str, tuple[tuple[str, ...], float]]:
    """Clerk ids and the parameters that take them, weighted by where they were said."""
    context = _self_introduction(first)
    ids: dict[str, tuple[tuple[str, ...], float]] = {}
    for text, weight in ((first, 1.0), (rest, LATER_CLAUSE_WEIGHT)):
        for match in _clerk_ids(text):
            said = CONTEXT_ID_WEIGHT if match.group(0) in context else weight
            ids.setdefault(match.group(0), (_id_parameters(match.group(1)), said))
    return ids


def _id_parameters(prefix: str) -> tuple[str, ...]:
    """Parameters an id with this prefix fills; `~prefix` for an abbreviation to match."""
    if prefix in vocab.ID_PREFIXES:
        return vocab.ID_PREFIXES[prefix][1]
    known = _known_stem(prefix)
    return vocab.ID_PREFIXES[known][1] if known else (f"~{prefix}",)


def _known_stem(prefix: str) -> str | None:
    """`jtmpl_` is a longer spelling of the known `jtmp_`: the longest known start wins."""
    starts = [k for k in vocab.ID_PREFIXES if prefix.startswith(k) and len(k) >= 3]
    return max(starts, key=len) if starts else None


def _method_bonuses(intents: list[tuple[Any, ...]]) -> list[tuple[tuple[str, ...], float, str]]:
    first, later = INTENT_BONUS
    return [(hit[2], first if i == 0 else later, hit[3]) for i, hit in enumerate(intents)]


def _self_introduction(text: str) -> set[str]:
    return set(re.findall(r"\bI(?:'m| am) +(user_\w+)", text, flags=re.IGNORECASE))


def _first_clause(text: str) -> tuple[str, str]:
    for match in _CLAUSE_RE.finditer(text):
        verb = match.group("verb")
        if verb is None or verb.lower() in ("then", "next", "afterwards"):  # "and then add"
            return text[: match.start()], text[match.end() :]
        if verb.lower() in ORDER_VERBS:  # the verb starts the later clause
            return text[: match.start()], text[match.start("verb") :]
    return text, ""


def _add_terms(
    weights: dict[str, float], text: str, scale: float, groups: list[tuple[str, ...]] | None = None
) -> None:
    """Add the text's tokens (and synonym expansions, each recorded in `groups`) at `scale`."""
    if not text:
        return
    plain = _replace_literals(text, emails=False)
    for token in tokens(plain):
        weights[token] = max(weights.get(token, 0.0), scale)
    kinds = ("email address" if _EMAIL_RE.search(text) else "") + (
        " phone number" if _PHONE_RE.search(text) else ""
    )
    if kinds:  # the kind of value, weakly: it rarely is the topic
        for token in tokens(f"{kinds} user"):
            weights[token] = max(weights.get(token, 0.0), EMAIL_WORD_WEIGHT * scale)
    for expansion in _expansions(plain.lower()):
        expanded = tokens(expansion)
        if groups is not None:
            groups.append(tuple(expanded))
        for token in expanded:
            weights[token] = max(weights.get(token, 0.0), SYNONYM_WEIGHT * scale)


def _is_bulk(text: str) -> bool:
    return bool(_BULK_RE.search(text)) or _listed_values(text)


def _listed_values(text: str) -> bool:
    """Two values of one kind side by side ("user_a, user_b and user_c") make a list.
    Said in different roles ("let mch_a call mch_b") they fill two parameters instead."""
    found = [(m.group(1), m) for m in _clerk_ids(text)]
    found += [("@", m) for m in _EMAIL_RE.finditer(text)]
    found.sort(key=lambda pair: pair[1].start())
    return any(
        kind == next_kind and _LIST_GAP.fullmatch(text[match.end() : after.start()])
        for (kind, match), (next_kind, after) in itertools.pairwise(found)
    )


def _clerk_ids(text: str) -> list[re.Match[str]]:
    return [m for m in _ID_RE.finditer(text) if _is_clerk_id(m)]


def _is_clerk_id(match: re.Match[str]) -> bool:
    return match.group(1) in vocab.ID_PREFIXES or bool(_ID_TAIL_RE.fullmatch(match.group(2)))


def _replace_literals(text: str, emails: bool = True, ids: bool = True) -> str:
    """Ids, emails, phone numbers and URLs stand for their kind of thing, not their letters."""
    text = _SECRET_RE.sub(" ", text)  # its letters say nothing
    text = _EMAIL_RE.sub(" email address " if emails else " ", text)
    text = _PHONE_RE.sub(" phone number " if emails else " ", text)
    text = _NAME_VALUE_RE.sub(lambda m: f" {m.group(1)} ", text)
    text = _QUOTED_VALUE_RE.sub(" ", text)  # "0015g00000XyZ12": a value, its letters no topic
    text = _URL_RE.sub(" url ", text)
    text = _ID_RE.sub(lambda m: _id_words(m, ids), text)
    for pattern, replacement in vocab.QUERY_REWRITES:
        text = re.sub(pattern, replacement, text, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", text).strip()


def _id_words(match: re.Match[str], nouns: bool) -> str:
    """An id's noun ("org_2x" -> organization) or nothing; other snake_case words stay."""
    if not _is_clerk_id(match):
        return match.group(0)
    return f" {_id_noun(match.group(1))} " if nouns else " "


def _id_noun(prefix: str) -> str:
    # Only the prefix's noun: "org_2x" says "organization", its letters say nothing.
    known = prefix if prefix in vocab.ID_PREFIXES else _known_stem(prefix)
    return vocab.ID_PREFIXES[known][0] if known else ""


def _expansions(lowered: str) -> list[str]:
    found = [extra for pattern, extra in vocab.PHRASE_SYNONYMS if re.search(pattern, lowered)]
    synonyms = _word_synonyms()
    for word in set(tokens(lowered)) | {stem(w) for w in words(lowered)}:
        if word in synonyms:
            found.append(synonyms[word])
    return found


@functools.cache
def _resource_words() -> frozenset[str]:
    """Nouns of the API's top-level resources (id kinds), as tokens."""
    return frozenset(t for noun, _ in vocab.ID_PREFIXES.values() for t in tokens(noun))


@functools.cache
def _word_synonyms() -> dict[str, str]:
    """WORD_SYNONYMS keyed by stem, so "configured" and "configure" both hit."""
    return {stem(word): expansion for word, expansion in vocab.WORD_SYNONYMS.items()}


def _join_compounds(lowered: str) -> str:
    """ "allow-list", "block-list": a hyphenated compound is a noun, its halves are no verbs."""
    return re.sub(r"(?<=[a-z])-(?=[a-z])", "", lowered)


def _direct_object(lowered: str, intent: tuple[Any, ...]) -> str:
    """The first noun after the verb: what "create a user" creates, what "remove just the
    TOTP" removes. A possessor is skipped ("user_x's authenticator" acts on the
    authenticator), and so are words that only qualify it ("a new org")."""
    after = _POSSESSOR_RE.sub(" ", lowered[intent[0] - intent[1] :])
    nouns = [t for t in tokens(after) if t not in _QUALIFIERS]
    return nouns[0] if nouns else ""


def _intents(lowered: str) -> list[tuple[int, int, tuple[str, ...], str, str]]:
    """Intent matches as (start, -length, methods, words said, spec verbs), earliest first."""
    lowered = _join_compounds(lowered)
    hits = []
    for pattern, methods, verbs in vocab.INTENTS:
        match = re.search(pattern, lowered)
        if match:
            hits.append((match.start(), -len(match.group(0)), methods, match.group(0), verbs))
    return sorted(hits)


# --------------------------------------------------------------------------- ranking


def search(catalog: Catalog, text: str, k: int = 5) -> list[Hit]:
    """The k endpoints that best fit `text`, best first, each with why it ranked."""
    index = index_for(catalog)
    text = speller_for(catalog).correct(text)  # "delte usr" searches for "delete user"
    query = _trust_named_resource(_trust_typed_word(parse_query(text), index), index)
    query = _negate_path_words(_reverse_actions(query, index), index)
    relevance, contributions = _relevance(index, query)
    rarity = _field_pair_counts(index)
    scored = []
    for position, endpoint in enumerate(catalog):
        facts = index.facts[position]
        score, reasons = _signals(facts, query, relevance[position], rarity)
        top_terms = _top_terms(contributions, position)
        if top_terms:
            reasons.insert(0, f"words {top_terms}")
        simpler = (len(facts.path_params), facts.deprecated)  # breaks ties: the plain one
        scored.append((-round(score, 9), simpler, position, Hit(endpoint, score, reasons)))
    scored.sort(key=lambda item: item[:3])
    hits = [hit for *_, hit in scored]
    hits = _lookup_by_name(_lookup_first(hits, query, index), query, index)
    return hits[: max(k, 0)]


def _email_names_user(query: Query) -> bool:
    """An email or phone number and no user id: that value is how the request names its
    user, unless the request creates that user ("create a user with email x@y.io").
    The asker's own id ("I'm user_2x") names no one to act on."""
    said_ids = [n for n, weight in query.ids.values() if weight > CONTEXT_ID_WEIGHT]
    if not (query.emails or query.phones) or any(LOOKUP[1] in n for n in said_ids):
        return False
    creates = bool(query.methods) and bool(_CREATION_RE.match(query.methods[0][2]))
    return not (creates and "user" in query.sequence[:4])


def _lookup_first(hits: list[Hit], query: Query, index: Index) -> list[Hit]:
    """An action on a user named only by email starts by looking the user up.

    "lock dana@x.io" needs POST /users/{user_id}/lock, whose user id only GET /users
    ?email_address= can give: that lookup is the first call, so it ranks first.
    """
    if not hits or not _email_names_user(query):
        return hits
    key, parameter = LOOKUP
    facts = {f.key: f for f in index.facts}
    top = facts.get(hits[0].endpoint.key)
    takes = top and parameter in top.path_params | top.query_params | top.body_fields
    if top is None or not takes or key == top.key:
        return hits
    lookup = next((h for h in hits if h.endpoint.key == key), None)
    if lookup is None:
        return hits
    lookup.reasons.insert(0, f"looks the user up by email first for {top.key}")
    return [lookup, *(h for h in hits if h is not lookup)]


def _lookup_by_name(hits: list[Hit], query: Query, index: Index) -> list[Hit]:
    """ "Who is in the org named Vandelay?": a resource named by its name, with no id of
    its kind, is found first by the collection's search (GET /organizations?query=),
    unless the request creates it ("create an org named X")."""
    noun = _named_noun(query)
    if not hits or not noun or (noun == query.direct_object and query.creates):
        return hits
    if any(f"{noun}_id" in names for names, _ in query.ids.values()):
        return hits
    facts = {f.key: f for f in index.facts}
    top = facts[hits[0].endpoint.key]
    if noun not in top.path_words or (top.resource == (noun,) and not top.path_params):
        return hits
    lookup = next((h for h in hits if _searches_collection(facts[h.endpoint.key], noun)), None)
    if lookup is None:
        return hits
    lookup.reasons.insert(0, f"finds the {noun} by its name first for {top.key}")
    return [lookup, *(h for h in hits if h is not lookup)]


def _named_noun(query: Query) -> str:
    """ "the org named X" -> organization: the noun a name is given for, in the first order."""
    match = re.search(r"([a-z]+)\s+(?:named|called|titled)\b", query.first.lower())
    found = tokens(match.group(1)) if match else []
    return found[-1] if found else ""


def _searches_collection(facts: _EndpointFacts, noun: str) -> bool:
    """GET /organizations with a `query` parameter: where a thing is found by name."""
    searchable = facts.query_params & {"query", "name", "name_query"}
    plain = facts.method == "GET" and not facts.path_params
    return plain and facts.resource == (noun,) and bool(searchable)


def _trust_named_resource(query: Query, index: Index) -> Query:
    """A resource typed as a phrase ("sign-in token") beats paraphrases of another one.

    Synonym expansions guess what a person means; when the request names an endpoint's
    resource word for word, those guesses ("log in as" -> actor token) count half.
    """
    phrases = {f.resource for f in index.facts if len(f.resource) > 1}
    named = {phrase for phrase in phrases if _contains(query.sequence, phrase)}
    if not named:
        return query
    typed = set(query.sequence)
    others = {token for phrase in phrases - named for token in phrase} - typed
    # A paraphrase that points at another resource ("log in as" -> actor token impersonate)
    # is discounted as a whole; so is any stray word of another resource.
    doubtful = set(others)
    for group in query.expansions:
        if set(group) & others:
            doubtful |= set(group) - typed
    for token, weight in query.weights.items():
        if token in doubtful and weight <= SYNONYM_WEIGHT:
            query.weights[token] = weight * EXPANSION_DISCOUNT
    return query


def _trust_typed_word(query: Query, index: Index) -> Query:
    """ "remove the TOTP authenticator": "authenticator" expands to "totp mfa", but the
    verb's object is "totp", a resource of its own: the group's other resources (mfa)
    count half."""
    resources = {f.resource[-1] for f in index.facts if f.resource}
    typed = {query.direct_object} & resources
    for group in query.expansions:
        if not set(group) & typed:
            continue
        for token in (set(group) - typed) & resources:  # other resources guessed
            if query.weights.get(token, 0.0) <= SYNONYM_WEIGHT:
                query.weights[token] = query.weights.get(token, 0.0) * EXPANSION_DISCOUNT
    return query


def _negate_path_words(query: Query, index: Index) -> Query:
    """ "No template", "without a template": a path word said under a negation is what the
    request does not want; it stops counting, and endpoints with it in the path sink."""
    path_words = {t for f in index.facts for t in _path_nouns(f)}
    lowered = query.text.lower()
    # "sign in without a password; drop their password": said plainly too, it is wanted
    plain = set(tokens(_NEGATED_RE.sub(" ", lowered)))
    for match in _NEGATED_RE.finditer(lowered):
        for token in set(tokens(match.group(1))) & path_words - plain:
            query.weights.pop(token, None)
            query.negated.append(token)
    return query


def _path_nouns(facts: _EndpointFacts) -> frozenset[str]:
    """Literal path words and the nouns of its parameters ({template_name}: template)."""
    if facts.key not in _PATH_NOUNS:  # the key holds the path, so it decides the answer
        params = {t for name in facts.path_params for t in tokens(name)[:-1]}
        _PATH_NOUNS[facts.key] = facts.path_words | params
    return _PATH_NOUNS[facts.key]


_PATH_NOUNS: dict[str, frozenset[str]] = {}


def _action_twins(index: Index) -> dict[str, tuple[str, ...]]:
    """Spec action pairs, from the paths alone: `ban` -> (unban,), `compromis` -> (unset,)
    for /users/{id}/ban next to /users/{id}/unban, set_compromised next to unset_compromised.
    Keyed by the last word of the plain action: the word a reversal is said of."""
    actions = {f.resource for f in index.facts if f.resource}
    twins: dict[str, tuple[str, ...]] = {}
    for action in actions:
        first = action[0]
        plain = (first[2:], *action[1:])
        if first.startswith("un") and plain in actions and plain[0]:
            twins[plain[-1]] = tuple(t for t in action if t not in plain)
    return twins


def _reverse_actions(query: Query, index: Index) -> Query:
    """ "Lift the ban", "clear the compromised flag", "take the lock off": a reversal said of
    an action the spec pairs with an un- twin asks for the twin, not the action itself."""
    twins = _action_twins(index)
    if not twins:
        return query
    lowered = _replace_literals(query.text, emails=False, ids=False).lower()
    for match in _REVERSAL_RE.finditer(lowered):
        after = lowered[match.start() :].split()[: REVERSAL_WINDOW + 1]
        near = tokens(" ".join(after)) + tokens(match.group(0))
        if _PRONOUN_RE.match(" ".join(after[1:2])):  # "lift it": what was said before
            near += tokens(lowered[: match.start()])
        for action, twin in twins.items():
            if action in near:
                for token in twin:
                    query.weights[token] = max(query.weights.get(token, 0.0), 1.0)
                query.weights[action] = query.weights.get(action, 0.0) * REVERSED_WORD_WEIGHT
                query.reversed.append((f"'{match.group(0)}' reverses {action}", twin))
    return query


def _relevance(index: Index, query: Query) -> tuple[list[float], dict[str, list[float]]]:
    """BM25 per query token (weighted), scaled so the best endpoint scores 1.0."""
    size = len(index.facts)
    total = [0.0] * size
    contributions: dict[str, list[float]] = {}
    for token, weight in query.weights.items():
        if token not in index.idf:
            continue
        scores = [weight * s for s in index.scores(token)]
        contributions[token] = scores
        total = [a + b for a, b in zip(total, scores, strict=True)]
    best = max(total, default=0.0)
    if best <= 0:
        return total, contributions
    return [s / best for s in total], {t: [s / best for s in v] for t, v in contributions.items()}


def _top_terms(contributions: dict[str, list[float]], position: int, n: int = 4) -> str:
    pairs = sorted(
        ((v[position], t) for t, v in contributions.items() if v[position] > 0.0), reverse=True
    )
    return " ".join(f"{t}:{v:.2f}" for v, t in pairs[:n])


def _signals(
    facts: _EndpointFacts, query: Query, relevance: float, field_rarity: dict[tuple[str, str], int]
) -> tuple[float, list[str]]:
    score = relevance
    reasons = [note for note, twin in query.reversed if set(twin) & set(facts.resource)]
    intent = max(
        ((bonus, said, methods) for methods, bonus, said in query.methods if _fits(facts, methods)),
        default=None,
    )
    unasked_write = intent is None and _asks_to_read(query) and _writes(facts)
    if unasked_write:
        score -= READ_WRITE_PENALTY
        reasons.append(f"a read was asked, {facts.method} writes -{READ_WRITE_PENALTY:.2f}")
    if intent:
        score += intent[0]
        how = "removes its item, " if facts.removes_item and "DELETE" in intent[2] else ""
        reasons.append(f"{how}{facts.method} fits '{intent[1]}' +{intent[0]:.2f}")
    # "boot sess_x" need not say "revoke": a removal asked is this action's own word
    said = any(facts.method in methods for methods, _, _ in query.methods)
    removal = facts.removes_item and intent is not None and not said
    resource = _item_signal(facts, query) if removal else _resource_signal(facts, query)
    if unasked_write:  # "check if user_x is banned": 'banned' is a state, not this action
        resource = min(resource, 0.0)
    if resource:
        score += resource
        said = "acts on" if resource > 0 else "request does not name"
        what = "the item it removes" if removal else " ".join(facts.resource)
        reasons.append(f"{said} {what} {resource:+.2f}")
    if facts.parent and not any(query.weights.get(t, 0.0) for t in facts.parent):
        score -= PARENT_MISS_PENALTY
        reasons.append(f"request names no {' '.join(facts.parent)} -{PARENT_MISS_PENALTY:.2f}")
    negated = sorted(set(query.negated) & _path_nouns(facts)) if query.negated else []
    if negated:
        score -= NEGATED_PATH_PENALTY
        reasons.append(f"'{' '.join(negated)}' was said under a negation -{NEGATED_PATH_PENALTY}")
    ignored = _ignored_resources(facts, query)
    if ignored:
        score -= IGNORED_RESOURCE_PENALTY
        reasons.append(f"deletes without {', '.join(ignored)} -{IGNORED_RESOURCE_PENALTY:.2f}")
    named, gain = _field_named(facts, query, field_rarity)
    if named:
        score += gain
        reasons.append(f"takes a field named '{' '.join(named)}' +{gain:.2f}")
    id_bonus, id_reasons, used = _id_signal(facts, query)
    score += id_bonus
    reasons.extend(id_reasons)
    for name in _enum_said(facts, query) - used:  # "SMS templates": template_type=sms
        used.add(name)
        score += ENUM_PATH_BONUS
        reasons.append(f"a value of {name} is said +{ENUM_PATH_BONUS:.2f}")
    unused = facts.path_params - used
    if LOOKUP[1] in unused and _email_names_user(query):
        unused -= {LOOKUP[1]}
        reasons.append(f"{LOOKUP[1]} from the email, by a lookup")
    if unused:
        score -= UNUSED_PATH_PARAM_PENALTY * len(unused)
        reasons.append(f"no id given for {', '.join(sorted(unused))}")
    if intent and _takes_direct_object(facts, query, intent[2], identified=not unused):
        score += DIRECT_OBJECT_BONUS
        reasons.append(f"'{intent[1]}' takes {query.direct_object} +{DIRECT_OBJECT_BONUS:.2f}")
    if facts.bulk:
        bonus = BULK_BONUS[0] if query.bulk else BULK_BONUS[1]
        score += bonus
        reasons.append(f"bulk endpoint {bonus:+.2f}")
    if facts.deprecated:
        score *= DEPRECATED_FACTOR
        reasons.append(f"deprecated x{DEPRECATED_FACTOR}")
    return score, reasons


def _field_pair_counts(index: Index) -> dict[tuple[str, str], int]:
    """How many endpoints take a field with each token pair: rare pairs are evidence."""
    key = f"{index.sha256}:{index.fingerprint}"
    if key not in _FIELD_PAIR_COUNTS:
        counts: dict[tuple[str, str], int] = {}
        for facts in index.facts:
            for pair in facts.field_pairs:
                counts[pair] = counts.get(pair, 0) + 1
        _FIELD_PAIR_COUNTS[key] = counts
    return _FIELD_PAIR_COUNTS[key]


_FIELD_PAIR_COUNTS: dict[str, dict[tuple[str, str], int]] = {}


def _field_named(
    facts: _EndpointFacts, query: Query, rarity: dict[tuple[str, str], int]
) -> tuple[tuple[str, str] | None, float]:
    """A field of this endpoint named in the request ("the support email", "last active")
    and its bonus: full when at most FIELD_RARITY endpoints take a field so named, less
    the more do ("email address" tells almost nothing apart)."""
    said = set(itertools.pairwise(query.sequence)) & facts.field_pairs
    said = {pair for pair in said if not set(pair) & set(query.negated)}  # "no email address"
    if not said:
        return None, 0.0
    pair = min(said, key=lambda p: (rarity.get(p, 1), p))
    return pair, FIELD_BONUS * min(1.0, FIELD_RARITY / rarity.get(pair, 1))


def _writes(facts: _EndpointFacts) -> bool:
    """Not a GET, and no POST that only checks something (verify_password, verify_totp)."""
    return facts.method != "GET" and facts.resource[:1] != ("verify",)


def _asks_to_read(query: Query) -> bool:
    """The request's first order is a read ("show", "pull up", "who", "what ...?"); "get me
    a token" and "give me a key" may ask to mint one, so they do not count."""
    if not query.methods or query.methods[0][0] != ("GET",):
        return False
    return not _ACQUIRE_RE.fullmatch(query.methods[0][2])


def _item_signal(facts: _EndpointFacts, query: Query) -> float:
    """POST /sessions/{id}/revoke acts on the session when the request removes one."""
    item = facts.path_words - set(facts.resource)
    return RESOURCE_BONUS if any(query.weights.get(t, 0.0) for t in item) else 0.0


def _takes_direct_object(
    facts: _EndpointFacts, query: Query, methods: tuple[str, ...], identified: bool
) -> bool:
    """The first order's verb fits this endpoint and its object is what the endpoint acts on.
    Beyond creations, only where the request identifies the item: "cap organizations at
    25" names no organization, so it is no order to PATCH /organizations/{id}."""
    if not query.direct_object or methods != query.methods[0][0]:
        return False
    if not (query.creates or identified):
        return False
    if not all(query.weights.get(t, 0.0) for t in facts.resource):
        return False  # "what settings": organization_settings is more than settings
    return facts.resource[-1:] == (query.direct_object,)


def _fits(facts: _EndpointFacts, methods: tuple[str, ...]) -> bool:
    return facts.method in methods or (facts.removes_item and "DELETE" in methods)


def _enum_said(facts: _EndpointFacts, query: Query) -> set[str]:
    """Path parameters one of whose enum values the request says outright."""
    return {
        name
        for name, values in facts.path_enums
        if any(query.weights.get(t, 0.0) >= 1.0 for v in values for t in tokens(v))
    }


def _ignored_resources(facts: _EndpointFacts, query: Query) -> list[str]:
    """Typed resource words a DELETE's path lacks: "delete sessions of user_x" keeps the user."""
    if facts.method != "DELETE":
        return []
    return sorted(t for t in query.sequence if t in _resource_words() and t not in facts.path_words)


def _resource_signal(facts: _EndpointFacts, query: Query) -> float:
    """Bonus when the request names what the endpoint acts on, a penalty when it does not."""
    if not facts.resource:
        return 0.0
    weights = [query.weights.get(token, 0.0) for token in facts.resource]
    if len(facts.resource) > 1 and _contains(query.sequence, facts.resource):
        return RESOURCE_PHRASE_BONUS
    if min(weights) > 0:
        return RESOURCE_BONUS * min(weights)
    missing = sum(w == 0 for w in weights) / len(weights)
    return -RESOURCE_MISS_PENALTY * missing


def _contains(sequence: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(sequence[i : i + size] == phrase for i in range(len(sequence) - size + 1))


def _id_signal(facts: _EndpointFacts, query: Query) -> tuple[float, list[str], set[str]]:
    """Ids in the request that this endpoint takes, strongest where it takes them in the path."""
    bonus = 0.0
    reasons: list[str] = []
    used: set[str] = set()
    places = (
        ("path", facts.path_params),
        ("query", facts.query_params),
        ("body", facts.body_fields),
    )
    for clerk_id, (names, weight) in query.ids.items():
        for where, present in places:
            found = _names_for(names, present)
            if where == "path" and not found:
                found = _named_by_segment(names, facts.segments)
            name = next((n for n in found if n not in used), None)
            if name is None:
                continue
            if where == "path":
                used.add(name)
            gain = ID_BONUS[where] * weight
            bonus += gain
            reasons.append(f"{_short(clerk_id)} fills {where} {name} +{gain:.2f}")
            break
    secret_field = next((n for n in vocab.SECRET_FIELDS if n in facts.body_fields), None)
    if query.secrets and secret_field:
        bonus += ID_BONUS["path"]
        reasons.append(f"the pasted secret fills body {secret_field} +{ID_BONUS['path']:.2f}")
    if query.emails:
        where, name = next(
            ((w, n) for w, present in places[1:] for n in EMAIL_FIELDS if n in present),
            ("", ""),
        )
        if name:
            bonus += ID_BONUS[where]
            reasons.append(f"the email fills {where} {name} +{ID_BONUS[where]:.2f}")
    return bonus, reasons, used


def _names_for(names: tuple[str, ...], present: frozenset[str]) -> list[str]:
    """The endpoint's parameters among `names`; `~prefix` matches by abbreviation."""
    if len(names) == 1 and names[0].startswith("~"):
        return sorted(
            n for n in present if n.endswith(("_id", "ID")) and vocab.abbreviates(names[0][1:], n)
        )
    exact = [n for n in names if n in present]
    # to_machine_id, other_machine_id: a qualified name takes the same kind of id
    qualified = sorted({p for p in present for n in names if p.endswith(f"_{n}")} - set(exact))
    return exact + qualified


def _named_by_segment(names: tuple[str, ...], segments: tuple[tuple[str, str], ...]) -> list[str]:
    """`alid_` is an allowlist_identifiers/{identifier_id}: the prefix abbreviates the
    collection the parameter sits under, when it does not abbreviate the name itself."""
    if len(names) != 1 or not names[0].startswith("~"):
        return []
    return [param for segment, param in segments if vocab.abbreviates(names[0][1:], segment)]


def _short(clerk_id: str) -> str:
    return clerk_id if len(clerk_id) <= 14 else f"{clerk_id[:12]}…"
