"""Did the plan use every value the person named? A deterministic check after any planner.

Every id, email, phone number and quoted value in the request must appear in some step
(path, query or body), or it is listed under the plan as "not used: ...". Nothing the
person named is dropped silently, whichever planner planned. Pure: no I/O.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from .models import Call, Plan
from .planning.slots import CLERK_ID, EMAIL, PHONE, QUOTED

# "'role: admin'" is said as one quoted value and planned as a key and a value.
_KEY_VALUE = re.compile(r"^\s*([\w.-]+)\s*[:=]\s*(.+?)\s*$")


def named_values(text: str) -> list[str]:
    """Ids, emails, phone numbers and quoted values, in the order they were said, once each."""
    found: list[tuple[int, str]] = []
    for pattern in (CLERK_ID, EMAIL, PHONE):
        found += [(m.start(), m.group(0)) for m in pattern.finditer(text)]
    for match in QUOTED.finditer(text):
        value = next(g for g in match.groups() if g)
        found.append((match.start(), value))
    ordered = [value for _, value in sorted(found)]
    return list(dict.fromkeys(_without_parts(ordered)))


def _without_parts(values: list[str]) -> Iterator[str]:
    """An id inside a quoted value ('"user_abc"') is one value, said once."""
    for value in values:
        if not any(value != other and value in other for other in values):
            yield value


def not_used(text: str, plan: Plan) -> list[str]:
    """The named values no step of `plan` uses."""
    strings = list(_plan_strings(plan.steps))
    return [value for value in named_values(text) if not _used(value, strings)]


def _plan_strings(steps: Iterable[Call]) -> Iterator[str]:
    for call in steps:
        yield call.path  # an explicit "/users/user_x" may name the id in the path
        for part in (call.path_params, call.query, call.body):
            yield from _strings(part)


def _strings(value: Any) -> Iterator[str]:
    """Every key and scalar of a JSON value, as text."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif value is not None:
        yield value if isinstance(value, str) else json.dumps(value)


def _used(value: str, strings: list[str]) -> bool:
    if _appears(value, strings):
        return True
    pair = _KEY_VALUE.match(value)
    if pair is not None:  # 'role: admin' planned as {"role": "admin"}
        return all(_appears(part, strings) for part in pair.groups())
    digits = re.sub(r"\D", "", value)
    return value.startswith("+") and any(digits == re.sub(r"\D", "", s) for s in strings)


def _appears(value: str, strings: list[str]) -> bool:
    """`value` as a whole word of some string: user_abc is not user_abc123."""
    wanted = re.compile(rf"(?<!\w){re.escape(value.strip())}(?!\w)", re.IGNORECASE)
    return any(wanted.search(s) for s in strings)
