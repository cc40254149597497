"""Set steps (issue 14): every test runs a real session against the sandbox over HTTP.

Covered: a filtered set across several pages; a bulk endpoint batched at its maximum; a
destructive set that needs the typed count; the set cap; a 429 storm with nothing lost or
repeated; Ctrl-C mid-set, then `resume`; the guardrail's checks of a set's shape.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.errors import ConfigError
from assistant.executor import Executor
from assistant.guardrail import Policy, check, parse_scopes, sized_verdict
from assistant.models import Call, Plan
from assistant.sandbox import SANDBOX_KEY, RunningServer, Sandbox, routes
from assistant.session import ConfirmReply, ConfirmRequest, Progress, SessionHooks
from assistant.settings import Settings
from assistant.spec import Catalog
from assistant.transcript import read_records, verify

from .session_helpers import Rig, plan, rigs_against, yes

BAN = "POST /users/{user_id}/ban"
SPAM = [{"field": "email_addresses.email_address", "op": "contains", "value": "@spam.io"}]


def add_users(sandbox: Sandbox, count: int, domain: str = "spam.io") -> list[str]:
    """`count` users with addresses at `domain`, straight into the sandbox; their ids."""
    ids = []
    for n in range(count):
        body = json.dumps({"email_address": [f"user{n}@{domain}"]}).encode()
        status, _, answer = sandbox.handle(
            "POST", "/v1/users", "", {"Authorization": f"Bearer {SANDBOX_KEY}"}, body
        )
        assert status == 200, answer
        ids.append(json.loads(answer)["id"])
    return ids


def list_all(limit: int = 10) -> Call:
    return Call("GET", "/users", query={"limit": limit}, all_pages=True)


def per_user(method: str, action: str = "", **for_each: Any) -> Call:
    path = "/users/{user_id}" + (f"/{action}" if action else "")
    data = {
        "method": method,
        "path": path,
        "path_params": {"user_id": "{{item.id}}"},
        "for_each": {"step": 1, **for_each},
    }
    return Call.from_json(data)


def typed(text: str) -> ConfirmReply:
    return ConfirmReply("typed", typed=text)


def typed_as_asked(request: ConfirmRequest) -> ConfirmReply:
    return ConfirmReply("typed", typed=request.verdict.typed_token)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times the sandbox *applied* a ban, per user id (a 429 applies nothing)."""
    applied: Counter[str] = Counter()
    original = routes.ROUTES[BAN]

    def counting(ctx: routes.Ctx) -> Any:
        applied[ctx.params["user_id"]] += 1
        return original(ctx)

    monkeypatch.setitem(routes.ROUTES, BAN, counting)
    return applied


@pytest.fixture
def rigs(catalog: Catalog, sandbox_running: RunningServer, tmp_path: Path) -> Iterator[Any]:
    yield from rigs_against(catalog, sandbox_running.url, tmp_path)


def banned(sandbox: Sandbox) -> set[str]:
    return {uid for uid, u in sandbox.world.table("users").items() if u.get("banned")}


def records(rig: Rig, kind: str) -> list[dict[str, Any]]:
    return [r["data"] for r in read_records(rig.path) if r["kind"] == kind]


def set_preview(rig: Rig) -> Any:
    return next(r.set_preview for r in rig.confirm.seen if r.set_preview is not None)


# --------------------------------------------------------------------------- filtered set


def test_a_filtered_set_walks_every_page_and_bans_only_the_matches(
    rigs: Any, sandbox_running: RunningServer, counted: Counter[str]
) -> None:
    sandbox = sandbox_running.sandbox
    spam = add_users(sandbox, 12)
    before = banned(sandbox)
    steps = plan(list_all(limit=10), per_user("POST", "ban", where=SPAM))
    rig = rigs([steps], [yes(), typed_as_asked])
    turn = rig.session.handle("ban every user with an email at spam.io")

    assert turn.status == "done", turn.results
    pages = [r for r in rig.transport.requests if r.method == "GET"]
    assert len(pages) == 4  # 25 seeded + 12 = 37 users, 10 a page
    preview = set_preview(rig)
    assert (preview.count, preview.listed, len(preview.rows)) == (12, 37, 10)
    assert all(row["email"].endswith("@spam.io") for row in preview.rows)
    assert banned(sandbox) == before | set(spam)
    assert counted == Counter(spam)  # each once, no one else
    summary = turn.results[1].body["set"]
    assert (summary["done"], summary["failed"], summary["not_sent"]) == (12, [], 0)


