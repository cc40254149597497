"""The README is the user's door: it must name every env var, subcommand and exit code."""

from __future__ import annotations

import re

import pytest

from assistant.cli import HANDLERS
from assistant.commands import COMMANDS
from assistant.settings import ENV_VARS
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(ENV_VARS))
def test_every_env_var_is_documented(name: str) -> None:
    assert f"`{name}`" in README


@pytest.mark.parametrize("command", sorted(HANDLERS))
def test_every_subcommand_is_documented(command: str) -> None:
    assert re.search(rf"clerk-assistant[^\n`]* {command}\b", README) or command == "repl"


@pytest.mark.parametrize("code", ["0", "1", "2", "3", "130"])
def test_every_exit_code_is_documented(code: str) -> None:
    assert re.search(rf"^\| {code} \|", README, re.MULTILINE)


def test_every_slash_command_is_documented() -> None:
    missing = [name for name in COMMANDS if f"/{name}" not in README]
    assert not missing


# --------------------------------------------------------------------------- the real session

ANSI = r"(?:\x1b\[[0-9;?]*[A-Za-z])*"  # bold and cursor codes may sit between any two chars
KEY_OUTPUT = ("✓ Step", "Plan: ", "  1. ", "  2. ", "? ", "Answer it on the next line")


def readme_session() -> list[str]:
    """The lines of the README's "A real session" block, as printed."""
    block = README.split("### A real session", 1)[1].split("```", 2)[1]
    return block.strip("\n").splitlines()


def session_script(lines: list[str]) -> list[tuple[str, str]]:
    """("expect", text) and ("send", text) in order: every prompt with what was typed after
    it, and the key output lines (results, the whole plan, the question)."""
    script: list[tuple[str, str]] = []
    prompt = re.compile(r"^(clerk›|Run step \d+\? \[[^\]]+\]|Confirm step \d+:)(?: (.*))?$")
    for line in lines:
        found = prompt.match(line)
        if found and (found.group(1) != "clerk›" or found.group(2)):
            script += [("expect", found.group(1)), ("send", found.group(2) or "")]
        elif line.startswith(KEY_OUTPUT):
            script.append(("expect", line.rstrip()))
    return script


def test_the_readme_session_runs_exactly_as_written(tmp_path) -> None:
    import sys

    import pexpect

    from tests.test_repl_e2e import child_env, leave

    script = session_script(readme_session())
    assert ("send", "lock the user") in script and (
        "expect",
        "Plan: 2 steps, 2 write; all allowed",
    ) in script
    child = pexpect.spawn(
        sys.executable,
        ["-m", "assistant", "--sandbox", "--transcript", str(tmp_path / "readme.jsonl")],
        cwd=str(tmp_path),
        env=child_env(tmp_path),
        encoding="utf-8",
        timeout=30,
        dimensions=(50, 130),
    )
    for action, text in script:
        if action == "send":
            child.sendline(text)
        else:
            child.expect(ANSI.join(re.escape(char) for char in text))
    child.expect_exact("clerk›")
    assert leave(child) == tmp_path / "readme.jsonl"
