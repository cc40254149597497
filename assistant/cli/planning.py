"""`clerk-assistant plan`: show the plan and the guardrail's verdicts; never sends anything.

Exit status: 0 whenever a plan (or question, or answer) was produced, even when steps are
blocked: nothing is sent, and the verdicts say what would be blocked. 2 for bad input
(malformed explicit request, unknown spec, no planner). With `-`, each stdin line gets
one output line; a bad line prints an error record and the exit status becomes 2.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..coverage import not_used
from ..environment import Environment
from ..errors import EXIT_OK, EXIT_USAGE, AssistantError
from ..guardrail import Policy, check, policy_for
from ..models import Plan, PlannerOutput, Verdict
from ..planning.entry import plan_text
from ..settings import Settings
from ..spec import Catalog
from .common import catalog_for, settings_from_args, stdin_lines, wants_json


def run_plan(args: argparse.Namespace, env: Environment) -> int:
    settings = settings_from_args(args, env)
    catalog = catalog_for(settings, env)
    policy = policy_for(settings)
    # `-` is for scripts: always one JSON line per request.
    as_json = wants_json(args) or args.text == "-"
    if args.text != "-":
        output = plan_text(args.text, catalog, settings)
        states = _states(output, args, settings, catalog, policy)
        env.print(_render(output, policy, catalog, as_json, text=args.text, states=states))
        return EXIT_OK
    return _plan_lines(env, catalog, settings, policy, as_json)


def _plan_lines(
    env: Environment, catalog: Catalog, settings: Settings, policy: Policy, as_json: bool
) -> int:
    status = EXIT_OK
    for line in stdin_lines(env):
        try:
            output = plan_text(line, catalog, settings)
        except AssistantError as exc:
            status = EXIT_USAGE
            env.print(json.dumps({"kind": "error", "input": line, "error": str(exc)}))
            continue
        env.print(_render(output, policy, catalog, as_json, one_line=True, text=line))
    return status


def plan_json(
    output: PlannerOutput,
    policy: Policy,
    catalog: Catalog,
    text: str = "",
    states: list[Any] | None = None,
) -> dict[str, Any]:
    """The DESIGN.md plan JSON with a `verdict` on every step and the policy it ran under;
    `not_used`: the values `text` named that no step uses.

    Each write step also gets its `diff` (before/after) when `states` were read
    (`--read-state`), else a `diff` saying that the state was not read.
    """
    data = output.to_json()
    if isinstance(output, Plan):
        for step, verdict in zip(data["steps"], check(output, policy, catalog), strict=True):
            step["verdict"] = verdict.to_json()
        _add_diffs(data["steps"], output, states)
        data["sent"] = False
        data["not_used"] = not_used(text, output)
    data["spec_version"] = catalog.version
    data["policy"] = {
        "scopes": policy.scopes.describe(),
        "unknown_scopes": list(policy.scopes.unknown),
        "admin": policy.admin,
        "production": policy.production,
    }
    return data


def _add_diffs(steps: list[dict[str, Any]], plan: Plan, states: list[Any] | None) -> None:
    from ..before import NOT_READ_BY_PLAN, unavailable

    for index, (step, call) in enumerate(zip(steps, plan.steps, strict=True)):
        state = states[index] if states is not None else None
        if state is None and call.method != "GET" and states is None:
            state = unavailable(NOT_READ_BY_PLAN)
        if state is not None:
            step["diff"] = state.to_json()


def _states(
    output: PlannerOutput,
    args: argparse.Namespace,
    settings: Settings,
    catalog: Catalog,
    policy: Policy,
) -> list[Any] | None:
    """With --read-state: each step's before/after, read with GETs (never anything else)."""
    if not isinstance(output, Plan) or not getattr(args, "read_state", False):
        return None
    from ..before import read_states
    from .interactive import make_executor, require_instance

    require_instance(settings, "--read-state reads from Clerk: ")
    with make_executor(settings, catalog) as executor:
        return read_states(output, catalog, policy, executor)


def _render(
    output: PlannerOutput,
    policy: Policy,
    catalog: Catalog,
    as_json: bool,
    one_line: bool = False,
    text: str = "",
    states: list[Any] | None = None,
) -> str:
    if as_json:
        data = plan_json(output, policy, catalog, text, states)
        return json.dumps(data, indent=None if one_line else 2)
    return human_text(output, policy, catalog, text, states)


# --------------------------------------------------------------------------- plain text


def human_text(
    output: PlannerOutput,
    policy: Policy,
    catalog: Catalog,
    text: str = "",
    states: list[Any] | None = None,
) -> str:
    answered_by = f"Planner: {output.planner}"
    if not isinstance(output, Plan):
        data = output.to_json()
        label = "Question" if data["kind"] == "clarify" else "Answer"
        return f"{answered_by}\n{label}: {data.get('question') or data.get('text')}"
    verdicts = check(output, policy, catalog)
    lines: list[str] = []
    for number, (call, verdict) in enumerate(zip(output.steps, verdicts, strict=True), 1):
        lines += _step_lines(number, call.to_json(), verdict)
        lines += _state_lines(states[number - 1] if states else None)
    unused = not_used(text, output)
    if unused:  # named in the request, used by no step: never dropped silently
        lines.append(f"Not used: {', '.join(unused)}")
    lines.append(answered_by + (f" ({output.note})" if output.note else ""))
    lines.append(f"Scopes: {', '.join(policy.scopes.describe())}" + _admin_note(policy))
    lines.append(_nothing_sent(states))
    return "\n".join(lines)


def _nothing_sent(states: list[Any] | None) -> str:
    if states is None:
        return "Nothing was sent (plan only)."
    return "Nothing was sent but the GETs that read the state before (plan only)."


def _state_lines(state: Any) -> list[str]:
    """A write's before/after under its step (`--read-state`)."""
    from ..diff import diff_lines

    if state is None:
        return []
    if not state.available:
        return [f"   before/after not shown: {state.reason}"]
    lines = [f"   before/after (read with {state.read}):"]
    lines += [f"     gone: {state.gone}"] if state.gone else []
    lines += [f"     {line}" for line in diff_lines(state.changes)]
    return lines + [f"     warning: {warning}" for warning in state.warnings]


def _admin_note(policy: Policy) -> str:
    return " (admin: scope checks bypassed)" if policy.admin else ""


def _step_lines(number: int, step: dict[str, Any], verdict: Verdict) -> list[str]:
    state = "allowed" if verdict.allowed else "BLOCKED"
    lines = [f"{number}. {step['method']} {step['path']}  [{verdict.risk}, {state}]"]
    lines += _detail_lines(step)
    lines += [f"   problem: {p}" for p in verdict.problems]
    lines += [f"   effect: {e}" for e in verdict.effects]
    lines += [f"   warning: {w}" for w in verdict.warnings]
    lines.append(f"   confirm: {_confirm_text(verdict)}")
    return lines


def _detail_lines(step: dict[str, Any]) -> list[str]:
    lines = []
    for key in ("path_params", "query", "body"):
        if step.get(key):
            lines.append(f"   {key}: {json.dumps(step[key])}")
    return lines


def _confirm_text(verdict: Verdict) -> str:
    if verdict.confirm == "typed":
        return f"type {verdict.typed_token!r} to run it"
    return "runs without asking" if verdict.confirm == "none" else "asks yes/no"