def test_the_set_is_confirmed_once_and_its_items_are_in_the_transcript(
    rigs: Any, sandbox_running: RunningServer
) -> None:
    spam = add_users(sandbox_running.sandbox, 6)
    rig = rigs([plan(list_all(), per_user("POST", "ban", where=SPAM))], [yes(), typed_as_asked])
    rig.session.handle("ban them")

    assert [r.set_preview is not None for r in rig.confirm.seen] == [False, True]
    unit_responses = [r for r in records(rig, "response") if "unit" in r]
    assert sorted(k for r in unit_responses for k in r["keys"]) == sorted(spam)
    requests = [r for r in records(rig, "request") if r["method"] == "POST"]
    assert len(requests) == 6
    assert records(rig, "set")[0]["count"] == 6


def test_declining_the_set_sends_nothing_and_leaves_nothing_to_resume(
    rigs: Any, sandbox_running: RunningServer
) -> None:
    add_users(sandbox_running.sandbox, 5)
    rig = rigs([plan(list_all(), per_user("POST", "ban", where=SPAM))], [yes(), ConfirmReply("no")])
    turn = rig.session.handle("ban them")
    assert turn.status == "declined"
    assert rig.transport.writes() == []
    assert records(rig, "set") == [] and records(rig, "proposal")[-1]["count"] == 5
    assert rig.session.resume(str(rig.path)).error  # a declined set is not resumable


# --------------------------------------------------------------------------- bulk endpoint


def bulk_ban(batch: int = 50) -> Call:
    return Call.from_json(
        {
            "method": "POST",
            "path": "/users/ban",
            "body": {"user_ids": "{{items.id}}"},
            "for_each": {"step": 1, "where": SPAM, "batch": batch},
        }
    )


def test_a_bulk_endpoint_is_sent_in_batches_of_its_maximum(
    rigs: Any, sandbox_running: RunningServer
) -> None:
    sandbox = sandbox_running.sandbox
    spam = add_users(sandbox, 120)
    rig = rigs([plan(list_all(limit=100), bulk_ban())], [yes(), typed_as_asked])
    turn = rig.session.handle("ban every user at spam.io")

    assert turn.status == "done", turn.results
    posts = rig.transport.writes()
    sizes = sorted(len(json.loads(r.content)["user_ids"]) for r in posts)
    assert sizes == [20, 50, 50]
    assert {p.url.path for p in posts} == {"/v1/users/ban"}
    assert set(spam) <= banned(sandbox)
    assert set_preview(rig).units == 3 and set_preview(rig).count == 120


def test_the_preview_shows_the_first_items_change_per_item_and_in_bulk(
    rigs: Any, sandbox_running: RunningServer
) -> None:
    """Issue 15 for sets: the first item's before/after, read off the listed item itself."""
    sandbox = sandbox_running.sandbox
    spam = add_users(sandbox, 3)
    for steps in (
        plan(list_all(limit=10), per_user("POST", "ban", where=SPAM)),
        plan(list_all(limit=100), bulk_ban()),
    ):
        for uid in spam:
            sandbox.world.table("users")[uid]["banned"] = False
        rig = rigs([steps], [yes(), typed_as_asked])
        assert rig.session.handle("ban every user at spam.io").status == "done"
        change = set_preview(rig).first_change
        assert change is not None and change.available, change
        assert [(c.path, c.old, c.new) for c in change.changes] == [("banned", False, True)]


def test_a_batch_above_the_endpoints_maximum_is_blocked(catalog: Catalog) -> None:
    policy = Policy(scopes=parse_scopes("write,delete"))
    verdicts = check(plan(list_all(), bulk_ban(batch=51)), policy, catalog)
    assert not verdicts[1].allowed
    assert any("1 to 50" in p for p in verdicts[1].problems)


# --------------------------------------------------------------------------- destructive


def test_a_destructive_set_needs_the_typed_count(rigs: Any, sandbox_running: RunningServer) -> None:
    sandbox = sandbox_running.sandbox
    spam = add_users(sandbox, 7)
    delete_all = per_user("DELETE", where=SPAM)
    wrong = [yes(), yes(), yes(), typed("delete 6"), yes(), typed("delete 7")]
    rig = rigs([plan(list_all(), delete_all)] * 3, wrong)

    assert rig.session.handle("delete every spam.io user").status == "declined"  # a plain y
    assert rig.session.handle("delete every spam.io user").status == "declined"  # wrong count
    assert rig.transport.writes() == []
    assert rig.confirm.seen[1].verdict.typed_token == "delete 7"

    assert rig.session.handle("delete every spam.io user").status == "done"
    deletes = [r for r in rig.transport.writes() if r.method == "DELETE"]
    assert sorted(r.url.path.rsplit("/", 1)[1] for r in deletes) == sorted(spam)
    assert not set(spam) & set(sandbox.world.table("users"))


