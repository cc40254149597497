"""What the before/after view and undo cost: the diff itself, the read, the undo lookup.

    python bench/diff.py [--rounds 200]

Runs a metadata merge (`PATCH /users/{id}/metadata`) through a real Session (explicit
call, real guardrail, executor, transcript) against the in-process sandbox with every
confirmation answered yes, and prints per write turn: the median and p95 of the whole
turn, of the GET that reads the state before, and of the pure diff; then how long
`/undo`'s lookup (read the transcript, find the last change, build the inverse) takes on
the transcript those rounds wrote. Numbers, no asserts.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant import undo
from assistant.cli.interactive import SANDBOX_URL
from assistant.diff import state_diff
from assistant.executor import Executor
from assistant.models import Call, Plan, Result
from assistant.planning.entry import make_planner
from assistant.sandbox import SANDBOX_KEY, Sandbox, sandbox_transport
from assistant.session import ConfirmReply, ConfirmRequest, Session
from assistant.settings import Settings, load_settings
from assistant.spec import open_catalog
from assistant.transcript import Transcript, read_records

READS: list[float] = []


class TimedSession(Session):
    """A Session that times the GET it sends to read the state before a write."""

    def _read(self, step: int, get: Call) -> Result:
        started = time.perf_counter()
        try:
            return super()._read(step, get)
        finally:
            READS.append((time.perf_counter() - started) * 1000)


def yes(request: ConfirmRequest) -> ConfirmReply:
    return ConfirmReply("yes")


def build(folder: Path) -> tuple[Session, Sandbox]:
    settings = load_settings(sandbox=True, planner="local").with_overrides(scopes="write")
    catalog = open_catalog(settings.spec_version, settings.spec_file, download=False)
    sandbox = Sandbox(catalog, rate_limit=None)
    executor = Executor(SANDBOX_URL, SANDBOX_KEY, transport=sandbox_transport(sandbox))
    transcript = Transcript.create(folder / "bench.jsonl", Settings(sandbox=True), {})
    planner = make_planner(settings)  # unused: the bench proposes its plans directly
    session = TimedSession(settings, catalog, planner, executor, transcript, yes)
    return session, sandbox


def merge_call(user_id: str, round_number: int) -> Call:
    body = {"public_metadata": {"seats": round_number, "plan": "team", "trial": None}}
    return Call("PATCH", "/users/{user_id}/metadata", {"user_id": user_id}, body=body)


def time_diff(call: Call, user: dict[str, Any], rounds: int) -> list[float]:
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        state_diff(call, user, read="GET /users/x")
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def line(label: str, timings: list[float]) -> str:
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"{label}: median {statistics.median(ordered):.3f} ms, p95 {p95:.3f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        session, sandbox = build(Path(folder))
        user = next(iter(sandbox.world.table("users").values()))
        turns = []
        for number in range(args.rounds):
            started = time.perf_counter()
            turn = session.propose("bench", Plan((merge_call(user["id"], number),)))
            turns.append((time.perf_counter() - started) * 1000)
            if turn.status != "done":
                raise SystemExit(f"bench: the write ended {turn.status}")
        started = time.perf_counter()
        found = undo.plan_undo(read_records(Path(folder) / "bench.jsonl"), session.catalog)
        lookup = (time.perf_counter() - started) * 1000
        diffs = time_diff(merge_call(user["id"], 1), user, args.rounds)
    print(line(f"write turn with before/after ({args.rounds} turns)", turns))
    print(line("  of which the GET reading the state before", READS))
    print(line("pure diff (state_diff on a user object)", diffs))
    inverse = found.plan.steps[0]
    print(f"/undo lookup over {args.rounds} recorded changes: {lookup:.1f} ms ({inverse.method})")


if __name__ == "__main__":
    main()
