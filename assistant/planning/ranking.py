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
from dataclasses import dataclass, field, replace

from .. import vocabulary as vocab
from ..language.data import tables
from ..language.patterns import pattern
from ..language.tables import ID_NOUNS
from ..language.text import any_phrase
from ..models import Endpoint
from ..policy_data import IRREVERSIBLE_EFFECTS
from ..sentences import ORDER_VERBS
from ..spec import Catalog
from ..weights import (  # every weight of both rankers lives in one module
    BLOCKED_NOT_ADDED_COST,
    CONTAINER_COST,
    CONTEXT_WEIGHT,
    CREATES_GIVEN_COST,
    DEPRECATED_COST,
    DEPRECATED_FACTOR,
    DESCRIBED_WEIGHT,
    FIELD_NAMED_BONUS,
    ID_UNUSED_COST,
    MEMBER_AGAIN_COST,
    NEGATED_PATH_COST,
    ONE_BY_ONE_COST,
    PLANNER_SEARCH_BOOST,
    RARE_FIELD,
    READ_AFTER_LOOKUP_COST,
    REPLACES_ALL_COST,
    SORT_NAMED_BONUS,
    TWIN_BONUS,
    UNNAMED_IRREVERSIBLE_COST,
    UNSAID_RESOURCE_COST,
)
from . import lexicon
from .filling import PARTY_KINDS, THING_MADE, Filled, Request, fill
from .neighbours import neighbour_bonus
from .slots import CLERK_ID, COLON_NAME, EMAIL, PHONE

_ROOT_LETTERS = 6  # long enough to tell words apart, short enough to join their forms
_OPERATION_WORDS = re.compile(r"[A-Z]?[a-z]+")
_LOOKUP_THEN_ACT = re.compile(
    r"(?:^|[:;.!?]\s)\W*(?:find|look|lookup|pull|search|locate|grab|fetch)\b(?:[^.;]|\.(?=\S))*\band\s+(?!show|list|see|view|tell|count)\w+"
)
_REVERSAL = re.compile(
    r"\b(?:clear|undo|reverse|revert|lift|take back|remove|drop|no longer|after all|false alarm"
    r"|restore|reinstate|give back|by mistake|mistakenly|accidentally|in error|wrongly)\b"
)
_RESOURCE_WORDS = frozenset({"organization", "user", "session", "invitation", "domain"})
_PERSON_WORDS = frozenset({"user"})
_LOOKUP_PATHS = frozenset(
    {"/users", "/users/count"}
)  # "orgs with the most members": the list that sorts by members_count
# Verbs an action's path shares with ordinary requests: the rest of its name must be said.
_GENERIC_ACTION_WORDS = frozenset({"set", "unset", "add", "remov", "delet", "creat", "updat"})
_PEOPLE = frozenset({"someone", "somebody", "him", "her", "them", "person", "people", "anyone"})
_POLITE = frozenset({"please", "pls", "can", "could", "would", "you", "just", "ok", "okay"})
# a question about what happened or what is: "did we ...?", "has she ...?", "is there ...?"
_ASKS = re.compile(
    r"^\W*(?:did|has|have|had|was|were|is there|are there|does|do we|do they)\b"
    r"(?:[^.!?]|\.(?=\S))*\?",
    re.IGNORECASE,
)
_SHOULD = re.compile(r"\bshould\b")
_READ_VERBS = frozenset(
    "list show find look get see view tell count check search display fetch grab pull".split()  # noqa: SIM905
)
_CLAUSE_WORDS = tables().raw["verbs"]
_POLITE_VERB = re.compile(  # ("could you please permanently delete ...": "delete")
    r"\b(?:can|could|would|will)\s+(?:you|someone)\s+"
    rf"(?:(?:{any_phrase(_CLAUSE_WORDS['clause_fillers'])})\s+)*(\w+)"
)
_FIRST_WORD = re.compile(  # the first word after "please", "and then" ... (verbs.yml)
    rf"^\W*(?:(?:{any_phrase(_CLAUSE_WORDS['clause_fillers'] + _CLAUSE_WORDS['clause_joiners'])})"
    r"\s+)*([a-z]+)"
)
_READ_LEAD = re.compile(rf"(?:{any_phrase(_CLAUSE_WORDS['clause_reads'])})\b")
_WANTS = re.compile(r"^\W*(?:i|we)\s+(?:want|need|would like|'d like)\b")
_WANTED_DONE = re.compile(r"\b(?:want|need|like)\s+(?:\S+\s+){1,8}?((?:\w+ed\b(?:\s+and\s+)?)+)")
_MUST_BE_DONE = pattern("must-be-done")  # "only the TOTP must be removed"
_PARTICIPLES = {"deleted": "DELETE", "removed": "DELETE", "banned": "POST", "locked": "POST"}
_PARTICIPLES |= {"revoked": "POST", "rejected": "POST", "disabled": "PATCH", "enabled": "PATCH"}
# "I need the secret key to put into Vault": after a noun, "to <verb>" says what for; after
# these (or a person asked to do it) it is the order itself
_WANTING = frozenset(
    [
        "want",
        "wants",
        "need",
        "needs",
        "like",
        "love",
        "going",
        "able",
        "have",
        "has",
        "had",
        "try",
        "trying",
        "ought",
        "supposed",
        "you",
        "someone",
        "somebody",
        "him",
        "her",
        "them",
        "us",
        "me",
        "before",
        "after",
    ]
)
# "Before I switch the domain over, test whether ...": what the person will do themselves
# sets the time; the order comes after the comma
_LEADING_TIME_CLAUSE = pattern("leading-time-clause")  # language/data/patterns.yml
_DETERMINERS = frozenset({"the", "a", "an", "our", "their", "its", "his", "her", "this", "that"})
_QUESTION = re.compile(
    r"^\s*(who|what|which|how|any|are|is|do|does|did|has|have|was|were|list|show)\b|\?\s*$"
)


