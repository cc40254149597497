"""The request on the wire is the checked one (issue 11, attacks 1 and 2).

Every test here talks HTTP to a recording server on 127.0.0.1 and reads the raw path the
server received; the attacks that came through the command line are run through it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from assistant.executor import Executor, UnresolvedReference
from assistant.guardrail import Policy, check, parse_scopes
from assistant.models import Call, Plan
from assistant.spec import Catalog
from assistant.wire import WireError, fill_path, is_dot_segment, segment_problem
from tests.conftest import cli_process
from tests.local_server import LocalServer, Reply, Seen
from tests.sandbox_fixtures import SANDBOX_KEY
from tests.session_helpers import make_rig, plan

KEY = "sk_test_wireKEY1234567890"

DOT_SPELLINGS = [
    "..", ".", "%2e%2e", "%2E%2e", ".%2E", "%2e.", "%2E", "%252e%252e", "%25%32%65%25%32%65",
    "\uff0e\uff0e",  # full-width dots: NFKC makes them ".."
]  # fmt: skip
SEPARATORS = ["a/b", "a%2Fb", "a%2fb", "..%2f", "a%5Cb", "a\\b", "a?b", "a#b", "a b", "a\x00b"]
# Values that are odd but are one segment: they must go out percent-encoded, never refused.
ODD_BUT_ONE_SEGMENT = ["user_1;x=..", "a:b@c", "ü~-_.x", "...", "a%b", "..a", "a.."]


@pytest.fixture
def server() -> Iterator[LocalServer]:
    srv = LocalServer().start()
    yield srv
    srv.shutdown()


def executor_for(server: LocalServer) -> Executor:
    return Executor(
        server.url + "/v1", KEY, rate_limit=100_000, sleep=lambda _s: None, max_retries=0
    )


def expected_path(template: str, value: str) -> str:
    """The oracle: /v1 + the template with every placeholder replaced by quote(value)."""
    return "/v1" + re.sub(r"\{[^{}]+\}", lambda _m: quote(value, safe=""), template)


# --------------------------------------------------------------------------- the predicate


@pytest.mark.parametrize("value", DOT_SPELLINGS)
def test_every_spelling_of_a_dot_segment_is_one(value: str) -> None:
    assert is_dot_segment(value)
    assert "dot segment" in (segment_problem("domain_id", value) or "")


@pytest.mark.parametrize("value", SEPARATORS)
def test_separators_are_refused_even_encoded(value: str) -> None:
    assert "one path segment" in (segment_problem("user_id", value) or "")


@pytest.mark.parametrize("value", ODD_BUT_ONE_SEGMENT)
def test_odd_values_are_still_one_segment(value: str) -> None:
    assert segment_problem("user_id", value) is None
    assert fill_path("/users/{user_id}", {"user_id": value}) == "/users/" + quote(value, safe="")


# --------------------------------------------------------------------------- every template


def test_every_spec_template_goes_out_exactly_as_checked(
    catalog: Catalog, server: LocalServer
) -> None:
    """All endpoints of the newest spec, hostile values in every path parameter, through
    the real executor over HTTP: the raw path the server reads is the checked template
    filled with the percent-encoded value, or nothing was sent at all."""
    executor = executor_for(server)
    sent = refused = 0
    for endpoint in catalog.endpoints:
        names = [p.name for p in endpoint.path_params]
        values = DOT_SPELLINGS + SEPARATORS + ODD_BUT_ONE_SEGMENT if names else ["-"]
        for value in values:
            call = Call(endpoint.method, endpoint.path, dict.fromkeys(names, value))
            before = len(server.seen)
            try:
                request = executor.prepare(call, {})
            except WireError:
                assert segment_problem(names[0], value), (endpoint.key, value)
                assert len(server.seen) == before
                refused += 1
                continue
            assert segment_problem(names[0], value) is None if names else True
            executor.send(request)
            assert len(server.seen) == before + 1
            seen = server.seen[-1]
            assert (seen.method, seen.path) == (
                endpoint.method,
                expected_path(endpoint.path, value),
            ), (endpoint.key, value)
            sent += 1
    with_params = sum(1 for e in catalog.endpoints if e.path_params)
    assert refused == with_params * (len(DOT_SPELLINGS) + len(SEPARATORS))
    assert sent == with_params * len(ODD_BUT_ONE_SEGMENT) + len(catalog.endpoints) - with_params


def test_a_reference_filled_with_a_dot_segment_is_refused_by_the_executor(
    server: LocalServer,
) -> None:
    """Even a caller that skips the session's re-check cannot put `..` on the wire."""
    call = Call("DELETE", "/users/{user_id}", {"user_id": "{{1.0.id}}"})
    executor = executor_for(server)
    for value in ("..", "../x", "a/b", "%2e%2e"):
        with pytest.raises(WireError):
            executor.prepare(call, {1: [{"id": value}]})
    results = executor.run([Call("GET", "/users"), call])
    assert server.seen[-1].path == "/v1/users"  # GET answered {"ok":...}: no list, no id
    assert results[1].status == "error"


