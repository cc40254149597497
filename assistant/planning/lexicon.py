"""The local planner's vocabulary: how people say Clerk things, as the planner reads it.

The words live in `assistant/language/data/*.yml`, one table each, shared with search
(`assistant.vocabulary` reads the same tables); this module gives them the names the
planner uses. None of it names an endpoint.
"""

from __future__ import annotations

from ..language.tables import (
    ANY_ID_FIELDS,
    CLOSING_WORDS,
    CREATE_VERBS,
    CREATING_ACTIONS,
    CREATING_ORDERS,
    ENUM_CUES,
    FIELD_ALIASES,
    FOLLOW_ON_VERBS,
    GENERIC_VERBS,
    ID_KINDS,
    KEY_POSSESSIVES,
    LABEL_LINKS,
    LIST_JOINERS,
    MARKED_STATES,
    MERGE_CUES,
    METADATA_SET_VERBS,
    NEGATED_CHOICES,
    NOT_ID_TAILS,
    NOT_PLAIN_VALUES,
    NOUN_MARKERS,
    OAUTH_PROVIDERS,
    PHRASES,
    PLURAL_NAMES,
    REMOVING_ORDERS,
    REPLACE_CUES,
    ROLE_WORDS,
    STATE_QUESTIONS,
    TODAY_MARKERS,
    UNDOES,
)
from ..language.tables import PLANNER_INTENTS as INTENTS
from ..language.tables import PLANNER_STOPWORDS as STOPWORDS
from ..language.tables import PLANNER_SYNONYMS as SYNONYMS
from ..language.text import (
    TOKEN,
    canonical,
    id_kind,
    intent_of,
    negated_words,
    phrase_spans,
    rewrite,
    stem,
    tokens,
)

__all__ = [
    "ANY_ID_FIELDS",
    "CLOSING_WORDS",
    "CREATE_VERBS",
    "CREATING_ACTIONS",
    "CREATING_ORDERS",
    "ENUM_CUES",
    "FIELD_ALIASES",
    "FOLLOW_ON_VERBS",
    "GENERIC_VERBS",
    "ID_KINDS",
    "INTENTS",
    "KEY_POSSESSIVES",
    "LABEL_LINKS",
    "LIST_JOINERS",
    "MARKED_STATES",
    "MERGE_CUES",
    "METADATA_SET_VERBS",
    "NEGATED_CHOICES",
    "NOT_ID_TAILS",
    "NOT_PLAIN_VALUES",
    "NOUN_MARKERS",
    "OAUTH_PROVIDERS",
    "PHRASES",
    "PLURAL_NAMES",
    "REMOVING_ORDERS",
    "REPLACE_CUES",
    "ROLE_WORDS",
    "STATE_QUESTIONS",
    "STOPWORDS",
    "SYNONYMS",
    "TODAY_MARKERS",
    "TOKEN",
    "UNDOES",
    "canonical",
    "id_kind",
    "intent_of",
    "negated_words",
    "phrase_spans",
    "rewrite",
    "stem",
    "tokens",
]
