"""Planner mechanisms that need more than one sentence -> call case.

The sentence -> call cases live in tests/data/cases/ (one JSONL file per mechanism, run by
tests/test_cases.py). What stays here checks more than a call: the values the slot
extractor finds, a call that must not carry a value, the same plan for the same words, a
field filled from a choice set aside, and parametrised families of wordings.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from assistant.models import Plan
from assistant.planning.base import PlanContext
from assistant.planning.filling import Request, fill
from assistant.planning.lexicon import rewrite, tokens
from assistant.planning.local import LocalPlanner
from assistant.planning.slots import extract
from assistant.spec import Catalog

NOW = datetime(2026, 5, 19, 12, tzinfo=timezone.utc)
USER = "user_2pQ7rT9vWxYz1AbCdEfGhIjKlMn"
ORG = "org_2pQ7rT9vWxYz1AbCdEfGhIjKlMn"


def planned(catalog: Catalog, text: str):
    """The planner's output for `text`, whatever it is."""
    return LocalPlanner().plan(text, PlanContext(catalog, now=NOW))


def plan(catalog: Catalog, text: str) -> Plan:
    output = planned(catalog, text)
    assert isinstance(output, Plan), output
    return output


def only_call(catalog: Catalog, text: str):
    steps = plan(catalog, text).steps
    assert len(steps) == 1, steps
    return steps[0]


def only(catalog: Catalog, text: str) -> tuple[str, str, dict]:
    """The one step's method, path and every value (path, query and body, merged)."""
    step = only_call(catalog, text)
    body = step.body if isinstance(step.body, dict) else {}
    return step.method, step.path, {**step.path_params, **step.query, **body}


def calls(catalog: Catalog, text: str) -> list[tuple[str, str, dict]]:
    out = []
    for step in plan(catalog, text).steps:
        body = step.body if isinstance(step.body, dict) else {}
        out.append((step.method, step.path, {**step.path_params, **step.query, **body}))
    return out


# --------------------------------------------------------------------------- values found


def test_a_number_inside_quotes_is_no_quantity() -> None:
    assert extract('password "abc-2030" for 3 days', NOW).quantities[0].value == 3 * 86400
    assert len(extract('password "abc-2030"', NOW).quantities) == 0


def test_a_colon_before_labelled_values_makes_no_metadata_pair() -> None:
    assert extract("a test login: username tester_7, email t@x.io", NOW).pairs == {}
    assert extract('set plan: "team" next to it', NOW).pairs == {"plan": "team"}


def test_digits_joined_to_a_word_or_a_month_are_no_quantities() -> None:
    slots = extract("import them with legacy id acct-90817 from the June 2025 export", NOW)
    assert slots.quantities == []


def test_a_time_of_day_is_no_quantity() -> None:
    assert extract("anyone who signed up on 2025-10-04 (09:30 UTC)", NOW).quantities == []


def test_a_choice_set_aside_is_not_taken_and_goes_to_the_field_it_names(catalog: Catalog) -> None:
    endpoint = catalog.get("POST", "/users")
    assert endpoint is not None
    text = "new account +15550001234, keep the phone as reserved rather than verified"
    slots = extract(text, NOW)
    request = Request(slots, text, rewrite(text), set(tokens(rewrite(slots.words))), now=NOW)
    values = fill(endpoint, request).values
    assert values.get("phone_number_identification_status") == ["reserved"], values
    assert "email_address_identification_status" not in values


# --------------------------------------------------------------------------- plans


def test_one_quoted_value_fills_one_field_and_holds_no_number(catalog: Catalog) -> None:
    call = only_call(catalog, 'create a user dev9@mill.example with password "Mill-1999-x"')
    assert call.body["password"] == "Mill-1999-x"
    assert "password_digest" not in call.body and "password_hasher" not in call.body
    assert not any(v == 1999 for v in call.body.values())


