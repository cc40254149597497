"""Sets from plain English, from files and out to files, through the real CLI and planner.

The local planner's set plans are checked for shape and run on the sandbox; `ask` prints
the preview and runs a set only with the flags; `--format csv|jsonl` and `/save` write the
columns people expect; `resume` finishes a stopped set from its transcript.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest

from assistant.anchors import anchors_dir
from assistant.commands import dispatch
from assistant.guardrail import Policy, check, parse_scopes
from assistant.models import Clarification, Plan, Result
from assistant.planning.base import PlanContext
from assistant.planning.local import LocalPlanner
from assistant.sandbox import Sandbox, sandbox_transport
from assistant.session import ConfirmReply, SessionHooks
from assistant.spec import Catalog
from assistant.transcript import read_records
from tests.conftest import cli_process

from .session_helpers import Rig, make_rig, typed_token, yes
from .test_sets import interrupt_after

ORG = "org_2abcdefghijklmnopqrstuvwxyz1"


def planned(catalog: Catalog, text: str) -> Any:
    return LocalPlanner().plan(text, PlanContext(catalog))


def steps_of(output: Any) -> list[dict[str, Any]]:
    assert isinstance(output, Plan), output
    return [step.to_json() for step in output.steps]


# --------------------------------------------------------------------------- the planner


def test_ban_every_user_at_a_domain_uses_the_bulk_endpoint(catalog: Catalog) -> None:
    listed, ban = steps_of(planned(catalog, "ban every user with an email at spam.io"))
    assert (listed["method"], listed["path"], listed["all_pages"]) == ("GET", "/users", True)
    assert ban["path"] == "/users/ban" and ban["body"] == {"user_ids": "{{items.id}}"}
    assert ban["for_each"]["batch"] == 50
    assert ban["for_each"]["where"] == [
        {"field": "email_addresses.email_address", "op": "contains", "value": "@spam.io"}
    ]


def test_not_signed_in_since_a_date_is_a_client_side_filter(catalog: Catalog) -> None:
    text = "delete all users who have not signed in since 2025-01-01"
    _, delete = steps_of(planned(catalog, text))
    assert (delete["method"], delete["path"]) == ("DELETE", "/users/{user_id}")
    assert delete["for_each"]["where"] == [
        {"field": "last_sign_in_at", "op": "<", "value": 1735689600000}
    ]


def test_remove_the_members_who_are_not_admins_lists_that_org_only(catalog: Catalog) -> None:
    listed, remove = steps_of(planned(catalog, f"remove all members of {ORG} who are not admins"))
    assert listed["path"] == "/organizations/{organization_id}/memberships"
    assert listed["path_params"] == {"organization_id": ORG}
    assert remove["path_params"]["user_id"] == "{{item.public_user_data.user_id}}"
    assert remove["for_each"]["where"] == [{"field": "role", "op": "!=", "value": "org:admin"}]


def test_lock_everyone_in_an_org(catalog: Catalog) -> None:
    listed, lock = steps_of(planned(catalog, f"lock everyone in {ORG}"))
    assert listed["query"]["organization_id"] == ORG
    assert lock["path"] == "/users/{user_id}/lock" and "where" not in lock["for_each"]


@pytest.mark.parametrize(
    "text",
    [
        "ban every user with an email at spam.io",
        "delete all users who have not signed in since 2025-01-01",
        f"remove all members of {ORG} who are not admins",
        f"lock everyone in {ORG}",
        "unban every user at spam.io",
        "delete every banned user",
    ],
)
def test_every_set_plan_passes_the_guardrail(catalog: Catalog, text: str) -> None:
    verdicts = check(planned(catalog, text), Policy(parse_scopes("write,delete")), catalog)
    assert all(v.allowed for v in verdicts), [v.problems for v in verdicts]


@pytest.mark.parametrize(
    "text",
    [
        "ban user_2abcdefghijklmnopqrstuvwxyz1",
        "list all users",
        "ban all of user_2abcdefghijklmnopqrstuvwxyz1",
    ],
)
def test_requests_that_name_no_set_are_not_sets(catalog: Catalog, text: str) -> None:
    output = planned(catalog, text)
    assert isinstance(output, Plan)
    assert all(step.for_each is None for step in output.steps)


def test_export_users_created_this_month_is_one_all_pages_list(catalog: Catalog) -> None:
    (listed,) = steps_of(planned(catalog, "export all users created this month"))
    assert listed["method"] == "GET" and listed["all_pages"]
    assert "created_at_after" in listed["query"]


# --------------------------------------------------------------------------- files in


def test_a_csv_of_emails_becomes_a_lookup_and_a_bulk_ban(
    catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "spam.csv").write_text("name,Email\nEve,eve@spam.io\nMal,mal@spam.io\n")
    monkeypatch.chdir(tmp_path)
    listed, ban = steps_of(planned(catalog, "ban the users in spam.csv"))
    assert listed["query"]["email_address"] == ["eve@spam.io", "mal@spam.io"]
    assert ban["path"] == "/users/ban"


def test_one_value_a_line_of_ids(catalog: Catalog, tmp_path: Path, monkeypatch: Any) -> None:
    (tmp_path / "ids.txt").write_text("user_2aaaaaaaaaaaaaa\n\nuser_2bbbbbbbbbbbbbb\n")
    monkeypatch.chdir(tmp_path)
    listed, _ = steps_of(planned(catalog, "lock the users in ids.txt"))
    assert listed["query"]["user_id"] == ["user_2aaaaaaaaaaaaaa", "user_2bbbbbbbbbbbbbb"]


def test_a_file_that_cannot_be_used_is_a_question(
    catalog: Catalog, tmp_path: Path, monkeypatch: Any
) -> None:
    (tmp_path / "bad.csv").write_text("name,phone\nEve,123\n")
    monkeypatch.chdir(tmp_path)
    assert isinstance(planned(catalog, "ban the users in bad.csv"), Clarification)
    assert isinstance(planned(catalog, "ban the users in missing.csv"), Clarification)


@pytest.fixture
def rig(catalog: Catalog, sandbox_document: dict[str, Any], tmp_path: Path) -> Any:
    sandbox = Sandbox(catalog, sandbox_document, rate_limit=None)
    made = make_rig(
        catalog, "https://sandbox.local/v1", sandbox_transport(sandbox), tmp_path, [], []
    )
    made.session.planner = LocalPlanner()
    yield made, sandbox
    made.transcript.close()


def seeded_emails(sandbox: Sandbox, domain: str) -> list[str]:
    return sorted(
        a["email_address"]
        for u in sandbox.world.table("users").values()
        for a in u["email_addresses"]
        if a["email_address"].endswith(domain)
    )


def test_values_that_match_no_one_are_reported_before_anything_runs(
    rig: tuple[Rig, Sandbox], tmp_path: Path, monkeypatch: Any
) -> None:
    made, sandbox = rig
    known = seeded_emails(sandbox, "@acme.io")[:2]
    (tmp_path / "spam.txt").write_text("\n".join([*known, "nobody@nowhere.io"]) + "\n")
    monkeypatch.chdir(tmp_path)
    made.confirm.replies = [yes(), typed_token]
    turn = made.session.handle("ban the users in spam.txt")
    preview = made.confirm.seen[1].set_preview
    assert preview.count == 2
    assert preview.skipped == ("nobody@nowhere.io: no user matches it",)
    assert turn.status == "done"
    banned_emails = {
        a["email_address"]
        for u in sandbox.world.table("users").values()
        if u.get("banned")
        for a in u["email_addresses"]
    }
    assert set(known) <= banned_emails


# --------------------------------------------------------------------------- files out


def test_save_writes_every_page_as_csv_with_the_expected_columns(
    rig: tuple[Rig, Sandbox], tmp_path: Path
) -> None:
    made, sandbox = rig
    made.confirm.replies = [yes()]
    made.session.handle("GET /users?limit=10")  # one page of ten
    target = tmp_path / "users.csv"
    said = dispatch(made.session, f"/save {target}").text
    rows = list(csv.DictReader(io.StringIO(target.read_text())))
    assert said.startswith("saved 25 row(s)")
    assert len(rows) == len(sandbox.world.table("users")) == 25
    assert list(rows[0]) == [
        "id",
        "primary_email",
        "name",
        "created",
        "last_sign_in",
        "banned",
        "locked",
    ]
    assert sum(r["banned"] == "True" for r in rows) == 1


def test_save_as_jsonl_and_refuses_other_extensions(
    rig: tuple[Rig, Sandbox], tmp_path: Path
) -> None:
    made, _ = rig
    made.confirm.replies = [yes()]
    made.session.handle("list all users")
    target = tmp_path / "users.jsonl"
    dispatch(made.session, f"/save {target}")
    lines = [json.loads(line) for line in target.read_text().splitlines()]
    assert len(lines) == 25 and lines[0]["id"].startswith("user_")
    with pytest.raises(Exception, match=r"\.csv or \.jsonl"):
        dispatch(made.session, f"/save {tmp_path / 'users.xlsx'}")


def cli_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLERK_SECRET", "ANTHROPIC"))}
    env["CLERK_ASSISTANT_DATA_DIR"] = str(tmp_path / "data")
    env["CLERK_ASSISTANT_PLANNER"] = "local"
    return env


def test_ask_format_csv_prints_only_the_rows(tmp_path: Path) -> None:
    done = cli_process(
        "ask", "--sandbox", "--format", "csv", "list all users", env=cli_env(tmp_path)
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert len(rows) == 25 and rows[0]["primary_email"]


def test_ask_shows_the_set_and_runs_it_only_with_the_flags(tmp_path: Path) -> None:
    text = "ban every user with an email at globex.com"
    asked = cli_process("ask", "--sandbox", "--scopes", "write", text, env=cli_env(tmp_path))
    assert asked.returncode == 3
    assert "8 item(s)" in asked.stdout and "declined" in asked.stdout
    flags = ("--yes", "--allow-delete")
    ran = cli_process("ask", "--sandbox", "--scopes", "write", *flags, text, env=cli_env(tmp_path))
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "8 done, 0 failed, 0 not sent" in ran.stdout


# --------------------------------------------------------------------------- resume CLI


def test_resume_from_the_command_line_sends_only_what_is_left(
    catalog: Catalog, sandbox_document: dict[str, Any], tmp_path: Path
) -> None:
    sandbox = Sandbox(catalog, sandbox_document, rate_limit=None)
    sandbox.latency = 0.02
    transport = sandbox_transport(sandbox)
    steps = planned(catalog, "lock everyone with an email at acme.io")
    first = make_rig(
        catalog, "https://sandbox.local/v1", transport, tmp_path, [steps], [yes(), yes()]
    )
    first.session.executor.limiter.limit = 1000
    from assistant import set_runner

    first.session.hooks = SessionHooks(progress=interrupt_after(1))
    original = set_runner.MAX_WORKERS
    set_runner.MAX_WORKERS = 2  # so that Ctrl-C finds items not yet sent
    try:
        turn = first.session.handle("lock everyone with an email at acme.io")
    finally:
        set_runner.MAX_WORKERS = original
    first.transcript.close()
    left = turn.results[1].body["set"]["not_sent"]
    assert turn.interrupted and left > 0

    out = tmp_path / "resumed.jsonl"
    argv = [
        "resume",
        str(first.path),
        "--sandbox",
        "--scopes",
        "write",
        "--yes",
        "--transcript",
        str(out),
    ]
    env = cli_env(tmp_path)  # the data dir the first session anchored its transcript in
    env["CLERK_ASSISTANT_DATA_DIR"] = str(anchors_dir(first.session.settings).parent)
    done = cli_process(*argv, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    posts = [
        r for r in read_records(out) if r["kind"] == "request" and r["data"]["method"] == "POST"
    ]
    assert len(posts) == left
    assert f"{left} done, 0 failed, 0 not sent" in done.stdout


def test_resume_of_a_missing_file_is_one_line(tmp_path: Path) -> None:
    done = cli_process("resume", str(tmp_path / "nope.jsonl"), "--sandbox", env=cli_env(tmp_path))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "no transcript" in done.stderr


def test_the_terminal_shows_the_count_the_first_items_and_the_summary(
    rig: tuple[Rig, Sandbox],
) -> None:
    from assistant.terminal import Terminal

    made, _ = rig
    made.confirm.replies = [yes(), ConfirmReply("no")]
    made.session.handle("lock everyone with an email at acme.io")
    out = io.StringIO()
    terminal = Terminal(stream=out, env={"NO_COLOR": "1"}, width=160)
    terminal.show_set_preview(made.confirm.seen[1])
    text = out.getvalue()
    assert "9 item(s) where email_addresses.email_address contains '@acme.io'" in text
    assert text.count("@acme.io") == 1 + 9 and "Call per item: POST /users/{user_id}/lock" in text
    body = {"set": {"done": 3, "failed": [{"keys": ["user_x"], "error": "boom"}], "not_sent": 5}}
    terminal.show_set_summary(Result(2, "error", body=body))
    assert "3 done, 1 failed, 5 not sent" in out.getvalue()
    assert "user_x: boom" in out.getvalue()


# --------------------------------------------------------------------------- Claude planner


def test_claude_set_steps_survive_the_checks_and_their_list_walks_every_page(
    catalog: Catalog,
) -> None:
    from assistant.planning.claude import ClaudePlanner
    from assistant.settings import Settings
    from tests.fake_anthropic import FakeAnthropic, tool_use

    listed = {"method": "GET", "path": "/users", "query": {"email_address_query": "spam.io"}}
    ban = {
        "method": "POST",
        "path": "/users/ban",
        "body": {"user_ids": "{{items.id}}"},
        "for_each": {
            "step": 1,
            "batch": 50,
            "where": [{"field": "banned", "op": "=", "value": False}],
        },
    }
    with FakeAnthropic() as fake:
        fake.reply(tool_use("propose_plan", {"steps": [listed, ban]}))
        settings = Settings(anthropic_api_key="sk-ant-test", anthropic_base_url=fake.url)
        output = ClaudePlanner(settings, max_retries=0, timeout=5.0).plan(
            "ban every user at spam.io", PlanContext(catalog)
        )
        tools = {t["name"]: t for t in fake.requests[0]["body"]["tools"]}
        system = json.dumps(fake.requests[0]["body"].get("system"))
    assert isinstance(output, Plan)
    assert output.steps[0].all_pages  # the model left it out; a set needs every page
    assert output.steps[1].for_each is not None and output.steps[1].for_each.batch == 50
    step_schema = tools["propose_plan"]["input_schema"]["properties"]["steps"]["items"]
    assert step_schema["properties"]["for_each"]["required"] == ["step"]
    assert "for_each" in system and "{{item." in system
    verdicts = check(output, Policy(parse_scopes("write")), catalog)
    assert all(v.allowed for v in verdicts), [v.problems for v in verdicts]


def test_claude_for_each_without_a_step_number_is_a_problem(catalog: Catalog) -> None:
    from assistant.planning.claude import check_steps

    raw = [
        {"method": "GET", "path": "/users"},
        {"method": "POST", "path": "/users/ban", "for_each": {"step": "one"}},
    ]
    _, problems = check_steps(raw, catalog)
    assert any("for_each needs step" in p for p in problems)


# --------------------------------------------------------------------------- README


def _readme_sets_example() -> tuple[list[str], str]:
    from tests.conftest import REPO

    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = text.split("<!-- sets example:", 1)[1].split("```", 2)[1]
    first, _, shown = block.strip("\n").partition("\n")
    import shlex

    return shlex.split(first.removeprefix("$ clerk-assistant ")), shown


def _normal(text: str) -> str:
    import re

    text = re.sub(r"transcript: \S+", "transcript: T", text)
    text = re.sub(r"[\d.]+ req/s \d+:\d\d:\d\d ETA \d+:\d\d:\d\d", "R", text)
    text = re.sub(r"\([\d.]+ s,", "(S s,", text)
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def test_the_readme_set_example_runs_exactly_as_written(tmp_path: Path) -> None:
    argv, shown = _readme_sets_example()
    done = cli_process(*argv, env=cli_env(tmp_path))
    got = done.stdout + done.stderr + f"(exit {done.returncode})"
    assert _normal(got) == _normal(shown)


# --------------------------------------------------------------------------- invitations, dry run


def test_invite_everyone_in_a_file_sends_bulk_invitations_ten_at_a_time(
    rig: tuple[Rig, Sandbox], tmp_path: Path, monkeypatch: Any
) -> None:
    made, sandbox = rig
    org = next(iter(sandbox.world.table("organizations")))
    emails = [f"hire{n}@new.io" for n in range(23)]
    (tmp_path / "hires.txt").write_text("\n".join(emails) + "\n")
    monkeypatch.chdir(tmp_path)
    made.confirm.replies = [yes(), yes(), yes()]
    turn = made.session.handle(f"invite everyone in hires.txt to {org} as members")
    assert turn.status == "done", turn.results
    posts = made.transport.writes()
    assert [len(json.loads(p.content)) for p in posts] == [10, 10, 3]
    invited = {
        i["email_address"]
        for i in sandbox.world.table("organization_invitations").values()
        if i.get("role") == "org:member"
    }
    assert set(emails) <= invited


def test_a_dry_run_set_sends_nothing_and_says_the_items_are_unknown(
    rig: tuple[Rig, Sandbox],
) -> None:
    made, _ = rig
    made.session.set_dry_run(True)
    seen: list[Any] = []
    made.session.hooks = SessionHooks(notify=lambda kind, payload: seen.append((kind, payload)))
    turn = made.session.handle("lock everyone with an email at acme.io")
    assert [r.status for r in turn.results] == ["dry-run", "dry-run"]
    assert made.transport.requests == []
    previews = [p for kind, p in seen if kind == "set_preview"]
    assert len(previews) == 1 and previews[0].set_preview.known is False


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (("--latency", "-5"), "--latency must be 0 to 10000 ms"),
        (("--rate-limit", "0"), "--rate-limit must be at least 1"),
    ],
)
def test_sandbox_pacing_options_reject_bad_values_in_one_line(
    tmp_path: Path, flags: tuple[str, ...], message: str
) -> None:
    done = cli_process("sandbox", "serve", *flags, env=cli_env(tmp_path))
    assert done.returncode == 2
    assert done.stderr.strip() == f"clerk-assistant: {message}, got {flags[1]}"


def test_resume_from_the_command_line_refuses_a_rechained_transcript(
    catalog: Catalog, sandbox_document: dict[str, Any], tmp_path: Path
) -> None:
    """`resume --yes` of a file rewritten with a fresh chain (its units now DELETE) is
    refused before anything is sent: only the anchor tells it from the file written."""
    from assistant import set_runner

    from .test_sets import rechained

    sandbox = Sandbox(catalog, sandbox_document, rate_limit=None)
    sandbox.latency = 0.02
    steps = planned(catalog, "lock everyone with an email at acme.io")
    first = make_rig(
        catalog, "https://sandbox.local/v1", sandbox_transport(sandbox), tmp_path, [steps], []
    )
    first.confirm.replies = [yes(), yes()]
    first.session.hooks = SessionHooks(progress=interrupt_after(1))
    original, set_runner.MAX_WORKERS = set_runner.MAX_WORKERS, 2
    try:
        assert first.session.handle("lock everyone with an email at acme.io").interrupted
    finally:
        set_runner.MAX_WORKERS = original
    first.transcript.close()

    def to_deletes(record: dict[str, Any]) -> None:
        if record["kind"] == "set":
            for call in [record["data"]["call"], *(u["call"] for u in record["data"]["units"])]:
                call.update(method="DELETE", path="/users/{user_id}")

    edited = rechained(first.path, to_deletes, tmp_path / "rechained.jsonl")
    out = tmp_path / "resumed.jsonl"
    argv = ["resume", str(edited), "--sandbox", "--scopes", "write,delete", "--yes"]
    env = cli_env(tmp_path)
    env["CLERK_ASSISTANT_DATA_DIR"] = str(anchors_dir(first.session.settings).parent)
    done = cli_process(*argv, "--allow-delete", "--transcript", str(out), env=env)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.count("\n") == 1 and "not resuming" in done.stderr
    sent = [r for r in read_records(out) if r["kind"] == "request"] if out.exists() else []
    assert sent == []
