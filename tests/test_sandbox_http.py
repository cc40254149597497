"""The sandbox over real loopback HTTP: the server, and `clerk-assistant sandbox serve`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from assistant.sandbox import SANDBOX_KEY, RunningServer
from tests.conftest import REPO, SPECS_DIR

AUTH = {"Authorization": f"Bearer {SANDBOX_KEY}"}


def test_server_speaks_http_with_keep_alive(sandbox_server: str) -> None:
    assert sandbox_server.startswith("http://127.0.0.1:") and sandbox_server.endswith("/v1")
    with httpx.Client(base_url=sandbox_server, headers=AUTH) as client:
        made = client.post("/users", json={"email_address": ["http@example.com"]})
        assert made.status_code == 200 and made.headers["X-Clerk-Sandbox"] == "stateful"
        found = client.get("/users", params={"email_address": "http@example.com"})
        assert [u["id"] for u in found.json()] == [made.json()["id"]]
        synthesized = client.get("/instance")
        assert synthesized.headers["X-Clerk-Sandbox"] == "synthesized"
        assert client.delete("/webhooks/svix").status_code == 204
        unauthorized = client.get("/users", headers={"Authorization": ""})
        assert unauthorized.status_code == 401


@pytest.mark.sandbox_options(rate_limit=3)
def test_429_over_http_carries_retry_after(sandbox_running: RunningServer) -> None:
    with httpx.Client(base_url=sandbox_running.url, headers=AUTH) as client:
        statuses = [client.get("/jwks").status_code for _ in range(4)]
        last = client.get("/jwks")
    assert statuses == [200, 200, 200, 429]
    assert last.status_code == 429 and 1 <= int(last.headers["Retry-After"]) <= 10


def _spawn(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "CLERK_ASSISTANT_SPECS_DIR": str(SPECS_DIR), "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "assistant", "sandbox", "serve", *args]
    return subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _read_url(process: subprocess.Popen[str]) -> str:
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("export CLERK_REST_API_URL="):
            return line.strip().split("=", 1)[1]
    raise AssertionError(f"no URL line; stderr: {process.stderr.read() if process.stderr else ''}")


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_sandbox_serve_prints_a_url_answers_and_stops_cleanly(
    tmp_path: Path, stop_signal: signal.Signals
) -> None:
    state = tmp_path / "state.json"
    process = _spawn("--no-rate-limit", "--state", str(state))
    try:
        url = _read_url(process)
        response = httpx.get(f"{url}/users/count", headers=AUTH, timeout=5)
        assert response.json()["total_count"] == 25
        process.send_signal(stop_signal)
        out, err = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0
    assert "Traceback" not in err and err == ""
    assert "sandbox stopped" in out
    assert state.is_file()


def test_sandbox_serve_on_a_busy_port_is_one_line_and_exit_2(
    sandbox_running: RunningServer,
) -> None:
    process = _spawn("--port", str(sandbox_running.port))
    out, err = process.communicate(timeout=20)
    assert process.returncode == 2 and out == ""
    assert err.strip() == (
        f"clerk-assistant: port {sandbox_running.port} is already in use; pick another with --port"
    )
