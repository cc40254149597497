"""Warm start-up of `clerk-assistant search --json "list users"`, and what the caches cost.

    python bench/cache_startup.py [--runs 30]

Prints the mean / median / min wall time of the whole command (a fresh process each run,
caches already built by one warm-up run) and its CPU time (user + system, which a busy
machine disturbs far less than wall time) beside bare `python -c pass`, then the
in-process time to read the cached catalog and the cached search index. Numbers, never
asserts.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COMMAND = [sys.executable, "-m", "assistant", "search", "--json", "list users"]


def _timed(command: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of each run of `command`."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    subprocess.run(command, env=env, cwd=REPO, check=True, capture_output=True)  # warm-up
    walls, cpus = [], []
    for _ in range(runs):
        before = _children_cpu()
        start = time.perf_counter()
        subprocess.run(command, env=env, cwd=REPO, check=True, capture_output=True)
        walls.append((time.perf_counter() - start) * 1000)
        cpus.append((_children_cpu() - before) * 1000)
    return walls, cpus


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _cache_reads(runs: int) -> tuple[list[float], list[float]]:
    """Milliseconds to read the cached catalog and the cached index, in this process."""
    from assistant import retrieval
    from assistant.spec import load_catalog, resolve_spec

    source = resolve_spec()
    catalogs, indexes = [], []
    for _ in range(runs):
        start = time.perf_counter()
        catalog = load_catalog(source)
        middle = time.perf_counter()
        retrieval._MEMORY.clear()
        retrieval.index_for(catalog)
        catalogs.append((middle - start) * 1000)
        indexes.append((time.perf_counter() - middle) * 1000)
    return catalogs, indexes


def _line(name: str, times: list[float]) -> str:
    return (
        f"{name}: mean {statistics.mean(times):.1f} ms, median {statistics.median(times):.1f} ms,"
        f" min {min(times):.1f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="timed runs of each")
    args = parser.parse_args()
    walls, cpus = _timed(COMMAND, args.runs)
    print(_line(f'warm `search --json "list users"` ({args.runs} runs), wall', walls))
    print(_line("  the same, CPU (user + system)", cpus))
    walls, cpus = _timed([sys.executable, "-c", "pass"], args.runs)
    print(_line("bare `python -c pass`, wall", walls))
    print(_line("  the same, CPU (user + system)", cpus))
    catalogs, indexes = _cache_reads(args.runs)
    print(_line("read cached catalog (in process)", catalogs))
    print(_line("read cached search index (in process)", indexes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