def test_a_template_is_never_normalised(server: LocalServer) -> None:
    executor = executor_for(server)
    with pytest.raises(WireError, match="dot segment"):
        executor.prepare(Call("GET", "/users/../organizations"), {})
    with pytest.raises(UnresolvedReference, match="has no value"):
        executor.prepare(Call("GET", "/users/{user_id}"), {})
    assert server.seen == []


# --------------------------------------------------------------------------- the guardrail


@pytest.mark.parametrize("value", DOT_SPELLINGS)
def test_the_guardrail_blocks_a_dot_segment_with_any_scope(catalog: Catalog, value: str) -> None:
    call = Call(
        "DELETE",
        "/organizations/{organization_id}/domains/{domain_id}",
        {"organization_id": "org_X", "domain_id": value},
    )
    policy = Policy(scopes=parse_scopes("write,delete"), admin=True)
    verdict = check(Plan(steps=(call,), planner="test"), policy, catalog)[0]
    assert not verdict.allowed
    assert any("dot segment" in p for p in verdict.problems)


# --------------------------------------------------------------------------- through the CLI


def cli_env(server: LocalServer, tmp_path: Path) -> dict[str, str]:
    import os

    return {
        **os.environ,
        "CLERK_SECRET_KEY": KEY,
        "CLERK_REST_API_URL": server.url + "/v1",
        "CLERK_ASSISTANT_DATA_DIR": str(tmp_path / "data"),
        "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
    }


def ask(server: LocalServer, tmp_path: Path, text: str, scopes: str) -> Any:
    return cli_process(
        "ask", "--planner", "local", "--yes", "--allow-delete", "--scopes", scopes,
        "--transcript", str(tmp_path / "t.jsonl"), text,
        env=cli_env(server, tmp_path),
    )  # fmt: skip


@pytest.mark.parametrize(
    "request_text",
    [
        "DELETE /organizations/org_X/domains/%2e%2e",
        "DELETE /organizations/org_X/domains/..",
        "DELETE /organizations/org_X/domains/.%2E",
    ],
)
def test_attack_1_a_dot_segment_never_deletes_the_organization(
    server: LocalServer, tmp_path: Path, request_text: str
) -> None:
    scopes = "organization_domains:write,organization_domains:delete"
    done = ask(server, tmp_path, request_text, scopes)
    assert done.returncode == 3, done.stdout + done.stderr
    assert server.seen == []  # on main: DELETE /v1/organizations/org_X went out
    assert "Traceback" not in done.stderr


def test_attack_1_a_trusted_device_dot_segment_never_deletes_the_user(
    server: LocalServer, tmp_path: Path
) -> None:
    done = ask(server, tmp_path, "DELETE /users/user_X/trusted_devices/%2e%2e", "write,delete")
    assert done.returncode == 3, done.stdout + done.stderr
    assert server.seen == []


def lookup_answers(value: Any) -> Any:
    def route(seen: Seen) -> Reply:
        if seen.method == "GET" and seen.path == "/v1/users":
            return Reply(200, [{"id": value, "object": "user"}])
        if seen.method == "POST" and seen.path == "/v1/organizations":
            return Reply(200, {"id": value, "object": "organization"})
        return Reply(200, {"deleted": True, "path": seen.path})

    return route


