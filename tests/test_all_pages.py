"""Walking every page: `GET /users --all`, "list all users", the page cap, the transcript.

Against the sandbox over HTTP on 127.0.0.1 (25 seeded users), with a real executor,
guardrail and transcript; only the planner output and the confirmations are scripted.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.errors import ConfigError
from assistant.guardrail import Policy, check, parse_scopes
from assistant.models import Call, Plan, Result
from assistant.planning.base import PlanContext
from assistant.planning.explicit import parse_explicit
from assistant.planning.local import LocalPlanner
from assistant.sandbox import SANDBOX_KEY
from assistant.session import Progress, SessionHooks
from assistant.settings import ENV_VARS, load_settings
from assistant.spec import Catalog
from assistant.transcript import verify
from tests.session_helpers import Rig, make_rig, plan, yes

SEEDED_USERS = 25
WALK = Call("GET", "/users", query={"limit": 10}, all_pages=True)


# --------------------------------------------------------------------------- asking for it


def test_explicit_all_flag_sets_all_pages(catalog: Catalog) -> None:
    call = parse_explicit("GET /users?limit=10 --all", catalog)
    assert call is not None and call.all_pages and call.query == {"limit": 10}
    body_first = parse_explicit('POST /organizations --all {"name": "A"}', catalog)
    assert body_first is not None and body_first.all_pages and body_first.body == {"name": "A"}
    plain = parse_explicit("GET /users", catalog)
    assert plain is not None and not plain.all_pages


@pytest.mark.parametrize(
    ("text", "walks"),
    [
        ("list all users", True),
        ("export every organization", True),
        ("show me the entire list of invitations", True),
        ("list users", False),
        ("list 5 users", False),  # a page size asked for one page
    ],
)
def test_local_planner_walks_pages_only_when_asked(
    catalog: Catalog, text: str, walks: bool
) -> None:
    output = LocalPlanner().plan(text, PlanContext(catalog))
    assert isinstance(output, Plan) and output.steps[0].method == "GET"
    assert output.steps[0].all_pages is walks


def test_local_planner_never_marks_a_write(catalog: Catalog) -> None:
    output = LocalPlanner().plan(
        "ban all of user_2abcdefghijklmnopqrstuvwxyz1", PlanContext(catalog)
    )
    assert not any(step.all_pages for step in getattr(output, "steps", ()))


def test_all_pages_is_in_the_json_only_when_set() -> None:
    assert "all_pages" not in Call("GET", "/users").to_json()
    data = WALK.to_json()
    assert data["all_pages"] is True and Call.from_json(data) == WALK
    assert not Call.from_json({"method": "GET", "path": "/users", "all_pages": "yes"}).all_pages


# --------------------------------------------------------------------------- the guardrail


def test_guardrail_warns_with_the_cap(catalog: Catalog) -> None:
    policy = Policy(scopes=parse_scopes(None), page_cap=250)
    verdict = check(Plan((WALK,)), policy, catalog)[0]
    assert verdict.allowed
    assert any("all pages" in w and "250 items" in w for w in verdict.warnings)


def test_all_pages_on_something_that_is_not_a_list_is_blocked(catalog: Catalog) -> None:
    call = Call("GET", "/users/{user_id}", {"user_id": "user_2abc"}, all_pages=True)
    verdict = check(Plan((call,)), Policy(scopes=parse_scopes(None)), catalog)[0]
    assert not verdict.allowed and any("not a paginated list" in p for p in verdict.problems)


def test_page_cap_setting(tmp_path: Path) -> None:
    assert "CLERK_ASSISTANT_PAGE_CAP" in ENV_VARS
    env = {"CLERK_ASSISTANT_CONFIG": str(tmp_path / "none.env")}
    assert load_settings(env, tmp_path).page_cap == 1000
    assert load_settings(env | {"CLERK_ASSISTANT_PAGE_CAP": "40"}, tmp_path).page_cap == 40
    for bad in ("0", "lots"):
        with pytest.raises(ConfigError):
            load_settings(env | {"CLERK_ASSISTANT_PAGE_CAP": bad}, tmp_path)


# --------------------------------------------------------------------------- the walk


@pytest.fixture
def walk_rig(catalog: Catalog, sandbox_server: str, tmp_path: Path) -> Iterator[Any]:
    rigs: list[Rig] = []

    def build(calls: list[Call], page_cap: int = 1000) -> tuple[Rig, list[Progress]]:
        rig = make_rig(
            catalog, sandbox_server, httpx.HTTPTransport(), tmp_path, [plan(*calls)], [yes()] * 3
        )
        rig.session.settings = dataclasses.replace(rig.session.settings, page_cap=page_cap)
        events: list[Progress] = []
        rig.session.hooks = SessionHooks(progress=events.append)
        rigs.append(rig)
        return rig, events

    yield build
    for rig in rigs:
        rig.transcript.close()
        assert verify(rig.path).ok


def records(rig: Rig, kind: str) -> list[dict[str, Any]]:
    lines = [json.loads(line) for line in rig.path.read_text().splitlines()]
    return [r["data"] for r in lines if r["kind"] == kind]


def test_walk_collects_every_page_and_records_each_request(walk_rig: Any) -> None:
    rig, events = walk_rig([WALK])
    turn = rig.session.handle("GET /users?limit=10 --all")
    result = turn.results[0]
    assert result.status == "ok" and len(result.body["data"]) == SEEDED_USERS
    assert len({u["id"] for u in result.body["data"]}) == SEEDED_USERS
    assert len(rig.transport.requests) == 3  # 10 + 10 + 5
    requests = records(rig, "request")
    assert [r["step"] for r in requests] == [1, 1, 1]
    users = result.body["data"]  # cursor pages: each starts after the last id seen
    assert f"starting_after={users[9]['id']}" in requests[1]["url"]
    assert f"starting_after={users[19]['id']}" in requests[2]["url"]
    response = records(rig, "response")[0]
    assert response["pages"] == 3 and response["outcome"] == "ok" and not response["capped"]
    assert "page_cap_reached" not in result.body
    assert [(e.kind, e.done, e.pages) for e in events] == [
        ("pages", 10, 1),
        ("pages", 20, 2),
        ("pages", 25, 3),
    ]
    assert SANDBOX_KEY not in rig.path.read_text()


def test_walk_stops_at_the_page_cap(walk_rig: Any) -> None:
    rig, events = walk_rig([WALK], page_cap=15)
    result = rig.session.handle("GET /users?limit=10 --all").results[0]
    assert len(result.body["data"]) == 15 and len(rig.transport.requests) == 2
    assert "limit=5" in str(rig.transport.requests[1].url)  # asks only for what is left
    assert events[-1].done == 15 and result.body["page_cap_reached"] == 15
    assert records(rig, "response")[0]["capped"] is True
    assert any("15 items" in w for w in rig.session.turns[0].verdicts[0].warnings)


def test_without_all_pages_one_page_is_fetched(walk_rig: Any) -> None:
    rig, events = walk_rig([dataclasses.replace(WALK, all_pages=False)])
    result = rig.session.handle("GET /users?limit=10").results[0]
    assert len(result.body) == 10 and len(rig.transport.requests) == 1 and events == []


def test_ctrl_c_during_a_walk_is_interrupted_not_a_traceback(walk_rig: Any) -> None:
    rig, _ = walk_rig([WALK])
    rig.transport.interrupt_on = "GET"
    turn = rig.session.handle("GET /users?limit=10 --all")
    assert turn.interrupted and turn.results[0].status == "interrupted"
    assert "interrupted" in rig.kinds() and "response" not in rig.kinds()


def test_a_failing_page_is_an_error_result(walk_rig: Any) -> None:
    bad = Call("GET", "/organizations/{organization_id}/memberships", all_pages=True)
    bad = dataclasses.replace(bad, path_params={"organization_id": "org_2nosuchorganization000000"})
    rig, _ = walk_rig([bad])
    result = rig.session.handle("list every member of org_2nosuch").results[0]
    assert result.status == "error" and result.http_status == 404


# --------------------------------------------------------------------------- interrupted


class InterruptedSend:
    """An executor whose send reports Ctrl-C the way the executor does: status, not text."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def prepare(self, call: Call, responses: dict[int, Any]) -> httpx.Request:
        return self.inner.prepare(call, responses)

    def send(self, request: httpx.Request, step: int, **_options: Any) -> Result:
        return Result(step, "interrupted", error="Ctrl-C: Clerk may have applied it")


def test_session_uses_the_interrupted_status_not_the_message(walk_rig: Any) -> None:
    create = Call("POST", "/organizations", body={"name": "Half Done"})
    rig, _ = walk_rig([create, Call("GET", "/users")])
    rig.session.executor = InterruptedSend(rig.session.executor)
    turn = rig.session.handle("create Half Done")
    assert turn.interrupted and turn.status == "interrupted"
    assert [r.status for r in turn.results] == ["interrupted", "skipped"]
    assert records(rig, "interrupted")[0]["message"].startswith("Ctrl-C")
