"""An id no step uses gets the order it is said in (assistant/planning/unplanned.py).

The planning is passed in, so these tests pin the placing, the renumbering and the checks
on what is taken; tests/data/cases/several_orders.jsonl runs the whole planner."""

from __future__ import annotations

from assistant.models import Call, Clarification
from assistant.planning.unplanned import PlanPiece, with_unplanned_orders

SESSION = "sess_2Ab3Cd4Ef5Gh6Ij7Kl8Mn9Op0Q"
REVOKE = Call("POST", "/sessions/{session_id}/revoke", path_params={"session_id": SESSION})
LOOKUP = Call("GET", "/users", query={"email_address": ["ann@example.com"]})
BAN = Call("POST", "/users/{user_id}/ban", path_params={"user_id": "{{1.0.id}}"})


def planning(*calls: Call) -> tuple[PlanPiece, list[tuple[str, int]]]:
    asked: list[tuple[str, int]] = []

    def plan_piece(piece: str, before: list[Call]) -> list[Call] | Clarification:
        asked.append((piece, len(before)))
        return list(calls)

    return plan_piece, asked


def test_the_order_goes_where_it_was_said_and_later_references_are_renumbered() -> None:
    text = f"revoke {SESSION}, then look up ann@example.com and ban her"
    plan_piece, asked = planning(REVOKE)
    steps = with_unplanned_orders(text, [LOOKUP, BAN], plan_piece)
    assert steps[0] == REVOKE
    assert steps[1] == LOOKUP
    assert steps[2].path_params == {"user_id": "{{2.0.id}}"}
    assert asked[0] == (f"revoke {SESSION}", 0)  # planned with no step before it


def test_a_part_that_gives_no_order_is_not_planned_in() -> None:
    text = f"the laptop with {SESSION} was stolen. look up ann@example.com and ban her"
    plan_piece, _ = planning(REVOKE)
    assert with_unplanned_orders(text, [LOOKUP, BAN], plan_piece) == [LOOKUP, BAN]


def test_a_removal_needs_a_removing_word() -> None:
    remove = Call("DELETE", "/sessions/{session_id}", path_params={"session_id": SESSION})
    plan_piece, _ = planning(remove)
    text = f"check {SESSION}, then look up ann@example.com and ban her"
    assert with_unplanned_orders(text, [LOOKUP, BAN], plan_piece) == [LOOKUP, BAN]
    text = f"delete {SESSION}, then look up ann@example.com and ban her"
    assert with_unplanned_orders(text, [LOOKUP, BAN], plan_piece)[0] == remove


def test_a_call_that_refers_to_a_later_step_is_not_taken() -> None:
    later = Call(
        "POST",
        "/sessions/{session_id}/revoke",
        path_params={"session_id": SESSION},
        body={"note": "{{1.0.id}}"},
    )
    plan_piece, _ = planning(later)
    text = f"revoke {SESSION}, then look up ann@example.com and ban her"
    assert with_unplanned_orders(text, [LOOKUP, BAN], plan_piece) == [LOOKUP, BAN]


def test_the_speakers_own_id_and_used_ids_are_left_alone() -> None:
    me = "user_2Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2R"
    plan_piece, asked = planning(REVOKE)
    text = f"I'm {me}. look up ann@example.com and ban her"
    assert with_unplanned_orders(text, [LOOKUP, BAN], plan_piece, self_id=me) == [LOOKUP, BAN]
    assert asked == []


def test_a_question_answers_nothing_that_is_planned_already() -> None:
    plan_piece, _ = planning(LOOKUP)
    text = f"revoke {SESSION}, then look up ann@example.com and ban her"
    assert with_unplanned_orders(text, [LOOKUP, BAN], plan_piece) == [LOOKUP, BAN]


def test_a_removal_is_taken_only_from_a_part_that_leads_with_a_removing_verb() -> None:
    remove = Call("DELETE", "/sessions/{session_id}", path_params={"session_id": SESSION})
    plan_piece, _ = planning(remove)
    text = f"{SESSION} is a stripe session; look up ann@example.com and ban her"
    assert with_unplanned_orders(text, [LOOKUP, BAN], plan_piece) == [LOOKUP, BAN]
