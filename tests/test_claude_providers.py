"""Where Claude runs: the Claude API, a bearer-token gateway, Amazon Bedrock, Google Vertex.

Offline, the stand-in checks what can be checked: the bearer header a gateway gets, the
Bedrock client's own request (path /model/{id}/invoke, bearer API key) answered in real
shapes, and the clear error when a cloud provider's SDK extra is not installed.
"""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.errors import ConfigError
from assistant.models import Clarification
from assistant.planning.claude import ClaudePlanner
from assistant.planning.entry import make_planner
from assistant.settings import Settings, load_settings
from assistant.spec import Catalog
from tests.fake_anthropic import FakeAnthropic, tool_use
from tests.test_claude_planner import CLERK_KEY, context

GATEWAY_TOKEN = "gw-token-for-tests-0123456789"


@pytest.fixture
def fake() -> Iterator[FakeAnthropic]:
    with FakeAnthropic() as server:
        yield server


def settings(**changes: object) -> Settings:
    return Settings(secret_key=CLERK_KEY, planner="claude").with_overrides(**changes)


def test_provider_and_gateway_token_come_from_the_environment(tmp_path: Path) -> None:
    env = {"CLERK_ASSISTANT_LLM_PROVIDER": "bedrock", "ANTHROPIC_AUTH_TOKEN": GATEWAY_TOKEN}
    loaded = load_settings(env=env, cwd=tmp_path)
    assert (loaded.llm_provider, loaded.anthropic_auth_token) == ("bedrock", GATEWAY_TOKEN)
    assert loaded.planner_name == "claude"  # no ANTHROPIC_API_KEY needed for a cloud provider


def test_an_unknown_provider_is_one_clear_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="must be one of anthropic, bedrock, vertex, got 'azure'"):
        load_settings(env={"CLERK_ASSISTANT_LLM_PROVIDER": "azure"}, cwd=tmp_path)


def test_a_gateway_gets_the_bearer_token_and_no_key(fake: FakeAnthropic, catalog: Catalog) -> None:
    gateway = settings(anthropic_auth_token=GATEWAY_TOKEN, anthropic_base_url=fake.url)
    planner = make_planner(gateway)  # no ANTHROPIC_API_KEY: the token alone enables Claude
    fake.reply(tool_use("ask_user", {"question": "Which user?"}))
    output = planner.plan("ban him", context(catalog))

    assert output == Clarification("Which user?", planner="claude")
    headers = fake.requests[0]["headers"]
    assert headers["authorization"] == f"Bearer {GATEWAY_TOKEN}"
    assert "x-api-key" not in headers
    assert GATEWAY_TOKEN not in json.dumps(fake.requests[0]["body"])


def test_bedrock_through_the_sdk_client(
    fake: FakeAnthropic, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_BEARER_TOKEN_BEDROCK", "bedrock-api-key-for-tests")
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    bedrock = settings(
        llm_provider="bedrock", model="us.anthropic.claude-sonnet-5-5", anthropic_base_url=fake.url
    )
    fake.reply(tool_use("ask_user", {"question": "Which org?"}))
    output = ClaudePlanner(bedrock, max_retries=0, timeout=5).plan("invite bob", context(catalog))

    assert output == Clarification("Which org?", planner="claude")
    sent = fake.requests[0]
    assert sent["path"] == "/model/us.anthropic.claude-sonnet-5-5/invoke"
    assert sent["headers"]["authorization"] == "Bearer bedrock-api-key-for-tests"
    assert sent["body"]["anthropic_version"] and "model" not in sent["body"]  # Bedrock's shape
    assert sent["body"]["thinking"] == {"type": "adaptive"} and fake.rejections == []


@pytest.mark.parametrize(
    ("provider", "module", "extra"),
    [("bedrock", "boto3", "anthropic[bedrock]"), ("vertex", "google.auth", "anthropic[vertex]")],
)
def test_a_missing_extra_is_one_line_that_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, provider: str, module: str, extra: str
) -> None:
    monkeypatch.delenv("AWS_BEARER_TOKEN_BEDROCK", raising=False)
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    monkeypatch.setenv("CLOUD_ML_REGION", "us-east5")
    monkeypatch.setitem(sys.modules, module, None)  # not importable, whatever is installed
    with pytest.raises(ConfigError) as caught:
        ClaudePlanner(settings(llm_provider=provider))
    message = str(caught.value)
    assert f"CLERK_ASSISTANT_LLM_PROVIDER={provider} needs {module}" in message
    assert f"pip install '{extra}'" in message and "\n" not in message


def test_vertex_without_a_region_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLOUD_ML_REGION", raising=False)
    with pytest.raises(ConfigError, match="the vertex provider cannot start: No region was given"):
        ClaudePlanner(settings(llm_provider="vertex"))


def test_the_cli_reports_a_missing_extra_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.cli import run
    from assistant.environment import Environment

    monkeypatch.setenv("CLOUD_ML_REGION", "us-east5")  # the SDK reads its own variables
    monkeypatch.setitem(sys.modules, "google.auth", None)
    env = {**os.environ, "CLERK_ASSISTANT_LLM_PROVIDER": "vertex", "CLERK_SECRET_KEY": CLERK_KEY}
    out, err = io.StringIO(), io.StringIO()
    code = run(["plan", "list users"], Environment(stdout=out, stderr=err, env=env, cwd=tmp_path))
    assert code != 0 and "Traceback" not in err.getvalue()
    assert "pip install 'anthropic[vertex]'" in err.getvalue()


def test_the_gateway_token_is_redacted_from_transcripts(tmp_path: Path) -> None:
    from assistant.transcript import Transcript

    path = tmp_path / "t.jsonl"
    transcript = Transcript.create(path, settings(anthropic_auth_token=GATEWAY_TOKEN))
    transcript.record("input", {"text": f"my gateway token is {GATEWAY_TOKEN}"})
    transcript.close()
    assert GATEWAY_TOKEN not in path.read_text(encoding="utf-8")
    assert "my gateway token is" in path.read_text(encoding="utf-8")
