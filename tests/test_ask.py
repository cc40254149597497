"""`clerk-assistant ask` without a terminal: flags decide, exit codes tell scripts what happened.

0 done, 1 API error, 2 usage or configuration, 3 declined or blocked.
"""

from __future__ import annotations

import io
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.cli import run
from assistant.environment import Environment
from assistant.transcript import verify


@dataclass
class Ran:
    code: int
    out: str
    err: str


def ask(tmp_path: Path, *argv: str, env: dict[str, str] | None = None) -> Ran:
    out, err = io.StringIO(), io.StringIO()
    environment = Environment(
        stdin=io.StringIO(),
        stdout=out,
        stderr=err,
        env=dict(os.environ) if env is None else env,
        cwd=tmp_path,
    )
    code = run(["ask", "--sandbox", *argv], environment)
    return Ran(code, out.getvalue(), err.getvalue())


def ask_json(tmp_path: Path, *argv: str) -> tuple[int, dict]:
    ran = ask(tmp_path, "--json", *argv)
    return ran.code, json.loads(ran.out)


def a_user_id(tmp_path: Path) -> str:
    code, data = ask_json(tmp_path, "GET /users")
    assert code == 0
    body = data["results"][0]["body"]
    return (body["data"] if isinstance(body, dict) else body)[0]["id"]


def test_reads_run_without_flags(tmp_path: Path) -> None:
    ran = ask(tmp_path, "GET /users")
    assert ran.code == 0, ran.err
    assert "primary email" in ran.out and "transcript:" in ran.err


def test_writes_need_yes(tmp_path: Path) -> None:
    create = 'POST /organizations {"name": "Acme"}'
    declined = ask(tmp_path, "--scopes", "write", create)
    assert declined.code == 3 and "--yes" in declined.err
    assert ask(tmp_path, "--scopes", "write", "--yes", create).code == 0


def test_delete_needs_allow_delete_as_well(tmp_path: Path) -> None:
    delete = f"DELETE /users/{a_user_id(tmp_path)}"
    assert ask(tmp_path, "--scopes", "write,delete", "--yes", delete).code == 3
    done = ask(tmp_path, "--scopes", "write,delete", "--yes", "--allow-delete", delete)
    assert done.code == 0, done.err


def test_missing_scope_is_blocked_even_with_yes(tmp_path: Path) -> None:
    assert ask(tmp_path, "--yes", 'POST /organizations {"name": "Acme"}').code == 3


def test_api_error_exits_1(tmp_path: Path) -> None:
    ran = ask(tmp_path, "GET /users/user_does_not_exist")
    assert ran.code == 1
    assert "404" in ran.out


def test_dry_run_sends_nothing_and_says_so(tmp_path: Path) -> None:
    transcript = tmp_path / "dry.jsonl"
    argv = ("--scopes", "write", "--dry-run", "--transcript", str(transcript))
    ran = ask(tmp_path, *argv, 'POST /organizations {"name": "Acme"}')
    assert ran.code == 0 and "nothing was sent" in ran.out
    kinds = [json.loads(line)["kind"] for line in transcript.read_text().splitlines()]
    assert "proposal" in kinds and "request" not in kinds


def test_json_prints_plan_and_results(tmp_path: Path) -> None:
    code, data = ask_json(tmp_path, "GET /users")
    assert code == 0
    assert data["output"]["kind"] == "plan" and data["output"]["steps"][0]["path"] == "/users"
    assert data["results"][0]["status"] == "ok" and data["status"] == "done"
    assert verify(Path(data["transcript"])).ok


def test_transcript_file_is_written_and_verifies(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    assert ask(tmp_path, "--transcript", str(path), "GET /users").code == 0
    assert verify(path).ok


def test_no_key_and_no_sandbox_is_a_usage_error_with_a_hint(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    environment = Environment(stdout=out, stderr=err, env=dict(os.environ), cwd=tmp_path)
    code = run(["ask", "GET /users"], environment)
    assert code == 2
    assert "dashboard.clerk.com" in err.getvalue() and "--sandbox" in err.getvalue()


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_request_is_not_a_traceback(tmp_path: Path, text: str) -> None:
    ran = ask(tmp_path, text)
    assert ran.code == 2 and "needs a request" in ran.err and "Traceback" not in ran.err


def test_repl_without_key_or_terminal_says_where_to_get_one(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    environment = Environment(
        stdout=out, stderr=err, env=dict(os.environ), cwd=tmp_path, stdin_isatty=True
    )
    assert run([], environment) == 2
    assert "dashboard.clerk.com" in err.getvalue() and "--sandbox" in err.getvalue()


def test_repl_refuses_piped_answers_and_points_to_ask(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    piped = io.StringIO('POST /organizations {"name": "Piped"}\ny\n')
    environment = Environment(
        stdin=piped, stdout=out, stderr=err, env=dict(os.environ), cwd=tmp_path
    )
    assert run(["--sandbox", "--scopes", "write"], environment) == 2
    assert "needs a terminal" in err.getvalue() and "ask" in err.getvalue()
    assert piped.read().startswith("POST")  # not a line of it was consumed


def test_session_start_names_the_host_requests_really_go_to(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    assert ask(tmp_path, "--transcript", str(path), "GET /users").code == 0
    start = json.loads(path.read_text().splitlines()[0])
    assert start["kind"] == "session_start"
    assert start["data"]["api_host"] == "sandbox.local"  # not the default api.clerk.com
    assert start["data"]["spec_version"] == "2026-05-12"
    assert len(start["data"]["spec_sha256"]) == 64
