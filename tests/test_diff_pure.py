"""The pure projection and diff (no I/O): Clerk's metadata rules, secrets, nested keys."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.diff import deep_merge, state_diff
from assistant.models import Call
from assistant.undo import reverse_patch

USER: dict[str, Any] = {
    "id": "user_1",
    "object": "user",
    "first_name": "Ada",
    "password_enabled": False,
    "public_metadata": {"plan": "team", "limits": {"api": 10, "users": 3}},
    "private_metadata": {"crm": "c_1"},
}


def changes(call: Call, current: dict[str, Any] = USER) -> list[tuple[str, str, Any, Any]]:
    return [(c.path, c.kind, c.old, c.new) for c in state_diff(call, current).changes]


def test_a_nested_merge_is_diffed_key_by_key() -> None:
    body = {"public_metadata": {"limits": {"api": 50}}}
    call = Call("PATCH", "/users/{user_id}/metadata", {"user_id": "user_1"}, body=body)
    assert changes(call) == [
        ("public_metadata.plan", "kept", "team", "team"),
        ("public_metadata.limits.api", "changed", 10, 50),
        ("public_metadata.limits.users", "kept", 3, 3),
    ]


def test_metadata_sent_to_a_plain_update_replaces_it_and_warns() -> None:
    body = {"private_metadata": {"tier": "gold"}}
    call = Call("PATCH", "/users/{user_id}", {"user_id": "user_1"}, body=body)
    diff = state_diff(call, USER)
    assert changes(call) == [
        ("private_metadata.crm", "removed", "c_1", None),
        ("private_metadata.tier", "added", None, "gold"),
    ]
    assert diff.warnings == (
        "replaces private_metadata entirely: 1 key(s) will be lost: crm='c_1'",
    )


def test_a_password_is_never_shown_only_what_it_sets() -> None:
    body = {"password": "correct horse battery staple", "first_name": "Ada"}
    call = Call("PATCH", "/users/{user_id}", {"user_id": "user_1"}, body=body)
    diff = state_diff(call, USER)
    assert changes(call) == [
        ("first_name", "kept", "Ada", "Ada"),
        ("password_enabled", "changed", False, True),
    ]
    assert "correct horse" not in json.dumps(diff.to_json())


def test_a_null_in_a_plain_update_leaves_the_field() -> None:
    call = Call("PATCH", "/users/{user_id}", {"user_id": "user_1"}, body={"first_name": None})
    assert changes(call) == [("first_name", "kept", "Ada", "Ada")]


def test_what_is_not_an_object_cannot_be_diffed() -> None:
    diff = state_diff(Call("POST", "/users/{user_id}/ban", {"user_id": "u"}), ["not", "one"])
    assert not diff.available and diff.reason == "the current state is not an object"


def test_the_reverse_patch_of_a_merge_restores_the_original() -> None:

    old = {"plan": "team", "limits": {"api": 10}, "trial": True}
    patch = {"plan": "pro", "limits": {"api": 50, "burst": 5}, "trial": None, "seats": 3}
    merged = deep_merge(old, patch)
    assert deep_merge(merged, reverse_patch(old, patch)) == old


KEYS = st.sampled_from(["a", "b", "c", "d"])
VALUES = st.recursive(
    st.integers(0, 3) | st.text("xy", max_size=2) | st.booleans(),
    lambda inner: st.dictionaries(KEYS, inner, max_size=3),
    max_leaves=6,
)
PATCH_VALUES = st.recursive(
    st.none() | st.integers(0, 3) | st.text("xy", max_size=2),
    lambda inner: st.dictionaries(KEYS, inner, max_size=3),
    max_leaves=6,
)


@settings(derandomize=True, max_examples=300)
@given(st.dictionaries(KEYS, VALUES, max_size=4), st.dictionaries(KEYS, PATCH_VALUES, max_size=4))
def test_undoing_any_merge_restores_the_metadata(
    old: dict[str, Any], patch: dict[str, Any]
) -> None:
    """Stored metadata holds no nulls (a merge removes them), so every merge is undone."""

    assert deep_merge(deep_merge(old, patch), reverse_patch(old, patch)) == old
