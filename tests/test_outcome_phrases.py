"""Outcome phrases are one concept each: where they sit in a request, and that the order
splitter never cuts through one (`language.text.phrase_spans`, `clauses.order_spans`)."""

from __future__ import annotations

from datetime import datetime

from assistant.language.text import phrase_spans
from assistant.planning.clauses import order_spans
from assistant.sentences import is_order, split_focus

LINK = "Give user_4Tq8Vn2Lk6Xc9Bz3Wm5Rd7Hp1 a link where he clicks and is logged in, valid 1 hour."


def test_an_outcome_phrase_is_found_where_it_is_typed() -> None:
    spans = phrase_spans(LINK)
    phrase = "a link where he clicks and is logged in"
    start = LINK.index(phrase)
    assert (start, start + len(phrase)) in spans


def test_words_kept_before_a_phrase_are_no_part_of_it() -> None:
    # outcome-enter-again-banned keeps the words before the phrase (\1unban)
    said = "We banned him by mistake. He should be able to log in again."
    spans = phrase_spans(said)
    assert spans
    assert (said.index("be able to"), len(said) - 1) in spans
    assert all(start > said.index("mistake") for start, _ in spans)


def test_a_text_with_no_outcome_has_no_spans() -> None:
    assert (
        phrase_spans("ban user_4Tq8Vn2Lk6Xc9Bz3Wm5Rd7Hp1 and lock user_5Tq8Vn2Lk6Xc9Bz3Wm5Rd7")
        == []
    )


def test_lower_casing_that_moves_positions_gives_no_spans() -> None:
    # "İ" lower-cases to two characters: positions would point at the wrong words
    assert phrase_spans("İ: give her a link that logs her in") == []


def test_the_order_splitter_keeps_an_outcome_phrase_whole() -> None:
    assert len(order_spans(LINK)) == 1


def test_the_order_splitter_still_splits_two_orders() -> None:
    text = "ban user_4Tq8Vn2Lk6Xc9Bz3Wm5Rd7Hp1 and lock user_5Tq8Vn2Lk6Xc9Bz3Wm5Rd7"
    assert len(order_spans(text)) == 2


def test_no_before_a_noun_is_a_negation_not_an_opener() -> None:
    # "no invite email" is no order to invite
    assert not is_order("no invite email though, I'll tell him myself.")


def test_no_with_a_comma_is_still_an_opener() -> None:
    orders, _ = split_focus("the list looks wrong. no, delete user_4Tq8Vn2Lk6Xc9Bz3Wm5Rd7Hp1")
    assert orders == "no, delete user_4Tq8Vn2Lk6Xc9Bz3Wm5Rd7Hp1"


def test_a_duration_said_as_what_is_added_is_that_duration() -> None:
    from assistant.planning.slots import extract

    said = extract("keep it valid for 600 more seconds and 2 extra days", datetime(2026, 6, 1))
    assert [q.value for q in said.quantities if q.unit == "seconds"] == [600, 2 * 86400]
