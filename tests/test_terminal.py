"""The prompt_toolkit layer, driven by `create_pipe_input` + `DummyOutput` (no real terminal)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from prompt_toolkit.formatted_text import to_plain_text
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.input.base import PipeInput
from prompt_toolkit.output import DummyOutput

from assistant.models import Call, Endpoint, Result, Verdict
from assistant.session import ConfirmReply, ConfirmRequest, Session
from assistant.settings import Settings
from assistant.spec import Catalog
from assistant.terminal import Terminal, list_rows

WRITE = Verdict(True, "write", "yes", required_scopes=("write",))
READ = Verdict(True, "read", "yes")
DESTRUCTIVE = Verdict(
    True,
    "destructive",
    "typed",
    required_scopes=("write", "delete"),
    effects=("deletes the user and all their sessions",),
    typed_token="user_123",
)


@pytest.fixture
def pipe() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe_input:
        yield pipe_input


def make_terminal(
    pipe: PipeInput, env: dict[str, str] | None = None
) -> tuple[Terminal, io.StringIO]:
    out = io.StringIO()
    terminal = Terminal(input=pipe, output=DummyOutput(), stream=out, env=env or {}, width=120)
    return terminal, out


def proposal(call: Call, verdict: Verdict, endpoint: Endpoint | None = None) -> ConfirmRequest:
    request = httpx.Request(call.method, f"https://api.clerk.com/v1{call.path}", json=call.body)
    auth = "-H 'Authorization: Bearer $CLERK_SECRET_KEY'"
    curl = f"curl -X {call.method} https://api.clerk.com/v1{call.path} {auth}"
    return ConfirmRequest("step", 1, 1, call, endpoint, verdict, request, curl, note="because")


CREATE_ORG = Call("POST", "/organizations", body={"name": "Acme"}, why="make the org")


def test_typing_a_request_returns_the_line(pipe: PipeInput) -> None:
    terminal, _ = make_terminal(pipe)
    pipe.send_text("list users\r")
    assert terminal.read() == "list users"


def test_escape_enter_inserts_a_newline(pipe: PipeInput) -> None:
    terminal, _ = make_terminal(pipe)
    pipe.send_text("first line\x1b\rsecond\r")
    assert terminal.read() == "first line\nsecond"


def test_ctrl_c_clears_the_line_and_ctrl_d_exits(pipe: PipeInput) -> None:
    terminal, _ = make_terminal(pipe)
    pipe.send_text("half typed\x03")
    assert terminal.read() == ""
    pipe.send_text("\x04")
    with pytest.raises(EOFError):
        terminal.read()


def test_yes_confirms_a_write_and_the_proposal_is_shown(pipe: PipeInput, catalog: Catalog) -> None:
    terminal, out = make_terminal(pipe)
    pipe.send_text("y\r")
    endpoint = catalog.get("POST", "/organizations")
    reply = terminal.confirm(proposal(CREATE_ORG, WRITE, endpoint))
    assert reply.decision == "yes" and reply.by == "person"
    shown = out.getvalue()
    assert "POST https://api.clerk.com/v1/organizations" in shown
    assert "$CLERK_SECRET_KEY" in shown and "clerk.organizations.create(" in shown
    assert "WRITE" in shown and '"Acme"' in shown


def test_enter_alone_declines_a_write_but_runs_a_read(pipe: PipeInput) -> None:
    terminal, _ = make_terminal(pipe)
    pipe.send_text("\r")
    assert terminal.confirm(proposal(CREATE_ORG, WRITE)).decision == "no"
    pipe.send_text("\r")
    assert terminal.confirm(proposal(Call("GET", "/users"), READ)).decision == "yes"


def test_n_declines(pipe: PipeInput) -> None:
    terminal, _ = make_terminal(pipe)
    pipe.send_text("n\r")
    assert terminal.confirm(proposal(CREATE_ORG, WRITE)).decision == "no"


def test_edit_inline_returns_the_edited_call(pipe: PipeInput) -> None:
    terminal, _ = make_terminal(pipe)
    edited = '{"method": "POST", "path": "/organizations", "body": {"name": "Acme Two"}}'
    pipe.send_text("e\r\x15" + edited + "\r")  # Ctrl-U clears the pre-filled JSON
    reply = terminal.confirm(proposal(CREATE_ORG, WRITE))
    assert reply.decision == "edit"
    assert reply.call == Call("POST", "/organizations", body={"name": "Acme Two"})


def test_invalid_edit_asks_again(pipe: PipeInput) -> None:
    terminal, out = make_terminal(pipe)
    pipe.send_text("e\r\x15not json\rn\r")
    assert terminal.confirm(proposal(CREATE_ORG, WRITE)).decision == "no"
    assert "Not a valid call" in out.getvalue()


def test_explain_then_yes(pipe: PipeInput) -> None:
    terminal, out = make_terminal(pipe)
    pipe.send_text("x\ry\r")
    assert terminal.confirm(proposal(CREATE_ORG, WRITE)).decision == "yes"
    assert "make the org" in out.getvalue() and "because" in out.getvalue()


def test_destructive_needs_the_typed_token(pipe: PipeInput) -> None:
    terminal, out = make_terminal(pipe)
    pipe.send_text("user_123\r")
    reply = terminal.confirm(proposal(Call("DELETE", "/users/user_123"), DESTRUCTIVE))
    assert (reply.decision, reply.typed) == ("typed", "user_123")
    assert "cannot be undone" in out.getvalue()
    assert "deletes the user" in out.getvalue()


def test_destructive_y_is_not_a_yes(pipe: PipeInput) -> None:
    terminal, out = make_terminal(pipe)
    pipe.send_text("y\rn\r")  # y explains what to type and asks again; n then skips
    reply = terminal.confirm(proposal(Call("DELETE", "/users/user_123"), DESTRUCTIVE))
    assert reply.decision == "no"
    assert "y is not enough here" in out.getvalue()


def test_ctrl_c_at_a_confirmation_is_a_no(pipe: PipeInput) -> None:
    terminal, _ = make_terminal(pipe)
    pipe.send_text("\x03")
    assert terminal.confirm(proposal(CREATE_ORG, WRITE)).decision == "no"


def test_admin_retry_question(pipe: PipeInput) -> None:
    terminal, out = make_terminal(pipe)
    blocked = Verdict(False, "write", "yes", ("write",), missing_scopes=("write",))
    request = ConfirmRequest("admin-retry", 1, 1, CREATE_ORG, None, blocked)
    pipe.send_text("y\r")
    assert terminal.confirm(request).decision == "yes"
    assert "blocked" in out.getvalue() and "write" in out.getvalue()


def test_user_list_table_columns() -> None:
    user = {
        "object": "user",
        "id": "user_1",
        "first_name": "Ada",
        "last_name": "Lovelace",
        "primary_email_address_id": "idn_1",
        "email_addresses": [{"id": "idn_1", "email_address": "ada@example.com"}],
        "created_at": 1700000000000,
        "last_sign_in_at": None,
        "banned": True,
    }
    columns, rows = list_rows([user])
    assert columns == ("id", "primary email", "name", "created", "last sign-in", "banned")
    assert rows == [("user_1", "ada@example.com", "Ada Lovelace", "2023-11-14 22:13", "", "banned")]


def test_clerk_error_shows_message_long_message_and_hint(pipe: PipeInput) -> None:
    terminal, out = make_terminal(pipe)
    body = {"errors": [{"message": "not found", "long_message": "No user with id user_x"}]}
    terminal.show_result(Result(1, "error", 404, body, "not found"))
    text = out.getvalue()
    assert "not found" in text and "No user with id user_x" in text and "hint" in text


@pytest.mark.parametrize(("env", "coloured"), [({}, True), ({"NO_COLOR": "1"}, False)])
def test_no_color_means_no_colour_codes(
    pipe: PipeInput, env: dict[str, str], coloured: bool
) -> None:
    out = io.StringIO()
    terminal = Terminal(input=pipe, output=DummyOutput(), stream=out, env=env, force_terminal=True)
    terminal.show_result(Result(1, "ok", 200, {"object": "user", "id": "user_1"}))
    assert ("\x1b[32m" in out.getvalue() or "\x1b[1;32m" in out.getvalue()) is coloured
    assert "user_1" in out.getvalue()


def toolbar_text(settings: Settings, catalog: Catalog, admin: bool = False) -> str:
    terminal = Terminal(env={})
    parts: Any = None  # the toolbar reads settings, toggles and the catalog only
    session = Session(settings, catalog, parts, parts, parts, lambda r: ConfirmReply("no"))
    session.toggles.admin = admin
    terminal.session = session
    return to_plain_text(terminal.toolbar())


def test_toolbar_names_instance_version_planner_scopes_and_admin(catalog: Catalog) -> None:
    text = toolbar_text(Settings(sandbox=True, planner="local", scopes="write"), catalog)
    assert "sandbox" in text and "spec 2026-05-12" in text and "planner local" in text
    assert "scopes write" in text and "ADMIN" not in text and "Esc+Enter" in text
    loud = toolbar_text(Settings(secret_key="sk_live_x", planner="local"), catalog, admin=True)
    assert "PRODUCTION" in loud and "ADMIN" in loud


def test_history_persists_in_the_file(pipe: PipeInput, tmp_path: Path) -> None:
    history = tmp_path / "data" / "history"
    first = Terminal(input=pipe, output=DummyOutput(), stream=io.StringIO(), history_file=history)
    pipe.send_text("list users\r")
    assert first.read() == "list users"
    assert "list users" in history.read_text()
    second = Terminal(input=pipe, output=DummyOutput(), stream=io.StringIO(), history_file=history)
    pipe.send_text("\x1b[A\r")  # Up: the previous session's line comes back
    assert second.read() == "list users"


def test_executor_error_shape_shows_message_long_message_code_and_trace(pipe: PipeInput) -> None:
    terminal, out = make_terminal(pipe)
    body = {
        "status": 404,
        "message": "not found",
        "long_message": "The requested user user_nope was not found.",
        "code": "resource_not_found",
        "trace_id": "abc123",
    }
    terminal.show_result(Result(1, "error", 404, body, "Clerk API error 404: not found"))
    lines = out.getvalue().splitlines()
    assert lines[0].endswith("(HTTP 404): not found")
    assert "The requested user user_nope was not found." in lines[1]
    assert "code resource_not_found · trace abc123" in lines[2] and "hint" in lines[3]


def test_long_lists_are_paged_in_the_repl(pipe: PipeInput) -> None:
    out = io.StringIO()
    terminal = Terminal(input=pipe, output=DummyOutput(), stream=out, env={}, paged=True)
    items = [
        {"object": "organization", "id": f"org_{n:02d}", "name": f"Org {n}"} for n in range(45)
    ]
    pipe.send_text("\rq\r")  # Enter: the second page; q: stop before the third
    terminal.show_list(items, total=60)
    text = out.getvalue()
    assert "org_00" in text and "org_39" in text and "org_40" not in text
    assert "45 item(s) of 60" in text


def test_scripts_get_every_row_without_being_asked(pipe: PipeInput) -> None:
    terminal, out = make_terminal(pipe)
    items = [{"object": "organization", "id": f"org_{n:02d}"} for n in range(45)]
    terminal.show_list(items)
    assert "org_44" in out.getvalue() and "more" not in out.getvalue()
