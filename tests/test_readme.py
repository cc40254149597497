"""The README is the user's door: it must name every env var, subcommand and exit code."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pexpect
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


# --------------------------------------------------------------------------- the sessions


def readme_block(heading: str) -> list[str]:
    """The lines of the first ``` block after `heading`."""
    after = README.split(heading, 1)[1]
    return after.split("```\n", 2)[1].rstrip("\n").split("\n")


ANSWER = re.compile(r"^(Run step \d+\? \[[^\]]+\]) (\S+)$")


def test_the_before_after_and_undo_session_runs_as_written(tmp_path: Path) -> None:
    """Each `clerk›` line is typed and each answer given; every other line is printed."""
    from tests.test_repl_e2e import PROMPT, child_env, leave

    child = pexpect.spawn(
        sys.executable,
        ["-m", "assistant", "--sandbox", "--transcript", str(tmp_path / "t.jsonl")],
        env=child_env(tmp_path),
        encoding="utf-8",
        timeout=30,
        dimensions=(50, 160),
    )
    printed = io.StringIO()
    child.logfile_read = printed
    child.expect_exact(PROMPT)
    expected: list[str] = []
    for line in readme_block("### Before/after, and undo"):
        answer = ANSWER.match(line)
        if line.startswith(PROMPT + " "):
            child.sendline(line[len(PROMPT) + 1 :])
        elif answer:
            child.expect_exact(answer.group(1))
            child.sendline(answer.group(2))
        expected.append(answer.group(1) if answer else line.rstrip())
    child.expect_exact(PROMPT)
    leave(child)
    assert_in_order(expected, printed.getvalue())


def assert_in_order(expected: list[str], output: str) -> None:
    text = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", output).replace("\r", "")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    position = 0
    for line in expected:
        found = text.find(line, position)
        assert found >= 0, f"not printed (in this order): {line!r}"
        position = found + len(line)


def shell_examples(heading: str) -> list[tuple[str, list[str], int]]:
    """(`$ clerk-assistant ...` line, the lines it prints, its exit code) of one block."""
    examples: list[tuple[str, list[str], int]] = []
    for line in readme_block(heading):
        if line.startswith("$ clerk-assistant "):
            examples.append((line[2:], [], 0))
        elif exit_line := re.fullmatch(r"\(exit (\d+)\)", line):
            command, printed, _ = examples[-1]
            examples[-1] = (command, printed, int(exit_line.group(1)))
        else:
            examples[-1][1].append(line)
    return examples


READ_STATE = "With `--read-state` (and `--sandbox` or a key)"


@pytest.mark.parametrize("example", shell_examples(READ_STATE), ids=lambda e: e[0][:60])
def test_the_plan_read_state_examples_print_what_the_readme_says(
    example: tuple[str, list[str], int], tmp_path: Path
) -> None:
    import os
    import shlex

    from assistant.cli import run
    from assistant.environment import Environment

    command, printed, code = example
    out, err = io.StringIO(), io.StringIO()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLERK_BAPI", "CLERK_SECRET"))}
    environment = Environment(stdin=io.StringIO(), stdout=out, stderr=err, env=env, cwd=tmp_path)
    assert run(shlex.split(command)[1:], environment) == code
    assert out.getvalue().rstrip("\n").split("\n") == printed
