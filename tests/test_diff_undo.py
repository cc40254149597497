"""Before/after for writes and undo, on the sandbox over real HTTP.

The session reads the object a write will change with its resource's GET (sent without
asking, recorded), attaches the change list to the proposal and records the state before;
`/undo` proposes the inverse as an ordinary plan that is checked, confirmed and sent.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from assistant import commands
from assistant.diff import state_diff
from assistant.models import Call
from assistant.sandbox import RunningServer
from assistant.transcript import read_records
from tests.session_helpers import Rig, no, plan, typed_token, yes

USER = "/users/{user_id}"
ORG = "/organizations/{organization_id}"


def users(running: RunningServer) -> list[dict[str, Any]]:
    return sorted(running.sandbox.world.table("users").values(), key=lambda u: u["created_at"])


def org_named(running: RunningServer, name: str) -> dict[str, Any]:
    return next(
        o for o in running.sandbox.world.table("organizations").values() if o["name"] == name
    )


def with_metadata(running: RunningServer, metadata: dict[str, Any]) -> dict[str, Any]:
    """The first seeded user, with `metadata` as its public metadata."""
    user = users(running)[0]
    user["public_metadata"] = json.loads(json.dumps(metadata))
    return user


def changes_of(rig: Rig, index: int = 0) -> dict[str, tuple[str, Any, Any]]:
    state = rig.confirm.seen[index].state
    assert state is not None and state.available, state
    return {c.path: (c.kind, c.old, c.new) for c in state.changes}


def methods(rig: Rig) -> list[str]:
    return [f"{r.method} {r.url.path}" for r in rig.transport.requests]


def undo(rig: Rig, argument: str = "") -> str:
    return commands.dispatch(rig.session, f"/undo {argument}".strip()).text


# --------------------------------------------------------------------------- the diff


def test_metadata_merge_shows_kept_changed_and_removed_by_null(
    rig_for: Any, sandbox_running: RunningServer
) -> None:
    user = with_metadata(sandbox_running, {"plan": "team", "seats": 5, "trial": True})
    body = {"public_metadata": {"plan": "pro", "trial": None, "region": "eu"}}
    call = Call("PATCH", USER + "/metadata", {"user_id": user["id"]}, body=body)
    rig = rig_for([plan(call)], [yes()])
    rig.session.handle("set plan pro")
    assert changes_of(rig) == {
        "public_metadata.plan": ("changed", "team", "pro"),
        "public_metadata.seats": ("kept", 5, 5),
        "public_metadata.trial": ("removed", True, None),
        "public_metadata.region": ("added", None, "eu"),
    }
    # The projection is what Clerk (the sandbox) really did.
    assert user["public_metadata"] == {"plan": "pro", "seats": 5, "region": "eu"}
    assert len(rig.confirm.seen) == 1  # the read was not asked about
    assert methods(rig) == [f"GET /v1/users/{user['id']}", f"PATCH /v1/users/{user['id']}/metadata"]


def test_put_metadata_warns_about_every_key_it_loses(
    rig_for: Any, sandbox_running: RunningServer
) -> None:
    user = with_metadata(sandbox_running, {"plan": "team", "seats": 5, "region": "eu"})
    call = Call(
        "PUT",
        USER + "/metadata",
        {"user_id": user["id"]},
        body={"public_metadata": {"plan": "pro"}},
    )
    rig = rig_for([plan(call)], [no()])
    rig.session.handle("replace metadata")
    state = rig.confirm.seen[0].state
    assert state is not None
    assert changes_of(rig)["public_metadata.seats"] == ("removed", 5, None)
    assert state.warnings == (
        "replaces public_metadata entirely: 2 key(s) will be lost: seats=5, region='eu'",
    )
    assert rig.transport.writes() == []  # declined: only the read went out


def test_rename_shows_the_current_name(rig_for: Any, sandbox_running: RunningServer) -> None:
    org = org_named(sandbox_running, "Globex")
    call = Call("PATCH", ORG, {"organization_id": org["id"]}, body={"name": "Globex EU"})
    rig = rig_for([plan(call)], [yes()])
    rig.session.handle("rename")
    assert changes_of(rig) == {"name": ("changed", "Globex", "Globex EU")}


@pytest.mark.parametrize(
    ("action", "flag", "index"),
    [
        ("ban", "banned", 0),
        ("lock", "locked", 0),
        ("unban", "banned", 24),
        ("unlock", "locked", 23),
    ],
)
def test_action_endpoints_show_the_flag_they_flip(
    rig_for: Any, sandbox_running: RunningServer, action: str, flag: str, index: int
) -> None:
    user = users(sandbox_running)[index]
    before = user[flag]
    call = Call("POST", f"{USER}/{action}", {"user_id": user["id"]})
    rig = rig_for([plan(call)], [typed_token if action == "ban" else yes()])
    rig.session.handle(action)
    assert changes_of(rig) == {flag: ("changed", before, not before)}
    assert user[flag] is (not before)


def test_delete_names_the_user_and_their_email(
    rig_for: Any, sandbox_running: RunningServer
) -> None:
    user = users(sandbox_running)[0]
    rig = rig_for([plan(Call("DELETE", USER, {"user_id": user["id"]}))], [no()])
    rig.session.handle("delete")
    state = rig.confirm.seen[0].state
    assert state is not None
    assert state.gone == f"user Ada Lovelace <ada.lovelace0@acme.io> ({user['id']})"


def test_delete_names_the_organization_and_its_member_count(
    rig_for: Any, sandbox_running: RunningServer
) -> None:
    org = org_named(sandbox_running, "Acme Corp")
    rig = rig_for([plan(Call("DELETE", ORG, {"organization_id": org["id"]}))], [no()])
    rig.session.handle("delete org")
    state = rig.confirm.seen[0].state
    assert state is not None
    assert state.gone == f"organization 'Acme Corp' ({org['id']}, {org['members_count']} member(s))"
    assert org["members_count"] > 0


def test_a_set_item_is_diffed_with_the_same_function(sandbox_running: RunningServer) -> None:
    """A set step previews its first item: one item is one call over that item's object."""
    items = users(sandbox_running)[:3]
    first = Call("POST", USER + "/ban", {"user_id": items[0]["id"]})
    diff = state_diff(first, items[0], read="GET /users/...")
    assert [(c.path, c.kind, c.old, c.new) for c in diff.changes] == [
        ("banned", "changed", False, True)
    ]


