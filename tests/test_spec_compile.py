"""The compiler on every published spec version."""

from __future__ import annotations

import pytest

from assistant.spec import compile_summary, open_catalog
from tests.conftest import ALL_VERSIONS, SPECS_DIR

EXPECTED_OPERATIONS = {
    "2021-02-05": 212,
    "2024-10-01": 219,
    "2025-04-10": 219,
    "2025-11-10": 239,
    "2026-05-12": 249,
}


@pytest.mark.parametrize("version", ALL_VERSIONS)
def test_every_version_compiles_with_its_operation_count(version: str) -> None:
    catalog = open_catalog(version, env={"CLERK_ASSISTANT_SPECS_DIR": str(SPECS_DIR)})
    summary = compile_summary(catalog)
    assert summary["operations"] == EXPECTED_OPERATIONS[version]
    assert catalog.version == version
    assert all(e.path.startswith("/") and not e.path.startswith("/v1/") for e in catalog)


def test_newest_has_37_deletes(catalog) -> None:
    assert compile_summary(catalog)["delete"] == 37


def test_shared_limit_parameter_ref_is_resolved(catalog) -> None:
    limit = catalog.get("GET", "/users").param("limit")
    assert limit is not None and limit.type == "integer"
    assert (limit.minimum, limit.maximum, limit.default) == (1, 500, 10)


def test_array_body_of_bulk_invitations(catalog) -> None:
    body = catalog.get("POST", "/invitations/bulk").body
    assert body is not None and body.is_array
    assert body.field("email_address").required
    assert body.max_items == 10


def test_concrete_path_matches_template_and_literal_beats_parameter(catalog) -> None:
    endpoint, params = catalog.match("DELETE", "/v1/users/user_123")
    assert endpoint.key == "DELETE /users/{user_id}" and params == {"user_id": "user_123"}
    endpoint, params = catalog.match("GET", "/users/count")
    assert endpoint.operation_id == "GetUsersCount" and params == {}


def test_threads_matching_paths_at_once_on_a_fresh_catalog_all_find_them() -> None:
    """The template list is built on first use; server threads that match at that moment
    must never see it half built (a user's lock answered 404 'route not found')."""
    import threading

    env = {"CLERK_ASSISTANT_SPECS_DIR": str(SPECS_DIR)}
    for _ in range(20):
        fresh = open_catalog("2026-05-12", env=env, download=False)
        found: list[object] = []
        go = threading.Barrier(8)

        def match(catalog=fresh, results=found, start=go) -> None:
            start.wait()
            results.append(catalog.match("POST", "/v1/users/user_2x/lock"))

        threads = [threading.Thread(target=match) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(found) == 8 and None not in found
        assert len(fresh._template_patterns()) == len(fresh.endpoints)
