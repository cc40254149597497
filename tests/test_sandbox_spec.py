"""Every operation of the newest spec answers with a body valid against its response schema."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from jsonschema import Draft7Validator

from assistant.models import Endpoint
from assistant.sandbox import SANDBOX_KEY, Sandbox
from assistant.sandbox.schemas import SchemaSet, to_json_schema
from assistant.sandbox.store import World
from assistant.spec import open_catalog
from tests.conftest import ALL_VERSIONS, SPECS_DIR

AUTH = {"Authorization": f"Bearer {SANDBOX_KEY}"}


def _first(sandbox: Sandbox, table: str) -> str:
    return next(iter(sandbox.world.table(table)))


def _path_values(sandbox: Sandbox, endpoint: Endpoint) -> dict[str, str]:
    """Ids of seeded objects for stateful routes; any value for synthesized ones."""
    invites = "organization_invitations" if "/organizations/" in endpoint.path else "invitations"
    identifiers = (
        "allowlist_identifiers" if "allowlist" in endpoint.path else "blocklist_identifiers"
    )
    known = {
        "user_id": "users",
        "organization_id": "organizations",
        "session_id": "sessions",
        "template_id": "jwt_templates",
        "id": "redirect_urls",
        "waitlist_entry_id": "waitlist_entries",
        "invitation_id": invites,
        "identifier_id": identifiers,
    }
    values = {p.name: f"{p.name}_sandbox" for p in endpoint.path_params}
    for name in values:
        if name in known and not endpoint.path.startswith(("/sign_ups", "/machines")):
            values[name] = _first(sandbox, known[name])
    if "/memberships/{user_id}" in endpoint.path:  # a user who is a member of the org
        member = next(iter(sandbox.world.table("memberships").values()))
        values["organization_id"] = member["organization"]["id"]
        values["user_id"] = member["public_user_data"]["user_id"]
    if "/invitations/{invitation_id}" in endpoint.path and "organization_id" in values:
        invite = sandbox.world.table("organization_invitations")[values["invitation_id"]]
        values["organization_id"] = invite["organization_id"]
    return values


def _body(sandbox: Sandbox, endpoint: Endpoint, users: list[str]) -> bytes:
    if endpoint.body is None or endpoint.body.content_type != "application/json":
        return b""
    operation = sandbox.schemas.document["paths"]["/" + endpoint.path.lstrip("/")]
    schema = operation[endpoint.method.lower()]["requestBody"]["content"]["application/json"]
    value = sandbox.shapes.synthesizer.value(schema["schema"])
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict) and "user_id" in item:
            item["user_id"] = users[-1]  # an existing user who is in no organization
    return json.dumps(value).encode()


def _required_query(endpoint: Endpoint) -> dict[str, str]:
    query = {}
    for param in endpoint.query_params:
        if param.required:
            sample = "1" if param.type == "integer" else "user_" + "0" * 27
            query[param.name] = param.enum[0] if param.enum else sample
    return query


def _concrete(endpoint: Endpoint, values: dict[str, str]) -> str:
    return "/v1" + endpoint.path.format(**values)


def check_every_operation(sandbox: Sandbox) -> tuple[int, list[str]]:
    """Call each operation once on a fresh copy of the seeded world; list what went wrong."""
    snapshot = copy.deepcopy(sandbox.world.to_json())
    users = list(sandbox.world.table("users"))
    failures: list[str] = []
    for endpoint in sandbox.catalog:
        sandbox.world = World.from_json(copy.deepcopy(snapshot))
        values = _path_values(sandbox, endpoint)
        body = _body(sandbox, endpoint, users)
        status, _, raw = sandbox.handle(
            endpoint.method, _concrete(endpoint, values), _required_query(endpoint), AUTH, body
        )
        problem = _problem(sandbox, endpoint, status, raw)
        if problem:
            failures.append(f"{endpoint.key} -> {status}: {problem}")
    return len(sandbox.catalog), failures


def test_every_operation_answers_valid_against_its_response_schema(sandbox: Sandbox) -> None:
    checked, failures = check_every_operation(sandbox)
    assert checked == 249  # all operations of the newest spec
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("version", ALL_VERSIONS[:-1])
def test_older_specs_work_too(version: str) -> None:
    catalog = open_catalog(version, env={"CLERK_ASSISTANT_SPECS_DIR": str(SPECS_DIR)})
    checked, failures = check_every_operation(Sandbox(catalog, rate_limit=None))
    assert checked > 200
    assert failures == [], "\n".join(failures)


def _problem(sandbox: Sandbox, endpoint: Endpoint, status: int, raw: bytes) -> str | None:
    expected = endpoint.success.status if endpoint.success else "200"
    if str(status) != expected:
        return raw.decode()[:300]
    ref = sandbox.response_pointer(endpoint)
    if ref is None:
        return None if raw == b"" else "expected an empty body"
    errors = list(sandbox.schemas.validator(ref).iter_errors(json.loads(raw)))
    return "; ".join(f"{list(e.absolute_path)}: {e.message}"[:200] for e in errors[:3]) or None


def test_headers_say_which_answers_are_stateful_or_synthesized(sandbox: Sandbox) -> None:
    _, stateful, _ = sandbox.handle("GET", "/v1/users", "", AUTH)
    _, synthesized, _ = sandbox.handle("GET", "/v1/jwks", "", AUTH)
    assert stateful["X-Clerk-Sandbox"] == "stateful"
    assert synthesized["X-Clerk-Sandbox"] == "synthesized"


# ------------------------------------------------------------------ the validator has teeth


def test_nullable_becomes_a_null_alternative() -> None:
    schema = to_json_schema({"type": "string", "nullable": True, "enum": ["a"]})
    assert Draft7Validator(schema).is_valid(None)
    assert Draft7Validator(schema).is_valid("a")
    assert not Draft7Validator(schema).is_valid("b")
    assert not Draft7Validator(to_json_schema({"type": "string"})).is_valid(None)


def test_boolean_exclusive_minimum_becomes_draft7() -> None:
    schema = to_json_schema({"type": "integer", "minimum": 0, "exclusiveMinimum": True})
    assert not Draft7Validator(schema).is_valid(0)
    assert Draft7Validator(schema).is_valid(1)


@pytest.mark.parametrize(
    "breakage",
    [
        lambda u: u.pop("id"),
        lambda u: u.update(created_at="yesterday"),
        lambda u: u.update(unexpected_field=1),
        lambda u: u["email_addresses"][0].update(verification={"status": "made-up"}),
        lambda u: u.update(first_name=None, banned=None),
    ],
)
def test_response_validation_catches_a_broken_user(
    sandbox: Sandbox, breakage: Any, sandbox_document: dict[str, Any]
) -> None:
    person = copy.deepcopy(next(iter(sandbox.world.table("users").values())))
    endpoint = sandbox.catalog.get("GET", "/users/{user_id}")
    assert endpoint is not None
    validator = SchemaSet(sandbox_document).validator(sandbox.response_pointer(endpoint) or "")
    assert validator.is_valid(person)
    breakage(person)
    assert not validator.is_valid(person)
