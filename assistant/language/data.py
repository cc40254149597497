"""Load the language data (the YAML files beside this module), check it, cache it.

The YAML is the one place English words and phrase rules live. Loading checks every
pattern compiles, every rule id is unique, every stopword is in one column only, every
synonym says the same thing to the planner and to search, and every rule's examples
hold; data that fails a check is refused with a message naming the file and the rule.
The checked tables are cached as JSON data (never pickle: see `datacache`), named by the
files' size and modification time, so a warm start reads one small JSON file and imports
no YAML parser. The rules are rebuilt from their plain fields; a cache file that is
corrupt, foreign or of another shape is ignored and written again from the YAML.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import re
from pathlib import Path
from typing import Any

from ..errors import AssistantError

DATA_DIR = Path(__file__).resolve().parent / "data"
FILES = (
    "stopwords",
    "tokens",
    "synonyms",
    "verbs",
    "id_prefixes",
    "cues",
    "rewrites",
    "patterns",
    "spelling",
)
# Bump when the shape of `Tables` (what is cached) changes.
LOADER_VERSION = 7
KINDS = frozenset(
    {"negation", "outcome", "alias", "erase", "field", "expansion", "grammar", "restate"}
)
STAGES = frozenset({"planner", "search", "both"})
CACHE_KIND = "language-tables"


class LanguageDataError(AssistantError):
    """The language data does not pass its checks (the message says which rule and why)."""


class Rule:
    """One phrase rule: `pattern` becomes `becomes` (or, for an expansion, `adds` words).
    (A plain class, not a dataclass: it is built on every start, where 1 ms counts.)"""

    __slots__ = ("adds", "becomes", "id", "kind", "pattern", "stage")

    def __init__(
        self, id: str, kind: str, stage: str, pattern: str, becomes: str = "", adds: str = ""
    ) -> None:
        self.id, self.kind, self.stage = id, kind, stage
        self.pattern, self.becomes, self.adds = pattern, becomes, adds

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Rule) and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def _fields(self) -> tuple[str, ...]:
        return (self.id, self.kind, self.stage, self.pattern, self.becomes, self.adds)

    @property
    def flags(self) -> int:
        # planner rules see lower-case text; search and restating rules see it as typed
        typed = (self.stage == "search" and self.kind != "expansion") or self.kind == "restate"
        return re.IGNORECASE if typed else 0

    def apply(self, text: str) -> str:
        return re.sub(self.pattern, self.becomes, text, flags=self.flags)

    def prepare(self, text: str) -> str:
        """The text as this rule's stage sees it."""
        return text if self.flags else text.lower().replace("’", "'")


class Tables:
    """Every table, checked, in the shapes the search and planner modules read."""

    __slots__ = ("digest", "raw", "rules")

    def __init__(self, digest: str, raw: dict[str, Any], rules: tuple[Rule, ...]) -> None:
        self.digest, self.raw, self.rules = digest, raw, rules


def data_digest() -> str:
    """The hash of the data files' contents: part of the index fingerprint."""
    return tables().digest


def content_digest() -> str:
    sha = hashlib.sha256(str(LOADER_VERSION).encode())
    for name in FILES:
        sha.update(name.encode())
        sha.update((DATA_DIR / f"{name}.yml").read_bytes())
    return sha.hexdigest()[:16]


def _files_key() -> str:
    """Names the cached tables by the files' size and modification time: a warm start
    stats seven files instead of reading and hashing them (an edit changes both)."""
    stats = [(DATA_DIR / f"{name}.yml").stat() for name in FILES]
    seen = [(s.st_ino, s.st_size, s.st_mtime_ns) for s in stats]
    return hashlib.sha256(repr((LOADER_VERSION, seen)).encode()).hexdigest()[:16]


@functools.cache
def tables() -> Tables:
    key = _files_key()
    cached = _read_cache(key)
    if cached is not None:
        return cached
    loaded = check(read_yaml(), content_digest())
    _write_cache(key, loaded)
    return loaded


def read_yaml() -> dict[str, Any]:
    import yaml  # deferred: a warm start reads the cached tables instead

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when built
    return {name: yaml.load((DATA_DIR / f"{name}.yml").read_text(), loader) for name in FILES}


def check(raw: dict[str, Any], digest: str = "unchecked") -> Tables:
    """The tables of `raw`, or LanguageDataError naming the first problem."""
    fragments = raw["rewrites"].get("fragments", {})
    rules = tuple(_rule(entry, fragments) for entry in raw["rewrites"]["rules"])
    _unique_ids(rules)
    for entry, rule in zip(raw["rewrites"]["rules"], rules, strict=True):
        for problem in example_problems(rule, entry.get("examples", [])):
            raise LanguageDataError(f"rewrites.yml, rule {rule.id}: {problem}")
    for entry in raw["verbs"]["search_intents"]:
        _compiled(entry["pattern"], "verbs.yml search_intents")
    _stopword_columns(raw["stopwords"])
    _synonyms_agree(raw["synonyms"]["words"], raw["tokens"])
    _patterns_hold(raw["patterns"])
    _spelling_holds(raw)
    # the rules travel as Rule objects; their examples are checked and not needed after
    tables_only = {name: table for name, table in raw.items() if name != "rewrites"}
    return Tables(digest, tables_only, rules)