@dataclass(frozen=True, slots=True)
class EndpointWords:
    endpoint: Endpoint
    path: frozenset[str]
    summary: frozenset[str]
    params: frozenset[str]
    resource: frozenset[str]  # words of the first path segment
    fields: tuple[tuple[str, ...], ...] = ()  # each query/body field name's words
    ends_item: bool = False  # POST .../{id}/revoke where {id} has no DELETE: its removal
    twin: str = ""  # "undo" for .../unban beside .../ban, "do" for .../ban beside .../unban
    described: frozenset[str] = frozenset()  # roots of the words its description says


@dataclass(slots=True)
class Index:
    docs: list[EndpointWords]
    idf: dict[str, float]
    resources: frozenset[str]  # every word of every first path segment
    field_counts: dict[tuple[str, ...], int] = field(default_factory=dict)  # name -> endpoints

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
    deletable = {e.path for e in catalog if e.method == "DELETE"}
    docs = [_words(e) for e in catalog]
    paths = {e.path for e in catalog}
    docs = [
        replace(d, ends_item=_ends(d.endpoint, deletable), twin=_twin(d.endpoint.path, paths))
        for d in docs
    ]
    docs = _described_by_resource(docs)
    counts: dict[str, int] = {}
    for doc in docs:
        for word in doc.path | doc.summary | doc.params:
            counts[word] = counts.get(word, 0) + 1
    for doc in docs:
        for root in doc.described:
            counts[f"~{root}"] = counts.get(f"~{root}", 0) + 1
    total = len(docs)
    idf = {w: math.log((total + 1) / (c + 0.5)) for w, c in counts.items()}
    resources = frozenset(w for doc in docs for w in doc.resource)
    field_counts: dict[tuple[str, ...], int] = {}
    for doc in docs:
        for name in set(doc.fields):
            field_counts[name] = field_counts.get(name, 0) + 1
    return Index(docs, idf, resources, field_counts)


def _described_by_resource(docs: list[EndpointWords]) -> list[EndpointWords]:
    """What one endpoint's description says of a resource ('an actor token ... to
    impersonate the given user') describes its siblings too: revoking that token is
    revoking an impersonation token. The words find the resource; method and fit pick."""
    shared: dict[str, set[str]] = {}
    named: dict[str, set[str]] = {}  # a sibling's field ("private_metadata") is its own
    for doc in docs:
        shared.setdefault(_resource_of(doc.endpoint), set()).update(doc.described)
        names = " ".join(doc.params | doc.path | doc.summary)
        named.setdefault(_resource_of(doc.endpoint), set()).update(_roots(names))
    return [
        replace(d, described=d.described | (shared[r] - named[r]))
        for d, r in ((d, _resource_of(d.endpoint)) for d in docs)
    ]


def _resource_of(endpoint: Endpoint) -> str:
    return endpoint.path.split("/")[1]


def _twin(path: str, paths: set[str]) -> str:
    """Actions that come in pairs in the spec: ban/unban, set_compromised/unset_compromised."""
    parent, _, action = path.rpartition("/")
    if action.startswith("un") and f"{parent}/{action[2:]}" in paths:
        return "undo"
    return "do" if f"{parent}/un{action}" in paths else ""


