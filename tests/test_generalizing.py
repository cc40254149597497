"""General mechanisms for unseen wording: sentence focus, dates, id kinds, lookups, verbs.

Each test states a behaviour with wording of its own, not a benchmark request.
"""

from __future__ import annotations

from datetime import datetime, timezone

from assistant.models import Plan
from assistant.planning import lexicon
from assistant.planning.base import PlanContext
from assistant.planning.local import LocalPlanner
from assistant.planning.slots import extract
from assistant.sentences import is_order, sentences, split_focus
from assistant.spec import Catalog

NOW = datetime(2026, 5, 19, 12, tzinfo=timezone.utc)


def plan(catalog: Catalog, text: str):
    return LocalPlanner().plan(text, PlanContext(catalog, now=NOW))


def steps(output) -> list[tuple[str, str]]:
    assert isinstance(output, Plan), output
    return [(s.method, s.path) for s in output.steps]


# --------------------------------------------------------------------------- sentences


def test_sentences_split_on_stops_and_dashes_not_inside_emails() -> None:
    text = "Mail from ann@corp.io bounced. Then - we retried; nothing"
    assert sentences(text) == ["Mail from ann@corp.io bounced.", "Then", "we retried", "nothing"]


def test_orders_are_imperatives_or_questions() -> None:
    assert is_order("Please revoke it")
    assert is_order("could you quickly list the admins")
    assert is_order("is this allowed?")
    assert not is_order("The customer churned last week.")


def test_focus_keeps_context_only_beside_an_order() -> None:
    assert split_focus("Our CI broke. Rotate the key.") == ("Rotate the key.", "Our CI broke.")
    # no order at all, or only orders: everything is the focus
    assert split_focus("The customer churned.") == ("The customer churned.", "")
    assert split_focus("Ban him. Then lock him.")[1] == ""


# --------------------------------------------------------------------------- values


def test_written_out_dates_become_unix_ms_and_not_numbers() -> None:
    slots = extract("users created before April 3rd 2026, or 5 March", NOW)
    april = int(datetime(2026, 4, 3, tzinfo=timezone.utc).timestamp() * 1000)
    march = int(datetime(2026, 3, 5, tzinfo=timezone.utc).timestamp() * 1000)
    assert [ms for _, ms in slots.dates] == [april, march]
    assert not slots.quantities  # 3, 2026 and 5 were parts of dates


def test_impossible_written_date_is_no_date() -> None:
    assert extract("since February 30", NOW).dates == []


def test_negated_word_is_not_asked_for_even_after_auxiliaries() -> None:
    assert "accept" not in tokens_of("invites that haven't been accepted")
    assert "verifi" not in tokens_of("emails not yet verified")


def tokens_of(text: str) -> set[str]:
    return set(lexicon.tokens(lexicon.rewrite(text)))


# --------------------------------------------------------------------------- ids


def test_a_longer_spelling_of_a_known_prefix_is_that_kind() -> None:
    assert lexicon.id_kind("jtmpl") == "jtmp"
    assert lexicon.id_kind("zzz") == "zzz"


# --------------------------------------------------------------------------- lookups


def test_an_email_naming_a_user_filter_is_looked_up_first(catalog: Catalog) -> None:
    output = plan(catalog, "list the organizations that ivy@example.org is a member of")
    assert isinstance(output, Plan) and len(output.steps) == 2
    first, second = output.steps
    assert (first.method, first.path, first.query) == (
        "GET",
        "/users",
        {"email_address": ["ivy@example.org"]},
    )
    values = {**second.path_params, **second.query}
    assert any("{{1." in str(v) for v in values.values())


# --------------------------------------------------------------------------- context


def test_explanations_and_purposes_are_context() -> None:
    assert split_focus("wipe their 2FA, they're locked out")[1] == "they're locked out"
    assert split_focus("turn on the check so people can't reuse passwords")[1].startswith("so")


def test_a_self_correction_is_the_order() -> None:
    assert is_order("actually just list them")


def test_a_term_in_the_name_is_a_search(catalog: Catalog) -> None:
    output = plan(catalog, "list organizations with globex in the name")
    assert isinstance(output, Plan) and output.steps[0].query.get("query") == "globex"


def test_a_path_name_is_the_word_before_its_noun(catalog: Catalog) -> None:
    output = plan(catalog, "session token for sess_2abcdefghijk from the firebase template")
    assert isinstance(output, Plan)
    assert output.steps[0].path_params.get("template_name") == "firebase"
