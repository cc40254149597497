"""Bad input, run as a real process: one line on stderr, a documented exit code, no traceback.

Each case is something a person gets wrong (a typo in an env var, a transcript path that is
a folder) or a server that misbehaves (nothing listening, HTML where JSON belongs). The
secret key must not appear in anything the process prints.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO, cli_process
from tests.local_server import LocalServer, Reply

KEY = "sk_test_errorpathsecret0123456789"


@pytest.fixture(scope="module")
def html_server() -> Iterator[str]:
    """Answers every request 200 with an HTML page, like a proxy's login screen."""
    server = LocalServer()
    server.route = lambda seen: Reply(200, b"<html>sign in</html>", {"Content-Type": "text/html"})
    server.start()
    yield server.url
    server.shutdown()


def run_with(tmp_path: Path, *argv: str, **env: str):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CLERK_SECRET", "ANTHROPIC"))}
    child = clean | {
        "PYTHONPATH": str(REPO),
        "CLERK_ASSISTANT_DATA_DIR": str(tmp_path / "data"),
        "CLERK_SECRET_KEY": KEY,
    }
    return cli_process(*argv, env=child | env)


def assert_one_line(done, code: int, says: str) -> None:
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("clerk-assistant: "), done.stderr
    assert says in lines[0]
    assert KEY not in done.stdout + done.stderr


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"CLERK_ASSISTANT_TIMEOUT": "soon"}, "CLERK_ASSISTANT_TIMEOUT must be a number"),
        ({"CLERK_ASSISTANT_TIMEOUT": "0"}, "CLERK_ASSISTANT_TIMEOUT must be more than 0"),
        ({"CLERK_ASSISTANT_PLANNER": "gpt"}, "CLERK_ASSISTANT_PLANNER must be one of"),
        ({"CLERK_ASSISTANT_RATE_LIMIT": "lots"}, "CLERK_ASSISTANT_RATE_LIMIT must be a whole"),
        ({"CLERK_REST_API_URL": "https://[::1"}, "CLERK_REST_API_URL must be an http(s) URL"),
        ({"CLERK_REST_API_URL": "api.clerk.com/v1"}, "CLERK_REST_API_URL must be an http(s)"),
    ],
)
def test_a_bad_setting_is_named_in_one_line(tmp_path: Path, env: dict[str, str], says: str):
    assert_one_line(run_with(tmp_path, "ask", "GET /users", **env), 2, says)


def test_a_transcript_path_that_is_a_folder(tmp_path: Path) -> None:
    done = run_with(tmp_path, "--transcript", str(tmp_path), "ask", "--dry-run", "GET /users")
    assert_one_line(done, 2, f"cannot write the transcript {tmp_path}")


def test_nothing_listening_at_the_api_url(tmp_path: Path) -> None:
    # A POST, which is never retried, keeps the test from waiting out a GET's backoff.
    request = 'POST /organizations {"name": "Nobody Home"}'
    url = "https://127.0.0.1:9/v1"
    done = run_with(tmp_path, "--scopes", "write", "ask", "--yes", request, CLERK_REST_API_URL=url)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "cannot connect to 127.0.0.1:9" in done.stdout
    assert KEY not in done.stdout + done.stderr


def test_html_from_the_anthropic_url_is_one_line(tmp_path: Path, html_server: str) -> None:
    done = run_with(
        tmp_path,
        "plan",
        "invite bob@acme.io to Acme as an admin",
        ANTHROPIC_API_KEY="sk-ant-errorpath",
        ANTHROPIC_BASE_URL=html_server,
    )
    assert_one_line(done, 1, "")
    assert "sk-ant-errorpath" not in done.stderr
