"""Sentence -> call cases for the local planner (tests/data/planner_*_requests.jsonl, in the
format of the shared evals' FORMAT.md): every target named, Clerk's phrasing, orders kept.
Each case is planned and scored by the bench's own rule (step sequence and every expected
parameter, "$1.id" = any reference to step 1; clarify cases must ask)."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.planning.base import PlanContext
from assistant.planning.local import LocalPlanner
from assistant.spec import Catalog
from tests.conftest import SPECS_DIR

HERE = Path(__file__).resolve().parent
BENCH = HERE.parent / "bench"
sys.path.insert(0, str(BENCH))
from check_cases import problems  # type: ignore[import-not-found]  # noqa: E402
from planner import describe, score_case  # type: ignore[import-not-found]  # noqa: E402

NOW = datetime(2026, 5, 19, 12, tzinfo=timezone.utc)
FILES = sorted((HERE / "data").glob("planner_*_requests.jsonl"))
CASES = [json.loads(line) for path in FILES for line in path.read_text().splitlines() if line]


def test_the_case_files_are_there_and_valid_for_the_spec() -> None:
    assert len(FILES) >= 3 and len(CASES) >= 30
    doc = yaml.load((SPECS_DIR / "2026-05-12.yml").read_text(), Loader=yaml.CSafeLoader)
    assert [p for case in CASES for p in problems(doc, case)] == []


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_the_local_planner_plans_the_case(catalog: Catalog, case: dict[str, Any]) -> None:
    output = LocalPlanner().plan(case["request"], PlanContext(catalog, now=NOW))
    result = score_case(case, output)
    assert result["sequence"] and result["params"], describe(output)