def test_a_set_above_the_cap_is_refused_before_anything_is_sent(
    rigs: Any, sandbox_running: RunningServer
) -> None:
    add_users(sandbox_running.sandbox, 8)
    rig = rigs([plan(list_all(), per_user("POST", "lock", where=SPAM))], [yes(), yes()])
    rig.session.settings = Settings(sandbox=True, scopes="write", planner="local", set_cap=5)
    turn = rig.session.handle("lock them")
    assert turn.status == "blocked"
    assert "over the cap of 5" in (turn.results[1].error or "")
    assert rig.transport.writes() == []


def test_sized_verdict_words(catalog: Catalog) -> None:
    policy = Policy(scopes=parse_scopes("write,delete"))
    steps = plan(list_all(), per_user("DELETE"), per_user("POST", "lock"))
    deleting, locking = check(steps, policy, catalog)[1:]
    assert sized_verdict(steps.steps[1], deleting, 37, policy).typed_token == "delete 37"
    assert sized_verdict(steps.steps[2], locking, 37, policy).confirm == "yes"


# --------------------------------------------------------------------------- 429 storm


@pytest.mark.sandbox_options(rate_limit=10, rate_window=1.0)
def test_a_429_storm_loses_and_repeats_nothing(
    rigs: Any, sandbox_running: RunningServer, counted: Counter[str]
) -> None:
    sandbox = sandbox_running.sandbox
    sandbox.limiter = None  # seeding goes in unlimited; the storm starts with the set
    spam = add_users(sandbox, 40)
    from assistant.sandbox.app import RateLimiter

    sandbox.limiter = RateLimiter(10, 1.0, sandbox.clock)
    rig = rigs(
        [plan(list_all(limit=100), per_user("POST", "ban", where=SPAM))], [yes(), typed_as_asked]
    )
    # The client believes it may send 1000 a window: the sandbox answers 429 again and again.
    rig.session.executor = Executor(sandbox_running.url, SANDBOX_KEY, rate_limit=1000)
    turn = rig.session.handle("ban them")

    assert turn.status == "done", turn.results
    summary = turn.results[1].body["set"]
    assert summary["rate_limited"] > 0
    assert counted == Counter(spam)  # every item applied exactly once
    outcomes = Counter(r["outcome"] for r in records(rig, "response") if "unit" in r)
    assert outcomes["ok"] == 40 and outcomes["retry"] == summary["rate_limited"]


@pytest.mark.sandbox_options(rate_limit=15, rate_window=1.0)
def test_at_the_servers_own_limit_no_429_happens(rigs: Any, sandbox_running: RunningServer) -> None:
    sandbox = sandbox_running.sandbox
    sandbox.limiter = None
    add_users(sandbox, 30)
    from assistant.sandbox.app import RateLimiter

    sandbox.limiter = RateLimiter(15, 1.0, sandbox.clock)
    rig = rigs(
        [plan(list_all(limit=100), per_user("POST", "ban", where=SPAM))], [yes(), typed_as_asked]
    )
    rig.session.executor = Executor(
        sandbox_running.url, SANDBOX_KEY, rate_limit=15, rate_window=1.0
    )
    turn = rig.session.handle("ban them")
    assert turn.status == "done"
    assert turn.results[1].body["set"]["rate_limited"] == 0


# --------------------------------------------------------------------------- Ctrl-C, resume


def interrupt_after(count: int) -> Callable[[Progress], None]:
    def progress(event: Progress) -> None:
        if event.kind == "set" and event.done >= count:
            raise KeyboardInterrupt  # what Ctrl-C does to the main thread

    return progress


def test_ctrl_c_mid_set_then_resume_finishes_without_repeating(
    rigs: Any, sandbox_running: RunningServer, counted: Counter[str]
) -> None:
    sandbox = sandbox_running.sandbox
    sandbox.latency = 0.03  # slow enough that Ctrl-C lands mid-set
    spam = add_users(sandbox, 60)
    first = rigs(
        [plan(list_all(limit=100), per_user("POST", "ban", where=SPAM))], [yes(), typed_as_asked]
    )
    first.session.hooks = SessionHooks(progress=interrupt_after(5))
    turn = first.session.handle("ban them")

    assert turn.interrupted and turn.status == "interrupted"
    summary = turn.results[1].body["set"]
    assert summary["not_sent"] > 0
    assert summary["done"] + summary["failed_items"] + summary["not_sent"] == 60
    assert sum(counted.values()) == summary["done"]  # in-flight requests finished
    first.transcript.close()

    second = rigs([], [typed_as_asked])
    resumed = second.session.resume(str(first.path))
    assert resumed.status == "done", resumed.results
    assert set_preview(second).count == 60 - summary["done"]
    assert second.confirm.seen[0].verdict.typed_token == f"ban {60 - summary['done']}"
    assert counted == Counter(spam)  # every one banned, none twice
    assert second.session.resume(str(second.path)).error  # nothing left to resume


