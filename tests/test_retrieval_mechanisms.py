"""Search mechanisms read from the spec's own structure, each checked on the newest spec
with wording of our own (no eval request is quoted here)."""

from __future__ import annotations

from assistant.retrieval import Hit, search
from assistant.spec import Catalog


def _top(catalog: Catalog, text: str) -> Hit:
    return search(catalog, text, k=1)[0]


def test_a_reversal_asks_for_the_spec_twin_of_the_action(catalog: Catalog) -> None:
    assert _top(catalog, "reverse the ban of user_2abcdefghijk").endpoint.path.endswith("/unban")
    assert _top(catalog, "please take the lock off user_2abcdefghijk").endpoint.path.endswith(
        "/unlock"
    )
    cleared = _top(catalog, "user_2abcdefghijk's password is ok, clear the compromised mark")
    assert cleared.endpoint.path.endswith("/unset_compromised")
    assert any("reverses" in reason for reason in cleared.reasons)


def test_a_reversal_said_with_a_pronoun_reaches_back(catalog: Catalog) -> None:
    hit = _top(catalog, "the ban on user_3C5bdcOnnvKkCeh9 was a mistake, lift it")
    assert hit.endpoint.key == "POST /users/{user_id}/unban"


def test_the_plain_action_stays_without_a_reversal(catalog: Catalog) -> None:
    assert _top(catalog, "ban user_2abcdefghijk").endpoint.key == "POST /users/{user_id}/ban"
    assert _top(catalog, "remove user_2abcdefghijk").endpoint.key == "DELETE /users/{user_id}"


def test_a_phone_number_names_a_user_to_look_up(catalog: Catalog) -> None:
    hit = _top(catalog, "whoever has +14155550123 should be locked")
    assert hit.endpoint.key == "GET /users"


def test_banning_someone_by_email_looks_them_up_first(catalog: Catalog) -> None:
    # "ban" is a POST but creates nothing: the email names the user to ban
    assert _top(catalog, "ban the person behind troll@example.org").endpoint.key == "GET /users"


def test_the_askers_own_id_does_not_name_the_target(catalog: Catalog) -> None:
    text = "I'm user_2abcdefghijk. Log in as the customer with email ann@example.org"
    assert _top(catalog, text).endpoint.key == "GET /users"


def test_look_them_up_is_a_read(catalog: Catalog) -> None:
    hit = _top(catalog, "The admin with email ops@example.org: look them up and lock them")
    assert hit.endpoint.key == "GET /users"


def test_a_field_the_endpoint_takes_is_evidence(catalog: Catalog) -> None:
    hits = search(catalog, "reserve the phone +15551234567 for second factor, for user_2abcdefghij")
    reserving = next(h for h in hits if h.endpoint.key == "POST /phone_numbers")
    assert any("takes a field named" in reason for reason in reserving.reasons)
    # a field pair many endpoints take tells little: "email address" earns less
    plain = search(catalog, "email address of user_2abcdefghij", k=40)
    gains = [r for h in plain for r in h.reasons if "takes a field named 'email address'" in r]
    assert gains and all(float(r.rsplit("+", 1)[1]) < 0.1 for r in gains)


def test_the_verbs_object_picks_the_endpoint_on_an_identified_item(catalog: Catalog) -> None:
    hit = _top(catalog, "Remove only the TOTP authenticator of user_2abcdefghijk")
    assert hit.endpoint.key == "DELETE /users/{user_id}/totp"
    assert any("'remove' takes totp" in reason for reason in hit.reasons)


def test_no_object_bonus_for_an_item_the_request_does_not_identify(catalog: Catalog) -> None:
    hits = search(catalog, "cap organizations at 25 members across the whole instance", k=10)
    single = next(h for h in hits if h.endpoint.key == "PATCH /organizations/{organization_id}")
    assert not any("takes organization" in reason for reason in single.reasons)


def test_a_new_thing_is_what_is_created(catalog: Catalog) -> None:
    hit = _top(catalog, "Create a new org named Acme and then add user_2abcdefghijk to it")
    assert hit.endpoint.key == "POST /organizations"


def test_a_path_nested_below_an_unnamed_resource_sinks(catalog: Catalog) -> None:
    hits = search(catalog, "give me a count of the organizations", k=10)
    users_count = next(h for h in hits if h.endpoint.key == "GET /users/count")
    assert "request names no user -0.10" in users_count.reasons


def test_a_correction_replaces_the_order_before_it(catalog: Catalog) -> None:
    assert _top(catalog, "how many users are there... actually just list them").endpoint.key == (
        "GET /users"
    )
    hits = search(catalog, "count the organizations... actually, list them, 20 per page", k=1)
    assert hits[0].endpoint.key == "GET /organizations"


