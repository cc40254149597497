"""Session.handle with scripted confirmations and a real sandbox over HTTP on 127.0.0.1.

Each safety invariant of the turn has a test here that would catch its violation.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from assistant.models import Answer, Call, Clarification
from assistant.session import ConfirmReply
from assistant.transcript import verify
from tests.session_helpers import CREATE_ORG, INVITE, LIST_USERS, no, plan, typed_token, yes


def first_user_id(rig_for: Any) -> str:
    rig = rig_for([plan(LIST_USERS)], [yes()])
    body = rig.session.handle("list users").results[0].body
    items = body["data"] if isinstance(body, dict) else body
    return items[0]["id"]


def test_list_users_asks_then_sends_one_get(rig_for: Any) -> None:
    rig = rig_for([plan(LIST_USERS)], [yes()])
    turn = rig.session.handle("list users")
    assert [r.status for r in turn.results] == ["ok"]
    assert [r.method for r in rig.transport.requests] == ["GET"]
    shown = rig.confirm.seen[0]
    assert shown.request is not None and "$CLERK_SECRET_KEY" in shown.curl
    assert str(shown.request.url) == str(rig.transport.requests[0].url)


def test_two_confirmed_steps_with_a_reference(rig_for: Any) -> None:
    rig = rig_for([plan(CREATE_ORG, INVITE)], [yes(), yes()])
    turn = rig.session.handle("create Acme Corp and invite bob@acme.io as admin")
    assert [r.status for r in turn.results] == ["ok", "ok"], turn.results
    org_id = turn.results[0].body["id"]
    sent = rig.transport.writes()
    assert [r.url.path for r in sent] == [
        "/v1/organizations",
        f"/v1/organizations/{org_id}/invitations",
    ]
    assert len(rig.confirm.seen) == 2


def test_decline_sends_nothing_reports_not_run_and_reaches_the_planner(rig_for: Any) -> None:
    rig = rig_for([plan(CREATE_ORG, INVITE), Answer("ok")], [no()])
    turn = rig.session.handle("create Acme Corp and invite bob")
    assert rig.transport.writes() == []
    assert [r.status for r in turn.results] == ["declined", "skipped"]
    assert turn.not_run == [2] and turn.status == "declined"
    rig.session.handle("why did that stop?")
    history = json.dumps(rig.planner.contexts[1].history, default=repr)
    assert "declined" in history and "/organizations" in history


def test_blocked_step_asks_about_admin_and_is_never_sent_on_no(rig_for: Any) -> None:
    rig = rig_for([plan(CREATE_ORG)], [no()], scopes=None)
    turn = rig.session.handle("create Acme Corp")
    assert [c.kind for c in rig.confirm.seen] == ["admin-retry"]
    assert turn.results[0].status == "blocked" and rig.transport.requests == []
    assert "blocked" in rig.kinds()


def test_admin_retry_still_needs_its_own_yes(rig_for: Any) -> None:
    rig = rig_for([plan(CREATE_ORG), plan(CREATE_ORG)], [yes(), no(), yes(), yes()], scopes=None)
    rig.session.handle("create Acme Corp")  # admin yes, step no
    assert rig.transport.writes() == []
    turn = rig.session.handle("create Acme Corp")  # admin yes, step yes
    assert turn.results[0].status == "ok" and len(rig.transport.writes()) == 1
    assert [c.kind for c in rig.confirm.seen] == ["admin-retry", "step"] * 2
    assert rig.confirm.seen[-1].verdict.admin_bypass
    assert "admin" in rig.kinds()


def test_destructive_needs_the_typed_token(rig_for: Any) -> None:
    user_id = first_user_id(rig_for)
    delete = Call("DELETE", "/users/{user_id}", path_params={"user_id": user_id})
    rig = rig_for([plan(delete), plan(delete)], [yes(), typed_token])
    first = rig.session.handle("delete that user")
    assert first.results[0].status == "declined" and rig.transport.writes() == []
    assert rig.confirm.seen[0].verdict.confirm == "typed"
    second = rig.session.handle("delete that user")
    assert second.results[0].status == "ok"
    assert [r.method for r in rig.transport.writes()] == ["DELETE"]


def test_wrong_typed_token_is_a_decline(rig_for: Any) -> None:
    user_id = first_user_id(rig_for)
    delete = Call("DELETE", "/users/{user_id}", path_params={"user_id": user_id})
    rig = rig_for([plan(delete)], [ConfirmReply("typed", typed="yes please")])
    assert rig.session.handle("delete").results[0].status == "declined"
    assert rig.transport.writes() == []


def test_edit_is_rechecked_shown_again_and_sent_as_edited(rig_for: Any) -> None:
    edited = Call("POST", "/organizations", body={"name": "Acme Two"})
    rig = rig_for([plan(CREATE_ORG)], [ConfirmReply("edit", call=edited), yes()])
    turn = rig.session.handle("create Acme Corp")
    assert turn.results[0].status == "ok"
    assert [c.call for c in rig.confirm.seen] == [CREATE_ORG, edited]
    assert json.loads(rig.transport.writes()[0].content) == {"name": "Acme Two"}
    assert "edit" in rig.kinds()


def test_edit_into_a_blocked_call_is_not_sent(rig_for: Any) -> None:
    sneaky = Call("DELETE", "/users/{user_id}", path_params={"user_id": "user_x"})
    rig = rig_for([plan(CREATE_ORG)], [ConfirmReply("edit", call=sneaky), yes()], scopes="write")
    turn = rig.session.handle("create Acme Corp")
    assert turn.results[0].status == "blocked" and rig.transport.requests == []


def test_edit_without_a_new_yes_sends_nothing(rig_for: Any) -> None:
    rig = rig_for([plan(CREATE_ORG)], [ConfirmReply("edit", call=CREATE_ORG), no()])
    turn = rig.session.handle("create Acme Corp")
    assert turn.results[0].status == "declined" and rig.transport.requests == []


def test_stops_at_the_first_failure(rig_for: Any) -> None:
    missing = Call("GET", "/users/{user_id}", path_params={"user_id": "user_does_not_exist"})
    rig = rig_for([plan(missing, CREATE_ORG)], [yes(), yes()])
    turn = rig.session.handle("look up a user then create an org")
    assert [r.status for r in turn.results] == ["error", "skipped"]
    assert turn.results[0].http_status == 404 and turn.not_run == [2]
    assert rig.transport.writes() == [] and len(rig.confirm.seen) == 1


def test_dry_run_records_but_sends_nothing(rig_for: Any) -> None:
    rig = rig_for([plan(CREATE_ORG, INVITE)], [])
    rig.session.set_dry_run(True)
    turn = rig.session.handle("create Acme Corp and invite bob")
    assert [r.status for r in turn.results] == ["dry-run", "dry-run"]
    assert rig.transport.requests == [] and rig.confirm.seen == []
    assert rig.kinds().count("proposal") == 2 and "request" not in rig.kinds()


def test_ctrl_c_mid_request_marks_the_turn_and_keeps_the_transcript(rig_for: Any) -> None:
    rig = rig_for([plan(CREATE_ORG, INVITE)], [yes(), yes()])
    rig.transport.interrupt_on = "POST"
    turn = rig.session.handle("create Acme Corp and invite bob")
    assert turn.interrupted and turn.status == "interrupted"
    assert [r.status for r in turn.results] == ["interrupted", "skipped"]
    assert rig.kinds()[-2:] == ["interrupted", "skipped"]
    assert verify(rig.path).ok


def test_auto_reads_run_gets_without_asking_but_still_ask_for_writes(rig_for: Any) -> None:
    rig = rig_for([plan(LIST_USERS, CREATE_ORG)], [no()])
    rig.session.set_auto_reads(True)
    turn = rig.session.handle("list users then create an org")
    assert [r.status for r in turn.results] == ["ok", "declined"]
    assert [c.call.method for c in rig.confirm.seen] == ["POST"]
    assert rig.transport.writes() == []


@pytest.mark.parametrize("output", [Answer("Sessions last 7 days."), Clarification("Which user?")])
def test_answers_and_questions_send_nothing(rig_for: Any, output: Any) -> None:
    rig = rig_for([output], [])
    turn = rig.session.handle("something")
    assert turn.output == output and rig.transport.requests == [] and rig.confirm.seen == []
