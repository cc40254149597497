"""Mechanisms for wording found in the fifth round of unseen requests.

Each test states a behaviour in wording of its own, not a benchmark request.
"""

from __future__ import annotations

from datetime import datetime, timezone

from assistant.models import Clarification, Plan
from assistant.planning.base import PlanContext
from assistant.planning.local import LocalPlanner
from assistant.spec import Catalog

NOW = datetime(2026, 5, 19, 12, tzinfo=timezone.utc)
USER = "user_2pQ7rT9vWxYz1AbCdEfGhIjKlMn"
ORG = "org_2pQ7rT9vWxYz1AbCdEfGhIjKlMn"


def plan(catalog: Catalog, text: str) -> Plan:
    output = LocalPlanner().plan(text, PlanContext(catalog, now=NOW))
    assert isinstance(output, Plan), output
    return output


def only(catalog: Catalog, text: str) -> tuple[str, str, dict]:
    steps = plan(catalog, text).steps
    assert len(steps) == 1, steps
    step = steps[0]
    body = step.body if isinstance(step.body, dict) else {}
    return step.method, step.path, {**step.path_params, **step.query, **body}


# --------------------------------------------------------------------------- labelled values


def test_field_label_then_a_capitalised_value(catalog: Catalog) -> None:
    text = f"{USER} needs a correction - first name Marguerite, last name de la Cruz-Ortiz"
    method, path, values = only(catalog, text)
    assert (method, path) == ("PATCH", "/users/{user_id}")
    assert values["first_name"] == "Marguerite"


def test_a_labelled_value_keeps_its_pipe(catalog: Catalog) -> None:
    text = "add a user ops@harbor.dev with external id okta|00u1abcd and username harbor_ops"
    _, _, values = only(catalog, text)
    assert values["external_id"] == "okta|00u1abcd"
    assert values["username"] == "harbor_ops"


def test_no_password_required_skips_the_requirement_only(catalog: Catalog) -> None:
    _, path, values = only(catalog, "new account for kim@harbor.dev, no password needed")
    assert path == "/users"
    assert values["skip_password_requirement"] is True
    assert "skip_user_requirement" not in values  # "user" is far from "requirement"


# --------------------------------------------------------------------------- flags


def test_a_permission_said_with_dont_let_is_switched_off(catalog: Catalog) -> None:
    text = f"stop letting admins of {ORG} delete that organization on their own"
    method, _, values = only(catalog, text)
    assert method == "PATCH"
    assert values["admin_delete_enabled"] is False


def test_turning_a_resource_off_switches_its_active_flag(catalog: Catalog) -> None:
    text = "switch off enterprise connection entconn_2pQ7rT9vWxYz1AbCdEfGhIjKlMn until Monday"
    method, path, values = only(catalog, text)
    assert (method, path) == ("PATCH", "/enterprise_connections/{enterprise_connection_id}")
    assert values["active"] is False


def test_a_quoted_setting_label_names_its_flag_and_not_a_shorter_one(catalog: Catalog) -> None:
    text = "in restrictions, please enable 'Block email subaddresses'"
    method, path, values = only(catalog, text)
    assert (method, path) == ("PATCH", "/instance/restrictions")
    assert values == {"block_email_subaddresses": True}


def test_a_missing_change_is_still_a_question(catalog: Catalog) -> None:
    output = LocalPlanner().plan(f"update {ORG}", PlanContext(catalog, now=NOW))
    assert isinstance(output, Clarification)
