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


# --------------------------------------------------------------------------- wording


def test_last_sign_in_written_with_a_hyphen_filters_sign_ins(catalog: Catalog) -> None:
    _, _, values = only(catalog, "users whose most recent sign-in was before 2026-03-01")
    assert "last_sign_in_at_before" in values
    assert "created_at_before" not in values


def test_credit_given_goes_up_and_taken_back_goes_down(catalog: Catalog) -> None:
    _, path, given = only(catalog, f"grant {USER} a $12 credit, idempotency key comp-7781")
    assert path == "/users/{user_id}/billing/credits"
    assert (given["action"], given["amount"]) == ("increase", 1200)
    assert given["idempotency_key"] == "comp-7781"
    text = f"deduct $8 from the credit balance of {ORG}, idempotency key fix-19a"
    _, _, taken = only(catalog, text)
    assert taken["action"] == "decrease"


def test_being_logged_out_is_a_complaint_not_an_order(catalog: Catalog) -> None:
    text = "show me sess_2pQ7rT9vWxYz1AbCdEfGhIjKlMn, she keeps getting logged out"
    method, path, _ = only(catalog, text)
    assert (method, path) == ("GET", "/sessions/{session_id}")


def test_what_is_left_alone_is_not_asked_for(catalog: Catalog) -> None:
    text = f"wipe the authenticator app from {USER} but leave the rest of their mfa alone"
    _, path, _ = only(catalog, text)
    assert path == "/users/{user_id}/totp"


def test_unlinking_an_external_account_by_its_id(catalog: Catalog) -> None:
    text = f"unlink eac_2pQ7rT9vWxYz1AbCdEfGhIjKlMn from {USER}"
    method, path, values = only(catalog, text)
    assert (method, path) == ("DELETE", "/users/{user_id}/external_accounts/{external_account_id}")
    assert values["external_account_id"].startswith("eac_")


def test_not_sending_clerks_email_is_notify_false(catalog: Catalog) -> None:
    text = "invite pat@harbor.dev to the app, but don't send the invitation email"
    _, path, values = only(catalog, text)
    assert path == "/invitations"
    assert values["notify"] is False


def test_can_no_longer_switches_an_ability_off(catalog: Catalog) -> None:
    text = "instance-wide org settings: admins can no longer delete their organizations"
    _, path, values = only(catalog, text)
    assert path == "/instance/organization_settings"
    assert values["admin_delete_enabled"] is False


def test_a_lowercase_handle_is_a_value_not_an_id(catalog: Catalog) -> None:
    _, _, values = only(catalog, f"set the username of {USER} to dev_ops")
    assert values["username"] == "dev_ops"


def test_a_colon_before_a_sentence_is_no_metadata(catalog: Catalog) -> None:
    text = "for the load test: create a user lt@harbor.dev, Ana Lúcia style names welcome"
    _, path, values = only(catalog, text)
    assert path == "/users"
    assert "public_metadata" not in values


def test_an_accented_name_after_a_colon_is_the_person(catalog: Catalog) -> None:
    _, _, values = only(catalog, "make an account: Zoë Müller, zm@harbor.dev")
    assert (values["first_name"], values["last_name"]) == ("Zoë", "Müller")


def test_a_phone_given_with_a_user_is_added_not_a_reason_to_reset_mfa(catalog: Catalog) -> None:
    text = f"add +14155550123 to {USER} and reserve it for two-factor only"
    method, path, values = only(catalog, text)
    assert (method, path) == ("POST", "/phone_numbers")
    assert values["reserved_for_second_factor"] is True


# --------------------------------------------------------------------------- find, then act


def calls(catalog: Catalog, text: str) -> list[tuple[str, str, dict]]:
    out = []
    for step in plan(catalog, text).steps:
        body = step.body if isinstance(step.body, dict) else {}
        out.append((step.method, step.path, {**step.path_params, **step.query, **body}))
    return out


def test_find_by_email_and_act_looks_up_then_uses_the_id(catalog: Catalog) -> None:
    text = "track down the person behind ana.b@harbor.dev - find ana.b@harbor.dev and lock them"
    found = calls(catalog, text)
    assert found[0] == ("GET", "/users", {"email_address": ["ana.b@harbor.dev"]})
    assert found[1][:2] == ("POST", "/users/{user_id}/lock")
    assert found[1][2]["user_id"] == "{{1.0.id}}"


