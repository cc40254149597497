"""Which GET reads what a write changes, found in the newest spec's catalog."""

from __future__ import annotations

import pytest

from assistant.models import Call
from assistant.reads import read_call, read_endpoint
from assistant.spec import Catalog


def call_for(catalog: Catalog, method: str, path: str) -> Call:
    endpoint = catalog.get(method, path)
    assert endpoint is not None, f"{method} {path} is not in the spec"
    return Call(method, path, {p.name: "x_1" for p in endpoint.path_params})


@pytest.mark.parametrize(
    ("method", "path", "read"),
    [
        ("PATCH", "/users/{user_id}", "/users/{user_id}"),
        ("DELETE", "/users/{user_id}", "/users/{user_id}"),
        ("POST", "/users/{user_id}/ban", "/users/{user_id}"),
        ("PATCH", "/users/{user_id}/metadata", "/users/{user_id}"),
        ("POST", "/users/{user_id}/password/set_compromised", "/users/{user_id}"),
        ("PATCH", "/organizations/{organization_id}", "/organizations/{organization_id}"),
        (
            "POST",
            "/organizations/{organization_id}/invitations/{invitation_id}/revoke",
            "/organizations/{organization_id}/invitations/{invitation_id}",
        ),
        ("POST", "/users", None),  # a create
        ("POST", "/users/ban", None),  # a bulk action
        ("POST", "/organizations/{organization_id}/invitations", None),  # a create in a list
        ("PATCH", "/organizations/{organization_id}/memberships/{user_id}", None),  # no GET
    ],
)
def test_the_read_for_a_write(catalog: Catalog, method: str, path: str, read: str | None) -> None:
    found = read_endpoint(catalog, call_for(catalog, method, path))
    assert (found.path if found else None) == read


def test_the_read_call_takes_the_write_s_path_values(catalog: Catalog) -> None:
    write = Call(
        "POST",
        "/organizations/{organization_id}/invitations/{invitation_id}/revoke",
        {"organization_id": "org_1", "invitation_id": "orginv_1"},
    )
    endpoint = read_endpoint(catalog, write)
    assert endpoint is not None
    get = read_call(write, endpoint)
    assert (get.method, get.path_params) == (
        "GET",
        {"organization_id": "org_1", "invitation_id": "orginv_1"},
    )


def test_every_read_found_in_the_spec_is_a_get_of_one_object(catalog: Catalog) -> None:
    for endpoint in catalog:
        if endpoint.method == "GET":
            continue
        found = read_endpoint(catalog, call_for(catalog, endpoint.method, endpoint.path))
        if found is not None:
            assert found.method == "GET" and found.path.endswith("}")
            assert endpoint.path.startswith(found.path)
