"""Mechanisms behind "every target named", Clerk's phrasing and orders kept: lists of
values and their order, per-target roles, clause splitting, short ids, metadata phrases,
the removing-order rule and calls written inside sentences."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.models import Answer, Call, Endpoint, Plan
from assistant.planning.base import PlanContext
from assistant.planning.explicit import embedded_call
from assistant.planning.filling import Request, fill
from assistant.planning.lexicon import rewrite, tokens
from assistant.planning.local import LocalPlanner, split_clauses
from assistant.planning.orders import removing_order, reverses
from assistant.planning.slots import CLERK_ID, extract
from assistant.planning.targets import Target, fan_out, runs
from assistant.spec import Catalog

NOW = datetime(2026, 5, 19, 12, tzinfo=timezone.utc)


def plan(catalog: Catalog, text: str) -> Plan:
    output = LocalPlanner().plan(text, PlanContext(catalog, now=NOW))
    assert isinstance(output, Plan), output
    return output


# --------------------------------------------------------------------------- lists


@pytest.mark.parametrize(
    ("text", "listed"),
    [
        ("lock user_A and user_B", ["user_A", "user_B"]),
        ("lock user_A, user_B", ["user_A", "user_B"]),
        ("lock user_A, user_B and user_C", ["user_A", "user_B", "user_C"]),
        ("lock user_A, user_B, and user_C", ["user_A", "user_B", "user_C"]),
        ("invite a@x.io & b@x.io", ["a@x.io", "b@x.io"]),
    ],
)
def test_a_list_is_one_run_in_the_order_said(text: str, listed: list[str]) -> None:
    assert [[t.value for t in run] for run in runs(text)] == [listed]


def test_values_of_other_kinds_or_joined_by_other_words_are_not_one_list() -> None:
    assert len(runs("add user_A and org_B")) == 2  # a user and an org
    assert len(runs("move user_A from org_X to org_Y")) == 3  # "to" joins no list
    assert len(runs("user_A said user_B did it")) == 2


def test_a_role_said_after_a_target_goes_with_it() -> None:
    (run,) = runs("add user_B as org:admin and user_C as a member to the org")
    assert run == [Target("user_B", "org:admin"), Target("user_C", "org:member")]


def test_fan_out_makes_one_call_per_target_in_order_and_keeps_the_rest() -> None:
    call = Call("POST", "/users/{user_id}/lock", path_params={"user_id": "user_C"}, why="lock")
    calls = fan_out(call, "lock user_C, user_A and user_B")
    assert [c.path_params["user_id"] for c in calls] == ["user_C", "user_A", "user_B"]
    assert {(c.method, c.path, c.why) for c in calls} == {("POST", call.path, "lock")}


def test_fan_out_leaves_a_call_that_already_takes_the_whole_list() -> None:
    call = Call("POST", "/users/ban", body={"user_ids": ["user_A", "user_B"]})
    assert fan_out(call, "ban user_A and user_B") == [call]


def test_fan_out_sets_each_targets_own_role() -> None:
    call = Call(
        "POST",
        "/organizations/{organization_id}/memberships",
        path_params={"organization_id": "org_abc"},
        body={"user_id": "user_B", "role": "org:admin"},
    )
    calls = fan_out(call, "add user_B as org:admin and user_C as org:member to org_abc")
    assert [c.body for c in calls] == [
        {"user_id": "user_B", "role": "org:admin"},
        {"user_id": "user_C", "role": "org:member"},
    ]


def test_a_creation_named_in_the_plural_is_made_once_per_value() -> None:
    call = Call("POST", "/users", body={"email_address": ["a@x.io", "b@x.io"], "password": "p"})
    assert [c.body for c in fan_out(call, "create users a@x.io and b@x.io")] == [
        {"email_address": ["a@x.io"], "password": "p"},
        {"email_address": ["b@x.io"], "password": "p"},
    ]
    # one user with two addresses stays one creation
    assert fan_out(call, "create a user with the emails a@x.io and b@x.io") == [call]


def test_the_plan_keeps_the_order_the_targets_were_said_in(catalog: Catalog) -> None:
    steps = plan(catalog, "delete user_B, user_C and user_A").steps
    assert [s.path_params["user_id"] for s in steps] == ["user_B", "user_C", "user_A"]


# --------------------------------------------------------------------------- clauses


def test_a_comma_starts_a_follow_on_order_that_names_its_own_target() -> None:
    text = (
        "Set up org X owned by user_A, add user_B as org:admin and user_C as org:member, "
        "and invite hiring@x.ai"
    )
    assert split_clauses(text) == [
        "Set up org X owned by user_A",
        "add user_B as org:admin and user_C as org:member",
        "invite hiring@x.ai",
    ]


def test_a_comma_before_words_about_the_same_call_splits_nothing() -> None:
    text = "create a user with email bob@x.io, give him the first name Bob"
    assert split_clauses(text) == [text]


def test_an_invitation_without_a_role_is_asked_about_not_given_one(catalog: Catalog) -> None:
    text = "Set up org X owned by user_A, add user_B as org:admin, and invite hiring@x.ai"
    output = LocalPlanner().plan(text, PlanContext(catalog, now=NOW))
    assert not isinstance(output, Plan) and "role" in getattr(output, "question", "")


# --------------------------------------------------------------------------- ids


@pytest.mark.parametrize("value", ["user_xyz", "user_abc123", "user_2abc123", "user_A", "org_X"])
def test_short_example_ids_are_ids(value: str) -> None:
    assert CLERK_ID.fullmatch(value)
    assert extract(f"show {value}'s sessions", NOW).ids == [value]


@pytest.mark.parametrize("word", ["user_id", "user_ids", "org_id", "user_name", "sess_id"])
def test_field_names_are_not_ids(word: str) -> None:
    assert extract(f"filter by {word}", NOW).ids == []


# --------------------------------------------------------------------------- metadata


def metadata(catalog: Catalog, text: str) -> dict:
    endpoint = catalog.get("PATCH", "/users/{user_id}/metadata")
    assert endpoint is not None
    slots = extract(text, NOW)
    request = Request(slots, text, rewrite(text), set(tokens(rewrite(slots.words))), now=NOW)
    values = fill(endpoint, request).values
    return {k: v for k, v in values.items() if k.endswith("metadata")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("set their plan to 'pro' in user_x1's metadata", {"plan": "pro"}),
        ('set the plan to "enterprise" in public metadata of user_x1', {"plan": "enterprise"}),
        ("mark onboarding as complete in user_x1's metadata", {"onboarding_complete": True}),
        ("mark onboarding as done in user_x1's metadata", {"onboarding_complete": True}),
        ("mark onboarding_complete as done in user_x1's metadata", {"onboarding_complete": True}),
        ("mark the tutorial as not done in user_x1's metadata", {"tutorial_complete": False}),
        ("add a 'role: admin' field to user_x1's public metadata", {"role": "admin"}),
        ("add a 'seats: 5' field to user_x1's public metadata", {"seats": 5}),
    ],
)  # fmt: skip
def test_metadata_said_in_clerks_phrasing(catalog: Catalog, text: str, expected: dict) -> None:
    assert metadata(catalog, text) == {"public_metadata": expected}  # (the default kind)


def test_a_field_of_the_endpoint_is_no_metadata_key(catalog: Catalog) -> None:
    step = plan(catalog, "set the first name of user_abc123 to 'Bob'").steps[0]
    assert step.body == {"first_name": "Bob"}


def test_the_rate_limit_question_gets_an_answer(catalog: Catalog) -> None:
    text = "What are the rate limits for the Clerk Backend API?"
    output = LocalPlanner().plan(text, PlanContext(catalog, now=NOW))
    assert isinstance(output, Answer) and "requests per 10 seconds" in output.text


# --------------------------------------------------------------------------- orders


@pytest.mark.parametrize(
    ("text", "order"),
    [
        ("delete the user with email bob@acme.io", "delete"),
        ("please get rid of bob@acme.io", "delete"),
        ("I need you to revoke sess_abc123", "revoke"),
        ("the ban on user_A was a mistake, lift both bans please", None),  # "the ban" is a noun
        ("delete user_A and make a new one with the same email", None),  # both asked
        ("remove the ban from user_A", None),  # an unban is what is asked
        ("show the users I deleted", None),
    ],
)
def test_the_removing_order_of_a_text(text: str, order: str | None) -> None:
    assert removing_order(text) == order


def test_what_reverses_a_removing_order(catalog: Catalog) -> None:
    def endpoint(key: str) -> Endpoint:
        found = catalog.get(*key.split(" "))
        assert found is not None
        return found

    assert reverses("delete", endpoint("POST /users"))
    assert reverses("revoke", endpoint("POST /invitations"))
    assert reverses("delete", endpoint("POST /users/{user_id}/unban"))
    assert reverses("ban", endpoint("POST /users/{user_id}/unban"))
    assert not reverses("delete", endpoint("DELETE /users/{user_id}"))
    assert not reverses("revoke", endpoint("POST /sessions/{session_id}/revoke"))
    assert not reverses(None, endpoint("POST /users"))


@pytest.mark.parametrize(
    ("text", "method", "params"),
    [
        ("please run: DELETE /users/user_1", "DELETE", {"user_id": "user_1"}),
        ("run `DELETE /users/user_1`.", "DELETE", {"user_id": "user_1"}),
        ("DELETE /users/user_1 please", "DELETE", {"user_id": "user_1"}),
        ("ok: POST /users/user_9/ban — thanks", "POST", {"user_id": "user_9"}),
    ],
)
def test_a_call_written_in_a_sentence_is_that_call(
    catalog: Catalog, text: str, method: str, params: dict
) -> None:
    call = embedded_call(text, catalog)
    assert call is not None and (call.method, call.path_params) == (method, params)


@pytest.mark.parametrize(
    "text",
    ["run DELETE /users/user_1 and then list users", "GET /users then DELETE /users/user_1"],
)
def test_a_call_with_more_asked_around_it_is_not_taken_alone(catalog: Catalog, text: str) -> None:
    assert embedded_call(text, catalog) is None
    output = LocalPlanner().plan(text, PlanContext(catalog, now=NOW))
    assert "/users/user_1" in getattr(output, "question", "")


# --------------------------------------------------------------------------- property

IDS = st.lists(
    st.from_regex(r"user_(?:[A-Z]|[a-z]{3}|2[a-zA-Z0-9]{9})", fullmatch=True),
    min_size=2,
    max_size=4,
    unique=True,
).filter(lambda ids: all(CLERK_ID.fullmatch(i) for i in ids))
ACTIONS = st.sampled_from(["lock", "unlock", "delete", "Lock", "please lock", "can you delete"])
ENDINGS = st.sampled_from(["", " please", ", thanks", " asap", " while we investigate", "."])


def _listed(ids: list[str], oxford: bool) -> str:
    if len(ids) == 2:
        return f"{ids[0]} and {ids[1]}"
    return ", ".join(ids[:-1]) + ("," if oxford else "") + f" and {ids[-1]}"


@settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(action=ACTIONS, ids=IDS, oxford=st.booleans(), ending=ENDINGS)
def test_every_listed_target_gets_its_call_in_the_order_said(
    plan_text: Callable[[str], object], action: str, ids: list[str], oxford: bool, ending: str
) -> None:
    output = plan_text(f"{action} {_listed(ids, oxford)}{ending}")
    assert isinstance(output, Plan)
    assert [s.path_params.get("user_id") for s in output.steps] == ids
    assert len({(s.method, s.path) for s in output.steps}) == 1


@pytest.fixture
def plan_text(catalog: Catalog) -> Callable[[str], object]:
    """The planner on a text (Hypothesis then reports the text, not the whole catalog)."""
    return lambda text: LocalPlanner().plan(text, PlanContext(catalog, now=NOW))
