"""Rendered curl and SDK code, the transcripts command, and the key never leaking anywhere."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import shlex
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.cli import run
from assistant.environment import Environment
from assistant.errors import ConfigError
from assistant.executor import Executor
from assistant.models import Call
from assistant.render import curl, sdk_python, snake_case
from assistant.settings import Settings
from assistant.spec import Catalog
from assistant.transcript import Transcript
from tests.local_server import LocalServer

KEY = "sk_test_LEAKCANARY0123456789abcdef"


@pytest.fixture
def server() -> Iterator[LocalServer]:
    srv = LocalServer().start()
    yield srv
    srv.shutdown()


def executor_for(url: str, **options: object) -> Executor:
    return Executor(url + "/v1", KEY, sleep=lambda s: None, max_retries=1, **options)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- curl


def test_curl_is_rendered_from_the_sent_request_and_runs_in_a_shell(server: LocalServer) -> None:
    executor = executor_for(server.url)
    call = Call(
        "POST",
        "/organizations/{organization_id}/invitations",
        {"organization_id": "org_1"},
        {"notify": True},
        {"email_address": "o'neil@acme.io", "role": "org:admin"},
    )
    request = executor.prepare(call, {})
    text = curl(request)
    assert KEY not in text
    assert '-H "Authorization: Bearer $CLERK_SECRET_KEY"' in text
    argv = shlex.split(text.replace("\\\n", " "))
    assert argv[:4] == ["curl", "-X", "POST", str(request.url)]
    data = json.loads(argv[argv.index("--data-raw") + 1])
    assert data == json.loads(request.content) == call.body
    assert executor.send(request, 1).status == "ok"
    assert server.seen[0].json() == data  # what was shown is what was sent


def test_curl_without_body_has_no_data() -> None:
    executor = Executor("https://api.clerk.com/v1", KEY)
    text = curl(executor.prepare(Call("GET", "/users", query={"limit": 5}), {}))
    assert "--data-raw" not in text and "https://api.clerk.com/v1/users?limit=5" in text


# --------------------------------------------------------------------------- SDK


@pytest.mark.parametrize(
    ("method", "path", "call", "expected"),
    [
        (
            "GET",
            "/users",
            Call("GET", "/users", query={"limit": 5}),
            "clerk.users.list(request={'limit': 5})",
        ),
        (
            "GET",
            "/users/{user_id}",
            Call("GET", "/users/{user_id}", {"user_id": "user_1"}),
            "clerk.users.get(user_id='user_1')",
        ),
        (
            "PATCH",
            "/users/{user_id}/metadata",
            Call("PATCH", "/x", {"user_id": "u"}, body={"public_metadata": {"a": True}}),
            "clerk.users.update_metadata(user_id='u', public_metadata={'a': True})",
        ),
        (
            "POST",
            "/organizations/{organization_id}/invitations",
            Call("POST", "/x", {"organization_id": "o"}, body={"email_address": "a", "role": "r"}),
            "clerk.organization_invitations.create("
            "organization_id='o', email_address='a', role='r')",
        ),
        (
            "POST",
            "/invitations",
            Call("POST", "/invitations", body={"email_address": "a"}),
            "clerk.invitations.create(request={'email_address': 'a'})",
        ),
    ],
)
def test_sdk_python_matches_the_installed_sdk(
    catalog: Catalog, method, path, call, expected
) -> None:
    text = sdk_python(call, catalog.get(method, path))
    assert expected in text and KEY not in text
    assert 'Clerk(bearer_auth=os.environ["CLERK_SECRET_KEY"])' in text
    compile(text, "<sdk>", "exec")  # it is valid Python


def test_sdk_python_says_so_when_there_is_no_sdk_method(catalog: Catalog) -> None:
    endpoint = catalog.get("GET", "/api_keys")
    assert endpoint is not None and endpoint.sdk_group is None
    assert "no method in the clerk-backend-api SDK" in sdk_python(
        Call("GET", "/api_keys"), endpoint
    )


def test_snake_case() -> None:
    assert snake_case("organizationInvitations") == "organization_invitations"
    assert snake_case("getOAuthAccessToken") == "get_o_auth_access_token"
    assert snake_case("apiKeyID") == "api_key_id"


# --------------------------------------------------------------------------- no leaks


def test_the_key_appears_in_no_transcript_curl_or_error(
    server: LocalServer, tmp_path: Path
) -> None:
    """Every path that produces text, with a server that echoes the key back."""
    echo = f"your key is {KEY}"
    server.reply(401, {"errors": [{"message": echo, "long_message": echo, "code": "x"}]})
    server.reply(500, f"<html>{KEY}</html>".encode(), headers={"Content-Type": "text/html"})
    server.reply(200, {"token": KEY, "id": "user_1", "note": echo})
    server.reply(200, b"x", delay=0.5)
    executor = executor_for(server.url, timeout=0.2)
    settings = Settings(secret_key=KEY, transcripts_dir=str(tmp_path))
    texts: list[str] = []
    with Transcript.create(tmp_path / "leak.jsonl", settings, {"note": echo}) as transcript:
        transcript.record("input", {"text": f"use {KEY} please"})
        for method in ("GET", "POST", "GET", "POST"):
            request = executor.prepare(Call(method, "/users", body={"k": KEY}), {})
            texts.append(curl(request))
            transcript.record_request(1, request)
            result = executor.send(request, 1)
            texts.append(str(result))
            kind = "response" if result.status == "ok" else "error"
            transcript.record(kind, dataclasses.asdict(result))
    texts += [str(_error_of(lambda: Executor("http://example.com/v1", KEY)))]
    texts += [_refused_result()]
    texts.append((tmp_path / "leak.jsonl").read_text())
    for text in texts:
        assert KEY not in text
    assert "[redacted]" in texts[-1]


def _error_of(action) -> Exception:
    try:
        action()
    except Exception as exc:
        return exc
    raise AssertionError("expected an error")


def _refused_result() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    executor = executor_for(f"http://127.0.0.1:{port}")
    return str(executor.send(executor.prepare(Call("GET", "/users"), {}), 1))


def test_plain_http_url_from_the_environment_is_refused_without_the_key(tmp_path: Path) -> None:
    bad = {"CLERK_REST_API_URL": "http://example.com/v1", "CLERK_SECRET_KEY": KEY}
    with pytest.raises(ConfigError) as caught:
        Executor.from_settings(_settings(_env(tmp_path, bad)))
    assert KEY not in str(caught.value) and "example.com" in str(caught.value)


# --------------------------------------------------------------------------- CLI


def _env(tmp_path: Path, extra: dict[str, str] | None = None) -> Environment:
    variables = {
        "CLERK_ASSISTANT_TRANSCRIPTS_DIR": str(tmp_path / "transcripts"),
        "CLERK_ASSISTANT_CONFIG": str(tmp_path / "none.env"),
        **(extra or {}),
    }
    return Environment(
        stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(), env=variables, cwd=tmp_path
    )


def _settings(env: Environment) -> Settings:
    from assistant.settings import load_settings

    return load_settings(env=env.env, cwd=env.cwd)


def _cli(tmp_path: Path, *argv: str) -> tuple[int, str, str]:
    env = _env(tmp_path)
    code = run(list(argv), env)
    return code, env.stdout.getvalue(), env.stderr.getvalue()  # type: ignore[attr-defined]


def _session(tmp_path: Path) -> Path:
    settings = Settings(secret_key=KEY, transcripts_dir=str(tmp_path / "transcripts"))
    with Transcript.create(None, settings, {"spec_version": "2026-05-12"}) as transcript:
        transcript.record("input", {"text": "list users"})
        transcript.record("decision", {"step": 1, "answer": "yes", "by": "person"})
        transcript.record("response", {"step": 1, "status": 200, "duration_ms": 5, "body": []})
    return transcript.path


def test_transcripts_list_show_verify_export(tmp_path: Path) -> None:
    path = _session(tmp_path)
    code, out, _ = _cli(tmp_path, "transcripts", "list")
    assert code == 0 and path.name in out and "5 records  closed" in out
    code, out, _ = _cli(tmp_path, "transcripts", "verify", path.stem)  # a name, no suffix
    assert code == 0 and "OK, 5 records, closed" in out
    code, out, _ = _cli(tmp_path, "transcripts", "show", path.name)
    assert code == 0 and "'list users'" in out and "step 1: yes (by person)" in out
    code, out, _ = _cli(tmp_path, "transcripts", "export", str(path), "--format", "json")
    assert code == 0 and json.loads(out)[0]["kind"] == "session_start"
    code, out, _ = _cli(tmp_path, "transcripts", "export", str(path), "--format", "md")
    assert code == 0 and out.startswith("# Transcript") and "## 2. input" in out
    assert KEY not in out


def test_transcripts_verify_exits_1_naming_the_bad_record(tmp_path: Path) -> None:
    path = _session(tmp_path)
    path.write_text(path.read_text().replace("list users", "drop users"))
    code, out, _ = _cli(tmp_path, "transcripts", "verify", str(path))
    assert code == 1 and "TAMPERED at record 2" in out
    code, out, _ = _cli(tmp_path, "transcripts", "list")
    assert code == 0 and f"{path.name}  " in out and "TAMPERED at record 2" in out


def test_transcripts_bad_file_is_one_line_exit_2(tmp_path: Path) -> None:
    code, _, err = _cli(tmp_path, "transcripts", "verify", "nope")
    assert code == 2 and err.startswith("clerk-assistant: no transcript 'nope'")
    assert err.count("\n") == 1
    code, _, err = _cli(tmp_path, "transcripts", "show")
    assert code == 2 and "give a transcript FILE" in err
    code, out, _ = _cli(tmp_path, "transcripts", "list")
    assert code == 0 and "no transcripts in" in out


@pytest.mark.parametrize("action", ["show", "export"])
def test_transcripts_show_of_a_file_that_is_no_transcript_says_so(
    tmp_path: Path, action: str
) -> None:
    (tmp_path / "notes.jsonl").write_text("not json\n")
    code, out, err = _cli(tmp_path, "transcripts", action, str(tmp_path / "notes.jsonl"))
    assert code == 2 and not out and err.count("\n") == 1
    assert "has no transcript records" in err


@pytest.mark.skipif(shutil.which("curl") is None, reason="needs the curl program")
def test_the_rendered_curl_sends_what_the_executor_sends(server: LocalServer) -> None:
    executor = executor_for(server.url)
    call = Call(
        "PATCH",
        "/users/{user_id}/metadata",
        {"user_id": "user_1"},
        {"dry": True},
        {"public_metadata": {"note": 'it\'s "quoted" & $HOME, Zoë'}},
    )
    request = executor.prepare(call, {})
    assert executor.send(request, 1).status == "ok"
    shell_env = {"PATH": os.environ["PATH"], "CLERK_SECRET_KEY": KEY}
    subprocess.run(
        ["bash", "-c", curl(request) + " --silent --output /dev/null"],
        env=shell_env,
        check=True,
        timeout=20,
    )
    sent, pasted = server.seen
    assert (pasted.method, pasted.path, pasted.query) == (sent.method, sent.path, sent.query)
    assert pasted.json() == sent.json() == call.body
    for header in ("authorization", "content-type", "accept"):
        assert pasted.headers[header] == sent.headers[header]
