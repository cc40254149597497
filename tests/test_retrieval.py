"""Endpoint search: tokenization, signals, caching, and the recall bar measured for real."""

from __future__ import annotations

from pathlib import Path

import pytest
from rank_bm25 import BM25Okapi

from assistant import retrieval, vocabulary
from assistant.retrieval import Hit, parse_query, search, stem, tokens, words
from assistant.spec import Catalog, open_catalog
from bench.retrieval import load_cases, measure, ours_ranker
from tests.conftest import EVALS, HERE

MINI = HERE / "data" / "mini.yml"


@pytest.fixture(scope="module")
def mini() -> Catalog:
    return open_catalog(spec_file=MINI)


def _keys(hits: list[Hit]) -> list[str]:
    return [hit.endpoint.key for hit in hits]


def test_words_split_camel_case_snake_case_and_keep_compounds() -> None:
    assert words("GetOAuthAccessToken") == ["get", "oauth", "access", "token"]
    assert words("getM2MTokens") == ["get", "m2m", "tokens"]
    assert words("/users/{user_id}/organization_memberships") == [
        "users", "user", "id", "organization", "memberships"
    ]  # fmt: skip


def test_stemming_meets_plurals_and_verb_forms() -> None:
    assert stem("invitations") == stem("invitation")
    assert stem("banned") == stem("ban") and stem("created") == stem("create")
    assert stem("entries") == stem("entry") and stem("addresses") == stem("address")
    assert tokens("Invites for members") == tokens("invitation membership")


def test_query_reads_ids_intents_and_synonyms() -> None:
    query = parse_query("kick user_2abc out of org_3xyz")
    assert set(query.ids) == {"user_2abc", "org_3xyz"}
    assert ("DELETE",) in [methods for methods, _, _ in query.methods]
    assert {"delet", "membership", "organization", "user"} <= set(query.weights)
    assert "2abc" not in " ".join(query.weights)  # an id's letters are not words


def test_method_intent_orders_same_resource(mini: Catalog) -> None:
    assert _keys(search(mini, "list the widgets", k=1)) == ["GET /widgets"]
    assert _keys(search(mini, "create a new widget", k=1)) == ["POST /widgets"]
    assert _keys(search(mini, "get rid of that widget", k=1)) == ["DELETE /widgets/{widget_id}"]


def test_clerk_id_prefix_points_at_the_endpoint_taking_it(mini: Catalog) -> None:
    hits = search(mini, "ban user_2Q8mNpLk now", k=3)
    assert hits[0].endpoint.key == "POST /users/{user_id}/ban"
    assert any("fills path user_id" in reason for reason in hits[0].reasons)


def test_bulk_requests_prefer_bulk_endpoints(mini: Catalog) -> None:
    assert _keys(search(mini, "create several widgets at once", k=1)) == ["POST /widgets/bulk"]
    assert _keys(search(mini, "create a widget", k=1)) == ["POST /widgets"]


def test_deprecated_ranks_below_its_replacement(mini: Catalog) -> None:
    hits = search(mini, "archive a widget", k=2)
    assert _keys(hits) == [
        "POST /widgets/{widget_id}/archived",
        "POST /widgets/{widget_id}/archive",
    ]
    assert any("deprecated" in reason for reason in hits[1].reasons)


def test_search_is_deterministic_and_explained(catalog: Catalog) -> None:
    first = search(catalog, "who signed up this week?", k=10)
    second = search(catalog, "who signed up this week?", k=10)
    assert [(h.endpoint.key, h.score) for h in first] == [(h.endpoint.key, h.score) for h in second]
    assert all(hit.reasons for hit in first)
    assert first[0].to_json().keys() == {"method", "path", "operation_id", "summary", "score"}


def test_k_limits_and_nonsense_still_answers(catalog: Catalog) -> None:
    assert len(search(catalog, "ban a user", k=3)) == 3
    assert len(search(catalog, "zzzz qqqq", k=2)) == 2
    assert search(catalog, "ban a user", k=0) == []


def test_postings_reproduce_rank_bm25_scores(mini: Catalog) -> None:
    index = retrieval.index_for(mini)
    documents = [retrieval.endpoint_document(e) or ["_"] for e in mini]
    reference = BM25Okapi(documents)
    for token in ("widget", "ban", "user", "creat", "archiv"):
        assert index.scores(token) == pytest.approx(list(reference.get_scores([token])))