def test_look_him_up_and_add_him_makes_a_membership_not_an_invitation(catalog: Catalog) -> None:
    text = f"raj@harbor.dev has an account already; look him up and add him to {ORG} as a member"
    found = calls(catalog, text)
    assert [c[:2] for c in found] == [
        ("GET", "/users"),
        ("POST", "/organizations/{organization_id}/memberships"),
    ]
    assert found[1][2]["user_id"] == "{{1.0.id}}"


def test_the_phone_said_earlier_names_whom_to_find(catalog: Catalog) -> None:
    text = "The owner of +442071838750 asked to be forgotten. Locate that account and delete it."
    found = calls(catalog, text)
    assert found[0] == ("GET", "/users", {"phone_number": ["+442071838750"]})
    assert found[1][:2] == ("DELETE", "/users/{user_id}")


def test_a_username_names_whom_to_find(catalog: Catalog) -> None:
    found = calls(catalog, "find the user with username 'qa_robot' and ban them")
    assert found[0] == ("GET", "/users", {"username": ["qa_robot"]})
    assert found[1][:2] == ("POST", "/users/{user_id}/ban")


def test_their_after_a_lookup_clause_is_the_person_found(catalog: Catalog) -> None:
    found = calls(catalog, "find mo@harbor.dev, then list their active sessions")
    assert found[1][:2] == ("GET", "/sessions")
    assert found[1][2]["user_id"] == "{{1.0.id}}"


def test_the_same_call_said_twice_is_planned_once(catalog: Catalog) -> None:
    text = "Which orgs is mo@harbor.dev in? Find her account first, then list her memberships."
    found = calls(catalog, text)
    assert [c[:2] for c in found] == [
        ("GET", "/users"),
        ("GET", "/users/{user_id}/organization_memberships"),
    ]


def test_the_acting_admin_is_the_actor_and_the_person_found_the_subject(
    catalog: Catalog,
) -> None:
    text = (
        f"I'm {USER}. find lee@harbor.dev and get me an actor token to impersonate them "
        "(the actor is my user id)"
    )
    found = calls(catalog, text)
    assert found[1][:2] == ("POST", "/actor_tokens")
    assert found[1][2]["user_id"] == "{{1.0.id}}"
    assert found[1][2]["actor"] == {"sub": USER}


def test_a_label_before_a_colon_does_not_steer_the_order(catalog: Catalog) -> None:
    method, path, _ = only(catalog, "for the load test: create a user lt@harbor.dev")
    assert (method, path) == ("POST", "/users")


# --------------------------------------------------------------------------- sorting, choices


def test_most_members_sorts_organizations_by_member_count(catalog: Catalog) -> None:
    method, path, values = only(catalog, "which 3 orgs have the most members?")
    assert (method, path) == ("GET", "/organizations")
    assert values["order_by"] == "-members_count"


def test_biggest_first_is_a_direction_not_first_name(catalog: Catalog) -> None:
    _, _, values = only(catalog, f"members of {ORG}, newest first")
    assert values.get("order_by") == "-created_at"


DOMAIN = "orgdmn_2pQ7rT9vWxYz1AbCdEfGhIjKlMn"


def test_a_switch_from_one_choice_to_another_takes_the_second(catalog: Catalog) -> None:
    text = f"on {ORG}, move domain {DOMAIN} from auto invitations to suggestions"
    method, path, values = only(catalog, text)
    assert (method, path) == ("PATCH", "/organizations/{organization_id}/domains/{domain_id}")
    assert values["enrollment_mode"] == "automatic_suggestion"


def test_a_choice_said_after_instead_of_is_not_taken(catalog: Catalog) -> None:
    text = (
        f"change {DOMAIN} of {ORG} so matching people get a suggestion instead of an "
        "automatic invitation"
    )
    _, _, values = only(catalog, text)
    assert values["enrollment_mode"] == "automatic_suggestion"


def test_a_word_that_begins_like_a_choice_is_not_that_choice(catalog: Catalog) -> None:
    text = "users whose last activity was before 2026-01-01 00:00 UTC"
    method, path, values = only(catalog, text)
    assert (method, path) == ("GET", "/users")
    assert "last_active_at_before" in values


# --------------------------------------------------------------------------- more wording


