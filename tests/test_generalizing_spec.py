"""Mechanisms that read the spec instead of a word list: sort keys from `order_by`
descriptions, removal by an item's own action, negated flags, domains as searches.

Each test states a behaviour with wording of its own, not a benchmark request.
"""

from __future__ import annotations

from datetime import datetime, timezone

from assistant import vocabulary as vocab
from assistant.models import Plan
from assistant.planning import lexicon, ranking
from assistant.planning.base import PlanContext
from assistant.planning.filling import sort_keys
from assistant.planning.local import LocalPlanner
from assistant.planning.slots import extract
from assistant.retrieval import parse_query, search
from assistant.spec import Catalog

NOW = datetime(2026, 5, 19, 12, tzinfo=timezone.utc)


def only_call(catalog: Catalog, text: str):
    output = LocalPlanner().plan(text, PlanContext(catalog, now=NOW))
    assert isinstance(output, Plan), output
    assert len(output.steps) == 1, output.steps
    return output.steps[0]


# --------------------------------------------------------------------------- sort keys


def test_sort_keys_come_from_the_order_by_description() -> None:
    text = "You can order them by their `name`, `created_at` or `members_count`. Use `-created_at`."
    assert sort_keys(text) == ["name", "created_at", "members_count"]
    prose = "Sorts memberships by phone_number, email_address or created_at."
    assert sort_keys(prose) == ["phone_number", "email_address", "created_at"]


# --------------------------------------------------------------------------- removal


def test_removing_an_item_without_delete_is_its_revoke_action(catalog: Catalog) -> None:
    deletable = {e.path for e in catalog if e.method == "DELETE"}
    removers = {e.key for e in catalog if vocab.removes_its_item(e.method, e.path, deletable)}
    assert "POST /sessions/{session_id}/revoke" in removers
    assert "POST /m2m_tokens/{m2m_token_id}/revoke" in removers
    # an API key has a DELETE of its own; rotating is no removal
    assert "POST /api_keys/{apiKeyID}/revoke" not in removers
    assert "POST /machines/{machine_id}/secret_key/rotate" not in removers


def test_slang_removal_of_a_session_plans_and_ranks_its_revoke(catalog: Catalog) -> None:
    text = "yeet sess_2Abc4Def6Ghi8Jkl0Mno2Pqr4St from that shared kiosk"
    assert search(catalog, "remove sess_2Abc4Def6Ghi8Jkl0Mno2Pqr4St", k=1)[0].endpoint.key == (
        "POST /sessions/{session_id}/revoke"
    )
    call = only_call(catalog, text.replace("yeet", "boot"))
    assert (call.method, call.path) == ("POST", "/sessions/{session_id}/revoke")


def test_an_unknown_leading_verb_means_what_the_search_vocabulary_says() -> None:
    assert ranking.intents("nuke the account") == ["DELETE"]
    assert ranking.intents("please nuke the account") == ["DELETE"]
    # a known verb needs no help; a word later in the text is no leading verb
    assert "DELETE" not in ranking.intents("show the nuke logs")


def test_clitics_are_no_words() -> None:
    assert "s" not in lexicon.tokens("it's the user's account")
    assert "t" not in lexicon.tokens("don't")


# --------------------------------------------------------------------------- values


def test_a_negated_flag_is_filled_false(catalog: Catalog) -> None:
    assert lexicon.negated_words("add them but don't send them an email") == {"notify"}
    call = only_call(catalog, "put ops@corp.example on the allowlist without emailing them")
    assert call.body["notify"] is False
    said = only_call(catalog, "put ops@corp.example on the allowlist and notify them")
    assert said.body["notify"] is True


def test_a_describing_word_before_a_role_keeps_the_role() -> None:
    assert extract("add her as a basic member", NOW).roles == ["org:member"]
    assert extract("invite him as an org admin", NOW).roles == ["org:admin"]


# --------------------------------------------------------------------------- search


def top(catalog: Catalog, text: str) -> str:
    return search(catalog, text, k=1)[0].endpoint.key


def test_ids_side_by_side_are_a_list_in_roles_they_are_two_parameters(catalog: Catalog) -> None:
    listed = "lock out user_2Aa3Bb4Cc5Dd6Ee7Ff8Gg9Hh0J and user_2Kk3Ll4Mm5Nn6Pp7Qq8Rr9Ss0T"
    assert parse_query(listed).bulk
    roles = "grant mch_2Aa3Bb4Cc5Dd6Ee7Ff8Gg9Hh0J access to mch_2Kk3Ll4Mm5Nn6Pp7Qq8Rr9Ss0T"
    assert not parse_query(roles).bulk
    # the second id fills the qualified to_machine_id: the scope endpoint takes both
    assert top(catalog, roles) == "POST /machines/{machine_id}/scopes"


