"""The Messages API contract for the default model, through the real anthropic client.

The stand-in rejects what the real API rejects for claude-sonnet-5-5 (its migration guide's
five settings, broken tool pairs, unsigned thinking, too many cache breakpoints); the
planner's own requests must pass it, and a plan, a question and an answer come back.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import anthropic
import pytest

from assistant.models import Answer, Clarification, Plan
from assistant.planning.base import PlannerError
from assistant.planning.claude import MAX_TOKENS, adaptive_model, request_options
from assistant.spec import Catalog
from tests.fake_anthropic import (
    FakeAnthropic,
    error,
    text_reply,
    thinking_block,
    tool_use,
    tool_uses,
)
from tests.test_claude_planner import ANTHROPIC_KEY, context, planner_for

BAN = {
    "steps": [
        {"method": "POST", "path": "/users/{user_id}/ban", "path_params": {"user_id": "user_1"}}
    ]
}


@pytest.fixture
def fake() -> Iterator[FakeAnthropic]:
    with FakeAnthropic() as server:
        yield server


def client_for(fake: FakeAnthropic) -> anthropic.Anthropic:
    return anthropic.Anthropic(api_key=ANTHROPIC_KEY, base_url=fake.url, max_retries=0)


def send(fake: FakeAnthropic, **changes: Any) -> Any:
    """One request in the planner's shape, with `changes` applied (None removes a key)."""
    request: dict[str, Any] = {
        **request_options("claude-sonnet-5-5", 1024),
        "messages": [{"role": "user", "content": "list users"}],
    }
    request.update(changes)
    # SDK 2.x no longer has sampling parameters at all; older ones send them as given.
    sampling = {k: request.pop(k) for k in ("temperature", "top_p", "top_k") if k in request}
    return client_for(fake).messages.create(**request, extra_body=sampling or None)


# --------------------------------------------------------------------------- the stand-in says no


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"tool_choice": {"type": "any"}}, "forced tool use"),
        ({"tool_choice": {"type": "tool", "name": "answer"}}, "forced tool use"),
        ({"thinking": {"type": "disabled"}}, "between_tools"),
        ({"thinking": {"type": "enabled", "budget_tokens": 2048}}, "thinking budgets"),
        ({"temperature": 0.0}, "`temperature` is not supported"),
        ({"top_p": 0.9}, "`top_p` is not supported"),
        ({"top_k": 5}, "`top_k` is not supported"),
        (
            {
                "messages": [
                    {"role": "user", "content": "list users"},
                    {"role": "assistant", "content": '{"steps": ['},
                ]
            },
            "does not support assistant message prefill",
        ),
    ],
)
def test_the_five_settings_sonnet_5_5_refuses_are_refused(
    fake: FakeAnthropic, changes: dict[str, Any], message: str
) -> None:
    fake.reply(text_reply("unused"))
    with pytest.raises(anthropic.BadRequestError) as caught:
        send(fake, **changes)
    assert caught.value.status_code == 400
    assert caught.value.body["error"]["type"] == "invalid_request_error"
    assert message in caught.value.body["error"]["message"]


def test_a_tool_use_needs_its_tool_result_in_the_next_turn(fake: FakeAnthropic) -> None:
    call = tool_use("search_endpoints", {"query": "users"})
    messages = [
        {"role": "user", "content": "list users"},
        {"role": "assistant", "content": call["content"]},
        {"role": "user", "content": "and then?"},
    ]
    with pytest.raises(anthropic.BadRequestError, match="without `tool_result` blocks"):
        send(fake, messages=messages)


@pytest.mark.parametrize("tamper", ["drop_signature", "edit_text", "drop_block"])
def test_thinking_blocks_must_come_back_unchanged(fake: FakeAnthropic, tamper: str) -> None:
    call = tool_use("search_endpoints", {"query": "users"}, thinking="look for the list call")
    content = [dict(block) for block in call["content"]]
    if tamper == "drop_signature":
        del content[0]["signature"]
    elif tamper == "edit_text":
        content[0]["thinking"] = "something else"
    else:
        content = content[1:]
    result = {"type": "tool_result", "tool_use_id": content[-1]["id"], "content": "GET /users"}
    messages = [
        {"role": "user", "content": "list users"},
        {"role": "assistant", "content": content},
        {"role": "user", "content": [result]},
    ]
    with pytest.raises(anthropic.BadRequestError, match="thinking"):
        send(fake, messages=messages)


def test_more_than_four_cache_breakpoints_are_refused(fake: FakeAnthropic) -> None:
    marked = {"cache_control": {"type": "ephemeral"}}
    system = [{"type": "text", "text": f"part {n}", **marked} for n in range(5)]
    with pytest.raises(anthropic.BadRequestError, match="A maximum of 4 blocks"):
        send(fake, system=system)


def test_a_strict_tool_must_close_its_objects(fake: FakeAnthropic) -> None:
    tool = {"name": "ask_user", "strict": True, "input_schema": {"type": "object"}}
    with pytest.raises(anthropic.BadRequestError, match="additionalProperties"):
        send(fake, tools=[tool])


