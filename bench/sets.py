"""A set step's pace against the sandbox with Clerk's latency and a development rate limit.

    python bench/sets.py [--items 250] [--latency-ms 200] [--limit 100] [--window 10]

The sandbox (assistant/sandbox, over HTTP on 127.0.0.1) answers every request after
`latency` and 429s past `limit` requests in any `window` seconds, like a Clerk development
instance. The bench lists all users (every page, as a set step's list step does), then
bans each of `items` users through the set runner, twice: paced concurrently (what the
assistant does) and one request at a time (for comparison). The sandbox counts how often
it applied each ban: "lost" are users never banned, "repeated" users banned twice.

The fastest any client can go: `requests` (list pages + bans) allowed `limit` per window,
so ceil(requests / limit) - 1 full windows, plus one latency for the last answer.
Goal: >= 90 % of that pace, 0 lost, 0 repeated.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.executor import Executor
from assistant.models import Call
from assistant.sandbox import SANDBOX_KEY, Sandbox, routes, serve
from assistant.set_runner import Job, SetRunner
from assistant.sets import units
from assistant.spec import Catalog, open_catalog

BAN = "POST /users/{user_id}/ban"
SET_STEP = Call.from_json(
    {
        "method": "POST",
        "path": "/users/{user_id}/ban",
        "path_params": {"user_id": "{{item.id}}"},
        "for_each": {"step": 1},
    }
)


def make_sandbox(catalog: Catalog, items: int, args: argparse.Namespace) -> Sandbox:
    sandbox = Sandbox(catalog, seed=False, rate_limit=None)
    for n in range(items):
        body = json.dumps({"email_address": [f"bench{n}@spam.io"]}).encode()
        sandbox.handle("POST", "/v1/users", "", {"authorization": f"Bearer {SANDBOX_KEY}"}, body)
    from assistant.sandbox.app import RateLimiter

    sandbox.limiter = RateLimiter(args.limit, args.window, sandbox.clock)
    sandbox.latency = args.latency_ms / 1000
    return sandbox


def run_once(catalog: Catalog, args: argparse.Namespace, workers: int | None) -> dict[str, Any]:
    sandbox = make_sandbox(catalog, args.items, args)
    server = serve(sandbox)
    applied: Counter[str] = Counter()
    original = routes.ROUTES[BAN]

    def counting(ctx: routes.Ctx) -> Any:
        applied[ctx.params["user_id"]] += 1
        return original(ctx)

    routes.ROUTES[BAN] = counting
    executor = Executor(server.url, SANDBOX_KEY, rate_limit=args.limit, rate_window=args.window)
    try:
        started = time.perf_counter()
        listed = executor.paginate(Call("GET", "/users", query={"limit": 100}), cap=10_000)
        pages = math.ceil(len(listed) / 100) or 1
        made, _ = units(SET_STEP, listed)
        jobs = [Job(unit, executor.prepare(unit.call)) for unit in made]
        report = SetRunner(executor, 2, workers=workers).run(jobs)
        wall = time.perf_counter() - started
    finally:
        routes.ROUTES[BAN] = original
        executor.close()
        server.shutdown()
    ids = [item["id"] for item in listed]
    return {
        "requests": pages + len(jobs),
        "wall": wall,
        "done": len(report.done),
        "failed": len(report.failed),
        "lost": sum(1 for i in ids if applied[i] == 0),
        "repeated": sum(1 for i in ids if applied[i] > 1),
        "rate_limited": report.rate_limited,
        "workers": workers or "auto",
    }


def floor_seconds(requests: int, args: argparse.Namespace) -> float:
    return (math.ceil(requests / args.limit) - 1) * args.window + args.latency_ms / 1000


def line(label: str, run: dict[str, Any], args: argparse.Namespace) -> str:
    floor = floor_seconds(run["requests"], args)
    pace = 100 * floor / run["wall"]
    return (
        f"{label:<22} {run['requests']:>4} requests  wall {run['wall']:6.1f} s  "
        f"rate-limit minimum {floor:5.1f} s  pace {pace:5.1f} % of the limit  "
        f"done {run['done']}  failed {run['failed']}  lost {run['lost']}  "
        f"repeated {run['repeated']}  429s {run['rate_limited']}  workers {run['workers']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=250)
    parser.add_argument("--latency-ms", type=float, default=200.0)
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--window", type=float, default=10.0)
    parser.add_argument("--skip-serial", action="store_true", help="only the paced run")
    args = parser.parse_args()
    catalog = open_catalog(env=dict(os.environ), download=False)
    print(
        f"set of {args.items} bans, sandbox latency {args.latency_ms:g} ms, "
        f"rate limit {args.limit} / {args.window:g} s"
    )
    print(line("paced (concurrent)", run_once(catalog, args, None), args))
    if not args.skip_serial:
        print(line("one request at a time", run_once(catalog, args, 1), args))


if __name__ == "__main__":
    main()
