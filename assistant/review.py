"""What a person reviews and answers, shared by the session and the set steps it runs.

The session (session.py) and the set runner's session part (set_session.py) both build
`ConfirmRequest`s, read `ConfirmReply`s and judge them with `confirmed`; they live here so
that neither imports the other's module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx

from .diff import StateDiff
from .models import Call, Endpoint, Plan, Turn, Verdict

# "edit-again": an edit the guardrail blocked, offered for editing once more
ConfirmKind = Literal["step", "admin-retry", "edit-again"]
Decision = Literal["yes", "no", "edit", "typed"]


@dataclass(frozen=True, slots=True)
class ConfirmRequest:
    """Everything a person needs to decide on one step (or on an admin retry)."""

    kind: ConfirmKind
    step: int
    total: int
    call: Call
    endpoint: Endpoint | None
    verdict: Verdict
    request: httpx.Request | None = None  # the very request that would be sent
    curl: str = ""
    note: str = ""  # the planner's explanation of the whole plan
    dry_run: bool = False
    filled: Call | None = None  # `call` with step references filled in, for display
    state: StateDiff | None = None  # a write's before/after, read with its resource's GET
    set_preview: Any = None  # a set step's count, first items, skipped (set_session.py)

    @property
    def shown_call(self) -> Call:
        return self.filled or self.call

    @property
    def sdk(self) -> str:
        """The Python SDK equivalent, built only when shown: it imports the SDK (~90 ms)."""
        from . import render

        if self.endpoint is None:
            return ""
        server_url = render.server_url_of(self.request)
        return render.sdk_python(self.shown_call, self.endpoint, server_url=server_url)


@dataclass(frozen=True, slots=True)
class ConfirmReply:
    decision: Decision
    call: Call | None = None  # the edited call, for decision "edit"
    typed: str | None = None  # what was typed, for decision "typed"
    by: Literal["person", "flag"] = "person"
    remaining: bool = False  # "all": yes to this step and the remaining non-destructive ones


ConfirmFn = Callable[[ConfirmRequest], ConfirmReply]


@dataclass(frozen=True, slots=True)
class Progress:
    """How far a long turn has got, for a progress bar.

    kind "pages": an all-pages walk; `done` items collected so far over `pages` pages,
    `total` the items Clerk says exist (capped at the page cap; None when it does not say).
    kind "steps": a plan of MIN_STEPS_FOR_PROGRESS or more steps; `done` of `total` steps
    finished.
    kind "set": a set step; `done` of `total` requests answered (ok or failed).
    """

    kind: Literal["pages", "steps", "set"]
    step: int
    done: int
    total: int | None
    pages: int = 0


@dataclass(slots=True)
class TurnState:
    turn: Turn
    plan: Plan
    verdicts: list[Verdict]
    responses: dict[int, Any] = field(default_factory=dict)
    run_all: bool = False  # the person said "all": remaining non-destructive steps are confirmed


def confirmed(verdict: Verdict, reply: ConfirmReply) -> bool:
    if verdict.confirm == "typed":
        return reply.decision == "typed" and token_matches(verdict, reply.typed)
    return reply.decision in ("yes", "typed")


def token_matches(verdict: Verdict, typed: str | None) -> bool:
    expected = (verdict.typed_token or "").strip()
    return bool(expected) and (typed or "").strip() == expected


def decline_reason(verdict: Verdict, reply: ConfirmReply) -> str:
    if verdict.confirm == "typed" and reply.decision in ("yes", "typed"):
        return f"the typed confirmation did not match {verdict.typed_token!r}"
    return "declined by " + ("the person" if reply.by == "person" else "the command-line flags")
