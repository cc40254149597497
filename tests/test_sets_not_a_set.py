"""A set is planned only when the people acted on are quantified ("all users", "everyone in
org_x"). An "all" elsewhere in the sentence ("all morning", "all the suspicious logins")
once turned "lock the account that ..." into "lock every user": never again."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.models import Plan
from assistant.planning.base import PlanContext
from assistant.planning.local import LocalPlanner

NOT_SETS = [
    "lock the account that's been hammering our login page all morning",
    "Please lock the account we talked about earlier, the one with all the suspicious logins.",
    "ban the user who has been spamming all day",
    "delete the org that each of us created by mistake",
]
SETS = [
    "lock every user in org_2abcdefghijk",
    "ban all users with an email at spam.io",
    "unban everyone who is banned",
]


def set_steps(text: str, catalog: Any) -> list[Any]:
    output = LocalPlanner().plan(text, PlanContext(catalog))
    steps = output.steps if isinstance(output, Plan) else ()
    return [s for s in steps if s.for_each is not None]


@pytest.mark.parametrize("text", NOT_SETS)
def test_an_all_that_quantifies_no_people_plans_no_set(text: str, catalog: Any) -> None:
    assert set_steps(text, catalog) == []


@pytest.mark.parametrize("text", SETS)
def test_quantified_people_plan_a_set(text: str, catalog: Any) -> None:
    assert len(set_steps(text, catalog)) == 1
