"""The language data as the tables search and the planner read (built once per process).

Search (`assistant.retrieval`, through `assistant.vocabulary`) and the local planner
(through `assistant.planning.lexicon`) read these same names; the words themselves are
in `data/*.yml`.
"""

from __future__ import annotations

from typing import Any

from .data import Rule, tables

_T = tables()
_RAW = _T.raw
DIGEST = _T.digest
RULES: tuple[Rule, ...] = _T.rules

# ------------------------------------------------------------------ stopwords
_STOP = _RAW["stopwords"]
SEARCH_STOPWORDS = frozenset(_STOP["both"] + _STOP["search"])
PLANNER_STOPWORDS = frozenset(_STOP["both"] + _STOP["planner"])

# ------------------------------------------------------------------ tokens
COMPOUNDS: tuple[str, ...] = tuple(_RAW["tokens"]["compounds"])
STEM_EXCEPTIONS: dict[str, str] = dict(_RAW["tokens"]["stem_exceptions"])
INDEX_CANONICAL: dict[str, str] = dict(_RAW["tokens"]["index_canonical"])

# ------------------------------------------------------------------ synonyms
_SYNONYMS = _RAW["synonyms"]["words"]
PLANNER_SYNONYMS: dict[str, str] = {w: m["planner"] for w, m in _SYNONYMS.items() if "planner" in m}
SEARCH_SYNONYMS: dict[str, str] = {w: m["search"] for w, m in _SYNONYMS.items() if "search" in m}

# ------------------------------------------------------------------ verbs
_VERBS = _RAW["verbs"]
PLANNER_INTENTS: dict[str, str] = {
    word: method for method, verbs in _VERBS["planner_intents"].items() for word in verbs
}
CREATE_VERBS = frozenset(_VERBS["create"])
FOLLOW_ON_VERBS = frozenset(_VERBS["follow_on"])
GENERIC_VERBS = frozenset(_VERBS["generic_stems"])
ORDER_VERBS = frozenset(_VERBS["orders"])
STATE_QUESTIONS = frozenset(_VERBS["state_questions"])  # "is ...?": asks, never removes
# A removing order never plans a creation or an undo of another action (planning/orders.py)
REMOVING_ORDERS = frozenset(_VERBS["removing_orders"])
CREATING_ORDERS = frozenset(_VERBS["creating_orders"])
CREATING_ACTIONS = frozenset(_VERBS["creating_actions"])
UNDOES: dict[str, str] = dict(_VERBS["undoes"])
SEARCH_INTENTS: tuple[tuple[str, tuple[str, ...], str], ...] = tuple(
    (entry["pattern"], tuple(entry["methods"]), entry["spec_words"])
    for entry in _VERBS["search_intents"]
)

# ------------------------------------------------------------------ id prefixes
_PREFIXES: dict[str, dict] = _RAW["id_prefixes"]["prefixes"]


def _spellings(prefix: str) -> list[str]:
    return [prefix, *_PREFIXES[prefix].get("also", [])]


# prefix -> the noun it names ("blid" -> "blocklist identifier"), for every prefix
ID_NOUNS: dict[str, str] = {
    spelling: entry["noun"]
    for prefix, entry in _PREFIXES.items()
    for spelling in _spellings(prefix)
}
# prefix -> (the noun it names, parameter names that take it): what search reads
ID_PREFIXES: dict[str, tuple[str, tuple[str, ...]]] = {
    spelling: (entry["noun"], tuple(entry["params"]))
    for prefix, entry in _PREFIXES.items()
    if "params" in entry
    for spelling in _spellings(prefix)
}
# prefix -> words naming what it identifies (matched against parameter names): the planner
ID_KINDS: dict[str, tuple[str, ...]] = {
    spelling: tuple(entry["words"])
    for prefix, entry in _PREFIXES.items()
    if "words" in entry
    for spelling in _spellings(prefix)
}

