"""Plain data shared by every part of the assistant.

Everything here is a frozen dataclass with no behaviour beyond small derived views, so
that the catalog can be cached, plans can be compared in tests, and the guardrail stays
a pure function of its inputs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from .endpoints import (
    HTTP_METHODS,
    BodyField,
    Endpoint,
    HttpMethod,
    Param,
    RequestBody,
    ResponseInfo,
)

__all__ = [
    "HTTP_METHODS",
    "BodyField",
    "Endpoint",
    "HttpMethod",
    "Param",
    "RequestBody",
    "ResponseInfo",
]


# --------------------------------------------------------------------------- plans

WHERE_OPS: tuple[str, ...] = ("=", "!=", "<", "<=", ">", ">=", "contains", "in")


@dataclass(frozen=True, slots=True)
class Condition:
    """One client-side test on a listed item: `field` (dotted path) `op` `value`."""

    field: str
    op: str
    value: Any = None

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "op": self.op, "value": self.value}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Condition:
        return cls(str(data.get("field") or ""), str(data.get("op") or ""), data.get("value"))


@dataclass(frozen=True, slots=True)
class ForEach:
    """A set step: run the call once per item of list step `step` (all pages), keeping the
    items every `where` condition holds for; with `batch`, once per batch of that many."""

    step: int
    where: tuple[Condition, ...] = ()
    batch: int | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"step": self.step}
        if self.where:
            data["where"] = [c.to_json() for c in self.where]
        if self.batch is not None:
            data["batch"] = self.batch
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ForEach:
        batch = data.get("batch")
        return cls(
            step=int(data["step"]),
            where=tuple(Condition.from_json(c) for c in data.get("where") or ()),
            batch=int(batch) if batch is not None else None,
        )


@dataclass(frozen=True, slots=True)
class Call:
    """One proposed HTTP call. `path` is the spec template; values may hold {{N.path}}."""

    method: str
    path: str
    path_params: dict[str, Any] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    body: Any = None  # dict for JSON objects, list for array bodies, None for no body
    why: str = ""
    # Walk every page of a list GET (up to the page cap) instead of fetching one page.
    all_pages: bool = False
    # A set step: one call per item of an earlier list step (None for ordinary steps).
    for_each: ForEach | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "method": self.method,
            "path": self.path,
            "path_params": dict(self.path_params),
            "query": dict(self.query),
            "body": self.body,
        }
        if self.why:
            data["why"] = self.why
        if self.all_pages:  # only when set: one-page calls keep their familiar JSON
            data["all_pages"] = True
        if self.for_each is not None:  # absent for ordinary steps, as before
            data["for_each"] = self.for_each.to_json()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Call:
        return cls(
            method=str(data["method"]).upper(),
            path=str(data["path"]),
            path_params=dict(data.get("path_params") or {}),
            query=dict(data.get("query") or {}),
            body=data.get("body"),
            why=str(data.get("why") or ""),
            all_pages=data.get("all_pages") is True,
            for_each=_for_each_or_none(data.get("for_each")),
        )


def _for_each_or_none(data: Any) -> ForEach | None:
    return ForEach.from_json(data) if isinstance(data, dict) and "step" in data else None


@dataclass(frozen=True, slots=True)
class Plan:
    steps: tuple[Call, ...]
    planner: str = "local"
    note: str = ""  # the planner's explanation (e.g. which metadata type and why)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": "plan",
            "planner": self.planner,
            "steps": [s.to_json() for s in self.steps],
        }
        if self.note:
            data["note"] = self.note
        return data


# What kind of answer a question waits for (the open slot): an id (of `field`, e.g.
# user_id), an email, a phone number, one of `choices`, or any short value.
SlotKind = Literal["id", "email", "phone", "choice", "value"]


@dataclass(frozen=True, slots=True)
class Clarification:
    question: str
    planner: str = "local"
    slot: SlotKind | None = None  # None: the planner did not say (worked out from the text)
    field: str = ""  # the open field, e.g. "user_id"
    choices: tuple[str, ...] = ()  # the allowed values, for slot "choice"

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": "clarify", "planner": self.planner}
        data["question"] = self.question
        if self.slot:  # only when known: older records keep their familiar JSON
            data["slot"] = self.slot
        if self.field:
            data["field"] = self.field
        if self.choices:
            data["choices"] = list(self.choices)
        return data


@dataclass(frozen=True, slots=True)
class Answer:
    text: str
    planner: str = "local"

    def to_json(self) -> dict[str, Any]:
        return {"kind": "answer", "planner": self.planner, "text": self.text}


PlannerOutput = Plan | Clarification | Answer

Risk = Literal["read", "write", "destructive"]
ConfirmLevel = Literal["none", "yes", "typed"]


@dataclass(frozen=True, slots=True)
class Verdict:
    """The guardrail's judgement of one step. `allowed` False means it is never sent."""

    allowed: bool
    risk: Risk
    confirm: ConfirmLevel
    required_scopes: tuple[str, ...] = ()
    missing_scopes: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    effects: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    admin_bypass: bool = False  # allowed only because admin mode is on
    typed_token: str | None = None  # what the person must type for confirm == "typed"
    resource: str = ""  # the API resource (tag slug) the scopes were checked against

    def to_json(self) -> dict[str, Any]:
        return {
            "allowed": self.allowed,
            "risk": self.risk,
            "confirm": self.confirm,
            "required_scopes": list(self.required_scopes),
            "missing_scopes": list(self.missing_scopes),
            "problems": list(self.problems),
            "effects": list(self.effects),
            "warnings": list(self.warnings),
            "admin_bypass": self.admin_bypass,
            "typed_token": self.typed_token,
            "resource": self.resource,
        }


# --------------------------------------------------------------------------- results


# Every value of Result.status:
#   ok           sent, and Clerk answered with a success
#   error        sent (or about to be) and failed: Clerk error, transport, bad reference
#   interrupted  Ctrl-C while the request was in flight: Clerk may or may not have applied it
#   blocked      the guardrail refused the step; nothing was sent
#   declined     the person (or the flags) said no; nothing was sent
#   skipped      not run because an earlier step stopped the plan
#   dry-run      shown and recorded, never sent
RESULT_STATUSES = ("ok", "error", "interrupted", "blocked", "declined", "skipped", "dry-run")


@dataclass(frozen=True, slots=True)
class Result:
    """What happened to one step."""

    step: int  # 1-based
    status: str  # one of RESULT_STATUSES
    http_status: int | None = None
    body: Any = None
    error: str | None = None
    duration_ms: float | None = None
    synthesized: bool = False  # the sandbox made the answer up from the schema


@dataclass(slots=True)
class Turn:
    """One request from the person and everything that followed from it."""

    text: str
    output: PlannerOutput | None = None
    verdicts: list[Verdict] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    error: str | None = None
    interrupted: bool = False  # Ctrl-C arrived while a step was running
    not_run: list[int] = field(default_factory=list)  # steps left unsent after a stop
    dry_run: bool = False  # shown and recorded, nothing sent
    answers: str = ""  # the question this input answered, when it answered one
    dropped_question: str = ""  # an open question this input did not answer
    unused: list[str] = field(default_factory=list)  # values named that no step uses
    diffs: dict[int, Any] = field(default_factory=dict)  # step -> its before/after (JSON)

    @property
    def status(self) -> str:
        """One word for the whole turn: done, error, declined, blocked, interrupted, ..."""
        if self.interrupted:
            return "interrupted"
        for kind in ("error", "blocked", "declined"):
            if any(r.status == kind for r in self.results):
                return kind
        return "dry-run" if self.dry_run else "done"
