"""The words people use for Clerk admin work, as search (`assistant.retrieval`) reads them.

The words live in `assistant/language/data/*.yml`, one table each, shared with the
planner (`assistant.planning.lexicon` reads the same tables); this module gives them
the names retrieval uses. A change to the data changes the index fingerprint.
"""

from __future__ import annotations

from .language.tables import (
    COMPOUNDS,
    ID_PREFIXES,
    PHRASE_SYNONYMS,
    QUERY_REWRITES,
    SECRET_FIELDS,
    STEM_EXCEPTIONS,
)
from .language.tables import INDEX_CANONICAL as CANONICAL
from .language.tables import SEARCH_INTENTS as INTENTS
from .language.tables import SEARCH_STOPWORDS as STOPWORDS
from .language.tables import SEARCH_SYNONYMS as WORD_SYNONYMS
from .language.text import abbreviates, removes_its_item
from .language.values import SECRET_PATTERN

__all__ = [
    "CANONICAL",
    "COMPOUNDS",
    "ID_PREFIXES",
    "INTENTS",
    "PHRASE_SYNONYMS",
    "QUERY_REWRITES",
    "SECRET_FIELDS",
    "SECRET_PATTERN",
    "STEM_EXCEPTIONS",
    "STOPWORDS",
    "WORD_SYNONYMS",
    "abbreviates",
    "removes_its_item",
]
