"""Planner benchmark on the request evals (not a test: it prints numbers).

    python bench/planner.py [--evals FILE ...] [--show-failures] [--shipped-evidence]

Local planner: step-sequence accuracy (method + path of every step, in order), parameter
accuracy (every expected parameter present and equal, FORMAT.md's subset rule; "$1.id"
matches any reference to step 1), clarify accuracy (clarify cases answered with a question).
Claude planner: prompt tokens per request, uncached and cached, for the prompt the planner
would send (counted offline as characters / 4; the SDK's count_tokens needs the network).

A batch is planned with the nearest-labelled-request evidence rebuilt WITHOUT the round it
belongs to (blind_kk1-4 are one round), so no batch votes for its own requests or its
round-mates'; --shipped-evidence plans with the evidence as shipped, as a user gets it.

bench/data/README.md records the first run of every blind batch (the honest, unseen figure)
and the commit it was measured at.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.models import Clarification, Plan  # noqa: E402
from assistant.planning import neighbours  # noqa: E402
from assistant.planning.base import PlanContext  # noqa: E402
from assistant.planning.local import LocalPlanner  # noqa: E402
from assistant.references import steps_referenced  # noqa: E402
from assistant.spec import open_catalog  # noqa: E402

SHARED = ROOT.parent / "shared"
DEFAULT_EVALS = [
    SHARED / "evals" / "requests.jsonl",
    *sorted((ROOT / "bench").glob("requests_*.jsonl")),
    # written blind, before reading the planner (first runs in the generalize report)
    *sorted((ROOT / "bench" / "data").glob("blind_*.jsonl")),
]
NOW = datetime(2026, 5, 19, 12, 0, tzinfo=timezone.utc)


def round_of(path: Path) -> str:
    """The round a batch was written in: blind_kk3 -> blind_kk (four writers, one round)."""
    said = re.fullmatch(r"(blind_[a-z]+)\d*", path.stem)
    return said.group(1) if said else path.stem


def evidence_files() -> list[Path]:
    """The files the shipped neighbour evidence is built from (bench/build_neighbours.py)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from build_neighbours import evidence_files as shipped_sources

    return shipped_sources()


@functools.cache
def evidence_without(round_name: str) -> neighbours.Neighbours | None:
    """The evidence with every batch of one round left out (None: the round is not in it,
    the shipped evidence is already blind to it)."""
    shipped = evidence_files()
    files = [f for f in shipped if round_of(f) != round_name]
    if len(files) == len(shipped):
        return None
    cases = [case for f in files for case in load_cases(f)]
    return neighbours.Neighbours(neighbours.labelled_from_cases(cases))


def load_cases(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def step_params(step: dict[str, Any]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    params.update(step.get("path_params") or {})
    params.update(step.get("query") or {})
    if isinstance(step.get("body"), dict):
        params.update(step["body"])
    return params


def value_matches(expected: Any, actual: Any) -> bool:
    if isinstance(expected, str) and expected.startswith("$") and "." in expected:
        step = int(expected[1:].split(".")[0])
        return step in steps_referenced(actual)
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return False
        return {str(v) for v in expected} == {str(v) for v in actual}
    if isinstance(expected, dict):
        return json.dumps(expected, sort_keys=True) == json.dumps(actual, sort_keys=True)
    return str(expected) == str(actual)


def params_match(expected: dict[str, Any], actual: dict[str, Any]) -> bool:
    return all(k in actual and value_matches(v, actual[k]) for k, v in expected.items())


def score_case(case: dict[str, Any], output: Any) -> dict[str, bool]:
    if case.get("clarify"):
        asked = isinstance(output, Clarification)
        return {"sequence": asked, "params": asked, "clarify": asked}
    if not isinstance(output, Plan):
        return {"sequence": False, "params": False}
    got = [s.to_json() for s in output.steps]
    want = case["steps"]
    sequence = [(s["method"], s["path"]) for s in got] == [(s["method"], s["path"]) for s in want]
    params = sequence and all(
        params_match(w["params"], step_params(g)) for w, g in zip(want, got, strict=True)
    )
    return {"sequence": sequence, "params": params}


def describe(output: Any) -> str:
    if isinstance(output, Plan):
        return " ; ".join(
            f"{s.method} {s.path} {json.dumps(step_params(s.to_json()))}" for s in output.steps
        )
    return f"{type(output).__name__}: {getattr(output, 'question', getattr(output, 'text', ''))}"


def bench_local(catalog: Any, cases: list[dict[str, Any]], show: bool) -> dict[str, float]:
    planner = LocalPlanner()
    totals = {"sequence": 0, "params": 0, "clarify": 0, "clarify_cases": 0}
    started = time.perf_counter()
    for case in cases:
        output = planner.plan(case["request"], PlanContext(catalog, now=NOW))
        result = score_case(case, output)
        totals["sequence"] += result["sequence"]
        totals["params"] += result["params"]
        if case.get("clarify"):
            totals["clarify_cases"] += 1
            totals["clarify"] += result["clarify"]
        if show and not result["params"]:
            print(f"  FAIL {case['id']}: {case['request']}")
            for want in case["steps"]:
                print(f"     want {want['method']} {want['path']} {json.dumps(want['params'])}")
            print(f"     got  {describe(output)}")
    elapsed = (time.perf_counter() - started) / max(len(cases), 1) * 1000
    n = len(cases)
    return {
        "cases": n,
        "step_sequence": totals["sequence"] / n,
        "every_param": totals["params"] / n,
        "clarify": f"{totals['clarify']}/{totals['clarify_cases']}",
        "ms_per_request": round(elapsed, 1),
    }


def bench_tokens(catalog: Any, cases: list[dict[str, Any]]) -> dict[str, float] | None:
    try:
        from assistant.planning.claude import prompt_token_estimate
    except ImportError:
        return None
    counts = [prompt_token_estimate(catalog, c["request"]) for c in cases]
    uncached = sorted(c["uncached"] for c in counts)
    no_list = sorted(c["without_operation_list"] for c in counts)
    return {
        "uncached_per_request_median": uncached[len(uncached) // 2],
        "uncached_per_request_max": uncached[-1],
        "cached_prefix": counts[0]["cached"],
        "all_but_operation_list_median": no_list[len(no_list) // 2],
        "all_but_operation_list_max": no_list[-1],
        "method": "characters / 4 over the JSON the client sends (tools, system, message)",
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--evals", nargs="*", type=Path, default=DEFAULT_EVALS)
    parser.add_argument("--show-failures", action="store_true")
    parser.add_argument(
        "--shipped-evidence",
        action="store_true",
        help="let a batch's own round vote for it (default: its round is left out)",
    )
    args = parser.parse_args()
    specs = os.environ.get("CLERK_ASSISTANT_SPECS_DIR", str(SHARED / "specs" / "bapi"))
    catalog = open_catalog("2026-05-12", env={"CLERK_ASSISTANT_SPECS_DIR": specs}, download=False)
    for path in args.evals:
        if not path.exists():
            continue
        cases = load_cases(path)
        neighbours.use(None if args.shipped_evidence else evidence_without(round_of(path)))
        local = bench_local(catalog, cases, args.show_failures)
        print(f"local planner on {path.name}: {json.dumps(local)}")
        tokens = bench_tokens(catalog, cases)
        if tokens:
            print(f"claude prompt tokens on {path.name}: {json.dumps(tokens)}")


if __name__ == "__main__":
    main()
