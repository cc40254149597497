"""gapping.py: a last part that says the order again for another value, its verb left out."""

from __future__ import annotations

import re

from assistant.models import Call
from assistant.planning.gapping import gapped_tail, said_again

VERB = re.compile(r"^\W*(?:lock|ban|revoke|add)\b", re.IGNORECASE)
A, B = "user_2Aa1Bb2Cc3Dd4Ee5Ff6Gg7H", "user_2Hh8Ii9Jj0Kk1Ll2Mm3Nn4O"
C = "user_2Oo5Pp6Qq7Rr8Ss9Tt0Uu1V"
ORG_A, ORG_B = "org_2Vv2Ww3Xx4Yy5Zz6Aa7Bb8C", "org_2Cc9Dd0Ee1Ff2Gg3Hh4Ii5J"


def test_a_marked_part_with_a_value_and_no_verb_is_said_again() -> None:
    assert gapped_tail(f"lock {A}, and {B} too", VERB) == (f"lock {A}", f"{B} too")
    assert gapped_tail(f"lock {A} and also {B}", VERB) == (f"lock {A}", f"also {B}")


def test_a_part_with_its_own_verb_or_no_marker_is_not() -> None:
    assert gapped_tail(f"lock {A}, and also revoke {B}", VERB) is None
    assert gapped_tail(f"lock {A} and {B}", VERB) is None  # a list: fan-out's business
    assert gapped_tail(f"lock {A}, and the rest too", VERB) is None  # no value


def test_the_value_takes_the_place_of_the_one_of_its_kind_and_the_role_its_role() -> None:
    call = Call(
        "POST",
        "/organizations/{organization_id}/memberships",
        path_params={"organization_id": ORG_A},
        body={"user_id": A, "role": "org:member"},
    )
    again = said_again(call, f"also of {ORG_B} as org:admin")
    assert [c.path_params["organization_id"] for c in again] == [ORG_B]
    assert again[0].body == {"user_id": A, "role": "org:admin"}


def test_several_values_of_one_kind_are_one_call_each() -> None:
    call = Call("POST", "/users/{user_id}/lock", path_params={"user_id": A})
    again = said_again(call, f"{B} and {C} as well")
    assert [c.path_params["user_id"] for c in again] == [B, C]


def test_a_value_of_a_kind_the_call_did_not_take_repeats_nothing() -> None:
    call = Call("POST", "/users/{user_id}/lock", path_params={"user_id": A})
    assert said_again(call, f"{ORG_B} too") == []