# ------------------------------------------------------------------ cues
_CUES = _RAW["cues"]
ENUM_CUES: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _CUES["enum_cues"].items()}
ROLE_WORDS: dict[str, str] = dict(_CUES["role_words"])
ROLE_QUALIFIERS: tuple[str, ...] = tuple(_CUES["role_qualifiers"])
OAUTH_PROVIDERS: list[str] = list(_CUES["oauth_providers"])
MERGE_CUES: tuple[str, ...] = tuple(_CUES["merge_cues"])
REPLACE_CUES: tuple[str, ...] = tuple(_CUES["replace_cues"])
ONE_MORE_CUES: tuple[str, ...] = tuple(_CUES["one_more_cues"])
ONE_CALL_CUES: tuple[str, ...] = tuple(_CUES["one_call_cues"])
ONE_MORE_UNLESS: tuple[str, ...] = tuple(_CUES["one_more_unless"])
ALREADY_MEMBER: tuple[str, ...] = tuple(_CUES["already_member"])
HAS_ACCOUNT: tuple[str, ...] = tuple(_CUES["has_account"])
ONE_WORD_SLUGS: tuple[str, ...] = tuple(_CUES["one_word_slugs"])
BLOCKING_WORDS = frozenset(_CUES["blocking_words"])
SECRET_FIELDS: tuple[str, ...] = tuple(_CUES["secret_fields"])
ANY_ID_FIELDS = frozenset(_CUES["any_id_fields"])
LIST_JOINERS: tuple[str, ...] = tuple(_CUES["list_joiners"])
CLOSING_WORDS: tuple[str, ...] = tuple(_CUES["closing_words"])
PLURAL_NAMES: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _CUES["plural_names"].items()}
NOT_ID_TAILS = frozenset(_CUES["not_id_tails"])
METADATA_SET_VERBS: list[str] = list(_CUES["metadata_set_verbs"])
MARKED_STATES: dict[str, tuple[str, bool]] = {
    k: (str(v[0]), bool(v[1])) for k, v in _CUES["marked_states"].items()
}
KEY_POSSESSIVES: list[str] = list(_CUES["key_possessives"])
LABEL_LINKS = frozenset(_CUES["label_links"])
NOT_PLAIN_VALUES = frozenset(_CUES["not_plain_values"])
WHOLE_THING_WORDS = frozenset(_CUES["whole_thing_words"])
JUDGED_VALUES = frozenset(_CUES["judged_values"])
NUMBER_WORDS: dict[str, Any] = dict(_CUES["number_words"])
TODAY_MARKERS: tuple[str, ...] = tuple(_CUES["today_markers"])
DESTINATION_MARKERS: tuple[str, ...] = tuple(_CUES["destination_markers"])
NEGATED_CHOICES: dict[str, str] = dict(_CUES["negated_choices"])
NOUN_MARKERS = frozenset([*KEY_POSSESSIVES, *_CUES["noun_marker_extras"]])

# ------------------------------------------------------------------ spelling
SPELLING: dict = _RAW["spelling"]

# ------------------------------------------------------------------ phrase rules
PLANNER_RULES = tuple(
    r for r in RULES if r.stage in ("planner", "both") and r.kind not in ("expansion", "restate")
)
# Restating rules read the whole request as typed, once, before it is cut into orders: "was
# banned and locked ... both must be undone" says two orders ("unban, and unlock").
RESTATES: tuple[tuple[str, str], ...] = tuple(
    (r.pattern, r.becomes) for r in RULES if r.kind == "restate"
)
SEARCH_RULES = tuple(r for r in RULES if r.stage in ("search", "both") and r.kind != "expansion")
PHRASES: tuple[tuple[str, str], ...] = tuple((r.pattern, r.becomes) for r in PLANNER_RULES)
FIELD_ALIASES: tuple[tuple[str, str], ...] = tuple(
    (r.pattern, r.becomes) for r in PLANNER_RULES if r.kind == "field"
)
QUERY_REWRITES: tuple[tuple[str, str], ...] = tuple((r.pattern, r.becomes) for r in SEARCH_RULES)
PHRASE_SYNONYMS: tuple[tuple[str, str], ...] = tuple(
    (r.pattern, r.adds) for r in RULES if r.kind == "expansion"
)
# The rule that erases a negated word ("haven't been accepted"): negated_words() runs the
# planner's rules without it to see what it erased.
NEGATION_RULE = "negated-word"

# ------------------------------------------------------------------ named patterns
PATTERNS: dict[str, dict] = {entry["id"]: entry for entry in _RAW["patterns"]["patterns"]}
PATTERN_WORDS: dict[str, Any] = dict(_RAW["patterns"].get("words", {}))
