"""Scopes: parsing, and every method x scope set x admin case against a hand-written table."""

from __future__ import annotations

import pytest

from assistant.guardrail import parse_scopes, resource_names, resource_slug
from assistant.models import Call
from tests.guardrail_helpers import call, verdict_of

# One valid call per method, all on the Users resource.
CALLS: dict[str, Call] = {
    "GET": call("GET", "/users/{user_id}", user_id="user_1"),
    "POST": call("POST", "/users/{user_id}/lock", user_id="user_1"),
    "PUT": call("PUT", "/users/{user_id}/metadata", {"public_metadata": {}}, user_id="user_1"),
    "PATCH": call("PATCH", "/users/{user_id}", {"first_name": "Ada"}, user_id="user_1"),
    "DELETE": call("DELETE", "/users/{user_id}", user_id="user_1"),
}
WRITES = {"GET", "POST", "PUT", "PATCH"}
EVERYTHING = {*WRITES, "DELETE"}

# scope string -> methods it allows on /users (written by hand, not derived from the code).
TABLE: dict[str | None, set[str]] = {
    None: {"GET"},
    "": {"GET"},
    "read": {"GET"},
    "write": WRITES,
    "delete": {"GET"},
    "write,delete": EVERYTHING,
    "read write delete": EVERYTHING,
    "WRITE; Delete": EVERYTHING,
    "users:write": WRITES,
    "users:delete": {"GET"},
    "users:write,users:delete": EVERYTHING,
    "write, users:delete": EVERYTHING,
    "users:write delete": EVERYTHING,
    "user:write,user:delete": EVERYTHING,
    "write:users delete:users": EVERYTHING,
    "Users:Write": WRITES,
    "organizations:write,organizations:delete": {"GET"},
    "organizations:write, delete": {"GET"},
    "write,organizations:delete": WRITES,
    "bogus, users:destroy": {"GET"},
}


@pytest.mark.parametrize("admin", [False, True], ids=["user", "admin"])
@pytest.mark.parametrize("scopes", list(TABLE), ids=lambda s: repr(s))
@pytest.mark.parametrize("method", list(CALLS))
def test_method_scope_admin_matrix(catalog, method: str, scopes: str | None, admin: bool) -> None:
    verdict = verdict_of(catalog, CALLS[method], scopes, admin=admin)
    assert verdict.problems == ()
    granted = method in TABLE[scopes]
    assert verdict.allowed is (granted or admin)
    assert verdict.admin_bypass is (admin and not granted)
    assert bool(verdict.missing_scopes) is (not granted)
    if admin and not granted:
        assert any("admin mode" in w for w in verdict.warnings)
    if not admin and not granted:
        assert any("missing scope" in w and "--admin" in w for w in verdict.warnings)


@pytest.mark.parametrize(
    ("method", "required"),
    [
        ("GET", ("read",)),
        ("POST", ("write",)),
        ("PUT", ("write",)),
        ("PATCH", ("write",)),
        ("DELETE", ("write", "delete")),
    ],
)
def test_required_scopes_by_method(catalog, method: str, required: tuple[str, ...]) -> None:
    assert verdict_of(catalog, CALLS[method], "write,delete").required_scopes == required


def test_missing_scopes_name_exactly_what_is_missing(catalog) -> None:
    assert verdict_of(catalog, CALLS["DELETE"], "write").missing_scopes == ("delete",)
    assert verdict_of(catalog, CALLS["DELETE"], "delete").missing_scopes == ("write",)
    assert verdict_of(catalog, CALLS["DELETE"], None).missing_scopes == ("write", "delete")
    assert verdict_of(catalog, CALLS["GET"], None).missing_scopes == ()


def test_resource_grant_does_not_leak_to_other_tags(catalog) -> None:
    org_delete = call("DELETE", "/organizations/{organization_id}", organization_id="org_1")
    assert verdict_of(catalog, org_delete, "organizations:write,organizations:delete").allowed
    assert not verdict_of(catalog, org_delete, "users:write,users:delete").allowed
    # Email addresses are their own API tag: users:write does not cover them.
    email = call("DELETE", "/email_addresses/{email_address_id}", email_address_id="idn_1")
    assert not verdict_of(catalog, email, "users:write,users:delete").allowed
    assert verdict_of(catalog, email, "email_addresses:write,email_addresses:delete").allowed


def test_multi_word_tags_accept_obvious_spellings(catalog) -> None:
    member = call(
        "DELETE",
        "/organizations/{organization_id}/memberships/{user_id}",
        organization_id="org_1",
        user_id="user_1",
    )
    for spelling in (
        "organization_memberships",
        "organization-memberships",
        "Organization_Membership",
        "organizationmemberships",
        "memberships",
    ):
        scopes = f"{spelling}:write, {spelling}:delete"
        assert verdict_of(catalog, member, scopes).allowed, spelling


def test_parse_scopes_is_tolerant_and_reports_unknown_tokens() -> None:
    scopes = parse_scopes("  Write,,DELETE ;users:READ  frobnicate users:nuke ")
    assert scopes.grants == {"read", "write", "delete"}
    assert ("users", "read") in scopes.resources
    assert scopes.unknown == ("frobnicate", "users:nuke")
    assert parse_scopes(None).grants == {"read"}
    assert parse_scopes("").describe() == ["read"]
    assert parse_scopes("users:write,write").describe() == ["read", "write", "users:write"]


def test_unknown_tokens_and_resources_are_reported_in_verdicts(catalog) -> None:
    verdict = verdict_of(catalog, CALLS["POST"], "write, frobnicate, gadgets:write")
    assert verdict.allowed
    assert any("frobnicate" in w for w in verdict.warnings)
    assert any("gadgets" in w and "no API resource" in w for w in verdict.warnings)


def test_every_tag_has_a_slug_that_names_it(catalog) -> None:
    slugs = {resource_slug(tag) for tag in catalog.tags()}
    assert len(slugs) == len(catalog.tags())  # deterministic and collision-free
    assert resource_slug("Organization Memberships") == "organization_memberships"
    assert resource_slug("Allow-list / Block-list") == "allow_list_block_list"
    assert "allowlist" in resource_names("Allow-list / Block-list")
    for tag in catalog.tags():
        assert resource_slug(tag) in resource_names(tag)
