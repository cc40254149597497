"""Words of a text: the tokenizers, the stemmer and the phrase rewriting search and planner share.

One stemmer for everything. Search tokens (`search_tokens`) also split camelCase and
snake_case, because documents are built from paths and operation ids; planner tokens
(`tokens`) read a request and cut clitics first. Both drop the stopwords of their column
and map words onto the spec's words from the same tables (`data/*.yml`).
"""

from __future__ import annotations

import functools
import re

from . import tables as t
from .stemming import stem as _stem

# ------------------------------------------------------------------ search (documents)

_COMPOUND_RE = re.compile("|".join(t.COMPOUNDS), re.IGNORECASE)
_CHUNK_RE = re.compile(r"[A-Za-z0-9]+")
_CAMEL_RE = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
_KEEP_WHOLE = frozenset(t.COMPOUNDS)


def any_phrase(phrases: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of the phrases, longest first (so "and also" wins over "and"),
    a space in a phrase matching any run of spaces."""
    ordered = sorted(phrases, key=len, reverse=True)
    return "|".join(re.escape(p).replace("\\ ", r"\s+") for p in ordered)


def stem(word: str) -> str:
    """The one stemmer (search and planner): plurals and -ed/-ing, `invites` -> `invit`."""
    return _stem(word, _KEEP_WHOLE, t.STEM_EXCEPTIONS)


def words(text: str) -> list[str]:
    """Lowercase words of prose, paths and identifiers (camelCase and snake_case split)."""
    text = _COMPOUND_RE.sub(lambda m: f" {m.group(0).lower()} ", text)
    out: list[str] = []
    for chunk in _CHUNK_RE.findall(text):
        if chunk.lower() in _KEEP_WHOLE:
            out.append(chunk.lower())
        else:
            out.extend(part.lower() for part in _CAMEL_RE.findall(chunk))
    return out


def search_tokens(text: str) -> list[str]:
    """Stemmed, canonical, stopword-free tokens: the one tokenizer for docs and queries."""
    out: list[str] = []
    for word in words(text):
        stemmed = stem(word)
        if word in t.SEARCH_STOPWORDS or stemmed in t.SEARCH_STOPWORDS:
            continue  # "needs" and "wants" are as empty as "need" and "want"
        token = t.INDEX_CANONICAL.get(stemmed, stemmed)
        if token:
            out.append(token)
    return out


# ------------------------------------------------------------------ planner (requests)

TOKEN = re.compile(r"[a-z0-9]+")
_CLITIC = re.compile(r"'(?:s|t|re|ll|m|d|ve)\b")


@functools.cache
def _stemmed_intents() -> dict[str, str]:
    return {stem(k): v for k, v in t.PLANNER_INTENTS.items()}


@functools.cache
def _without_negation() -> tuple[tuple[str, str], ...]:
    return tuple((r.pattern, r.becomes) for r in t.PLANNER_RULES if r.id != t.NEGATION_RULE)


def canonical(word: str) -> str:
    word = word.lower()
    if word in t.PLANNER_SYNONYMS:
        return stem(t.PLANNER_SYNONYMS[word])
    stemmed = stem(word)
    synonym = t.PLANNER_SYNONYMS.get(stemmed)
    return stem(synonym) if synonym is not None else stemmed


def tokens(text: str) -> list[str]:
    # "it's", "user's": the clitic is no word ("s" would match every "user's" summary)
    text = _CLITIC.sub("", text.lower().replace("’", "'"))
    return [canonical(w) for w in TOKEN.findall(text) if w not in t.PLANNER_STOPWORDS]


def rewrite(text: str) -> str:
    """The planner's phrase rules, in order, over the lower-case text."""
    return _rewritten(text.lower().replace("’", "'"), t.PHRASES)


def restated(text: str) -> str:
    """The request as typed, with what it says as outcomes of several orders said as those
    orders (`kind: restate` rules), before it is cut into orders."""
    for pattern, replacement in t.RESTATES:
        text = re.sub(pattern, replacement, text, flags=re.IGNORECASE)
    return text


def _rewritten(text: str, rules: tuple[tuple[str, str], ...]) -> str:
    for pattern, replacement in rules:
        text = re.sub(pattern, replacement, text)
    return text


@functools.cache
def _outcome_rules() -> tuple[tuple[re.Pattern[str], bool], ...]:
    """Each outcome rule's pattern, and whether its replacement keeps group 1 (the words
    before the phrase, "^(.*?)... -> \\1unban"): those words are no part of the phrase."""
    return tuple(
        (re.compile(r.pattern), r.becomes.startswith("\\1"))
        for r in t.PLANNER_RULES
        if r.kind == "outcome"
    )


def phrase_spans(text: str) -> list[tuple[int, int]]:
    """Where the outcome rules match the text as typed: each match is one concept ("a link
    where he just clicks and is logged in" is a sign-in token), so whatever splits a request
    into orders must not cut through one. (Positions in `text`: lower-casing that changes
    the length, rare outside ASCII, gives no spans rather than wrong ones.)"""
    lowered = text.lower().replace("’", "'")
    if len(lowered) != len(text):
        return []
    spans: list[tuple[int, int]] = []
    for pattern, keeps_lead in _outcome_rules():
        for found in pattern.finditer(lowered):
            start = found.end(1) if keeps_lead and found.lastindex else found.start()
            if found.end() > start:
                spans.append((start, found.end()))
    return spans


def negated_words(text: str) -> set[str]:
    """Tokens the negation rule erased: "don't email them" negates `notify`."""
    lowered = _rewritten(text.lower().replace("’", "'"), _without_negation())
    negators = set(tokens("without not don't doesn't haven't hasn't never no nobody none"))
    return set(tokens(lowered)) - set(tokens(rewrite(text))) - negators


def intent_of(word: str) -> str | None:
    """The method a verb asks for. "banned users" is a state, not an order to ban."""
    word = word.lower()
    if word in t.PLANNER_INTENTS:
        return t.PLANNER_INTENTS[word]
    return None if word.endswith("ed") else _stemmed_intents().get(stem(word))


def id_kind(prefix: str) -> str:
    """`jtmpl` is a longer spelling of the known `jtmp`; unknown prefixes stay as they are.
    A compound names its kind by its last part, as English compounds do: `orgrole` is a
    role (of an org), not an org."""
    if prefix in t.ID_KINDS:
        return prefix
    ends = [k for k in t.ID_KINDS if prefix.endswith(k) and len(k) >= 4]
    if ends:
        return max(ends, key=len)
    starts = [k for k in t.ID_KINDS if prefix.startswith(k) and len(k) >= 3]
    return max(starts, key=len) if starts else prefix


def abbreviates(prefix: str, name: str) -> bool:
    """`entconn` abbreviates enterprise_connection_id: same first letter, letters in order."""
    letters = name.lower().replace("_", "")
    if not prefix or not letters.startswith(prefix[0]):
        return False
    position = 0
    for char in prefix:
        position = letters.find(char, position) + 1
        if position == 0:
            return False
    return True


def removes_its_item(method: str, path: str, deletable: set[str]) -> bool:
    """Is this action how its item is removed? A session or an invitation has no DELETE,
    so "delete"/"boot" one means POST .../revoke: an action on an item without a DELETE
    whose verb the search intents file under removal (revoke, cancel, terminate ...)."""
    parent, _, action = path.rstrip("/").rpartition("/")
    if method != "POST" or not parent.endswith("}") or parent in deletable:
        return False
    verb = action.replace("_", " ")
    return any(
        "DELETE" in methods and re.search(pattern, verb) for pattern, methods, _ in t.SEARCH_INTENTS
    )


@functools.cache
def _spelled_number() -> re.Pattern[str]:
    said = t.NUMBER_WORDS
    tens, units = any_phrase(list(said["tens"])), any_phrase(list(said["units"]))
    teens = any_phrase(list(said["teens"]))
    alone = any_phrase([w for w, n in said["units"].items() if n >= said["least"]])
    # (lower case only: "Seven Seas" is a name; quoted text is left out by the caller)
    return re.compile(
        rf"(?<![\w@.-])(?:(?P<tens>{tens})(?:[-\s](?P<unit>{units}))?|(?P<teen>{teens})"
        rf"|(?P<alone>{alone}))(?![\w@-]|\.\w)"
    )


def digits_for_spelled_numbers(text: str) -> str:
    """ "the twenty newest users", "expire in seven days": numbers said in words, as
    digits (cues.yml number_words; small ones stay words: "the two stolen devices")."""
    said = t.NUMBER_WORDS

    def value(match: re.Match[str]) -> str:
        if match.group("tens"):
            unit = said["units"].get(match.group("unit") or "", 0)
            return str(said["tens"][match.group("tens")] + unit)
        if match.group("teen"):
            return str(said["teens"][match.group("teen")])
        return str(said["units"][match.group("alone")])

    pieces = _QUOTED.split(text)  # (odd pieces are quoted: values, left as typed)
    return "".join(p if n % 2 else _spelled_number().sub(value, p) for n, p in enumerate(pieces))


_QUOTED = re.compile(r"(\"[^\"]*\"|“[^”]*”|(?<!\w)'[^']*'(?!\w))")
