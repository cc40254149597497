"""Planning time against the length of the request: ms per KB for 1, 2, 4 and 8 KB.

    python bench/long_input.py [--sizes 1 2 4 8] [--kind prose|token|both]

A person pastes a long line (a log excerpt, an e-mail thread) after a short order. The
local planner should take time in proportion to the text (flat ms per KB), and a text over
the planner's size limit (planning.entry.MAX_REQUEST_CHARS) gets a clear message at once
instead of a long wait. Two kinds of
paste: prose (words and spaces) and one long token (a key or base64 blob, no spaces).
Numbers, no asserts.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.errors import AssistantError
from assistant.planning.base import PlanContext
from assistant.planning.entry import MAX_REQUEST_CHARS, check_request_size
from assistant.planning.local import LocalPlanner
from assistant.spec import open_catalog

ORDER = "ban user user_2abcdefghijklmnopqrstuvwxyz and note the reason: "
PROSE = (
    "the customer wrote in on Tuesday about charges they do not recognise, "
    "said the account was shared with a former colleague at support@example.com "
    "and asked us to stop any further access until they confirm "
)
TOKEN = "QmFzZTY0IGJsb2Igb2YgYSBwYXN0ZWQga2V5IHdpdGhvdXQgYW55IHNwYWNlcw"


def request_of(kilobytes: int, kind: str) -> str:
    filler = PROSE if kind == "prose" else TOKEN
    size = kilobytes * 1024 - len(ORDER)
    return ORDER + (filler * (size // len(filler) + 1))[:size]


def time_plan(planner: LocalPlanner, context: PlanContext, text: str) -> tuple[float, str]:
    start = time.perf_counter()
    try:
        outcome = type(planner.plan(text, context)).__name__
    except AssistantError as error:
        outcome = f"refused: {error}"
    return (time.perf_counter() - start) * 1000, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 2, 4, 8])
    parser.add_argument("--kind", choices=["prose", "token", "both"], default="both")
    args = parser.parse_args()
    catalog = open_catalog()
    planner, context = LocalPlanner(), PlanContext(catalog)
    time_plan(planner, context, "list users")  # warm caches (spec index, patterns)
    kinds = ["prose", "token"] if args.kind == "both" else [args.kind]
    for kind in kinds:
        for kilobytes in args.sizes:
            ms, outcome = time_plan(planner, context, request_of(kilobytes, kind))
            per_kb = ms / kilobytes
            line = f"{kind:5} {kilobytes:2} KB: {ms:9.1f} ms {per_kb:8.1f} ms/KB ({outcome})"
            print(line, flush=True)
    _over_the_limit()


def _over_the_limit() -> None:
    """What a request past the limit gets (the CLI and the REPL check it before planning)."""
    text = request_of(MAX_REQUEST_CHARS // 1024 + 8, "prose")
    start = time.perf_counter()
    try:
        check_request_size(text)
        outcome = "accepted"
    except AssistantError as error:
        outcome = f"refused: {error}"
    ms = (time.perf_counter() - start) * 1000
    print(f"{len(text):,} characters: {ms:.2f} ms, {outcome}")


if __name__ == "__main__":
    main()
