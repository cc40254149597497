"""Reading the state a write is about to change, for its before/after view and for undo.

`Session` calls `state_for` while it builds a write's proposal. The read is an ordinary
GET through the session's own executor and transcript (shown in the proposal, recorded,
run without asking, as reads are); it never sends anything but a GET and never asks.
When the state cannot be read, the diff says why and the proposal shows the request
alone: there is no GET for the resource, a value is not known yet, the read is not
allowed, or Clerk answered with an error (a 404).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .diff import StateDiff, state_diff, unavailable
from .errors import AssistantError
from .models import Call, Plan, Result, Verdict
from .reads import read_call, read_endpoint
from .spec import Catalog

ReadFn = Callable[[Call], Result]
CheckFn = Callable[[Call], Verdict]

NOT_READ_IN_DRY_RUN = "dry run: the current state is not read (nothing is sent)"
NOT_READ_BY_PLAN = "plan reads nothing: add --read-state to read the current state (GET only)"


def state_for(call: Call, catalog: Catalog, check: CheckFn, read: ReadFn) -> StateDiff | None:
    """The before/after of `call` (values filled in); None for a read."""
    if call.method == "GET":
        return None
    if _unfilled(call):
        return unavailable("a value of this call is not known until the steps before it run")
    endpoint = read_endpoint(catalog, call)
    if endpoint is None:
        return unavailable(_no_read_reason(call))
    get = read_call(call, endpoint)
    verdict = check(get)
    if not verdict.allowed:
        problem = "; ".join(verdict.problems + verdict.missing_scopes) or "not allowed"
        return unavailable(f"reading it is not allowed: {problem}", _label(get))
    result = read(get)
    if result.status != "ok":
        status = f"HTTP {result.http_status}: " if result.http_status else ""
        return unavailable(f"could not read it ({status}{result.error})", _label(get))
    return state_diff(call, result.body, read=_label(get))


def dry_run_state(call: Call, catalog: Catalog) -> StateDiff | None:
    if call.method == "GET":
        return None
    if read_endpoint(catalog, call) is None:  # a create says so, dry run or not
        return unavailable(_no_read_reason(call))
    return unavailable(NOT_READ_IN_DRY_RUN)


def _no_read_reason(call: Call) -> str:
    if call.method == "POST" and not call.path.rstrip("/").endswith("}"):
        return "it creates something new or acts on many objects (nothing to read before)"
    return f"no GET endpoint in the spec reads what {call.method} {call.path} changes"


def _unfilled(call: Call) -> bool:
    """True when a `{{...}}` placeholder is still in the values (a set item, a dry run)."""
    text = repr((call.path_params, call.query, call.body))
    return "{{" in text or "<step " in text


def _label(get: Call) -> str:
    path = get.path
    for name, value in get.path_params.items():
        path = path.replace("{" + name + "}", str(value))
    return f"GET {path}"


def before_record(step: int, call: Call, diff: StateDiff) -> dict[str, Any]:
    """The transcript's `before` record: what undo needs to propose the inverse.

    A state past the transcript's body limit is left out (with its size): a cut object
    would be restored wrongly, so undo says it was not kept instead.
    """
    from .transcript import MAX_BODY_BYTES

    data: dict[str, Any] = {"step": step, "call": call.to_json(), "diff": diff.to_json()}
    data["state"] = diff.before if diff.available else None
    size = len(json.dumps(data["state"], ensure_ascii=False, default=str).encode())
    if size > MAX_BODY_BYTES:
        data.update(state=None, state_bytes=size)
    return data


def read_states(plan: Plan, catalog: Catalog, policy: Any, executor: Any) -> list[Any]:
    """Each step's before/after for `plan --read-state`: GETs only, nothing recorded."""
    from .guardrail import check

    def check_one(get: Call) -> Verdict:
        return check(Plan((get,)), policy, catalog)[0]

    def read(get: Call) -> Result:
        try:
            return executor.send(executor.prepare(get, {}))
        except AssistantError as exc:  # a path value the executor refuses to send
            return Result(step=1, status="error", error=str(exc))

    return [state_for(call, catalog, check_one, read) for call in plan.steps]