def test_a_capitalised_name_after_the_thing_created_is_its_name(catalog: Catalog) -> None:
    _, path, values = only(catalog, f"spin up org Blue Heron Studio, {USER} is the creator")
    assert path == "/organizations"
    assert values["name"] == "Blue Heron Studio"
    assert values["created_by"] == USER


def test_a_quote_given_as_a_named_field(catalog: Catalog) -> None:
    text = f'add $5 of credit to {USER}, idempotency key ab-12, and "sorry!" as the note'
    _, _, values = only(catalog, text)
    assert values["note"] == "sorry!"


def test_a_value_in_brackets_loses_the_bracket(catalog: Catalog) -> None:
    text = 'create a permission "Read logs" (key org:logs:read)'
    _, _, values = only(catalog, text)
    assert values["key"] == "org:logs:read"


def test_countries_named_in_brackets_are_the_country_codes(catalog: Catalog) -> None:
    text = "SMS fraud again. The SMS block list should be Ghana (GH) and Indonesia (ID) only."
    method, path, values = only(catalog, text)
    assert (method, path) == ("PATCH", "/instance/communication")
    assert values["blocked_country_codes"] == ["GH", "ID"]


def test_a_did_question_reads(catalog: Catalog) -> None:
    method, path, values = only(catalog, "did we ever send an app invite to kim@harbor.dev?")
    assert (method, path) == ("GET", "/invitations")
    assert values["query"] == "kim@harbor.dev"


def test_the_story_around_an_order_does_not_name_an_irreversible_action(
    catalog: Catalog,
) -> None:
    text = (
        f"Odd logins on {USER} tonight. Lock the account while we check; "
        "it might only be a compromised password."
    )
    method, path, _ = only(catalog, text)
    assert (method, path) == ("POST", "/users/{user_id}/lock")


def test_taking_away_an_ability_switches_it_off(catalog: Catalog) -> None:
    _, path, values = only(catalog, f"take away {USER}'s ability to create organizations")
    assert path == "/users/{user_id}"
    assert values["create_organization_enabled"] is False


def test_restoring_access_after_a_ban_unbans(catalog: Catalog) -> None:
    text = f"{USER} was banned by mistake. Restore their access."
    method, path, _ = only(catalog, text)
    assert (method, path) == ("POST", "/users/{user_id}/unban")


def test_shorthand_sess_is_a_session(catalog: Catalog) -> None:
    method, path, _ = only(catalog, f"list active sess for {USER}")
    assert (method, path) == ("GET", "/sessions")


def test_an_external_id_given_as_a_filter(catalog: Catalog) -> None:
    text = "which clerk user has the external ID crm_Xa81kQ? our CRM uses it"
    method, path, values = only(catalog, text)
    assert (method, path) == ("GET", "/users")
    assert values["external_id"] == ["crm_Xa81kQ"]


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


def test_scopes_written_with_colons(catalog: Catalog) -> None:
    text = "limit api key ak_2pQ7rT9vWxYz1AbCdEfGhIjKlMn to scopes billing:read and billing:write"
    _, _, values = only(catalog, text)
    assert values["scopes"] == ["billing:read", "billing:write"]


def test_a_sentence_stating_an_id_names_the_resource(catalog: Catalog) -> None:
    text = f"Disconnect the Google login from {USER}. The external account id is eac_9xY2kLm4NpQr."
    method, path, _ = only(catalog, text)
    assert (method, path) == ("DELETE", "/users/{user_id}/external_accounts/{external_account_id}")


def test_what_happened_after_a_comma_is_not_the_order(catalog: Catalog) -> None:
    text = f"take the logo off {ORG}, they uploaded a blurry one"
    method, path, _ = only(catalog, text)
    assert (method, path) == ("DELETE", "/organizations/{organization_id}/logo")


def test_an_iso_time_keeps_its_seconds(catalog: Catalog) -> None:
    text = "extend the free trial of csubi_2pQ7rT9vWxYz1AbCdEfGhIjKlMn to 2026-07-01T12:30:45Z"
    _, _, values = only(catalog, text)
    assert values["extend_to"] == "2026-07-01T12:30:45Z"


# --------------------------------------------------------------------------- round Q-S


def test_a_global_search_by_email_beats_a_lookup_first(catalog: Catalog) -> None:
    text = "are there pending org invitations for lu@harbor.dev in any organization?"
    method, path, values = only(catalog, text)
    assert (method, path) == ("GET", "/organization_invitations")
    assert values["query"] == "lu@harbor.dev"


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


