"""Every stop_reason and every malformed tool input, through the real client and stand-in.

None of them may end in a traceback, "(no answer)", prose shown as an answer, or a cut
plan shown as complete.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from assistant.models import Answer, Clarification, Plan
from assistant.planning.base import PlannerError
from assistant.planning.claude import MAX_TOKENS, MAX_TOKENS_RETRY, NUDGE
from assistant.spec import Catalog
from tests.fake_anthropic import (
    Delay,
    FakeAnthropic,
    context_exceeded,
    cut_off,
    paused,
    refusal,
    text_reply,
    tool_use,
)
from tests.test_claude_planner import context, planner_for

BAN = {"method": "POST", "path": "/users/{user_id}/ban", "path_params": {"user_id": "user_1"}}


@pytest.fixture
def fake() -> Iterator[FakeAnthropic]:
    with FakeAnthropic() as server:
        yield server


def last_user_turn(fake: FakeAnthropic, request: int) -> list[dict[str, Any]]:
    return fake.requests[request]["body"]["messages"][-1]["content"]


def plan_of(fake: FakeAnthropic, catalog: Catalog, text: str = "ban user_1") -> Any:
    return planner_for(fake.url).plan(text, context(catalog))


def assert_one_clear_line(caught: pytest.ExceptionInfo[PlannerError]) -> str:
    message = str(caught.value)
    assert "\n" not in message and "(no answer)" not in message and "Traceback" not in message
    assert "--planner local" in message
    return message


# --------------------------------------------------------------------------- end_turn


def test_prose_claiming_an_action_is_nudged_then_the_tool_counts(
    fake: FakeAnthropic, catalog: Catalog
) -> None:
    fake.reply(
        text_reply("Sure, I have locked the user."), tool_use("propose_plan", {"steps": [BAN]})
    )
    output = plan_of(fake, catalog)

    assert isinstance(output, Plan) and output.steps[0].path == "/users/{user_id}/ban"
    nudge = last_user_turn(fake, 1)
    assert nudge == [{"type": "text", "text": NUDGE}]
    assert fake.rejections == []  # the prose turn went back with its thinking block


def test_prose_twice_is_a_clear_error_never_an_answer(
    fake: FakeAnthropic, catalog: Catalog
) -> None:
    fake.reply(text_reply("Sure, I have locked the user."), text_reply("Done, the user is locked."))
    with pytest.raises(PlannerError) as caught:
        plan_of(fake, catalog, "lock user_1")
    message = assert_one_clear_line(caught)
    assert "replied in prose instead of a plan" in message and "nothing is proposed" in message
    assert len(fake.requests) == 2


# --------------------------------------------------------------------------- max_tokens


def test_a_cut_plan_is_retried_once_with_more_room(fake: FakeAnthropic, catalog: Catalog) -> None:
    fake.reply(
        cut_off({"steps": [BAN, {"method": "DEL"}]}), tool_use("propose_plan", {"steps": [BAN]})
    )
    output = plan_of(fake, catalog)

    assert isinstance(output, Plan) and len(output.steps) == 1
    assert [b["max_tokens"] for b in fake.bodies()] == [MAX_TOKENS, MAX_TOKENS_RETRY]
    assert fake.bodies()[0]["messages"] == fake.bodies()[1]["messages"]  # the cut turn unused


def test_a_plan_cut_twice_is_never_shown(fake: FakeAnthropic, catalog: Catalog) -> None:
    fake.reply(cut_off({"steps": [BAN]}), cut_off({"steps": [BAN]}))
    with pytest.raises(PlannerError) as caught:
        plan_of(fake, catalog)
    message = assert_one_clear_line(caught)
    assert f"cut off at {MAX_TOKENS_RETRY} tokens" in message and "nothing is proposed" in message


# --------------------------------------------------------------------------- refusal, pause, ...


def test_a_refusal_says_the_model_declined_with_its_explanation(
    fake: FakeAnthropic, catalog: Catalog
) -> None:
    fake.reply(refusal("This request could enable harm to other people's accounts."))
    with pytest.raises(PlannerError) as caught:
        plan_of(fake, catalog)
    message = assert_one_clear_line(caught)
    assert message.startswith("Claude declined this request (general_harms): This request could")


def test_a_refusal_without_details(fake: FakeAnthropic, catalog: Catalog) -> None:
    fake.reply(refusal(None, None))
    with pytest.raises(PlannerError, match=r"^Claude declined this request; nothing is proposed"):
        plan_of(fake, catalog)


def test_a_paused_turn_goes_on(fake: FakeAnthropic, catalog: Catalog) -> None:
    fake.reply(paused("Looking at the ban endpoint."), tool_use("ask_user", {"question": "Why?"}))
    output = plan_of(fake, catalog)
    assert output == Clarification("Why?", planner="claude")
    assert fake.bodies()[1]["messages"][-1]["role"] == "user" and fake.rejections == []


def test_context_window_exceeded_is_a_clear_error(fake: FakeAnthropic, catalog: Catalog) -> None:
    fake.reply(context_exceeded())
    with pytest.raises(PlannerError) as caught:
        plan_of(fake, catalog)
    assert "no longer fits claude-sonnet-5-5's context window" in assert_one_clear_line(caught)


def test_a_slow_api_is_reported_as_a_timeout(fake: FakeAnthropic, catalog: Catalog) -> None:
    from assistant.planning.claude import ClaudePlanner

    fake.reply(Delay(1.5, tool_use("ask_user", {"question": "late"})))
    planner = ClaudePlanner(planner_for(fake.url).settings, max_retries=0, timeout=0.3)
    with pytest.raises(PlannerError) as caught:
        planner.plan("list users", context(catalog))
    assert "did not answer in time (timeout)" in assert_one_clear_line(caught)


# --------------------------------------------------------------------------- malformed inputs


GET_USERS = {"method": "GET", "path": "/users"}
MALFORMED = [
    ("propose_plan", {"steps": [{**BAN, "path_params": "u_1"}]}, "path_params must be an object"),
    ("propose_plan", {"steps": [{**GET_USERS, "query": "limit=5"}]}, "query must be an object"),
    (
        "propose_plan",
        {"steps": [{**GET_USERS, "all_pages": "true"}]},
        "all_pages must be true or false, got a string",
    ),
    ("propose_plan", {"steps": "GET /users"}, "steps must be a non-empty array, got a string"),
    (
        "propose_plan",
        {"steps": [{**GET_USERS, "query": {"limit": "ten"}}]},
        "query parameter 'limit' must be an integer",  # the guardrail's own validation
    ),
    ("ask_user", {"question": "  "}, "question must not be empty"),
    ("answer", {"text": 42}, "text must be a string, got a number"),
]


@pytest.mark.parametrize(("tool", "data", "problem"), MALFORMED)
def test_a_malformed_final_input_goes_back_once_then_is_fixed(
    fake: FakeAnthropic, catalog: Catalog, tool: str, data: dict[str, Any], problem: str
) -> None:
    fake.reply(tool_use(tool, data), tool_use("propose_plan", {"steps": [BAN]}))
    output = plan_of(fake, catalog)

    assert isinstance(output, Plan) and output.steps[0].path_params == {"user_id": "user_1"}
    result = last_user_turn(fake, 1)[0]
    assert result["type"] == "tool_result" and result["is_error"] is True
    assert problem in result["content"]


def test_a_malformed_input_twice_is_a_clear_error(fake: FakeAnthropic, catalog: Catalog) -> None:
    wrong = {"steps": [{**BAN, "path_params": "user_1"}]}
    fake.reply(tool_use("propose_plan", wrong), tool_use("propose_plan", wrong))
    with pytest.raises(PlannerError) as caught:
        plan_of(fake, catalog)
    assert "path_params must be an object" in assert_one_clear_line(caught)


def test_a_malformed_lookup_gets_an_error_result(fake: FakeAnthropic, catalog: Catalog) -> None:
    fake.reply(tool_use("search_endpoints", {"query": ""}), tool_use("answer", {"text": "ok"}))
    assert plan_of(fake, catalog) == Answer("ok", planner="claude")
    result = last_user_turn(fake, 1)[0]
    assert result["is_error"] is True and "query must not be empty" in result["content"]


def test_a_final_tool_counts_only_when_the_turn_ended_with_tool_use(
    fake: FakeAnthropic, catalog: Catalog
) -> None:
    from tests.fake_anthropic import message, thinking_block, tool_block

    early = message([thinking_block(), tool_block("propose_plan", {"steps": [BAN]})], "end_turn")
    fake.reply(early, tool_use("ask_user", {"question": "Ban user_1 for good?"}))
    output = plan_of(fake, catalog)

    assert output == Clarification("Ban user_1 for good?", planner="claude")
    answered = last_user_turn(fake, 1)
    assert answered[0]["type"] == "tool_result" and answered[0]["is_error"] is True
    assert answered[-1] == {"type": "text", "text": NUDGE} and fake.rejections == []


def test_an_empty_end_turn_is_nudged_without_sending_an_empty_message(
    fake: FakeAnthropic, catalog: Catalog
) -> None:
    from tests.fake_anthropic import message

    fake.reply(message([], "end_turn"), tool_use("propose_plan", {"steps": [BAN]}))
    assert isinstance(plan_of(fake, catalog), Plan)
    roles = [m["role"] for m in fake.bodies()[1]["messages"]]
    assert roles == ["user", "user"] and fake.rejections == []
