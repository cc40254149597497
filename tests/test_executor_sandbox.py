"""The executor against the real sandbox, over loopback HTTP and in-process."""

from __future__ import annotations

import time

import pytest

from assistant.executor import ClerkApiError, Executor
from assistant.models import Call
from assistant.sandbox import SANDBOX_KEY, RunningServer, Sandbox, sandbox_transport
from assistant.spec import Catalog


def test_a_two_step_plan_with_a_reference_runs_against_the_sandbox(sandbox_server: str) -> None:
    plan = [
        Call("POST", "/organizations", body={"name": "Umbrella"}),
        Call(
            "POST",
            "/organizations/{organization_id}/invitations",
            {"organization_id": "{{1.id}}"},
            body={"email_address": "bob@umbrella.io", "role": "org:admin"},
        ),
        Call(
            "GET", "/organizations/{organization_id}/invitations", {"organization_id": "{{1.id}}"}
        ),
    ]
    with Executor(sandbox_server, SANDBOX_KEY) as executor:
        results = executor.run(plan)
    assert [r.status for r in results] == ["ok", "ok", "ok"]
    org_id = results[0].body["id"]
    assert results[1].body["organization_id"] == org_id
    listed = results[2].body["data"]
    assert [i["email_address"] for i in listed] == ["bob@umbrella.io"]


def test_pagination_walks_the_sandbox_users_by_cursor_and_offset(
    sandbox_server: str, catalog: Catalog
) -> None:
    with Executor(sandbox_server, SANDBOX_KEY) as executor:
        count = executor.send(executor.prepare(Call("GET", "/users/count")), 1).body
        by_cursor = executor.paginate(
            Call("GET", "/users"), endpoint=catalog.get("GET", "/users"), page_size=7
        )
        by_offset = executor.paginate(
            Call("GET", "/users", query={"order_by": "-created_at"}), page_size=7
        )
        orgs = executor.paginate(
            Call("GET", "/organizations"), endpoint=catalog.get("GET", "/organizations"),
            page_size=2,
        )  # fmt: skip
    assert len(by_cursor) == count["total_count"] == 25
    assert len({u["id"] for u in by_cursor}) == 25 and by_cursor == by_offset
    assert len(orgs) == 3


def test_sandbox_errors_become_clerk_api_errors(sandbox_server: str) -> None:
    with Executor(sandbox_server, SANDBOX_KEY) as executor:
        request = executor.prepare(Call("GET", "/users/{user_id}", {"user_id": "user_missing"}))
        with pytest.raises(ClerkApiError) as caught:
            executor.exchange(request)
    assert caught.value.status == 404 and caught.value.code


@pytest.mark.sandbox_options(rate_limit=3, rate_window=0.5)
def test_the_sandbox_429_is_retried_after_its_retry_after(
    sandbox_running: RunningServer,
) -> None:
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        time.sleep(seconds)

    # The client allows more than the sandbox, so the sandbox answers 429 with Retry-After.
    with Executor(sandbox_running.url, SANDBOX_KEY, rate_limit=50, sleep=sleep) as executor:
        results = [executor.send(executor.prepare(Call("GET", "/users")), n) for n in range(5)]
    assert all(r.status == "ok" for r in results)
    assert slept and all(s >= 1 for s in slept)  # the sandbox asks for whole seconds


def test_in_process_sandbox_transport(sandbox: Sandbox) -> None:
    executor = Executor(
        "https://api.clerk.com/v1", SANDBOX_KEY, transport=sandbox_transport(sandbox)
    )
    result = executor.send(executor.prepare(Call("GET", "/users", query={"limit": 3})), 1)
    assert result.status == "ok" and len(result.body) == 3