def test_a_foreign_id_is_a_value_to_store(catalog: Catalog) -> None:
    _, _, values = only(catalog, f"set external_id on {USER} to sf_0031x00000AbCdE")
    assert values["external_id"] == "sf_0031x00000AbCdE"


def test_the_order_picks_the_method_on_the_path_the_story_names(catalog: Catalog) -> None:
    text = f"someone put a rude picture as the logo of {ORG}. remove it"
    method, path, _ = only(catalog, text)
    assert (method, path) == ("DELETE", "/organizations/{organization_id}/logo")


def test_stop_them_from_creating_switches_the_ability_off(catalog: Catalog) -> None:
    _, path, values = only(catalog, f"{USER} made 90 orgs. stop them from creating more orgs")
    assert path == "/users/{user_id}"
    assert values["create_organization_enabled"] is False


def test_durations_written_short(catalog: Catalog) -> None:
    text = "make ak_2pQ7rT9vWxYz1AbCdEfGhIjKlMn expire in 12h"
    _, _, values = only(catalog, text)
    assert values["seconds_until_expiration"] == 43200


def test_a_password_keeps_its_symbols(catalog: Catalog) -> None:
    text = "create a user: username ops-bot-2, password Zq9!xT4#mW, first name Ops, last name Bot"
    _, _, values = only(catalog, text)
    assert values["password"] == "Zq9!xT4#mW"


# --------------------------------------------------------------------------- round T-V


def test_countries_by_name_are_country_codes(catalog: Catalog) -> None:
    text = "set the SMS blocked-country list to exactly Ghana, Kenya and Vietnam"
    method, path, values = only(catalog, text)
    assert (method, path) == ("PATCH", "/instance/communication")
    assert values["blocked_country_codes"] == ["GH", "KE", "VN"]


def test_no_longer_able_to_is_an_ability_switched_off(catalog: Catalog) -> None:
    text = f"I want {USER} to no longer be able to create organizations"
    _, path, values = only(catalog, text)
    assert path == "/users/{user_id}"
    assert values["create_organization_enabled"] is False


def test_no_longer_active_switches_active_off(catalog: Catalog) -> None:
    text = "enterprise connection ent_2pQ7rT9vWxYz1AbCdEfGhIjKlMn should no longer be active"
    _, _, values = only(catalog, text)
    assert values["active"] is False


def test_blocking_what_people_sign_up_with_blocks_it(catalog: Catalog) -> None:
    text = "don't let people sign up with plus addresses like x+1@harbor.dev"
    method, path, values = only(catalog, text)
    assert (method, path) == ("PATCH", "/instance/restrictions")
    assert values == {"block_email_subaddresses": True}


def test_an_outcome_said_as_a_participle_is_the_order(catalog: Catalog) -> None:
    method, path, _ = only(catalog, "we moved off Svix; I want the svix app deleted")
    assert (method, path) == ("DELETE", "/webhooks/svix")


def test_a_mistake_reverses_the_action(catalog: Catalog) -> None:
    text = f"{USER} was banned by mistake, let them sign in again"
    method, path, _ = only(catalog, text)
    assert (method, path) == ("POST", "/users/{user_id}/unban")


def test_declining_a_waitlist_entry_rejects_it(catalog: Catalog) -> None:
    method, path, _ = only(catalog, "decline waitlist entry wle_2pQ7rT9vWxYz1AbCdEfGhIjKlMn")
    assert (method, path) == ("POST", "/waitlist_entries/{waitlist_entry_id}/reject")


def test_a_long_number_is_an_identifier_not_a_limit(catalog: Catalog) -> None:
    _, _, values = only(catalog, "which user has provider user id 998877665544332211?")
    assert "limit" not in values


def test_after_that_starts_a_second_step(catalog: Catalog) -> None:
    text = 'create an org permission "Ship it" with key org:ship:it, after that attach it to role '
    text += "rol_2pQ7rT9vWxYz1AbCdEfGhIjKlMn"
    steps = plan(catalog, text).steps
    assert [s.path for s in steps] == [
        "/organization_permissions",
        "/organization_roles/{organization_role_id}/permissions/{permission_id}",
    ]


def test_a_count_in_the_story_is_not_a_value_to_set(catalog: Catalog) -> None:
    text = f"{USER} made about 300 orgs last night. stop them from creating more organizations"
    _, _, values = only(catalog, text)
    assert values["create_organization_enabled"] is False
    assert "create_organizations_limit" not in values


