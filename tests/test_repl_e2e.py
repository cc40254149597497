"""End to end in a real pseudo-terminal: `python -m assistant --sandbox`, driven with pexpect.

The three requests a new user tries first (the README's session): list users; create an
organization and invite someone as admin; delete a user with the typed confirmation. Then
`transcripts verify` on the file the REPL named in its goodbye.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pexpect
import pytest

from tests.conftest import REPO, SPECS_DIR, cli_process

PROMPT = "clerk›"


def child_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLERK_", "ANTHROPIC_"))}
    env.update(
        CLERK_ASSISTANT_SPECS_DIR=str(SPECS_DIR),
        CLERK_ASSISTANT_DATA_DIR=str(tmp_path / "data"),
        CLERK_ASSISTANT_CACHE_DIR=os.environ.get("CLERK_ASSISTANT_CACHE_DIR", str(tmp_path)),
        CLERK_ASSISTANT_CONFIG=str(tmp_path / "none.env"),
        NO_COLOR="1",
        PROMPT_TOOLKIT_NO_CPR="1",  # pexpect does not answer cursor-position requests
        TERM="xterm",
        PYTHONPATH=str(REPO),
    )
    return env


def spawn_cli(tmp_path: Path, *args: str, **extra_env: str) -> pexpect.spawn:
    """`python -m assistant ARGS` on a pseudo-terminal, in tmp_path, offline."""
    return pexpect.spawn(
        sys.executable,
        ["-m", "assistant", *args],
        cwd=str(tmp_path),
        env=child_env(tmp_path) | extra_env,
        encoding="utf-8",
        timeout=30,
        dimensions=(50, 160),
    )


@pytest.fixture
def repl(tmp_path: Path):
    transcript = tmp_path / "session.jsonl"
    child = spawn_cli(tmp_path, "--sandbox", "--transcript", str(transcript))
    child.expect_exact(PROMPT)
    yield child, transcript
    if child.isalive():
        child.terminate(force=True)


def ask(child: pexpect.spawn, line: str) -> None:
    child.sendline(line)


def test_three_first_requests_then_verify(repl, tmp_path: Path) -> None:
    child, transcript = repl
    ask(child, "list users")
    child.expect(r"Run step 1\? \[Y/n/e/x\]")
    child.sendline("")
    child.expect("primary email")
    child.expect_exact(PROMPT)
    user_id = first_user_id(child)

    ask(child, "/scopes write,delete")
    child.expect("scopes: write,delete")
    child.expect_exact(PROMPT)

    ask(child, "create an organization called Acme Corp and invite bob@acme.io as admin")
    child.expect(r"Plan: 2 steps")  # the whole plan first
    child.expect(r"Step 1/2.*POST .*/v1/organizations")
    child.expect(r"Run step 1\? \[y/N/e/x/a\]")
    child.sendline("y")
    child.expect(r"Step 2/2.*POST .*/v1/organizations/org_\w+/invitations")
    child.expect(r"Run step 2\? \[y/N/e/x\]")
    child.sendline("y")
    child.expect(r"Step 2.*HTTP 20\d")
    child.expect_exact(PROMPT)

    ask(child, f"delete user {user_id}")
    child.expect(r"Type (\S+) to run it")
    token = re.sub(r"\x1b\[[0-9;]*m", "", child.match.group(1))  # bold is not colour
    child.expect_exact("Confirm step 1:")
    child.sendline(token)
    child.expect(r"Step 1.*HTTP 200")
    child.expect_exact(PROMPT)

    assert leave(child) == transcript
    verify = cli_process("transcripts", "verify", str(transcript), env=child_env(tmp_path))
    assert verify.returncode == 0, verify.stdout + verify.stderr


def leave(child: pexpect.spawn) -> Path:
    """Ctrl-D until the goodbye: a ^D that lands between two prompts, while the terminal
    is briefly back in cooked mode, is eaten by the tty driver, so one may not be enough."""
    for _ in range(5):
        child.sendcontrol("d")
        if child.expect([r"Goodbye\. Transcript: (\S+)", pexpect.TIMEOUT], timeout=3) == 0:
            path = Path(child.match.group(1))
            child.expect(pexpect.EOF)
            return path
    raise AssertionError("no goodbye after Ctrl-D")


def first_user_id(child: pexpect.spawn) -> str:
    ask(child, "/json")
    child.expect(r'"(user_[A-Za-z0-9]+)"')
    user_id = child.match.group(1)
    child.expect_exact(PROMPT)
    return user_id


def test_ctrl_c_clears_the_line_and_ctrl_d_says_goodbye(repl) -> None:
    child, transcript = repl
    child.send("list us")
    child.expect_exact("list us")  # echoed: the Ctrl-C below meets a half-typed line
    child.sendcontrol("c")
    child.expect_exact(PROMPT)
    child.sendline("/transcript")  # still alive, and the half-typed text is gone
    child.expect(re.escape(f"transcript: {transcript}"))
    assert leave(child) == transcript


def test_ask_on_a_terminal_asks_like_the_repl(tmp_path: Path) -> None:
    request = 'POST /organizations {"name": "Tty Co"}'
    argv = ["-m", "assistant", "ask", "--sandbox", "--scopes", "write", request]
    child = pexpect.spawn(
        sys.executable, argv, env=child_env(tmp_path), encoding="utf-8", timeout=30
    )
    child.expect(r"Run step 1\? \[y/N/e/x\]")
    child.sendline("y")
    child.expect(r"Step 1.*HTTP 200")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_no_key_offers_the_sandbox(tmp_path: Path) -> None:
    child = spawn_cli(tmp_path)
    child.expect("dashboard.clerk.com")
    child.expect(r"Start the offline sandbox instead\? \[Y/n\]")
    child.sendline("")
    child.expect("in-memory sandbox")
    child.expect_exact(PROMPT)
    assert leave(child).name.endswith(".jsonl")
