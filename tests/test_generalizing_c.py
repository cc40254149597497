"""Mechanisms from blind batch C's first run, each tested with wording of its own.

Opposite intents, read verbs, one value per field, value shapes, lookups before acting.
"""

from __future__ import annotations

from datetime import datetime, timezone

from assistant.models import Clarification, Plan
from assistant.planning.base import PlanContext
from assistant.planning.local import LocalPlanner
from assistant.planning.slots import extract
from assistant.spec import Catalog

NOW = datetime(2026, 5, 19, 12, tzinfo=timezone.utc)
U1 = "user_2aBcDeFgHiJkLmNoPqRsTuVwXyZ"
U2 = "user_3ZyXwVuTsRqPoNmLkJiHgFeDcBa"
ORG = "org_2QwErTyUiOpAsDfGhJkLzXcVbN"


def plan(catalog: Catalog, text: str):
    return LocalPlanner().plan(text, PlanContext(catalog, now=NOW))


def only_call(output):
    assert isinstance(output, Plan), output
    assert len(output.steps) == 1, output.steps
    return output.steps[0]


def test_lifting_bans_asks_for_the_un_twin(catalog: Catalog) -> None:
    call = only_call(plan(catalog, f"those bans on {U1} and {U2} were a mistake, lift them"))
    assert (call.method, call.path) == ("POST", "/users/unban")


def test_a_read_phrase_takes_the_get_over_a_write_with_the_same_words(catalog: Catalog) -> None:
    call = only_call(plan(catalog, f"bring up the profile of {U1}"))
    assert (call.method, call.path) == ("GET", "/users/{user_id}")


def test_turn_that_off_sets_the_described_flag_false(catalog: Catalog) -> None:
    text = f"Admins of {ORG} can delete the organization on their own. Switch that off."
    call = only_call(plan(catalog, text))
    assert call.body == {"admin_delete_enabled": False}


def test_do_not_send_the_email_is_notify_false(catalog: Catalog) -> None:
    call = only_call(plan(catalog, "invite kim@lakeside.example but do not send the email"))
    assert (call.path, call.body["notify"]) == ("/invitations", False)


def test_one_quoted_value_fills_one_field_and_holds_no_number(catalog: Catalog) -> None:
    call = only_call(plan(catalog, 'create a user dev9@mill.example with password "Mill-1999-x"'))
    assert call.body["password"] == "Mill-1999-x"
    assert "password_digest" not in call.body and "password_hasher" not in call.body
    assert not any(v == 1999 for v in call.body.values())


def test_a_number_inside_quotes_is_no_quantity() -> None:
    assert extract('password "abc-2030" for 3 days', NOW).quantities[0].value == 3 * 86400
    assert len(extract('password "abc-2030"', NOW).quantities) == 0


def test_a_colon_before_labelled_values_makes_no_metadata_pair() -> None:
    assert extract("a test login: username tester_7, email t@x.io", NOW).pairs == {}
    assert extract('set plan: "team" next to it', NOW).pairs == {"plan": "team"}


def test_a_value_shaped_token_after_a_field_name_fills_it(catalog: Catalog) -> None:
    call = only_call(plan(catalog, "create a user with email a@b.example and username ann_77"))
    assert call.body["username"] == "ann_77"


def test_a_slug_said_outright_wins_over_a_later_number(catalog: Catalog) -> None:
    text = f'create an org named "Bolt Works" with slug bolt-works by {U1}, capped to 25 members'
    call = only_call(plan(catalog, text))
    assert call.body["slug"] == "bolt-works"
    assert call.body["max_allowed_memberships"] == 25


def test_a_phone_field_takes_only_a_phone_number(catalog: Catalog) -> None:
    out = plan(catalog, f"add a second phone number to {U1}'s account")
    assert isinstance(out, Clarification)
    assert "phone_number" in out.question


def test_a_word_under_no_steers_away_from_the_path_that_takes_it(catalog: Catalog) -> None:
    text = "mint a plain session token for sess_2AbCdEfGhIjKlMnOpQrStUvW, no template please"
    call = only_call(plan(catalog, text))
    assert call.path == "/sessions/{session_id}/tokens"


def test_resending_a_code_prepares_the_verification(catalog: Catalog) -> None:
    call = only_call(plan(catalog, "re-send the code to email address idn_2AbCdEfGhIjKlMnOpQr"))
    assert call.path == "/email_addresses/{email_address_id}/prepare_verification"


def test_a_machine_style_slug_before_the_noun_fills_the_slug(catalog: Catalog) -> None:
    call = only_call(plan(catalog, "revert the magic_link email template to the default"))
    assert call.path_params == {"template_type": "email", "slug": "magic_link"}


def test_surname_names_last_name_and_is_now_gives_its_value(catalog: Catalog) -> None:
    call = only_call(plan(catalog, f"{U1} married; her family name is now Okafor. Update it."))
    assert call.body == {"last_name": "Okafor"}