def test_one_quoted_name_fills_the_paths_one_free_text_parameter(catalog: Catalog) -> None:
    call = only_call(catalog, "put the 'verification_code' sms template back to how Clerk ships it")
    assert call.path_params.get("slug") == "verification_code", call


@pytest.mark.parametrize("who", ["bob@acme.io", "+14155550123", "ana.lima@example.org"])
def test_removing_a_person_named_by_email_or_phone_from_an_org_removes_the_membership(
    catalog: Catalog, who: str
) -> None:
    org = "org_2abcdefghijklmnopqrstuvwxyz1"
    out = LocalPlanner().plan(f"remove {who} from {org}", PlanContext(catalog))
    assert isinstance(out, Plan)
    keys = [f"{s.method} {s.path}" for s in out.steps]
    assert keys == ["GET /users", "DELETE /organizations/{organization_id}/memberships/{user_id}"]
    assert out.steps[1].path_params == {"organization_id": org, "user_id": "{{1.0.id}}"}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("remove the email bob@x.io from user_2abcdefghijklmnopqrstuvwxyz1", "bob@x.io"),
        ("delete the phone +14155550123 from user_2abcdefghijklmnopqrstuvwxyz1", "+14155550123"),
    ],
)
def test_a_value_said_to_be_removed_is_never_written_as_the_new_one(
    catalog: Catalog, text: str, value: str
) -> None:
    out = LocalPlanner().plan(text, PlanContext(catalog))
    written = [s.body for s in out.steps if s.method != "GET"] if isinstance(out, Plan) else []
    assert all(value not in str(body) for body in written)


@pytest.mark.parametrize(
    "text",
    [
        "sign user_2abcdefghijklmnopqrstuvwxyz1 out everywhere",
        "revoke all sessions of user_2abcdefghijklmnopqrstuvwxyz1",
        "log user_2abcdefghijklmnopqrstuvwxyz1 out of every device",
    ],
)
def test_an_irreversible_action_is_proposed_only_when_named(catalog: Catalog, text: str) -> None:
    out = LocalPlanner().plan(text, PlanContext(catalog))
    paths = [s.path for s in out.steps] if isinstance(out, Plan) else []
    assert not any(p.endswith(("remove_password", "set_compromised")) for p in paths)


@pytest.mark.parametrize(
    ("text", "ending"),
    [
        ("remove user_2abcdefghijklmnopqrstuvwxyz1's password", "/remove_password"),
        ("mark user_2abcdefghijklmnopqrstuvwxyz1's password as compromised", "/set_compromised"),
        ("boot sess_2abcdefghijklmnopqrstuvwxyz1, the laptop was stolen", "/revoke"),
    ],
)
def test_a_named_irreversible_action_is_still_found(
    catalog: Catalog, text: str, ending: str
) -> None:
    out = LocalPlanner().plan(text, PlanContext(catalog))
    assert isinstance(out, Plan) and out.steps[-1].path.endswith(ending)


def test_unlinking_an_external_account_by_its_id(catalog: Catalog) -> None:
    text = f"unlink eac_2pQ7rT9vWxYz1AbCdEfGhIjKlMn from {USER}"
    method, path, values = only(catalog, text)
    assert (method, path) == ("DELETE", "/users/{user_id}/external_accounts/{external_account_id}")
    assert values["external_account_id"].startswith("eac_")


def test_look_him_up_and_add_him_makes_a_membership_not_an_invitation(catalog: Catalog) -> None:
    text = f"raj@harbor.dev has an account already; look him up and add him to {ORG} as a member"
    found = calls(catalog, text)
    assert [c[:2] for c in found] == [
        ("GET", "/users"),
        ("POST", "/organizations/{organization_id}/memberships"),
    ]
    assert found[1][2]["user_id"] == "{{1.0.id}}"


