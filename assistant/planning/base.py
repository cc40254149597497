"""What every planner shares: the protocol and the conversation context.

A planner turns one request (plus the conversation so far) into a `Plan`, a
`Clarification` or an `Answer`. It never sends anything: the session runs the guardrail,
asks the person, and only then the executor.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Protocol

from ..errors import EXIT_API, AssistantError
from ..language.values import EMAIL as _EMAIL
from ..models import PlannerOutput, Result
from ..spec import Catalog

# Bounds on what one history item keeps: enough for "the second one", never a dump.
MAX_DIGEST_ITEMS = 20
MAX_HISTORY_ITEMS = 8


class PlannerError(AssistantError):
    """The planner could not produce a plan (API trouble, an invalid plan twice, ...)."""

    exit_code = EXIT_API


@dataclass(frozen=True, slots=True)
class ResultDigest:
    """A compact, bounded summary of what earlier calls returned: ids, emails, names, counts."""

    ids: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    count: int | None = None
    # One (id, email, name) per item in response order, the rows the person saw numbered
    # 1, 2, 3...: ids, emails and names above skip items that lack one, so they can drift.
    rows: tuple[tuple[str, str, str], ...] = ()

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"ids": list(self.ids), "emails": list(self.emails)}
        if self.names:
            data["names"] = list(self.names)
        if self.count is not None:
            data["count"] = self.count
        return data


@dataclass(frozen=True, slots=True)
class HistoryItem:
    """One earlier turn: the request, what was planned, what the person decided, results."""

    request: str
    output: PlannerOutput | None = None
    decision: str | None = None  # "confirmed" | "declined" | "blocked" | None
    digest: ResultDigest = field(default_factory=ResultDigest)


@dataclass(slots=True)
class PlanContext:
    catalog: Catalog
    history: list[HistoryItem] = field(default_factory=list)
    now: datetime | None = None
    answering: AnsweredQuestion | None = None  # this request answers an earlier question

    @property
    def today(self) -> datetime:
        return self.now or datetime.now(timezone.utc)

    def recent(self) -> list[HistoryItem]:
        return self.history[-MAX_HISTORY_ITEMS:]

    def last_digest(self) -> ResultDigest | None:
        """The newest digest that holds something a follow-up can point at."""
        for item in reversed(self.history):
            if item.digest.ids or item.digest.emails:
                return item.digest
        return None


@dataclass(frozen=True, slots=True)
class AnsweredQuestion:
    """The input completes an earlier request by answering the planner's question."""

    request: str
    question: str
    answer: str

    def to_json(self) -> dict[str, str]:
        return {"request": self.request, "question": self.question, "answer": self.answer}


def open_slot(field: Any) -> dict[str, Any]:
    """Clarification's slot arguments for the first missing field (name, enum, type)."""
    name = str(field.name)
    if name.endswith(("_id", "_ids", "ID")):
        return {"slot": "id", "field": name}
    if field.enum:
        return {"slot": "choice", "field": name, "choices": tuple(field.enum)}
    for kind in ("email", "phone"):
        if kind in name:
            return {"slot": kind, "field": name}
    return {"slot": "value", "field": name}


class Planner(Protocol):
    name: str

    def plan(self, text: str, context: PlanContext) -> PlannerOutput: ...


# --------------------------------------------------------------------------- digests


def digest_results(results: Iterable[Result]) -> ResultDigest:
    """Ids, emails and names from result bodies, in response order, bounded in size."""
    ids: list[str] = []
    emails: list[str] = []
    names: list[str] = []
    rows: list[tuple[str, str, str]] = []
    count: int | None = None
    for result in results:
        body = result.body
        if isinstance(body, dict) and isinstance(body.get("total_count"), int):
            count = body["total_count"]
        for item in _items(body):
            _collect(item, ids, emails, names)
            rows.append(_row(item))
        if isinstance(body, list):
            count = len(body)
    return ResultDigest(
        ids=tuple(ids[:MAX_DIGEST_ITEMS]),
        emails=tuple(emails[:MAX_DIGEST_ITEMS]),
        names=tuple(names[:MAX_DIGEST_ITEMS]),
        count=count,
        rows=tuple(rows[:MAX_DIGEST_ITEMS]),
    )


def _row(item: dict[str, Any]) -> tuple[str, str, str]:
    found_id = item.get("id") if isinstance(item.get("id"), str) else ""
    name = item.get("name") or " ".join(
        str(item[k]) for k in ("first_name", "last_name") if item.get(k)
    )
    return str(found_id), _first_email(item) or "", str(name)[:80] if name else ""


def _items(body: Any) -> list[dict[str, Any]]:
    if isinstance(body, list):
        return [b for b in body if isinstance(b, dict)]
    if isinstance(body, dict) and isinstance(body.get("data"), list):
        return [b for b in body["data"] if isinstance(b, dict)]
    return [body] if isinstance(body, dict) else []


def _collect(item: dict[str, Any], ids: list[str], emails: list[str], names: list[str]) -> None:
    if isinstance(item.get("id"), str):
        ids.append(item["id"])
    email = _first_email(item)
    if email:
        emails.append(email)
    name = item.get("name") or " ".join(
        str(item[k]) for k in ("first_name", "last_name") if item.get(k)
    )
    if isinstance(name, str) and name:
        names.append(name[:80])


def _first_email(item: dict[str, Any]) -> str | None:
    if isinstance(item.get("email_address"), str):
        return item["email_address"]
    for entry in item.get("email_addresses") or []:
        if isinstance(entry, dict) and _EMAIL.fullmatch(str(entry.get("email_address", ""))):
            return str(entry["email_address"])
    return None
