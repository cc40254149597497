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
