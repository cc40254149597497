"""Rewrite fragments: one concept written once in rewrites.yml, used by rules as %name%."""

from __future__ import annotations

import re

import pytest

from assistant.language import data


def test_a_fragment_expands_to_a_group() -> None:
    fragments = {"must_not": "must not|never"}
    pattern = data.with_fragments(r"\b(?:%must_not%)\s+enter\b", fragments, "r")
    assert pattern == r"\b(?:(?:must not|never))\s+enter\b"
    assert re.search(pattern, "he must not enter")


def test_an_unknown_fragment_is_refused_naming_the_rule() -> None:
    with pytest.raises(data.LanguageDataError, match="rule cannot-enter: no fragment %entry%"):
        data.with_fragments(r"\b%entry%\b", {}, "cannot-enter")


def test_shipped_rules_use_fragments_and_keep_no_placeholder() -> None:
    raw = data.read_yaml()
    assert raw["rewrites"]["fragments"]
    written = [r["pattern"] for r in raw["rewrites"]["rules"] if "%" in r["pattern"]]
    assert written, "no rule uses a fragment"
    assert not any("%" in rule.pattern for rule in data.check(raw).rules)


def test_a_deontic_never_plus_entry_is_a_ban_but_a_reported_problem_is_not() -> None:
    """The outcome table's point: "may not come in anymore" orders a ban; "can't log in
    anymore" reports a problem and is left for the other rules."""
    rules = {rule.id: rule for rule in data.check(data.read_yaml()).rules}
    ban = rules["outcome-cannot-enter-for-good"]
    assert ban.apply("he may not come in anymore") == "he ban anymore"
    assert ban.apply("she can't log in anymore") == "she can't log in anymore"
