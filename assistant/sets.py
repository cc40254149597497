"""Set steps, the pure part: item references, the client-side filter, units to send.

A set step is a `Call` with `for_each` (see `models.ForEach`): it runs once per item of an
earlier list step, or once per batch of items through a bulk endpoint. In its values,
`{{item.a.b}}` is one item's value at `a.b` and, with `batch`, `{{items.a.b}}` the list of
the batch's values. An array body holding one template object (`[{"email_address":
"{{item.email}}"}]`) becomes one object per item of the batch.

Nothing here sends or prints: the guardrail, the session and the runner share it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .models import WHERE_OPS, Call, Condition, Endpoint, ForEach
from .references import strings_in

ITEM_REFERENCE = re.compile(r"\{\{\s*(items?)((?:\.[A-Za-z0-9_\-]+)*)\s*\}\}")

# maxItems of array *fields* of bulk endpoints; the catalog compiles maxItems only for
# array bodies (RequestBody.max_items), so these two come from the spec by hand.
BULK_FIELD_LIMITS: dict[str, tuple[str, int]] = {
    "POST /users/ban": ("user_ids", 50),
    "POST /users/unban": ("user_ids", 50),
}

PREVIEW_ROWS = 10  # how many items the preview lists before "... and N more"


class ItemError(Exception):
    """An item lacks a value the call needs; the message names the item and the field."""


# --------------------------------------------------------------------------- references


def item_references(value: Any) -> list[tuple[str, str]]:
    """Every (`item` | `items`, dotted path) referenced in `value`, nested."""
    return [(m.group(1), m.group(2)) for text in strings_in(value) for m in _finds(text)]


def _finds(text: str) -> Iterable[re.Match[str]]:
    return ITEM_REFERENCE.finditer(text)


def has_item_reference(call: Call) -> bool:
    return bool(item_references([call.path_params, call.query, call.body]))


def as_step_references(value: Any, source: int) -> Any:
    """`{{item.id}}` -> `{{N.id}}` (N the listed step): how the guardrail checks the
    template once, as a call whose values come from step N's response."""
    if isinstance(value, str):
        return ITEM_REFERENCE.sub(lambda m: "{{" + f"{source}{m.group(2)}" + "}}", value)
    if isinstance(value, Mapping):
        return {k: as_step_references(v, source) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [as_step_references(v, source) for v in value]
    return value


def template_view(call: Call) -> Call:
    """The set step as an ordinary call with step references, for the one guardrail check."""
    assert call.for_each is not None
    source = call.for_each.step
    return dataclasses.replace(
        call,
        path_params=as_step_references(call.path_params, source),
        query=as_step_references(call.query, source),
        body=as_step_references(call.body, source),
        for_each=None,
    )


# --------------------------------------------------------------------------- field paths

_MISSING = object()


def field_value(item: Any, dotted: str) -> Any:
    """`a.b` in `item`; through a list of objects it collects each one's value (a list)."""
    node: Any = item
    for part in [p for p in dotted.split(".") if p]:
        node = _step(node, part)
        if node is _MISSING:
            return _MISSING
    return node


def _step(node: Any, part: str) -> Any:
    if isinstance(node, Mapping):
        return node.get(part, _MISSING)
    if isinstance(node, list):
        if part.isdigit():
            return node[int(part)] if int(part) < len(node) else _MISSING
        values = [_step(n, part) for n in node]
        return [v for v in values if v is not _MISSING]
    return _MISSING


# --------------------------------------------------------------------------- the filter


def where_problems(where: Sequence[Condition]) -> list[str]:
    problems = []
    for condition in where:
        if not condition.field:
            problems.append("a where condition names no field")
        if condition.op not in WHERE_OPS:
            problems.append(f"where op {condition.op!r} is not one of {' '.join(WHERE_OPS)}")
        if condition.op == "in" and not isinstance(condition.value, list):
            problems.append(f"where {condition.field} in ...: the value must be a list")
    return problems


def matches(item: Any, where: Sequence[Condition]) -> bool:
    """All conditions hold (AND). Missing or null compares below every value, so
    `last_sign_in_at < T` keeps people who never signed in; equality never matches it."""
    return all(_holds(field_value(item, c.field), c) for c in where)


def _holds(value: Any, condition: Condition) -> bool:
    op, wanted = condition.op, condition.value
    if isinstance(value, list) and op in ("=", "contains", "in"):
        return any(_holds(v, condition) for v in value)
    if isinstance(value, list) and op == "!=":
        return all(_holds(v, condition) for v in value)
    if value is _MISSING or value is None:
        return op in ("<", "<=") or (op == "!=" and wanted is not None)
    return _compare(value, op, wanted)


def _compare(value: Any, op: str, wanted: Any) -> bool:
    if op in ("=", "!="):
        return (_fold(value) == _fold(wanted)) == (op == "=")
    if op == "contains":
        return _fold(wanted) in _fold(value) if isinstance(value, str) else value == wanted
    if op == "in":
        return _fold(value) in [_fold(w) for w in wanted or []]
    try:
        return {"<": value < wanted, "<=": value <= wanted, ">": value > wanted}.get(
            op, value >= wanted
        )
    except TypeError:  # text against a number: the condition does not hold
        return False


def _fold(value: Any) -> Any:
    return value.casefold() if isinstance(value, str) else value


def select(items: Sequence[Any], for_each: ForEach) -> list[Any]:
    return [item for item in items if matches(item, for_each.where)]


# --------------------------------------------------------------------------- units


@dataclass(frozen=True, slots=True)
class Unit:
    """One request of a set: the call filled for one item, or for one batch of items."""

    index: int  # 0-based position in the set
    call: Call  # concrete: no item references, no for_each
    keys: tuple[str, ...]  # the items' ids (or their text), for reports and resume

    def to_json(self) -> dict[str, Any]:
        return {"index": self.index, "call": self.call.to_json(), "keys": list(self.keys)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Unit:
        return cls(int(data["index"]), Call.from_json(data["call"]), tuple(data["keys"]))


def item_key(item: Any) -> str:
    if isinstance(item, Mapping):
        for name in ("id", "email_address", "identifier"):
            if isinstance(item.get(name), str):
                return item[name]
    return str(item)


def chunks(items: Sequence[Any], size: int | None) -> list[list[Any]]:
    size = size or 1
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def units(call: Call, items: Sequence[Any]) -> tuple[list[Unit], list[str]]:
    """The requests a set makes, and one line per item that cannot be filled in."""
    assert call.for_each is not None
    made: list[Unit] = []
    problems: list[str] = []
    for group in chunks(items, call.for_each.batch):
        try:
            filled = fill(call, group)
        except ItemError as exc:
            problems.append(str(exc))
            continue
        made.append(Unit(len(made), filled, tuple(item_key(i) for i in group)))
    return made, problems


def fill(call: Call, group: list[Any]) -> Call:
    """The concrete call for one item (a group of one) or one batch."""
    single = group[0] if call.for_each is None or call.for_each.batch is None else None
    return dataclasses.replace(
        call,
        path_params=_fill(call.path_params, group, single),
        query=_fill(call.query, group, single),
        body=_fill_body(call.body, group, single),
        for_each=None,
    )


def _fill_body(body: Any, group: list[Any], single: Any) -> Any:
    # An array body with one template object is one object per item of the batch.
    if single is None and isinstance(body, list) and len(body) == 1 and item_references(body):
        return [_fill(body[0], [item], item) for item in group]
    return _fill(body, group, single)


def _fill(value: Any, group: list[Any], single: Any) -> Any:
    if isinstance(value, str):
        return _fill_text(value, group, single)
    if isinstance(value, Mapping):
        return {k: _fill(v, group, single) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_fill(v, group, single) for v in value]
    return value


def _fill_text(text: str, group: list[Any], single: Any) -> Any:
    whole = ITEM_REFERENCE.fullmatch(text.strip())
    if whole:
        return _value(whole.group(1), whole.group(2), group, single)
    return ITEM_REFERENCE.sub(lambda m: str(_value(m.group(1), m.group(2), group, single)), text)


def _value(kind: str, dotted: str, group: list[Any], single: Any) -> Any:
    if kind == "items":
        return [_one(item, dotted) for item in group]
    if single is None:
        raise ItemError("{{item" + dotted + "}} in a batched call: use {{items" + dotted + "}}")
    return _one(single, dotted)


def _one(item: Any, dotted: str) -> Any:
    value = field_value(item, dotted) if dotted else item
    if value is _MISSING or value is None or (isinstance(value, list) and not value):
        raise ItemError(f"item {item_key(item)}: no value at {dotted.lstrip('.') or 'item'}")
    return value


# --------------------------------------------------------------------------- bulk limits


def batch_limit(endpoint: Endpoint) -> int | None:
    """Most items one call of a bulk endpoint takes (None: not a bulk endpoint)."""
    known = BULK_FIELD_LIMITS.get(endpoint.key)
    if known:
        return known[1]
    return endpoint.body.max_items if endpoint.body and endpoint.body.is_array else None


def listed_items(body: Any) -> list[Any]:
    """The items of a list response: an array, or Clerk's `{data, total_count}`."""
    if isinstance(body, list):
        return body
    if isinstance(body, Mapping) and isinstance(body.get("data"), list):
        return list(body["data"])
    return []