def test_an_unknown_prefix_may_abbreviate_the_collection_its_id_sits_in(catalog: Catalog) -> None:
    hit = search(catalog, "delete blid_2Aa3Bb4Cc5Dd6Ee7Ff8Gg9Hh0J", k=1)[0]
    assert hit.endpoint.key == "DELETE /blocklist_identifiers/{identifier_id}"
    assert any("fills path identifier_id" in reason for reason in hit.reasons)


def test_a_path_parameters_enum_value_said_fills_it(catalog: Catalog) -> None:
    hit = search(catalog, "show me our email templates", k=1)[0]
    assert hit.endpoint.key == "GET /templates/{template_type}"
    assert any("value of template_type" in reason for reason in hit.reasons)


def test_halves_of_a_hyphenated_noun_are_no_verbs() -> None:
    methods = [
        m for methods, _, _ in parse_query("drop it from the block-list").methods for m in methods
    ]
    assert methods[0] == "DELETE"
    assert "POST" not in methods  # "block" inside "block-list" asks for no creation


# --------------------------------------------------------------------------- steps


def plan_steps(catalog: Catalog, text: str):
    output = LocalPlanner().plan(text, PlanContext(catalog, now=NOW))
    assert isinstance(output, Plan), output
    return output.steps


def test_an_order_pointing_back_after_a_create_is_its_own_step(catalog: Catalog) -> None:
    text = "create an organization named Quarry and show me its members"
    assert [(s.method, s.path) for s in plan_steps(catalog, text)] == [
        ("POST", "/organizations"),
        ("GET", "/organizations/{organization_id}/memberships"),
    ]
    # an update verb pointing back changes the same call
    same = plan_steps(
        catalog,
        "add o@q.example as an email of user_2Aa3Bb4Cc5Dd6Ee7Ff8Gg9Hh0J and mark it verified",
    )
    assert len(same) == 1 and same[0].body["verified"] is True


def test_a_pasted_secret_is_no_id_and_fills_the_secret_field(catalog: Catalog) -> None:
    secret = "ak_test_Zx81Qw72Er63Ty54"
    assert extract(f"check {secret}", NOW).secrets == [secret]
    assert extract(f"check {secret}", NOW).ids == []
    assert extract("ban user_2Aa3Bb4Cc5Dd6Ee7Ff8Gg9Hh0J", NOW).secrets == []
    hit = search(catalog, f"is the API key {secret} legit?", k=1)[0]
    assert hit.endpoint.key == "POST /api_keys/verify"
    (call,) = plan_steps(catalog, f"is {secret} a valid API key secret?")
    assert (call.path, call.body) == ("/api_keys/verify", {"secret": secret})


def test_a_leading_verb_filed_under_an_intent_by_the_search_counts_first() -> None:
    # "switch" is no planner verb; the search files it under updates, ahead of the noun
    # "invitations" (which alone would read as a creation)
    assert ranking.intents("switch the domain to automatic invitations")[0] == "PATCH"


def test_and_then_ends_the_first_clause_and_a_created_user_is_no_lookup(catalog: Catalog) -> None:
    text = "add a user with email kim@lattice.example and then put her in org_2Aa3Bb4Cc5Dd6Ee7Ff8G"
    assert top(catalog, text) == "POST /users"  # the email is the new user's, not a lookup
    assert top(catalog, "lock kim@lattice.example") == "GET /users"  # this one is looked up


def test_public_keys_are_the_json_web_key_set(catalog: Catalog) -> None:
    assert top(catalog, "fetch the public key set our backend should trust") == "GET /jwks"


# --------------------------------------------------------------------------- clauses


def test_a_lookup_before_and_is_not_a_creation_to_split_off(catalog: Catalog) -> None:
    org = "org_2Aa3Bb4Cc5Dd6Ee7Ff8Gg9Hh0J"
    steps = plan_steps(catalog, f"find lee@quay.example and add him to {org} as a member")
    assert [(s.method, s.path) for s in steps] == [
        ("GET", "/users"),
        ("POST", "/organizations/{organization_id}/memberships"),
    ]


def test_a_role_set_to_a_value_is_a_role_not_a_resource(catalog: Catalog) -> None:
    assert extract("set her role to admin", NOW).roles == ["org:admin"]
    output = LocalPlanner().plan("change their role to admin", PlanContext(catalog, now=NOW))
    assert not isinstance(output, Plan)  # whose role, in which org: a question


def test_contracted_questions_read_like_spelled_out_ones(catalog: Catalog) -> None:
    org = "org_2Aa3Bb4Cc5Dd6Ee7Ff8Gg9Hh0J"
    members = "GET /organizations/{organization_id}/memberships"
    assert top(catalog, f"who's in {org}") == top(catalog, f"who is in {org}") == members
