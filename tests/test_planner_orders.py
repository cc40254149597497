"""Orders are never reversed (issue 11, attack 7), as properties of the local planner.

A request whose order takes something away (delete, remove, revoke, ...) never plans a
step that creates or undoes (POST /users, an invitation, an unban), whatever its target
and the words around it. A `METHOD /path` written inside a sentence is sent as written or
questioned, never turned into another call. The checks below are written from the spec's
own words (an endpoint summary that starts "Create"/"Add"/"Invite"), not from the planner.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.models import Clarification, Plan, PlannerOutput
from assistant.planning.base import PlanContext
from assistant.planning.local import LocalPlanner, split_clauses
from assistant.planning.orders import removing_order
from assistant.spec import Catalog

NOW = datetime(2026, 5, 19, 12, tzinfo=timezone.utc)
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

LEADS = ["", "please ", "Please ", "can you ", "could you please ", "ok so ", "I need you to "]
LEADS += ["hey, ", "Quick one: ", "go ahead and ", "we need to "]
VERBS = ["delete", "remove", "revoke", "erase", "wipe", "get rid of", "purge", "cancel", "drop"]
VERBS += ["Delete", "REMOVE", "nuke"]
NAMES = st.sampled_from(["bob", "carol", "d.ng", "eve+test", "ops", "hiring", "zoe.l"])
DOMAINS = st.sampled_from(["acme.io", "x.ai", "example.com", "globex.co.uk"])
EMAILS = st.builds(lambda n, d: f"{n}@{d}", NAMES, DOMAINS)
TAILS = st.sampled_from(["A", "xyz", "abc123", "2abcdefgh", "3Kq9ZpLm2Xa"])
TARGETS = st.one_of(
    EMAILS.map(lambda e: f"the user with email {e}"),
    EMAILS.map(lambda e: e),
    EMAILS.map(lambda e: f"the account {e} uses"),
    EMAILS.map(lambda e: f"the invitation for {e}"),
    EMAILS.map(lambda e: f"{e} from the allowlist"),
    TAILS.map(lambda t: f"user_{t}"),
    TAILS.map(lambda t: f"the user with ID user_{t}"),
    TAILS.map(lambda t: f"session sess_{t}"),
    TAILS.map(lambda t: f"invitation inv_{t}"),
    TAILS.map(lambda t: f"the org org_{t}"),
    TAILS.map(lambda t: f"user_{t} from org_{t}"),
    TAILS.map(lambda t: f"user_{t} and user_2{t}"),
    st.just("the phone number +14155550123"),
    st.just("their account"),
)
NOISE = st.sampled_from(
    ["", " please", ", thanks", " asap", " right away", " for good", " today", "!",
     ". They left the company last week.", ", it was created by mistake",
     ". Support ticket 4411.", " (the new one)", " — the customer asked us to"]
)  # fmt: skip
_CATALOG: list[Catalog] = []  # the session's catalog, for checks inside properties


@pytest.fixture(autouse=True)
def _remember_catalog(catalog: Catalog) -> None:
    _CATALOG[:] = [catalog]


PlanText = Callable[[str], PlannerOutput]


@pytest.fixture
def plan_text(catalog: Catalog) -> PlanText:
    """The local planner on a text (a function, so Hypothesis reports the text, not the
    whole catalog, when a property fails)."""
    return lambda text: LocalPlanner().plan(text, PlanContext(catalog, now=NOW))


REQUESTS = st.builds(lambda a, v, t, n: f"{a}{v} {t}{n}", st.sampled_from(LEADS),
                     st.sampled_from(VERBS), TARGETS, NOISE)  # fmt: skip


def _reverses(method: str, path: str) -> bool:
    """A step that creates (its summary says so) or undoes a ban or a lock."""
    endpoint = _CATALOG[0].get(method, path)
    assert endpoint is not None
    first = re.match(r"\w+", endpoint.summary.lower())
    creates = method == "POST" and first is not None and first.group(0) in (
        "create", "add", "invite", "bulk", "assign", "apply",
    )  # fmt: skip
    return creates or path.endswith(("/unban", "/unlock"))


@SETTINGS
@given(text=REQUESTS)
def test_a_removing_order_never_plans_a_create(plan_text: PlanText, text: str) -> None:
    output = plan_text(text)
    steps = output.steps if isinstance(output, Plan) else ()
    assert not [f"{s.method} {s.path}" for s in steps if _reverses(s.method, s.path)]


@SETTINGS
@given(text=REQUESTS)
def test_the_generated_requests_are_removing_orders(text: str) -> None:
    """The property above is about removing orders: the generator makes only those."""
    assert all(removing_order(clause) for clause in split_clauses(text))


CALLS = ["DELETE /users/user_1", "DELETE /users/user_2abc", "POST /users/user_x/ban",
         "DELETE /organizations/org_1/memberships/user_2", "GET /users?limit=5",
         "POST /sessions/sess_12345/revoke", "DELETE /invitations/inv_1"]  # fmt: skip
FRAMES = ["please run: {}", "can you send `{}` for me?", "{} please", "run {}.",
          "ok, do this: {}", "the runbook says {}", "{} and then list the users",
          "please run: {} — thanks"]  # fmt: skip


@SETTINGS
@given(call=st.sampled_from(CALLS), frame=st.sampled_from(FRAMES))
def test_a_call_written_in_a_sentence_is_sent_as_written_or_questioned(
    plan_text: PlanText, call: str, frame: str
) -> None:
    output = plan_text(frame.format(call))
    catalog = _CATALOG[0]
    if isinstance(output, Clarification):
        assert call.split("?")[0] in output.question  # it says which call it read
        return
    assert isinstance(output, Plan) and len(output.steps) == 1
    method, target = call.split(" ")
    step = output.steps[0]
    matched = catalog.match(method, target.split("?")[0])
    if matched is None:  # not in the spec: kept as typed, for the guardrail to block
        assert (step.method, step.path) == (method, target)
        return
    assert (step.method, step.path) == (method, matched[0].path)
    assert step.path_params == matched[1]


def test_the_reported_attacks(catalog: Catalog) -> None:
    """Issue 11's two requests: a lookup then the DELETE; the written call itself."""
    found = LocalPlanner().plan("delete the user with email bob@acme.io", PlanContext(catalog))
    assert isinstance(found, Plan)
    assert [(s.method, s.path) for s in found.steps] == [
        ("GET", "/users"),
        ("DELETE", "/users/{user_id}"),
    ]
    assert found.steps[0].query == {"email_address": ["bob@acme.io"]}
    assert found.steps[1].path_params == {"user_id": "{{1.0.id}}"}
    ran = LocalPlanner().plan("please run: DELETE /users/user_1", PlanContext(catalog))
    assert isinstance(ran, Plan) and ran.planner == "explicit"
    assert [(s.method, s.path_params) for s in ran.steps] == [("DELETE", {"user_id": "user_1"})]
