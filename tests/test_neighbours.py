"""Nearest labelled requests as a ranking signal: the shipped evidence, and the mechanism."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from importlib import resources

import pytest

from assistant import weights
from assistant.models import Plan
from assistant.planning import neighbours, ranking
from assistant.planning.base import PlanContext
from assistant.planning.local import LocalPlanner, _request
from assistant.spec import Catalog

NOW = datetime(2026, 5, 19, 12, tzinfo=timezone.utc)
LOCK = "POST /users/{user_id}/lock"
BAN = "POST /users/{user_id}/ban"
# Our own labelled wording (no eval's): football jargon no phrase rule knows. (The signal
# only ranks: an irreversible action such as a ban must still be named to be proposed.)
EVIDENCE = [
    neighbours.Labelled("give user_2xyz the red card for now", (LOCK,)),
    neighbours.Labelled("list every user we have", ("GET /users",)),
    neighbours.Labelled("ban user_2xyz for good", (BAN,)),
]


def test_shipped_evidence_loads_and_names_only_spec_endpoints(catalog: Catalog) -> None:
    labelled = neighbours.load_evidence()
    keys = {e.key for e in catalog}
    assert len(labelled) > 1000
    unknown = {key for item in labelled for key in item.endpoints if key not in keys}
    assert unknown == set()
    assert all(item.text.strip() and item.endpoints for item in labelled)


def test_shipped_evidence_words_are_the_tokenizers_words() -> None:
    """The stored words go stale when the language tables change: rebuild the evidence."""
    stale = [
        item.text
        for item in neighbours.load_evidence()
        if list(item.words) != neighbours.request_words(item.text)
    ]
    assert stale == [], "run python bench/build_neighbours.py"


def test_shipped_evidence_holds_no_held_out_round_and_no_shared_eval() -> None:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from build_neighbours import HELD_OUT  # type: ignore[import-not-found]

    raw = resources.files("assistant.language").joinpath("data", neighbours.EVIDENCE_FILE)
    sources = json.loads(raw.read_text())["sources"]
    sealed = {
        f"blind_{r}"
        for r in ("tt", "uu", "vv", "ww", "xx", "yy", "zz", "zy", "zx", "zw", "zv", "zu")
    }
    assert sealed <= set(HELD_OUT)  # rounds sealed for their one measuring run
    assert sources and not any(s.startswith(HELD_OUT) for s in sources)
    assert "requests.jsonl" not in sources  # the shared evals' file name


def test_neighbours_vote_for_the_closest_labelled_request() -> None:
    votes = neighbours.Neighbours(EVIDENCE).votes("user_2abc gets the red card", k=2)
    assert max(votes, key=lambda key: votes[key]) == LOCK
    assert sum(votes.values()) == pytest.approx(1.0)


def test_word_order_counts_through_word_pairs() -> None:
    """Two requests with the same words in another order: the one whose adjacent words
    match ("red card", not "card ... red") is the closer neighbour."""
    same_words = [
        neighbours.Labelled("show the yellow card then a red", ("GET /users",)),
        neighbours.Labelled("show the red card then a yellow", (LOCK,)),
        neighbours.Labelled("count the organizations", ("GET /organizations/count",)),
    ]
    votes = neighbours.Neighbours(same_words).votes("user_2abc gets the red card", k=2)
    assert votes[LOCK] > votes.get("GET /users", 0.0)


def test_signal_off_adds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(weights, "NEIGHBOUR_WEIGHT", 0.0)
    assert neighbours.neighbour_bonus("user_2abc gets the red card") == {}


@pytest.fixture
def own_evidence(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(weights, "NEIGHBOUR_WEIGHT", 6.0)
    neighbours.use(neighbours.Neighbours(EVIDENCE))
    yield
    neighbours.use(None)


def _first_call(catalog: Catalog, text: str) -> str:
    output = LocalPlanner().plan(text, PlanContext(catalog, now=NOW))
    assert isinstance(output, Plan), output
    step = output.steps[0]
    return f"{step.method} {step.path}"


def test_wording_close_to_a_labelled_request_picks_its_endpoint(
    catalog: Catalog, own_evidence: None
) -> None:
    text = "user_2pQ7rT9vWxYz1AbCdEfGhIjKlMn gets the red card"
    assert _first_call(catalog, text) == LOCK
    neighbours.use(neighbours.Neighbours([]))  # no evidence: the rules alone
    assert _first_call(catalog, text) != LOCK


def _scores(catalog: Catalog, text: str) -> dict[str, float]:
    context = PlanContext(catalog, now=NOW)
    ranked = ranking.rank(catalog, _request(text, text, context, {}))
    return {s.endpoint.key: s.score for s in ranked}


def test_evidence_never_votes_for_an_irreversible_action(
    catalog: Catalog, own_evidence: None
) -> None:
    """A ban (sessions revoked for good) must be named: neighbours may not push it up."""
    banning = [neighbours.Labelled("show user_2xyz the yellow card", (BAN, LOCK)), *EVIDENCE[1:]]
    text = "user_2pQ7rT9vWxYz1AbCdEfGhIjKlMn sees the yellow card"
    neighbours.use(neighbours.Neighbours([]))
    before = _scores(catalog, text)
    neighbours.use(neighbours.Neighbours(banning))
    after = _scores(catalog, text)
    assert after.get(BAN) == before.get(BAN)
    assert after[LOCK] > before[LOCK]  # the same vote does move a reversible action


def test_the_bench_plans_a_batch_without_its_own_rounds_evidence() -> None:
    """bench/planner.py measures a batch with its whole round left out of the evidence, so
    a tuned round's figure never counts its own requests as neighbours."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from planner import evidence_without, round_of  # type: ignore[import-not-found]

    assert round_of(Path("blind_kk3.jsonl")) == "blind_kk"
    assert round_of(Path("blind_z2.jsonl")) == "blind_z"
    assert round_of(Path("requests_extra.jsonl")) == "requests_extra"
    index = evidence_without("blind_aa")
    assert index is not None
    data = Path(__file__).resolve().parent.parent / "bench" / "data"
    aa = [
        json.loads(line)
        for path in sorted(data.glob("blind_aa?.jsonl"))
        for line in path.read_text().splitlines()
        if line
    ]
    voting = [case for case in aa if case["steps"]]  # (a question votes for nothing)
    assert len(aa) == 180 and len(index.labelled) == len(neighbours.load_evidence()) - len(voting)
    assert evidence_without("blind_ll") is None  # a held-out round is in no evidence
