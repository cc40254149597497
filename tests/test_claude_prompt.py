"""The rules that matter reach the model, each said once, in prompts/ (data, not code)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from assistant.planning.prompts import prompts_dir
from assistant.spec import Catalog
from tests.fake_anthropic import FakeAnthropic, tool_use
from tests.test_claude_planner import context, planner_for

LOOP_RULE = "Plans cannot loop"


def tool_definitions_by_name() -> dict:
    from assistant.planning.claude import tool_definitions

    return {tool["name"]: tool for tool in tool_definitions()}


@pytest.fixture
def fake() -> Iterator[FakeAnthropic]:
    with FakeAnthropic() as server:
        yield server


def system_prompt(fake: FakeAnthropic, catalog: Catalog) -> str:
    fake.reply(tool_use("ask_user", {"question": "Which ones?"}))
    planner_for(fake.url).plan("delete every org named Test", context(catalog))
    return "\n".join(block["text"] for block in fake.requests[0]["body"]["system"])


def test_the_loop_rule_is_in_one_place_and_reaches_the_model(
    fake: FakeAnthropic, catalog: Catalog
) -> None:
    holders = [p.name for p in prompts_dir().iterdir() if LOOP_RULE in p.read_text("utf-8")]
    assert holders == ["system.txt"]  # one sentence to keep true
    prompt = system_prompt(fake, catalog)
    assert prompt.count(LOOP_RULE) == 1
    assert "use a set step" in prompt and "or ask_user" in prompt
    # the prompt offers set steps exactly because propose_plan's step schema has them
    step = tool_definitions_by_name()["propose_plan"]["input_schema"]["properties"]["steps"]
    assert "for_each" in step["items"]["properties"] and "for_each" in prompt


def test_irreversible_actions_and_the_metadata_replace_are_said(
    fake: FakeAnthropic, catalog: Catalog
) -> None:
    prompt = system_prompt(fake, catalog)
    assert "Deletes and bans cannot be undone" in prompt
    assert "prefer it" in prompt
    assert "PATCH /users/{user_id} with public_metadata" in prompt
    assert "replaces that whole object" in prompt
    assert "PATCH /users/{user_id}/metadata, which merges" in prompt


def test_prose_is_never_the_way_to_finish(fake: FakeAnthropic, catalog: Catalog) -> None:
    assert "Never reply in prose alone" in system_prompt(fake, catalog)


def _user_text(fake: FakeAnthropic) -> str:
    content = fake.requests[0]["body"]["messages"][0]["content"]
    return content if isinstance(content, str) else "\n".join(b["text"] for b in content)


def test_labelled_requests_worded_alike_reach_the_model_as_examples(
    fake: FakeAnthropic, catalog: Catalog
) -> None:
    """Wording close to a labelled request brings that request and its calls, through the
    real client, in the request part (never the cached prefix, which must not vary)."""
    fake.reply(tool_use("ask_user", {"question": "Which ones?"}))
    request = "she lost her phone, turn off all two-factor for user_2abcdefgh"
    planner_for(fake.url).plan(request, context(catalog))
    user = _user_text(fake)
    examples = user.split(examples_heading())[1].split("\n\nRequest:")[0]
    assert "DELETE /users/{user_id}/mfa" in examples
    assert examples_heading() not in json_text(fake.requests[0]["body"]["system"])


def test_an_example_naming_an_endpoint_this_spec_lacks_is_left_out(catalog: Catalog) -> None:
    from assistant.planning import examples, neighbours

    index = neighbours.Neighbours(
        [
            neighbours.Labelled("rotate the machine secret", ("POST /no/such/path",)),
            neighbours.Labelled("rotate the machine secret now", ("GET /users",)),
            # (BM25 needs words most texts lack to score anything above zero)
            *(
                neighbours.Labelled(f"list the {w} invitations", ("GET /invitations",))
                for w in ("pending", "expired", "revoked", "accepted", "open", "old")
            ),
        ]
    )
    neighbours.use(index)
    try:
        lines = examples.example_lines(catalog, "rotate the machine secret")
    finally:
        neighbours.use(None)
    assert lines == ['- "rotate the machine secret now" -> GET /users']


def test_no_examples_when_nothing_labelled_is_close(catalog: Catalog) -> None:
    from assistant.planning import examples

    assert examples.example_block(catalog, "zzqx") == ""


def examples_heading() -> str:
    from assistant.planning.examples import HEADING

    return HEADING


def json_text(value: object) -> str:
    import json

    return json.dumps(value)
