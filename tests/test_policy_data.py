"""The policy data matches the newest spec, so it cannot rot silently."""

from __future__ import annotations

import pytest

from assistant import policy_data as data
from assistant.guardrail import effects_for, resource_slug, risk_of
from assistant.models import Call
from assistant.spec import open_catalog
from tests.conftest import ALL_VERSIONS, NEWEST, SPECS_DIR
from tests.guardrail_helpers import verdict_of

_NEWEST = open_catalog(NEWEST, env={"CLERK_ASSISTANT_SPECS_DIR": str(SPECS_DIR)}, download=False)
DELETES = [e for e in _NEWEST if e.method == "DELETE"]
DESTRUCTIVE = [e for e in _NEWEST if risk_of(e.method, e) == "destructive"]


def test_the_newest_spec_has_37_deletes_and_the_data_names_each_once() -> None:
    assert len(DELETES) == 37
    assert set(data.DELETE_EFFECTS) == {e.key for e in DELETES}


@pytest.mark.parametrize("key", sorted(data.IRREVERSIBLE_EFFECTS))
def test_every_irreversible_operation_exists_and_is_not_a_delete(key: str) -> None:
    method, path = key.split(" ", 1)
    assert method != "DELETE"
    assert _NEWEST.get(method, path) is not None, f"{key} is not in spec {NEWEST}"


@pytest.mark.parametrize("endpoint", DESTRUCTIVE, ids=lambda e: e.key)
def test_every_destructive_operation_has_its_own_effects_and_needs_typing(endpoint) -> None:
    effects = effects_for(endpoint)
    assert len(effects) == 1 and len(effects[0]) > 40
    params = {p.name: _valid_id(p.name) for p in endpoint.path_params}
    verdict = verdict_of(_NEWEST, Call(endpoint.method, endpoint.path, params), "write,delete")
    assert verdict.risk == "destructive"
    assert verdict.confirm == "typed"
    assert verdict.effects == tuple(effects)
    expected = list(params.values())[-1] if params else "delete"
    assert verdict.typed_token == expected


def test_effects_sentences_are_specific_not_copies() -> None:
    # Two operations may share a sentence only when they do the same thing.
    sentences = list(data.DELETE_EFFECTS.values()) + list(data.IRREVERSIBLE_EFFECTS.values())
    shared = {s for s in sentences if sentences.count(s) > 1}
    assert shared <= {data.IRREVERSIBLE_EFFECTS["POST /instance/change_domain"]}


def test_user_deletion_names_everything_it_destroys() -> None:
    text = data.DELETE_EFFECTS["DELETE /users/{user_id}"]
    for lost in (
        "sessions",
        "organization memberships",
        "email addresses",
        "phone numbers",
        "external accounts",
        "metadata",
    ):
        assert lost in text


def test_ordinary_writes_and_reads_have_no_effects() -> None:
    for key in ("POST /organizations", "GET /users", "PATCH /users/{user_id}/metadata"):
        method, path = key.split(" ", 1)
        endpoint = _NEWEST.get(method, path)
        assert endpoint is not None and effects_for(endpoint) == []


def test_id_prefix_parameters_exist_in_the_spec() -> None:
    names = {p.name for e in _NEWEST for p in e.path_params}
    assert set(data.ID_PREFIXES) <= names
    for prefixes in data.ID_PREFIXES.values():
        assert all(p.endswith("_") and p[:-1].isalpha() for p in prefixes)


def test_replacements_point_from_deprecated_to_live_endpoints() -> None:
    for old, new in data.REPLACEMENTS.items():
        old_endpoint = _NEWEST.get(*old.split(" ", 1))
        new_endpoint = _NEWEST.get(*new.split(" ", 1))
        assert old_endpoint is not None and old_endpoint.deprecated, old
        assert new_endpoint is not None and not new_endpoint.deprecated, new


def test_resource_aliases_name_real_tags() -> None:
    slugs = {resource_slug(t) for t in _NEWEST.tags()}
    assert set(data.RESOURCE_ALIASES) <= slugs


def _valid_id(name: str) -> str:
    return data.ID_PREFIXES.get(name, ("x_",))[0] + "2abc"


@pytest.mark.parametrize("version", ALL_VERSIONS)
def test_every_delete_of_every_version_is_destructive_with_effects(version: str) -> None:
    catalog = open_catalog(
        version, env={"CLERK_ASSISTANT_SPECS_DIR": str(SPECS_DIR)}, download=False
    )
    deletes = [e for e in catalog if e.method == "DELETE"]
    assert deletes
    for endpoint in deletes:
        params = {p.name: _valid_id(p.name) for p in endpoint.path_params}
        verdict = verdict_of(catalog, Call("DELETE", endpoint.path, params), "write,delete")
        assert verdict.risk == "destructive" and verdict.confirm == "typed", endpoint.key
        assert verdict.effects and all(len(e) > 20 for e in verdict.effects), endpoint.key
