"""A request past the planner's size limit gets a one-line message at once; one under it
plans, and a long pasted token plans to the same call as a short one (the quadratic
patterns in slot filling rescanned such a token at every position inside it)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from assistant.models import Plan
from assistant.planning.base import PlanContext
from assistant.planning.entry import MAX_REQUEST_CHARS, RequestTooLong, check_request_size
from assistant.planning.local import LocalPlanner
from assistant.planning.slots import labelled_value
from tests.conftest import REPO, cli_process
from tests.session_helpers import plan

PASTE = "QmFzZTY0IGJsb2Igb2YgYSBwYXN0ZWQga2V5"


def test_a_request_over_the_limit_is_refused_with_its_size() -> None:
    with pytest.raises(RequestTooLong, match=f"{MAX_REQUEST_CHARS + 1:,} characters"):
        check_request_size("x" * (MAX_REQUEST_CHARS + 1))
    assert check_request_size("list users") == "list users"


def test_the_explicit_form_carries_a_long_body() -> None:
    body = '{"public_metadata": {"note": "' + "n" * MAX_REQUEST_CHARS + '"}}'
    text = f"PATCH /users/user_2abcdefghij/metadata {body}"
    assert check_request_size(text) == text


def test_the_session_refuses_before_planning(rig_for: Any) -> None:
    rig = rig_for([plan()], [])
    turn = rig.session.handle("delete user " + "y" * MAX_REQUEST_CHARS)
    assert turn.error and "characters" in turn.error
    assert rig.planner.contexts == []  # the planner never ran
    assert rig.transport.writes() == []
    assert rig.kinds()[-1] == "error"


def test_the_cli_says_so_in_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLERK_SECRET", "ANTHROPIC"))}
    env |= {"PYTHONPATH": str(REPO), "CLERK_ASSISTANT_DATA_DIR": str(tmp_path)}
    done = cli_process("plan", "ban " + "z " * MAX_REQUEST_CHARS, env=env)
    assert done.returncode == 2
    assert "characters" in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("name", "text", "value"),
    [
        ("external_id", "store CUST-00417 as the external id", "CUST-00417"),
        ("external_id", "x" * 3000 + " store CUST-00417 as the external id", "CUST-00417"),
        ("external_id", f"{PASTE * 80}, cust_9 as the external_id", "cust_9"),
        ("external_id", f"the key {PASTE * 80}", None),
    ],
)
def test_labelled_value_finds_the_same_value_after_a_long_token(
    name: str, text: str, value: str | None
) -> None:
    assert labelled_value(name, text, before_only=True) == value


def test_a_long_paste_under_the_limit_still_plans(catalog: Any) -> None:
    text = f"ban user user_2abcdefghijklmnopqrstuvwxyz, the note said: {PASTE * 100}"
    output = LocalPlanner().plan(text, PlanContext(catalog))
    assert isinstance(output, Plan)
    assert output.steps[0].path == "/users/{user_id}/ban"
    assert output.steps[0].path_params == {"user_id": "user_2abcdefghijklmnopqrstuvwxyz"}