# --------------------------------------------------------------------------- round W-Y


def test_a_reason_after_a_colon(catalog: Catalog) -> None:
    text = "revoke m2m token mt_2pQ7rT9vWxYz1AbCdEfGhIjKlMn. Reason: rotated after audit."
    _, _, values = only(catalog, text)
    assert values["revocation_reason"] == "rotated after audit"


def test_a_reason_recorded_as_a_quote(catalog: Catalog) -> None:
    text = 'revoke m2m token mt_2pQ7rT9vWxYz1AbCdEfGhIjKlMn and record the reason as "leaked"'
    _, _, values = only(catalog, text)
    assert values["revocation_reason"] == "leaked"


def test_make_sure_someone_cannot_sign_in_bans_them(catalog: Catalog) -> None:
    method, path, _ = only(catalog, f"make sure {USER} can't sign in anymore, keep the account")
    assert (method, path) == ("POST", "/users/{user_id}/ban")


def test_forced_to_choose_a_new_password_marks_it_compromised(catalog: Catalog) -> None:
    text = f"{USER}'s password leaked. Make sure they're forced to choose a new one."
    method, path, _ = only(catalog, text)
    assert (method, path) == ("POST", "/users/{user_id}/password/set_compromised")


def test_wanting_someone_locked_out_locks_them(catalog: Catalog) -> None:
    method, path, _ = only(catalog, f"I want {USER} locked out while we investigate")
    assert (method, path) == ("POST", "/users/{user_id}/lock")


def test_never_more_than_n_members_caps_the_organization(catalog: Catalog) -> None:
    method, path, values = only(catalog, f"{ORG} should never have more than 12 members")
    assert (method, path) == ("PATCH", "/organizations/{organization_id}")
    assert values["max_allowed_memberships"] == 12


def test_a_required_idempotency_key_is_derived_not_asked(catalog: Catalog) -> None:
    text = f"put $9 of credit on {USER}'s balance"
    first = only(catalog, text)[2]["idempotency_key"]
    again = only(catalog, text)[2]["idempotency_key"]
    other = only(catalog, f"put $10 of credit on {USER}'s balance")[2]["idempotency_key"]
    assert first == again != other  # the same request twice is applied once
    assert first.startswith("ca-")


def test_a_name_that_should_read_something_new(catalog: Catalog) -> None:
    method, _, values = only(catalog, f"{USER}'s last name should read Lindqvist now")
    assert method == "PATCH"
    assert values["last_name"] == "Lindqvist"


# --------------------------------------------------------------------------- round Z


def test_an_unquoted_name_runs_over_lower_case_words_not_verbs(catalog: Catalog) -> None:
    _, _, values = only(catalog, "create a permission called Audit logs with key org:audit:read")
    assert values["name"] == "Audit logs"
    _, _, values = only(catalog, f"create an org called Acme Labs owned by {USER}")
    assert values["name"] == "Acme Labs"


def test_dropping_someone_down_to_member_demotes_never_removes(catalog: Catalog) -> None:
    text = f"{USER} shouldn't be an admin in {ORG} anymore, drop them down to org:member"
    method, path, values = only(catalog, text)
    assert (method, path) == ("PATCH", "/organizations/{organization_id}/memberships/{user_id}")
    assert values["role"] == "org:member"


def test_the_one_quote_is_the_required_password(catalog: Catalog) -> None:
    text = f"is 'Blue!Harbor9' the right password for {USER}?"
    method, path, values = only(catalog, text)
    assert (method, path) == ("POST", "/users/{user_id}/verify_password")
    assert values["password"] == "Blue!Harbor9"


def test_how_something_should_be_is_a_change(catalog: Catalog) -> None:
    text = (
        f"for domain orgdmn_2pQ7rT9vWxYz1AbCdEfGhIjKlMn of {ORG}: people should only get a "
        "suggestion to join, not an automatic invitation"
    )
    method, _, values = only(catalog, text)
    assert method == "PATCH"
    assert values["enrollment_mode"] == "automatic_suggestion"


def test_afterwards_without_an_order_is_no_second_step(catalog: Catalog) -> None:
    text = f'reset the private metadata of {USER}; afterwards it should hold only {{"tier": 2}}'
    method, path, values = only(catalog, text)
    assert (method, path) == ("PUT", "/users/{user_id}/metadata")
    assert values["private_metadata"] == {"tier": 2}


