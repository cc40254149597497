"""One set of ranking weights: search and the planner's re-ranking read the same module,
and a deprecated endpoint is discounted once in the planner, not by both rankers."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest

from assistant import retrieval, weights
from assistant.planning import ranking

PACKAGE = Path(weights.__file__).resolve().parent
WEIGHT_NAMES = {name for name in vars(weights) if name.isupper()}


def test_both_rankers_read_one_context_weight() -> None:
    assert retrieval.CONTEXT_WEIGHT == ranking.CONTEXT_WEIGHT == weights.CONTEXT_WEIGHT


def _assigned(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    return {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }


@pytest.mark.parametrize(
    "path", [p for p in PACKAGE.rglob("*.py") if p.name != "weights.py"], ids=str
)
def test_no_module_defines_a_weight_of_its_own(path: Path) -> None:
    assert not (_assigned(path) & WEIGHT_NAMES), path


def test_a_deprecated_endpoint_is_discounted_once(catalog: Any) -> None:
    text = "list the saml connections and the enterprise connections"
    hits = {h.endpoint.key: h for h in retrieval.search(catalog, text, k=10)}
    deprecated = next(k for k, h in hits.items() if h.endpoint.deprecated)
    current = next(k for k, h in hits.items() if not h.endpoint.deprecated)
    boost = ranking._retrieval_boost(catalog, text)
    searched = hits[deprecated].score / hits[current].score
    assert boost[deprecated] / boost[current] == pytest.approx(searched / weights.DEPRECATED_FACTOR)
