"""segments.per_target: an order said once before a colon, for targets with values of their own."""

from assistant.planning.segments import per_target

A, B = "org_2Ws3Ed4Rf5Tg6Yh7Uj8Ik9Ol0P", "org_2Qa1Zs2Xd3Cf4Vg5Bh6Nj7Mk8L"


def test_each_target_gets_the_order_and_its_own_values() -> None:
    text = f'set private metadata: {A} -> tier "gold", {B} -> tier "free"'
    assert per_target(text) == [
        f'set private metadata: {A} -> tier "gold"',
        f'set private metadata: {B} -> tier "free"',
    ]


def test_a_common_sentence_after_the_targets_goes_with_each() -> None:
    text = f"Credit $5 to these orgs: {A} (key k-1) and {B} (key k-2). Note on both: outage."
    assert per_target(text) == [
        f"Credit $5 to these orgs: {A} (key k-1). Note on both: outage.",
        f"Credit $5 to these orgs: {B} (key k-2). Note on both: outage.",
    ]


def test_a_plain_list_is_no_split() -> None:
    assert per_target(f"ban these orgs: {A}, {B}") is None
    assert per_target(f"delete these orgs: {A} and {B} today") is None  # same words for both


def test_no_colon_before_the_targets_is_no_split() -> None:
    assert per_target(f'set {A} tier "gold" and {B} tier "free"') is None


def test_a_later_sentence_with_values_of_its_own_is_no_split() -> None:
    text = f'tag them: {A} -> tier "gold", {B} -> tier "free". Then ban user_2Df5Gh7Jk9Lz1Xc3Vb5'
    assert per_target(text) is None
