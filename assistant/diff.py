"""What a write will change: the object now, the object after, and the difference.

Pure functions, no I/O: given a call (its values filled in), the endpoint it goes to and
the object as it is now (read with the resource's GET), `state_diff` projects the object
after the call and lists the changes to the fields the call touches. One item of a set
step is one call, so a set preview can diff its first item with the same function.

Clerk's rules, as the projection follows them:
- `PATCH .../metadata` deep-merges each metadata object: nested objects merge, a `null`
  removes the key; every other key is kept.
- `PUT .../metadata`, and a metadata field sent to a plain update (`PATCH /users/{id}`),
  replace the whole object: every key left out is lost, and each loss is a warning.
- Action endpoints flip a flag (`ACTION_FLAGS`): ban/unban `banned`, lock/unlock `locked`,
  remove_password `password_enabled`.
- DELETE: the object is gone; the summary says whose it was (a user's name and primary
  email, an organization's name and member count).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from .models import Call
from .people import full_name, primary_email

ChangeKind = Literal["changed", "added", "removed", "kept"]

METADATA_FIELDS = ("public_metadata", "private_metadata", "unsafe_metadata")

# The last path segment of an action endpoint -> the fields it sets on the object.
ACTION_FLAGS: dict[str, dict[str, Any]] = {
    "ban": {"banned": True},
    "unban": {"banned": False},
    "lock": {"locked": True},
    "unlock": {"locked": False},
    "remove_password": {"password_enabled": False},
    "set_compromised": {"password_compromised": True},
    "unset_compromised": {"password_compromised": False},
    "revoke": {"status": "revoked"},
}

# Sending one of these body fields also sets a field of the stored object.
IMPLIED_FIELDS: dict[str, dict[str, Any]] = {
    "password": {"password_enabled": True},
    "password_digest": {"password_enabled": True},
}


@dataclass(frozen=True, slots=True)
class Change:
    """One field the call touches: `path` is dotted (`public_metadata.plan`).

    "kept" is a key of a touched object that stays as it is (a merge keeps `seats: 5`).
    """

    path: str
    kind: ChangeKind
    old: Any = None
    new: Any = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"path": self.path, "kind": self.kind}
        if self.kind == "kept":
            data["value"] = self.old
            return data
        if self.kind != "added":
            data["old"] = self.old
        if self.kind != "removed":
            data["new"] = self.new
        return data


@dataclass(frozen=True, slots=True)
class StateDiff:
    """The before/after of one write, or why it could not be worked out.

    `available` False means the current state could not be read (`reason` says why) and
    the proposal shows the request alone.
    """

    available: bool
    read: str = ""  # the GET that read the current state, e.g. "GET /users/user_x"
    reason: str = ""
    changes: tuple[Change, ...] = ()
    warnings: tuple[str, ...] = ()
    gone: str = ""  # for a DELETE: what will be gone
    before: Any = field(default=None, compare=False)  # the object as read (kept for undo)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"available": self.available, "read": self.read}
        if not self.available:
            data["reason"] = self.reason
            return data
        data["changes"] = [c.to_json() for c in self.changes]
        data["warnings"] = list(self.warnings)
        if self.gone:
            data["gone"] = self.gone
        return data


def unavailable(reason: str, read: str = "") -> StateDiff:
    return StateDiff(available=False, read=read, reason=reason)


# --------------------------------------------------------------------------- the diff


def state_diff(call: Call, current: Any, read: str = "") -> StateDiff:
    """The changes `call` makes to `current` (the object its resource's GET returned)."""
    if not isinstance(current, Mapping):
        return unavailable("the current state is not an object", read)
    if call.method == "DELETE" and _deletes_object(call, current):
        return StateDiff(True, read, gone=gone_summary(current), before=dict(current))
    after, warnings = project(call, current)
    changes = tuple(changes_between(current, after, touched_fields(call)))
    return StateDiff(True, read, changes=changes, warnings=tuple(warnings), before=dict(current))


def _deletes_object(call: Call, current: Mapping[str, Any]) -> bool:
    """A DELETE of the object read, not of a part of it (`DELETE /users/{id}/mfa`)."""
    last = call.path.rstrip("/").rsplit("/", 1)[-1]
    return last.startswith("{") or not current.get("id")


def project(call: Call, current: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The object after the call, and warnings about what a replacement loses."""
    after = dict(current)
    action = ACTION_FLAGS.get(_last_segment(call.path))
    if call.method == "POST" and action is not None:
        after.update(action)
        return after, []
    if call.method == "DELETE":  # a part of the object: the field named by the path goes
        after.pop(_last_segment(call.path), None)
        return after, []
    return _apply_body(call, after)


def _apply_body(call: Call, after: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    body = call.body if isinstance(call.body, Mapping) else {}
    merges = call.method == "PATCH" and _last_segment(call.path) == "metadata"
    warnings: list[str] = []
    for name, value in body.items():
        if name in METADATA_FIELDS:
            warnings += _apply_metadata(after, name, value, merges)
        elif _is_secret(name) and value is not None:  # never shown; what it implies is
            after.update(IMPLIED_FIELDS.get(name, {}))
        elif name in after and value is not None:  # null leaves a field as it is
            after[name] = value
    return after, warnings


def _apply_metadata(after: dict[str, Any], name: str, value: Any, merges: bool) -> list[str]:
    """Merge into or replace one metadata object; the keys a replacement loses, as warnings."""
    old = after.get(name) if isinstance(after.get(name), Mapping) else {}
    if merges:
        after[name] = deep_merge(old, value if isinstance(value, Mapping) else {})
        return []
    after[name] = dict(value or {})
    return lost_keys_warnings(name, old, after[name])


def deep_merge(target: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """Clerk's metadata merge: nested objects merge, a null value removes the key."""
    merged = dict(target)
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def lost_keys_warnings(name: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    lost = [key for key in old if key not in new]
    if not lost:
        return []
    listed = ", ".join(f"{key}={_short(old[key])}" for key in lost)
    return [f"replaces {name} entirely: {len(lost)} key(s) will be lost: {listed}"]


def touched_fields(call: Call) -> list[str]:
    """The object's top-level fields the call may change (the only ones diffed)."""
    action = ACTION_FLAGS.get(_last_segment(call.path))
    if call.method == "POST" and action is not None:
        return list(action)
    if call.method == "DELETE":
        return [_last_segment(call.path)]
    body = call.body if isinstance(call.body, Mapping) else {}
    names = [name for name in body if not _is_secret(name)]
    return names + [f for name in body for f in IMPLIED_FIELDS.get(name, {})]


def changes_between(
    before: Mapping[str, Any], after: Mapping[str, Any], fields: list[str]
) -> Iterator[Change]:
    """Changes of `fields` from `before` to `after`, nested objects walked key by key."""
    for name in fields:
        yield from _compare(name, before.get(name, _MISSING), after.get(name, _MISSING))


_MISSING: Any = object()


def _compare(path: str, old: Any, new: Any) -> Iterator[Change]:
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        for key in list(old) + [k for k in new if k not in old]:
            yield from _compare(f"{path}.{key}", old.get(key, _MISSING), new.get(key, _MISSING))
    elif old is _MISSING and new is not _MISSING:
        yield Change(path, "added", new=new)
    elif new is _MISSING and old is not _MISSING:
        yield Change(path, "removed", old=old)
    elif old != new:
        yield Change(path, "changed", old=old, new=new)
    elif old is not _MISSING:  # the same before and after: kept, and shown as kept
        yield Change(path, "kept", old=old, new=new)


def _is_secret(name: str) -> bool:
    # Imported here: `plan --json` uses this module and must not pay for httpx.
    from .transcript import is_secret_key

    return is_secret_key(name)


def _last_segment(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1]


# --------------------------------------------------------------------------- DELETE


def gone_summary(obj: Mapping[str, Any]) -> str:
    """What a DELETE takes away, in one line a person recognises."""
    kind = str(obj.get("object") or "object")
    if kind == "user":
        return _user_summary(obj)
    if kind == "organization":
        members = obj.get("members_count")
        count = f", {members} member(s)" if members is not None else ""
        return f"organization {obj.get('name')!r} ({obj.get('id')}{count})"
    label = obj.get("name") or obj.get("email_address") or obj.get("identifier") or ""
    return f"{kind} {label!r} ({obj.get('id')})" if label else f"{kind} {obj.get('id')}"


def _user_summary(user: Mapping[str, Any]) -> str:
    name = full_name(user)
    email = primary_email(user)
    who = " ".join(part for part in (name, f"<{email}>" if email else "") if part)
    return f"user {who or user.get('username') or ''} ({user.get('id')})".replace("  ", " ")


def _short(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


# --------------------------------------------------------------------------- as text


MOST_KEPT_SHOWN = 5  # a merge into a big object lists a few kept keys, then a count


def diff_lines(changes: Iterable[Change]) -> list[str]:
    """One plain line per change; kept keys after the changes, a few at most."""
    changes = list(changes)
    lines = [_change_line(c) for c in changes if c.kind != "kept"]
    kept = [c for c in changes if c.kind == "kept"]
    lines += [f"= {c.path}: {_value(c.old)} (kept)" for c in kept[:MOST_KEPT_SHOWN]]
    if len(kept) > MOST_KEPT_SHOWN:
        lines.append(f"= ... and {len(kept) - MOST_KEPT_SHOWN} more kept")
    return lines


def _change_line(change: Change) -> str:
    if change.kind == "added":
        return f"+ {change.path}: {_value(change.new)} (added)"
    if change.kind == "removed":
        return f"- {change.path}: {_value(change.old)} (removed)"
    return f"~ {change.path}: {_value(change.old)} → {_value(change.new)}"


def _value(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 80 else text[:77] + "..."
