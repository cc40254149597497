"""`{{N.a.b}}` references from one plan step to an earlier step's JSON response.

`{{1.id}}` is step 1's `id`; `{{1.0.id}}` the first item of a list response;
`{{1.data.0.id}}` the first item of a paginated `{data, total_count}` response. A string
that is exactly one reference takes the referenced value's type; a reference inside a
longer string is substituted as text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

REFERENCE = re.compile(r"\{\{\s*(\d+)((?:\.[A-Za-z0-9_\-]+)*)\s*\}\}")


class ReferenceError_(Exception):
    """A reference that cannot be resolved; the message says which and why."""


def has_reference(value: Any) -> bool:
    return bool(steps_referenced(value))


def steps_referenced(value: Any) -> set[int]:
    """Every step number that `value` (a string, list or dict, nested) refers to."""
    found: set[int] = set()
    for text in strings_in(value):
        found.update(int(m.group(1)) for m in REFERENCE.finditer(text))
    return found


def strings_in(value: Any) -> list[str]:
    """Every string inside `value` (nested dicts and lists), in order."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, Mapping):
        return [s for v in value.values() for s in strings_in(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in strings_in(v)]
    return []


def resolve(value: Any, responses: Mapping[int, Any]) -> Any:
    """Replace every reference in `value` with data from `responses` (step -> JSON body)."""
    if isinstance(value, str):
        return _resolve_string(value, responses)
    if isinstance(value, Mapping):
        return {k: resolve(v, responses) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [resolve(v, responses) for v in value]
    return value


def _resolve_string(text: str, responses: Mapping[int, Any]) -> Any:
    whole = REFERENCE.fullmatch(text.strip())
    if whole:
        return lookup(int(whole.group(1)), whole.group(2), responses)
    return REFERENCE.sub(lambda m: str(lookup(int(m.group(1)), m.group(2), responses)), text)


def lookup(step: int, dotted: str, responses: Mapping[int, Any]) -> Any:
    label = f"{{{{{step}{dotted}}}}}"
    if step not in responses:
        raise ReferenceError_(f"{label} refers to step {step}, which has no response yet")
    node = responses[step]
    for part in [p for p in dotted.split(".") if p]:
        node = _step_into(node, part, label)
    if node is None:
        raise ReferenceError_(f"{label} is empty in step {step}'s response")
    return node


def _step_into(node: Any, part: str, label: str) -> Any:
    if isinstance(node, list):
        if not part.isdigit() or int(part) >= len(node):
            raise ReferenceError_(f"{label}: the list has {len(node)} item(s), no [{part}]")
        return node[int(part)]
    if isinstance(node, Mapping):
        if part not in node:
            if part.isdigit() and isinstance(node.get("data"), list):
                # {{1.0.id}} on a paginated {data, total_count} response means data[0].
                return _step_into(node["data"], part, label)
            raise ReferenceError_(f"{label}: no field {part!r} in the response")
        return node[part]
    raise ReferenceError_(f"{label}: cannot look up {part!r} in a {type(node).__name__}")
