"""Property: no non-GET request leaves without an allowed verdict and a yes in the same turn.

Random plans, scopes, admin mode and confirmation answers (yes, no, typed right or wrong,
edits into other calls) run through a real Session, the real guardrail and executor, and
the in-process sandbox. A recording transport sees every request; each non-GET one must
match a step that, in that same turn, was shown with an allowed verdict and answered yes
(or with the exact typed token when the verdict asked for one).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.models import Call
from assistant.sandbox import Sandbox, sandbox_transport
from assistant.session import ConfirmReply, ConfirmRequest
from assistant.spec import Catalog
from tests.session_helpers import make_rig, plan

CALLS = [
    Call("GET", "/users", query={"limit": 3}),
    Call("POST", "/organizations", body={"name": "Acme"}),
    Call("POST", "/users", body={"email_address": ["new@example.com"]}),
    Call(
        "PATCH", "/users/{user_id}", path_params={"user_id": "{{1.0.id}}"}, body={"first_name": "A"}
    ),
    Call("DELETE", "/users/{user_id}", path_params={"user_id": "{{1.0.id}}"}),
    Call("DELETE", "/organizations/{organization_id}", path_params={"organization_id": "org_x"}),
    Call("POST", "/users/{user_id}/ban", path_params={"user_id": "{{1.0.id}}"}),
]
SCOPES = [None, "write", "write,delete", "users:write", "organizations:write,organizations:delete"]
ANSWERS = ["yes", "no", "typed-right", "typed-wrong", "edit"]


def reply_for(answer: str, edit_to: Call) -> Any:
    def reply(request: ConfirmRequest) -> ConfirmReply:
        if answer == "typed-right":
            return ConfirmReply("typed", typed=request.verdict.typed_token)
        if answer == "typed-wrong":
            return ConfirmReply("typed", typed="not the token")
        if answer == "edit":
            return ConfirmReply("edit", call=edit_to)
        return ConfirmReply(answer)  # type: ignore[arg-type]

    return reply


def approved(request: ConfirmRequest, reply: ConfirmReply) -> bool:
    verdict = request.verdict
    if request.kind != "step" or not verdict.allowed:
        return False
    if verdict.confirm == "typed":
        return reply.decision == "typed" and reply.typed == verdict.typed_token
    return reply.decision in ("yes", "typed")


class Watcher:
    """Wraps the scripted confirm: remembers (turn, request, reply) for every question."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.turn = 0
        self.log: list[tuple[int, ConfirmRequest, ConfirmReply]] = []

    def __call__(self, request: ConfirmRequest) -> ConfirmReply:
        reply = self.inner(request)
        self.log.append((self.turn, request, reply))
        return reply


def fingerprint(request: Any) -> tuple[str, str, bytes]:
    return request.method, str(request.url), request.content


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    plans=st.lists(
        st.lists(st.sampled_from(CALLS), min_size=1, max_size=4), min_size=1, max_size=3
    ),
    scopes=st.sampled_from(SCOPES),
    admin=st.booleans(),
    answers=st.lists(st.tuples(st.sampled_from(ANSWERS), st.sampled_from(CALLS)), max_size=12),
)
def test_no_write_without_allowed_verdict_and_yes_in_the_same_turn(
    catalog: Catalog,
    sandbox_document: dict[str, Any],
    tmp_path_factory: Any,
    plans: list[list[Call]],
    scopes: str | None,
    admin: bool,
    answers: list[tuple[str, Call]],
) -> None:
    tmp: Path = tmp_path_factory.mktemp("prop")
    inner = sandbox_transport(Sandbox(catalog, sandbox_document, rate_limit=None))
    replies = [reply_for(a, c) for a, c in answers]
    outputs = [plan(*p) for p in plans]
    url = "https://sandbox.local/v1"
    rig = make_rig(catalog, url, inner, tmp, outputs, replies, scopes=scopes, admin=admin)
    watcher = Watcher(rig.session.confirm)
    rig.session.confirm = watcher
    sent_by_turn: list[list[Any]] = []
    for turn_number in range(len(plans)):
        watcher.turn = turn_number
        before = len(rig.transport.requests)
        rig.session.handle(f"turn {turn_number}")
        sent_by_turn.append(rig.transport.requests[before:])
    rig.transcript.close()
    for turn_number, sent in enumerate(sent_by_turn):
        questions = [(q, r) for t, q, r in watcher.log if t == turn_number]
        check_turn(sent, questions)


def check_turn(sent: list[Any], questions: list[tuple[ConfirmRequest, ConfirmReply]]) -> None:
    """Every non-GET request matches its own approved question, one yes per request."""
    yes_for = [fingerprint(q.request) for q, r in questions if q.request and approved(q, r)]
    for request in sent:
        if request.method == "GET":
            continue
        print_ = fingerprint(request)
        assert print_ in yes_for, f"{request.method} {request.url} sent without an approved yes"
        yes_for.remove(print_)


def test_the_checker_catches_a_write_without_a_yes() -> None:
    """The property's checker is not vacuous: a write with no question fails it."""
    import httpx

    write = httpx.Request("POST", "https://sandbox.local/v1/organizations", json={"name": "A"})
    with pytest.raises(AssertionError, match="without an approved yes"):
        check_turn([write], [])
