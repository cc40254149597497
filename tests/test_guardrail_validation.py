"""Spec validation, risk, confirmation and warnings of single steps and plans."""

from __future__ import annotations

import pytest

from assistant.guardrail import Policy, check, parse_scopes
from assistant.models import Call, Plan
from tests.guardrail_helpers import call, verdict_of

ALL = "write,delete"


def _problems(catalog, step: Call) -> list[str]:
    return list(verdict_of(catalog, step, ALL).problems)


def test_valid_call_has_no_problems(catalog) -> None:
    step = Call("GET", "/users", {}, {"limit": 5, "email_address": ["a@b.co"], "banned": True})
    verdict = verdict_of(catalog, step)
    assert verdict.allowed and verdict.problems == () and verdict.risk == "read"


def test_unknown_endpoint_is_blocked_with_the_closest_real_ones(catalog) -> None:
    verdict = verdict_of(catalog, call("DELETE", "/user/{user_id}", user_id="user_1"), ALL)
    assert not verdict.allowed
    assert "no endpoint DELETE /user/{user_id}" in verdict.problems[0]
    assert "DELETE /users/{user_id}" in verdict.problems[0]


def test_existing_path_with_wrong_method_is_blocked(catalog) -> None:
    verdict = verdict_of(catalog, call("PUT", "/users/{user_id}", user_id="user_1"), ALL)
    assert not verdict.allowed and "closest" in verdict.problems[0]


def test_unknown_http_method_is_blocked(catalog) -> None:
    assert "unknown HTTP method" in _problems(catalog, call("TRACE", "/users"))[0]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "missing path parameter 'user_id'"),
        ({"user_id": ""}, "missing path parameter"),
        ({"user_id": "bob@acme.io"}, "should be a Clerk id like user_..."),
        ({"user_id": "org_123"}, "should be a Clerk id like user_..."),
        ({"user_id": "{user_id}"}, "still the placeholder"),
        ({"user_id": "user_1/../orgs"}, "one path segment"),
        ({"user_id": "user_1", "org_id": "org_1"}, "'org_id' is not part of"),
    ],
)
def test_path_parameter_problems(catalog, params: dict, message: str) -> None:
    problems = _problems(catalog, Call("DELETE", "/users/{user_id}", params))
    assert any(message in p for p in problems), problems


def test_id_shape_follows_the_parameter(catalog) -> None:
    assert not _problems(
        catalog, call("POST", "/sessions/{session_id}/revoke", session_id="sess_9")
    )
    assert not _problems(catalog, call("GET", "/sessions/{session_id}", session_id="sess_9"))
    bad = call("POST", "/sessions/{session_id}/revoke", session_id="user_9")
    assert "sess_..." in _problems(catalog, bad)[0]


def test_slug_accepted_where_the_spec_says_id_or_slug(catalog) -> None:
    by_slug = call("GET", "/organizations/{organization_id}", organization_id="acme-corp")
    assert not _problems(catalog, by_slug)
    delete = call("DELETE", "/organizations/{organization_id}", organization_id="acme-corp")
    assert "org_..." in _problems(catalog, delete)[0]


def test_references_must_point_to_earlier_steps(catalog) -> None:
    create = Call("POST", "/organizations", {}, {}, {"name": "Acme"})
    invite = Call(
        "POST",
        "/organizations/{organization_id}/invitations",
        {"organization_id": "{{1.id}}"},
        {},
        {
            "email_address": "bob@acme.io",
            "role": "org:admin",
            "inviter_user_id": "{{1.created_by}}",
        },
    )
    good = check(Plan((create, invite)), Policy(parse_scopes("write")), catalog)
    assert [v.allowed for v in good] == [True, True]
    backwards = check(Plan((invite, create)), Policy(parse_scopes("write")), catalog)
    assert not backwards[0].allowed
    assert "earlier steps" in backwards[0].problems[0]
    itself = Call("DELETE", "/users/{user_id}", {"user_id": "{{1.id}}"})
    assert "earlier steps" in verdict_of(catalog, itself, ALL).problems[0]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"limit": 0}, "below the minimum 1"),
        ({"limit": 501}, "above the maximum 500"),
        ({"limit": "ten"}, "must be an integer"),
        ({"limit": True}, "must be an integer"),
        ({"banned": "maybe"}, "must be a boolean"),
        ({"limt": 5}, "did you mean 'limit'"),
        ({"order_by": ["a", "b"]}, "takes one value"),
    ],
)
def test_query_problems(catalog, query: dict, message: str) -> None:
    problems = _problems(catalog, Call("GET", "/users", {}, query))
    assert any(message in p for p in problems), problems