@pytest.mark.parametrize("value", ["..", "../x", "a/b", "%2e%2e", "user_1/../.."])
def test_attack_2_a_looked_up_id_cannot_change_the_endpoint(
    server: LocalServer, tmp_path: Path, value: str
) -> None:
    server.route = lookup_answers(value)
    text = "find the user with email bob@acme.io and delete them"
    done = ask(server, tmp_path, text, "write,delete")
    assert [(s.method, s.path) for s in server.seen] == [("GET", "/v1/users")]  # main: DELETE /v1
    assert done.returncode == 3, done.stdout + done.stderr
    kinds = [json.loads(line)["kind"] for line in (tmp_path / "t.jsonl").read_text().splitlines()]
    assert "recheck" in kinds and "blocked" in kinds


def test_attack_2_a_created_id_cannot_turn_an_invite_into_another_call(
    server: LocalServer, tmp_path: Path
) -> None:
    server.route = lookup_answers("..")
    text = "create an organization called Acme and invite bob@acme.io as admin"
    done = ask(server, tmp_path, text, "write")
    assert [(s.method, s.path) for s in server.seen] == [("POST", "/v1/organizations")]
    assert done.returncode == 3, done.stdout + done.stderr  # main: POST /v1/invitations


# --------------------------------------------------------------------------- typed token


def test_the_typed_token_of_a_referenced_delete_is_the_real_id(
    catalog: Catalog, sandbox_server: str, tmp_path: Path
) -> None:
    """Typing the word `delete` no longer confirms a DELETE whose id came from step 1."""
    users = httpx.get(sandbox_server + "/users", headers={"Authorization": f"Bearer {SANDBOX_KEY}"})
    target = users.json()[0]
    email = target["email_addresses"][0]["email_address"]
    lookup = Call("GET", "/users", query={"email_address": [email]})
    delete = Call("DELETE", "/users/{user_id}", {"user_id": "{{1.0.id}}"})

    def typed_word(request: Any) -> Any:
        from assistant.session import ConfirmReply

        return ConfirmReply("typed", typed="delete")

    rig = make_rig(
        catalog, sandbox_server, httpx.HTTPTransport(), tmp_path, [plan(lookup, delete)],
        [typed_word],
    )  # fmt: skip
    turn = rig.session.handle("find that user and delete them")
    assert rig.confirm.seen[-1].verdict.typed_token == target["id"]  # main: "delete"
    assert turn.results[-1].status == "declined"
    assert rig.transport.writes() == []
    rig.transcript.close()


def test_attack_2_ids_in_a_claude_plan_are_checked_the_same_way(
    server: LocalServer, tmp_path: Path
) -> None:
    """Claude (the local stand-in, through the real `anthropic` client) proposes a lookup
    and a delete by reference; the lookup answers `..`: nothing is deleted."""
    from tests.fake_anthropic import FakeAnthropic, tool_use

    server.route = lookup_answers("..")
    steps = [
        {"method": "GET", "path": "/users", "query": {"email_address": ["bob@acme.io"]}},
        {"method": "DELETE", "path": "/users/{user_id}", "path_params": {"user_id": "{{1.0.id}}"}},
    ]
    with FakeAnthropic() as fake:
        fake.reply(*[tool_use("propose_plan", {"steps": steps})] * 3)
        env = cli_env(server, tmp_path) | {
            "ANTHROPIC_API_KEY": "sk-ant-api03-fake-key-for-tests",
            "ANTHROPIC_BASE_URL": fake.url,
        }
        done = cli_process(
            "ask", "--planner", "claude", "--yes", "--allow-delete", "--scopes", "write,delete",
            "--transcript", str(tmp_path / "t.jsonl"), "delete bob@acme.io", env=env,
        )  # fmt: skip
    assert [(s.method, s.path) for s in server.seen] == [("GET", "/v1/users")]
    assert done.returncode == 3, done.stdout + done.stderr
