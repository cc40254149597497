"""The whole plan on a few lines, shown before anything runs. Pure: data and text only.

One line per step (number, method, path, risk and verdict, the key values), a summary of
the verdicts, and the values the request named that no step uses ("not used: ..."). The
REPL, `ask` and `plan` all show it before the first step is confirmed or sent.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from .models import Call, Plan, Verdict
from .references import REFERENCE

MAX_VALUES_CHARS = 70  # the key values of one step, cut at a value's end beyond this


@dataclass(frozen=True, slots=True)
class PlanOverview:
    plan: Plan
    verdicts: tuple[Verdict, ...]
    not_used: tuple[str, ...] = ()

    @property
    def worth_showing(self) -> bool:
        """A one-step plan is shown in full by its own proposal, unless something is unused."""
        return len(self.plan.steps) > 1 or bool(self.not_used)

    def lines(self) -> list[str]:
        steps = self.plan.steps
        head = f"Plan: {len(steps)} step{'s' if len(steps) != 1 else ''}, {self.summary()}"
        body = [
            step_line(n, c, v) for n, (c, v) in enumerate(zip(steps, self.verdicts, strict=True), 1)
        ]
        tail = [f"  not used: {', '.join(self.not_used)}"] if self.not_used else []
        return [head, *body, *tail]

    def summary(self) -> str:
        """ "1 read, 2 write; all allowed" or "...; 1 blocked"; irreversible ones named."""
        risks = Counter(v.risk for v in self.verdicts)
        kinds = ", ".join(f"{risks[r]} {r}" for r in ("read", "write", "destructive") if risks[r])
        blocked = sum(not v.allowed for v in self.verdicts)
        state = f"{blocked} blocked" if blocked else "all allowed"
        typed = sum(v.confirm == "typed" for v in self.verdicts)
        extra = f"; {typed} need{'s' if typed == 1 else ''} a typed confirmation" if typed else ""
        return f"{kinds}; {state}{extra}"

    def to_json(self) -> dict[str, Any]:
        return {"lines": self.lines(), "not_used": list(self.not_used)}


def step_line(number: int, call: Call, verdict: Verdict) -> str:
    state = "allowed" if verdict.allowed else "BLOCKED"
    values = key_values(call)
    return f"  {number}. {call.method} {call.path}  [{verdict.risk}, {state}]" + (
        f"  {values}" if values else ""
    )


def key_values(call: Call) -> str:
    """path values, then query and body fields as k=v, cut after a whole value."""
    parts = [_short(v) for v in call.path_params.values()]
    parts += [f"{k}={_short(v)}" for k, v in call.query.items()]
    body = call.body
    if isinstance(body, dict):
        parts += [f"{k}={_short(v)}" for k, v in body.items()]
    elif isinstance(body, list):
        parts.append(f"{len(body)} item(s)")
    if call.all_pages:
        parts.append("all pages")
    return _joined_within(parts, MAX_VALUES_CHARS)


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    # a value an earlier step returns: "<step 1.id>", not template syntax
    text = REFERENCE.sub(lambda m: f"<step {m.group(1)}{m.group(2)}>", text)
    return text if len(text) <= 40 else text[:39] + "…"


def _joined_within(parts: list[str], limit: int) -> str:
    shown: list[str] = []
    for part in parts:
        if shown and len(", ".join([*shown, part])) > limit:
            return ", ".join(shown) + f", … (+{len(parts) - len(shown)})"
        shown.append(part)
    return ", ".join(shown)