def test_query_enum_is_enforced(catalog) -> None:
    endpoint = next(
        e
        for e in catalog
        for p in e.query_params
        if p.enum and not p.is_array and e.method == "GET"
    )
    param = next(p for p in endpoint.query_params if p.enum and not p.is_array)
    params = {p.name: "x_1" for p in endpoint.path_params}
    problems = _problems(catalog, Call("GET", endpoint.path, params, {param.name: "nonsense"}))
    assert any("is not one of" in p for p in problems), problems


def test_required_query_parameter(catalog) -> None:
    endpoint = next(e for e in catalog if any(p.required for p in e.query_params))
    params = {p.name: "x_1" for p in endpoint.path_params}
    problems = _problems(catalog, Call(endpoint.method, endpoint.path, params, {}, None))
    assert any("missing required query parameter" in p for p in problems), problems


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (None, "needs a JSON body with: name"),
        ({}, "missing required body field 'name'"),
        ({"name": 5}, "'name' must be a string, got 5"),
        ({"name": "A", "max_allowed_memberships": "ten"}, "must be an integer"),
        ({"name": "A", "max_allowed_memberships": True}, "must be an integer"),
        ({"name": "A", "public_metadata": []}, "must be an object"),
        ({"name": "A", "nmae": "x"}, "unknown body field 'nmae'"),
        (["A"], "takes a JSON object body"),
    ],
)
def test_body_problems(catalog, body, message: str) -> None:
    problems = _problems(catalog, Call("POST", "/organizations", {}, {}, body))
    assert any(message in p for p in problems), problems


def test_body_enum_and_array_items(catalog) -> None:
    bulk = [{"email_address": "a@b.co", "template_slug": "nope"}]
    problems = _problems(catalog, Call("POST", "/invitations/bulk", {}, {}, bulk))
    assert any("not one of invitation, waitlist_invitation" in p for p in problems)
    ban = Call("POST", "/users/ban", {}, {}, {"user_ids": ["user_1", 7]})
    assert any("must each be a string" in p for p in _problems(catalog, ban))


def test_array_bodies(catalog) -> None:
    ok = [{"email_address": f"p{i}@acme.io"} for i in range(3)]
    assert not _problems(catalog, Call("POST", "/invitations/bulk", {}, {}, ok))
    too_many = [{"email_address": f"p{i}@acme.io"} for i in range(11)]
    assert any(
        "maximum of 10" in p
        for p in _problems(catalog, Call("POST", "/invitations/bulk", {}, {}, too_many))
    )
    not_list = Call("POST", "/invitations/bulk", {}, {}, {"email_address": "a@b.co"})
    assert "takes a JSON array body" in _problems(catalog, not_list)[0]
    missing = Call("POST", "/invitations/bulk", {}, {}, [{"notify": True}])
    assert "item 1: missing required body field 'email_address'" in _problems(catalog, missing)


def test_body_on_an_endpoint_without_one(catalog) -> None:
    step = call("DELETE", "/users/{user_id}", {"reason": "spam"}, user_id="user_1")
    assert "takes no request body" in _problems(catalog, step)[0]


def test_references_are_accepted_for_any_type(catalog) -> None:
    create = Call("POST", "/organizations", {}, {}, {"name": "Acme"})
    uses = Call(
        "POST",
        "/organizations",
        {},
        {},
        {"name": "{{1.name}}", "max_allowed_memberships": "{{1.max_allowed_memberships}}"},
    )
    verdicts = check(Plan((create, uses)), Policy(parse_scopes("write")), catalog)
    assert verdicts[1].problems == ()


# --------------------------------------------------------------------------- risk + confirm


@pytest.mark.parametrize(
    ("step", "risk", "confirm", "token"),
    [
        (call("GET", "/users"), "read", "yes", None),
        (call("POST", "/organizations", {"name": "A"}), "write", "yes", None),
        (call("POST", "/users/{user_id}/lock", user_id="user_7"), "write", "yes", None),
        (call("DELETE", "/users/{user_id}", user_id="user_7"), "destructive", "typed", "user_7"),
        (
            call("POST", "/sessions/{session_id}/revoke", session_id="sess_7"),
            "destructive",
            "typed",
            "sess_7",
        ),
        (
            call("POST", "/users/{user_id}/password/set_compromised", user_id="user_7"),
            "destructive",
            "typed",
            "user_7",
        ),
        (call("DELETE", "/webhooks/svix"), "destructive", "typed", "delete"),
        (call("DELETE", "/users/{user_id}", user_id="{{1.id}}"), "destructive", "typed", "delete"),
        (
            call(
                "DELETE",
                "/organizations/{organization_id}/memberships/{user_id}",
                organization_id="org_1",
                user_id="user_2",
            ),
            "destructive",
            "typed",
            "user_2",
        ),
    ],
)
def test_risk_and_confirmation(catalog, step: Call, risk: str, confirm: str, token) -> None:
    verdict = verdict_of(catalog, step, ALL)
    assert (verdict.risk, verdict.confirm, verdict.typed_token) == (risk, confirm, token)


