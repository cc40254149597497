"""A conversation, not a string of one-shots (issue 12), through `Session` and the sandbox.

Open questions are answered by the next input that fits them (or dropped visibly), the
whole plan is shown before anything runs, every value the request named is used or listed
as "not used", and earlier results enter a plan only through a reference the person made.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from assistant.coverage import named_values, not_used
from assistant.models import Call, Clarification, Plan
from assistant.overview import PlanOverview
from assistant.pending import PendingQuestion, answer_to
from assistant.planning.base import AnsweredQuestion, PlanContext
from assistant.planning.claude import build_prompt
from assistant.planning.local import LocalPlanner
from assistant.planning.referring import ordinal_position, refers_back, refers_to_many
from assistant.session import ConfirmReply, SessionHooks
from tests.session_helpers import CREATE_ORG, INVITE, LIST_USERS, plan, typed_token, yes


def records(rig: Any, kind: str) -> list[dict[str, Any]]:
    lines = [json.loads(line) for line in rig.path.read_text().splitlines()]
    return [r["data"] for r in lines if r["kind"] == kind]


def local_rig(rig_for: Any, replies: list[Any]) -> Any:
    """A rig whose planner is the real local planner (not a script)."""
    rig = rig_for([], replies)
    rig.session.planner = LocalPlanner()
    return rig


def user_ids(rig: Any) -> list[str]:
    """Ids of the seeded users, newest first, as `list users` shows them."""
    turn = rig.session.handle("list users")
    body = turn.results[0].body
    return [u["id"] for u in (body["data"] if isinstance(body, dict) else body)]


def watched(rig: Any) -> list[tuple[str, Any]]:
    """Every notify(kind, payload) the session makes, in order (with confirms interleaved)."""
    events: list[tuple[str, Any]] = []
    rig.session.hooks = SessionHooks(notify=lambda kind, payload: events.append((kind, payload)))
    confirm = rig.session.confirm

    def recording(request: Any) -> Any:
        events.append(("confirm", request))
        return confirm(request)

    rig.session.confirm = recording
    return events


# --------------------------------------------------------------------------- open questions


def test_an_id_answers_the_local_planners_question(rig_for: Any) -> None:
    rig = local_rig(rig_for, [yes(), yes()])
    target = user_ids(rig)[1]
    asked = rig.session.handle("lock the user")
    assert isinstance(asked.output, Clarification) and asked.output.slot == "id"
    assert rig.session.pending is not None and rig.session.pending.field == "user_id"
    turn = rig.session.handle(target)
    assert isinstance(turn.output, Plan)
    assert [(c.method, c.path) for c in turn.output.steps] == [("POST", "/users/{user_id}/lock")]
    assert turn.output.steps[0].path_params == {"user_id": target}
    assert [r.status for r in turn.results] == ["ok"] and turn.answers == asked.output.question
    assert rig.transport.writes()[0].url.path == f"/v1/users/{target}/lock"
    answer = records(rig, "answer")[0]
    assert answer == {
        "question": asked.output.question,
        "answer": target,
        "request": "lock the user",
    }
    assert rig.session.pending is None  # answered: closed


def test_delete_the_user_asks_which_and_the_typed_id_deletes_that_one(rig_for: Any) -> None:
    # issue 12's own example: the question is asked, the id answers it, the typed id confirms
    rig = local_rig(rig_for, [yes()])
    target = user_ids(rig)[2]
    asked = rig.session.handle("delete the user")
    assert isinstance(asked.output, Clarification) and asked.output.slot == "id"
    assert "DELETE /users/{user_id}" in asked.output.question
    rig.confirm.replies = [ConfirmReply("typed", typed=target)]
    turn = rig.session.handle(target)
    assert isinstance(turn.output, Plan)
    assert [(c.method, c.path) for c in turn.output.steps] == [("DELETE", "/users/{user_id}")]
    assert [r.status for r in turn.results] == ["ok"]
    assert [(r.method, r.url.path) for r in rig.transport.writes()] == [
        ("DELETE", f"/v1/users/{target}")
    ]


def test_the_first_one_answers_with_the_first_listed_id(rig_for: Any) -> None:
    rig = local_rig(rig_for, [yes(), yes()])
    first = user_ids(rig)[0]
    rig.session.handle("lock the account")
    turn = rig.session.handle("the first one")
    assert isinstance(turn.output, Plan) and turn.output.steps[0].path_params == {"user_id": first}
    assert records(rig, "answer")[0]["answer"] == first


def test_a_new_request_drops_the_question_visibly(rig_for: Any) -> None:
    rig = local_rig(rig_for, [yes()])
    events = watched(rig)
    asked = rig.session.handle("lock the user")
    turn = rig.session.handle("list users")
    assert turn.dropped_question == asked.output.question and not turn.answers
    assert ("question-dropped", asked.output.question) in events
    assert isinstance(turn.output, Plan) and turn.output.steps[0].path == "/users"
    assert records(rig, "question-dropped") == [
        {"question": asked.output.question, "request": "lock the user"}
    ]
    assert not records(rig, "answer") and rig.session.pending is None


def test_a_rephrase_request_is_not_an_open_question(rig_for: Any) -> None:
    rig = local_rig(rig_for, [])
    asked = rig.session.handle("frobnicate the quux")
    assert isinstance(asked.output, Clarification) and rig.session.pending is None


def test_claudes_question_and_the_answer_reach_the_planner_in_the_context(rig_for: Any) -> None:
    question = Clarification("Which user should I delete (user_id)?", planner="claude")
    rig = rig_for([question, plan(LIST_USERS)], [yes()])
    rig.session.handle("delete the user")
    turn = rig.session.handle("user_2abcDEF123")
    assert turn.answers == question.question
    context = rig.planner.contexts[1]
    assert context.answering == AnsweredQuestion(
        "delete the user", question.question, "user_2abcDEF123"
    )
    prompt = build_prompt(rig.session.catalog, "delete the user user_2abcDEF123", context, ())
    assert question.question in prompt.user and '"answer": "user_2abcDEF123"' in prompt.user


def test_a_value_answer_is_supplied_with_its_field_name(rig_for: Any) -> None:
    question = Clarification("What name?", slot="value", field="name")
    rig = rig_for([question, plan(CREATE_ORG)], [yes()])
    rig.session.handle("create an organization")
    rig.session.handle("Acme Corp")
    assert rig.planner.contexts[1].answering.answer == "Acme Corp"
    assert records(rig, "answer")[0]["answer"] == "Acme Corp"


def test_what_fits_an_open_slot() -> None:
    pending = PendingQuestion("lock the user", "Which user?", "id", "user_id")
    assert answer_to(pending, "user_2abcDEF123", []).text == "lock the user user_2abcDEF123"
    assert answer_to(pending, "it's user_xyz", []).answer == "user_xyz"  # a short example id
    assert answer_to(pending, "bob@x.io", []).answer == "bob@x.io"  # an email names a user
    assert answer_to(pending, "the second one", ["user_a1", "user_b2"]).answer == "user_b2"
    assert answer_to(pending, "list users", []) is None  # an order: a new request
    assert answer_to(pending, "show user user_2abcDEF123", []) is None
    assert answer_to(pending, "hello there", []) is None
    role = PendingQuestion("x", "Which role?", "choice", "role", ("org:admin", "org:member"))
    assert answer_to(role, "org:member", []).text == "x, role org:member"
    assert answer_to(role, "boss", []) is None
    name = PendingQuestion("create an org", "What name?", "value", "name")
    assert answer_to(name, "Acme Corp", []).text == "create an org, name 'Acme Corp'"
    assert answer_to(name, "never mind", []) is None  # no value: the question is dropped


def test_claude_question_without_a_slot_is_read_off_the_question(rig_for: Any) -> None:
    asked = Clarification("What email address should I invite?", planner="claude")
    rig = rig_for([asked], [])
    rig.session.handle("invite someone")
    assert rig.session.pending is not None and rig.session.pending.slot == "email"


# --------------------------------------------------------------------------- the whole plan


def test_the_whole_plan_is_shown_before_step_one_is_confirmed(rig_for: Any) -> None:
    rig = rig_for([plan(CREATE_ORG, INVITE)], [yes(), yes()])
    events = watched(rig)
    turn = rig.session.handle("create Acme Corp and invite bob@acme.io as admin")
    assert [r.status for r in turn.results] == ["ok", "ok"]
    kinds = [kind for kind, _ in events]
    assert kinds.index("overview") < kinds.index("confirm")
    overview = next(p for k, p in events if k == "overview")
    lines = overview.lines()
    assert lines[0] == "Plan: 2 steps, 2 write; all allowed"
    assert "1. POST /organizations  [write, allowed]  name=Acme Corp" in lines[1]
    assert "2. POST /organizations/{organization_id}/invitations" in lines[2]
    assert "<step 1.id>" in lines[2] and "email_address=bob@acme.io" in lines[2]


def test_a_one_step_plan_with_nothing_unused_needs_no_overview(rig_for: Any) -> None:
    rig = rig_for([plan(LIST_USERS)], [yes()])
    events = watched(rig)
    rig.session.handle("list users")
    assert "overview" not in [kind for kind, _ in events]


def test_all_confirms_the_remaining_writes_but_never_a_typed_step(rig_for: Any) -> None:
    rig = local_rig(rig_for, [yes()])
    victim = user_ids(rig)[2]
    delete = Call("DELETE", "/users/{user_id}", path_params={"user_id": victim})
    rig.session.planner = rig.planner
    rig.planner.outputs.append(plan(CREATE_ORG, INVITE, delete))
    rig.confirm.replies = [ConfirmReply("yes", remaining=True), ConfirmReply("no")]
    turn = rig.session.handle("create Acme Corp, invite bob@acme.io, delete the user")
    assert [r.status for r in turn.results] == ["ok", "ok", "declined"]
    steps_asked = [r.step for r in rig.confirm.seen if r.call.method != "GET"]
    assert steps_asked == [1, 3]  # step 2 ran on "all"; the delete still asked
    assert [r.method for r in rig.transport.writes()] == ["POST", "POST"]
    decisions = [d for d in records(rig, "decision") if d["step"] in (1, 2, 3)][-3:]
    assert decisions[0]["remaining"] is True and decisions[1]["kind"] == "all"
    assert decisions[2]["answer"] == "no"


# --------------------------------------------------------------------------- coverage


def test_a_dropped_target_is_listed_as_not_used(rig_for: Any) -> None:
    one_lock = Call("POST", "/users/{user_id}/lock", path_params={"user_id": "user_2abcDEF123"})
    rig = rig_for([plan(one_lock)], [ConfirmReply("no")])
    events = watched(rig)
    rig.session.handle("lock user_2abcDEF123 and user_2ghiJKL456")
    overview = next(p for k, p in events if k == "overview")
    assert overview.not_used == ("user_2ghiJKL456",)
    assert overview.lines()[-1] == "  not used: user_2ghiJKL456"
    assert records(rig, "coverage") == [{"not_used": ["user_2ghiJKL456"]}]


def test_the_local_planner_plan_for_two_targets_names_any_it_drops(rig_for: Any) -> None:
    rig = local_rig(rig_for, [yes()])
    first, second = user_ids(rig)[:2]
    rig.confirm.replies = [ConfirmReply("no")] * 3
    turn = rig.session.handle(f"lock {first} and {second}")
    used = json.dumps([c.to_json() for c in turn.output.steps])
    unused = records(rig, "coverage")[0]["not_used"] if records(rig, "coverage") else []
    for target in (first, second):
        assert target in used or target in unused  # never dropped silently


def test_named_values_and_what_counts_as_used() -> None:
    text = "lock user_2abcDEF1, add a 'role: admin' field, set plan to 'pro', call +15550102030"
    assert named_values(text) == ["user_2abcDEF1", "role: admin", "pro", "+15550102030"]
    body = {"public_metadata": {"role": "admin", "plan": "pro"}, "phone": "+1 555 010 2030"}
    used = Plan(
        (Call("PATCH", "/users/{user_id}/metadata", {"user_id": "user_2abcDEF1"}, {}, body),)
    )
    assert not_used(text, used) == []
    near = Plan((Call("POST", "/users/{user_id}/lock", {"user_id": "user_2abcDEF12"}),))
    assert "user_2abcDEF1" in not_used(text, near)  # a longer id is not the one named


def test_overview_summary_counts_risks_and_typed_steps(catalog: Any) -> None:
    from assistant.guardrail import Policy, check, parse_scopes

    delete = Call("DELETE", "/users/{user_id}", path_params={"user_id": "user_2abcDEF123"})
    steps = plan(LIST_USERS, delete)
    verdicts = check(steps, Policy(scopes=parse_scopes("write,delete")), catalog)
    summary = PlanOverview(steps, tuple(verdicts)).summary()
    assert summary == "1 read, 1 destructive; all allowed; 1 needs a typed confirmation"


# --------------------------------------------------------------------------- context


def test_an_earlier_result_never_filters_an_unrelated_request(rig_for: Any) -> None:
    rig = local_rig(rig_for, [yes(), yes(), yes()])
    shown = user_ids(rig)[1]
    rig.session.handle(f"show user {shown}")
    turn = rig.session.handle("list users created in the last 7 days")
    call = turn.output.steps[0]
    assert (call.method, call.path) == ("GET", "/users")
    assert "user_id" not in call.query and "created_at_after" in call.query
    assert shown not in str(rig.transport.requests[-1].url)


def test_this_month_is_no_reference_to_the_user_shown_before(rig_for: Any) -> None:
    rig = local_rig(rig_for, [yes(), yes(), yes()])
    shown = user_ids(rig)[1]
    rig.session.handle(f"show user {shown}")
    turn = rig.session.handle("list organizations created this month")
    call = turn.output.steps[0]
    assert (call.method, call.path) == ("GET", "/organizations")
    assert shown not in json.dumps(call.to_json())


def test_their_memberships_after_a_user_was_named_are_that_users(rig_for: Any) -> None:
    rig = local_rig(rig_for, [yes(), yes(), yes()])
    shown = user_ids(rig)[1]
    rig.session.handle(f"show user {shown}")
    turn = rig.session.handle("show me their memberships")
    call = turn.output.steps[0]
    assert shown in json.dumps(call.to_json()) and "membership" in call.path


def test_the_second_one_is_the_second_listed(rig_for: Any) -> None:
    rig = local_rig(rig_for, [yes(), ConfirmReply("no")])
    second = user_ids(rig)[1]
    turn = rig.session.handle("ban the second one")
    assert turn.output.steps[0].path_params == {"user_id": second}


def test_invite_them_too_invites_their_addresses(rig_for: Any) -> None:
    rig = local_rig(rig_for, [yes(), typed_token, ConfirmReply("no")])
    rig.session.handle("list users")
    banned = rig.session.handle("ban the second one").results[0].body
    turn = rig.session.handle("invite them too")
    call = turn.output.steps[0]
    assert "invitation" in call.path and call.method == "POST"
    email = banned["email_addresses"][0]["email_address"]
    assert email in json.dumps(call.body) and "/unban" not in call.path


def test_what_is_and_is_not_a_reference() -> None:
    assert ordinal_position("ban the second one") == 1
    assert ordinal_position("show the last user") == -1
    assert ordinal_position("ban the second") == 1
    for text in (
        "list users created in the last 7 days",
        "set the first name to Bob",
        "users by last sign-in",
        "the first 5 users",
    ):
        assert ordinal_position(text) is None, text
    assert refers_to_many("show me their memberships") and refers_to_many("ban them")
    assert not refers_to_many("list users created this week")
    for text in ("delete that org", "ban her", "invite bob@x.io too", "revoke that one"):
        assert refers_back(text), text
    for text in ("list orgs created this month", "list users that signed in", "list users"):
        assert not refers_back(text), text


def test_plan_context_carries_the_answer(catalog: Any) -> None:
    answered = AnsweredQuestion("lock the user", "Which user?", "user_2abcDEF123")
    context = PlanContext(catalog, answering=answered)
    assert context.answering.to_json()["answer"] == "user_2abcDEF123"


def test_claude_through_the_real_client_gets_the_question_and_answer(
    rig_for: Any, catalog: Any
) -> None:
    from tests.fake_anthropic import FakeAnthropic, tool_use
    from tests.test_claude_planner import planner_for

    with FakeAnthropic() as fake:
        fake.reply(
            tool_use("ask_user", {"question": "Which user?", "slot": "id", "field": "user_id"}),
            tool_use("propose_plan", {"steps": [{"method": "GET", "path": "/users"}]}),
        )
        rig = rig_for([], [yes()])
        rig.session.planner = planner_for(fake.url)
        asked = rig.session.handle("lock the user")
        assert asked.output == Clarification(
            "Which user?", planner="claude", slot="id", field="user_id"
        )
        rig.session.handle("user_2abcDEF123")
        second = fake.bodies()[-1]["messages"][0]["content"]
    assert "Which user?" in second and '"answer": "user_2abcDEF123"' in second
    assert "Request: lock the user user_2abcDEF123" in second


@pytest.mark.parametrize(
    "reply",
    ["https://x.io; DELETE /users/{target}", "https://x.io then delete {target}"],
)
def test_an_answer_that_gives_an_order_is_a_new_request_not_the_value(
    rig_for: Any, reply: str
) -> None:
    """The answer is planned again inside the request: as a redirect url, the reply made
    'create a redirect url' a DELETE (or a create and a delete) under the question."""
    rig = local_rig(rig_for, [yes(), ConfirmReply("no"), ConfirmReply("no")])
    target = user_ids(rig)[0]
    asked = rig.session.handle("create a redirect url")
    assert isinstance(asked.output, Clarification) and asked.output.slot == "value"
    turn = rig.session.handle(reply.format(target=target))
    assert not turn.answers and turn.dropped_question == asked.output.question
    assert not records(rig, "answer")
    assert rig.transport.writes() == []