def test_the_same_call_said_twice_is_planned_once(catalog: Catalog) -> None:
    text = "Which orgs is mo@harbor.dev in? Find her account first, then list her memberships."
    found = calls(catalog, text)
    assert [c[:2] for c in found] == [
        ("GET", "/users"),
        ("GET", "/users/{user_id}/organization_memberships"),
    ]


def test_biggest_first_is_a_direction_not_first_name(catalog: Catalog) -> None:
    _, _, values = only(catalog, f"members of {ORG}, newest first")
    assert values.get("order_by") == "-created_at"


def test_an_array_setting_takes_every_choice_named(catalog: Catalog) -> None:
    text = (
        "in the instance's organization settings, allow automatic invitation and automatic "
        "suggestion as domain enrollment modes"
    )
    _, path, values = only(catalog, text)
    assert path == "/instance/organization_settings"
    assert set(values["domains_enrollment_modes"]) == {
        "automatic_invitation",
        "automatic_suggestion",
    }


def test_a_query_that_matches_no_email_never_takes_one(catalog: Catalog) -> None:
    steps = plan(catalog, "what plan is lu@harbor.dev subscribed to?").steps
    assert [(s.method, s.path) for s in steps] == [
        ("GET", "/users"),
        ("GET", "/users/{user_id}/billing/subscription"),
    ]


def test_a_note_on_how_to_do_it_is_not_the_order(catalog: Catalog) -> None:
    text = "sign-in token for lu@harbor.dev, 10 min expiry. look the user up by email first"
    steps = plan(catalog, text).steps
    assert [(s.method, s.path) for s in steps] == [("GET", "/users"), ("POST", "/sign_in_tokens")]
    assert steps[1].body["expires_in_seconds"] == 600


def test_after_that_starts_a_second_step(catalog: Catalog) -> None:
    text = 'create an org permission "Ship it" with key org:ship:it, after that attach it to role '
    text += "rol_2pQ7rT9vWxYz1AbCdEfGhIjKlMn"
    steps = plan(catalog, text).steps
    assert [s.path for s in steps] == [
        "/organization_permissions",
        "/organization_roles/{organization_role_id}/permissions/{permission_id}",
    ]


def test_a_required_idempotency_key_is_derived_not_asked(catalog: Catalog) -> None:
    text = f"put $9 of credit on {USER}'s balance"
    first = only(catalog, text)[2]["idempotency_key"]
    again = only(catalog, text)[2]["idempotency_key"]
    other = only(catalog, f"put $10 of credit on {USER}'s balance")[2]["idempotency_key"]
    assert first == again != other  # the same request twice is applied once
    assert first.startswith("ca-")


def test_an_impossible_date_is_no_filter_and_no_crash(catalog: Catalog) -> None:
    text = "list users created after 2026-13-45"
    output = LocalPlanner().plan(text, PlanContext(catalog, now=NOW))
    assert isinstance(output, Plan)
    assert not any("created_at" in k for s in output.steps for k in s.query)


@pytest.mark.parametrize(
    "text",
    [
        "whose account is the number +447700900123 attached to?",
        "which user has the email ana@example.com",
        "delete the user with email ana@example.com",
    ],
)
def test_a_second_catalog_of_the_same_spec_plans_the_same(catalog: Catalog, text: str) -> None:
    """The ranking index is shared by every catalog of one spec, so the endpoints it hands
    back come from the first catalog opened: the planner must compare them by value (once,
    "the lookup is the whole answer" was an identity check and a second catalog, as a
    second test or `--read-state` opens, got an extra lookup)."""
    from assistant.spec import open_catalog

    from .conftest import NEWEST, SPECS_DIR

    planned(catalog, text)  # the shared index is built from this catalog
    again = open_catalog(NEWEST, env={"CLERK_ASSISTANT_SPECS_DIR": str(SPECS_DIR)}, download=False)
    assert again is not catalog
    first, second = planned(catalog, text), planned(again, text)
    assert isinstance(first, Plan) and isinstance(second, Plan)
    assert second.to_json() == first.to_json()
