"""Real parts for Session tests: sandbox over HTTP, real executor, guardrail and transcript.

Only the planner is scripted (a queue of plans, like llm's fake model) and confirmations
are scripted replies; every request goes through a recording httpx transport so a test can
count exactly what left the process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.executor import Executor
from assistant.models import Call, Plan, PlannerOutput
from assistant.sandbox import SANDBOX_KEY
from assistant.session import ConfirmReply, ConfirmRequest, Session
from assistant.settings import Settings
from assistant.spec import Catalog
from assistant.transcript import Transcript, verify


class RecordingTransport(httpx.BaseTransport):
    """Passes requests on and remembers each one (and can fail on demand)."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.requests: list[httpx.Request] = []
        self.interrupt_on: str | None = None  # a method whose send raises KeyboardInterrupt

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.interrupt_on == request.method:
            raise KeyboardInterrupt
        request.read()
        self.requests.append(request)
        return self.inner.handle_request(request)

    def writes(self) -> list[httpx.Request]:
        return [r for r in self.requests if r.method != "GET"]


class ScriptedPlanner:
    """Returns queued outputs in order and keeps the context it was given."""

    def __init__(self, outputs: Iterable[PlannerOutput]) -> None:
        self.outputs = list(outputs)
        self.contexts: list[Any] = []

    def plan(self, text: str, context: Any) -> PlannerOutput:
        self.contexts.append(context)
        return self.outputs.pop(0)


@dataclass
class ScriptedConfirm:
    """Replies from a list (or a function); every request it saw is kept."""

    replies: list[ConfirmReply | Callable[[ConfirmRequest], ConfirmReply]]
    seen: list[ConfirmRequest] = field(default_factory=list)

    def __call__(self, request: ConfirmRequest) -> ConfirmReply:
        self.seen.append(request)
        reply = self.replies.pop(0) if self.replies else ConfirmReply("no")
        return reply(request) if callable(reply) else reply


# Calls the session tests plan again and again.
LIST_USERS = Call("GET", "/users", query={"limit": 5})
CREATE_ORG = Call("POST", "/organizations", body={"name": "Acme Corp"})
INVITE = Call(
    "POST",
    "/organizations/{organization_id}/invitations",
    path_params={"organization_id": "{{1.id}}"},
    body={"email_address": "bob@acme.io", "role": "org:admin"},
)


def plan(*calls: Call) -> Plan:
    return Plan(steps=tuple(calls), planner="scripted")


def yes() -> ConfirmReply:
    return ConfirmReply("yes")


def no() -> ConfirmReply:
    return ConfirmReply("no")


def typed_token(request: ConfirmRequest) -> ConfirmReply:
    return ConfirmReply("typed", typed=request.verdict.typed_token)


@dataclass
class Rig:
    session: Session
    transport: RecordingTransport
    planner: ScriptedPlanner
    confirm: ScriptedConfirm
    transcript: Transcript

    @property
    def path(self) -> Path:
        return Path(self.transcript.path)

    def kinds(self) -> list[str]:
        import json

        return [json.loads(line)["kind"] for line in self.path.read_text().splitlines()]


def make_rig(
    catalog: Catalog,
    base_url: str,
    inner: httpx.BaseTransport,
    tmp_path: Path,
    outputs: Iterable[PlannerOutput],
    replies: list[Any],
    scopes: str | None = "write,delete",
    admin: bool = False,
) -> Rig:
    settings = Settings(sandbox=True, scopes=scopes, admin=admin, planner="local")
    transport = RecordingTransport(inner)
    executor = Executor(base_url, SANDBOX_KEY, transport=transport, sleep=lambda _s: None)
    path = tmp_path / f"transcript-{len(list(tmp_path.glob('*.jsonl')))}.jsonl"
    transcript = Transcript.create(path, settings, {"mode": "test"})
    planner = ScriptedPlanner(outputs)
    confirm = ScriptedConfirm(list(replies))
    session = Session(settings, catalog, planner, executor, transcript, confirm)
    return Rig(session, transport, planner, confirm, transcript)


@pytest.fixture
def rig_for(catalog: Any, sandbox_server: str, tmp_path: Path) -> Iterator[Any]:
    """Build rigs against the sandbox over real HTTP; every transcript must verify after."""
    yield from rigs_against(catalog, sandbox_server, tmp_path)


def rigs_against(catalog: Any, sandbox_server: str, tmp_path: Path) -> Iterator[Any]:
    """`rig_for` for any running server: yields the builder, then verifies every transcript."""
    made: list[Rig] = []

    def build(outputs: list[Any], replies: list[Any], **kw: Any) -> Rig:
        rig = make_rig(
            catalog, sandbox_server, httpx.HTTPTransport(), tmp_path, outputs, replies, **kw
        )
        made.append(rig)
        return rig

    yield build
    for rig in made:
        rig.transcript.close()
        assert verify(rig.path).ok
