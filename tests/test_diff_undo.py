"""Before/after for writes and undo, on the sandbox over real HTTP.

The session reads the object a write will change with its resource's GET (recorded, not
asked), attaches the change list to the proposal, and records the state before; `/undo`
proposes the inverse as an ordinary plan that is reviewed, confirmed and sent.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from assistant import commands
from assistant.models import Call
from assistant.sandbox import RunningServer
from tests.session_helpers import Rig, no, plan, typed_token, yes

USER = "/users/{user_id}"


def first_user(sandbox_running: RunningServer, index: int = 0) -> dict[str, Any]:
    users = sorted(sandbox_running.sandbox.world.table("users").values(), key=lambda u: u["created_at"])
    return users[index]


def test_smoke(rig_for: Any, sandbox_running: RunningServer) -> None:
    user = first_user(sandbox_running)
    call = Call("POST", USER + "/ban", {"user_id": user["id"]})
    rig: Rig = rig_for([plan(call)], [typed_token])
    rig.session.handle("ban")
    shown = rig.confirm.seen[0]
    print(shown.state)
    print(rig.kinds())
    out = commands.dispatch(rig.session, "/undo")
    print(out)
    print(rig.confirm.seen[-1].call, rig.confirm.seen[-1].state)
