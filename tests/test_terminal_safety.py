"""Terminal and encoding safety, and the REPL history (issue 11, attacks 5 and 8).

- Control sequences in response values (a user's name that retitles the window or clears
  the screen, an error message in red) reach the terminal stripped, through the real CLI.
- Bytes that are not UTF-8 in argv and stdin are recorded and shown escaped, never a crash.
- The REPL history file is 0600 and keeps no line carrying a secret-shaped value.
- Whenever the API host is not api.clerk.com, the banner, toolbar and proposal say it.
"""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import httpx
import pexpect
import pytest
from prompt_toolkit.formatted_text import to_plain_text
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from assistant.models import Call, Verdict
from assistant.safe_text import clean, clean_data, escaped
from assistant.session import ConfirmRequest, Toggles
from assistant.settings import Settings
from assistant.spec import Catalog
from assistant.terminal import PrivateHistory, Terminal
from tests.conftest import REPO, cli_process
from tests.local_server import LocalServer, Reply
from tests.test_repl_e2e import PROMPT, child_env, leave, spawn_cli

KEY = "sk_test_terminalsafety0123456789"
EVIL = "\x1b]0;pwned\x07\x1b[2J\x1b[31mRed\x9b31m\x1b]8;;https://evil.example\x1b\\Link\u202e"
RAW = ("\x1b", "\x9b", "\x07", "\u202e")


