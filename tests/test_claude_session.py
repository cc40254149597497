"""A whole session with the Claude planner: the sandbox over HTTP, the real client, the stand-in.

The person lists 20 users, then says "ban the second one": the model must receive row 2 of
the list the person saw, and the ban it proposes goes through the guardrail and a yes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.models import Plan
from assistant.planning.claude import ClaudePlanner
from assistant.session import Session
from assistant.spec import Catalog
from assistant.transcript import Transcript, verify
from tests.fake_anthropic import FakeAnthropic, tool_use
from tests.session_helpers import RecordingTransport, ScriptedConfirm, typed_token, yes
from tests.test_claude_planner import planner_for

LIST_20 = {"method": "GET", "path": "/users", "query": {"limit": 20, "order_by": "+created_at"}}


@pytest.fixture
def fake() -> Iterator[FakeAnthropic]:
    with FakeAnthropic() as server:
        yield server


def session_with(
    planner: ClaudePlanner, catalog: Catalog, sandbox_server: str, tmp_path: Path, replies: list
) -> tuple[Session, RecordingTransport, Transcript]:
    from assistant.executor import Executor
    from assistant.sandbox import SANDBOX_KEY
    from assistant.settings import Settings

    settings = Settings(sandbox=True, scopes="write,delete", planner="claude")
    transport = RecordingTransport(httpx.HTTPTransport())
    executor = Executor(sandbox_server, SANDBOX_KEY, transport=transport, sleep=lambda _s: None)
    transcript = Transcript.create(tmp_path / "t.jsonl", settings, {"mode": "test"})
    confirm = ScriptedConfirm(replies)
    return Session(settings, catalog, planner, executor, transcript, confirm), transport, transcript


def test_ban_the_second_one_reaches_the_model_as_row_two(
    fake: FakeAnthropic, catalog: Catalog, sandbox_server: str, tmp_path: Path
) -> None:
    session, transport, transcript = session_with(
        planner_for(fake.url), catalog, sandbox_server, tmp_path, [yes(), typed_token]
    )
    fake.reply(tool_use("propose_plan", {"steps": [LIST_20]}))
    first = session.handle("list the first 20 users, oldest first")
    listed = first.results[0].body
    users = listed["data"] if isinstance(listed, dict) else listed
    assert len(users) == 20
    second = users[1]["id"]

    ban = {"method": "POST", "path": "/users/{user_id}/ban", "path_params": {"user_id": second}}
    fake.reply(tool_use("propose_plan", {"steps": [ban]}))
    turn = session.handle("ban the second one")

    sent = fake.requests[1]["body"]["messages"][0]["content"]
    history = sent.split("<untrusted_data>")[1]
    assert f"    2. {second}" in history and f"    20. {users[19]['id']}" in history
    assert isinstance(turn.output, Plan) and turn.status == "done"
    assert transport.writes()[-1].url.path.endswith(f"/users/{second}/ban")
    assert fake.rejections == []
    transcript.close()
    assert verify(tmp_path / "t.jsonl").ok
