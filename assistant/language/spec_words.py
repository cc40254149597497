"""The speller of one spec: its words and the language data's, cached as JSON data.

`speller_for(catalog)` is what the planner and search call: the vocabulary of the spec
(summaries, paths, operation ids, tags, parameter and field names and enum values count
SPEC_WEIGHT; descriptions once) and of the language tables, built once per spec and
cached beside the compiled catalog (`datacache`), so a warm start reads one small file
instead of splitting every description. The corrector itself is `spelling.Speller`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..datacache import read_data, write_data
from . import data, tables
from .spelling import LANGUAGE_WEIGHT, Speller, language_words, make_speller, pattern_words
from .text import stem, words

if TYPE_CHECKING:
    from ..spec import Catalog

# Bump when what the cached vocabulary holds, or how it is built, changes.
VOCABULARY_VERSION = 3
CACHE_KIND = "spelling-vocabulary"
SPEC_WEIGHT = 4  # a word of a summary, path or name counts this many description words


def spec_word_counts(catalog: Catalog) -> dict[str, int]:
    """How often each word of the spec is said: names count SPEC_WEIGHT, prose once."""
    counts: dict[str, int] = {}
    for endpoint in catalog:
        for text, weight in _spec_texts(endpoint):
            for word in words(text):
                if word.isalpha() and len(word) > 1:
                    counts[word] = counts.get(word, 0) + weight
    return counts


def _spec_texts(endpoint: Any) -> Iterator[tuple[str, int]]:
    named = [endpoint.summary, endpoint.operation_id, endpoint.path, *endpoint.tags]
    fields = [*endpoint.params, *(endpoint.body.fields if endpoint.body else ())]
    named += [f.name for f in fields] + [str(v) for f in fields for v in f.enum]
    yield " ".join(named), SPEC_WEIGHT
    yield " ".join([endpoint.description, *(f.description for f in fields)]), 1


# -------------------------------------------------------------------- one per spec

_MEMORY: dict[str, Speller] = {}


def speller_for(catalog: Catalog) -> Speller:
    """The speller of this spec and the language data: from memory, the cache, or built."""
    key = f"{catalog.sha256}:{len(catalog)}:{tables.DIGEST}:{VOCABULARY_VERSION}"
    if key not in _MEMORY:
        _MEMORY[key] = _cached_speller(catalog, key)
    return _MEMORY[key]


def _cached_speller(catalog: Catalog, key: str) -> Speller:
    rules = tables.SPELLING
    cached = _read_vocabulary(catalog, key) if catalog.sha256 else None
    if cached is not None:
        counts, stems = cached
        return Speller(counts, stems, rules, stem, split_anchors())
    speller = _built_speller(catalog, rules)
    if catalog.sha256:
        _write_vocabulary(catalog, key, speller)
    return speller


def _built_speller(catalog: Catalog, rules: Mapping[str, Any]) -> Speller:
    counts = spec_word_counts(catalog)
    for word in language_words(data.tables().raw):  # (a cold build only: not on import)
        counts[word] = counts.get(word, 0) + LANGUAGE_WEIGHT
    patterns = [rule.pattern for rule in tables.RULES]
    patterns += [pattern for pattern, _, _ in tables.SEARCH_INTENTS]
    return make_speller(counts, rules, stem, pattern_words(patterns), split_anchors())


def split_anchors() -> list[str]:
    """The order verbs and the nouns of the API's things: one of two words typed run
    together must be one of these ("removethe", "fromorg")."""
    return [*tables.ORDER_VERBS, *(noun for nouns in tables.ID_KINDS.values() for noun in nouns)]


def _vocabulary_file(catalog: Catalog) -> Path:
    from ..spec import user_cache_dir  # deferred: the spec module is not needed to correct

    return user_cache_dir() / "catalogs" / f"{catalog.sha256[:32]}.spelling.json"


def _read_vocabulary(catalog: Catalog, key: str) -> tuple[dict[str, int], list[str]] | None:
    data = read_data(_vocabulary_file(catalog), CACHE_KIND, key)
    try:
        counts, stems = dict(data["counts"]), list(data["stems"])
    except (KeyError, TypeError, ValueError):
        return None
    if not all(isinstance(c, int) for c in counts.values()) or not all(
        isinstance(w, str) for w in stems
    ):
        return None
    return counts, stems


def _write_vocabulary(catalog: Catalog, key: str, speller: Speller) -> None:
    data = speller.vocabulary()
    path = _vocabulary_file(catalog)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return
    write_data(path, CACHE_KIND, key, data)
