"""ClaudePlanner through the real anthropic client against a scripted server on 127.0.0.1."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from datetime import datetime, timezone

import pytest

from assistant.models import Answer, Clarification, Plan
from assistant.planning.base import HistoryItem, PlanContext, PlannerError, ResultDigest
from assistant.planning.claude import ClaudePlanner, prompt_token_estimate
from assistant.settings import DEFAULT_MODEL, Settings
from assistant.spec import Catalog
from tests.fake_anthropic import FakeAnthropic, error, tool_use

CLERK_KEY = "sk_test_ThisIsTheClerkSecretKey0123456789"
ANTHROPIC_KEY = "sk-ant-api03-fake-key-for-tests"
NOW = datetime(2026, 5, 19, 12, tzinfo=timezone.utc)


@pytest.fixture
def fake() -> Iterator[FakeAnthropic]:
    with FakeAnthropic() as server:
        yield server


def planner_for(url: str, **kwargs: int) -> ClaudePlanner:
    settings = Settings(
        secret_key=CLERK_KEY,
        anthropic_api_key=ANTHROPIC_KEY,
        anthropic_base_url=url,
        model=DEFAULT_MODEL,  # the stand-in holds requests to this model's contract
        planner="claude",
    )
    return ClaudePlanner(settings, max_retries=0, timeout=5.0, **kwargs)


def context(catalog: Catalog, history: list[HistoryItem] | None = None) -> PlanContext:
    return PlanContext(catalog, history=history or [], now=NOW)


def test_single_call_plan_and_what_the_client_sent(fake: FakeAnthropic, catalog: Catalog) -> None:
    fake.reply(
        tool_use(
            "propose_plan",
            {
                "steps": [
                    {
                        "method": "POST",
                        "path": "/users/{user_id}/ban",
                        "path_params": {"user_id": "user_123"},
                        "why": "ban the spammer",
                    }
                ]
            },
        )
    )
    output = planner_for(fake.url).plan("ban user_123", context(catalog))

    assert isinstance(output, Plan) and output.planner == "claude"
    assert [(s.method, s.path, s.path_params) for s in output.steps] == [
        ("POST", "/users/{user_id}/ban", {"user_id": "user_123"})
    ]
    sent = fake.requests[0]
    assert sent["path"] == "/v1/messages"
    headers = sent["headers"]  # the key travels in a header (x-api-key or Bearer, by SDK version)
    assert ANTHROPIC_KEY in (headers.get("x-api-key") or headers.get("authorization", ""))
    body = sent["body"]
    assert body["model"] == DEFAULT_MODEL
    assert {t["name"] for t in body["tools"]} == {
        "search_endpoints",
        "get_endpoint",
        "propose_plan",
        "ask_user",
        "answer",
    }
    cached = [b for b in body["system"] if b.get("cache_control") == {"type": "ephemeral"}]
    assert len(cached) == 1 and "POST /users/{user_id}/ban - Ban a user" in cached[0]["text"]
    assert cached[0] is body["system"][-1]  # tools + all system blocks form one cached prefix
    assert "POST /users/{user_id}/ban" in body["messages"][0]["content"]  # a search card
    assert CLERK_KEY not in json.dumps(body)


def test_multi_step_plan_keeps_references(fake: FakeAnthropic, catalog: Catalog) -> None:
    fake.reply(
        tool_use(
            "propose_plan",
            {
                "note": "create, then invite",
                "steps": [
                    {"method": "POST", "path": "/organizations", "body": {"name": "Acme"}},
                    {
                        "method": "POST",
                        "path": "/organizations/{organization_id}/invitations",
                        "path_params": {"organization_id": "{{1.id}}"},
                        "body": {"email_address": "bob@acme.io", "role": "org:admin"},
                    },
                ],
            },
        )
    )
    output = planner_for(fake.url).plan("create Acme and invite bob@acme.io", context(catalog))

    assert isinstance(output, Plan) and output.note == "create, then invite"
    assert output.steps[1].path_params == {"organization_id": "{{1.id}}"}
    assert output.steps[1].body == {"email_address": "bob@acme.io", "role": "org:admin"}


def test_clarification_and_answer(fake: FakeAnthropic, catalog: Catalog) -> None:
    fake.reply(
        tool_use("ask_user", {"question": "Which email should I invite?"}),
        tool_use("answer", {"text": "PATCH merges; PUT replaces."}),
    )
    planner = planner_for(fake.url)
    asked = planner.plan("invite a new admin to org_1", context(catalog))
    answered = planner.plan("merge or replace?", context(catalog))
    assert asked == Clarification("Which email should I invite?", planner="claude")
    assert answered == Answer("PATCH merges; PUT replaces.", planner="claude")


def test_invented_endpoint_goes_back_once_then_is_corrected(
    fake: FakeAnthropic, catalog: Catalog
) -> None:
    fake.reply(
        tool_use(
            "propose_plan",
            {
                "steps": [
                    {
                        "method": "POST",
                        "path": "/users/{user_id}/delete_forever",
                        "path_params": {"user_id": "user_1"},
                    }
                ]
            },
        ),
        tool_use(
            "propose_plan",
            {
                "steps": [
                    {
                        "method": "DELETE",
                        "path": "/users/{user_id}",
                        "path_params": {"user_id": "user_1"},
                    }
                ]
            },
        ),
    )
    output = planner_for(fake.url).plan("delete user_1 for ever", context(catalog))

    assert isinstance(output, Plan)
    assert [(s.method, s.path) for s in output.steps] == [("DELETE", "/users/{user_id}")]
    assert len(fake.requests) == 2
    feedback = fake.requests[1]["body"]["messages"][-1]["content"][0]
    assert feedback["type"] == "tool_result" and feedback["is_error"] is True
    assert "/users/{user_id}/delete_forever is not in the spec" in feedback["content"]
    assert fake.rejections == []  # the correction round kept the contract


def test_invented_parameter_twice_is_a_clear_error(fake: FakeAnthropic, catalog: Catalog) -> None:
    wrong = {"steps": [{"method": "POST", "path": "/users", "body": {"nickname": "bob"}}]}
    fake.reply(tool_use("propose_plan", wrong), tool_use("propose_plan", wrong))
    with pytest.raises(PlannerError, match="step 1: unknown body field 'nickname' for POST /users"):
        planner_for(fake.url).plan("create bob", context(catalog))
    assert len(fake.requests) == 2


def test_lookup_tools_answer_and_the_loop_is_bounded(fake: FakeAnthropic, catalog: Catalog) -> None:
    fake.reply(
        tool_use("get_endpoint", {"method": "GET", "path": "/users/count"}),
        tool_use("search_endpoints", {"query": "ban a user"}),
        tool_use("search_endpoints", {"query": "again"}),
    )
    with pytest.raises(PlannerError, match="within 3 rounds"):
        planner_for(fake.url, max_rounds=3).plan("count users", context(catalog))
    assert len(fake.requests) == 3
    first_result = fake.requests[1]["body"]["messages"][-1]["content"][0]
    assert first_result["type"] == "tool_result"
    assert first_result["content"].startswith("GET /users/count - Count users")
    search_result = fake.requests[2]["body"]["messages"][-1]["content"][0]["content"]
    assert "POST /users/{user_id}/ban" in search_result


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        (error(401, "authentication_error"), "rejected the credentials \\(401\\)"),
        (error(529, "overloaded_error"), "overloaded \\(529\\)"),
        (error(429, "rate_limit_error"), "rate limiting these credentials \\(429\\)"),
    ],
)
def test_api_errors_become_one_line_offering_local(
    fake: FakeAnthropic, catalog: Catalog, reply: tuple[int, dict], expected: str
) -> None:
    fake.reply(reply)
    with pytest.raises(PlannerError, match=expected) as caught:
        planner_for(fake.url).plan("list users", context(catalog))
    message = str(caught.value)
    assert "--planner local" in message and "\n" not in message
    assert ANTHROPIC_KEY not in message and CLERK_KEY not in message


def test_connection_refused(catalog: Catalog) -> None:
    with socket.socket() as sock:  # a port that was free a moment ago, now closed
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    with pytest.raises(PlannerError, match=f"cannot reach the Anthropic API at {url}"):
        planner_for(url).plan("list users", context(catalog))


def test_no_secret_reaches_the_prompt(fake: FakeAnthropic, catalog: Catalog) -> None:
    leaked = "sk_live_FromAnApiResponse987654321"
    history = [
        HistoryItem(
            request=f"use key {CLERK_KEY} and list users",
            output=Plan(()),
            decision="confirmed",
            digest=ResultDigest(ids=("user_1", "user_2"), emails=("a@x.io",), names=(leaked,)),
        )
    ]
    fake.reply(tool_use("ask_user", {"question": "Which one?"}))
    planner_for(fake.url).plan(f"ban the second one {CLERK_KEY}", context(catalog, history))

    sent = json.dumps(fake.requests[0]["body"])
    assert CLERK_KEY not in sent and leaked not in sent and ANTHROPIC_KEY not in sent
    message = fake.requests[0]["body"]["messages"][0]["content"]
    assert "<untrusted_data>" in message and "user_2" in message  # the follow-up context


def test_prompt_budget_for_a_typical_request(catalog: Catalog) -> None:
    tokens = prompt_token_estimate(catalog, "invite bob@acme.io to org_123 as an admin")
    assert tokens["without_operation_list"] <= 3000
    assert tokens["uncached"] < tokens["cached"]


def test_history_given_to_the_model_is_bounded(fake: FakeAnthropic, catalog: Catalog) -> None:
    noisy = [
        HistoryItem(
            request="x" * 5000, digest=ResultDigest(ids=tuple(f"user_{i}" for i in range(20)))
        )
        for _ in range(30)
    ]
    fake.reply(tool_use("ask_user", {"question": "?"}))
    planner_for(fake.url).plan("and the next one", context(catalog, noisy))
    message = fake.requests[0]["body"]["messages"][0]["content"]
    history = message.split("<untrusted_data>")[1].split("</untrusted_data>")[0]
    assert len(history) <= 6100
    assert history.count("turn ") == history.count("request: ")  # whole turns only


def test_concrete_path_is_mapped_to_its_template(fake: FakeAnthropic, catalog: Catalog) -> None:
    fake.reply(tool_use("propose_plan", {"steps": [{"method": "GET", "path": "/v1/users/user_9"}]}))
    output = planner_for(fake.url).plan("show user_9", context(catalog))
    assert isinstance(output, Plan)
    assert (output.steps[0].path, output.steps[0].path_params) == (
        "/users/{user_id}",
        {"user_id": "user_9"},
    )


def test_all_pages_asked_by_the_model_survives_the_checks(
    fake: FakeAnthropic, catalog: Catalog
) -> None:
    step = {"method": "GET", "path": "/v1/users", "query": {"banned": True}, "all_pages": True}
    fake.reply(tool_use("propose_plan", {"steps": [step, {"method": "GET", "path": "/users"}]}))
    output = planner_for(fake.url).plan("every banned user", context(catalog))
    assert isinstance(output, Plan)
    assert [s.all_pages for s in output.steps] == [True, False]
    tools = {t["name"]: t for t in fake.requests[0]["body"]["tools"]}
    items = tools["propose_plan"]["input_schema"]["properties"]["steps"]["items"]
    assert items["properties"]["all_pages"]["type"] == "boolean"


def test_cli_plan_uses_claude_from_the_environment(fake: FakeAnthropic, tmp_path) -> None:
    import io
    import os

    from assistant.cli import run
    from assistant.environment import Environment

    fake.reply(tool_use("propose_plan", {"steps": [{"method": "GET", "path": "/users"}]}))
    out, err = io.StringIO(), io.StringIO()
    env = {
        **os.environ,
        "ANTHROPIC_API_KEY": ANTHROPIC_KEY,
        "ANTHROPIC_BASE_URL": fake.url,
        "CLERK_ASSISTANT_MODEL": "claude-from-env",
        "CLERK_SECRET_KEY": CLERK_KEY,
    }
    code = run(
        ["plan", "--json", "list users"], Environment(stdout=out, stderr=err, env=env, cwd=tmp_path)
    )
    assert code == 0, err.getvalue()
    assert json.loads(out.getvalue())["planner"] == "claude"
    body = fake.requests[0]["body"]
    assert body["model"] == "claude-from-env" and CLERK_KEY not in json.dumps(body)
    assert fake.rejections == []


def test_explicit_requests_never_reach_the_model(fake: FakeAnthropic, catalog: Catalog) -> None:
    output = planner_for(fake.url).plan("DELETE /users/user_42", context(catalog))
    assert isinstance(output, Plan) and output.planner == "explicit"
    assert output.steps[0].path_params == {"user_id": "user_42"}
    assert fake.requests == []


@pytest.mark.parametrize("body", ["<html>a login page</html>", {"hello": "proxy"}])
def test_a_reply_that_is_not_a_message_is_one_clear_error(
    fake: FakeAnthropic, catalog: Catalog, body: object
) -> None:
    fake.reply((200, body))
    with pytest.raises(PlannerError, match="did not answer like the Messages API") as caught:
        planner_for(fake.url).plan("list users", context(catalog))
    assert "--planner local" in str(caught.value) and ANTHROPIC_KEY not in str(caught.value)