def test_the_old_request_shape_fails_and_the_person_reads_the_api_reason(
    fake: FakeAnthropic, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What every user hit before: tool_choice any on the default model, a 400 with a reason."""
    from assistant.planning import claude

    old = claude.request_options

    def forced(model: str, max_tokens: int) -> dict[str, Any]:
        return {**old(model, max_tokens), "tool_choice": {"type": "any"}}

    monkeypatch.setattr(claude, "request_options", forced)
    with pytest.raises(PlannerError) as caught:
        planner_for(fake.url).plan("ban user_1", context(catalog))
    message = str(caught.value)
    assert "refused the request (400): tool_choice.type: `any`" in message
    assert "\n" not in message and "--planner local" in message


# --------------------------------------------------------------------------- the planner passes


def test_plan_question_and_answer_pass_the_contract(fake: FakeAnthropic, catalog: Catalog) -> None:
    fake.reply(
        tool_use("propose_plan", BAN, text="One call bans the user."),
        tool_use("ask_user", {"question": "Which organization?"}),
        tool_use("answer", {"text": "PATCH .../metadata merges; PUT replaces."}),
    )
    planner = planner_for(fake.url)
    plan = planner.plan("ban user_1", context(catalog))
    asked = planner.plan("invite bob@acme.io as an admin", context(catalog))
    answered = planner.plan("does PATCH metadata merge?", context(catalog))

    assert isinstance(plan, Plan) and plan.steps[0].path == "/users/{user_id}/ban"
    assert asked == Clarification("Which organization?", planner="claude")
    assert answered == Answer("PATCH .../metadata merges; PUT replaces.", planner="claude")
    assert fake.rejections == [] and len(fake.requests) == 3


def test_what_the_planner_sends(fake: FakeAnthropic, catalog: Catalog) -> None:
    fake.reply(tool_use("propose_plan", BAN))
    planner_for(fake.url).plan("ban user_1", context(catalog))
    body = fake.requests[0]["body"]

    assert body["tool_choice"] == {"type": "auto"}
    assert body["thinking"] == {"type": "adaptive"}
    assert body["output_config"] == {"effort": "medium"}
    assert body["max_tokens"] == MAX_TOKENS >= 16_000  # thinking and the plan share it
    assert not {"temperature", "top_p", "top_k"} & set(body)
    assert body["messages"][-1]["role"] == "user"
    assert 1 <= json.dumps(body).count('"cache_control"') <= 4
    strict = {t["name"] for t in body["tools"] if t.get("strict")}
    assert strict == {"search_endpoints", "get_endpoint", "ask_user", "answer"}


def test_thinking_and_text_between_tools_go_back_unchanged(
    fake: FakeAnthropic, catalog: Catalog
) -> None:
    lookups = tool_uses(
        ("search_endpoints", {"query": "ban a user"}),
        ("get_endpoint", {"method": "POST", "path": "/users/{user_id}/ban"}),
    )
    fake.reply(lookups, tool_use("propose_plan", BAN, thinking="the ban endpoint fits"))
    output = planner_for(fake.url).plan("ban user_1", context(catalog))

    assert isinstance(output, Plan) and fake.rejections == []
    sent_back = fake.requests[1]["body"]["messages"][1]
    assert sent_back == {"role": "assistant", "content": lookups["content"]}
    results = fake.requests[1]["body"]["messages"][2]["content"]
    assert [r["tool_use_id"] for r in results] == [
        b["id"] for b in lookups["content"] if b["type"] == "tool_use"
    ]
    assert "POST /users/{user_id}/ban" in results[0]["content"]
    assert results[1]["content"].startswith("POST /users/{user_id}/ban - Ban a user")


def test_a_400_shows_the_api_message_on_one_line(fake: FakeAnthropic, catalog: Catalog) -> None:
    reason = "messages.1.content.0: Invalid `signature` in `thinking` block"
    fake.reply(error(400, "invalid_request_error", reason))
    with pytest.raises(PlannerError) as caught:
        planner_for(fake.url).plan("list users", context(catalog))
    assert f"refused the request (400): {reason}" in str(caught.value)


def test_a_413_shows_the_api_message(fake: FakeAnthropic, catalog: Catalog) -> None:
    fake.reply(error(413, "request_too_large", "Request exceeds the maximum allowed size"))
    with pytest.raises(PlannerError, match=r"\(413\): Request exceeds the maximum allowed size"):
        planner_for(fake.url).plan("list users", context(catalog))


@pytest.mark.parametrize(
    ("model", "adaptive"),
    [
        ("claude-sonnet-5-5", True),
        ("us.anthropic.claude-sonnet-5-5", True),
        ("claude-opus-4-6", True),
        ("claude-sonnet-4-5-20250929", False),
        ("claude-haiku-4-5@20251001", False),
        ("claude-3-7-sonnet-latest", False),
    ],
)
def test_thinking_and_effort_only_for_models_that_take_them(model: str, adaptive: bool) -> None:
    options = request_options(model, 1000)
    assert ("thinking" in options) is adaptive and ("output_config" in options) is adaptive
    assert adaptive_model(model) is adaptive
    assert options["tool_choice"] == {"type": "auto"}


def test_a_thinking_block_from_the_stand_in_is_signed() -> None:
    block = thinking_block("plan the ban")
    assert block["type"] == "thinking" and block["signature"]


def test_a_message_with_empty_content_is_refused(fake: FakeAnthropic) -> None:
    messages = [
        {"role": "user", "content": "list users"},
        {"role": "assistant", "content": []},
        {"role": "user", "content": "go on"},
    ]
    with pytest.raises(anthropic.BadRequestError, match="must have non-empty content"):
        send(fake, messages=messages)
