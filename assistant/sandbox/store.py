"""The sandbox's world: one generic table per resource kind, ids, time and persistence.

Objects are stored exactly as the API returns them (plain JSON), so saving the world is
`json.dump` and listing is filter -> order -> page over dict values.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..files import atomic_write
from .errors import not_found, param_invalid

STATE_VERSION = 1
ID_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

JsonObject = dict[str, Any]


@dataclass(slots=True)
class Listing:
    """A page of a list answer; the app wraps it as the endpoint's response shape."""

    items: list[JsonObject]
    total: int


@dataclass(slots=True)
class World:
    tables: dict[str, dict[str, JsonObject]] = field(default_factory=dict)
    counter: int = 0

    def table(self, kind: str) -> dict[str, JsonObject]:
        return self.tables.setdefault(kind, {})

    def new_id(self, prefix: str) -> str:
        """Clerk-style id: prefix + 27 base62 characters, deterministic per world."""
        self.counter += 1
        digest = hashlib.sha256(f"clerk-sandbox-{self.counter}".encode()).digest()
        number = int.from_bytes(digest, "big")
        chars = []
        for _ in range(27):
            number, rest = divmod(number, 62)
            chars.append(ID_ALPHABET[rest])
        return prefix + "".join(chars)

    def get(self, kind: str, object_id: str, label: str) -> JsonObject:
        found = self.table(kind).get(object_id)
        if found is None:
            raise not_found(f"{label} {object_id}")
        return found

    def put(self, kind: str, obj: JsonObject) -> JsonObject:
        self.table(kind)[obj["id"]] = obj
        return obj

    def remove(self, kind: str, object_id: str) -> None:
        self.table(kind).pop(object_id, None)

    def remove_where(self, kind: str, predicate: Callable[[JsonObject], bool]) -> None:
        table = self.table(kind)
        for object_id in [k for k, v in table.items() if predicate(v)]:
            del table[object_id]

    def to_json(self) -> JsonObject:
        return {"version": STATE_VERSION, "counter": self.counter, "tables": self.tables}

    @classmethod
    def from_json(cls, data: JsonObject) -> World:
        return cls(tables=data.get("tables", {}), counter=int(data.get("counter", 0)))


# --------------------------------------------------------------------------- persistence


def load_world(path: Path) -> World | None:
    """The saved world, or None when the file does not exist yet."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ConfigError(f"cannot read sandbox state {path}: {exc.strerror}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        raise ConfigError(f"sandbox state {path} is not valid JSON; delete it") from None
    if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
        raise ConfigError(f"sandbox state {path} has an unknown format; delete it")
    return World.from_json(data)


def save_world(world: World, path: Path) -> None:
    """Write atomically: a crash leaves the old file or the new one, never half of one."""
    atomic_write(path, json.dumps(world.to_json(), separators=(",", ":")).encode())


# --------------------------------------------------------------------------- listing


def order(
    items: Iterable[JsonObject], order_by: str | None, keys: dict[str, Any]
) -> list[JsonObject]:
    """Sort by Clerk's `order_by` (`-created_at`, `+name`, `name`); unknown fields are 422."""
    text = order_by or "-created_at"
    descending = text.startswith("-")
    name = text.lstrip("+-")
    if name not in keys:
        raise param_invalid("order_by", f"cannot order by {name!r}; use one of {sorted(keys)}")
    key = keys[name]
    getter = key if callable(key) else (lambda obj, field_name=key: obj.get(field_name))
    # Ties keep the id order, so pages are stable; None sorts first.
    ranked = sorted(items, key=lambda o: o.get("id") or "", reverse=descending)
    return sorted(ranked, key=lambda o: _sort_key(getter(o)), reverse=descending)


def _sort_key(value: Any) -> tuple[int, Any]:
    if value is None:
        return (0, "")
    if isinstance(value, str):
        return (1, value.lower())
    return (1, value)


def page(items: list[JsonObject], query: dict[str, Any]) -> Listing:
    """Apply `starting_after`, `offset` and `limit` (default 10) to an ordered list."""
    total = len(items)
    after = query.get("starting_after")
    if after:
        ids = [o.get("id") for o in items]
        if after not in ids:
            raise param_invalid("starting_after", f"no object with id {after}")
        items = items[ids.index(after) + 1 :]
    offset = int(query.get("offset") or 0)
    limit = int(query.get("limit") or 10)
    return Listing(items[offset : offset + limit], total)


def text_matches(needle: str | None, *values: Any) -> bool:
    if not needle:
        return True
    lowered = needle.lower()
    return any(lowered in str(v).lower() for v in values if v is not None)


def any_in(wanted: list[str] | None, values: Iterable[Any]) -> bool:
    if not wanted:
        return True
    have = {str(v).lower() for v in values if v is not None}
    return any(w.lower() in have for w in wanted)
