"""A set in the real REPL (pseudo-terminal): preview, one typed confirmation, live bar,
summary; then /save of the list and `transcripts verify`."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from tests.conftest import cli_process
from tests.test_repl_e2e import PROMPT, ask, child_env, leave, repl  # noqa: F401 (fixture)


def test_a_set_in_the_repl_is_previewed_confirmed_once_and_saved(repl, tmp_path: Path) -> None:  # noqa: F811
    child, transcript = repl
    ask(child, "/scopes write")
    child.expect_exact(PROMPT)
    ask(child, "ban every user with an email at globex.com")
    child.expect(r"Run step 1\? \[Y/n/e/x/a\]")
    child.sendline("")
    child.expect(r"a set.{0,40}?8.{0,20}?item\(s\)")
    child.expect(r"Type \S*(ban 8)\S* to run it")
    token = re.sub(r"\x1b\[[0-9;]*m", "", child.match.group(1))
    child.expect_exact("Confirm step 2:")
    child.sendline(token)
    child.expect(r"set: 8 done, 0 failed, 0 not sent")
    child.expect_exact(PROMPT)

    ask(child, "/save users.csv")
    child.expect(r"saved 8 row\(s\)")
    child.expect_exact(PROMPT)
    rows = list(csv.DictReader((tmp_path / "users.csv").open()))
    assert len(rows) == 8 and all(r["primary_email"].endswith("@globex.com") for r in rows)

    assert leave(child) == transcript
    verify = cli_process("transcripts", "verify", str(transcript), env=child_env(tmp_path))
    assert verify.returncode == 0, verify.stdout + verify.stderr