def example_problems(rule: Rule, examples: list[dict[str, str]]) -> list[str]:
    """What is wrong with `rule`'s examples (empty: every one holds)."""
    problems = []
    for example in examples:
        if "not" in example:
            text = rule.prepare(example["not"])
            if re.search(rule.pattern, text, rule.flags):
                problems.append(f"it should leave {example['not']!r} alone, but matches it")
        elif rule.kind == "expansion":
            if not re.search(rule.pattern, rule.prepare(example["say"])):
                problems.append(f"it should add {rule.adds!r} to {example['say']!r}")
        else:
            got = rule.apply(rule.prepare(example["say"]))
            if got != example["becomes"]:
                problems.append(
                    f"{example['say']!r} should become {example['becomes']!r}, got {got!r}"
                )
    return problems


# What a named pattern may say in place of a value's shape ("created before {DATE}").
PLACEHOLDERS = {"{DATE}": r"(\d{4}-\d{2}-\d{2})"}
FLAGS = {"ignorecase": re.IGNORECASE, "dotall": re.DOTALL, "verbose": re.VERBOSE}
# "{words:ordinals}" in a pattern: the words of that list (or mapping's keys) as one group
_WORD_LIST = re.compile(r"\{words:([\w-]+)\}")


def pattern_source(entry: dict[str, Any], words: dict[str, Any]) -> tuple[str, int]:
    """A named pattern's regular expression, placeholders filled, and its flags (every
    pattern ignores case unless it says `case: exact`)."""
    source = _WORD_LIST.sub(lambda m: _alternation(words, m.group(1)), entry["pattern"])
    for placeholder, value in PLACEHOLDERS.items():
        source = source.replace(placeholder, value)
    flags = 0 if entry.get("case") == "exact" else re.IGNORECASE
    for name in entry.get("flags", []):
        flags |= FLAGS[name]
    return source, flags


def _alternation(words: dict[str, Any], name: str) -> str:
    if name not in words:
        raise LanguageDataError(f"patterns.yml: no word list named {name}")
    listed = sorted(map(str, words[name]), key=len, reverse=True)  # longest first
    return "(?:" + "|".join(re.escape(w).replace("\\ ", r"\s+") for w in listed) + ")"


def pattern_problems(entry: dict[str, Any], words: dict[str, Any]) -> list[str]:
    """What is wrong with a named pattern's examples (empty: every one holds)."""
    compiled = re.compile(*pattern_source(entry, words))
    problems = []
    for example in entry.get("examples", []):
        if "match" in example and not compiled.search(example["match"]):
            problems.append(f"it should find something in {example['match']!r}")
        if "not" in example and compiled.search(example["not"]):
            problems.append(f"it should find nothing in {example['not']!r}, but matches it")
    return problems


def _patterns_hold(table: dict[str, Any]) -> None:
    seen: set[str] = set()
    words = table.get("words", {})
    for entry in table["patterns"]:
        where = f"patterns.yml, pattern {entry['id']}"
        if entry["id"] in seen:
            raise LanguageDataError(f"patterns.yml: pattern id {entry['id']} is used twice")
        seen.add(entry["id"])
        if set(entry.get("flags", [])) - set(FLAGS):
            raise LanguageDataError(f"{where}: unknown flag")
        _compiled(pattern_source(entry, words)[0], where)
        for problem in pattern_problems(entry, words):
            raise LanguageDataError(f"{where}: {problem}")


def _rule(entry: dict[str, Any], fragments: dict[str, str] | None = None) -> Rule:
    rule = Rule(
        id=entry["id"],
        kind=entry["kind"],
        stage=entry["stage"],
        pattern=with_fragments(entry["pattern"], fragments or {}, entry["id"]),
        becomes=entry.get("becomes", ""),
        adds=entry.get("adds", ""),
    )
    if rule.kind not in KINDS or rule.stage not in STAGES:
        raise LanguageDataError(f"rewrites.yml, rule {rule.id}: kind or stage unknown")
    _compiled(rule.pattern, f"rewrites.yml, rule {rule.id}")
    return rule


_FRAGMENT = re.compile(r"%(\w+)%")