def twin_score(doc: EndpointWords, text: str) -> float:
    """ "clear the compromised flag", "lift the ban": a reversal asks for the un- twin."""
    if not doc.twin or not _REVERSAL.search(text):
        return 0.0
    return TWIN_BONUS if doc.twin == "undo" else -TWIN_BONUS


def undone_words(doc: EndpointWords, words: set[str], text: str) -> set[str]:
    """ "lift both bans": under a reversal the un- twin is named by the word it undoes."""
    if doc.twin != "undo" or not _REVERSAL.search(text):
        return words
    return words | {f"un{w}" for w in words}


def _ends(endpoint: Endpoint, deletable: set[str]) -> bool:
    return vocab.removes_its_item(endpoint.method, endpoint.path, deletable)


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
        _field_words(endpoint),
        described=frozenset(
            _roots(
                f"{literal} {summary} {' '.join(names)} {_first_sentence(endpoint)}".replace(
                    "_", " "
                )
            )
        ),
    )


def _first_sentence(endpoint: Endpoint) -> str:
    """What the endpoint does; what follows tells what it does not ("no longer accepts
    `public_metadata`"), what to use instead, and options that its siblings share (the bulk
    endpoint explains `notify`, the single one leaves it to the field)."""
    return re.split(r"\.\s|\n\n", (endpoint.description or "").strip(), maxsplit=1)[0]


def _roots(text: str) -> list[str]:
    """Words cut to their first letters, so 'impersonation' meets 'impersonate' and
    'delivering' meets 'delivery' (the stemmer keeps such pairs apart on purpose)."""
    return [_root(w) for w in lexicon.tokens(text) if not w.isdigit()]


def _root(word: str) -> str:
    return word[:_ROOT_LETTERS]


def _field_words(endpoint: Endpoint) -> tuple[tuple[str, ...], ...]:
    names = [p.name for p in endpoint.params if p.location == "query"]
    names += [f.name for f in endpoint.body.fields] if endpoint.body else []
    found = (tuple(lexicon.tokens(n.replace("_", " "))) for n in names)
    return tuple(words for words in found if words)


def field_named(doc: EndpointWords, words: set[str], index: Index) -> float:
    """A setting named outright ("support email", "HaveIBeenPwned") points at its endpoint.

    Every word of one of the endpoint's field names was said, and the name is specific:
    few endpoints have that field. Worth about as much as naming the resource.
    """
    for name in doc.fields:
        if index.field_counts.get(name, 0) > RARE_FIELD or not all(w in words for w in name):
            continue
        # one word that is also an order ("banned" / "ban him") names no setting
        if len(name) == 1 and lexicon.intent_of(name[0]) is not None:
            continue
        return FIELD_NAMED_BONUS
    return 0.0


def lexical(
    doc: EndpointWords,
    words: set[str],
    idf: dict[str, float],
    context: frozenset[str] | set[str] = frozenset(),
) -> float:
    """Word overlap weighted by rarity; words said only as context count CONTEXT_WEIGHT."""
    score = 0.0
    for word in words:
        weight = 3.0 if word in doc.path else 2.0 if word in doc.summary else 0.0
        if word in lexicon.GENERIC_VERBS:
            weight = 1.0 if word in doc.path else 0.0
        if not weight and word in doc.params:
            weight = 0.8
        if not weight and _root(word) in doc.described and not lexicon.intent_of(word):
            # only the description says it ("an impersonation token": actor tokens)
            score += (
                DESCRIBED_WEIGHT
                * idf.get(f"~{_root(word)}", 0.0)
                * (CONTEXT_WEIGHT if word in context else 1.0)
            )
            continue
        score += weight * idf.get(word, 0.0) * (CONTEXT_WEIGHT if word in context else 1.0)
    # Path words the request never mentions: /organization_invitations is not /organizations.
    # (a whole resource never mentioned costs more: "an app invite" is no organization's)
    unsaid = doc.path - words
    score -= 1.0 * len(unsaid) + UNSAID_RESOURCE_COST * len(unsaid & _RESOURCE_WORDS)
    return score


def negated_path(doc: EndpointWords, negated: set[str]) -> float:
    """ "No template": a path word said under a negation is what the person does not want."""
    if not negated:
        return 0.0
    # the whole path, placeholders too: /tokens/{template_name} takes a template
    path_words = set(lexicon.tokens(re.sub(r"[{}/_]", " ", doc.endpoint.path)))
    return -NEGATED_PATH_COST * len(path_words & negated)


