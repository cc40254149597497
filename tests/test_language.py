"""The language data: one set of tables for search and planner, checked when loaded.

Every phrase rule's own examples run here as tests (`say` -> `becomes`, and `not` texts
it must leave alone); the loader refuses data that does not compile, repeats an id,
breaks an example, lists a stopword twice or lets the two readers of a synonym disagree.
"""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from typing import Any

import pytest

from assistant import retrieval, vocabulary
from assistant.language import data, patterns, tables, text
from assistant.language.values import CLERK_ID, EMAIL
from assistant.planning import lexicon
from assistant.policy_data import ID_PREFIXES as GUARDRAIL_ID_PREFIXES

RAW = data.read_yaml()


def each_example(entries: list[dict[str, Any]]) -> list[Any]:
    """One test parameter per example of each rule or pattern, named by its id."""
    return [
        pytest.param(entry, example, id=f"{entry['id']}-{number}")
        for entry in entries
        for number, example in enumerate(entry.get("examples", []), 1)
    ]


EXAMPLES = each_example(RAW["rewrites"]["rules"])


@pytest.mark.parametrize(("entry", "example"), EXAMPLES)
def test_every_rule_example_holds(entry: dict[str, Any], example: dict[str, str]) -> None:
    rule = next(r for r in tables.RULES if r.id == entry["id"])
    assert data.example_problems(rule, [example]) == []


PATTERN_EXAMPLES = each_example(RAW["patterns"]["patterns"])


@pytest.mark.parametrize(("entry", "example"), PATTERN_EXAMPLES)
def test_every_named_pattern_example_holds(entry: dict[str, Any], example: dict[str, str]) -> None:
    compiled = patterns.pattern(entry["id"])
    if "match" in example:
        assert compiled.search(example["match"])
    else:
        assert not compiled.search(example["not"])


def test_every_named_pattern_has_a_match_and_a_not_example() -> None:
    for entry in RAW["patterns"]["patterns"]:
        kinds = {key for example in entry.get("examples", []) for key in example}
        assert {"match", "not"} <= kinds, entry["id"]


def test_every_named_pattern_the_code_reads_exists() -> None:
    """A module that reads a pattern the data lacks fails at import; this names the id."""
    import pathlib

    root = pathlib.Path(patterns.__file__).resolve().parents[1]
    used = {
        name
        for path in root.rglob("*.py")
        for name in re.findall(r"\bpattern\(\"([\w-]+)\"\)", path.read_text())
    }
    assert used, "no module reads a named pattern"
    assert used <= set(tables.PATTERNS)


def test_every_rule_has_an_example() -> None:
    assert [e["id"] for e in RAW["rewrites"]["rules"] if not e.get("examples")] == []


def test_the_checked_data_loads() -> None:
    assert data.check(RAW).rules == tables.RULES


def _named(raw: dict[str, Any], pattern_id: str) -> dict[str, Any]:
    return next(e for e in raw["patterns"]["patterns"] if e["id"] == pattern_id)


def _broken(change: Any) -> dict[str, Any]:
    raw = copy.deepcopy(RAW)
    change(raw)
    return raw


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda raw: raw["rewrites"]["rules"][0].update(pattern="(unclosed"), "does not compile"),
        (lambda raw: raw["rewrites"]["rules"][1].update(id="drop-not"), "used twice"),
        (
            lambda raw: raw["rewrites"]["rules"][0].update(
                examples=[{"say": "(not this)", "becomes": "unchanged"}]
            ),
            "should become",
        ),
        (
            lambda raw: raw["rewrites"]["rules"][0].update(examples=[{"not": "x (not this) y"}]),
            "should leave",
        ),
        (lambda raw: raw["stopwords"]["search"].append("the"), "more than one column: the"),
        (
            lambda raw: raw["synonyms"]["words"]["cancel"].update(planner="update"),
            "synonyms.yml, cancel",
        ),
        (lambda raw: raw["rewrites"]["rules"][0].update(stage="everywhere"), "stage unknown"),
        (lambda raw: raw["verbs"]["search_intents"][0].update(pattern="[a-"), "does not compile"),
        (lambda raw: _named(raw, "set-quantifier").update(pattern="(open"), "does not compile"),
        (
            lambda raw: _named(raw, "set-action").update(id="set-quantifier"),
            "set-quantifier is used twice",
        ),
        (
            lambda raw: _named(raw, "set-quantifier").update(examples=[{"match": "nobody"}]),
            "should find something in 'nobody'",
        ),
        (
            lambda raw: _named(raw, "set-quantifier").update(examples=[{"not": "all users"}]),
            "should find nothing in 'all users'",
        ),
        (lambda raw: _named(raw, "set-quantifier").update(flags=["multiline!"]), "unknown flag"),
        (
            lambda raw: _named(raw, "set-quantifier").update(pattern="{words:nowhere}"),
            "no word list named nowhere",
        ),
    ],
)
def test_bad_data_is_refused_with_a_message(change: Any, message: str) -> None:
    with pytest.raises(data.LanguageDataError, match=re.escape(message)):
        data.check(_broken(change))