def test_auto_reads_only_relaxes_reads(catalog) -> None:
    assert verdict_of(catalog, call("GET", "/users"), auto_reads=True).confirm == "none"
    write = call("POST", "/organizations", {"name": "A"})
    assert verdict_of(catalog, write, ALL, auto_reads=True).confirm == "yes"
    delete = call("DELETE", "/users/{user_id}", user_id="user_1")
    assert verdict_of(catalog, delete, ALL, auto_reads=True).confirm == "typed"


def test_unknown_delete_is_still_destructive(catalog) -> None:
    verdict = verdict_of(catalog, call("DELETE", "/gadgets/{id}", id="g_1"), ALL, admin=True)
    assert verdict.risk == "destructive" and verdict.confirm == "typed" and not verdict.allowed
    assert verdict.effects


# --------------------------------------------------------------------------- warnings


def _warnings(catalog, step: Call, **policy) -> str:
    return "\n".join(verdict_of(catalog, step, ALL, **policy).warnings)


def test_metadata_replace_versus_merge(catalog) -> None:
    body = {"public_metadata": {"plan": "pro"}, "private_metadata": {"x": 1}}
    put = _warnings(catalog, call("PUT", "/users/{user_id}/metadata", body, user_id="user_1"))
    assert "writes public_metadata (readable by the frontend" in put
    assert "writes private_metadata (backend-only" in put
    assert "replaces the whole object" in put and "merges" not in put
    patch = _warnings(catalog, call("PATCH", "/users/{user_id}/metadata", body, user_id="user_1"))
    assert "merges" in patch and "replaces" not in patch
    unsafe = {"unsafe_metadata": {"theme": "dark"}}
    org = call(
        "PATCH", "/organizations/{organization_id}/metadata", unsafe, organization_id="org_1"
    )
    assert "frontend, so do not trust" in _warnings(catalog, org)


def test_metadata_detected_by_body_keys_on_create(catalog) -> None:
    text = _warnings(catalog, call("POST", "/organizations", {"name": "A", "public_metadata": {}}))
    assert "writes public_metadata" in text and "sets the initial value" in text
    assert "metadata" not in _warnings(catalog, call("POST", "/organizations", {"name": "A"}))


def test_production_warning_only_for_writes(catalog) -> None:
    write = call("POST", "/organizations", {"name": "A"})
    assert "production instance" in _warnings(catalog, write, production=True)
    assert "production instance" not in _warnings(catalog, write)
    assert "production instance" not in _warnings(catalog, call("GET", "/users"), production=True)


def test_bulk_warnings(catalog) -> None:
    many = [{"email_address": f"p{i}@acme.io"} for i in range(10)]
    assert "bulk: 10 items" in _warnings(catalog, call("POST", "/invitations/bulk", many))
    ids = {"user_ids": [f"user_{i}" for i in range(12)]}
    assert "bulk: 12 user_ids" in _warnings(catalog, call("POST", "/users/ban", ids))
    steps = tuple(call("POST", "/users/{user_id}/lock", user_id=f"user_{i}") for i in range(5))
    verdicts = check(Plan(steps), Policy(parse_scopes("write")), catalog)
    assert all("bulk: this plan has 5 write steps" in v.warnings for v in verdicts)
    few = check(Plan(steps[:2]), Policy(parse_scopes("write")), catalog)
    assert not any("bulk" in w for v in few for w in v.warnings)


def test_pagination_warnings(catalog) -> None:
    assert "at most 10 items (limit, max 500)" in _warnings(catalog, call("GET", "/users"))
    limited = Call("GET", "/users", {}, {"limit": 200})
    assert "at most 200 items" in _warnings(catalog, limited)
    assert "items" not in _warnings(catalog, call("GET", "/users/{user_id}", user_id="user_1"))


def test_deprecated_endpoints_name_their_replacement(catalog) -> None:
    saml = call("GET", "/saml_connections")
    assert "deprecated endpoint; use GET /enterprise_connections instead" in _warnings(
        catalog, saml
    )
    clients = _warnings(catalog, call("GET", "/clients"))
    assert "deprecated endpoint: it may be removed" in clients


def test_check_is_deterministic_and_does_not_touch_the_plan(catalog) -> None:
    plan = Plan((call("DELETE", "/users/{user_id}", user_id="user_1"), call("GET", "/users")))
    before = plan.to_json()
    policy = Policy(parse_scopes("write"))
    assert check(plan, policy, catalog) == check(plan, policy, catalog)
    assert plan.to_json() == before