def intents(text: str) -> list[str]:
    """HTTP methods the clause's verbs ask for, in order of appearance."""
    if _ASKS.match(text):
        return ["GET"]  # "did we send her an invite?" asks to read, whatever its verbs
    text = _LEADING_TIME_CLAUSE.sub("", text, count=1)
    text = COLON_NAME.sub(" ", text)  # "scopes billing:read" orders no read
    said = re.findall(r"[a-z']+", text)
    # "the block list", "our sms blocklist", "the invite": after a determiner, a noun
    # ("the outage, give them credits": punctuation ends the noun phrase)
    marked = re.findall(r"[a-z']+|[,.;:!?()]", text)
    verbs = [
        w
        for two, one, w in zip(["", "", *marked], ["", *marked], marked, strict=False)
        if w[0].isalpha()
        and not ({two, one} & _DETERMINERS and one[0].isalpha())
        and not (one == "to" and two[:1].isalpha() and two not in _WANTING)
    ]
    found = [m for m in (lexicon.intent_of(w) for w in verbs) if m]
    leading = _leading_verb_intent(said)
    if leading:
        found.insert(0, leading)
    found += _wanted_done(text)
    ordered = bool(said) and lexicon.intent_of(said[0]) is not None  # "create ..., X should be"
    if _SHOULD.search(text) and not set(found) & {"DELETE"} and not ordered:
        # "people on that domain should only get a suggestion", "org_x should never have
        # more than 40 members": how something should be is a change
        found.insert(0, "PATCH")
    if _QUESTION.search(text) and not _polite_order(text):
        found.insert(0, "GET")
    if not found and _WANTS.match(text):
        found = ["PATCH"]  # "I want people on that domain to get a suggestion": a change
    if _LOOKUP_THEN_ACT.search(text) and any(m != "GET" for m in found):
        # "look her up and delete her account": the lookup is a step of its own (by email)
        found = [m for m in found if m != "GET"] + [m for m in found if m == "GET"]
    return found


def _polite_order(text: str) -> bool:
    """'Can you lift the ban so she can log in again?' is an order, not a question."""
    # ("... and then delete the organization org_x?": an order verb first, the question
    # mark is the polite sentence's it ends)
    asked = _POLITE_VERB.search(text) or _FIRST_WORD.match(text)
    if asked is None or _READ_LEAD.match(text, asked.start(1)):
        return False  # ("..., and send me the config of jtmp_B?": a read)
    verb = asked.group(1)
    return lexicon.intent_of(verb) not in (None, "GET") or (
        verb in ORDER_VERBS and verb not in _READ_VERBS
    )


def _wanted_done(text: str) -> list[str]:
    """'I want the Svix app disconnected and deleted', 'it must be removed': the outcome's
    verbs are orders."""
    wanted = _WANTED_DONE.search(text) or _MUST_BE_DONE.search(text)
    if wanted is None:
        return []
    words = re.findall(r"[a-z]+ed\b", wanted.group(1))
    found = [lexicon.INTENTS.get(lexicon.stem(w)) or _PARTICIPLES.get(w) for w in words]
    return [m for m in found if m]


def _leading_verb_intent(said: list[str]) -> str | None:
    """An order's first word is its verb: slang ("nuke", "boot", "switch") means what the
    search vocabulary expands it to or files it under, when the planner's lexicon does not
    know it."""
    verbs = [w for w in said if w not in _POLITE]
    if not verbs or lexicon.intent_of(verbs[0]):
        return None
    expansion = vocab.WORD_SYNONYMS.get(verbs[0]) or vocab.WORD_SYNONYMS.get(lexicon.stem(verbs[0]))
    meant = [lexicon.intent_of(w) for w in (expansion or "").split()]
    meant += [m[0] for p, m, _ in vocab.INTENTS if re.fullmatch(p, verbs[0])]
    return next((m for m in meant if m), None)


def _named_setting_and_resource(
    doc: EndpointWords, request: Request, said: set[str], index: Index
) -> float:
    """Field named outright, minus resources named elsewhere; a named field names its resource."""
    words = request.tokens - request.context_tokens
    bonus = field_named(doc, words, index)
    if bonus:
        words = words | doc.resource  # "support email" is PATCH /instance's, said or not
    return bonus - index.resource_penalty(doc, words, said - request.context_tokens)


def _method_as_said(doc: EndpointWords, wanted: list[str], words: set[str]) -> str:
    """POST /users/{id}/remove_password *is* "remove": its path says the verb asked for."""
    if not wanted or doc.endpoint.method in (wanted[0], "GET"):
        return doc.endpoint.method
    if wanted[0] == "DELETE" and doc.ends_item:
        return "DELETE"
    action = doc.endpoint.path.rstrip("/").split("/")[-1]
    if action.startswith("{"):
        return doc.endpoint.method
    said = action.split("_")
    if not all(lexicon.canonical(w) in words for w in said):
        return doc.endpoint.method  # "remove the account" is not remove_password
    if any(lexicon.intent_of(w) == wanted[0] for w in said):
        return wanted[0]
    return doc.endpoint.method


