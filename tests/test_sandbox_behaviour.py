"""What the sandbox remembers, filters and refuses, through the in-process httpx transport."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.errors import ConfigError
from assistant.sandbox import SANDBOX_KEY, Sandbox, sandbox_transport

AUTH = {"Authorization": f"Bearer {SANDBOX_KEY}"}


@pytest.fixture
def api(sandbox: Sandbox) -> Iterator[httpx.Client]:
    transport = sandbox_transport(sandbox)
    with httpx.Client(transport=transport, base_url="http://sandbox/v1", headers=AUTH) as client:
        yield client


def error_of(response: httpx.Response) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"errors", "clerk_trace_id"}
    (error,) = body["errors"]
    assert set(error) == {"message", "long_message", "code", "meta"}
    return error


def make_user(api: httpx.Client, email: str, **extra: Any) -> dict[str, Any]:
    response = api.post("/users", json={"email_address": [email], **extra})
    assert response.status_code == 200, response.text
    return response.json()


# --------------------------------------------------------------------------- seed


def test_seed_is_a_small_deterministic_world(sandbox: Sandbox, api: httpx.Client) -> None:
    assert api.get("/users/count").json() == {"object": "total_count", "total_count": 25}
    orgs = api.get("/organizations").json()
    assert orgs["total_count"] == 3
    assert all(
        o["members_count"] >= 1 and o["pending_invitations_count"] == 2 for o in orgs["data"]
    )
    assert len(api.get("/invitations", params={"status": "pending"}).json()) == 3
    assert len(api.get("/sessions", params={"status": "active"}).json()) == 10
    again = Sandbox(sandbox.catalog, sandbox.schemas.document, rate_limit=None)
    assert again.world.to_json() == sandbox.world.to_json()


def test_empty_world(sandbox: Sandbox) -> None:
    empty = Sandbox(sandbox.catalog, sandbox.schemas.document, seed=False)
    assert empty.world.tables == {}


# --------------------------------------------------------------------------- users


def test_user_list_filters_order_and_pages(api: httpx.Client) -> None:
    every = api.get("/users", params={"limit": 500}).json()
    assert len(every) == 25
    created = [u["created_at"] for u in every]
    assert created == sorted(created, reverse=True)  # default order: newest first
    oldest_first = api.get("/users", params={"order_by": "+created_at", "limit": 3}).json()
    assert [u["id"] for u in oldest_first] == [u["id"] for u in every[::-1][:3]]

    page2 = api.get("/users", params={"limit": 5, "offset": 5}).json()
    assert [u["id"] for u in page2] == [u["id"] for u in every[5:10]]
    after = api.get("/users", params={"starting_after": every[1]["id"], "limit": 2}).json()
    assert [u["id"] for u in after] == [u["id"] for u in every[2:4]]

    target = every[7]
    email = target["email_addresses"][0]["email_address"]
    by_email = api.get("/users", params={"email_address": [email.upper(), "nobody@x.io"]})
    assert [u["id"] for u in by_email.json()] == [target["id"]]
    by_query = api.get("/users", params={"query": target["username"]}).json()
    assert target["id"] in [u["id"] for u in by_query]
    assert [u["banned"] for u in api.get("/users", params={"banned": "true"}).json()] == [True]
    since = api.get("/users", params={"created_at_after": target["created_at"], "limit": 500})
    assert {u["id"] for u in since.json()} == {u["id"] for u in every[:7]}


def test_users_of_an_organization(api: httpx.Client) -> None:
    org = api.get("/organizations", params={"query": "globex"}).json()["data"][0]
    members = api.get(f"/organizations/{org['id']}/memberships", params={"limit": 100}).json()
    listed = api.get("/users", params={"organization_id": org["id"], "limit": 100}).json()
    member_ids = {m["public_user_data"]["user_id"] for m in members["data"]}
    assert {u["id"] for u in listed} == member_ids and len(member_ids) == members["total_count"]


def test_duplicate_email_is_clerks_422_form_identifier_exists(api: httpx.Client) -> None:
    make_user(api, "dup@example.com")
    again = api.post("/users", json={"email_address": ["DUP@example.com"]})
    assert again.status_code == 422  # as Clerk answers; the spec declares no 409 here
    error = error_of(again)
    assert error["code"] == "form_identifier_exists"
    assert error["meta"] == {"param_name": "email_address"}


def test_update_lock_and_metadata_replace(api: httpx.Client) -> None:
    user = make_user(api, "meta@example.com", public_metadata={"keep": 1, "drop": 2})
    path = f"/users/{user['id']}"
    assert api.patch(path, json={"first_name": "Renamed"}).json()["first_name"] == "Renamed"
    assert api.post(f"{path}/lock").json()["locked"] is True
    assert api.post(f"{path}/unlock").json()["locked"] is False
    merged = api.patch(f"{path}/metadata", json={"public_metadata": {"drop": None, "new": 3}})
    assert merged.json()["public_metadata"] == {"keep": 1, "new": 3}
    replaced = api.put(f"{path}/metadata", json={"public_metadata": {"only": True}})
    assert replaced.json()["public_metadata"] == {"only": True}
    assert api.get(path).json()["updated_at"] >= user["updated_at"]


def test_deleting_a_user_removes_memberships_and_sessions(api: httpx.Client) -> None:
    user = make_user(api, "leaver@example.com")
    org = api.post("/organizations", json={"name": "Leavers", "created_by": user["id"]}).json()
    api.post("/sessions", json={"user_id": user["id"]})
    assert len(api.get("/sessions", params={"user_id": user["id"]}).json()) == 1
    mine = api.get(f"/users/{user['id']}/organization_memberships").json()
    assert mine["total_count"] == 1 and mine["data"][0]["organization"]["id"] == org["id"]

    deleted = api.delete(f"/users/{user['id']}").json()
    assert deleted == {"object": "user", "id": user["id"], "deleted": True}
    assert api.get(f"/organizations/{org['id']}/memberships").json()["total_count"] == 0
    assert api.get(f"/organizations/{org['id']}").json()["members_count"] == 0
    assert api.get("/sessions", params={"user_id": user["id"]}).json() == []
    gone = api.get(f"/users/{user['id']}")
    assert gone.status_code == 404 and error_of(gone)["code"] == "resource_not_found"


def test_ban_revokes_active_sessions(api: httpx.Client) -> None:
    user = make_user(api, "banned@example.com")
    session = api.post("/sessions", json={"user_id": user["id"]}).json()
    assert session["status"] == "active" and session["id"].startswith("sess_")
    api.post(f"/users/{user['id']}/ban")
    assert api.get(f"/sessions/{session['id']}").json()["status"] == "revoked"
    assert api.post(f"/users/{user['id']}/unban").json()["banned"] is False


# --------------------------------------------------------------------------- organizations


def test_organization_lifecycle(api: httpx.Client) -> None:
    org = api.post("/organizations", json={"name": "Acme Corp"}).json()
    assert org["slug"] == "acme-corp-2"  # the seeded Acme holds "acme-corp"
    taken = api.post("/organizations", json={"name": "X", "slug": "acme-corp"})
    assert taken.status_code == 422 and error_of(taken)["meta"] == {"param_name": "slug"}
    renamed = api.patch(f"/organizations/{org['slug']}", json={"name": "Acme Two"}).json()
    assert renamed["name"] == "Acme Two" and renamed["id"] == org["id"]
    by_name = api.get("/organizations", params={"order_by": "name", "limit": 10}).json()
    names = [o["name"] for o in by_name["data"]]
    assert names == sorted(names, key=str.lower)
    assert api.delete(f"/organizations/{org['id']}").json()["deleted"] is True
    assert api.get(f"/organizations/{org['id']}").status_code == 404


def test_memberships_roles_and_removal(api: httpx.Client) -> None:
    user = make_user(api, "member@example.com")
    org = api.post("/organizations", json={"name": "Roles Inc"}).json()
    base = f"/organizations/{org['id']}/memberships"
    made = api.post(base, json={"user_id": user["id"], "role": "org:member"}).json()
    assert made["id"].startswith("orgmem_") and made["organization"]["members_count"] == 1
    twice = api.post(base, json={"user_id": user["id"], "role": "org:member"})
    assert twice.status_code == 400
    promoted = api.patch(f"{base}/{user['id']}", json={"role": "org:admin"}).json()
    assert (
        promoted["role"] == "org:admin" and "org:sys_memberships:manage" in promoted["permissions"]
    )
    admins = api.get(base, params={"role": "org:admin"}).json()
    assert [m["public_user_data"]["user_id"] for m in admins["data"]] == [user["id"]]
    assert api.delete(f"{base}/{user['id']}").json()["role"] == "org:admin"
    assert api.get(base).json()["total_count"] == 0


def test_org_invitations_bulk_status_filter_and_revoke(api: httpx.Client) -> None:
    org = api.get("/organizations", params={"query": "initech"}).json()["data"][0]
    base = f"/organizations/{org['id']}/invitations"
    bulk = [{"email_address": f"b{i}@initech.com", "role": "org:member"} for i in range(3)]
    made = api.post(f"{base}/bulk", json=bulk).json()
    assert made["total_count"] == 3
    revoked = api.post(f"{base}/{made['data'][0]['id']}/revoke").json()
    assert revoked["status"] == "revoked"
    pending = api.get(base, params={"status": "pending"}).json()
    assert pending["total_count"] == 4  # 2 seeded + 2 of the bulk
    assert api.get(base, params={"status": "revoked"}).json()["total_count"] == 1
    everywhere = api.get("/organization_invitations", params={"status": "revoked"}).json()
    assert everywhere["data"][0]["public_organization_data"]["id"] == org["id"]
    assert api.post(f"{base}/{made['data'][0]['id']}/revoke").status_code == 400


def test_instance_invitations(api: httpx.Client) -> None:
    made = api.post("/invitations/bulk", json=[{"email_address": "x@y.io"}]).json()
    assert made[0]["status"] == "pending" and made[0]["id"].startswith("inv_")
    assert api.post("/invitations", json={"email_address": "x@y.io"}).status_code == 422
    revoked = api.post(f"/invitations/{made[0]['id']}/revoke").json()
    assert revoked["revoked"] is True and revoked["status"] == "revoked"
    assert len(api.get("/invitations", params={"status": "revoked"}).json()) == 1


def test_small_resources(api: httpx.Client) -> None:
    allowed = api.post("/allowlist_identifiers", json={"identifier": "+15555550100"}).json()
    assert allowed["identifier_type"] == "phone_number" and allowed["id"].startswith("alid_")
    assert len(api.get("/allowlist_identifiers").json()) == 2
    assert api.delete(f"/allowlist_identifiers/{allowed['id']}").json()["deleted"] is True
    blocked = api.get("/blocklist_identifiers").json()
    assert blocked["total_count"] == 1 and blocked["data"][0]["identifier_type"] == "email_address"

    entry = api.post("/waitlist_entries", json={"email_address": "w@x.io"}).json()
    invited = api.post(f"/waitlist_entries/{entry['id']}/invite").json()
    assert invited["status"] == "invited" and invited["invitation"]["email_address"] == "w@x.io"
    assert api.get("/waitlist_entries", params={"status": "invited"}).json()["total_count"] == 1

    template = api.post("/jwt_templates", json={"name": "t", "claims": {"a": 1}}).json()
    assert template["lifetime"] == 60 and template["id"].startswith("jtmp_")
    patched = api.patch(f"/jwt_templates/{template['id']}", json={"name": "t2", "claims": {}})
    assert patched.json()["name"] == "t2"
    url = api.post("/redirect_urls", json={"url": "https://app.example/cb"}).json()
    assert api.get(f"/redirect_urls/{url['id']}").json()["url"] == "https://app.example/cb"
    assert len(api.get("/redirect_urls").json()) == 2


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "code", "param"),
    [
        ("POST", "/organizations", {}, 422, "form_param_missing", "name"),
        ("POST", "/organizations", {"name": 5}, 422, "form_param_format_invalid", "name"),
        (
            "POST",
            "/invitations",
            {"email_address": "a@b.c", "x": 1},
            422,
            "form_param_unknown",
            "x",
        ),
        ("POST", "/jwt_templates", {"name": "n"}, 422, "form_param_missing", "claims"),
        ("GET", "/users?limit=0", None, 422, "form_param_format_invalid", "limit"),
        ("GET", "/users?limit=ten", None, 422, "form_param_format_invalid", "limit"),
        ("GET", "/users?order_by=shoe_size", None, 422, "form_param_format_invalid", "order_by"),
        ("GET", "/sessions?status=sleeping", None, 422, "form_param_format_invalid", "status"),
        ("GET", "/api_keys", None, 422, "form_param_missing", "subject"),
        ("GET", "/no_such_thing", None, 404, "resource_not_found", None),
        ("DELETE", "/users", None, 404, "resource_not_found", None),
    ],
)
def test_requests_are_checked_against_the_spec(
    api: httpx.Client, method: str, path: str, body: Any, status: int, code: str, param: str | None
) -> None:
    response = api.request(method, path, json=body)
    assert response.status_code == status, response.text
    error = error_of(response)
    assert error["code"] == code
    assert error["meta"].get("param_name") == param


def test_malformed_json_is_a_400(api: httpx.Client) -> None:
    response = api.post(
        "/users", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400 and error_of(response)["code"] == "request_body_invalid"


@pytest.mark.parametrize(
    "header", [None, "sk_test_abc", "Bearer", "Bearer sk_live_abc", "Bearer sk_test_", "Basic x"]
)
def test_missing_or_malformed_keys_are_401(sandbox: Sandbox, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    status, _, body = sandbox.handle("GET", "/v1/users", "", headers)
    assert status == 401
    assert json.loads(body)["errors"][0]["code"] == "authentication_invalid"


def test_any_test_key_is_accepted(sandbox: Sandbox) -> None:
    status, _, _ = sandbox.handle("GET", "/v1/users", "", {"authorization": "bearer sk_test_x"})
    assert status == 200


# --------------------------------------------------------------------------- rate limit


@pytest.mark.sandbox_options(rate_limit=5, rate_window=10.0)
def test_rate_limit_per_key_then_429_with_retry_after(sandbox: Sandbox) -> None:
    now = [1000.0]
    assert sandbox.limiter is not None
    sandbox.limiter.clock = lambda: now[0]
    mine = {"Authorization": "Bearer sk_test_mine"}
    statuses = [sandbox.handle("GET", "/v1/users", "", mine)[0] for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    status, headers, body = sandbox.handle("GET", "/v1/users", "", mine)
    assert status == 429 and headers["Retry-After"] == "10"
    assert json.loads(body)["errors"][0]["code"] == "too_many_requests"
    other = {"Authorization": "Bearer sk_test_other"}
    assert sandbox.handle("GET", "/v1/users", "", other)[0] == 200  # limits are per key
    now[0] += 10.5
    assert sandbox.handle("GET", "/v1/users", "", mine)[0] == 200


def test_rate_limit_can_be_switched_off(sandbox: Sandbox) -> None:
    assert sandbox.limiter is None
    assert {sandbox.handle("GET", "/v1/jwks", "", AUTH)[0] for _ in range(150)} == {200}


# --------------------------------------------------------------------------- persistence


def test_state_file_keeps_the_world_between_runs(sandbox: Sandbox, tmp_path: Path) -> None:
    state = tmp_path / "world.json"
    first = Sandbox(sandbox.catalog, sandbox.schemas.document, seed=False, state_file=state)
    assert json.loads(state.read_text())["tables"] == {}
    first.handle("POST", "/v1/users", "", AUTH, b'{"email_address": ["kept@example.com"]}')
    second = Sandbox(sandbox.catalog, sandbox.schemas.document, state_file=state)
    status, _, body = second.handle("GET", "/v1/users", "", AUTH)
    assert status == 200
    assert [u["email_addresses"][0]["email_address"] for u in json.loads(body)] == [
        "kept@example.com"
    ]
    assert [p.name for p in tmp_path.iterdir()] == ["world.json"]  # no temp files left


def test_a_broken_state_file_is_a_config_error(sandbox: Sandbox, tmp_path: Path) -> None:
    state = tmp_path / "world.json"
    state.write_text("{half")
    with pytest.raises(ConfigError, match="not valid JSON"):
        Sandbox(sandbox.catalog, sandbox.schemas.document, state_file=state)


def test_a_sandbox_bug_is_a_500_not_a_crash(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.sandbox import routes

    def broken(ctx: object) -> None:
        raise KeyError("oops")

    monkeypatch.setitem(routes.ROUTES, "GET /users", broken)
    status, _, body = sandbox.handle("GET", "/v1/users", "", AUTH)
    assert status == 500
    assert json.loads(body)["errors"][0]["code"] == "internal_clerk_error"


def test_query_may_come_inside_the_path(sandbox: Sandbox) -> None:
    status, _, body = sandbox.handle("GET", "/v1/users?limit=2", "", AUTH)
    assert status == 200 and len(json.loads(body)) == 2


def test_the_spec_document_is_cached_between_starts(sandbox: Sandbox) -> None:
    from assistant.sandbox.document import cached_document, document_cache_file

    first = cached_document(sandbox.catalog)
    assert document_cache_file(sandbox.catalog).is_file()
    assert cached_document(sandbox.catalog) == first == sandbox.schemas.document
    document_cache_file(sandbox.catalog).write_bytes(b"not json")
    assert cached_document(sandbox.catalog) == first  # a broken cache is rebuilt
