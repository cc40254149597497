"""What a Claude-planned request costs: rounds, prompt tokens, dollars (not a test: it prints).

    python bench/claude_cost.py [--thinking-tokens N]

Five typical requests run through the real ClaudePlanner and the real anthropic client
against the local Messages API stand-in (tests/fake_anthropic.py, 127.0.0.1 only), each
with the tool path a model typically takes for it (scripted: the bench measures our
prompts, not the model). For every round the request the client actually sent is split:
- cached: tools + system (the prefix ending at the one cache_control breakpoint);
- uncached: the messages (the request, cards, history, tool results), which grow per round.
Tokens are characters / 4 of that JSON (offline; count_tokens needs the network). Output
tokens are the scripted replies' characters / 4 plus an assumed thinking allowance per round
(adaptive thinking at effort medium; the real figure depends on the request).

Prices: claude-sonnet-5-5, USD per million tokens, from the model page
(platform.claude.com/docs/en/models/sonnet-5-5/overview): input 2.00, output 10.00, 5-minute
cache write 2.50, cache read 0.20. The Sonnet 5.5 migration guide says cache reads are 0.10
("half the Claude Sonnet 5 rate"); the two pages disagree, so the higher one is used.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.planning.base import PlanContext  # noqa: E402
from assistant.planning.claude import ClaudePlanner  # noqa: E402
from assistant.settings import DEFAULT_MODEL, Settings  # noqa: E402
from assistant.spec import open_catalog  # noqa: E402
from tests.fake_anthropic import FakeAnthropic, tool_use  # noqa: E402

PRICES = {"input": 2.00, "output": 10.00, "cache_write": 2.50, "cache_read": 0.20}  # per MTok
THINKING_TOKENS_PER_ROUND = 600

BAN = {"method": "POST", "path": "/users/{user_id}/ban", "path_params": {"user_id": "user_123"}}
LOOKUP = {"method": "GET", "path": "/users", "query": {"email_address": ["alice@example.com"]}}
MERGE = {
    "method": "PATCH",
    "path": "/users/{user_id}/metadata",
    "path_params": {"user_id": "{{1.0.id}}"},
    "body": {"private_metadata": {"plan": "pro"}},
}
INVITE = {
    "method": "POST",
    "path": "/organizations/{organization_id}/invitations",
    "path_params": {"organization_id": "org_123"},
    "body": {"email_address": "bob@acme.io", "role": "org:admin"},
}
CASES: list[tuple[str, list[dict[str, Any]]]] = [
    ("ban user_123", [tool_use("propose_plan", {"steps": [BAN]})]),
    (
        "invite bob@acme.io to org_123 as an admin",
        [tool_use("propose_plan", {"steps": [INVITE]})],
    ),
    (
        "set plan=pro in the private metadata of alice@example.com",
        [
            tool_use("search_endpoints", {"query": "merge user metadata"}),
            tool_use("propose_plan", {"steps": [LOOKUP, MERGE], "note": "private: backend only"}),
        ],
    ),
    (
        "how fast can I call the Backend API?",
        [tool_use("answer", {"text": "1000 requests per 10 s in production, 100 in dev."})],
    ),
    (
        "delete every organization named Test",
        [
            tool_use(
                "get_endpoint", {"method": "DELETE", "path": "/organizations/{organization_id}"}
            ),
            tool_use("ask_user", {"question": "Plans run each call once: which org ids?"}),
        ],
    ),
]


@dataclass
class Row:
    request: str
    rounds: int
    cached: int
    uncached: int
    output: int

    def cost(self, warm: bool) -> float:
        first = PRICES["cache_read"] if warm else PRICES["cache_write"]
        cached = self.cached * (first + PRICES["cache_read"] * (self.rounds - 1))
        paid = cached + self.uncached * PRICES["input"] + self.output * PRICES["output"]
        return paid / 1_000_000


def tokens(value: Any) -> int:
    return len(json.dumps(value, ensure_ascii=False)) // 4


def measure(catalog: Any, request: str, replies: list[dict[str, Any]], thinking: int) -> Row:
    with FakeAnthropic() as fake:
        fake.reply(*replies)
        settings = Settings(
            anthropic_api_key="bench", anthropic_base_url=fake.url, planner="claude"
        )
        ClaudePlanner(settings, max_retries=0).plan(request, PlanContext(catalog))
        bodies = fake.bodies()
    assert not fake.rejections, fake.rejections
    output = sum(tokens(r["content"]) + thinking for r in replies)
    return Row(
        request=request,
        rounds=len(bodies),
        cached=tokens(bodies[0]["tools"]) + tokens(bodies[0]["system"]),
        uncached=sum(tokens(b["messages"]) for b in bodies),
        output=output,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--thinking-tokens", type=int, default=THINKING_TOKENS_PER_ROUND)
    args = parser.parse_args()
    specs = os.environ.get("CLERK_ASSISTANT_SPECS_DIR", str(ROOT.parent / "shared/specs/bapi"))
    catalog = open_catalog("2026-05-12", env={"CLERK_ASSISTANT_SPECS_DIR": specs}, download=False)
    rows = [measure(catalog, text, replies, args.thinking_tokens) for text, replies in CASES]
    print(f"model {DEFAULT_MODEL}; USD/MTok {PRICES}; thinking {args.thinking_tokens}/round")
    print(f"{'request':58} rounds  cached  uncached  output  warm $   cold $")
    for row in rows:
        print(
            f"{row.request[:58]:58} {row.rounds:6} {row.cached:7} {row.uncached:9} "
            f"{row.output:7}  {row.cost(True):.4f}   {row.cost(False):.4f}"
        )
    mean = sum(r.cost(True) for r in rows) / len(rows)
    print(f"mean per request, warm cache: ${mean:.4f} (cached = prefix per round; tokens chars/4)")


if __name__ == "__main__":
    main()
