"""`transcripts verify` against the anchor kept outside the file (issue 11, attack 6).

A real `ask` writes a transcript and its anchor; an attacker who can write the transcript
(not the anchor store) cuts, appends and re-chains it; the real CLI must exit non-zero and
say what happened. Each of these verified "OK" (exit 0) on main.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from assistant.transcript import GENESIS, record_hash
from tests.conftest import SPECS_DIR, cli_process

REPO = Path(__file__).resolve().parent.parent


def child_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLERK_", "ANTHROPIC_"))}
    return env | {
        "CLERK_ASSISTANT_SPECS_DIR": str(SPECS_DIR),
        "CLERK_ASSISTANT_DATA_DIR": str(home / "data"),
        "CLERK_ASSISTANT_CACHE_DIR": os.environ.get("CLERK_ASSISTANT_CACHE_DIR", str(home)),
        "CLERK_ASSISTANT_CONFIG": str(home / "none.env"),
        "PYTHONPATH": str(REPO),
    }


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home with one transcript written by a real `ask` (a write, so several records)."""
    home = tmp_path_factory.mktemp("anchored")
    create = 'POST /organizations {"name": "Anchored Co"}'
    done = cli_process(
        "ask", "--sandbox", "--yes", "--scopes", "write", "--transcript",
        str(home / "t.jsonl"), create, env=child_env(home),
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return home


@pytest.fixture
def home(written: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "home"
    shutil.copytree(written, copy)
    return copy


def records(home: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (home / "t.jsonl").read_text().splitlines()]


def write(home: Path, recs: list[dict[str, Any]]) -> None:
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs)
    (home / "t.jsonl").write_text(text)


def rechain(recs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What an attacker with the code can do: renumber, relink and rehash every record."""
    prev, out = GENESIS, []
    for seq, record in enumerate(recs, start=1):
        record = {k: v for k, v in record.items() if k != "hash"} | {"seq": seq, "prev": prev}
        record["hash"] = prev = record_hash(record)
        out.append(record)
    return out


def verify(home: Path) -> Any:
    return cli_process("transcripts", "verify", str(home / "t.jsonl"), env=child_env(home))


def test_an_untouched_transcript_passes_and_says_what_that_proves(home: Path) -> None:
    done = verify(home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "OK" in done.stdout and "every record matches its anchor" in done.stdout
    assert "proves:" in done.stdout and "cannot prove:" in done.stdout
    assert records(home)[0]["data"]["anchor"]


def test_a_cut_tail_fails(home: Path) -> None:
    write(home, records(home)[:-3])  # cut at a record boundary: the chain alone is intact
    done = verify(home)
    assert done.returncode == 1 and "CUT" in done.stdout, done.stdout


def test_a_missing_session_end_fails(home: Path) -> None:
    recs = records(home)
    assert recs[-1]["kind"] == "session_end"
    write(home, recs[:-1])
    done = verify(home)
    assert done.returncode == 1, done.stdout
    assert "CUT" in done.stdout and "session_end" not in records(home)[-1]["kind"]


def test_a_forged_record_before_a_forged_session_end_fails(home: Path) -> None:
    recs = records(home)
    end = recs.pop()
    forged = {"seq": 0, "time": end["time"], "kind": "decision", "data": {"step": 9}}
    write(home, rechain([*recs, forged, end]))  # links and hashes all check out
    done = verify(home)
    assert done.returncode == 1 and "TAMPERED" in done.stdout, done.stdout


def test_a_file_rewritten_with_a_fresh_chain_fails(home: Path) -> None:
    recs = records(home)
    dropped = [r for r in recs if r["kind"] != "decision"]  # hide who confirmed
    write(home, rechain(dropped))
    done = verify(home)
    assert done.returncode == 1 and "TAMPERED" in done.stdout, done.stdout


@pytest.mark.parametrize("anchor", ["0" * 32, None])
def test_a_fresh_chain_with_another_or_no_anchor_fails(home: Path, anchor: str | None) -> None:
    recs = records(home)
    recs[0]["data"]["anchor"] = anchor
    write(home, rechain(recs))
    done = verify(home)
    assert done.returncode == 1 and "UNANCHORED" in done.stdout, done.stdout
    assert "cannot be ruled out" in done.stdout


def test_without_the_anchor_store_nothing_is_vouched_for(home: Path) -> None:
    shutil.rmtree(home / "data" / "anchors")
    done = verify(home)
    assert done.returncode == 1 and "does not exist" in done.stdout, done.stdout
    assert "compared with the anchor store" in done.stdout


def test_an_edit_is_still_named_at_its_record(home: Path) -> None:
    path = home / "t.jsonl"
    path.write_text(path.read_text().replace("Anchored Co", "Another Co"))
    done = verify(home)
    assert done.returncode == 1 and "TAMPERED at record" in done.stdout


def test_list_names_the_state_against_the_anchor(home: Path) -> None:
    write(home, records(home)[:-2])
    env = child_env(home) | {"CLERK_ASSISTANT_TRANSCRIPTS_DIR": str(home)}
    done = cli_process("transcripts", "list", env=env)
    assert done.returncode == 0 and "t.jsonl" in done.stdout and "CUT" in done.stdout


def test_a_cut_file_is_not_continued(home: Path) -> None:
    """A new session must not launder a cut file by chaining onto what is left."""
    write(home, records(home)[:-2])
    done = cli_process(
        "ask", "--sandbox", "--transcript", str(home / "t.jsonl"), "GET /users",
        env=child_env(home),
    )  # fmt: skip
    assert done.returncode == 2 and "does not match its anchor" in done.stderr
    assert done.stderr.count("\n") == 1


WRITER = """
import sys
from assistant.settings import Settings
from assistant.transcript import Transcript
settings = Settings(secret_key="sk_test_killme12345678", data_dir=sys.argv[2])
t = Transcript.create(sys.argv[1], settings, {})
n = 0
while True:
    n += 1
    t.record("request" if n % 3 else "response", {"step": n, "body": list(range(50))})
    if n == 20:
        print("ready", flush=True)
"""


def test_a_killed_session_is_not_closed_never_tampered(tmp_path: Path) -> None:
    """The anchor line goes first, so SIGKILL leaves the file equal to its anchor or one
    record short of it: reported as not closed or cut, never as tampered."""
    import signal
    import subprocess
    import sys

    from assistant.transcript import verify as verify_file

    path, data = tmp_path / "killed.jsonl", tmp_path / "data"
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(data)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    report = verify_file(path, data / "anchors")
    assert report.ok and not report.closed and not report.passed
    assert report.anchor is not None and report.anchor.state in ("match", "cut")
    assert report.state() in ("not closed", "CUT")
