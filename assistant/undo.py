"""Undo: the inverse of a change the transcript recorded, as an ordinary plan.

Every write the session reviews leaves a `before` record (the object as read, or why it
could not be read); a change is a `before` record followed by that step's successful
response. `plan_undo` finds the change to take back (the last one, or the one whose
`before` record has the number asked for) and proposes its inverse: unban for a ban,
unlock for a lock, the old field values, the old metadata. The plan then goes through the
guardrail and the confirmation like any other. What cannot be taken back (a delete, a
revoked token, a removed password, a change whose state before was not read) is said
plainly, and nothing is proposed.

Undo turns write `undoes: N` in their plan record, so a later `/undo` skips both the undo
and the change it took back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .diff import METADATA_FIELDS, gone_summary
from .models import Call, Plan
from .policy_data import IRREVERSIBLE_EFFECTS
from .spec import Catalog
from .transcript import is_secret_key

# (API host, key fingerprint) as a transcript's session_start records them.
Instance = tuple[str | None, str | None]

# An action endpoint's last segment -> the one that reverses it.
INVERSE_ACTIONS: dict[str, str] = {
    "ban": "unban",
    "unban": "ban",
    "lock": "unlock",
    "unlock": "lock",
}
# What the inverse does not bring back.
NOT_RESTORED: dict[str, str] = {
    "ban": "the sessions the ban revoked (the user signs in again)",
}


@dataclass(frozen=True, slots=True)
class AppliedChange:
    """One write that Clerk accepted, with the state before it (None when not read)."""

    number: int  # the transcript record number of its `before` record
    call: Call
    before: Mapping[str, Any] | None
    reason: str  # why the state before was not read, when it was not
    undoes: int | None  # the change this one took back, for an undo
    where: Instance = (None, None)  # the instance it was made on


@dataclass(frozen=True, slots=True)
class Undo:
    """The plan that takes `change` back."""

    change: AppliedChange
    plan: Plan
    not_restored: str = ""  # what the inverse does not bring back


class CannotUndo(Exception):
    """Nothing to undo, or a change that cannot be undone; the message says which."""


# --------------------------------------------------------------------------- the records


def applied_changes(records: Iterable[Mapping[str, Any]]) -> list[AppliedChange]:
    """Every change in the transcript, oldest first."""
    changes: list[AppliedChange] = []
    pending: dict[int, tuple[int, Mapping[str, Any]]] = {}
    undoes: int | None = None
    where: Instance = (None, None)
    for record in records:
        kind, data = record.get("kind"), record.get("data") or {}
        if kind == "session_start":
            where = instance_of(data)
        elif kind == "plan":
            pending, undoes = {}, data.get("undoes")
        elif kind == "before":
            pending[data.get("step", 0)] = (int(record.get("seq", 0)), data)
        elif kind == "response" and _applied(data) and data.get("step") in pending:
            number, before = pending.pop(data["step"])
            changes.append(_change(number, before, undoes, where))
    return changes


def instance_of(session_start: Mapping[str, Any]) -> Instance:
    return session_start.get("api_host"), session_start.get("key_fingerprint")


def current_instance(records: Iterable[Mapping[str, Any]]) -> Instance:
    """The instance of the transcript's last session (the REPL's own, for /undo)."""
    starts = [r.get("data") or {} for r in records if r.get("kind") == "session_start"]
    return instance_of(starts[-1]) if starts else (None, None)


def _applied(response: Mapping[str, Any]) -> bool:
    return response.get("outcome") == "ok" and not response.get("purpose")


def _change(
    number: int, before: Mapping[str, Any], undoes: int | None, where: Instance
) -> AppliedChange:
    diff = before.get("diff") or {}
    state = before.get("state")
    reason = str(diff.get("reason") or "")
    if before.get("state_bytes"):
        reason = f"it was too big to keep in the transcript ({before['state_bytes']} bytes)"
    return AppliedChange(
        number=number,
        call=Call.from_json(before["call"]),
        before=state if isinstance(state, Mapping) else None,
        reason=reason,
        undoes=undoes,
        where=where,
    )


def pick(changes: list[AppliedChange], number: int | None) -> AppliedChange:
    """The change asked for, or the last one not undone and not itself an undo."""
    undone = {c.undoes for c in changes if c.undoes is not None}
    if number is not None:
        return _numbered(changes, number, undone)
    for change in reversed(changes):
        if change.undoes is None and change.number not in undone:
            return change
    raise CannotUndo("nothing to undo: this transcript records no change that is not undone")


def _numbered(changes: list[AppliedChange], number: int, undone: set[int]) -> AppliedChange:
    found = next((c for c in changes if c.number == number), None)
    if found is None:
        known = ", ".join(f"#{c.number}" for c in changes) or "none"
        raise CannotUndo(f"no change #{number} in this transcript (changes: {known})")
    if number in undone:
        raise CannotUndo(f"change #{number} was already undone")
    return found


# --------------------------------------------------------------------------- the inverse


def plan_undo(
    records: Iterable[Mapping[str, Any]],
    catalog: Catalog,
    number: int | None = None,
    here: Instance | None = None,
) -> Undo:
    """The undo plan for change `number` (default: the last) on instance `here`.

    `here` defaults to the instance of the transcript's last session; a change made on
    another instance (another API host or key) is never undone here. Raises CannotUndo.
    """
    records = list(records)
    change = pick(applied_changes(records), number)
    _same_instance(change, here if here is not None else current_instance(records))
    call = inverse(change, catalog)
    why = f"undo of change #{change.number} ({describe(change.call)})"
    lost = NOT_RESTORED.get(_action(change.call), "")
    note = f"{why}; not restored: {lost}" if lost else why
    return Undo(change, Plan((call,), planner="undo", note=note), lost)


def _same_instance(change: AppliedChange, here: Instance) -> None:
    if change.where != here:
        raise CannotUndo(
            f"change #{change.number} was made on {_instance_text(change.where)}; this session "
            f"talks to {_instance_text(here)}: undo it with the key and host it was made with"
        )


def _instance_text(where: Instance) -> str:
    host, fingerprint = where
    return f"{host or 'an unknown host'} (key {fingerprint or 'none'})"


def inverse(change: AppliedChange, catalog: Catalog) -> Call:
    """The call that takes `change` back; raises CannotUndo for what cannot be."""
    call = change.call
    action = _action(call)
    if call.method == "DELETE":
        raise _irreversible(change, _deleted_text(change))
    if call.method == "POST" and action in INVERSE_ACTIONS:
        return _inverse_action(change, catalog)
    effect = IRREVERSIBLE_EFFECTS.get(f"{call.method} {call.path}")
    if effect:
        raise _irreversible(change, effect)
    if change.before is None:
        reason = change.reason or "its state before was not recorded"
        raise _irreversible(change, f"the state before it is not known ({reason})")
    return _restore_fields(change)


def _inverse_action(change: AppliedChange, catalog: Catalog) -> Call:
    call = change.call
    path = call.path[: -len(_action(call))] + INVERSE_ACTIONS[_action(call)]
    if catalog.get("POST", path) is None:
        raise _irreversible(change, f"the spec has no POST {path}")
    return Call("POST", path, dict(call.path_params), why=f"undo change #{change.number}")


def _restore_fields(change: AppliedChange) -> Call:
    call, before = change.call, change.before or {}
    body = call.body if isinstance(call.body, Mapping) else {}
    touched = [name for name, value in body.items() if _restorable(name, value, before)]
    _refuse_partial(change, body, touched, before)
    merges = call.method == "PATCH" and _action(call) == "metadata"
    restored = {name: _old_value(name, body[name], before, merges) for name in touched}
    why = f"undo change #{change.number}"
    return Call(call.method, call.path, dict(call.path_params), dict(call.query), restored, why)


def _restorable(name: str, sent: Any, before: Mapping[str, Any]) -> bool:
    """A field the call changed and the state before shows (a null changed nothing)."""
    return name in before and (sent is not None or name in METADATA_FIELDS)


def _refuse_partial(
    change: AppliedChange, body: Mapping[str, Any], touched: list[str], before: Mapping[str, Any]
) -> None:
    """An undo that would bring back only part of the change is refused, saying why."""
    secrets = [name for name in body if is_secret_key(name)]
    if secrets:
        raise _irreversible(change, f"the old {', '.join(secrets)} cannot be restored")
    empty = [n for n in touched if before[n] is None and n not in METADATA_FIELDS]
    if empty:
        fields = ", ".join(empty)
        raise _irreversible(change, f"{fields} was empty before, and a null does not clear it")
    if not touched:
        raise _irreversible(change, "it changed nothing the state before shows")


def _old_value(name: str, sent: Any, before: Mapping[str, Any], merges: bool) -> Any:
    old = before.get(name)
    if merges and name in METADATA_FIELDS and isinstance(sent, Mapping):
        return reverse_patch(old if isinstance(old, Mapping) else {}, sent)
    return old


def reverse_patch(old: Mapping[str, Any], patch: Mapping[str, Any]) -> dict[str, Any]:
    """The merge patch that turns `merge(old, patch)` back into `old`."""
    reverse: dict[str, Any] = {}
    for key, value in patch.items():
        if key not in old:
            if value is not None:  # a null for a missing key changed nothing
                reverse[key] = None
        elif isinstance(value, Mapping) and isinstance(old[key], Mapping):
            reverse[key] = reverse_patch(old[key], value)
        else:
            reverse[key] = old[key]
    return reverse


def _irreversible(change: AppliedChange, why: str) -> CannotUndo:
    return CannotUndo(f"change #{change.number} ({describe(change.call)}) cannot be undone: {why}")


def _deleted_text(change: AppliedChange) -> str:
    if change.before is not None:
        return f"the delete removed {gone_summary(change.before)} for good"
    return "a delete removes the data for good"


def describe(call: Call) -> str:
    path = call.path
    for name, value in call.path_params.items():
        path = path.replace("{" + name + "}", str(value))
    return f"{call.method} {path}"


def _action(call: Call) -> str:
    return call.path.rstrip("/").rsplit("/", 1)[-1]
