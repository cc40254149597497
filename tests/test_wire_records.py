"""What the transcript keeps of the wire (issue 11, attack 8, the parts about records).

`clerk-assistant ask` as a real process against a scripted server on 127.0.0.1: every
wire attempt is a record, a verdict's typed token is kept, a lone surrogate in a response
is recorded escaped, and a transcript that cannot be written stops everything up front.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.executor import Executor
from assistant.models import Call
from tests.conftest import cli_process
from tests.local_server import LocalServer

KEY = "sk_test_recordsKEY1234567890"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def server() -> Iterator[LocalServer]:
    srv = LocalServer().start()
    yield srv
    srv.shutdown()


def ask(server: LocalServer, tmp_path: Path, *argv: str, transcript: str | None = None) -> Any:
    env = os.environ | {
        "CLERK_SECRET_KEY": KEY,
        "CLERK_REST_API_URL": server.url + "/v1",
        "CLERK_ASSISTANT_DATA_DIR": str(tmp_path / "data"),
        "PYTHONPATH": str(REPO),
    }
    where = transcript or str(tmp_path / "t.jsonl")
    return cli_process("ask", "--planner", "local", "--transcript", where, *argv, env=env)


def records(tmp_path: Path, kind: str) -> list[dict[str, Any]]:
    lines = (tmp_path / "t.jsonl").read_text(encoding="utf-8").splitlines()
    return [r["data"] for r in map(json.loads, lines) if r["kind"] == kind]


def verify(tmp_path: Path) -> Any:
    env = os.environ | {"CLERK_ASSISTANT_DATA_DIR": str(tmp_path / "data")}
    return cli_process("transcripts", "verify", str(tmp_path / "t.jsonl"), env=env)


def test_every_wire_attempt_is_its_own_record(server: LocalServer, tmp_path: Path) -> None:
    for _ in range(3):
        server.reply(429, {"errors": [{"message": "slow down"}]}, headers={"Retry-After": "0"})
    done = ask(server, tmp_path, "GET /users")
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(server.seen) == 4
    sent = records(tmp_path, "request")
    assert len(sent) == 4  # main: one request record for four wire requests
    assert [r.get("attempt", 1) for r in sent] == [1, 2, 3, 4]
    assert all(r["after"].startswith("HTTP 429, waited 0 s") for r in sent[1:])
    assert all(r["url"].endswith("/v1/users") for r in sent)
    assert len(records(tmp_path, "response")) == 1
    assert verify(tmp_path).returncode == 0


def test_retries_of_a_page_are_reported_too(server: LocalServer) -> None:
    server.reply(429, None, headers={"Retry-After": "0"})
    server.reply(200, [{"id": "user_1"}])
    seen: list[tuple[int, str]] = []
    executor = Executor(server.url + "/v1", KEY, sleep=lambda _s: None)
    items = executor.paginate(
        Call("GET", "/users"), on_retry=lambda _r, n, after: seen.append((n, after))
    )
    assert items == [{"id": "user_1"}] and seen == [(2, "HTTP 429, waited 0 s")]


def test_a_verdicts_typed_token_is_recorded(server: LocalServer, tmp_path: Path) -> None:
    argv = ("--yes", "--allow-delete", "--scopes", "write,delete", "DELETE /users/user_1")
    done = ask(server, tmp_path, *argv)
    assert done.returncode == 0, done.stdout + done.stderr
    verdicts = records(tmp_path, "verdict")[0]["verdicts"]
    assert verdicts[0]["typed_token"] == "user_1"  # main: "[redacted]"


def test_a_lone_surrogate_in_a_response_is_recorded_escaped(
    server: LocalServer, tmp_path: Path
) -> None:
    body = b'{"object": "organization", "id": "org_1", "name": "Acme \\ud800 Co"}'
    server.reply(200, body)
    create = 'POST /organizations {"name": "Acme"}'
    done = ask(server, tmp_path, "--yes", "--scopes", "write", create)
    assert done.returncode == 0, done.stdout + done.stderr  # main: internal error, exit 1
    assert "internal error" not in done.stderr
    assert len(server.seen) == 1
    response = records(tmp_path, "response")[0]
    assert response["body"]["name"] == "Acme \\ud800 Co"  # the text \ud800, not the code point
    assert verify(tmp_path).returncode == 0


@pytest.mark.parametrize("target", ["/dev/full", "/dev/null"])
def test_an_unwritable_transcript_stops_before_anything_is_sent(
    server: LocalServer, tmp_path: Path, target: str
) -> None:
    done = ask(server, tmp_path, "--yes", "GET /users", transcript=target)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.startswith(f"clerk-assistant: cannot write the transcript {target}")
    assert done.stderr.count("\n") == 1 and "internal error" not in done.stderr
    assert server.seen == []


def test_a_record_that_cannot_be_written_stops_the_send(tmp_path: Path) -> None:
    """A write error mid-session (a full disk) is a clear error, and the request whose
    record could not be written is not sent."""
    from assistant.errors import ConfigError
    from assistant.settings import Settings
    from assistant.transcript import Transcript

    settings = Settings(secret_key=KEY, data_dir=str(tmp_path / "data"))
    transcript = Transcript.create(tmp_path / "t.jsonl", settings)
    assert transcript._fd is not None
    os.close(transcript._fd)
    transcript._fd = os.open("/dev/full", os.O_WRONLY)  # the disk fills up
    request = httpx.Request("GET", "https://api.clerk.com/v1/users")
    with pytest.raises(ConfigError, match=r"cannot write the transcript .*No space left"):
        transcript.record_request(1, request)
    transcript._release()


def test_show_names_each_attempt(server: LocalServer, tmp_path: Path) -> None:
    server.reply(429, None, headers={"Retry-After": "0"})
    assert ask(server, tmp_path, "GET /users").returncode == 0
    env = os.environ | {"CLERK_ASSISTANT_DATA_DIR": str(tmp_path / "data")}
    shown = cli_process("transcripts", "show", str(tmp_path / "t.jsonl"), env=env)
    assert "(attempt 2, after HTTP 429, waited 0 s)" in shown.stdout, shown.stdout
