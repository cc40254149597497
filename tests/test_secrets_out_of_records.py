"""Secrets out of every record (issue 11, attack 4), through the real CLI.

A password typed in a request body or said in prose, and secrets an API returns under
camelCase keys (`clientSecret`, `apiKey`), reach neither the transcript (its `input`
record, the proposal's curl, the response) nor the printed curl.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from assistant.secret_text import carries_secret, redact_pairs, redact_prose
from assistant.transcript import is_secret_key, redact, redact_text
from tests.conftest import REPO, cli_process
from tests.local_server import LocalServer, Reply

PASSWORD = "Harbor!Lights42x"
KEY = "sk_test_secretsoutofrecords01234"


def run(tmp_path: Path, *argv: str, **extra: str):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLERK_SECRET", "ANTHROPIC"))}
    env |= {"PYTHONPATH": str(REPO), **extra}
    transcript = tmp_path / "t.jsonl"
    done = cli_process("--transcript", str(transcript), *argv, env=env)
    return done, transcript.read_text(encoding="utf-8"), json_records(transcript)


def json_records(path: Path) -> dict[str, list[dict]]:
    records: dict[str, list[dict]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        records.setdefault(record["kind"], []).append(record["data"])
    return records


def test_a_password_in_a_body_reaches_neither_input_record_nor_curl(tmp_path: Path) -> None:
    body = json.dumps({"email_address": ["harbor@example.com"], "password": PASSWORD})
    done, text, records = run(
        tmp_path, "--sandbox", "--scopes", "write", "ask", "--yes", f"POST /users {body}"
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert PASSWORD not in text
    assert '"password":"[redacted]"' in records["input"][0]["text"].replace(" ", "")
    [proposal] = records["proposal"]
    assert '"password": "[redacted]"' in proposal["curl"]
    assert 'Authorization: Bearer $CLERK_SECRET_KEY"' in proposal["curl"]  # still pasteable


def test_a_password_said_in_prose_is_not_recorded_or_printed_in_the_curl(tmp_path: Path) -> None:
    request = f"create a user harbor@example.com with password {PASSWORD}"
    argv = ("--sandbox", "--scopes", "write", "ask", "--dry-run", request)
    done, text, records = run(tmp_path, *argv)
    assert done.returncode == 0, done.stdout + done.stderr
    assert PASSWORD not in text
    assert records["input"][0]["text"].endswith("with password [redacted]")
    assert records["plan"][0]["steps"][0]["body"]["password"] == "[redacted]"
    curl = done.stdout[done.stdout.index("curl -X") :]
    assert PASSWORD not in curl[: curl.index("\n\n") if "\n\n" in curl else None]


def test_camel_case_secrets_in_a_response_are_redacted(tmp_path: Path) -> None:
    server = LocalServer().start()
    secrets = {"clientSecret": "cs_live_abcdef123456", "apiKey": "ak_live_abcdef123456"}
    server.route = lambda seen: Reply(200, {"id": "oauthapp_1", **secrets, "name": "App"})
    try:
        done, text, records = run(
            tmp_path,
            "ask",
            "GET /oauth_applications/oauthapp_1",
            CLERK_SECRET_KEY=KEY,
            CLERK_REST_API_URL=f"{server.url}/v1",
        )
    finally:
        server.shutdown()
    assert done.returncode == 0, done.stdout + done.stderr
    for value in (*secrets.values(), KEY):
        assert value not in text
    body = records["response"][0]["body"]
    assert body["clientSecret"] == body["apiKey"] == "[redacted]" and body["name"] == "App"


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ('POST /users {"password": "hunter2!"}', "hunter2!"),
        ("create a user bob@example.com with password hunter2x", "hunter2x"),
        ("set the password to 'Harbor Lights 42' for user_1", "Harbor Lights 42"),
        ("change the password for bob@example.com to Hunter2!", "Hunter2!"),
        ("is 'Harbor!Lights42' the correct password for user_1?", "Harbor!Lights42"),
        ("pwd: s3cret, email: a@b.io", "s3cret"),
        ("apiKey=ak_1234567 and clientSecret: 'xyz12'", "ak_1234567"),
        ("apiKey=ak_1234567 and clientSecret: 'xyz12'", "xyz12"),
        ("curl -d 'password=p%40ss' https://x", "p%40ss"),
    ],
)
def test_secret_values_in_text_are_hidden(text: str, hidden: str) -> None:
    redacted = redact_prose(redact_text(text))
    assert hidden not in redacted and "[redacted]" in redacted
    assert carries_secret(text, is_secret_key)


@pytest.mark.parametrize(
    "text",
    [
        "create a user without a password",
        "reset the password for user_2abc",
        "mark the password of user_1 as compromised",
        "POST /users/user_1/remove_password",
        "list users with token_id tok_1 and session_id=sess_1",
        'curl -H "Authorization: Bearer $CLERK_SECRET_KEY" https://api.clerk.com/v1/users',
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert redact_prose(redact_pairs(text, is_secret_key)) == text
    assert not carries_secret(text, is_secret_key)


def test_camel_case_keys_count_as_secret_keys() -> None:
    for key in ("apiKey", "clientSecret", "accessToken", "privateKey", "api_key", "signingKey"):
        assert is_secret_key(key), key
    for key in ("tokenId", "apiKeyId", "publishableKey", "keyType", "passwordEnabled"):
        assert not is_secret_key(key), key
    assert redact({"outer": {"clientSecret": "x", "clientId": "y"}}) == {
        "outer": {"clientSecret": "[redacted]", "clientId": "y"}
    }
