"""Spelling tolerance: a request's misspelled and abbreviated words, read as the words meant.

Known words are the spec's own (summaries, paths, operation ids, tags, parameter and field
names and enum values count four times; descriptions once) and the language data's
(verbs, synonyms, stopwords, cues, id nouns: four times), plus the words the phrase
rules are written with and the everyday `english` words of `data/spelling.yml`: known,
so never "corrected", and never a correction.

`Speller.correct` reads a text chunk by chunk and changes only plain lower-case words:
- shorthand (`pls`, `usr`, `w/o`, `md`) becomes what it stands for (data/spelling.yml);
- a word that is known stays: as typed, as an inflection ("invites") or as a known word
  with an English ending ("completely", "managers");
- an unknown word of 4-7 letters becomes the known word at Damerau-Levenshtein (optimal
  string alignment) distance 1, a longer one at distance 2, when the difference looks
  like a slip of the fingers: letters swapped, dropped or doubled, or struck for a
  neighbouring key (or, in a word of 7 letters or more, one vowel for another, as words
  are misspelled: "templete"), past the first letter. A 4-letter word only by a swap or a dropped
  letter: one changed letter turns a short word into another word as often as into a
  typo ("gone" is not "done"). Ties go to the more frequent word.
Ids, emails, phones, URLs, numbers, words with digits, `_`, `-`, `.`, `@` or capitals
(names; the first word of a sentence may be capitalised), quoted text, a value after
`:`/`=` and the word after "called" are left as typed: they are values, not words.

Candidates come from an index by length, filtered by letters (one edit changes at most
two letters of a word's letter set), so the edit distance runs on a few dozen words: well
under a millisecond per unknown word, remembered for the process; the index (one pass over
the vocabulary) is built at the first unknown word. `spec_words.speller_for` gives the
speller of a spec, its vocabulary cached.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

MIN_LENGTH = 4  # shorter words are only read through the shorthand table
TWO_EDITS_FROM = 8  # words this long may carry two slips
MAX_GUESSES = 40  # unknown words looked up per text (each costs up to a millisecond)
VOWEL_SWAPS_FROM = 7  # shorter words with another vowel are other words ("think"/"thank")
LANGUAGE_WEIGHT = 4
SPLIT_FROM = 6  # a word this long may be two words run together ("fromorg")
SPLIT_PART = 3  # each of the two is at least this long ("oncall" stays one word)

# A quoted span is one chunk (left alone); anything else up to the next space is one.
_CHUNK = re.compile(r"\"[^\"]*\"|“[^”]*”|(?<!\w)'[^']*'(?!\w)|\S+")
_EDGES = re.compile(r"^([(\[]*)(.*?)([)\].,;:!?]*)$", re.DOTALL)
_PLAIN = re.compile(r"[a-z]+")
_SENTENCE_END = (".", "!", "?")
_VOWELS = "aeiou"
_NOT_PLURAL = ("ss", "us", "is", "ies")
_VALUE_MARKS = (":", "=")


class Speller:
    """Corrects the words of a text against one vocabulary (see the module docstring)."""

    __slots__ = (
        "_anchors",
        "_by_length",
        "_counts",
        "_endings",
        "_keep_after",
        "_known",
        "_memo",
        "_neighbours",
        "_shorthand",
        "_stem",
        "_stems",
    )

    def __init__(
        self,
        counts: Mapping[str, int],
        stems: Iterable[str],
        rules: Mapping[str, Any],
        stem: Callable[[str], str],
        anchors: Iterable[str] = (),
    ) -> None:
        """`counts`: the known words and how often the spec and data say them; `stems`:
        their stems; `rules`: the table of data/spelling.yml; `stem`: the one stemmer;
        `anchors`: the order verbs and thing nouns one of two run-together words must be."""
        self._counts = dict(counts)
        self._known = frozenset(self._counts)
        self._stems = frozenset(stems)
        self._shorthand: dict[str, str] = dict(rules["shorthand"])
        self._keep_after = frozenset(rules["keep_after"])
        self._endings: tuple[str, ...] = tuple(rules["endings"])
        self._neighbours = keyboard_neighbours(rules["keyboard"])
        self._stem = stem
        self._by_length: dict[int, list[tuple[str, frozenset[str]]]] | None = None
        self._memo: dict[str, str] = {}
        self._anchors = frozenset(stem(word) for word in anchors)

    def vocabulary(self) -> dict[str, Any]:
        """The words and stems as plain data (what the cache stores)."""
        return {"counts": self._counts, "stems": sorted(self._stems)}

    def known(self, word: str) -> bool:
        """Known as typed, or an inflection of a known word ("invites"). A word its stem
        leaves as it is ("creat") is no inflection: it is a word missing its last letter."""
        if word in self._known:
            return True
        stemmed = self._stem(word)
        if stemmed in self._stems and (stemmed != word or word + "e" not in self._known):
            return not word.endswith("ed") or self._past_of_known(word)
        return self._derived(word)

    def _past_of_known(self, word: str) -> bool:
        """ "invited", "banned", "verified" are past forms of known words; "verifed" only
        stems like one (to "verif", the stem of "verification"): a slip, to be corrected."""
        bases = (word[:-1], word[:-2], word[:-3], word[:-3] + "y")
        return any(base in self._known for base in bases)

    def _derived(self, word: str) -> bool:
        """A known word with an English ending ("completely", "personal", "managers"): a
        word of its own, not a misspelling of the word it comes from."""
        for ending in self._endings:
            base = word[: -len(ending)]
            if not word.endswith(ending) or len(base) < 3:
                continue
            if ending == "ed" and not self._past_of_known(word):
                continue  # "verifed": see _past_of_known
            if base in self._stems or any(base + end in self._known for end in ("", "e", "y")):
                return True
        return False

    def correct(self, text: str) -> str:
        """`text` with its shorthand spelled out and its misspelled words corrected (the
        first MAX_GUESSES unknown words: a paste of hundreds is data, not words to fix)."""
        out: list[str] = []
        position, previous = 0, ""
        guesses: set[str] = set()
        for match in _CHUNK.finditer(text):
            chunk = match.group(0)
            starts_sentence = not previous or previous.endswith(_SENTENCE_END)
            fixed = self._chunk(chunk, previous, starts_sentence, guesses)
            out.append(text[position : match.start()] + fixed)
            position, previous = match.end(), chunk
        out.append(text[position:])
        return "".join(out)

    def correct_word(self, word: str) -> str:
        """The known word `word` (lower case, letters only) was meant to be; else `word`."""
        if word in self._memo:
            return self._memo[word]
        fixed = word if len(word) < MIN_LENGTH or self.known(word) else self._guess(word)
        self._memo[word] = fixed
        return fixed

    def _guess(self, word: str) -> str:
        closest = self._closest(word)
        if closest != word:
            return closest
        single = word[:-1]  # "admns": the plural of "admn", which is "admin"
        if _plural(word) and not self.known(single):
            meant = self._closest(single)
            if meant != single:
                return meant + "s"
        return self._split(word) or word

    def _split(self, word: str) -> str | None:
        """ "removethe", "fromorg", "listall": two known words typed without the space
        between them (a sticky space bar), read apart when one is an order verb or a thing
        of the API (`anchors`); the pair of most-said words wins."""
        if len(word) < SPLIT_FROM:
            return None
        pairs = [
            (min(self._count_of(word[:cut]), self._count_of(word[cut:])), word[:cut], word[cut:])
            for cut in range(SPLIT_PART, len(word) - SPLIT_PART + 1)
            if self.known(word[:cut])
            and self.known(word[cut:])
            # (an order or a thing said with the word: "anywhere" is no "any where")
            and {self._stem(word[:cut]), self._stem(word[cut:])} & self._anchors
        ]
        best = max(pairs, default=None)
        return f"{best[1]} {best[2]}" if best else None

    def _count_of(self, word: str) -> int:
        return self._counts.get(word, self._counts.get(self._stem(word), 1))

    # ---------------------------------------------------------------- one chunk

    def _chunk(self, chunk: str, previous: str, starts_sentence: bool, guesses: set[str]) -> str:
        if chunk[0] in "\"“'" or previous.endswith(_VALUE_MARKS):
            return chunk
        if _core(previous).lower() in self._keep_after:
            return chunk  # "called Acmme": a name being given
        lead, core, trail = _EDGES.match(chunk).groups()  # type: ignore[union-attr]
        lowered = core.lower()
        capital = bool(core) and core[0].isupper()
        if core[1:] != lowered[1:] or (capital and not starts_sentence):
            return chunk  # "SAML", "McKay", a name mid-sentence
        if lowered in self._shorthand:
            return lead + _cased(self._shorthand[lowered], capital) + trail
        if not _PLAIN.fullmatch(lowered):
            return chunk
        if lowered not in self._memo and not self.known(lowered):
            if len(guesses) >= MAX_GUESSES:
                return chunk
            guesses.add(lowered)
        return lead + _cased(self.correct_word(lowered), capital) + trail

    # ---------------------------------------------------------------- candidates

    def _closest(self, word: str) -> str:
        limit = 2 if len(word) >= TWO_EDITS_FROM else 1
        found = []
        for candidate in self._candidates(word, limit):
            distance = edit_distance(word, candidate, limit)
            if distance <= limit and self._plausible(word, candidate, distance):
                found.append((distance, -self._counts[candidate], candidate))
        return min(found)[2] if found else word

    def _plausible(self, word: str, candidate: str, distance: int) -> bool:
        """How a slip of the fingers looks: letters swapped, dropped or doubled, or one
        struck for its neighbour on the keyboard, past the first letter (which people
        see). Other changes more often make another word: "thinks"/"thanks",
        "review"/"preview". A 4-letter word is only a swap or a dropped letter away."""
        if word[0] != candidate[0] and word[:2] != candidate[1::-1]:
            return False
        if sorted(candidate) == sorted(word):
            return True  # swapped letters
        if len(candidate) != len(word):  # letters dropped or doubled, and nothing else
            dropped_only = distance == abs(len(candidate) - len(word))
            doubled = re.sub(r"(.)\1", r"\1", word, count=1) == candidate  # ("bann": "ban")
            return dropped_only and (
                len(word) > MIN_LENGTH or len(candidate) > len(word) or doubled
            )
        struck = [(a, b) for a, b in zip(word, candidate, strict=True) if a != b]
        if len(word) <= MIN_LENGTH:
            return False
        if all(b in self._neighbours.get(a, "") for a, b in struck):
            return True
        # one vowel for another in a long word is how words are misspelled ("templete")
        (typed, meant), *others = struck
        vowels = typed in _VOWELS and meant in _VOWELS
        return vowels and not others and len(word) >= VOWEL_SWAPS_FROM

    def _candidates(self, word: str, limit: int) -> Iterator[str]:
        """Known words that may be `limit` edits from `word`: of a length within `limit`,
        and differing in at most 2 * `limit` distinct letters (an edit changes at most two
        letters of the set); the edit distance decides among these few."""
        letters, index = frozenset(word), self._index()
        for length in range(len(word) - limit, len(word) + limit + 1):
            for known, known_letters in index.get(length, ()):
                if len(letters ^ known_letters) <= 2 * limit:
                    yield known

    def _index(self) -> dict[int, list[tuple[str, frozenset[str]]]]:
        if self._by_length is None:
            self._by_length = {}
            for word in (w for w, count in self._counts.items() if count):
                self._by_length.setdefault(len(word), []).append((word, frozenset(word)))
        return self._by_length


def _plural(word: str) -> bool:
    return word.endswith("s") and not word.endswith(_NOT_PLURAL) and len(word) > MIN_LENGTH


def keyboard_neighbours(rows: list[str]) -> dict[str, str]:
    """Each key's neighbours on a keyboard given by its rows of letters (each row sits
    half a key right of the one above, so a key touches two keys of each next row)."""
    found: dict[str, str] = {}
    for number, row in enumerate(rows):
        for place, key in enumerate(row):
            near = row[max(place - 1, 0) : place + 2]
            if number > 0:
                near += rows[number - 1][place : place + 2]
            if number + 1 < len(rows):
                near += rows[number + 1][max(place - 1, 0) : place + 1]
            found[key] = near.replace(key, "")
    return found


def _core(chunk: str) -> str:
    match = _EDGES.match(chunk)
    return match.group(2) if match else chunk


def _cased(word: str, capital: bool) -> str:
    return word[:1].upper() + word[1:] if capital else word


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (Damerau-Levenshtein with adjacent swaps); any
    value over `limit` is reported as limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        earlier, before, row = before, row, [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(before[j] + 1, row[j - 1] + 1, before[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], earlier[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
    return min(row[len(b)], limit + 1)


# -------------------------------------------------------------------- vocabularies


def language_words(raw: Mapping[str, Any]) -> list[str]:
    """The words of the language tables that are whole words (not stems, not patterns)."""
    verbs, cues, synonyms = raw["verbs"], raw["cues"], raw["synonyms"]["words"]
    pieces: list[Any] = [list(raw["stopwords"].values()), raw["tokens"]["compounds"]]
    pieces += [verbs[k] for k in ("create", "follow_on", "orders", "removing_orders")]
    pieces += [verbs[k] for k in ("creating_orders", "creating_actions")]
    pieces += [list(verbs["planner_intents"].values()), list(verbs["undoes"].items())]
    pieces += [list(synonyms), [m.get("planner", "") for m in synonyms.values()]]
    pieces += [[m.get("search", "") for m in synonyms.values()], list(cues["enum_cues"])]
    pieces += [list(cues["role_words"]), cues["oauth_providers"], cues["closing_words"]]
    pieces += [list(cues["marked_states"]), cues["metadata_set_verbs"]]
    pieces += [[e.get("noun", "") for e in raw["id_prefixes"]["prefixes"].values()]]
    pieces += [list(raw["spelling"]["shorthand"].values())]
    found = set(_words_in(pieces))
    # "creat", "invit": the stems some tables hold are no words to correct towards
    return sorted(w for w in found if w + "e" not in found)


def _words_in(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield from (w for w in re.findall(r"[a-z0-9]+", value.lower()) if len(w) > 1)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _words_in(item)


def pattern_words(patterns: Iterable[str]) -> set[str]:
    """The words the phrase rules are written with ("bring up"): English the data knows,
    so never corrected."""
    plain = (re.sub(r"\\[a-zA-Z]", " ", pattern) for pattern in patterns)
    return {word for text in plain for word in re.findall(r"[a-z]{3,}", text)}


def language_speller(raw: Mapping[str, Any], stem: Callable[[str], str]) -> Speller:
    """A speller of the language data's words alone (its examples are checked with it)."""
    counts = dict.fromkeys(language_words(raw), LANGUAGE_WEIGHT)
    patterns = [r["pattern"] for r in raw["rewrites"]["rules"]]
    patterns += [entry["pattern"] for entry in raw["verbs"]["search_intents"]]
    return make_speller(counts, raw["spelling"], stem, pattern_words(patterns))


def make_speller(
    counts: dict[str, int],
    rules: Mapping[str, Any],
    stem: Callable[[str], str],
    protected: Iterable[str],
    anchors: Iterable[str] = (),
) -> Speller:
    """A speller of `counts` (word -> weight); `protected` words are known, never targets."""
    # a pattern's word that begins a known word is a stem written for `\w*` ("creat")
    starts = {word[:end] for word in counts for end in range(3, len(word))}
    never_targets = [*rules["english"], *(w for w in protected if w not in starts)]
    stems = {stem(w) for w in [*counts, *never_targets]}
    for word in never_targets:
        counts.setdefault(word, 0)  # known, but never what another word is corrected to
    return Speller(counts, stems, rules, stem, anchors)
