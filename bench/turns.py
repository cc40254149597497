"""How long one REPL turn takes outside the network: plan, guardrail, render, send, record.

    python bench/turns.py [--rounds 20]

Runs the README's three requests through a real Session (local planner, real guardrail,
executor, transcript) against the in-process sandbox with every confirmation answered
yes, and prints the median and p95 per request, plus the start-up cost of the parts
(`--sandbox` REPL before its first prompt, minus prompt_toolkit). Numbers, no asserts.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.cli.interactive import SANDBOX_URL
from assistant.executor import Executor
from assistant.planning.entry import make_planner
from assistant.sandbox import SANDBOX_KEY, Sandbox, sandbox_transport
from assistant.session import ConfirmReply, ConfirmRequest, Session
from assistant.settings import Settings, load_settings
from assistant.spec import open_catalog
from assistant.transcript import Transcript

REQUESTS = [
    "list users",
    "create an organization called Bench Co and invite bench@example.com as admin",
    "delete user {user_id}",
]


def yes_to_all(request: ConfirmRequest) -> ConfirmReply:
    if request.verdict.confirm == "typed":
        return ConfirmReply("typed", typed=request.verdict.typed_token)
    return ConfirmReply("yes")


def build(folder: Path) -> tuple[Session, float]:
    started = time.perf_counter()
    settings = load_settings(sandbox=True, planner="local").with_overrides(scopes="write,delete")
    catalog = open_catalog(settings.spec_version, settings.spec_file, download=False)
    sandbox = Sandbox(catalog, rate_limit=None)
    executor = Executor(SANDBOX_URL, SANDBOX_KEY, transport=sandbox_transport(sandbox))
    quiet = Settings(sandbox=True, data_dir=str(folder))  # anchors stay in the temp folder
    transcript = Transcript.create(folder / "bench.jsonl", quiet, {})
    session = Session(settings, catalog, make_planner(settings), executor, transcript, yes_to_all)
    return session, (time.perf_counter() - started) * 1000


def one_round(session: Session) -> list[float]:
    timings = []
    users = session.handle(REQUESTS[0]).results[0].body
    user_id = (users["data"] if isinstance(users, dict) else users)[-1]["id"]
    for text in REQUESTS:
        started = time.perf_counter()
        turn = session.handle(text.format(user_id=user_id))
        timings.append((time.perf_counter() - started) * 1000)
        if turn.status != "done":
            raise SystemExit(f"bench: {text!r} ended {turn.status}: {turn.results}")
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        session, startup_ms = build(Path(folder))
        per_request: list[list[float]] = [[] for _ in REQUESTS]
        for _ in range(args.rounds):
            for index, ms in enumerate(one_round(session)):
                per_request[index].append(ms)
    print(f"start-up (catalog, sandbox, planner, transcript): {startup_ms:.0f} ms")
    for text, timings in zip(REQUESTS, per_request, strict=True):
        ordered = sorted(timings)
        p95 = ordered[int(0.95 * (len(ordered) - 1))]
        median = statistics.median(ordered)
        print(f"{text.split(' called')[0][:40]:<42} median {median:6.1f} ms  p95 {p95:6.1f} ms")


if __name__ == "__main__":
    main()