def intent_score(method: str, wanted: list[str]) -> float:
    if not wanted:
        return 0.0
    if method not in wanted:
        return -2.0
    score = 4.0 if wanted[0] == method else 0.0
    score += sum(1.0 for m in wanted[1:3] if m == method)
    return score + (1.0 if method == "PUT" and "PUT" in wanted else 0.0)


def looked_up_fields(filled: Filled) -> set[str]:
    """The ids a lookup step before the call supplies: the user's by email, the org's."""
    looked_up = {"user_id"} if filled.needs_lookup is not None else set()
    return looked_up | ({"organization_id"} if filled.lookup_org else set())


def fit_score(filled: Filled) -> float:
    # A user id found by looking the email up first counts as given (an org's by its name).
    lookup = filled.needs_lookup is not None
    emails_unused = filled.emails_unused - (1 if lookup else 0)  # the lookup uses that one
    looked_up = looked_up_fields(filled)
    lookup = lookup or bool(filled.lookup_org)
    missing_path = [f for f in filled.missing if f.location == "path" and f.name not in looked_up]
    missing_other = [f for f in filled.missing if f.location != "path"]
    return (
        3.0 * filled.path_filled
        + 2.0 * filled.path_referenced
        + 1.0 * (filled.used - filled.path_filled)
        - 8.0 * len(missing_path)
        - 2.5 * len(missing_other)
        # (ids listed with a used one get a call each, but an endpoint that takes the whole
        # list, POST /users/ban, still ranks first)
        - ID_UNUSED_COST * (filled.ids_unused + filled.ids_listed)
        - 2.5 * emails_unused
        - 2.5 * filled.phones_unused
        - 3.0 * filled.dates_unused  # "active before Jan 1": the list that filters by it
        + 1.0 * filled.referenced
        + (0.5 if lookup else 0.0)
    )


def rank(catalog: Catalog, request: Request, shortlist: int = 30) -> list[Scored]:
    index = index_for(catalog)
    words = request.tokens
    wanted = intents(request.order_text)
    said = set(lexicon.tokens(lexicon.rewrite(request.slots.words)))
    known = neighbour_bonus(request.raw)  # wording close to labelled requests: their endpoints
    first = sorted(
        (
            (
                _known(known, d.endpoint)
                + lexical(
                    d, undone_words(d, words, request.order_text), index.idf, request.context_tokens
                )
                + intent_score(_method_as_said(d, wanted, words), wanted)
                + twin_score(d, request.order_text)
                + negated_path(d, request.negated - request.tokens)
                + _named_setting_and_resource(d, request, said, index),
                d,
            )
            for d in index.docs
        ),
        key=lambda pair: -pair[0],
    )[:shortlist]
    # What an earlier step creates ("its domain" after creating an org) is named here too.
    created = " ".join(lexicon.ID_KINDS[p][0] for p in request.references if p in lexicon.ID_KINDS)
    boost = _retrieval_boost(catalog, f"{request.raw} {created}".strip())
    said_against = _Contradicted.of(request)  # (read once: the same for every endpoint)
    scored = []
    for base, doc in first:
        filled = fill(doc.endpoint, request)
        if _id_of_another_collection(doc.endpoint, filled):
            continue  # (an entry of another list: the API has no such one here)
        total = base + fit_score(filled) + boost.get(doc.endpoint.key, 0.0)
        total -= DEPRECATED_COST if doc.endpoint.deprecated else 0.0  # replacements first
        total -= CREATES_GIVEN_COST * _creates_what_is_given(doc.endpoint, request)
        total -= _contradiction_cost(doc.endpoint, said_against)
        total -= CONTAINER_COST * deletes_the_container(doc.endpoint, filled, request)
        total -= UNNAMED_IRREVERSIBLE_COST * irreversible_unnamed(doc, request)
        total += SORT_NAMED_BONUS * filled.sort_named
        scored.append(Scored(doc.endpoint, total, filled))
    _prefer_direct_reads(scored, request)
    scored.sort(key=lambda s: -s.score)
    return scored


def _known(known: dict[str, float], endpoint: Endpoint) -> float:
    """Evidence ranks, it never names: an irreversible action gets no vote from neighbours."""
    return 0.0 if endpoint.key in IRREVERSIBLE_EFFECTS else known.get(endpoint.key, 0.0)


