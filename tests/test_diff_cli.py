"""The before/after and undo from the command line and in the terminal.

`ask` and `undo` talk to a live sandbox server over HTTP (CLERK_REST_API_URL), so the
state a change leaves behind is there for the undo that follows.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import httpx
from prompt_toolkit.output import DummyOutput

from assistant.cli import run
from assistant.diff import Change, StateDiff, unavailable
from assistant.environment import Environment
from assistant.models import Call, Verdict
from assistant.sandbox import SANDBOX_KEY, RunningServer
from assistant.session import ConfirmRequest
from assistant.terminal import Terminal
from assistant.transcript import verify


def cli(argv: list[str], tmp_path: Path, server: str | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLERK_BAPI")}
    if server is not None:
        env.update(CLERK_REST_API_URL=server, CLERK_SECRET_KEY=SANDBOX_KEY)
    environment = Environment(stdin=io.StringIO(), stdout=out, stderr=err, env=env, cwd=tmp_path)
    code = run(argv, environment)
    return code, out.getvalue(), err.getvalue()


def ada(running: RunningServer) -> dict[str, Any]:
    found = sorted(running.sandbox.world.table("users").values(), key=lambda u: u["created_at"])
    return found[0]


def test_ask_json_carries_the_diff_and_undo_takes_the_change_back(
    tmp_path: Path, sandbox_running: RunningServer
) -> None:
    user, log = ada(sandbox_running), str(tmp_path / "t.jsonl")
    user["public_metadata"] = {"plan": "team", "seats": 5}
    body = json.dumps({"public_metadata": {"plan": "pro"}})
    ask = ["ask", "--json", "--yes", "--scopes", "write", "--transcript", log]
    code, out, _ = cli(
        [*ask, f"PATCH /users/{user['id']}/metadata {body}"], tmp_path, sandbox_running.url
    )
    assert code == 0 and user["public_metadata"] == {"plan": "pro", "seats": 5}
    diff = json.loads(out)["diffs"][0]
    assert diff["read"] == f"GET /users/{user['id']}"
    assert {"path": "public_metadata.plan", "kind": "changed", "old": "team", "new": "pro"} in diff[
        "changes"
    ]
    assert {"path": "public_metadata.seats", "kind": "kept", "value": 5} in diff["changes"]

    undo = ["undo", "--json", "--scopes", "write", log]
    code, out, _ = cli(undo, tmp_path, sandbox_running.url)  # no --yes: proposed, declined
    assert code == 3 and user["public_metadata"] == {"plan": "pro", "seats": 5}
    assert json.loads(out)["output"]["steps"][0]["body"] == {"public_metadata": {"plan": "team"}}
    code, out, _ = cli([*undo, "--yes"], tmp_path, sandbox_running.url)
    assert code == 0 and user["public_metadata"] == {"plan": "team", "seats": 5}
    code, _, err = cli([*undo, "--yes"], tmp_path, sandbox_running.url)
    assert code == 3 and "nothing to undo" in err
    assert verify(log).ok
    shown = cli(["transcripts", "show", log], tmp_path)[1]
    assert "PATCH /users/{user_id}/metadata; state before recorded" in shown


def test_undo_refuses_a_delete_in_one_line(tmp_path: Path, sandbox_running: RunningServer) -> None:
    user, log = ada(sandbox_running), str(tmp_path / "t.jsonl")
    ask = ["ask", "--yes", "--allow-delete", "--scopes", "write,delete", "--transcript", log]
    assert cli([*ask, f"DELETE /users/{user['id']}"], tmp_path, sandbox_running.url)[0] == 0
    code, out, err = cli(["undo", "--yes", log], tmp_path, sandbox_running.url)
    assert code == 3 and out == ""
    assert err.count("\n") == 1 and "cannot be undone" in err and "Ada Lovelace" in err


def test_undo_never_runs_on_another_instance(
    tmp_path: Path, sandbox_running: RunningServer
) -> None:
    user, log = ada(sandbox_running), str(tmp_path / "t.jsonl")
    ask = ["ask", "--yes", "--scopes", "write", "--transcript", log]
    assert cli([*ask, f"POST /users/{user['id']}/lock"], tmp_path, sandbox_running.url)[0] == 0
    code, _, err = cli(["undo", "--sandbox", "--yes", "--scopes", "write", log], tmp_path)
    assert code == 3 and "was made on 127.0.0.1" in err and "talks to sandbox.local" in err
    assert user["locked"] is True


def test_undo_bad_input_is_one_line(tmp_path: Path) -> None:
    code, _, err = cli(["undo", "--sandbox", "no-such-file"], tmp_path)
    assert code == 2 and err.count("\n") == 1 and "no transcript" in err
    log = tmp_path / "t.jsonl"
    log.write_text("")
    code, _, err = cli(["undo", "--sandbox", str(log), "abc"], tmp_path)
    assert code == 2 and "change number" in err and "Traceback" not in err


def test_plan_json_reads_the_state_only_when_asked(tmp_path: Path) -> None:
    request = 'PUT /users/user_bCUa7CAkGe7If7ZHNJrDaPMjnK8/metadata {"public_metadata": {}}'
    code, out, _ = cli(["plan", "--json", "--sandbox", "--scopes", "write", request], tmp_path)
    assert code == 0 and json.loads(out)["steps"][0]["diff"]["available"] is False
    argv = ["plan", "--json", "--sandbox", "--read-state", "--scopes", "write", request]
    code, out, _ = cli(argv, tmp_path)
    diff = json.loads(out)["steps"][0]["diff"]
    assert diff["changes"] == [{"path": "public_metadata.plan", "kind": "removed", "old": "pro"}]
    assert diff["warnings"] == [
        "replaces public_metadata entirely: 1 key(s) will be lost: plan='pro'"
    ]


def test_plan_read_state_needs_somewhere_to_read_from(tmp_path: Path) -> None:
    code, _, err = cli(["plan", "--json", "--read-state", "POST /users/user_x/ban"], tmp_path)
    assert code == 2 and "CLERK_SECRET_KEY" in err


# --------------------------------------------------------------------------- terminal


def shown(state: StateDiff) -> str:
    out = io.StringIO()
    terminal = Terminal(output=DummyOutput(), stream=out, env={}, width=120)
    call = Call("PATCH", "/users/{user_id}/metadata", {"user_id": "user_1"}, body={})
    request = httpx.Request("PATCH", "https://api.clerk.com/v1/users/user_1/metadata")
    verdict = Verdict(True, "write", "yes")
    terminal.show_proposal(
        ConfirmRequest("step", 1, 1, call, None, verdict, request, "curl", state=state)
    )
    return out.getvalue()


def test_the_proposal_shows_old_to_new_added_removed_and_kept() -> None:
    changes = (
        Change("public_metadata.plan", "changed", "team", "pro"),
        Change("public_metadata.region", "added", new="eu"),
        Change("public_metadata.trial", "removed", old=True),
        Change("public_metadata.seats", "kept", 5, 5),
    )
    text = shown(StateDiff(True, "GET /users/user_1", changes=changes, warnings=("lost x",)))
    assert "Before → after (read with GET /users/user_1)" in text
    assert '~ public_metadata.plan: "team" → "pro"' in text
    assert '+ public_metadata.region: "eu" (added)' in text
    assert "- public_metadata.trial: true (removed)" in text
    assert "= public_metadata.seats: 5 (kept)" in text
    assert "warning: lost x" in text


def test_the_proposal_says_when_the_state_could_not_be_read() -> None:
    text = shown(unavailable("could not read it (HTTP 404: not found)"))
    assert "Before/after not shown: could not read it (HTTP 404: not found)." in text


def test_undo_refuses_an_edited_transcript_and_sends_nothing(
    tmp_path: Path, sandbox_running: RunningServer
) -> None:
    """The change undo takes back comes from the transcript: an edited (and re-chained)
    `before` record said `unlock <someone else>`, and undo locked that person."""
    from tests.test_sets import rechained

    user, log = ada(sandbox_running), tmp_path / "t.jsonl"
    victim = sorted(sandbox_running.sandbox.world.table("users").values(), key=lambda u: u["id"])
    victim = next(u for u in victim if u["id"] != user["id"] and not u.get("locked"))
    ask = ["ask", "--yes", "--scopes", "write", "--transcript", str(log)]
    assert cli([*ask, f"POST /users/{user['id']}/lock"], tmp_path, sandbox_running.url)[0] == 0

    def aim_at_victim(record: dict[str, Any]) -> None:
        if record["kind"] == "before":
            call = record["data"]["call"]
            call.update(path="/users/{user_id}/unlock", path_params={"user_id": victim["id"]})

    edited = rechained(log, aim_at_victim, tmp_path / "edited.jsonl")
    other = str(tmp_path / "undo.jsonl")
    argv = ["undo", "--yes", "--scopes", "write", "--transcript", other, str(edited)]
    code, out, err = cli(argv, tmp_path, sandbox_running.url)
    assert code == 2 and err.count("\n") == 1 and "not undoing" in err, out + err
    assert not victim.get("locked")
    assert not Path(other).exists() or "request" not in Path(other).read_text()