def test_corrected_keeps_the_order_after_the_last_correction() -> None:
    from assistant.sentences import corrected

    assert corrected("count them... actually just list them") == (
        "just list them",
        "count them...",
    )
    assert corrected("it was actually my fault") == ("it was actually my fault", "")


def test_a_read_sinks_writes_on_the_same_resource(catalog: Catalog) -> None:
    hits = search(catalog, "what settings does this instance have", k=300)
    assert hits[0].endpoint.key == "GET /instance"
    patch = next(h for h in hits if h.endpoint.key == "PATCH /instance")
    assert any("a read was asked" in reason for reason in patch.reasons)


def test_get_me_a_token_may_mint_one(catalog: Catalog) -> None:
    hits = search(catalog, "get me a session token for sess_2abcdefghijk", k=10)
    minting = next(h for h in hits if h.endpoint.key == "POST /sessions/{session_id}/tokens")
    assert not any("a read was asked" in reason for reason in minting.reasons)


def test_a_path_word_under_a_negation_sinks_its_endpoint(catalog: Catalog) -> None:
    text = "mint a session JWT for sess_2abcdefghijk, no template, valid for a minute"
    hit = _top(catalog, text)
    assert hit.endpoint.key == "POST /sessions/{session_id}/tokens"
    templated = search(catalog, text, k=10)
    assert any(
        "said under a negation" in r
        for h in templated
        if "template_name" in h.endpoint.path
        for r in h.reasons
    )


def test_a_word_also_said_plainly_is_not_negated(catalog: Catalog) -> None:
    text = "user_2abcdefghijk signs in without a password now; drop their password"
    assert _top(catalog, text).endpoint.key == "POST /users/{user_id}/remove_password"


def test_a_resource_named_by_name_is_found_by_name_first(catalog: Catalog) -> None:
    hit = _top(catalog, "remove all members of the org named Initech")
    assert hit.endpoint.key == "GET /organizations"
    assert any("finds the organization by its name first" in r for r in hit.reasons)


def test_a_name_given_to_a_new_thing_needs_no_lookup(catalog: Catalog) -> None:
    assert _top(catalog, "create an org named Initech").endpoint.key == "POST /organizations"


def test_an_id_makes_the_name_lookup_unneeded(catalog: Catalog) -> None:
    hit = _top(catalog, "list the members of the org named Initech, org_2abcdefghijk")
    assert hit.endpoint.key == "GET /organizations/{organization_id}/memberships"


def test_ties_go_to_the_endpoint_with_fewer_path_parameters(catalog: Catalog) -> None:
    hits = search(catalog, "zzzz qqqq", k=len(list(catalog)))  # no word matches: many tie
    groups: dict[float, list[int]] = {}
    for hit in hits:
        groups.setdefault(round(hit.score, 9), []).append(len(hit.endpoint.path_params))
    mixed = [counts for counts in groups.values() if len(set(counts)) > 1]
    assert mixed and all(counts == sorted(counts) for counts in mixed)


def test_a_quoted_value_is_no_topic(catalog: Catalog) -> None:
    from assistant.retrieval import parse_query

    query = parse_query('set the label "billing team 42" on org_2abcdefghijk')
    assert not {"bill", "billing", "team", "42"} & set(query.weights)
    keyed = parse_query('put plan_code = "Gold 7" in the metadata of user_2abcdefghijk')
    assert not {"plan", "cod", "gold", "7"} & set(keyed.weights)


def test_leaving_the_rest_alone_asks_for_a_merge(catalog: Catalog) -> None:
    text = 'Add tier = "gold" to the public metadata of org_2abcdefghijk, don\'t touch the rest'
    assert _top(catalog, text).endpoint.key == "PATCH /organizations/{organization_id}/metadata"


def test_a_state_asked_about_is_read_not_done(catalog: Catalog) -> None:
    for text in (
        "check whether user_2abcdefghijk is banned",
        "show me if user_2abcdefghijk is locked",
    ):
        assert _top(catalog, text).endpoint.method == "GET", text


def test_a_check_done_by_a_post_is_still_a_read(catalog: Catalog) -> None:
    hits = search(catalog, "check that the password hunter2 is right for user_2abcdefghijk", k=10)
    verify = next(h for h in hits if h.endpoint.path.endswith("/verify_password"))
    assert not any("a read was asked" in reason for reason in verify.reasons)


def test_a_negated_phrase_counts_for_nothing(catalog: Catalog) -> None:
    hit = _top(catalog, "delete user_2abcdefghijk, no need to ban")
    assert hit.endpoint.key == "DELETE /users/{user_id}"
    hits = search(catalog, "users with no email address", k=3)
    assert hits[0].endpoint.key == "GET /users"
    assert not any("email address" in r for r in hits[0].reasons)