def test_references_are_filled_with_the_real_earlier_result(
    rig_for: Any, sandbox_running: RunningServer
) -> None:
    org = org_named(sandbox_running, "Initech")
    find = Call("GET", "/organizations", query={"query": "Initech"})
    rename = Call("PATCH", ORG, {"organization_id": "{{1.data.0.id}}"}, body={"name": "Initrode"})
    rig = rig_for([plan(find, rename)], [yes(), yes()])
    rig.session.handle("rename initech")
    assert changes_of(rig, 1) == {"name": ("changed", "Initech", "Initrode")}
    assert org["name"] == "Initrode"


# --------------------------------------------------------------------------- not readable


def test_a_missing_object_says_so_and_shows_the_request_alone(rig_for: Any) -> None:
    ghost = "user_2noSuchUser00000000000000000"
    rig = rig_for([plan(Call("POST", USER + "/lock", {"user_id": ghost}))], [no()])
    rig.session.handle("lock ghost")
    state = rig.confirm.seen[0].state
    assert state is not None and not state.available
    assert "HTTP 404" in state.reason and state.read == f"GET /users/{ghost}"
    assert rig.transport.writes() == []


def test_a_create_has_nothing_to_read(rig_for: Any) -> None:
    rig = rig_for([plan(Call("POST", "/organizations", body={"name": "Hooli"}))], [no()])
    rig.session.handle("create")
    state = rig.confirm.seen[0].state
    assert state is not None and not state.available and "creates something new" in state.reason
    assert rig.transport.requests == []  # no read, and nothing sent without the yes