def test_index_is_cached_beside_the_catalog_and_reloaded(
    mini: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    retrieval._MEMORY.clear()
    built = retrieval.index_for(mini)
    path = retrieval._index_file(mini)
    assert path.is_file() and path.parent.name == "catalogs"
    retrieval._MEMORY.clear()

    def no_build(catalog: Catalog) -> None:
        raise AssertionError("a warm index must be read, not built")

    monkeypatch.setattr(retrieval, "build_index", no_build)
    loaded = retrieval.index_for(mini)
    assert loaded == built  # every field, the facts' sets and tuples included


def test_stale_or_corrupt_index_file_is_rebuilt(mini: Catalog) -> None:
    retrieval._MEMORY.clear()
    retrieval.index_for(mini)
    path = retrieval._index_file(mini)
    path.write_bytes(b"not json")
    retrieval._MEMORY.clear()
    assert _keys(search(mini, "ban a user", k=1)) == ["POST /users/{user_id}/ban"]
    assert path.read_bytes() != b"not json"


def _recall(catalog: Catalog, path: Path) -> dict[str, float]:
    return measure(ours_ranker(catalog), load_cases(path))


def test_recall_bar_on_the_shared_evals(catalog: Catalog) -> None:
    """A real measurement (the same code as bench/retrieval.py), not a recorded number."""
    assert EVALS.is_file(), f"evals not found at {EVALS}; set CLERK_ASSISTANT_EVALS"
    row = _recall(catalog, EVALS)
    assert row["R@1"] >= 0.80 and row["R@5"] >= 0.95, row


@pytest.mark.parametrize("name", ["extra", "holdout", "holdout2"])
def test_recall_on_our_own_differently_worded_requests(catalog: Catalog, name: str) -> None:
    path = HERE / "data" / f"{name}_requests.jsonl"
    row = _recall(catalog, path)
    assert row["R@1"] >= 0.75 and row["R@5"] >= 0.9, row


def test_deprecated_pending_invitations_below_the_filtered_list(catalog: Catalog) -> None:
    keys = _keys(search(catalog, "which invitations to org_2x are still pending", k=5))
    assert keys[0] == "GET /organizations/{organization_id}/invitations"
    assert "GET /organizations/{organization_id}/invitations/pending" in keys[1:]


# --------------------------------------------------------------------------- general mechanisms


def test_context_sentences_count_less_than_the_order() -> None:
    query = parse_query("Our billing page was down yesterday. Revoke sess_2abcdefghij now.")
    assert query.weights[tokens("revoke")[0]] == 1.0
    assert 0 < query.weights[tokens("billing")[0]] < 1.0
    assert query.methods and query.methods[0][2] == "revoke"


def test_unknown_id_prefix_fills_the_parameter_it_abbreviates() -> None:
    assert vocabulary.abbreviates("scimdir", "scim_directory_id")
    assert not vocabulary.abbreviates("scimdir", "directory_id")
    query = parse_query("disable scimdir_2Xc4Vb6Nm8Qw0Er2Ty4")
    assert query.ids["scimdir_2Xc4Vb6Nm8Qw0Er2Ty4"][0] == ("~scimdir",)
    # words with an underscore are not ids: their letters still count
    assert {"past", "due"} <= set(parse_query("status past_due").weights)


def test_a_longer_spelling_of_a_known_prefix_is_that_kind() -> None:
    query = parse_query("delete jtmpl_2Pq8RtVx1LmNbKc7WdYf")
    assert query.ids["jtmpl_2Pq8RtVx1LmNbKc7WdYf"][0] == retrieval.vocab.ID_PREFIXES["jtmp"][1]


def test_an_email_is_a_value_not_the_topic() -> None:
    query = parse_query("lock dana@example.com")
    assert query.emails == 1
    assert query.weights["email"] < 0.5 and query.weights["lock"] == 1.0


def test_action_on_a_user_named_by_email_starts_with_the_lookup(catalog: Catalog) -> None:
    keys = _keys(search(catalog, "lock the account of dana@example.com", k=3))
    assert keys[0] == "GET /users" and "POST /users/{user_id}/lock" in keys
    # with a user id there is nothing to look up
    assert _keys(search(catalog, "lock user_2abcdefgh", k=1)) == ["POST /users/{user_id}/lock"]


def test_enum_values_are_words_of_the_endpoint(catalog: Catalog) -> None:
    hits = search(catalog, "which subscription items are past due", k=1)
    assert hits[0].endpoint.key == "GET /billing/subscription_items"


def test_a_resource_typed_as_a_phrase_wins_over_a_paraphrase(catalog: Catalog) -> None:
    hits = search(catalog, "log in as user_2abcdefgh with a sign-in token", k=1)
    assert hits[0].endpoint.key == "POST /sign_in_tokens"


def test_and_with_a_second_verb_starts_a_later_clause() -> None:
    query = parse_query("find the user with email a@b.io and lock them")
    assert query.weights["lock"] == retrieval.LATER_CLAUSE_WEIGHT
