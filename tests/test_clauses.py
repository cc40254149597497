"""The clause structure (planning/clauses.py): where orders start, what they carry, and
when a later part is an order of its own. Sentence -> call cases are in
tests/data/cases/orders.jsonl; these pin the parts down one by one."""

from __future__ import annotations

from datetime import datetime, timezone

from assistant.models import Call, Clarification, Plan
from assistant.planning.base import PlanContext
from assistant.planning.clauses import (
    carried,
    carried_scopes,
    carried_values,
    created_prefix,
    lookup_kind,
    order_spans,
    orders_a_change,
    over_carried_targets,
    plan_orders,
    pointed_at,
)
from assistant.planning.local import LocalPlanner
from assistant.planning.targets import fan_out, listed_with, runs
from assistant.spec import Catalog

NOW = datetime(2026, 5, 19, 12, 0, tzinfo=timezone.utc)
ROLE_PERM = "/organization_roles/{organization_role_id}/permissions/{permission_id}"
MEMBER = "/organizations/{organization_id}/memberships/{user_id}"


def parts(text: str) -> list[str]:
    return [text[start:end] for start, end, _ in order_spans(text)]


# --------------------------------------------------------------------------- where orders start


def test_a_new_order_verb_after_and_comma_or_sentence_end_starts_a_part() -> None:
    text = "user_x was abusive: lock them, wipe their avatar. Also ban user_y"
    assert parts(text) == ["user_x was abusive: lock them", "wipe their avatar.", "ban user_y"]


def test_words_before_the_first_order_belong_to_it() -> None:
    text = "The laptop was stolen. Revoke sess_abc12 and lock user_abc12"
    assert parts(text) == ["The laptop was stolen. Revoke sess_abc12", "lock user_abc12"]


def test_a_value_after_and_starts_nothing() -> None:
    text = "create a user with email a@b.io and password Kelp-1234"
    assert parts(text) == [text]


def test_a_colon_inside_a_key_is_no_boundary() -> None:
    text = 'create a permission "Export" with key org:reports:export'
    assert parts(text) == [text]


# --------------------------------------------------------------------------- carried targets


def test_an_order_naming_its_own_parent_carries_nothing_inside_the_old_one() -> None:
    before = [
        Call(
            "DELETE",
            ROLE_PERM,
            {"organization_role_id": "role_AAAAA1", "permission_id": "perm_B1111"},
        )
    ]
    assert carried(before, ["role_CCCCC1"]) == {}
    assert carried(before) == {"role": "role_AAAAA1", "perm": "perm_B1111"}


def test_an_order_naming_another_member_keeps_the_org() -> None:
    before = [Call("DELETE", MEMBER, {"organization_id": "org_AAAAA1", "user_id": "user_BBBBB1"})]
    assert carried(before, ["user_CCCCC1"]) == {"org": "org_AAAAA1"}
    assert carried_scopes(before) == {"org"}


def test_a_test_id_is_carried_by_the_name_of_its_parameter() -> None:
    before = [Call("POST", "/users/{user_id}/verify_password", {"user_id": "user_test_9"})]
    assert carried(before) == {"user": "user_test_9"}


def test_what_earlier_steps_create_or_find_is_carried_as_a_reference() -> None:
    before = [
        Call("GET", "/organizations", query={"query": "Kelp"}),
        Call("POST", "/waitlist_entries", body={"email_address": "a@b.io"}),
    ]
    # (and what the new one is, so its id fills only a field naming that kind of thing)
    assert carried(before) == {
        "org": "{{1.0.id}}",
        "wle": "{{2.id}}",
        "made:{{2.id}}": "waitlist_entry",
    }
    assert lookup_kind(before[0]) == "org"
    assert created_prefix("POST", "/waitlist_entries") == "wle"
    assert created_prefix("POST", "/users/{user_id}/ban") is None


def test_the_latest_address_said_is_carried_first() -> None:
    before = [
        Call("GET", "/users", query={"email_address": ["a@b.io"]}),
        Call("POST", "/proxy_checks", body={"proxy_url": "https://b.io/__clerk"}),
    ]
    assert carried_values(before) == ["https://b.io/__clerk", "a@b.io"]


def test_pronouns_point_at_things_or_people() -> None:
    refs = {"org": "org_AAAAA1", "user": "user_BBBBB1"}
    assert pointed_at("add user_x to it", refs) == {"org"}
    assert pointed_at("reset her metadata", refs) == {"user"}
    assert pointed_at("list all sessions", refs) == set()
    # (what a step made is no kind a pronoun points at)
    assert pointed_at("verify it", {"idn": "{{1.id}}", "made:{{1.id}}": "phone_number"}) == {"idn"}


def test_a_change_said_to_the_speaker_is_a_read() -> None:
    assert orders_a_change("kick all their sessions")
    assert not orders_a_change("give me its secret key")
    assert not orders_a_change("show their sessions")


# --------------------------------------------------------------------------- separate or one


LOCK = Call("POST", "/users/{user_id}/lock", {"user_id": "user_AAAAA1"})
UNBAN = Call("POST", "/users/{user_id}/unban", {"user_id": "user_AAAAA1"})


def planner(plans: dict[str, list[Call] | Clarification]):
    """Plans from a table, so the decision alone is under test."""
    return lambda piece, before: plans[piece]


def test_a_later_part_with_its_own_confident_call_is_a_second_step() -> None:
    plans = {
        "lock user_AAAAA1": [LOCK],
        "unban her": [UNBAN],
        "lock user_AAAAA1 and unban her": [LOCK],
    }
    out = plan_orders("lock user_AAAAA1 and unban her", [], planner(plans), lambda p, c: True)
    assert out == [LOCK, UNBAN]