def test_dry_run_reads_nothing(rig_for: Any, sandbox_running: RunningServer) -> None:
    user = users(sandbox_running)[0]
    rig = rig_for([plan(Call("POST", USER + "/ban", {"user_id": user["id"]}))], [])
    rig.session.set_dry_run(True)
    rig.session.handle("ban")
    assert rig.transport.requests == []
    assert rig.session.last_turn is not None
    assert rig.session.last_turn.diffs[1]["available"] is False


def test_the_read_and_the_state_before_are_in_the_transcript(
    rig_for: Any, sandbox_running: RunningServer
) -> None:
    user = users(sandbox_running)[0]
    rig = rig_for([plan(Call("POST", USER + "/lock", {"user_id": user["id"]}))], [yes()])
    rig.session.handle("lock")
    records = read_records(rig.path)
    kinds = [r["kind"] for r in records]
    assert kinds[kinds.index("verdict") + 1 :] == [
        "request", "response", "before", "proposal", "decision", "request", "response"
    ]  # fmt: skip
    before = next(r["data"] for r in records if r["kind"] == "before")
    assert before["state"]["locked"] is False and before["state"]["id"] == user["id"]
    assert before["diff"]["changes"] == [
        {"path": "locked", "kind": "changed", "old": False, "new": True}
    ]


# --------------------------------------------------------------------------- undo


def test_undo_after_a_ban_unbans(rig_for: Any, sandbox_running: RunningServer) -> None:
    user = users(sandbox_running)[0]
    ban = Call("POST", USER + "/ban", {"user_id": user["id"]})
    rig = rig_for([plan(ban)], [typed_token, yes()])
    rig.session.handle("ban ada")
    assert user["banned"] is True
    text = undo(rig)
    proposed = rig.confirm.seen[-1]
    assert proposed.call.method == "POST" and proposed.call.path == USER + "/unban"
    assert proposed.verdict.allowed and proposed.call.path_params == {"user_id": user["id"]}
    assert proposed.state is not None and proposed.state.changes[0].new is False
    assert "not restored: the sessions the ban revoked" in proposed.note
    assert text.startswith("undo of change #") and ": done\nnot restored:" in text
    assert user["banned"] is False


def test_undo_after_a_metadata_change_restores_it_exactly(
    rig_for: Any, sandbox_running: RunningServer
) -> None:
    original = {"plan": "team", "seats": 5, "limits": {"api": 10, "users": 3}, "trial": True}
    user = with_metadata(sandbox_running, original)
    body = {
        "public_metadata": {"plan": "pro", "trial": None, "region": "eu", "limits": {"api": 50}}
    }
    change = Call("PATCH", USER + "/metadata", {"user_id": user["id"]}, body=body)
    rig = rig_for([plan(change)], [yes(), yes()])
    rig.session.handle("upgrade")
    assert user["public_metadata"] != original
    undo(rig)
    proposed = rig.confirm.seen[-1].call
    assert proposed.method == "PATCH" and proposed.path == USER + "/metadata"
    assert proposed.body == {
        "public_metadata": {"plan": "team", "trial": True, "region": None, "limits": {"api": 10}}
    }
    assert user["public_metadata"] == original


def test_undo_a_put_and_a_rename(rig_for: Any, sandbox_running: RunningServer) -> None:
    user = with_metadata(sandbox_running, {"plan": "team", "seats": 5})
    org = org_named(sandbox_running, "Globex")
    put = Call("PUT", USER + "/metadata", {"user_id": user["id"]}, body={"public_metadata": {}})
    rename = Call("PATCH", ORG, {"organization_id": org["id"]}, body={"name": "Globex EU"})
    rig = rig_for([plan(put), plan(rename)], [yes(), yes(), yes(), yes()])
    rig.session.handle("wipe")
    rig.session.handle("rename")
    assert undo(rig).endswith("done") and org["name"] == "Globex"
    assert undo(rig).endswith("done") and user["public_metadata"] == {"plan": "team", "seats": 5}
    assert undo(rig).startswith("nothing to undo")


def test_a_declined_undo_changes_nothing(rig_for: Any, sandbox_running: RunningServer) -> None:
    user = users(sandbox_running)[0]
    rig = rig_for([plan(Call("POST", USER + "/lock", {"user_id": user["id"]}))], [yes(), no()])
    rig.session.handle("lock")
    sent = len(rig.transport.writes())
    assert undo(rig).endswith("declined")
    assert len(rig.transport.writes()) == sent and user["locked"] is True