def with_fragments(pattern: str, fragments: dict[str, str], rule_id: str) -> str:
    """`%entry%` in a pattern is the named fragment (one concept, such as the ways to say
    "get in", written once in rewrites.yml `fragments` and shared by the rules)."""

    def fragment(found: re.Match[str]) -> str:
        name = found.group(1)
        if name not in fragments:
            raise LanguageDataError(f"rewrites.yml, rule {rule_id}: no fragment %{name}%")
        return f"(?:{fragments[name]})"

    return _FRAGMENT.sub(fragment, pattern)


def _compiled(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise LanguageDataError(f"{where}: the pattern does not compile ({exc})") from None


def _unique_ids(rules: tuple[Rule, ...]) -> None:
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise LanguageDataError(f"rewrites.yml: rule id {rule.id} is used twice")
        seen.add(rule.id)


def _stopword_columns(columns: dict[str, list[str]]) -> None:
    words = [word for column in columns.values() for word in column]
    twice = sorted({word for word in words if words.count(word) > 1})
    if twice:
        raise LanguageDataError(f"stopwords.yml: in more than one column: {', '.join(twice)}")


def _synonyms_agree(words: dict[str, dict[str, str]], token_rules: dict[str, Any]) -> None:
    """A word the planner reads as X must also bring X to search (or say why not)."""
    from .stemming import stem

    keep = frozenset(token_rules["compounds"])
    exceptions = token_rules["stem_exceptions"]
    for word, meaning in words.items():
        if "planner" not in meaning or "search" not in meaning or "differs" in meaning:
            continue
        said = {stem(w, keep, exceptions) for w in meaning["search"].split()}
        if stem(meaning["planner"], keep, exceptions) not in said:
            raise LanguageDataError(
                f"synonyms.yml, {word}: the planner reads {meaning['planner']!r}, "
                f"search adds {meaning['search']!r}"
            )


def _spelling_holds(raw: dict[str, Any]) -> None:
    """Shorthand is lower case and stands for words; every spelling example holds."""
    from .spelling import language_speller
    from .stemming import stem

    rules = raw["spelling"]
    for short, meant in rules["shorthand"].items():
        if short != short.lower() or not isinstance(meant, str) or not meant.strip():
            raise LanguageDataError(f"spelling.yml, shorthand {short}: lower case, to words")
    keep = frozenset(raw["tokens"]["compounds"])
    exceptions = raw["tokens"]["stem_exceptions"]
    speller = language_speller(raw, lambda word: stem(word, keep, exceptions))
    for problem in spelling_problems(speller.correct, rules["examples"]):
        raise LanguageDataError(f"spelling.yml: {problem}")


def spelling_problems(correct: Any, examples: list[dict[str, str]]) -> list[str]:
    """What is wrong with the spelling examples (empty: every one holds)."""
    problems = []
    for example in examples:
        said = example.get("not", example.get("say", ""))
        wanted = example.get("becomes", said)
        got = correct(said)
        if got != wanted:
            problems.append(f"{said!r} should become {wanted!r}, got {got!r}")
    return problems


def _cache_path(key: str) -> Path:
    from ..spec import user_cache_dir

    return user_cache_dir() / f"language-{key}.json"


def _read_cache(key: str) -> Tables | None:
    """The cached tables for `key`, rebuilt from plain data; None if absent or malformed."""
    from ..datacache import read_data

    cached = read_data(_cache_path(key), CACHE_KIND, key)
    if cached is None:
        return None
    try:
        return _tables_from_data(cached)
    except (TypeError, ValueError, KeyError, LanguageDataError):
        return None


def _tables_from_data(cached: Any) -> Tables:
    digest, raw, rows = cached["digest"], cached["raw"], cached["rules"]
    if not isinstance(digest, str) or not isinstance(raw, dict) or not isinstance(rows, list):
        raise TypeError("not the cached tables")
    if set(raw) != set(FILES) - {"rewrites"}:
        raise ValueError("another set of tables")
    return Tables(digest, raw, tuple(_cached_rule(row) for row in rows))


def _cached_rule(row: Any) -> Rule:
    """A Rule from its cached fields, which must be six strings of a known kind and stage."""
    if not isinstance(row, list) or len(row) != 6 or not all(isinstance(f, str) for f in row):
        raise TypeError("not a cached rule")
    rule = Rule(*row)
    if rule.kind not in KINDS or rule.stage not in STAGES:
        raise LanguageDataError(f"cached rule {rule.id}: kind or stage unknown")
    return rule


def _write_cache(key: str, loaded: Tables) -> None:
    from ..datacache import write_data

    with contextlib.suppress(OSError):
        path = _cache_path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        rules = [list(rule._fields()) for rule in loaded.rules]
        write_data(
            path, CACHE_KIND, key, {"digest": loaded.digest, "raw": loaded.raw, "rules": rules}
        )
