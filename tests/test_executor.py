"""The executor against a real HTTP server on 127.0.0.1 (tests/local_server.py)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import datetime, timezone
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.errors import ApiError, ConfigError
from assistant.executor import (
    LIVE_KEY_LIMIT,
    TEST_KEY_LIMIT,
    ClerkApiError,
    Executor,
    RateLimiter,
    TransportError,
    UnresolvedReference,
    default_rate_limit,
    retry_after_seconds,
)
from assistant.models import Call
from assistant.settings import Settings
from assistant.spec import Catalog
from tests.local_server import LocalServer, Reply, Seen

KEY = "sk_test_executorKEY1234567890"


class FakeTime:
    """monotonic/time/sleep that only move when slept; records every sleep."""

    def __init__(self) -> None:
        self.now = 1_000.0
        self.epoch = 1_800_000_000.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def time(self) -> float:
        return self.epoch + self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def server() -> Iterator[LocalServer]:
    srv = LocalServer().start()
    yield srv
    srv.shutdown()


@pytest.fixture
def clock() -> FakeTime:
    return FakeTime()


def make(url: str, clock: FakeTime, **options: Any) -> Executor:
    options.setdefault("max_retries", 3)
    return Executor(
        url + "/v1",
        KEY,
        sleep=clock.sleep,
        clock=clock.monotonic,
        wall_clock=clock.time,
        jitter=lambda: 0.0,
        **options,
    )


def send(executor: Executor, call: Call) -> Any:
    return executor.send(executor.prepare(call, {}), step=1)


# --------------------------------------------------------------------------- retries


def test_429_with_retry_after_seconds_is_retried_and_succeeds(
    server: LocalServer, clock: FakeTime
) -> None:
    server.reply(429, {"errors": [{"message": "slow down"}]}, headers={"Retry-After": "2"})
    server.reply(200, {"id": "user_1"})
    executor = make(server.url, clock)
    result = send(executor, Call("POST", "/users", body={"first_name": "A"}))
    assert result.status == "ok" and result.body == {"id": "user_1"}
    assert len(server.seen) == 2  # 429 is retried even for POST: Clerk did not process it
    assert clock.sleeps == [2.0]
    assert executor.retries == 1


def test_429_retry_after_as_http_date_is_honoured(server: LocalServer, clock: FakeTime) -> None:
    when = datetime.fromtimestamp(clock.time() + 7, tz=timezone.utc)
    server.reply(429, None, headers={"Retry-After": format_datetime(when, usegmt=True)})
    server.reply(200, [])
    assert send(make(server.url, clock), Call("GET", "/users")).status == "ok"
    assert clock.sleeps == [pytest.approx(7, abs=1)]


def test_retry_after_parsing() -> None:
    assert retry_after_seconds("3", 0) == 3
    assert retry_after_seconds("1.5", 0) == 1.5
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:10 GMT", 1445412480.0) == 10
    assert retry_after_seconds("garbage", 0) is None
    assert retry_after_seconds(None, 0) is None


def test_too_long_retry_after_is_reported_not_waited(server: LocalServer, clock: FakeTime) -> None:
    server.reply(429, None, headers={"Retry-After": "3600"})
    result = send(make(server.url, clock), Call("GET", "/users"))
    assert result.status == "error" and "3600 s" in result.error
    assert clock.sleeps == []


@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_5xx_on_non_idempotent_method_is_not_retried(
    server: LocalServer, clock: FakeTime, method: str
) -> None:
    server.reply(500, {"errors": [{"message": "boom", "code": "internal"}]})
    server.reply(200, {"id": "would-be-duplicate"})
    result = send(make(server.url, clock), Call(method, "/organizations", body={"name": "A"}))
    assert result.status == "error" and result.http_status == 500
    assert len(server.seen) == 1
    assert clock.sleeps == []


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_5xx_on_idempotent_method_is_retried(
    server: LocalServer, clock: FakeTime, method: str
) -> None:
    server.reply(503, {"errors": [{"message": "unavailable"}]})
    server.reply(502, b"<html>bad gateway</html>", headers={"Content-Type": "text/html"})
    server.reply(200, {"deleted": True})
    result = send(make(server.url, clock), Call(method, "/users/{user_id}", {"user_id": "u1"}))
    assert result.status == "ok" and len(server.seen) == 3
    assert clock.sleeps == [0.25, 0.5]  # base 0.5 * 2**n, times 0.5 with zero jitter


def test_retries_are_bounded_with_growing_backoff(server: LocalServer, clock: FakeTime) -> None:
    server.route = lambda seen: Reply(500, {"errors": [{"message": "down"}]})
    result = send(make(server.url, clock, max_retries=5), Call("GET", "/users"))
    assert result.status == "error" and len(server.seen) == 6
    assert clock.sleeps == sorted(clock.sleeps) and max(clock.sleeps) <= 8.0


# --------------------------------------------------------------------------- failures


def test_timeout_is_a_clear_error_and_post_is_not_resent(
    server: LocalServer, clock: FakeTime
) -> None:
    server.reply(200, {"late": True}, delay=1.0)
    executor = make(server.url, clock, timeout=0.2)
    result = send(executor, Call("POST", "/invitations", body={"email_address": "a@b.co"}))
    assert result.status == "error"
    port = httpx.URL(server.url).port
    assert "timed out after 0.2 s" in result.error
    assert f"POST 127.0.0.1:{port}/v1/invitations" in result.error  # the port is kept
    assert "1 attempt (a POST is never sent twice)" in result.error
    assert len(server.seen) == 1


def test_timeout_of_a_get_says_how_many_attempts_were_made(
    server: LocalServer, clock: FakeTime
) -> None:
    for _ in range(8):  # more slow replies than the executor's retries
        server.reply(200, {"late": True}, delay=0.5)
    executor = make(server.url, clock, timeout=0.1)
    result = send(executor, Call("GET", "/users"))
    assert result.status == "error"
    assert f"{len(server.seen)} attempts" in result.error and len(server.seen) > 1


def test_connection_refused_is_a_clear_error(clock: FakeTime) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    result = send(make(f"http://127.0.0.1:{port}", clock), Call("GET", "/users"))
    assert result.status == "error"
    assert result.error.startswith(f"cannot connect to 127.0.0.1:{port}")
    assert len(clock.sleeps) == 3  # GET is retried, then given up


def test_non_json_error_body_is_described(server: LocalServer, clock: FakeTime) -> None:
    server.reply(502, b"<html>Bad gateway</html>", headers={"Content-Type": "text/html"})
    result = send(make(server.url, clock), Call("POST", "/users", body={}))
    assert result.status == "error"
    assert "not JSON (text/html, 24 bytes)" in result.error and "Bad gateway" in result.error


def test_broken_json_success_body_is_an_error(server: LocalServer, clock: FakeTime) -> None:
    server.reply(200, b'{"id": "user_1"', headers={"Content-Type": "application/json"})
    result = send(make(server.url, clock), Call("GET", "/users"))
    assert result.status == "error" and "not JSON" in result.error


def test_clerk_error_body_becomes_typed_fields(server: LocalServer, clock: FakeTime) -> None:
    server.reply(
        422,
        {
            "errors": [
                {
                    "message": "is invalid",
                    "long_message": "email_address must be a valid email address.",
                    "code": "form_param_format_invalid",
                    "meta": {"param_name": "email_address"},
                }
            ],
            "clerk_trace_id": "trace_abc",
        },
    )
    executor = make(server.url, clock)
    with pytest.raises(ClerkApiError) as caught:
        executor.exchange(executor.prepare(Call("POST", "/invitations", body={}), {}))
    error = caught.value
    assert isinstance(error, ApiError) and error.exit_code == 1
    assert (error.status, error.code, error.trace_id) == (
        422,
        "form_param_format_invalid",
        "trace_abc",
    )
    assert error.meta == {"param_name": "email_address"}
    assert "email_address must be a valid email address." in str(error)
    server.reply(422, {"errors": [{"message": "x", "code": "c"}]})
    result = send(executor, Call("POST", "/invitations", body={}))
    assert result.http_status == 422 and result.body["code"] == "c"


class InterruptingTransport(httpx.BaseTransport):
    def handle_request(self, request: httpx.Request) -> httpx.Response:
        raise KeyboardInterrupt


def test_ctrl_c_during_send_becomes_a_result(clock: FakeTime) -> None:
    executor = Executor("https://api.clerk.com/v1", KEY, transport=InterruptingTransport())
    result = send(executor, Call("DELETE", "/users/{user_id}", {"user_id": "u"}))
    assert result.status == "interrupted" and "interrupted (Ctrl-C)" in (result.error or "")
    assert "may have been applied" in (result.error or "")


# --------------------------------------------------------------------------- the key rule


class RecordingTransport(httpx.BaseTransport):
    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, json={})


@pytest.mark.parametrize(
    "url", ["http://api.clerk.com/v1", "http://10.0.0.5:8080/v1", "ftp://api.clerk.com/v1"]
)
def test_key_is_never_sent_over_plain_http_to_a_non_loopback_host(url: str) -> None:
    transport = RecordingTransport()
    with pytest.raises(ConfigError) as caught:
        Executor(url, KEY, transport=transport)
    assert "refusing to send the Clerk secret key" in str(caught.value)
    assert KEY not in str(caught.value) and transport.requests == []


def test_send_refuses_a_request_to_another_host() -> None:
    transport = RecordingTransport()
    executor = Executor("https://api.clerk.com/v1", KEY, transport=transport)
    request = executor.prepare(Call("GET", "/users"), {})
    request.url = httpx.URL("http://evil.example/v1/users")
    result = executor.send(request, 1)
    assert result.status == "error" and "refusing" in result.error and KEY not in result.error
    assert transport.requests == []


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirect_is_not_followed_so_the_key_stays_with_the_api_host(
    server: LocalServer, clock: FakeTime, status: int
) -> None:
    elsewhere = LocalServer().start()
    try:
        server.reply(status, b"", headers={"Location": f"{elsewhere.url}/steal"})
        result = send(make(server.url, clock), Call("GET", "/users"))
    finally:
        elsewhere.shutdown()
    assert result.status == "error" and KEY not in str(result)
    assert elsewhere.seen == [] and len(server.seen) == 1


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:9/v1", "http://127.8.0.1/v1", "http://[::1]:9/v1", "http://localhost/v1"],
)
def test_loopback_and_https_are_allowed(url: str) -> None:
    transport = RecordingTransport()
    executor = Executor(url, KEY, transport=transport)
    assert executor.send(executor.prepare(Call("GET", "/users"), {}), 1).status == "ok"
    assert transport.requests[0].headers["authorization"] == f"Bearer {KEY}"


def test_missing_key_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="CLERK_SECRET_KEY"):
        Executor("https://api.clerk.com/v1", None)


# --------------------------------------------------------------------------- requests


def test_prepare_builds_url_headers_query_and_body(server: LocalServer, clock: FakeTime) -> None:
    executor = make(server.url, clock)
    call = Call(
        "PATCH",
        "/users/{user_id}/metadata",
        {"user_id": "user;1:x@ü"},
        {"flag": True, "ids": ["a", "b"], "skip": None},
        {"public_metadata": {"plan": "pro"}},
    )
    assert send(executor, call).status == "ok"
    seen = server.seen[0]
    assert seen.path == "/v1/users/user%3B1%3Ax%40%C3%BC/metadata"
    assert seen.query == [("flag", "true"), ("ids", "a"), ("ids", "b")]
    assert seen.json() == {"public_metadata": {"plan": "pro"}}
    assert seen.headers["user-agent"].startswith("clerk-assistant/")
    assert seen.headers["authorization"] == f"Bearer {KEY}"
    assert seen.headers["content-type"] == "application/json"


def test_references_resolve_across_steps(server: LocalServer, clock: FakeTime) -> None:
    def route(seen: Seen) -> Reply:
        if seen.path == "/v1/organizations":
            return Reply(200, {"id": "org_9", "object": "organization"})
        return Reply(200, {"path": seen.path, "body": seen.json()})

    server.route = route
    plan = [
        Call("POST", "/organizations", body={"name": "Acme"}),
        Call(
            "POST",
            "/organizations/{organization_id}/invitations",
            {"organization_id": "{{1.id}}"},
            body={"email_address": "bob@acme.io", "role": "org:admin", "note": "for {{1.id}}"},
        ),
    ]
    results = make(server.url, clock).run(plan)
    assert [r.status for r in results] == ["ok", "ok"]
    assert server.seen[1].path == "/v1/organizations/org_9/invitations"
    assert server.seen[1].json()["note"] == "for org_9"


def test_missing_reference_is_clear_and_later_steps_do_not_run(
    server: LocalServer, clock: FakeTime
) -> None:
    server.route = lambda seen: Reply(200, {"object": "organization"})  # no id
    plan = [
        Call("POST", "/organizations", body={"name": "Acme"}),
        Call("DELETE", "/organizations/{organization_id}", {"organization_id": "{{1.id}}"}),
        Call("GET", "/organizations"),
    ]
    results = make(server.url, clock).run(plan)
    assert [r.status for r in results] == ["ok", "error", "skipped"]
    assert "{{1.id}}: no field 'id'" in results[1].error
    assert results[2].error == "not run: step 2 failed"
    assert len(server.seen) == 1
    with pytest.raises(UnresolvedReference):
        make(server.url, clock).prepare(plan[1], {})


def test_run_stops_at_the_first_failed_step(server: LocalServer, clock: FakeTime) -> None:
    server.reply(200, {"id": "a"})
    server.reply(404, {"errors": [{"message": "not found", "code": "resource_not_found"}]})
    plan = [Call("GET", "/users"), Call("GET", "/users/{user_id}", {"user_id": "x"})]
    plan.append(Call("DELETE", "/users/{user_id}", {"user_id": "x"}))
    results = make(server.url, clock).run(plan)
    assert [r.status for r in results] == ["ok", "error", "skipped"]
    assert "resource_not_found" in results[1].error and len(server.seen) == 2


def test_missing_path_parameter_is_clear(server: LocalServer, clock: FakeTime) -> None:
    with pytest.raises(UnresolvedReference, match="'user_id' has no value"):
        make(server.url, clock).prepare(Call("GET", "/users/{user_id}"), {})


# --------------------------------------------------------------------------- pagination


def test_cursor_pagination_collects_every_page(
    server: LocalServer, clock: FakeTime, catalog: Catalog
) -> None:
    users = [{"id": f"user_{n:03d}"} for n in range(250)]

    def route(seen: Seen) -> Reply:
        assert seen.param("offset") is None  # cursor pages never send an offset
        after, limit = seen.param("starting_after"), int(seen.param("limit") or 10)
        start = next(i + 1 for i, u in enumerate(users) if u["id"] == after) if after else 0
        return Reply(200, users[start : start + limit])

    server.route = route
    progress: list[tuple[int, int | None]] = []
    items = make(server.url, clock).paginate(
        Call("GET", "/users"),
        cap=1000,
        progress=lambda n, t: progress.append((n, t)),
        endpoint=catalog.get("GET", "/users"),
    )
    assert items == users
    assert [n for n, _ in progress] == [100, 200, 250]
    assert server.seen[1].param("starting_after") == "user_099"


def test_offset_pagination_collects_every_page_and_honours_the_cap(
    server: LocalServer, clock: FakeTime, catalog: Catalog
) -> None:
    orgs = [{"id": f"org_{n}"} for n in range(230)]

    def route(seen: Seen) -> Reply:
        offset, limit = int(seen.param("offset") or 0), int(seen.param("limit") or 10)
        return Reply(200, {"data": orgs[offset : offset + limit], "total_count": len(orgs)})

    server.route = route
    executor = make(server.url, clock)
    endpoint = catalog.get("GET", "/organizations")
    assert executor.paginate(Call("GET", "/organizations"), endpoint=endpoint) == orgs
    assert [s.param("offset") for s in server.seen] == ["0", "100", "200"]
    server.seen.clear()
    capped = executor.paginate(Call("GET", "/organizations"), cap=150, endpoint=endpoint)
    assert capped == orgs[:150]
    assert [s.param("limit") for s in server.seen] == ["100", "50"]


def test_pagination_failure_raises_the_typed_error(server: LocalServer, clock: FakeTime) -> None:
    server.reply(200, [{"id": str(n)} for n in range(100)])
    server.reply(403, {"errors": [{"message": "forbidden", "code": "authorization_invalid"}]})
    with pytest.raises(ClerkApiError, match="authorization_invalid"):
        make(server.url, clock).paginate(Call("GET", "/invitations"))


def test_paginating_a_non_list_is_clear(server: LocalServer, clock: FakeTime) -> None:
    server.reply(200, {"id": "user_1"})
    with pytest.raises(TransportError, match="expected a list"):
        make(server.url, clock).paginate(Call("GET", "/users/{user_id}", {"user_id": "u"}))


# --------------------------------------------------------------------------- rate limit


def test_rate_limiter_never_exceeds_the_window(clock: FakeTime) -> None:
    limiter = RateLimiter(5, 10.0, clock.monotonic, clock.sleep)
    stamps = []
    for _ in range(23):
        limiter.acquire()
        stamps.append(clock.now)
    for start in stamps:
        assert sum(1 for s in stamps if start <= s < start + 10.0) <= 5
    assert stamps[-1] - stamps[0] >= 40.0  # 23 calls at 5 per 10 s need four full windows


def test_executor_applies_the_client_side_limit(server: LocalServer, clock: FakeTime) -> None:
    executor = make(server.url, clock, rate_limit=3)
    for _ in range(7):
        assert send(executor, Call("GET", "/users")).status == "ok"
    assert sum(clock.sleeps) >= 20.0 and len(server.seen) == 7


def test_default_limits_follow_the_key_kind() -> None:
    assert default_rate_limit("sk_test_x") == TEST_KEY_LIMIT == 100
    assert default_rate_limit("sk_live_x") == LIVE_KEY_LIMIT == 1000
    settings = Settings(secret_key="sk_live_abc", api_url="http://127.0.0.1:1/v1", rate_limit=7)
    executor = Executor.from_settings(settings)
    assert executor.limiter.limit == 7 and str(executor.base_url) == "http://127.0.0.1:1/v1"
    with pytest.raises(ConfigError):
        RateLimiter(0, 10.0, FakeTime().monotonic, FakeTime().sleep)


def test_settle_counts_a_call_from_its_completion(clock: FakeTime) -> None:
    limiter = RateLimiter(1, 10.0, clock.monotonic, clock.sleep)
    limiter.acquire()
    clock.now += 3.0  # the call took 3 s; the server may have counted it at any point
    limiter.settle()
    limiter.acquire()
    assert clock.sleeps == [10.0]  # a full window after completion, not 7 s after the start


def test_key_and_url_come_from_the_settings_chain(server: LocalServer, tmp_path: Path) -> None:
    from assistant.settings import load_settings

    project = tmp_path / "app" / "src"
    project.mkdir(parents=True)
    (tmp_path / "app" / ".git").mkdir()  # the project root: .env files are read up to it
    (tmp_path / "app" / ".env.local").write_text("CLERK_SECRET_KEY=sk_test_fromdotenv123\n")
    # the URL comes from the person's own config file (a .env may supply only the key)
    (tmp_path / "config.env").write_text(f"CLERK_REST_API_URL={server.url}/v1\n")
    quiet = {"CLERK_ASSISTANT_CONFIG": str(tmp_path / "config.env")}
    from_file = load_settings(env=quiet, cwd=project)
    from_env = load_settings(env={**quiet, "CLERK_SECRET_KEY": "sk_test_fromenv456"}, cwd=project)
    from_flag = load_settings(
        env={**quiet, "CLERK_SECRET_KEY": "sk_test_fromenv456"},
        cwd=project,
        secret_key="sk_test_fromflag789",
    )
    for settings in (from_file, from_env, from_flag):
        with Executor.from_settings(settings) as executor:
            assert send(executor, Call("GET", "/users")).status == "ok"
    keys = [seen.headers["authorization"] for seen in server.seen]
    assert keys == [
        "Bearer sk_test_fromdotenv123",
        "Bearer sk_test_fromenv456",
        "Bearer sk_test_fromflag789",
    ]
