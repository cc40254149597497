"""Unasked deletions: how often the local planner proposes a DELETE that the labelled
answer does not have (prints numbers and the requests; not a test).

    python bench/deletes.py [--evals FILE ...]

Every labelled request (the shared evals and bench/ sets by default) is planned; a plan
with a DELETE of a path the correct calls never delete is counted and shown. The guardrail
still makes every DELETE wait for a typed confirmation; this measures how often it would
have to.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from planner import DEFAULT_EVALS, NOW, SHARED, load_cases  # bench/planner.py

from assistant.models import Plan
from assistant.planning.base import PlanContext
from assistant.planning.local import LocalPlanner
from assistant.spec import open_catalog


def unasked_deletes(catalog: object, cases: list[dict]) -> tuple[int, list[str]]:
    """(plans with a DELETE, lines naming each DELETE the labelled answer lacks)."""
    with_delete, unasked = 0, []
    for case in cases:
        output = LocalPlanner().plan(case["request"], PlanContext(catalog, now=NOW))
        deletes = (
            [s.path for s in output.steps if s.method == "DELETE"]
            if isinstance(output, Plan)
            else []
        )
        with_delete += bool(deletes)
        wanted = {s["path"] for s in case["steps"] if s["method"] == "DELETE"}
        extra = [path for path in deletes if path not in wanted]
        if extra:
            unasked.append(f"  {case['id']}: DELETE {extra[0]} for {case['request'][:100]!r}")
    return with_delete, unasked


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--evals", nargs="*", type=Path, default=DEFAULT_EVALS)
    args = parser.parse_args()
    specs = os.environ.get("CLERK_ASSISTANT_SPECS_DIR", str(SHARED / "specs" / "bapi"))
    catalog = open_catalog("2026-05-12", env={"CLERK_ASSISTANT_SPECS_DIR": specs}, download=False)
    total = with_delete = 0
    lines: list[str] = []
    for path in args.evals:
        if path.exists():
            cases = load_cases(path)
            found, unasked = unasked_deletes(catalog, cases)
            total, with_delete, lines = total + len(cases), with_delete + found, lines + unasked
    print("\n".join(lines))
    print(
        f"{total} requests, {with_delete} plans with a DELETE, "
        f"{len(lines)} with a DELETE the labelled answer lacks"
    )


if __name__ == "__main__":
    main()