def test_a_delete_cannot_be_undone(rig_for: Any, sandbox_running: RunningServer) -> None:
    user = users(sandbox_running)[0]
    rig = rig_for([plan(Call("DELETE", USER, {"user_id": user["id"]}))], [typed_token])
    rig.session.handle("delete ada")
    seen, sent = len(rig.confirm.seen), len(rig.transport.requests)
    text = undo(rig)
    assert "cannot be undone" in text and "Ada Lovelace <ada.lovelace0@acme.io>" in text
    assert len(rig.confirm.seen) == seen and len(rig.transport.requests) == sent


def test_undo_names_a_change_by_number(rig_for: Any, sandbox_running: RunningServer) -> None:
    first, second = users(sandbox_running)[:2]
    rig = rig_for(
        [plan(Call("POST", USER + "/lock", {"user_id": u["id"]})) for u in (first, second)],
        [yes(), yes(), yes()],
    )
    rig.session.handle("lock 1")
    rig.session.handle("lock 2")
    numbers = [r["seq"] for r in read_records(rig.path) if r["kind"] == "before"]
    assert undo(rig, str(numbers[0])).endswith("done")
    assert first["locked"] is False and second["locked"] is True
    assert "already undone" in undo(rig, str(numbers[0]))
    assert "no change #999" in undo(rig, "999")


def test_undo_with_nothing_recorded(rig_for: Any) -> None:
    rig = rig_for([], [])
    assert undo(rig).startswith("nothing to undo")
    with pytest.raises(Exception, match="change number"):
        undo(rig, "last")


def test_an_undo_goes_through_the_guardrail(rig_for: Any, sandbox_running: RunningServer) -> None:
    user = users(sandbox_running)[0]
    rig = rig_for([plan(Call("POST", USER + "/lock", {"user_id": user["id"]}))], [yes(), no()])
    rig.session.handle("lock")
    rig.session.set_scopes(None)  # read-only now: the unlock is blocked, never sent
    sent = len(rig.transport.writes())
    assert undo(rig).endswith("blocked")
    assert len(rig.transport.writes()) == sent and user["locked"] is True


def test_undo_restores_user_fields(rig_for: Any, sandbox_running: RunningServer) -> None:
    user = users(sandbox_running)[1]
    old = (user["first_name"], user["username"])
    body = {"first_name": "Amazing", "username": "amazing"}
    rig = rig_for([plan(Call("PATCH", USER, {"user_id": user["id"]}, body=body))], [yes(), yes()])
    rig.session.handle("rename")
    assert changes_of(rig) == {
        "first_name": ("changed", old[0], "Amazing"),
        "username": ("changed", old[1], "amazing"),
    }
    assert undo(rig).endswith("done")
    assert rig.confirm.seen[-1].call.body == {"first_name": old[0], "username": old[1]}
    assert (user["first_name"], user["username"]) == old


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ({"password": "correct horse battery"}, "the old password cannot be restored"),
        ({"locale": "fr-FR"}, "locale was empty before, and a null does not clear it"),
    ],
)
def test_a_change_undo_could_only_partly_restore_is_refused(
    rig_for: Any, sandbox_running: RunningServer, body: dict[str, Any], why: str
) -> None:
    user = users(sandbox_running)[2]
    rig = rig_for([plan(Call("PATCH", USER, {"user_id": user["id"]}, body=body))], [yes()])
    rig.session.handle("change")
    sent = len(rig.transport.requests)
    assert why in undo(rig) and len(rig.transport.requests) == sent


def test_a_removed_password_shows_the_flag_and_cannot_be_undone(
    rig_for: Any, sandbox_running: RunningServer
) -> None:
    user = users(sandbox_running)[0]
    user["password_enabled"] = True
    call = Call("POST", USER + "/remove_password", {"user_id": user["id"]})
    rig = rig_for([plan(call)], [typed_token])
    rig.session.handle("remove password")
    assert changes_of(rig) == {"password_enabled": ("changed", True, False)}
    text = undo(rig)
    assert "cannot be undone" in text and "password credential" in text


