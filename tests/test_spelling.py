"""The spelling layer: misspelled and shorthand words read as meant, values left alone.

The speller here is the real one of the newest spec (its summaries, paths and names plus
the language data); sentence -> call cases that lean on it are in
tests/data/cases/spelling.jsonl.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from assistant import retrieval
from assistant.language import data, spec_words, tables, text
from assistant.language.spec_words import speller_for
from assistant.language.spelling import (
    MAX_GUESSES,
    Speller,
    edit_distance,
    keyboard_neighbours,
)
from assistant.spec import Catalog

RAW = data.read_yaml()


@pytest.fixture(scope="module")
def speller(catalog: Catalog) -> Speller:
    return speller_for(catalog)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("delte", "delete"),  # a dropped letter
        ("unbann", "unban"),  # a doubled letter
        ("unlcok", "unlock"),  # swapped letters
        ("lsit", "list"),  # a 4-letter word, swapped
        ("revkoe", "revoke"),
        ("orgnization", "organization"),  # long: a dropped letter
        ("orgnizaton", "organization"),  # long: two dropped letters
        ("invitaitons", "invitations"),
        ("satelite", "satellite"),
        ("sesions", "sessions"),
        ("uaers", "users"),  # a is the neighbour of s on the keyboard
        ("templete", "template"),  # one vowel for another in a long word
        ("admns", "admins"),  # the plural of a misspelled word
    ],
)
def test_misspelled_words_become_the_spec_words(speller: Speller, typed: str, meant: str) -> None:
    assert speller.correct_word(typed) == meant


@pytest.mark.parametrize(
    "word",
    [
        "user",  # known
        "invites",  # an inflection of a known word
        "completely",  # a known word with an English ending
        "managers",
        "temporarily",
        "detection",  # two changed letters, one not a neighbour key: another word
        "address",  # a plural-looking known word is no plural of a typo
        "gone",  # 4 letters: a changed letter is another word, not a slip ("done")
        "thinks",  # a far key: "thanks" is another word
        "review",  # never a changed first letter ("preview")
        "coworker",
        "three",  # everyday words the data lists as known
        "supabase",  # nothing near it: stays
        "kim",  # too short to guess at
    ],
)
def test_words_that_must_not_change(speller: Speller, word: str) -> None:
    assert speller.correct_word(word) == word


@pytest.mark.parametrize(
    "text",
    [
        "ban user_2aBcDeFgHiJkLmNoPqRsTuVwXyZ now",  # an id
        "invite anne.delte@exmaple.com",  # an email
        "call +1 415 555 0100 back",  # a phone
        "see https://exmaple.com/delte/usr",  # a URL
        'rename it to "Delte Labs"',  # quoted text
        "first name Tokne last name Emial",  # names, capitalised mid-sentence
        "an org called domian",  # the word after "called"
        "tier: pasword",  # a value after a colon
        "set tier = tokne",  # and after an equals sign
        "emial-labs and tokne_id and 20 slgu2",  # hyphens, underscores, digits
        "TOKNE and eMial",  # capitals inside a word
    ],
)
def test_values_are_never_corrected(speller: Speller, text: str) -> None:
    # (each text holds a word the speller would correct anywhere else: delte, tokne ...)
    assert speller.correct(text) == text


def test_shorthand_is_spelled_out_keeping_punctuation_and_case(speller: Speller) -> None:
    said = "Pls delte the usr w/o a pw, merge w/ whats there (incl md)."
    assert speller.correct(said) == (
        "Please delete the user without a password, merge with what is there (including metadata)."
    )


def test_a_long_paste_of_unknown_words_is_corrected_only_up_to_a_budget(speller: Speller) -> None:
    vocabulary = speller.vocabulary()  # a fresh speller: nothing remembered from other tests
    speller = Speller(vocabulary["counts"], vocabulary["stems"], tables.SPELLING, text.stem)
    known = " ".join(["list users and"] * 60)  # known words spend none of the budget
    made_up = " ".join(f"zq{chr(97 + i % 26)}{chr(97 + i // 26)}x" for i in range(MAX_GUESSES))
    said = f"{known} {made_up} delte it"
    assert speller.correct(said) == f"{known} {made_up} delte it"
    assert speller.correct(f"{known} delte it").endswith("delete it")


def test_the_readme_example_reads_as_it_says(speller: Speller) -> None:
    assert speller.correct("delte usr w/o a pw") == "delete user without a password"


def test_only_the_first_word_of_a_sentence_may_be_capitalised(speller: Speller) -> None:
    assert speller.correct("Delte it. Creat Hooli") == "Delete it. Create Hooli"


def test_ties_go_to_the_more_frequent_word() -> None:
    rules = {**RAW["spelling"], "english": []}
    rare = Speller({"tokem": 1, "token": 9}, [], rules, lambda w: w)
    assert rare.correct_word("tokeb") == "token"  # b is a neighbour of both m and n


def test_edit_distance_counts_a_swap_once_and_stops_past_the_limit() -> None:
    assert edit_distance("unlcok", "unlock", 1) == 1
    assert edit_distance("orgnizaton", "organization", 2) == 2
    assert edit_distance("user", "organization", 2) == 3  # anything past 2 is 3


def test_keyboard_neighbours_are_the_touching_keys() -> None:
    near = keyboard_neighbours(RAW["spelling"]["keyboard"])
    assert set(near["d"]) == set("serfxc")
    assert set(near["q"]) == set("wa")
    assert "m" not in near["b"] and "n" in near["b"]


def test_search_reads_the_corrected_request(catalog: Catalog) -> None:
    top = retrieval.search(catalog, "unlcok the usr user_2aBcDeFgHiJkLmNoPqRsTuVwXyZ", k=1)
    assert top[0].endpoint.key == "POST /users/{user_id}/unlock"


# ------------------------------------------------------------------ the cached vocabulary


def test_the_vocabulary_is_cached_and_read_back(catalog: Catalog) -> None:
    spec_words._MEMORY.clear()
    built = speller_for(catalog)
    path = spec_words._vocabulary_file(catalog)
    assert json.loads(path.read_text())["kind"] == spec_words.CACHE_KIND
    spec_words._MEMORY.clear()
    again = speller_for(catalog)
    assert again is not built and again._counts == built._counts
    assert again.correct_word("delte") == "delete"


def test_a_corrupt_vocabulary_file_is_rebuilt(catalog: Catalog) -> None:
    speller_for(catalog)
    path: Path = spec_words._vocabulary_file(catalog)
    cached = json.loads(path.read_text())
    cached["data"]["counts"] = ["not", "a", "mapping"]
    path.write_text(json.dumps(cached))
    spec_words._MEMORY.clear()
    assert speller_for(catalog).correct_word("delte") == "delete"
    assert isinstance(json.loads(path.read_text())["data"]["counts"], dict)


# ------------------------------------------------------------------ the data's checks


def _broken(change: Any) -> dict[str, Any]:
    raw = copy.deepcopy(RAW)
    change(raw["spelling"])
    return raw


def test_every_spelling_example_holds() -> None:
    assert RAW["spelling"]["examples"]
    data.check(RAW)  # raises on the first example that does not hold


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s["examples"].append({"say": "delte", "becomes": "delte"}), "should become"),
        (lambda s: s["examples"].append({"not": "the usr"}), "should become"),
        (lambda s: s["shorthand"].update({"PLS": "please"}), "lower case"),
        (lambda s: s["shorthand"].update({"thx": ""}), "lower case"),
    ],
)
def test_spelling_data_that_fails_its_checks_is_refused(change: Any, message: str) -> None:
    with pytest.raises(data.LanguageDataError, match=message):
        data.check(_broken(change))