# --------------------------------------------------------------------------- round AA


def test_a_value_given_as_a_named_field(catalog: Catalog) -> None:
    text = f"give {USER} a $5 credit, use refund-77 as the idempotency key"
    _, _, values = only(catalog, text)
    assert values["idempotency_key"] == "refund-77"


def test_the_nth_page_of_a_given_size_is_an_offset(catalog: Catalog) -> None:
    _, _, values = only(catalog, "show the pending waitlist entries, 20 per page, page 4")
    assert (values["limit"], values["offset"]) == (20, 60)


def test_between_two_dates_is_a_range(catalog: Catalog) -> None:
    text = "how many users were created between 2026-02-01 00:00 UTC and 2026-03-01 00:00 UTC?"
    _, path, values = only(catalog, text)
    assert path == "/users/count"
    assert values["created_at_after"] < values["created_at_before"]


def test_a_story_told_with_then_is_not_a_second_step(catalog: Catalog) -> None:
    text = f"{USER} printed her backup codes and then lost them. Cancel all her backup codes."
    method, path, _ = only(catalog, text)
    assert (method, path) == ("DELETE", "/users/{user_id}/backup_code")


def test_an_action_on_an_account_never_creates_one(catalog: Catalog) -> None:
    output = LocalPlanner().plan(
        "lock the account that keeps failing logins", PlanContext(catalog, now=NOW)
    )
    assert isinstance(output, Clarification)  # which account? never POST /users locked=true


def test_short_country_names_people_use(catalog: Catalog) -> None:
    _, _, values = only(catalog, "stop sending SMS to Russia and Iran, those two only")
    assert values["blocked_country_codes"] == ["RU", "IR"]


def test_a_slug_left_as_it_is_is_not_set(catalog: Catalog) -> None:
    text = f"{ORG} rebranded to Northwind Labs; update the name and leave the slug as it is"
    _, _, values = only(catalog, text)
    assert values["name"] == "Northwind Labs"
    assert "slug" not in values


def test_an_impossible_date_is_no_filter_and_no_crash(catalog: Catalog) -> None:
    text = "list users created after 2026-13-45"
    output = LocalPlanner().plan(text, PlanContext(catalog, now=NOW))
    assert isinstance(output, Plan)
    assert not any("created_at" in k for s in output.steps for k in s.query)


# --------------------------------------------------------------------------- round BB


def test_notifying_the_old_primary_address_with_email_said_elsewhere(catalog: Catalog) -> None:
    text = (
        f"replace all email addresses of {USER} with kai@harbor.dev and send a notice to "
        "the old primary address about the change"
    )
    _, path, values = only(catalog, text)
    assert path == "/users/{user_id}/email_address"
    assert values["notify_primary_email_address_changed"] is True


def test_a_quoted_new_name_is_never_a_path_id(catalog: Catalog) -> None:
    text = 'make a new org permission "Read audit" with key org:audit:read'
    method, path, values = only(catalog, text)
    assert (method, path) == ("POST", "/organization_permissions")
    assert values["name"] == "Read audit"


def test_a_polite_order_in_question_form_is_an_order(catalog: Catalog) -> None:
    text = f"we banned {USER} by mistake. Can you lift the ban so she can log in again?"
    method, path, _ = only(catalog, text)
    assert (method, path) == ("POST", "/users/{user_id}/unban")


def test_a_backend_only_note_is_private_metadata(catalog: Catalog) -> None:
    text = f"merge a backend-only flag into the metadata of {USER}: it_contact = true"
    _, path, values = only(catalog, text)
    assert path == "/users/{user_id}/metadata"
    assert values["private_metadata"] == {"it_contact": True}


def test_from_a_date_up_to_another_is_a_range(catalog: Catalog) -> None:
    text = "count users created from 2026-03-01 00:00 UTC up to 2026-04-01 00:00 UTC"
    _, _, values = only(catalog, text)
    assert values["created_at_after"] < values["created_at_before"]


def test_what_the_person_does_not_mean_after_not_a(catalog: Catalog) -> None:
    text = "did we send an invitation (the app kind, not an org invite) to kai@harbor.dev?"
    method, path, _ = only(catalog, text)
    assert (method, path) == ("GET", "/invitations")
