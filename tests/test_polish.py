"""Progress bars, $EDITOR edits, the seeded sign-ins and the ban summary.

Session-level tests use the sandbox over HTTP on 127.0.0.1 with the real executor,
guardrail and transcript; terminal-level tests read what rich printed into a StringIO.
"""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from assistant.models import Call, Result
from assistant.session import Progress, SessionHooks
from assistant.spec import Catalog
from assistant.terminal import Terminal, list_rows
from tests.session_helpers import plan, typed_token, yes

SGR = re.compile(r"\x1b\[([0-9;]*)m")


def colour_codes(text: str) -> list[str]:
    """SGR parameters that set a colour (30-38, 40-48, 90-107); bold and reset are not."""
    found = []
    for params in SGR.findall(text):
        for code in filter(None, params.split(";")):
            if 30 <= int(code) <= 48 or 90 <= int(code) <= 107:
                found.append(code)
    return found


# --------------------------------------------------------------------------- progress


READS = [Call("GET", "/users", query={"limit": 2}), Call("GET", "/organizations")]
READS.append(Call("GET", "/invitations"))


def test_plans_of_three_steps_or_more_report_step_progress(rig_for: Any) -> None:
    rig = rig_for([plan(*READS)], [yes(), yes(), yes()])
    events: list[Progress] = []
    rig.session.hooks = SessionHooks(progress=events.append)
    rig.session.handle("three reads")
    assert [(e.kind, e.done, e.total) for e in events] == [
        ("steps", 1, 3),
        ("steps", 2, 3),
        ("steps", 3, 3),
    ]


def test_short_plans_and_stopped_plans_report_no_more_steps(rig_for: Any) -> None:
    rig = rig_for([plan(*READS[:2]), plan(*READS)], [yes(), yes(), yes()])
    events: list[Progress] = []
    rig.session.hooks = SessionHooks(progress=events.append)
    rig.session.handle("two reads")
    assert events == []
    rig.confirm.replies = [yes()]  # then no: the plan stops after its first step
    rig.session.handle("three reads")
    assert [(e.done, e.total) for e in events] == [(1, 3)]


def page_events() -> list[Progress]:
    return [Progress("pages", 1, done, 25, page) for page, done in ((1, 10), (2, 20), (3, 25))]


def printed(env: dict[str, str], force_terminal: bool | None = None) -> str:
    out = io.StringIO()
    terminal = Terminal(stream=out, env=env, width=100, force_terminal=force_terminal)
    with terminal.activity("Step 1: GET /v1/users"):
        for event in page_events():
            terminal.progress(event)
    terminal.progress(Progress("steps", 2, 2, 5))
    return out.getvalue()


def test_terminal_draws_the_page_walk_and_plan_progress() -> None:
    text = printed({})
    assert re.search(r"Step 1: 3 page\(s\).*25/25 items", text)
    assert re.search(r"Plan.*2/5 steps", text)


@pytest.mark.parametrize(("env", "coloured"), [({}, True), ({"NO_COLOR": "1"}, False)])
def test_progress_bars_honour_no_color(env: dict[str, str], coloured: bool) -> None:
    text = printed(env, force_terminal=True)
    assert "25/25" in text and "2/5" in text
    assert bool(colour_codes(text)) is coloured


def test_progress_hook_reaches_the_terminal_through_bind(catalog: Catalog) -> None:
    out = io.StringIO()
    terminal = Terminal(stream=out, env={}, width=100)
    hooks = terminal.bind(None)  # type: ignore[arg-type]  # only the hooks are used here
    hooks.progress(Progress("steps", 3, 3, 4))
    assert "3/4 steps" in out.getvalue()


# --------------------------------------------------------------------------- $EDITOR

EDITOR_SCRIPT = """
import json, sys
mode, path = sys.argv[1], sys.argv[2]
with open(path) as handle:
    call = json.load(handle)
call["body"]["name"] = {"rename": "Edited Co", "break": 12345}[mode]
with open(path, "w") as handle:
    json.dump(call, handle)
"""


def editor_terminal(tmp_path: Path, mode: str) -> Terminal:
    """A terminal with no injected input (as on a real one), so [e]dit runs $EDITOR."""
    script = tmp_path / "edit_call.py"
    script.write_text(EDITOR_SCRIPT)
    env = {"EDITOR": f"{sys.executable} {script} {mode}"}
    return Terminal(stream=io.StringIO(), env=env, width=120)