def test_resume_on_another_instance_is_refused_and_sends_nothing(
    rigs: Any, sandbox_running: RunningServer, counted: Counter[str]
) -> None:
    """The same ids on another instance are other people: a set is finished only with the
    host and key it was started with (as an undo is)."""
    import dataclasses

    from assistant.errors import ConfigError

    sandbox = sandbox_running.sandbox
    sandbox.latency = 0.03
    add_users(sandbox, 40)
    first = rigs(
        [plan(list_all(limit=100), per_user("POST", "ban", where=SPAM))], [yes(), typed_as_asked]
    )
    first.session.hooks = SessionHooks(progress=interrupt_after(5))
    assert first.session.handle("ban them").interrupted
    first.transcript.close()
    sent = sum(counted.values())

    other = rigs([], [typed_as_asked])
    other.session.settings = dataclasses.replace(
        other.session.settings, secret_key="sk_test_" + "another0instance0key0000000000"
    )
    with pytest.raises(ConfigError, match=r"not resuming: .* was started on"):
        other.session.resume(str(first.path))
    assert sum(counted.values()) == sent  # nothing more was sent


def test_resume_of_a_transcript_without_a_set_says_so(rigs: Any, tmp_path: Path) -> None:
    rig = rigs([], [])
    with pytest.raises(ConfigError, match="no transcript"):
        rig.session.resume(str(tmp_path / "none.jsonl"))


