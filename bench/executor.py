"""Executor throughput against a rate-limited local server.

    python bench/executor.py [--calls 300] [--limit 100] [--window 1.0]

The server (tests/local_server.py on 127.0.0.1) answers 429 with Retry-After past
`limit` requests in any `window` seconds, like Clerk; the executor's client-side limiter
is set to the same numbers. Clerk's real window is 10 s; the bench shrinks it so 300 calls
take seconds, not half a minute. Achieved rate = calls / (last start - first start +
window): the span a perfect client needs is (calls/limit - 1) windows plus the last one,
so a perfect run scores 100 % of limit / window.
Target: >= 90 % of the limit with zero failed calls.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.executor import Executor
from assistant.models import Call
from tests.local_server import LocalServer

KEY = "sk_test_bench000000000000"


class SandboxServer:
    """The project's sandbox (assistant/sandbox) served on 127.0.0.1, rate limit on."""

    def __init__(self, limit: int, window: float) -> None:
        from assistant.sandbox import Sandbox, serve
        from assistant.spec import open_catalog

        sandbox = Sandbox(open_catalog(), rate_limit=limit, rate_window=window)
        self._running = serve(sandbox, host="127.0.0.1", port=0)
        self.url = self._running.url.removesuffix("/v1")

    def shutdown(self) -> None:
        self._running.shutdown()


def run(
    calls: int, limit: int, window: float, server_limit: int | None = None, sandbox: bool = False
) -> dict[str, float]:
    if sandbox:
        server: LocalServer | SandboxServer = SandboxServer(server_limit or limit, window)
    else:
        server = LocalServer(limit=server_limit or limit, window=window).start()
    executor = Executor(server.url + "/v1", KEY, rate_limit=limit, rate_window=window)
    starts: list[float] = []
    failed = 0
    began = time.perf_counter()
    try:
        for n in range(calls):
            request = executor.prepare(Call("GET", "/users", query={"n": n}), {})
            starts.append(time.perf_counter())
            failed += executor.send(request, n + 1).status != "ok"
    finally:
        executor.close()
        server.shutdown()
    elapsed = time.perf_counter() - began
    # N calls under "L per W" need at least (N/L - 1) windows between the first and the
    # last start, plus the last window itself: the achieved rate is N over that span.
    achieved = calls / (starts[-1] - starts[0] + window)
    effective = min(limit, server_limit or limit)  # the tighter side sets the ceiling
    return {
        "calls": calls,
        "failed": failed,
        "retries": executor.retries,
        "elapsed_s": elapsed,
        "achieved_per_s": achieved,
        "limit_per_s": effective / window,
        "percent_of_limit": 100 * achieved / (effective / window),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--limit", type=int, default=100, help="requests per window")
    parser.add_argument("--window", type=float, default=1.0, help="window in seconds")
    parser.add_argument(
        "--server-limit", type=int, help="a tighter server limit, to exercise 429 + Retry-After"
    )
    parser.add_argument(
        "--sandbox", action="store_true", help="use the project's sandbox as the server"
    )
    args = parser.parse_args()
    stats = run(args.calls, args.limit, args.window, args.server_limit, args.sandbox)
    print(f"calls               {stats['calls']}")
    print(f"failed calls        {stats['failed']}")
    print("server              " + ("sandbox" if args.sandbox else "tests/local_server.py"))
    print(f"retried attempts    {stats['retries']} (429s and errors the client waited out)")
    print(f"elapsed             {stats['elapsed_s']:.2f} s")
    print(f"configured limit    {args.limit} per {args.window:g} s (client)")
    if args.server_limit:
        print(f"server limit        {args.server_limit} per {args.window:g} s")
    print(f"achieved rate       {stats['achieved_per_s']:.1f} per s")
    print(f"percent of limit    {stats['percent_of_limit']:.1f} % of {stats['limit_per_s']:g}/s")
    ok = stats["failed"] == 0 and stats["percent_of_limit"] >= 90
    print("target (>= 90 %, 0 failed): " + ("met" if ok else "NOT met"))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
