"""`clerk-assistant plan`: plan JSON with verdicts, scopes from env and flags, sends nothing."""

from __future__ import annotations

import io
import json
import os
import socket
from pathlib import Path

import pytest

from assistant.cli import run
from assistant.environment import Environment
from tests.conftest import python_process


def run_cli(argv: list[str], tmp_path: Path, stdin: str = "", **env: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    environment = Environment(
        stdin=io.StringIO(stdin),
        stdout=out,
        stderr=err,
        env={**os.environ, **env},
        cwd=tmp_path,  # no stray .env files from the developer's tree
    )
    code = run(argv, environment)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """`plan` sends nothing: any connection attempt fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("plan tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_plan_json_for_a_delete_is_blocked_read_only(tmp_path: Path) -> None:
    code, out, err = run_cli(["plan", "--json", "DELETE /users/user_123"], tmp_path)
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["kind"] == "plan" and data["sent"] is False
    (step,) = data["steps"]
    assert step["method"] == "DELETE" and step["path"] == "/users/{user_id}"
    assert step["path_params"] == {"user_id": "user_123"}
    verdict = step["verdict"]
    assert verdict["allowed"] is False
    assert verdict["missing_scopes"] == ["write", "delete"]
    assert verdict["risk"] == "destructive" and verdict["confirm"] == "typed"
    assert verdict["typed_token"] == "user_123"
    assert "organization memberships" in verdict["effects"][0]
    assert set(verdict) >= {
        "allowed",
        "risk",
        "confirm",
        "required_scopes",
        "missing_scopes",
        "problems",
        "effects",
        "warnings",
    }


def test_scopes_from_env_and_flag_and_admin(tmp_path: Path) -> None:
    argv = ["plan", "--json", "DELETE /users/user_123"]
    _, out, _ = run_cli(argv, tmp_path, CLERK_BAPI_SCOPES="write")
    assert json.loads(out)["steps"][0]["verdict"]["missing_scopes"] == ["delete"]
    _, out, _ = run_cli([*argv, "--scopes", "write,delete"], tmp_path, CLERK_BAPI_SCOPES="write")
    assert json.loads(out)["steps"][0]["verdict"]["allowed"] is True
    _, out, _ = run_cli([*argv, "--admin"], tmp_path)
    data = json.loads(out)
    assert data["policy"]["admin"] is True
    assert data["steps"][0]["verdict"]["allowed"] is True
    assert data["steps"][0]["verdict"]["admin_bypass"] is True


def test_scopes_come_from_the_config_file_never_from_a_dotenv(tmp_path: Path) -> None:
    # A .env is an application's secrets file: it may hold the key, never grant scopes.
    (tmp_path / ".env").write_text("CLERK_BAPI_SCOPES=users:write,users:delete\n")
    _, out, _ = run_cli(["plan", "--json", "DELETE /users/user_123"], tmp_path)
    assert json.loads(out)["steps"][0]["verdict"]["allowed"] is False
    config = tmp_path / "config.env"
    config.write_text("CLERK_BAPI_SCOPES=users:write,users:delete\n")
    argv = ["plan", "--json", "DELETE /users/user_123"]
    _, out, _ = run_cli(argv, tmp_path, CLERK_ASSISTANT_CONFIG=str(config))
    assert json.loads(out)["steps"][0]["verdict"]["allowed"] is True


def test_production_key_adds_a_warning(tmp_path: Path) -> None:
    _, out, _ = run_cli(
        ["plan", "--json", 'POST /organizations {"name": "Acme"}', "--scopes", "write"],
        tmp_path,
        CLERK_SECRET_KEY="sk_live_" + "x" * 20,
    )
    data = json.loads(out)
    assert data["policy"]["production"] is True
    assert any("production" in w for w in data["steps"][0]["verdict"]["warnings"])
    assert "x" * 20 not in out  # the key itself is never printed


def test_human_output_is_plain_text(tmp_path: Path) -> None:
    code, out, _ = run_cli(["plan", "DELETE /users/user_123", "--scopes", "write"], tmp_path)
    assert code == 0
    assert out.startswith("1. DELETE /users/{user_id}  [destructive, BLOCKED]")
    assert "effect: Destroys the user record" in out
    assert "missing scope delete" in out
    assert "type 'user_123' to run it" in out
    assert "Nothing was sent" in out
    assert "\x1b[" not in out  # no terminal styling


def test_blocked_unknown_endpoint_still_exits_zero(tmp_path: Path) -> None:
    code, out, _ = run_cli(["plan", "--json", "GET /userz"], tmp_path)
    verdict = json.loads(out)["steps"][0]["verdict"]
    assert code == 0 and verdict["allowed"] is False
    assert "closest" in verdict["problems"][0]


def test_stdin_gives_one_json_line_per_request(tmp_path: Path) -> None:
    stdin = "GET /users?limit=2\n\nDELETE /users/user_1\nPOST /organizations {bad\n"
    code, out, _ = run_cli(["plan", "--json", "-"], tmp_path, stdin=stdin)
    lines = [json.loads(line) for line in out.splitlines()]
    assert [d["kind"] for d in lines] == ["plan", "plan", "error"]
    assert lines[0]["steps"][0]["query"] == {"limit": 2}
    assert "not valid JSON" in lines[2]["error"]
    assert code == 2


def test_malformed_request_is_one_line_and_exit_2(tmp_path: Path) -> None:
    code, out, err = run_cli(["plan", 'POST /organizations {"name":'], tmp_path)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "not valid JSON" in err and "Traceback" not in err


def test_natural_language_goes_to_the_local_planner(tmp_path: Path) -> None:
    code, out, _ = run_cli(["plan", "--json", "ban user_2abcdefg"], tmp_path)
    data = json.loads(out)
    assert code == 0 and data["planner"] == "local" and data["sent"] is False
    assert data["steps"][0]["path"] == "/users/{user_id}/ban"
    assert data["steps"][0]["verdict"]["missing_scopes"] == ["write"]


def test_human_output_says_which_planner_answered(tmp_path: Path) -> None:
    code, out, _ = run_cli(["plan", "delete the user"], tmp_path)
    assert code == 0 and out.startswith("Planner: local\nQuestion: ")


def test_stdin_plain_english_is_json_lines_without_the_flag(tmp_path: Path) -> None:
    stdin = "how many users are banned?\nwhat are the rate limits?\n"
    code, out, _ = run_cli(["plan", "-"], tmp_path, stdin=stdin)
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [d["kind"] for d in lines] == ["plan", "answer"]
    assert lines[0]["steps"][0]["path"] == "/users/count"


def test_claude_planner_without_a_key_is_a_config_error(tmp_path: Path) -> None:
    code, out, err = run_cli(["plan", "--planner", "claude", "list users"], tmp_path)
    assert code == 2 and out == "" and "ANTHROPIC_API_KEY" in err and "Traceback" not in err


def test_real_process_prints_the_plan_and_imports_no_http_client(tmp_path: Path) -> None:
    probe = (
        "import sys, runpy; sys.argv = ['clerk-assistant', 'plan', '--json', "
        "'GET /users?limit=1'];\n"
        "try:\n    runpy.run_module('assistant', run_name='__main__')\n"
        "except SystemExit as exc:\n    code = exc.code\n"
        "print('HTTPX' if 'httpx' in sys.modules else 'NO-HTTPX', code, file=sys.stderr)"
    )
    done = python_process("-c", probe, cwd=tmp_path)
    assert json.loads(done.stdout)["steps"][0]["verdict"]["allowed"] is True
    assert done.stderr.strip().endswith("NO-HTTPX 0")
