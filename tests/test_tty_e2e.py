"""On a real pseudo-terminal (pexpect): [e]dit through $EDITOR, and `ask --yes` on a TTY.

Reuses the REPL end-to-end helpers: the child runs `python -m assistant` offline against
the in-process sandbox, with NO_COLOR and no cursor-position requests.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pexpect

from tests.conftest import cli_process
from tests.test_ask import a_user_id
from tests.test_repl_e2e import PROMPT, child_env, leave

EDITOR_SCRIPT = """
import json, sys
with open(sys.argv[1]) as handle:
    call = json.load(handle)
call["body"]["name"] = "Edited In Editor"
with open(sys.argv[1], "w") as handle:
    json.dump(call, handle)
"""


def spawn(tmp_path: Path, *argv: str, env: dict[str, str] | None = None) -> pexpect.spawn:
    return pexpect.spawn(
        sys.executable,
        ["-m", "assistant", *argv],
        cwd=str(tmp_path),
        env=env or child_env(tmp_path),
        encoding="utf-8",
        timeout=30,
        dimensions=(50, 160),
    )


def test_edit_in_editor_is_rechecked_then_the_edited_call_is_sent(tmp_path: Path) -> None:
    script = tmp_path / "editor.py"
    script.write_text(EDITOR_SCRIPT)
    env = child_env(tmp_path) | {"EDITOR": f"{sys.executable} {script}"}
    transcript = tmp_path / "edit.jsonl"
    argv = ("--sandbox", "--scopes", "write", "--transcript", str(transcript))
    child = spawn(tmp_path, *argv, env=env)
    child.expect_exact(PROMPT)
    child.sendline('POST /organizations {"name": "Typed Name"}')
    child.expect(r"Run step 1\? \[y/N/e/x\]")
    child.sendline("e")
    child.expect("Edited In Editor")  # the edited call is shown again, with its verdict
    child.expect("allowed")
    child.expect(r"Run step 1\? \[y/N/e/x\]")
    child.sendline("y")
    child.expect(r"Step 1.*HTTP 200")
    child.expect("name=Edited In Editor")
    child.expect_exact(PROMPT)
    assert leave(child) == transcript
    records = [json.loads(line) for line in transcript.read_text().splitlines()]
    kinds = [r["kind"] for r in records]
    assert kinds.index("edit") < kinds.index("request")
    sent = next(r["data"] for r in records if r["kind"] == "request")
    assert "Edited In Editor" in json.dumps(sent) and "Typed Name" not in json.dumps(sent)
    verified = cli_process("transcripts", "verify", str(transcript), env=env)
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_ask_yes_on_a_terminal_runs_writes_without_asking(tmp_path: Path) -> None:
    create = 'POST /organizations {"name": "Yes Co"}'
    child = spawn(tmp_path, "ask", "--sandbox", "--yes", "--scopes", "write", create)
    index = child.expect([r"Run step 1\?", r"Step 1.*HTTP 200"])
    assert index == 1, "a write with --yes must not prompt"
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_ask_yes_on_a_terminal_still_needs_allow_delete(tmp_path: Path) -> None:
    delete = f"DELETE /users/{a_user_id(tmp_path)}"  # the seeded sandbox is the same each run
    argv = ("ask", "--sandbox", "--yes", "--scopes", "write,delete", delete)
    child = spawn(tmp_path, *argv)
    index = child.expect([r"Confirm step 1", r"Type \S+ to run it", r"--allow-delete"])
    assert index == 2, "a DELETE with --yes alone must neither prompt nor run"
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 3
    allowed = spawn(tmp_path, *argv[:3], "--allow-delete", *argv[3:])
    allowed.expect(r"Step 1.*HTTP 200")
    allowed.expect(pexpect.EOF)
    allowed.close()
    assert allowed.exitstatus == 0