def test_last_activity_is_the_last_active_filter(catalog: Catalog) -> None:
    call = only_call(plan(catalog, "list users whose last activity was before 2026-01-15"))
    assert call.query == {"last_active_at_before": 1768435200000}


def steps(output) -> list[tuple[str, str]]:
    assert isinstance(output, Plan), output
    return [(s.method, s.path) for s in output.steps]


def test_find_then_act_after_a_colon_looks_the_user_up_first(catalog: Catalog) -> None:
    text = "Account closure for lee@maple.example: find the account and remove it for good."
    assert steps(plan(catalog, text)) == [("GET", "/users"), ("DELETE", "/users/{user_id}")]


def test_a_sign_in_link_token_is_a_sign_in_token_for_the_looked_up_user(
    catalog: Catalog,
) -> None:
    text = "create a sign-in link token for the user with email joy@fern.example"
    out = plan(catalog, text)
    assert steps(out) == [("GET", "/users"), ("POST", "/sign_in_tokens")]
    assert out.steps[1].body == {"user_id": "{{1.0.id}}"}


def test_a_phone_number_looks_its_owner_up_like_an_email(catalog: Catalog) -> None:
    text = "Someone at +15105550123 lost their phone. Look them up and disable their MFA."
    out = plan(catalog, text)
    assert steps(out)[0] == ("GET", "/users")
    assert out.steps[0].query == {"phone_number": ["+15105550123"]}


def test_the_user_with_email_is_looked_up_before_a_membership(catalog: Catalog) -> None:
    text = f"make the user with email rae@quay.example a basic member of {ORG}"
    out = plan(catalog, text)
    assert steps(out) == [
        ("GET", "/users"),
        ("POST", "/organizations/{organization_id}/memberships"),
    ]
    assert out.steps[1].body["user_id"] == "{{1.0.id}}"


def test_the_speaker_is_the_actor_and_the_emailed_customer_the_subject(catalog: Catalog) -> None:
    text = f"I'm {U1} from support; let me impersonate the customer whose email is ed@kiln.example"
    out = plan(catalog, text)
    assert steps(out) == [("GET", "/users"), ("POST", "/actor_tokens")]
    assert out.steps[1].body == {"user_id": "{{1.0.id}}", "actor": {"sub": U1}}


def test_a_created_permission_is_referenced_in_the_next_steps_path(catalog: Catalog) -> None:
    text = 'create an org permission named "Read logs" with key org:logs:read, then attach it '
    text += "to role role_2AbCdEfGhIjKlMnOpQrStU"
    out = plan(catalog, text)
    assert out.steps[1].path_params["permission_id"] == "{{1.id}}"


def test_taking_a_long_named_entry_off_a_list_removes_it(catalog: Catalog) -> None:
    call = only_call(plan(catalog, "take the blocked entry blid_2AbCdEfGhIjKlMn off the blocklist"))
    assert (call.method, call.path) == ("DELETE", "/blocklist_identifiers/{identifier_id}")


def test_an_id_of_the_kind_a_creation_makes_points_to_an_update(catalog: Catalog) -> None:
    call = only_call(plan(catalog, f"allow {U1} to create organizations, at most 5"))
    assert (call.method, call.path) == ("PATCH", "/users/{user_id}")


def test_signing_out_of_other_sessions_is_a_flag_of_the_same_update(catalog: Catalog) -> None:
    text = f'change the password of {U1} to "Gr4nite-Pass-x" and log him out of his other sessions'
    call = only_call(plan(catalog, text))
    assert call.path == "/users/{user_id}"
    assert call.body == {"password": "Gr4nite-Pass-x", "sign_out_of_other_sessions": True}


def test_a_describing_verb_after_and_stays_with_the_same_call(catalog: Catalog) -> None:
    text = f"Add +15105550188 to {U1}, and reserve it for second factor use"
    call = only_call(plan(catalog, text))
    assert call.path == "/phone_numbers"
    assert call.body["reserved_for_second_factor"] is True


def test_an_org_named_but_not_identified_is_looked_up_by_name(catalog: Catalog) -> None:
    out = plan(catalog, 'list the members of the organization called "Harbor Freight Co"')
    assert steps(out) == [
        ("GET", "/organizations"),
        ("GET", "/organizations/{organization_id}/memberships"),
    ]
    assert out.steps[0].query == {"query": "Harbor Freight Co"}
    assert out.steps[1].path_params == {"organization_id": "{{1.0.id}}"}


def test_a_quoted_search_term_is_no_org_lookup(catalog: Catalog) -> None:
    call = only_call(plan(catalog, "which orgs have 'harbor' in the name?"))
    assert (call.path, call.query) == ("/organizations", {"query": "harbor"})
