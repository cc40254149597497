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
