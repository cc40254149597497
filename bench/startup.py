"""Start-up of `clerk-assistant search --json` beside Clerk's own CLI `clerk api ls`.

    python bench/startup.py [--runs 20] [--clerk PATH] [--clerk-config DIR]

Both warm, both offline, both listing endpoints: ours answers `search --json "list users"`
from the cached index; Clerk's CLI (npm package `clerk`) answers `api ls users` from its
cached catalog, seeded offline from the shared spec with ../shared/tools/clerk_cli_catalog.py:

    npm install --prefix /tmp/clerk-cli clerk
    python3 ../shared/tools/clerk_cli_catalog.py ../shared/specs/bapi/2026-05-12.yml /tmp/clerk-cfg
    python bench/startup.py --clerk /tmp/clerk-cli/node_modules/@clerk/cli-linux-x64/bin/clerk \
        --clerk-config /tmp/clerk-cfg

Hyperfine-style: one warm-up run, then N runs each, interleaved so both see the same load
(the machine is shared); prints wall time (mean, median, min) and CPU time (user +
system, which a busy machine disturbs less). Then the self import time
of our modules on that path (`python -X importtime`, the minimum over the runs).
Numbers, no asserts.
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
OURS = [sys.executable, "-m", "assistant", "search", "--json", "list users"]
WATCHED = (
    "assistant.endpoints",
    "assistant.retrieval",
    "assistant.spec",
    "assistant.sentences",
    "assistant.settings",
    "assistant.language.text",
    "assistant.language.tables",
    "assistant.language.values",
    "assistant.language.data",
    "assistant.language.spelling",
    "assistant.language.spec_words",
)


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=env, cwd=REPO, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def ours_env() -> dict[str, str]:
    """As installed: bytecode is written once and reused (an installed package has it;
    PYTHONDONTWRITEBYTECODE would make every run compile the sources again)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def clerk_env(config: str) -> dict[str, str]:
    quiet = {"CLERK_TELEMETRY_DISABLED": "1", "CLERK_NO_UPDATE_CHECK": "1"}
    return {**os.environ, "CLERK_CONFIG_DIR": config, **quiet}


def side_by_side(
    runs: int, clerk: list[str] | None, config: str
) -> dict[str, list[tuple[float, float]]]:
    commands = {"clerk-assistant search --json": (OURS, ours_env())}
    if clerk:
        commands["clerk api ls users"] = (clerk, clerk_env(config))
    for command, env in commands.values():
        timed(command, env)  # warm-up: caches, page cache
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (command, env) in commands.items():
            times[name].append(timed(command, env))
    return times


def import_times(runs: int) -> dict[str, int]:
    """Self import time in microseconds of WATCHED, the minimum over `runs` runs."""
    env = ours_env()
    best: dict[str, int] = {}
    for _ in range(runs):
        command = [sys.executable, "-X", "importtime", *OURS[1:]]
        done = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True)
        for line in done.stderr.splitlines():
            parts = [p.strip() for p in line.removeprefix("import time:").split("|")]
            if len(parts) == 3 and parts[2] in WATCHED:
                best[parts[2]] = min(best.get(parts[2], 10**9), int(parts[0]))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--clerk", help="the clerk binary (npm package `clerk`)")
    parser.add_argument("--clerk-config", default="/tmp/clerk-cfg", help="its CLERK_CONFIG_DIR")
    args = parser.parse_args()
    clerk = [args.clerk, "api", "ls", "users"] if args.clerk else None
    for name, runs in side_by_side(args.runs, clerk, args.clerk_config).items():
        wall, cpu = [w for w, _ in runs], [c for _, c in runs]
        print(
            f"{name:30} wall mean {statistics.mean(wall):.3f} s  median "
            f"{statistics.median(wall):.3f} s  min {min(wall):.3f} s | cpu median "
            f"{statistics.median(cpu):.3f} s  min {min(cpu):.3f} s  ({len(runs)} runs)"
        )
    for module, micros in sorted(import_times(max(3, args.runs // 4)).items()):
        print(f"  import {module:28} {micros / 1000:6.1f} ms self (min)")


if __name__ == "__main__":
    main()