CREATE = Call("POST", "/organizations", body={"name": "Before Co"})


def test_editor_edit_is_rechecked_and_the_edited_call_is_sent(rig_for: Any, tmp_path: Path) -> None:
    terminal = editor_terminal(tmp_path, "rename")
    rig = rig_for([plan(CREATE)], [terminal.edit, yes()])
    turn = rig.session.handle("create Before Co")
    assert [r.status for r in turn.results] == ["ok"]
    assert turn.results[0].body["name"] == "Edited Co"
    sent = rig.transport.writes()
    assert len(sent) == 1 and json.loads(sent[0].content)["name"] == "Edited Co"
    assert rig.confirm.seen[1].call.body == {"name": "Edited Co"}  # shown again, then yes
    lines = [json.loads(line) for line in rig.path.read_text().splitlines()]
    edit = next(r["data"] for r in lines if r["kind"] == "edit")
    assert edit["verdict"]["allowed"] is True and edit["call"]["body"]["name"] == "Edited Co"


def test_editor_edit_that_breaks_the_call_is_blocked_and_never_sent(
    rig_for: Any, tmp_path: Path
) -> None:
    terminal = editor_terminal(tmp_path, "break")
    rig = rig_for([plan(CREATE)], [terminal.edit, yes()])
    turn = rig.session.handle("create Before Co")
    assert [r.status for r in turn.results] == ["blocked"]
    assert "name" in (turn.results[0].error or "")
    assert rig.transport.writes() == []
    # the blocked edit was offered for editing again; a plain yes there gives up
    assert [r.kind for r in rig.confirm.seen] == ["step", "edit-again"]


# --------------------------------------------------------------------------- results


def test_most_seeded_users_have_signed_in_and_the_table_shows_it(rig_for: Any) -> None:
    rig = rig_for([plan(Call("GET", "/users", query={"limit": 100}))], [yes()])
    users = rig.session.handle("list users").results[0].body
    signed_in = [u for u in users if isinstance(u.get("last_sign_in_at"), int)]
    assert len(users) == 25 and 15 <= len(signed_in) < 25
    assert all(isinstance(u.get("last_active_at"), int) for u in signed_in)
    columns, rows = list_rows(users)
    when = [row[columns.index("last sign-in")] for row in rows]
    assert sum(bool(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", w)) for w in when) == len(signed_in)


def test_ban_summary_says_banned(rig_for: Any) -> None:
    rig = rig_for([plan(Call("GET", "/users", query={"limit": 1}))], [yes()])
    user_id = rig.session.handle("list users").results[0].body[0]["id"]
    ban = Call("POST", "/users/{user_id}/ban", {"user_id": user_id})
    rig.planner.outputs.append(plan(ban))
    rig.confirm.replies = [typed_token]  # a ban signs the user out everywhere: typed
    result = rig.session.handle(f"ban {user_id}").results[0]
    out = io.StringIO()
    Terminal(stream=out, env={}, width=200).show_result(result)
    assert f"id={user_id}" in out.getvalue() and "banned=True" in out.getvalue()


def test_a_walk_cut_by_the_page_cap_says_so() -> None:
    out = io.StringIO()
    users = [{"object": "user", "id": f"user_{n}"} for n in range(3)]
    body = {"data": users, "total_count": 3, "page_cap_reached": 3}
    Terminal(stream=out, env={}, width=200).show_result(Result(1, "ok", 200, body))
    assert "Stopped at the page cap (3 items)" in out.getvalue()
    assert "CLERK_ASSISTANT_PAGE_CAP" in out.getvalue()


def test_unbanned_objects_do_not_claim_banned() -> None:
    out = io.StringIO()
    body = {"object": "user", "id": "user_1", "banned": False, "locked": False}
    Terminal(stream=out, env={}, width=200).show_result(Result(1, "ok", 200, body))
    assert "banned" not in out.getvalue() and "locked" not in out.getvalue()


def test_objects_without_the_usual_keys_still_show_their_values(rig_for: Any) -> None:
    rig = rig_for([plan(Call("GET", "/users/count"))], [yes()])
    result = rig.session.handle("how many users are there?").results[0]
    out = io.StringIO()
    Terminal(stream=out, env={}, width=200).show_result(result)
    assert re.search(r"total_count=\d+", out.getvalue())
