"""The local planner through a real Session against the sandbox over HTTP: what it plans
for a list of targets and for a removing order is exactly what goes on the wire."""

from __future__ import annotations

from typing import Any

from assistant.models import Call
from assistant.planning.local import LocalPlanner
from assistant.session import ConfirmReply, ConfirmRequest
from tests.session_helpers import plan, yes

LIST_USERS = Call("GET", "/users", query={"limit": 5})


def approve(request: ConfirmRequest) -> ConfirmReply:
    """Yes to every step; the typed id where the guardrail asks for one."""
    token = request.verdict.typed_token
    return ConfirmReply("typed", typed=token) if token else ConfirmReply("yes")


def seeded_users(rig_for: Any) -> list[dict[str, Any]]:
    rig = rig_for([plan(LIST_USERS)], [yes()])
    body = rig.session.handle("list users").results[0].body
    return body["data"] if isinstance(body, dict) else body


def local_rig(rig_for: Any) -> Any:
    rig = rig_for([], [approve] * 8)
    rig.session.planner = LocalPlanner()
    return rig


def test_lock_a_and_b_locks_both_in_the_order_said(rig_for: Any) -> None:
    first, second = (u["id"] for u in seeded_users(rig_for)[1:3])
    rig = local_rig(rig_for)
    turn = rig.session.handle(f"lock {second} and {first}")
    assert [r.status for r in turn.results] == ["ok", "ok"]
    # each lock is preceded by the GET that reads its before/after
    assert [(r.method, r.url.path) for r in rig.transport.requests] == [
        ("GET", f"/v1/users/{second}"),
        ("POST", f"/v1/users/{second}/lock"),
        ("GET", f"/v1/users/{first}"),
        ("POST", f"/v1/users/{first}/lock"),
    ]


def test_delete_the_user_with_an_email_looks_up_and_deletes_never_creates(
    rig_for: Any,
) -> None:
    user = seeded_users(rig_for)[4]
    email = user["email_addresses"][0]["email_address"]
    rig = local_rig(rig_for)
    turn = rig.session.handle(f"delete the user with email {email}")
    assert [r.status for r in turn.results] == ["ok", "ok"]
    sent = [(r.method, r.url.path) for r in rig.transport.requests]
    assert sent == [
        ("GET", "/v1/users"),
        ("GET", f"/v1/users/{user['id']}"),  # what the DELETE removes, shown before it
        ("DELETE", f"/v1/users/{user['id']}"),
    ]


def test_a_call_written_in_a_sentence_is_the_call_sent(rig_for: Any) -> None:
    user = seeded_users(rig_for)[3]
    rig = local_rig(rig_for)
    turn = rig.session.handle(f"please run: DELETE /users/{user['id']}")
    assert [r.status for r in turn.results] == ["ok"]
    assert [(r.method, r.url.path) for r in rig.transport.writes()] == [
        ("DELETE", f"/v1/users/{user['id']}")
    ]