def test_search_and_planner_read_the_same_stopword_table() -> None:
    column = RAW["stopwords"]
    assert set(column["both"]) | set(column["search"]) == vocabulary.STOPWORDS
    assert set(column["both"]) | set(column["planner"]) == lexicon.STOPWORDS


def test_one_id_prefix_table_serves_both_and_knows_both_spellings() -> None:
    for spelling, canonical in (("rol", "role"), ("oac", "oa")):
        assert vocabulary.ID_PREFIXES[spelling] == vocabulary.ID_PREFIXES[canonical]
        assert lexicon.ID_KINDS[spelling] == lexicon.ID_KINDS[canonical]
    assert CLERK_ID.fullmatch("role_3yj1aQ4zxbBU5DrLj")
    assert CLERK_ID.fullmatch("oa_2abcdef")


def test_the_guardrail_copy_of_id_prefixes_agrees() -> None:
    """The guardrail keeps its own table on purpose (pure, no data loading). Every prefix it
    accepts is one the language table knows, and every id the table would put in a
    parameter the guardrail checks is one the guardrail accepts there."""
    for param, accepted in GUARDRAIL_ID_PREFIXES.items():
        assert {p.rstrip("_") for p in accepted} <= set(tables.ID_KINDS) | set(
            tables.ID_PREFIXES
        ), param
        filled_by = {p for p, (_, params) in vocabulary.ID_PREFIXES.items() if param in params}
        assert {f"{p}_" for p in filled_by} <= set(accepted), param


def test_the_data_hash_is_part_of_the_index_fingerprint(monkeypatch: pytest.MonkeyPatch) -> None:
    before = retrieval.document_fingerprint()
    monkeypatch.setattr(retrieval, "data_digest", lambda: "0" * 16)
    assert retrieval.document_fingerprint() != before


def test_a_warm_load_reads_the_cache_and_no_yaml(tmp_path: Any) -> None:
    script = (
        "import sys; import assistant.language.tables as t; "
        "print(len(t.RULES), 'yaml' in sys.modules, 'pickle' in sys.modules)"
    )
    env = {"CLERK_ASSISTANT_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    cold = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    warm = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert cold.stdout.split() == [str(len(tables.RULES)), "True", "False"], cold.stderr
    assert warm.stdout.split() == [str(len(tables.RULES)), "False", "False"], warm.stderr
    assert [p.suffix for p in tmp_path.glob("language-*")] == [".json"]  # data, not pickle


def test_negated_words_finds_the_negation_rule_by_its_id() -> None:
    assert "notify" in text.negated_words("create the user but don't email them")
    assert text.negated_words("create the user and email them") == set()


@pytest.mark.parametrize(
    ("said", "found"),
    [
        ("mail bob@example.com now", ["bob@example.com"]),
        ("(.bob+1@mail.example.org)", ["bob+1@mail.example.org"]),
        ("a.b@x.io, c_d@y.co.uk", ["a.b@x.io", "c_d@y.co.uk"]),
        ("no address here: user_2abc and x@", []),
    ],
)
def test_one_email_shape(said: str, found: list[str]) -> None:
    assert EMAIL.findall(said) == found


def test_an_edited_data_file_is_read_and_checked_again(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    data_dir = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, data_dir)
    monkeypatch.setattr(data, "DATA_DIR", data_dir)
    monkeypatch.setenv("CLERK_ASSISTANT_CACHE_DIR", str(tmp_path / "cache"))
    data.tables.cache_clear()
    try:
        first = data.tables()
        rules = data_dir / "rewrites.yml"
        said = rules.read_text()
        rules.write_text(said.replace("becomes: skip password requirement", "becomes: x", 1))
        data.tables.cache_clear()
        with pytest.raises(data.LanguageDataError, match="should become"):
            data.tables()
        assert first.digest == tables.DIGEST
    finally:
        data.tables.cache_clear()


@pytest.mark.parametrize(
    ("said", "reads"),
    [("list the ppl in it", "user"), ("reset her pw", "password"), ("the sess of bob", "session")],
)
def test_a_shorthand_means_the_same_to_search_and_to_the_planner(said: str, reads: str) -> None:
    assert reads in lexicon.tokens(said)
    assert retrieval.parse_query(said).weights.get(reads, 0.0) > 0.0


def test_the_two_readings_of_a_verb_agree_but_for_disable() -> None:
    """verbs.yml reads a verb twice: the planner's word -> method, and search's patterns.
    Where both know a verb they must agree; "disable" is the one known exception (search
    files it under removal, "disable MFA" is a DELETE; the planner sets a flag, a PATCH)."""
    disagree = set()
    for verb, method in tables.PLANNER_INTENTS.items():
        said = [m for pattern, m, _ in tables.SEARCH_INTENTS if re.search(pattern, verb)]
        if said and method not in said[0] and not (method == "PATCH" and "PUT" in said[0]):
            disagree.add(verb)
    assert disagree == {"disable"}
