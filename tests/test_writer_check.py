"""The blind writers' checker (bench/blind/writer_check.py) passes a measured round and
names what is wrong with a broken one."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import SPECS_DIR

REPO = Path(__file__).resolve().parent.parent
CHECK = REPO / "bench" / "blind" / "writer_check.py"
ROUND = REPO / "bench" / "data" / "blind_zx1.jsonl"


def run(path: Path, prefix: str, style: str) -> subprocess.CompletedProcess[str]:
    env = {"CLERK_ASSISTANT_SPECS_DIR": str(SPECS_DIR), "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, str(CHECK), str(path), prefix, style],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip


def test_a_measured_round_checks_out() -> None:
    done = run(ROUND, "zx", "1")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "cases 60, multi-step 56, clarify 3" in done.stdout


def test_a_round_with_a_made_up_path_and_too_few_clarify_cases_fails(tmp_path: Path) -> None:
    cases = [json.loads(line) for line in ROUND.read_text().splitlines()]
    cases[0]["steps"][0]["path"] = "/users/{user_id}/teleport"
    for case in cases:
        case.pop("clarify", None)
    broken = tmp_path / "broken.jsonl"
    broken.write_text("".join(json.dumps(c) + "\n" for c in cases))
    done = run(broken, "zx", "1")
    assert done.returncode == 1
    assert "teleport" in done.stdout
    assert "exactly 3 clarify cases wanted, got 0" in done.stdout