def api_env(server: LocalServer, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLERK_SECRET", "ANTHROPIC"))}
    return env | {
        "PYTHONPATH": str(REPO),
        "CLERK_SECRET_KEY": KEY,
        "CLERK_REST_API_URL": f"{server.url}/v1",
        "CLERK_ASSISTANT_DATA_DIR": str(tmp_path / "data"),
    }


def hostile(seen) -> Reply:
    user = {"object": "user", "id": "user_1", "first_name": EVIL, "last_name": EVIL}
    if seen.path == "/v1/users":
        return Reply(200, [user, {**user, "id": "user_2" + EVIL}])
    if seen.path == "/v1/users/user_1":
        return Reply(200, {**user, "email_address": EVIL, "status": EVIL})
    error = {"message": EVIL, "long_message": "long " + EVIL, "code": EVIL}
    return Reply(422, {"errors": [error]})


@pytest.mark.parametrize("request_text", ["GET /users", "GET /users/user_1", "GET /orgs_x"])
def test_control_sequences_from_a_response_never_reach_the_terminal(
    tmp_path: Path, request_text: str
) -> None:
    server = LocalServer().start()
    server.route = hostile
    try:
        if request_text == "GET /orgs_x":
            request_text = "GET /organizations/org_1"
        transcript = str(tmp_path / "t.jsonl")
        done = cli_process(
            "--transcript", transcript, "ask", request_text, env=api_env(server, tmp_path)
        )
    finally:
        server.shutdown()
    assert "Traceback" not in done.stderr
    for raw in RAW:
        assert raw not in done.stdout + done.stderr, repr(done.stdout)
    assert "Red" in done.stdout and "Link" in done.stdout  # the text itself is still shown
    for argv in (("show", transcript), ("export", transcript, "--format", "md")):
        shown = cli_process("transcripts", *argv, env=api_env(server, tmp_path)).stdout
        assert not any(raw in shown for raw in RAW), repr(shown)
    assert "Red" in shown  # the export shows the recorded response, stripped


def test_clean_strips_sequences_and_keeps_text() -> None:
    assert clean(EVIL) == "RedLink"
    assert clean("Zoë – naïve\tok\nnext") == "Zoë – naïve\tok\nnext"
    assert clean("\x1b") == "" and clean("a\x9dunterminated") == "a"
    assert clean_data({"k\x1b[1m": ["v\x07", 1, None]}) == {"k": ["v", 1, None]}


def test_escaped_shows_undecodable_bytes() -> None:
    assert escaped(os.fsdecode(b"named \xff\xfe")) == "named \\xff\\xfe"
    assert escaped("\ud800 alone") == "\\ud800 alone"
    assert escaped("plain é") == "plain é"


def test_bytes_that_are_not_utf8_in_argv_are_recorded_escaped(tmp_path: Path) -> None:
    transcript = tmp_path / "t.jsonl"
    request = os.fsdecode(b"list users named \xff\xfe")  # what Python hands the child's argv
    argv = ("--sandbox", "--transcript", str(transcript), "ask", request)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = cli_process(*argv, env=env)
    assert done.returncode == 0 and "internal error" not in done.stderr, done.stderr
    records = [json.loads(line) for line in transcript.read_text(encoding="utf-8").splitlines()]
    [entry] = [r["data"]["text"] for r in records if r["kind"] == "input"]
    assert entry == "list users named \\xff\\xfe"
    assert any(r["kind"] == "response" for r in records)
    assert cli_process("transcripts", "verify", str(transcript), env=env).returncode == 0
    plan = cli_process("plan", os.fsdecode(b"GET /users?query=\xff"), env=env)
    assert plan.returncode == 0 and '"\\\\xff"' in plan.stdout, plan.stdout + plan.stderr


@pytest.mark.parametrize("command", ["plan", "search"])
def test_bytes_that_are_not_utf8_on_stdin_are_read_escaped(command: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "assistant", command, "-"],
        input=b"list users \xff\n\xed\xa0\x80 users\n",
        env={**os.environ, "PYTHONPATH": str(REPO), "LC_ALL": "C.UTF-8"},
        cwd=REPO,
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert b"internal error" not in done.stderr and b"Traceback" not in done.stderr


# ---------------------------------------------------------------------- history


def test_the_repl_history_is_0600_and_keeps_no_password(tmp_path: Path) -> None:
    history = tmp_path / "data" / "history"
    history.parent.mkdir()
    history.write_text("\n# old\n+GET /users?token=tok_abcdef123\n\n# old\n+list orgs\n")
    history.chmod(0o644)  # as an older version left it
    child = spawn_cli(tmp_path, "--sandbox", "--scopes", "write")
    child.expect_exact(PROMPT)
    child.sendline("create a user harbor@example.com with password Harbor!Lights42x")
    child.expect(r"Run step 1\? \[y/N/e/x\]")
    child.sendline("n")
    child.expect_exact(PROMPT)
    child.sendline("list users")
    child.expect(r"Run step 1\? \[Y/n/e/x\]")
    child.sendline("n")
    child.expect_exact(PROMPT)
    leave(child)
    assert stat.S_IMODE(history.stat().st_mode) == 0o600
    text = history.read_text(encoding="utf-8")
    assert "+list users" in text and "+list orgs" in text
    assert "Harbor!Lights42x" not in text and "tok_abcdef123" not in text


@pytest.mark.parametrize(
    "line",
    [
        'POST /users {"email_address": ["a@b.io"], "password": "hunter2!x"}',
        "set the password of user_1 to hunter2x",
        "use sk_live_abcdefghijklmnop1234 for this",
        'PATCH /oauth_applications/oa_1 {"clientSecret": "cs_abc123456"}',
        f"why was {KEY[:-4]}zzzz refused",
    ],
)
def test_history_drops_secret_lines_and_keeps_others(tmp_path: Path, line: str) -> None:
    history = PrivateHistory(tmp_path / "h", lambda: (f"{KEY[:-4]}zzzz",))
    history.append_string(line)
    history.append_string("list users")
    assert "list users" in history.get_strings()  # this session still has both
    stored = list(PrivateHistory(tmp_path / "h", tuple).load_history_strings())
    assert stored == ["list users"]


# ---------------------------------------------------------------------- the API host


def _terminal(settings: Settings, catalog: Catalog) -> tuple[Terminal, io.StringIO]:
    out = io.StringIO()
    with create_pipe_input() as pipe:
        terminal = Terminal(input=pipe, output=DummyOutput(), stream=out, env={}, width=160)
    # what the toolbar and a proposal read of the session: its settings, toggles, catalog
    terminal.session = SimpleNamespace(  # type: ignore[assignment]
        settings=settings, toggles=Toggles(scopes=settings.scopes), catalog=catalog
    )
    return terminal, out


@pytest.mark.parametrize(
    ("api_url", "shown"),
    [
        ("https://api.clerk.com/v1", None),
        ("http://127.0.0.1:8123/v1", "127.0.0.1:8123"),
        ("https://clerk-proxy.example.com/v1", "clerk-proxy.example.com"),
    ],
)
def test_a_host_other_than_clerks_is_on_the_toolbar_and_every_proposal(
    api_url: str, shown: str | None, catalog: Catalog
) -> None:
    settings = Settings(secret_key=KEY, api_url=api_url)
    assert settings.other_api_host == shown
    terminal, out = _terminal(settings, catalog)
    call = Call("POST", "/organizations", body={"name": "Acme"})
    request = httpx.Request("POST", f"{api_url}/organizations", json=call.body)
    verdict = Verdict(True, "write", "yes", required_scopes=("write",))
    terminal.show_proposal(ConfirmRequest("step", 1, 1, call, None, verdict, request, "curl"))
    toolbar = to_plain_text(terminal.toolbar())
    if shown is None:
        assert "host" not in toolbar and "API host" not in out.getvalue()
    else:
        assert f"host {shown}" in toolbar
        assert f"API host: {shown} (not api.clerk.com)" in out.getvalue()


def test_the_banner_names_a_host_other_than_clerks(tmp_path: Path) -> None:
    server = LocalServer().start()
    env = child_env(tmp_path) | {"CLERK_SECRET_KEY": KEY, "CLERK_REST_API_URL": f"{server.url}/v1"}
    argv = ["-m", "assistant"]
    child = pexpect.spawn(
        sys.executable, argv, env=env, encoding="utf-8", timeout=30, dimensions=(50, 220)
    )
    try:
        host = server.url.removeprefix("http://")
        child.expect_exact(f"talking to a development instance at {host} (not api.clerk.com)")
        child.expect_exact(PROMPT)
        leave(child)
    finally:
        server.shutdown()
