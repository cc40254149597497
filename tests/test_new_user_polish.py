"""What a new user hit (issue 12, "Polish"): each through `Session` and the sandbox, or the
CLI where the thing lives there."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from assistant import __version__, commands, render, repl
from assistant.cli.interactive import _welcome
from assistant.errors import ConfigError
from assistant.models import Call
from assistant.session import ConfirmReply
from assistant.settings import Settings
from assistant.terminal import Terminal, _toolbar_parts
from tests.session_helpers import plan, yes
from tests.test_ask import ask

CREATE = Call("POST", "/organizations", body={"name": "Polish Co"})


def decisions(rig: Any) -> list[dict[str, Any]]:
    lines = [json.loads(line) for line in rig.path.read_text().splitlines()]
    return [r["data"] for r in lines if r["kind"] == "decision"]


# --------------------------------------------------------------------------- SDK and /detail


def test_sdk_snippet_names_the_server_when_it_is_not_clerks(
    rig_for: Any, sandbox_server: str
) -> None:
    rig = rig_for([plan(CREATE)], [ConfirmReply("no")])
    rig.session.handle("create Polish Co")
    snippet = rig.confirm.seen[0].sdk
    assert f"server_url={sandbox_server!r}" in snippet
    clerk = render.sdk_python(CREATE, rig.session.catalog.get("POST", "/organizations"))
    assert "server_url" not in clerk  # Clerk's own host needs no server_url


def test_detail_shows_the_sdk_names_proposals_use(rig_for: Any) -> None:
    rig = rig_for([], [])
    text = commands.dispatch(
        rig.session, "/detail POST /organizations/{organization_id}/invitations"
    ).text
    assert "clerk.organization_invitations.create(...)" in text
    assert "organizationInvitations" not in text


def test_detail_never_cuts_a_description_mid_word(rig_for: Any) -> None:
    rig = rig_for([], [])
    long = [e for e in rig.session.catalog if len(e.description.strip()) > 600]
    assert long, "the spec has long descriptions"
    for endpoint in long[:10]:
        original = endpoint.description.strip()
        clipped = render.clip(original, 600)
        assert clipped in commands.describe_endpoint(endpoint) and clipped.endswith("…")
        kept = clipped[:-1]
        assert original.startswith(kept) and not original[len(kept)].isalnum()


def test_clip_cuts_at_a_word_end() -> None:
    assert render.clip("short", 10) == "short"
    assert render.clip("one two three four", 12) == "one two…"
    assert render.clip("one two three four", 14) == "one two three…"


# --------------------------------------------------------------------------- scopes, version


def test_scopes_with_an_unknown_token_are_refused_at_once(rig_for: Any) -> None:
    rig = rig_for([], [], scopes="write")
    with pytest.raises(ConfigError, match=r"unknown scope token.*wrte"):
        commands.dispatch(rig.session, "/scopes users:wrte")
    assert rig.session.toggles.scopes == "write"  # nothing changed
    assert commands.dispatch(rig.session, "/scopes users:write").text == "scopes: users:write"


def test_scopes_flag_with_an_unknown_token_exits_2_with_one_line(tmp_path: Path) -> None:
    ran = ask(tmp_path, "--scopes", "wrte", "list users")
    assert ran.code == 2 and "unknown scope token(s) wrte" in ran.err
    assert len(ran.err.strip().splitlines()) == 1


def test_version_prints_the_tools_version_and_spec_version_has_its_own_flag(
    tmp_path: Path,
) -> None:
    from tests.conftest import cli_process

    shown = cli_process("--version")
    assert shown.returncode == 0 and shown.stdout.strip() == f"clerk-assistant {__version__}"
    tags = cli_process("tags", "--spec-version", "2025-04-10", "--json")
    assert tags.returncode == 0 and json.loads(tags.stdout)


# --------------------------------------------------------------------------- ask and the REPL


def test_ask_output_points_at_ask_json_not_the_repls_json(tmp_path: Path) -> None:
    ran = ask(tmp_path, "list users")
    assert ran.code == 0 and "/json" not in ran.out and "ask --json" in ran.out


def test_ask_json_lists_the_values_no_step_uses(tmp_path: Path) -> None:
    ran = ask(tmp_path, "--json", "--scopes", "write", "lock user_2abcDEF123 and user_2ghiJKL456")
    data = json.loads(ran.out)
    planned = json.dumps(data["output"]["steps"])
    for target in ("user_2abcDEF123", "user_2ghiJKL456"):
        assert target in planned or target in data["not_used"]  # never dropped silently


def test_ask_prints_the_whole_plan_before_the_first_call(tmp_path: Path) -> None:
    text = "create an organization called Acme and invite bob@acme.io as admin"
    ran = ask(tmp_path, "--scopes", "write", text)
    assert ran.code == 3  # declined by the flags: nothing was sent
    assert ran.out.index("Plan: 2 steps") < ran.out.index("Step 1 declined")
    assert "2. POST /organizations/{organization_id}/invitations" in ran.out


class _Screen:
    def __init__(self) -> None:
        self.said: list[str] = []

    def say(self, text: str) -> None:
        self.said.append(text)


@pytest.mark.parametrize("word", ["help", "clear", "Help?", "exit"])
def test_a_command_without_its_slash_suggests_the_command(rig_for: Any, word: str) -> None:
    rig = rig_for([], [])
    screen = _Screen()
    assert repl._handle_line(rig.session, screen, word) is True
    assert screen.said == [f"Did you mean /{word.strip('?').lower()}? Commands start with a slash."]
    assert rig.session.turns == []  # not sent to the planner


def test_a_request_is_not_taken_for_a_command() -> None:
    assert commands.slashless("list users") is None
    assert commands.slashless("search") is None  # a word the planner may be meant to see


# --------------------------------------------------------------------------- edits, typed ids


def test_an_edit_the_guardrail_blocks_reopens_the_edit(rig_for: Any) -> None:
    broken = Call("POST", "/organizations", body={"nmae": "Typo Co"})
    fixed = Call("POST", "/organizations", body={"name": "Fixed Co"})
    replies = [ConfirmReply("edit", call=broken), ConfirmReply("edit", call=fixed), yes()]
    rig = rig_for([plan(CREATE)], replies, scopes="write")
    turn = rig.session.handle("create Polish Co")
    assert [r.status for r in turn.results] == ["ok"]
    assert [r.kind for r in rig.confirm.seen] == ["step", "edit-again", "step"]
    assert not rig.confirm.seen[1].verdict.allowed  # shown blocked, never sent
    sent = [json.loads(r.content) for r in rig.transport.writes()]
    assert sent == [{"name": "Fixed Co"}]


def test_y_at_a_typed_id_prompt_is_recorded_as_a_decline(rig_for: Any) -> None:
    rig = rig_for([plan(Call("GET", "/users", query={"limit": 1}))], [yes()])
    user_id = rig.session.handle("list users").results[0].body[0]["id"]
    rig.planner.outputs.append(plan(Call("DELETE", "/users/{user_id}", {"user_id": user_id})))
    rig.confirm.replies = [ConfirmReply("typed", typed="y")]
    turn = rig.session.handle(f"delete user {user_id}")
    assert [r.status for r in turn.results] == ["declined"]
    assert rig.transport.writes() == []
    last = decisions(rig)[-1]
    assert last["answer"] == "no" and last["typed"] == "y"


def test_the_terminal_explains_what_to_type_when_y_is_typed() -> None:
    from assistant.models import Verdict
    from assistant.session import ConfirmRequest

    verdict = Verdict(True, "destructive", "typed", ("delete",), typed_token="user_2abcDEF123")
    call = Call("DELETE", "/users/{user_id}", {"user_id": "user_2abcDEF123"})
    with create_pipe_input() as pipe:
        out = io.StringIO()
        terminal = Terminal(input=pipe, output=DummyOutput(), stream=out, env={}, width=120)
        pipe.send_text("y\ruser_2abcDEF123\r")
        reply = terminal.confirm(ConfirmRequest("step", 1, 1, call, None, verdict))
    assert reply.decision == "typed" and reply.typed == "user_2abcDEF123"
    assert "type the id user_2abcDEF123 itself" in " ".join(out.getvalue().split())


# --------------------------------------------------------------------------- production


def production(rig: Any) -> Any:
    settings = replace(rig.session.settings, sandbox=False, secret_key="sk_live_" + "x" * 20)
    rig.session.settings = settings
    return rig.session


def test_production_host_in_banner_and_toolbar(rig_for: Any) -> None:
    session = production(rig_for([], []))
    assert "PRODUCTION instance at api.clerk.com" in _welcome(session)
    assert "api.clerk.com" in _toolbar_parts(session)[0]


def test_admin_on_in_production_asks_first(rig_for: Any) -> None:
    session = production(rig_for([], []))
    output = commands.dispatch(session, "/admin on")
    assert "PRODUCTION (api.clerk.com)" in output.confirm and session.toggles.admin is False
    assert output.confirmed is not None and output.confirmed().text == "admin: on"
    assert session.toggles.admin is True


def test_admin_on_in_production_stays_off_on_no(rig_for: Any) -> None:
    session = production(rig_for([], []))
    with create_pipe_input() as pipe:
        out = io.StringIO()
        terminal = Terminal(input=pipe, output=DummyOutput(), stream=out, env={}, width=120)
        pipe.send_text("n\r")
        terminal.show_output(commands.dispatch(session, "/admin on"))
    assert session.toggles.admin is False and "Nothing changed." in out.getvalue()


def test_admin_on_outside_production_needs_no_question(rig_for: Any) -> None:
    rig = rig_for([], [])
    assert commands.dispatch(rig.session, "/admin on").text == "admin: on"


# --------------------------------------------------------------------------- sandbox


def test_sandbox_answers_a_taken_email_with_clerks_422(rig_for: Any) -> None:
    create = Call("POST", "/users", body={"email_address": ["twice@example.com"]})
    rig = rig_for([plan(create), plan(create)], [yes(), yes()], scopes="write")
    assert rig.session.handle("create twice@example.com").results[0].status == "ok"
    again = rig.session.handle("create twice@example.com").results[0]
    assert again.status == "error" and again.http_status == 422
    assert again.body["code"] == "form_identifier_exists"


def test_settings_used_here_are_the_sandboxes() -> None:
    assert Settings(sandbox=True).instance_kind == "sandbox"
