"""How fast the guardrail judges plans: verdicts per second over every endpoint.

    CLERK_ASSISTANT_SPECS_DIR=... python bench/guardrail.py

Prints numbers; asserts nothing (speed is not a test).
"""

from __future__ import annotations

import time

from assistant.guardrail import Policy, check, parse_scopes
from assistant.models import Call, Plan
from assistant.planning.explicit import parse_explicit
from assistant.policy_data import ID_PREFIXES
from assistant.spec import open_catalog


def main() -> None:
    catalog = open_catalog()
    calls = [
        Call(
            e.method,
            e.path,
            {p.name: ID_PREFIXES.get(p.name, ("x_",))[0] + "1" for p in e.path_params},
        )
        for e in catalog
    ]
    policy = Policy(parse_scopes("write, organizations:delete"))
    rounds = 20
    started = time.perf_counter()
    for _ in range(rounds):
        for call in calls:
            check(Plan((call,)), policy, catalog)
    elapsed = time.perf_counter() - started
    total = rounds * len(calls)
    print(f"known endpoints: {total} verdicts in {elapsed:.3f} s = {total / elapsed:,.0f}/s")
    unknown = [Call(c.method, c.path + "x", {}) for c in calls[:50]]
    started = time.perf_counter()
    for call in unknown:
        check(Plan((call,)), policy, catalog)
    per = (time.perf_counter() - started) / len(unknown) * 1000
    print(f"unknown endpoints (closest-match search): {per:.2f} ms per verdict")
    texts = [f"{c.method} {c.path.replace('{', '').replace('}', '')}?limit=5" for c in calls]
    started = time.perf_counter()
    for text in texts:
        parse_explicit(text, catalog)
    per = (time.perf_counter() - started) / len(texts) * 1000
    print(f"parse_explicit: {per:.3f} ms per request over {len(texts)} requests")


if __name__ == "__main__":
    main()
