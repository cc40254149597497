"""Sentence -> call cases, one JSONL file per mechanism under tests/data/cases/, run here.

The format is the eval format (../shared/evals/FORMAT.md; bench/check_cases.py checks each
case against the spec): `steps` in order with `params` as a subset, "$1.id" for any
reference to step 1, `clarify: true` for a question. Cases may add:
  now      the planner's clock (ISO 8601), so dates said in words plan the same every day
  absent   parameter names the step must not carry ("skip_user_requirement")
  exact    "body", "query", "path_params" or "all": that part holds the listed params only
  asks     for a question: the field it asks about (what is still missing)
  forbid   [method, path] pairs no step may have, whatever else is planned (with no steps:
           only that is pinned down, "an org moved into is never deleted")
  why      the behaviour the case pins down, in words
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from assistant.models import Call, Clarification, Plan
from assistant.planning.base import PlanContext
from assistant.planning.local import LocalPlanner
from assistant.references import steps_referenced
from assistant.spec import Catalog

CASES_DIR = Path(__file__).parent / "data" / "cases"
CASES = [
    pytest.param(case, id=f"{path.stem}/{case['id']}")
    for path in sorted(CASES_DIR.glob("*.jsonl"))
    for case in map(json.loads, filter(str.strip, path.read_text().splitlines()))
]


def value_matches(expected: Any, actual: Any) -> bool:
    """FORMAT.md's comparison: "$N.id" is any reference to step N, lists as sets of strings,
    objects as JSON, anything else after str()."""
    if isinstance(expected, str) and expected.startswith("$") and "." in expected:
        return int(expected[1:].split(".")[0]) in steps_referenced(actual)
    if isinstance(expected, list):
        return isinstance(actual, list) and {str(v) for v in expected} == {str(v) for v in actual}
    if isinstance(expected, dict):
        return json.dumps(expected, sort_keys=True) == json.dumps(actual, sort_keys=True)
    return str(expected) == str(actual)


def parts(call: Call) -> dict[str, dict[str, Any]]:
    body = call.body if isinstance(call.body, dict) else {}
    merged = {**call.path_params, **call.query, **body}
    return {"body": body, "query": call.query, "path_params": call.path_params, "all": merged}


def check_step(want: dict[str, Any], got: Call) -> None:
    said = parts(got)
    for name, value in want["params"].items():
        assert name in said["all"], f"{name} missing from {said['all']}"
        assert value_matches(value, said["all"][name]), (name, value, said["all"][name])
    for name in want.get("absent", []):
        assert name not in said["all"], f"{name} should not be there: {said['all']}"
    if "exact" in want:
        assert set(said[want["exact"]]) <= set(want["params"]), said[want["exact"]]


@pytest.mark.parametrize("case", CASES)
def test_case(case: dict[str, Any], catalog: Catalog) -> None:
    now = datetime.fromisoformat(case["now"]) if "now" in case else None
    output = LocalPlanner().plan(case["request"], PlanContext(catalog, now=now))
    if "forbid" in case:
        planned = [(s.method, s.path) for s in output.steps] if isinstance(output, Plan) else []
        assert not {tuple(f) for f in case["forbid"]} & set(planned), planned
        if not case["steps"]:
            return
    if case.get("clarify"):
        assert isinstance(output, Clarification), output
        assert output.field == case.get("asks", output.field), output
        return
    assert isinstance(output, Plan), output
    wanted = [(s["method"], s["path"]) for s in case["steps"]]
    assert [(s.method, s.path) for s in output.steps] == wanted
    for want, got in zip(case["steps"], output.steps, strict=True):
        check_step(want, got)


def test_there_are_cases_for_every_mechanism() -> None:
    files = {path.stem for path in CASES_DIR.glob("*.jsonl")}
    assert {"clarify", "negation", "outcome", "steps", "values", "flags"} <= files
    assert len(CASES) >= 156  # the sentence tests these replaced: the count must not drop


@pytest.mark.parametrize(
    ("expected", "actual", "holds"),
    [
        ("$1.id", "{{1.0.id}}", True),
        ("$1.id", "{{2.id}}", False),
        ([1, "b"], ["b", "1"], True),
        (True, True, True),
        ({"a": 1}, {"a": 2}, False),
    ],
)
def test_the_comparison_follows_the_format(expected: Any, actual: Any, holds: bool) -> None:
    assert value_matches(expected, actual) is holds
