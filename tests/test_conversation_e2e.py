"""A conversation in a real pseudo-terminal (pexpect): a question answered, two targets in
one request, the whole two-step plan shown before step 1 is confirmed, and no leak of an
earlier result into an unrelated request. Then `transcripts verify`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pexpect

from tests.conftest import cli_process
from tests.test_repl_e2e import PROMPT, child_env, first_user_id, leave, repl  # noqa: F401

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def plain(text: str) -> str:
    return ANSI.sub("", text).replace("\r", "")


def listed_ids(child: pexpect.spawn) -> list[str]:
    """The seeded users' ids, from `list users` and /json."""
    child.sendline("list users")
    child.expect(r"Run step 1\? \[Y/n/e/x\]")
    child.sendline("")
    child.expect_exact(PROMPT)
    child.sendline("/json")
    child.expect_exact(PROMPT)
    child.expect_exact(PROMPT)  # /json's own output, then the next prompt
    return list(dict.fromkeys(re.findall(r'"id": "(user_[A-Za-z0-9]+)"', plain(child.before))))


def test_a_conversation_in_a_real_terminal(repl, tmp_path: Path) -> None:  # noqa: F811
    child, transcript = repl
    first = first_user_id_from_list(child)
    ids = listed_ids(child)
    second, third = ids[1], ids[2]
    child.sendline("/scopes write,delete")
    child.expect("scopes: write,delete")
    child.expect_exact(PROMPT)

    # a question, answered by the next line
    child.sendline("lock the user")
    child.expect(r"I need the user .*What should I use\?")
    child.expect("Answer it on the next line")
    child.expect_exact(PROMPT)
    child.sendline(second)
    child.expect(rf"Step 1/1.*POST \S+/v1/users/{second}/lock")
    child.expect(r"Run step 1\? \[y/N/e/x\]")
    child.sendline("y")
    child.expect(r"Step 1.*HTTP 200")
    child.expect_exact(PROMPT)

    # two targets: one lock each, both in the whole plan before step 1 is asked about
    child.sendline(f"lock {first} and {third}")
    child.expect(r"Run step 1\?")
    shown = plain(child.before)
    overview = shown[shown.index("Plan:") : shown.index("Step 1/")]
    assert re.search(rf"1\. POST /users/\{{user_id\}}/lock .*{first}", overview), overview
    assert re.search(rf"2\. POST /users/\{{user_id\}}/lock .*{third}", overview), overview
    assert "not used" not in overview
    child.sendline("n")
    child.expect_exact(PROMPT)

    # the whole two-step plan before step 1 is confirmed
    child.sendline("create an organization called Acme and invite bob@acme.io as admin")
    child.expect(r"Run step 1\? \[y/N/e/x/a\]")
    shown = plain(child.before)
    assert shown.index("Plan: 2 steps") < shown.index("Step 1/2")
    assert "1. POST /organizations  [write, allowed]  name=Acme" in shown
    assert "2. POST /organizations/{organization_id}/invitations" in shown
    child.sendline("y")
    child.expect(r"Run step 2\? \[y/N/e/x\]")
    child.sendline("y")
    child.expect(r"Step 2.*HTTP 200")
    child.expect_exact(PROMPT)

    # no leak: an earlier result never filters an unrelated list
    child.sendline(f"show user {second}")
    child.expect(r"Run step 1\? \[Y/n/e/x\]")
    child.sendline("")
    child.expect(r"Step 1.*HTTP 200")
    child.expect_exact(PROMPT)
    child.sendline("list users created in the last 7 days")
    child.expect(r"Step 1/1.*GET\S* (\S+)")
    url = plain(child.match.group(1))
    assert "created_at_after" in url and "user_id" not in url and second not in url
    child.expect(r"Run step 1\? \[Y/n/e/x\]")
    child.sendline("")
    child.expect_exact(PROMPT)

    # "help" without the slash
    child.sendline("help")
    child.expect(r"Did you mean /help\?")
    child.expect_exact(PROMPT)

    assert leave(child) == transcript
    records = [json.loads(line) for line in transcript.read_text().splitlines()]
    answers = [r["data"] for r in records if r["kind"] == "answer"]
    assert (
        answers and answers[0]["answer"] == second and "I need the user" in answers[0]["question"]
    )
    verify = cli_process("transcripts", "verify", str(transcript), env=child_env(tmp_path))
    assert verify.returncode == 0, verify.stdout + verify.stderr


def first_user_id_from_list(child: pexpect.spawn) -> str:
    child.sendline("list users")
    child.expect(r"Run step 1\? \[Y/n/e/x\]")
    child.sendline("")
    child.expect("primary email")
    child.expect_exact(PROMPT)
    return first_user_id(child)
