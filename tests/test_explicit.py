"""The explicit `METHOD /path[?query] [json]` form."""

from __future__ import annotations

import pytest

from assistant.errors import AssistantError
from assistant.models import Call
from assistant.planning.explicit import ExplicitRequestError, parse_explicit


def test_get_with_typed_query(catalog) -> None:
    call = parse_explicit(
        "GET /users?limit=5&banned=true&email_address=a@b.co&email_address=c@d.co"
        "&order_by=-created_at&offset=x",
        catalog,
    )
    assert call == Call(
        "GET",
        "/users",
        {},
        {
            "limit": 5,
            "banned": True,
            "email_address": ["a@b.co", "c@d.co"],
            "order_by": "-created_at",
            "offset": "x",  # left as text: the guardrail reports the wrong type
        },
        None,
        "explicit request",
    )


def test_single_value_of_an_array_parameter_is_a_list(catalog) -> None:
    call = parse_explicit("GET /users?user_id=user_1", catalog)
    assert call is not None and call.query == {"user_id": ["user_1"]}


def test_concrete_path_is_matched_to_its_template(catalog) -> None:
    call = parse_explicit("DELETE /users/user_2xAbc", catalog)
    assert call is not None
    assert (call.method, call.path, call.path_params) == (
        "DELETE",
        "/users/{user_id}",
        {"user_id": "user_2xAbc"},
    )


def test_literal_segments_beat_parameters(catalog) -> None:
    call = parse_explicit("GET /users/count", catalog)
    assert call is not None and call.path == "/users/count" and call.path_params == {}


def test_nested_path_and_url_decoding(catalog) -> None:
    call = parse_explicit("delete /organizations/org_1/memberships/user%5F2", catalog)
    assert call is not None
    assert call.path == "/organizations/{organization_id}/memberships/{user_id}"
    assert call.path_params == {"organization_id": "org_1", "user_id": "user_2"}


@pytest.mark.parametrize(
    "text",
    [
        "GET /v1/users/user_1",
        "get /users/user_1",
        "Get https://api.clerk.com/v1/users/user_1",
        "GET http://localhost:8080/v1/users/user_1/",
        "  GET   /users/user_1  ",
    ],
)
def test_prefixes_urls_and_case(catalog, text: str) -> None:
    call = parse_explicit(text, catalog)
    assert call is not None
    assert (call.method, call.path, call.path_params) == (
        "GET",
        "/users/{user_id}",
        {"user_id": "user_1"},
    )


def test_full_url_keeps_its_query(catalog) -> None:
    call = parse_explicit("GET https://api.clerk.com/v1/organizations?limit=3", catalog)
    assert call is not None and call.query == {"limit": 3}


def test_json_object_and_array_bodies(catalog) -> None:
    call = parse_explicit(
        'POST /organizations {"name": "Acme", "max_allowed_memberships": 5}', catalog
    )
    assert call is not None and call.body == {"name": "Acme", "max_allowed_memberships": 5}
    bulk = parse_explicit('POST /invitations/bulk [{"email_address": "a@b.co"}]', catalog)
    assert bulk is not None and bulk.body == [{"email_address": "a@b.co"}]
    multi = parse_explicit(
        'PATCH /users/user_1/metadata {\n  "public_metadata": {"a": 1}\n}', catalog
    )
    assert multi is not None and multi.body == {"public_metadata": {"a": 1}}


def test_references_in_paths_survive(catalog) -> None:
    call = parse_explicit("POST /organizations/{{1.id}}/invitations {}", catalog)
    assert call is not None
    assert call.path_params == {"organization_id": "{{1.id}}"}


def test_unknown_path_is_kept_for_the_guardrail_to_block(catalog) -> None:
    call = parse_explicit("DELETE /gadgets/g_1?force=true", catalog)
    assert call == Call("DELETE", "/gadgets/g_1", {}, {"force": "true"}, None, "explicit request")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "delete user bob",
        "get me all users",
        "show /users",
        "Who signed up this week?",
        "GETS /users",
        "please GET /users",
    ],
)
def test_not_explicit_returns_none(catalog, text: str) -> None:
    assert parse_explicit(text, catalog) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('POST /organizations {"name": "Acme"', "not valid JSON: Expecting ',' delimiter"),
        ("POST /organizations {name: 1}", "not valid JSON"),
        ("GET /users please", "expected a JSON body after GET /users"),
        ('POST /organizations "Acme"', "expected a JSON body"),
        ("GET http://[::1/users", "not a valid URL"),
    ],
)
def test_malformed_explicit_requests_raise_one_line(catalog, text: str, message: str) -> None:
    with pytest.raises(ExplicitRequestError, match=message.replace("[", r"\[")) as info:
        parse_explicit(text, catalog)
    assert isinstance(info.value, AssistantError)
    assert "\n" not in str(info.value)


def _concrete(endpoint) -> tuple[str, dict[str, str]]:
    from assistant.policy_data import ID_PREFIXES

    params = {p.name: ID_PREFIXES.get(p.name, ("x_",))[0] + "2Ab" for p in endpoint.path_params}
    path = endpoint.path
    for name, value in params.items():
        path = path.replace("{" + name + "}", value)
    return path, params


def test_every_endpoint_round_trips_through_its_concrete_path(catalog) -> None:
    for endpoint in catalog:
        path, params = _concrete(endpoint)
        call = parse_explicit(f"{endpoint.method} /v1{path}", catalog)
        assert call is not None, endpoint.key
        assert (call.path, call.path_params) == (endpoint.path, params), endpoint.key
