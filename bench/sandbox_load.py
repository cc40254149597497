"""Loopback load test and start-up time of `clerk-assistant sandbox serve`.

Usage: CLERK_ASSISTANT_SPECS_DIR=../shared/specs/bapi python bench/sandbox_load.py
       [--requests 2000] [--threads 4] [--starts 3]

1. readiness: spawn `sandbox serve` and time the URL line and the first answered request.
2. load, rate limit off: N mixed requests (lists, gets, create+delete, synthesized) from
   T threads, each with its own keep-alive connection; every answer must be 2xx.
3. load, rate limit on (the default 100 / 10 s per key): the same key from T threads;
   every answer must be 200 or 429, and exactly 100 get through in one window.
Prints numbers; asserts nothing about the clock.
"""

from __future__ import annotations

import argparse
import itertools
import os
import signal
import statistics
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
KEY = "sk_test_bench_0000000000000000"


def spawn(*flags: str) -> tuple[subprocess.Popen[str], str, float, float]:
    """Start the server; return it, its URL, seconds to the URL line and to a first answer."""
    started = time.perf_counter()
    command = [sys.executable, "-m", "assistant", "sandbox", "serve", *flags]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    url = ""
    for line in process.stdout:
        if line.startswith("export CLERK_REST_API_URL="):
            url = line.strip().split("=", 1)[1]
            break
    if not url:
        sys.exit("bench: sandbox serve printed no URL")
    url_seconds = time.perf_counter() - started
    probe = {"Authorization": f"Bearer {KEY}_probe"}  # its own key: not counted below
    httpx.get(f"{url}/users?limit=1", headers=probe).raise_for_status()
    return process, url, url_seconds, time.perf_counter() - started


def stop(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def readiness(starts: int) -> None:
    url_times, answer_times = [], []
    for _ in range(starts):
        process, _, to_url, to_answer = spawn("--no-rate-limit")
        stop(process)
        url_times.append(to_url)
        answer_times.append(to_answer)
    print(f"readiness over {starts} starts (process spawn included):")
    print(f"  URL printed      median {statistics.median(url_times) * 1000:.0f} ms")
    print(f"  first answer     median {statistics.median(answer_times) * 1000:.0f} ms")


def _operations(client: httpx.Client, user_id: str, writes: bool) -> itertools.cycle:
    def create_and_delete() -> list[httpx.Response]:
        made = client.post("/users", json={"first_name": "Load"})
        return [made, client.delete(f"/users/{made.json()['id']}")]

    reads = [
        lambda: [client.get("/users", params={"limit": 10})],
        lambda: [client.get(f"/users/{user_id}")],
        lambda: [client.get("/organizations")],
        lambda: [client.get("/users", params={"query": "ada"})],
        lambda: [client.get("/instance")],  # synthesized
    ]
    return itertools.cycle([*reads, create_and_delete] if writes else reads)


def worker(url: str, count: int, key: str, writes: bool) -> tuple[list[float], Counter[int]]:
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    setup = {"Authorization": f"Bearer {KEY}_setup"}
    headers = {"Authorization": f"Bearer {key}"}
    with httpx.Client(base_url=url, headers=headers, timeout=10) as client:
        # The oldest user is a seeded one that no thread deletes.
        oldest = {"limit": 1, "order_by": "+created_at"}
        user_id = client.get("/users", params=oldest, headers=setup).json()[0]["id"]
        operations = _operations(client, user_id, writes)
        while sum(statuses.values()) < count:
            started = time.perf_counter()
            responses = next(operations)()
            elapsed = (time.perf_counter() - started) / len(responses)
            for response in responses:
                latencies.append(elapsed)
                statuses[response.status_code] += 1
    return latencies, statuses


def run_load(url: str, requests: int, threads: int, shared_key: bool) -> Counter[int]:
    per_thread = requests // threads
    keys = [KEY if shared_key else f"{KEY}{i}" for i in range(threads)]
    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(lambda k: worker(url, per_thread, k, not shared_key), keys))
    wall = time.perf_counter() - started
    latencies = sorted(x for lat, _ in results for x in lat)
    statuses: Counter[int] = sum((s for _, s in results), Counter())
    total = sum(statuses.values())
    p50 = latencies[len(latencies) // 2] * 1000
    p99 = latencies[int(len(latencies) * 0.99)] * 1000
    print(f"  {total} requests, {threads} threads: {total / wall:.0f} req/s, ", end="")
    print(f"p50 {p50:.2f} ms, p99 {p99:.2f} ms; statuses {dict(sorted(statuses.items()))}")
    return statuses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--starts", type=int, default=3)
    args = parser.parse_args()
    readiness(args.starts)

    process, url, _, _ = spawn("--no-rate-limit")
    try:
        print("load, rate limit off:")
        statuses = run_load(url, args.requests, args.threads, shared_key=False)
        unexpected = {s: n for s, n in statuses.items() if not 200 <= s < 300}
        print(f"  unexpected statuses: {unexpected or 'none'}")
    finally:
        stop(process)

    process, url, _, _ = spawn()
    try:
        print("load, rate limit on (100 / 10 s, one key shared by all threads):")
        statuses = run_load(url, 400, args.threads, shared_key=True)
        unexpected = {s: n for s, n in statuses.items() if s not in (200, 429)}
        print(f"  answered 200: {statuses[200]} (limit 100 per key per 10 s),")
        print(f"  429: {statuses[429]}, unexpected statuses: {unexpected or 'none'}")
    finally:
        stop(process)


if __name__ == "__main__":
    main()