def _prefer_direct_reads(scored: list[Scored], request: Request) -> None:
    """A read that needs a user lookup first loses to a read that takes the email as it
    is, when there is one ("any invites for x@y.io?": search the invitations by email)."""
    direct = any(
        s.endpoint.method == "GET"
        and s.endpoint.path not in _LOOKUP_PATHS  # (the lookup itself is no alternative)
        and s.filled.needs_lookup is None
        and request.slots.emails
        and s.filled.emails_unused == 0
        for s in scored
    )
    if not direct:
        return
    for s in scored:
        if s.endpoint.method == "GET" and _looks_up(s.filled):
            s.score -= READ_AFTER_LOOKUP_COST


def _looks_up(filled: Filled) -> bool:
    return filled.needs_lookup is not None and any(f.name == "user_id" for f in filled.missing)


def deletes_the_container(endpoint: Endpoint, filled: Filled, request: Request) -> bool:
    """'remove a user from org_x': what follows 'from' holds the thing removed; it is not it.

    The removed thing is what the words before 'from <id>' (or 'out of', 'off') name. A
    DELETE whose path after that id names none of it (the org itself, or its logo when a
    user was named) removes something the person did not ask to remove.
    """
    if endpoint.method != "DELETE":
        return False
    for name, value in filled.values.items():
        if not isinstance(value, str):
            continue
        whole = endpoint.path.endswith(f"{{{name}}}")
        if whole and (_a_part_of(value, request.raw) or _where_said_first(value, request.raw)):
            return True  # ("remove the pfp on user_x", "In org_x ...": never the thing)
        said = _removed_from(value, request.raw)
        read = _removed_from(value.lower(), request.text) if said is None else None
        if said is None and read is None:
            continue
        tail = endpoint.path.split(f"{{{name}}}", 1)[-1]
        tail_words = set(lexicon.tokens(lexicon.rewrite(re.sub(r"[{}/_]", " ", tail))))
        if said is None:
            # ("he should not be inside org_x anymore" reads "remove from org_x": a person
            # is taken from it; neither the org nor a part of it nobody named, its logo)
            return not tail_words or not tail_words & (request.tokens | _PERSON_WORDS)
        return not tail_words or (bool(said) and not said & tail_words)
    return False


def _id_of_another_collection(endpoint: Endpoint, filled: Filled) -> bool:
    """ "delete blid_x from the blocklist": a blocklist identifier's id in the path of the
    allowlist's identifiers names an entry of another list (the nouns share their last
    word, "identifier", and differ in the first)."""
    segments = endpoint.path.split("/")
    for at, segment in enumerate(segments[1:], 1):
        value = filled.values.get(segment.strip("{}")) if segment.startswith("{") else None
        if not isinstance(value, str) or "_" not in value:
            continue
        noun = ID_NOUNS.get(value.split("_", 1)[0], "").split()
        collection = segments[at - 1].rstrip("s").split("_")
        same_last = len(noun) > 1 and len(collection) > 1 and noun[-1] == collection[-1]
        if same_last and noun[0] != collection[0]:
            return True
    return False


def _removed_from(container: str, text: str) -> set[str] | None:
    """The words naming what is taken 'from <container>' (None: not said that way)."""
    # words are taken whole from a word's start (tried at every position inside a long
    # pasted token, `\S+` rescanned the token: quadratic); the same leftmost match
    found = re.search(
        rf"((?:(?<!\S)(?:\S++\s+){{1,3}}?)??)(?:from|out of|off)\s+{re.escape(container)}",
        text,
        re.I,
    )
    if found is None:
        return None
    # whole tokens, so an email or phone number stays one word that names its person
    words = [w.strip(",.;:!?\"'()") for w in found.group(1).split()]
    words = [w for w in words if w and not _orders_word(w)]
    if any(CLERK_ID.fullmatch(w) for w in words):
        return set()  # "eac_1 from user_2": the thing removed is named by its own id
    named = {("user" if _names_a_person(w) else w) for w in words}
    return set(lexicon.tokens(lexicon.rewrite(" ".join(named))))


def _where_said_first(value: str, text: str) -> bool:
    """'In org_x the user ... should not be member': where the request acts, said first."""
    return bool(re.match(rf"\W*(?:in|inside|within)\s+(?:\w+\s+)?{re.escape(value)}\b", text, re.I))