def test_a_later_part_the_joint_call_takes_is_one_call() -> None:
    richer = Call("POST", "/users/{user_id}/lock", {"user_id": "user_AAAAA1"}, body={"x": 1})
    plans = {
        "lock user_AAAAA1": [LOCK],
        "unban her": [UNBAN],
        "lock user_AAAAA1 and unban her": [richer],
    }
    out = plan_orders("lock user_AAAAA1 and unban her", [], planner(plans), lambda p, c: True)
    assert out == [richer]


def test_a_later_part_whose_own_words_do_not_name_its_call_stays_with_the_first() -> None:
    plans = {
        "lock user_AAAAA1": [LOCK],
        "unban her": [UNBAN],
        "lock user_AAAAA1 and unban her": [LOCK],
    }
    out = plan_orders("lock user_AAAAA1 and unban her", [], planner(plans), lambda p, c: False)
    assert out == [LOCK]


def test_a_later_part_that_cannot_be_planned_stays_with_the_first() -> None:
    question = Clarification("which?", planner="local")
    plans = {
        "lock user_AAAAA1": [LOCK],
        "unban her": question,
        "lock user_AAAAA1 and unban her": [LOCK],
    }
    out = plan_orders("lock user_AAAAA1 and unban her", [], planner(plans), lambda p, c: True)
    assert out == [LOCK]


# --------------------------------------------------------------------------- values listed together


def test_an_email_and_a_phone_fan_out_as_values_but_not_as_people_to_look_up() -> None:
    text = "allowlist a@b.io and +14155550100"
    assert [t.value for t in listed_with(text, "a@b.io", shapes_alike=True)] == [
        "a@b.io",
        "+14155550100",
    ]
    assert [t.value for t in listed_with(text, "a@b.io")] == ["a@b.io"]
    call = Call("POST", "/allowlist_identifiers", body={"identifier": "a@b.io"})
    assert [c.body["identifier"] for c in fan_out(call, text)] == ["a@b.io", "+14155550100"]


def test_a_word_said_again_before_the_next_value_joins_the_list() -> None:
    text = "disable MFA for user_AAAAA1 and for user_BBBBB1"
    assert [[t.value for t in run] for run in runs(text)] == [["user_AAAAA1", "user_BBBBB1"]]
    apart = "add user_AAAAA1 to org_CCCCC1 and remove user_BBBBB1"
    assert len(runs(apart)) == 3


def test_urls_listed_together_are_one_list() -> None:
    text = "register https://a.io/cb and app.x://callback"
    assert [[t.value for t in run] for run in runs(text)] == [
        ["https://a.io/cb", "app.x://callback"]
    ]


# --------------------------------------------------------------------------- through the planner


def test_a_change_ordered_after_a_change_is_never_planned_as_a_read(catalog: Catalog) -> None:
    text = (
        "user_2Mn3Bv4Cx5Zl6Kj7Hg8Fd9Sa0Q's password leaked. "
        "Flag it as compromised and kick all their sessions."
    )
    output = LocalPlanner().plan(text, PlanContext(catalog, now=NOW))
    assert isinstance(output, Plan), output
    assert all(step.method != "GET" for step in output.steps), output.steps


def test_a_later_order_on_a_carried_target_is_made_for_each_listed_one() -> None:
    locks = [
        Call("POST", "/users/{user_id}/lock", {"user_id": u}) for u in ("user_A1111", "user_B1111")
    ]
    image = Call("DELETE", "/users/{user_id}/profile_image", {"user_id": "user_B1111"})
    refs = carried(locks)
    out = over_carried_targets([image], locks, refs)
    assert [c.path_params["user_id"] for c in out] == ["user_A1111", "user_B1111"]
    assert over_carried_targets([image], locks[-1:], refs) == [image]


def test_a_later_question_is_a_part_and_a_question_before_an_order_is_its_scene() -> None:
    both = "which orgs is user_AAAAA1 in, and what's their credit balance?"
    assert parts(both) == ["which orgs is user_AAAAA1 in", "what's their credit balance?"]
    answered = "is org_AAAAA1 paying us? show me their billing subscription"
    assert parts(answered) == [answered]
    shown = "Pull up session sess_AAAAA1: which user it belongs to and when it was last active"
    assert parts(shown) == [shown]


def test_two_questions_stay_two_reads_though_one_read_could_take_both_filters() -> None:
    recent = Call("GET", "/users", query={"created_at_after": 1})
    banned = Call("GET", "/users/count", query={"banned": True})
    both = Call("GET", "/users/count", query={"created_at_after": 1, "banned": True})
    text = "list new users and tell me how many are banned"
    plans = {"list new users": [recent], "tell me how many are banned": [banned], text: [both]}
    assert plan_orders(text, [], planner(plans), lambda p, c: True) == [recent, banned]


def test_a_change_planned_together_as_one_richer_update_is_one_call() -> None:
    user = {"user_id": "user_A1111"}
    flagged = Call("POST", "/users/{user_id}/password/set_compromised", user)
    sign_out = Call("PATCH", "/users/{user_id}", user, body={"sign_out": True})
    one = Call("PATCH", "/users/{user_id}", user, body={"password": "x", "sign_out": True})
    text = "set the password to x and sign them out"
    plans = {"set the password to x": [flagged], "sign them out": [sign_out], text: [one]}
    assert plan_orders(text, [], planner(plans), lambda p, c: True) == [one]