def test_runner_threads_share_one_limiter() -> None:
    executor = Executor("http://127.0.0.1:9", SANDBOX_KEY, rate_limit=3, rate_window=60.0)
    taken = []

    def grab() -> None:
        _delay, stamp = executor.limiter.try_acquire()
        taken.append(stamp is not None)

    threads = [threading.Thread(target=grab) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert taken.count(True) == 3


# --------------------------------------------------------------------------- shape checks


def test_a_set_step_is_checked_once_as_a_template(catalog: Catalog) -> None:
    policy = Policy(scopes=parse_scopes("write"))
    verdicts = check(plan(list_all(), per_user("POST", "ban", where=SPAM)), policy, catalog)
    assert verdicts[1].allowed and verdicts[1].typed_token == "ban <count>"
    assert any(w.startswith("set: one call per item of step 1") for w in verdicts[1].warnings)


@pytest.mark.parametrize(
    ("steps", "problem"),
    [
        ((Call("GET", "/users"), per_user("POST", "lock")), "must walk all pages"),
        ((per_user("POST", "lock"),), "must be an earlier step"),
        ((Call("GET", "/users/user_1"), per_user("POST", "lock")), "must be a list GET"),
        (
            (
                list_all(),
                Call.from_json(
                    {"method": "POST", "path": "/users/user_1/lock", "for_each": {"step": 1}}
                ),
            ),
            "must use {{item",
        ),
        (
            (list_all(), per_user("POST", "lock", where=[{"field": "x", "op": "~", "value": 1}])),
            "where op",
        ),
        (
            (
                list_all(),
                Call("POST", "/users/{user_id}/lock", path_params={"user_id": "{{item.id}}"}),
            ),
            "only for set steps",
        ),
    ],
)
def test_malformed_sets_are_blocked(
    catalog: Catalog, steps: tuple[Call, ...], problem: str
) -> None:
    policy = Policy(scopes=parse_scopes("write"))
    verdict = check(Plan(steps), policy, catalog)[-1]
    assert not verdict.allowed
    assert any(problem in p for p in verdict.problems), verdict.problems


def test_an_item_value_that_is_not_one_path_segment_is_never_sent(
    rigs: Any, sandbox_running: RunningServer
) -> None:
    """Item values come from a response: each filled call is checked again."""
    add_users(sandbox_running.sandbox, 3)
    by_email = per_user("POST", "lock", where=SPAM)
    odd = Call.from_json(
        by_email.to_json()
        | {"path_params": {"user_id": "{{item.email_addresses.0.email_address}}"}}
    )
    rig = rigs([plan(list_all(), odd)], [yes(), yes()])
    turn = rig.session.handle("lock them")
    assert rig.transport.writes() == []
    assert len(turn.results[1].body["set"]["skipped"]) == 3


def test_a_set_over_a_list_cut_by_the_page_cap_is_refused(
    rigs: Any, sandbox_running: RunningServer
) -> None:
    add_users(sandbox_running.sandbox, 5)
    rig = rigs([plan(list_all(limit=10), per_user("POST", "lock"))], [yes(), yes()])
    rig.session.settings = Settings(sandbox=True, scopes="write", planner="local", page_cap=20)
    turn = rig.session.handle("lock everyone")
    assert turn.status == "blocked"
    assert "page cap (20 items)" in (turn.results[1].error or "")
    assert rig.transport.writes() == []


def test_an_item_that_fails_is_reported_with_clerks_error_and_the_rest_still_run(
    rigs: Any, sandbox_running: RunningServer
) -> None:
    sandbox = sandbox_running.sandbox
    spam = add_users(sandbox, 5)

    def someone_else_deletes_one_first(request: ConfirmRequest) -> ConfirmReply:
        sandbox.world.remove("users", spam[2])  # gone between the preview and the run
        return typed_as_asked(request)

    steps = plan(list_all(), per_user("POST", "ban", where=SPAM))
    rig = rigs([steps], [yes(), someone_else_deletes_one_first])
    turn = rig.session.handle("ban them")

    assert turn.status == "error"
    summary = turn.results[1].body["set"]
    assert summary["done"] == 4 and summary["failed_items"] == 1
    (failure,) = summary["failed"]
    assert failure["keys"] == [spam[2]] and "not found" in failure["error"]
    assert banned(sandbox) >= set(spam) - {spam[2]}


def test_resume_refuses_an_edited_transcript(
    rigs: Any, sandbox_running: RunningServer, tmp_path: Path
) -> None:
    sandbox = sandbox_running.sandbox
    sandbox.latency = 0.03
    add_users(sandbox, 60)
    steps = plan(list_all(limit=100), per_user("POST", "ban", where=SPAM))
    first = rigs([steps], [yes(), typed_as_asked])
    first.session.hooks = SessionHooks(progress=interrupt_after(5))
    assert first.session.handle("ban them").interrupted
    first.transcript.close()
    edited = tmp_path / "edited.jsonl"
    text = first.path.read_text().replace(
        '"path":"/users/{user_id}/ban"', '"path":"/users/{user_id}"'
    )
    edited.write_text(
        text.replace(
            '"method":"POST","path":"/users/{user_id}"',
            '"method":"DELETE","path":"/users/{user_id}"',
        )
    )
    second = rigs([], [typed_as_asked])
    with pytest.raises(ConfigError, match="not resuming"):
        second.session.resume(str(edited))
    assert second.transport.requests == []


def rechained(path: Path, edit: Callable[[dict[str, Any]], None], out: Path) -> Path:
    """`path` with every record passed through `edit`, then hashed and linked afresh: what
    anyone who can write the file can make, and what only the anchor can tell apart."""
    from assistant.transcript import GENESIS, canonical, record_hash

    prev, lines = GENESIS, []
    for record in read_records(path):
        edit(record)
        record["prev"] = prev
        record["hash"] = record_hash(record)
        prev = record["hash"]
        lines.append(canonical(record).decode())
    out.write_text("\n".join(lines) + "\n")
    return out


def test_resume_refuses_a_rechained_transcript_whose_units_name_other_users(
    rigs: Any, sandbox_running: RunningServer, counted: Counter[str], tmp_path: Path
) -> None:
    """A re-chained file passes the hash chain; its units still said `keys: [user_a]`
    while calling user_b (the preview and the typed count come from the keys)."""
    sandbox = sandbox_running.sandbox
    sandbox.latency = 0.03
    add_users(sandbox, 60)
    victim = add_users(sandbox, 1, domain="victim.io")[0]
    first = rigs([plan(list_all(limit=100), per_user("POST", "ban", where=SPAM))], [yes()])
    first.confirm.replies.append(typed_as_asked)
    first.session.hooks = SessionHooks(progress=interrupt_after(5))
    assert first.session.handle("ban them").interrupted
    first.transcript.close()

    def aim_at_victim(record: dict[str, Any]) -> None:
        if record["kind"] == "set":
            for unit in record["data"]["units"]:
                unit["call"]["path_params"]["user_id"] = victim

    edited = rechained(first.path, aim_at_victim, tmp_path / "rechained.jsonl")
    assert verify(edited).ok  # the chain alone cannot tell
    second = rigs([], [typed_as_asked])
    with pytest.raises(ConfigError, match=r"not resuming.*anchor"):
        second.session.resume(str(edited))
    assert second.transport.requests == []
    assert counted[victim] == 0