def _a_part_of(value: str, text: str) -> bool:
    """'the pfp on user_x', 'the logo of org_x': words naming something other than the
    thing the id is (its kind, or a person for a user), said just before 'on/of <id>'."""
    found = re.search(
        rf"((?:(?<!\S)(?:\S++\s+){{1,3}}?)??)(?:on|of)\s+{re.escape(value)}", text, re.I
    )
    if found is None:
        return False
    words = [w.strip(",.;:!?\"'()") for w in found.group(1).split()]
    words = [w for w in words if w and not _orders_word(w) and not CLERK_ID.fullmatch(w)]
    lowered = {w.lower() for w in words}
    if lowered & lexicon.WHOLE_THING_WORDS or not lowered & set(lexicon.KEY_POSSESSIVES):
        return False  # ("all data of user_x" is the user; "get rid of org_x" names no part)
    named = set(lexicon.tokens(lexicon.rewrite(" ".join(words))))
    kind = set(lexicon.ID_KINDS.get(_prefix(value), ()))
    if not kind & PARTY_KINDS:
        return False  # ("lift the block on blid_x": an entry has no parts to remove)
    kind |= _PERSON_WORDS if "user" in kind else set()
    return bool(named) and not named & kind and not any(_names_a_person(w) for w in words)


def irreversible_unnamed(doc: EndpointWords, request: Request) -> bool:
    """An irreversible action (remove_password, set_compromised, revoke, rotate ...) is
    proposed only when the request names it, however well its fields fit the words.

    DELETEs are left to the method intent ("remove a member" names no "membership"), and so
    is the revoke that removes an item with no DELETE ("boot sess_x").
    """
    endpoint = doc.endpoint
    if endpoint.method == "DELETE" or endpoint.key not in IRREVERSIBLE_EFFECTS:
        return False
    if doc.ends_item and "DELETE" in intents(request.order_text):
        return False
    action = next(p for p in reversed(endpoint.path.split("/")) if p and "{" not in p)
    words = set(lexicon.tokens(lexicon.rewrite(action.replace("_", " "))))
    specific = words - _GENERIC_ACTION_WORDS or words
    # said in the order, not in the story around it ("don't ban, it may be a compromised
    # password" beside "Lock the account" names no set_compromised)
    order = request.order_text
    said = set(lexicon.tokens(order)) | set(lexicon.tokens(lexicon.rewrite(order)))
    if not request.focus:
        said |= request.tokens | set(lexicon.tokens(request.raw.lower()))
    return not specific & said


def _names_a_person(word: str) -> bool:
    """'remove bob@acme.io from org_x': an email or phone number stands for its user."""
    return word.lower() in _PEOPLE or bool(EMAIL.fullmatch(word) or PHONE.fullmatch(word))


def _orders_word(word: str) -> bool:
    """An order's verb ('kick', 'remove') says how, not what is removed."""
    if lexicon.intent_of(word):
        return True
    return any(re.fullmatch(pattern, word.lower()) for pattern, _, _ in vocab.INTENTS)


def _creates_what_is_given(endpoint: Endpoint, request: Request) -> bool:
    """A creation (POST /users) while an id of the very kind it creates is given unused."""
    if endpoint.method != "POST" or endpoint.path.endswith("}") or endpoint.path.count("/") > 1:
        return False
    created = endpoint.path.strip("/").rstrip("s")
    given = {lexicon.id_kind(i.split("_", 1)[0]) for i in request.slots.ids}
    given.discard(lexicon.id_kind((request.slots.self_id or "_").split("_", 1)[0]))
    return any(created in lexicon.ID_KINDS.get(kind, ()) for kind in given)


def _cue_pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{any_phrase(cues)})\b")


_ONE_MORE, _OLD_ONES_GO = _cue_pattern(lexicon.ONE_MORE_CUES), _cue_pattern(lexicon.ONE_MORE_UNLESS)
_ALREADY_MEMBER = _cue_pattern(lexicon.ALREADY_MEMBER)
_HAS_ACCOUNT = _cue_pattern(lexicon.HAS_ACCOUNT)
_ONE_CALL = _cue_pattern(lexicon.ONE_CALL_CUES)
_IDENTIFIERS = ("/email_addresses", "/phone_numbers", "/web3_wallets")


@dataclass(frozen=True, slots=True)
class _Contradicted:
    """What the request says that some calls would contradict, read once per request."""

    one_more: bool  # "should have also the address y@z": one more, not all of them replaced
    already_member: bool  # "she is already inside org_x": no new membership
    blocking: bool  # "block +1555...": the value is kept out, never given to a user
    one_call: frozenset[str]  # "unban user_A and user_B in one call": not one call per id
    person_made: bool  # "after he is created, he should be admin in org_x": no membership yet
    has_account: bool  # "she has already an account with us": a member, never invited

    @staticmethod
    def of(request: Request) -> _Contradicted:
        text, raw = request.order_text, request.raw.lower()
        return _Contradicted(
            one_more=bool(_ONE_MORE.search(text)) and not _OLD_ONES_GO.search(text),
            already_member=bool(_ALREADY_MEMBER.search(raw)),
            blocking=bool(lexicon.BLOCKING_WORDS & set(lexicon.tokens(text))),
            one_call=_kinds_said_twice(request) if _ONE_CALL.search(raw) else frozenset(),
            person_made=_person_made(request),
            has_account=bool(_HAS_ACCOUNT.search(raw)),
        )


