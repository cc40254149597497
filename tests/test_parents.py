"""A plan never removes a thing it goes on to work inside (planning/parents.py)."""

from __future__ import annotations

from assistant.models import Call
from assistant.planning.parents import without_removed_parents

USER = {"user_id": "user_A"}
DELETE_USER = Call("DELETE", "/users/{user_id}", dict(USER))
PASSKEY = Call("DELETE", "/users/{user_id}/passkeys/{passkey_id}", {**USER, "passkey_id": "idn_P"})
WALLET = Call("DELETE", "/users/{user_id}/web3_wallets/{wallet_id}", {**USER, "wallet_id": "idn_W"})


def test_a_parent_removed_before_its_parts_is_dropped() -> None:
    assert without_removed_parents([DELETE_USER, PASSKEY, WALLET]) == [PASSKEY, WALLET]


def test_a_parent_removed_after_its_parts_stays() -> None:
    """'remove every member, then delete the org': the parent goes last, as asked."""
    member = Call(
        "DELETE",
        "/organizations/{organization_id}/memberships/{user_id}",
        {
            "organization_id": "org_A",
            **USER,
        },
    )
    org = Call("DELETE", "/organizations/{organization_id}", {"organization_id": "org_A"})
    assert without_removed_parents([member, org]) == [member, org]


def test_another_things_parts_keep_the_removal() -> None:
    other = Call(
        "DELETE",
        "/users/{user_id}/passkeys/{passkey_id}",
        {
            "user_id": "user_B",
            "passkey_id": "idn_P",
        },
    )
    assert without_removed_parents([DELETE_USER, other]) == [DELETE_USER, other]


def test_only_a_delete_is_dropped() -> None:
    read = Call("GET", "/users/{user_id}", dict(USER))
    assert without_removed_parents([read, PASSKEY]) == [read, PASSKEY]


def test_later_references_are_renumbered() -> None:
    lookup = Call("GET", "/users", {}, {"email_address": ["a@x.io"]})
    refs = {"user_id": "{{1.0.id}}"}
    delete_user = Call("DELETE", "/users/{user_id}", dict(refs))
    passkey = Call("DELETE", "/users/{user_id}/passkeys/{passkey_id}", {**refs, "passkey_id": "p"})
    then = Call("GET", "/users/{user_id}/passkeys", {"user_id": "{{3.id}}"})
    assert without_removed_parents([lookup, delete_user, passkey, then]) == [
        lookup,
        passkey,
        Call("GET", "/users/{user_id}/passkeys", {"user_id": "{{2.id}}"}),
    ]


def test_a_removal_a_later_step_reads_from_stays() -> None:
    used = Call("GET", "/users/{user_id}/passkeys", {"user_id": "{{1.id}}"})
    assert without_removed_parents([DELETE_USER, PASSKEY, used]) == [DELETE_USER, PASSKEY, used]