def test_a_revoked_session_cannot_be_undone(rig_for: Any, sandbox_running: RunningServer) -> None:
    active = next(
        s
        for s in sandbox_running.sandbox.world.table("sessions").values()
        if s["status"] == "active"
    )
    call = Call("POST", "/sessions/{session_id}/revoke", {"session_id": active["id"]})
    rig = rig_for([plan(call)], [typed_token])
    rig.session.handle("revoke")
    assert changes_of(rig) == {"status": ("changed", "active", "revoked")}
    assert "cannot be undone" in undo(rig) and active["status"] == "revoked"


def test_a_claude_plan_gets_the_same_before_after(
    rig_for: Any, sandbox_running: RunningServer
) -> None:
    """The diff is the session's, not a planner's: a plan from Claude (through the real
    anthropic client and the local stand-in) is read and diffed with its reference filled."""
    from assistant.planning.claude import ClaudePlanner
    from assistant.settings import Settings
    from tests.fake_anthropic import FakeAnthropic, tool_use

    org = org_named(sandbox_running, "Initech")
    steps = [
        {"method": "GET", "path": "/organizations", "query": {"query": "Initech"}},
        {
            "method": "PATCH",
            "path": ORG,
            "path_params": {"organization_id": "{{1.data.0.id}}"},
            "body": {"name": "Initrode"},
        },
    ]
    with FakeAnthropic() as fake:
        fake.reply(tool_use("propose_plan", {"steps": steps}))
        rig = rig_for([], [yes(), no()])
        settings = Settings(anthropic_api_key="sk-ant-test", anthropic_base_url=fake.url)
        rig.session.planner = ClaudePlanner(settings, max_retries=0, timeout=5.0)
        rig.session.handle("rename Initech to Initrode")
    assert changes_of(rig, 1) == {"name": ("changed", "Initech", "Initrode")}
    assert rig.confirm.seen[1].state is not None
    assert rig.confirm.seen[1].state.read == f"GET /organizations/{org['id']}"
    assert rig.transport.writes() == [] and org["name"] == "Initech"


def test_a_state_too_big_to_keep_is_not_restored_from_a_cut(
    rig_for: Any, sandbox_running: RunningServer
) -> None:
    user = with_metadata(sandbox_running, {"notes": "x" * 70_000, "plan": "team"})
    body = {"public_metadata": {"plan": "pro"}}
    call = Call("PATCH", USER + "/metadata", {"user_id": user["id"]}, body=body)
    rig = rig_for([plan(call)], [yes()])
    rig.session.handle("upgrade")
    assert changes_of(rig)["public_metadata.plan"] == ("changed", "team", "pro")
    before = next(r["data"] for r in read_records(rig.path) if r["kind"] == "before")
    assert before["state"] is None and before["state_bytes"] > 70_000
    assert "too big to keep in the transcript" in undo(rig)


def test_slash_undo_refuses_its_transcript_once_edited(
    rig_for: Any, sandbox_running: RunningServer, tmp_path: Any
) -> None:
    """`/undo` reads the session's own file: rewritten under it (and re-chained), the
    change it names is not the one the session made, so nothing is proposed or sent."""
    from assistant.errors import ConfigError
    from tests.test_sets import rechained

    ada, victim = users(sandbox_running)[:2]
    rig = rig_for([plan(Call("POST", USER + "/lock", {"user_id": ada["id"]}))], [yes(), yes()])
    rig.session.handle("lock ada")
    written = rig.path.read_bytes()

    def aim_at_victim(record: dict[str, Any]) -> None:
        if record["kind"] == "before":
            record["data"]["call"]["path_params"] = {"user_id": victim["id"]}

    rechained(rig.path, aim_at_victim, rig.path)
    sent = len(rig.transport.requests)
    with pytest.raises(ConfigError, match="not undoing"):
        undo(rig)
    assert len(rig.transport.requests) == sent
    assert ada["locked"] is True and not victim.get("locked")
    rig.path.write_bytes(written)  # the session goes on writing the file it had