def _contradiction_cost(endpoint: Endpoint, said: _Contradicted) -> float:
    """What a call costs for going against the request: replacing every address while one
    more is added, adding a member again, giving a user a value to be blocked, acting on
    one target (a path ending in its id) where one call for all of them was asked."""
    replaces_all = endpoint.method == "PUT" and endpoint.summary.lower().startswith("replace")
    adds_member = endpoint.method == "POST" and endpoint.path.endswith("/memberships")
    changes_member = endpoint.method == "PATCH" and endpoint.path.endswith("/memberships/{user_id}")
    invites_to_org = endpoint.method == "POST" and "/invitations" in endpoint.path
    return (
        REPLACES_ALL_COST * (replaces_all and said.one_more)
        + MEMBER_AGAIN_COST * (adds_member and said.already_member)
        + MEMBER_AGAIN_COST * (changes_member and said.person_made)
        + MEMBER_AGAIN_COST * (invites_to_org and said.has_account)
        + BLOCKED_NOT_ADDED_COST * (_lets_a_value_in(endpoint) and said.blocking)
        + ONE_BY_ONE_COST * _takes_one_of(endpoint, said.one_call)
    )


def _person_made(request: Request) -> bool:
    """Does the order act on a user an earlier step makes, naming no user of its own? (A
    person made now is in no organization yet: a role there is a new membership.)"""
    made = any(k.startswith(THING_MADE) and v == "user" for k, v in request.references.items())
    said = any(_prefix(i) == "user" for i in request.slots.ids)
    return made and not said


def _kinds_said_twice(request: Request) -> frozenset[str]:
    """The kinds of thing (user, organization ...) the request names by two ids or more."""
    kinds = [k for i in request.slots.ids for k in lexicon.ID_KINDS.get(_prefix(i), ())]
    return frozenset(k for k in kinds if kinds.count(k) > 1)


def _prefix(value: str) -> str:
    return lexicon.id_kind(value.split("_", 1)[0])


def _takes_one_of(endpoint: Endpoint, kinds: frozenset[str]) -> bool:
    """Does the endpoint act on one thing of these kinds (its id in the path)?"""
    return any(f"{{{kind}_id}}" in endpoint.path for kind in kinds)


def _lets_a_value_in(endpoint: Endpoint) -> bool:
    """An email, phone or wallet given to a user, or a new user, invitation or waitlist
    entry for it: each lets in a value the request keeps out."""
    top_level = endpoint.path.count("/") == 1 and not endpoint.path.startswith("/blocklist")
    adds = endpoint.method == "POST" and (endpoint.path.endswith(_IDENTIFIERS) or top_level)
    return adds or (endpoint.method == "PUT" and endpoint.path.startswith("/users/{user_id}/"))


def _retrieval_boost(catalog: Catalog, text: str) -> dict[str, float]:
    """Up to +PLANNER_SEARCH_BOOST from the shared BM25 search, when that module is present."""
    try:
        from ..retrieval import search  # type: ignore[import-not-found]
    except ImportError:
        return {}
    hits = search(catalog, text, k=10)
    if not hits:
        return {}
    # search's deprecation discount is taken back out: the planner counts it once, DEPRECATED_COST
    scores = {
        h.endpoint.key: h.score / (DEPRECATED_FACTOR if h.endpoint.deprecated else 1.0)
        for h in hits
    }
    top = max(scores.values()) or 1.0
    return {key: PLANNER_SEARCH_BOOST * score / top for key, score in scores.items()}


def ignores_named(catalog: Catalog, endpoint: Endpoint, request: Request) -> bool:
    """Does the endpoint ignore a resource the person typed ("sessions" for DELETE /users)?"""
    index = index_for(catalog)
    doc = next(d for d in index.docs if d.endpoint.key == endpoint.key)
    said = set(lexicon.tokens(lexicon.rewrite(request.slots.words))) - _value_labels(request)
    return bool((index.resources & said) - doc.path - doc.summary - doc.params)


def _value_labels(request: Request) -> set[str]:
    """ "the user with email x@y.io": "email" labels a value; it names no resource."""
    labels = {"email": request.slots.emails, "phone": request.slots.phones}
    return {lexicon.canonical(word) for word, values in labels.items() if values}


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
