from __future__ import annotations

import pytest

from assistant.references import ReferenceError_, resolve, steps_referenced


def test_whole_string_reference_keeps_type_and_nested_paths_work() -> None:
    responses = {1: {"id": "org_1", "count": 3}, 2: [{"id": "user_a"}], 3: {"data": [{"id": "x"}]}}
    assert resolve("{{1.count}}", responses) == 3
    assert resolve({"a": ["{{2.0.id}}"]}, responses) == {"a": ["user_a"]}
    assert resolve("{{3.data.0.id}}", responses) == "x"
    assert resolve("{{3.0.id}}", responses) == "x"  # paginated shorthand
    assert resolve("org is {{1.id}}!", responses) == "org is org_1!"


def test_steps_referenced_walks_nested_values() -> None:
    assert steps_referenced({"a": "{{1.id}}", "b": ["{{ 3.data.0.id }}", 4]}) == {1, 3}
    assert steps_referenced("plain") == set()


@pytest.mark.parametrize(
    ("text", "message"),
    [("{{2.id}}", "no response yet"), ("{{1.nope}}", "no field"), ("{{1.list.5}}", "no [5]")],
)
def test_missing_references_raise_clear_errors(text: str, message: str) -> None:
    with pytest.raises(ReferenceError_, match=message.replace("[", r"\[")):
        resolve(text, {1: {"list": [1]}})
