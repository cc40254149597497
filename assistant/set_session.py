"""A set step inside a session turn: preview, one confirmation, paced run, audit, resume.

`run_set_step` is what `Session` calls for a step with `for_each`. The list step before it
has run (a read); here the items are filtered, every filled-in call is checked by the
guardrail, and the person sees the count, a table of the first items and the call per
item, and answers once for the whole set: `y` for a write set, the typed count
(`delete 37`, `ban 37`) for a destructive one. Above the set cap (CLERK_ASSISTANT_SET_CAP)
the set is refused. Nothing is sent before that answer.

Transcript records: `proposal` (the call per item, the count, what will not be sent),
the decision, `set` once confirmed (the units, each with its concrete call, so `resume`
knows exactly what was agreed; a declined set has none), then per unit a `request` and
a `response` carrying `set` (the set record's seq) and `unit`; every 429 absorbed is a
response with outcome `retry`; `set_summary` at the end.

`resume_set` reads a transcript, finds the last set with units not done, and runs those
(after the same guardrail checks and a fresh confirmation) in the current session.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from . import guardrail, set_sources, sets
from .errors import AssistantError, ConfigError
from .models import Call, Plan, Result, Turn, Verdict
from .people import primary_email
from .review import ConfirmRequest, Progress, TurnState, confirmed, decline_reason
from .set_runner import Job, SetReport, SetRunner
from .sets import Unit


@dataclass(frozen=True, slots=True)
class SetPreview:
    """What the person sees before confirming a set."""

    count: int  # items the action touches
    units: int  # requests it takes (fewer than count with a bulk endpoint)
    rows: tuple[dict[str, str], ...]  # the first PREVIEW_ROWS items, as table rows
    template: Call  # the call per item, with {{item...}} in it
    listed: int = 0  # items the list step returned before the filter
    skipped: tuple[str, ...] = ()  # items that cannot be sent, and why (reported first)
    resumed_from: str | None = None
    known: bool = True  # False in a dry run: the list was never fetched
    first_change: Any = None  # the first item's before/after (diff.StateDiff), when known


@dataclass(slots=True)
class _Prepared:
    jobs: list[Job] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- one turn


@dataclass(slots=True)
class _SetWork:
    """One set to review and run: the template, its verdict, and the units it makes."""

    call: Call  # the set step as planned (with for_each)
    verdict: Verdict  # the guardrail's verdict on it, before the size is known
    units: list[Unit]
    unfillable: list[str]  # items that cannot be filled in, one line each
    items: Sequence[Any]  # the items the action touches (after the filter)
    listed: int  # items the list returned before the filter
    resumed_from: str | None = None
    list_capped: bool = False  # the list walk stopped at the page cap


def run_set_step(session: Any, state: Any, index: int, call: Call, verdict: Verdict) -> Result:
    assert call.for_each is not None
    if session.toggles.dry_run and call.for_each.step not in state.responses:
        return _dry_run(session, state, index, call, verdict)
    body = state.responses.get(call.for_each.step)
    listed = sets.listed_items(body)
    items = sets.select(listed, call.for_each)
    made, unfillable = sets.units(call, items)
    source = state.plan.steps[call.for_each.step - 1]
    unmatched = [f"{value}: no user matches it" for value in set_sources.unmatched(source, listed)]
    work = _SetWork(call, verdict, made, unmatched + unfillable, items, len(listed))
    work.list_capped = isinstance(body, dict) and bool(body.get("page_cap_reached"))
    return _review_and_run(session, state, index, work)


def _review_and_run(session: Any, state: Any, index: int, work: _SetWork) -> Result:
    step = index + 1
    prepared = _prepare(session, step, work.units)
    prepared.skipped[:0] = work.unfillable
    preview = _preview(work, prepared)
    _record_proposal(session, step, preview)
    if not prepared.jobs:
        return _nothing_to_do(session, step, preview)
    count, capped = len(work.items), work.list_capped
    sized = guardrail.sized_verdict(work.call, work.verdict, count, session.policy(), capped)
    if not sized.allowed:
        return session._blocked(step, sized)
    shown = _confirm_request(session, state, index, sized, preview, prepared.jobs[0])
    refused = _ask_once(session, state, shown, work.call)
    if refused is not None:
        return refused
    set_seq = _record_set(session, step, preview, prepared)  # confirmed: resumable from here
    return _run(session, state, step, prepared.jobs, set_seq, preview)


def _ask_once(session: Any, state: Any, shown: Any, call: Call) -> Result | None:
    """The one question for the whole set; None means go. A dry run only shows it."""

    session.hooks.notify("set_preview", shown)  # the count and first items, even for `ask`
    if session.toggles.dry_run:
        session.hooks.notify("preview", shown)
        return Result(step=shown.step, status="dry-run")
    reply = session.confirm(shown)
    session._record_decision(shown.step, reply)
    if confirmed(shown.verdict, reply):
        return None
    reason = decline_reason(shown.verdict, reply)
    session._remember_decline(state.turn, call, reason)
    return Result(step=shown.step, status="declined", error=reason)


def _preview(work: _SetWork, prepared: _Prepared) -> SetPreview:
    return SetPreview(
        first_change=_first_change(work, prepared),
        count=len(work.items),
        units=len(prepared.jobs),
        rows=tuple(item_row(i) for i in work.items[: sets.PREVIEW_ROWS]),
        template=work.call,
        listed=work.listed,
        skipped=tuple(prepared.skipped),
        resumed_from=work.resumed_from,
    )


def _first_change(work: _SetWork, prepared: _Prepared) -> Any:
    """What the first call does to its first item: the listed item is the state before
    (a list of users for a ban, of memberships for a removal), so nothing more is read."""
    from .diff import state_diff

    if not prepared.jobs:
        return None
    unit = prepared.jobs[0].unit
    wanted = unit.keys[0] if unit.keys else None
    items = [i for i in work.items if isinstance(i, dict)]
    item = next((i for i in items if sets.item_key(i) == wanted), items[0] if items else None)
    return None if item is None else state_diff(unit.call, item, read="the listed item")


def _prepare(session: Any, step: int, made: list[Unit]) -> _Prepared:
    """Every unit checked again (its values came from a response) and built as the exact
    request to send; a unit that fails is reported and never sent."""
    prepared = _Prepared()
    policy = session.policy()
    for unit in made:
        unit_verdict = guardrail.check_unit(unit.call, step, policy, session.catalog)
        if not unit_verdict.allowed:
            why = "; ".join(unit_verdict.problems) or "blocked"
            prepared.skipped.append(f"{', '.join(unit.keys)}: {why}")
            continue
        try:
            request = session.executor.prepare(unit.call, {})
        except AssistantError as exc:
            prepared.skipped.append(f"{', '.join(unit.keys)}: {exc}")
            continue
        prepared.jobs.append(Job(unit, request))
    return prepared


def _confirm_request(
    session: Any, state: Any, index: int, verdict: Verdict, preview: SetPreview, first: Job
) -> Any:
    from . import render

    call = preview.template
    return ConfirmRequest(
        kind="step",
        step=index + 1,
        total=len(state.plan.steps),
        call=call,
        endpoint=session.catalog.get(call.method, call.path),
        verdict=verdict,
        request=first.request,
        curl=render.curl(first.request),
        note=state.plan.note,
        dry_run=session.toggles.dry_run,
        filled=first.unit.call,
        set_preview=preview,
    )


def _dry_run(session: Any, state: Any, index: int, call: Call, verdict: Verdict) -> Result:
    """In a dry run the list was never fetched: show the call per item, count unknown."""

    preview = SetPreview(count=0, units=0, rows=(), template=call, known=False)
    shown = ConfirmRequest(
        "step",
        index + 1,
        len(state.plan.steps),
        call,
        session.catalog.get(call.method, call.path),
        verdict,
        dry_run=True,
        set_preview=preview,
    )
    session.transcript.record("proposal", {"step": index + 1, "call": call.to_json()})
    session.hooks.notify("set_preview", shown)
    return Result(step=index + 1, status="dry-run")


def _nothing_to_do(session: Any, step: int, preview: SetPreview) -> Result:
    body = summary_body(SetReport(), preview, 0)
    session.transcript.record("set_summary", {"step": step, **body["set"]})
    return Result(step=step, status="ok", http_status=None, body=body)


def _record_proposal(session: Any, step: int, preview: SetPreview) -> None:
    """What the person is shown: the call per item, the count, what will not be sent."""
    session.transcript.record(
        "proposal",
        {
            "step": step,
            "call": preview.template.to_json(),
            "count": preview.count,
            "listed": preview.listed,
            "requests": preview.units,
            "skipped": list(preview.skipped),
            "resumes": preview.resumed_from,
        },
    )


def _record_set(session: Any, step: int, preview: SetPreview, prepared: _Prepared) -> int:
    """The confirmed set, unit by unit with its concrete call: what `resume` finishes."""
    record = session.transcript.record(
        "set",
        {
            "step": step,
            "call": preview.template.to_json(),
            "count": preview.count,
            "units": [job.unit.to_json() for job in prepared.jobs],
            "resumes": preview.resumed_from,
        },
    )
    return int(record.get("seq", 0))


# --------------------------------------------------------------------------- running


def _run(
    session: Any, state: Any, step: int, jobs: list[Job], set_seq: int, preview: SetPreview
) -> Result:

    total = len(jobs)

    def on_sent(_unit: Unit, request: httpx.Request) -> None:
        session._record_request(step, request)

    def on_done(unit: Unit, result: Result) -> None:
        session.transcript.record("response", _unit_record(set_seq, unit, result))

    def progress(done: int, _total: int) -> None:
        session.hooks.progress(Progress("set", step, done, total))

    runner = SetRunner(session.executor, step, on_sent=on_sent, on_done=on_done, progress=progress)
    label = f"Step {step}: {preview.template.method} {preview.template.path} × {total}"
    with session.hooks.activity(label):
        report = runner.run(jobs)
    return _finish(session, state, step, jobs, report, preview)


def _unit_record(set_seq: int, unit: Unit, result: Result) -> dict[str, Any]:
    return {
        "step": result.step,
        "set": set_seq,
        "unit": unit.index,
        "keys": list(unit.keys),
        "status": result.http_status,
        "outcome": result.status,
        "body": result.body,
        "error": result.error,
        "duration_ms": result.duration_ms,
    }


def _finish(
    session: Any,
    state: Any,
    step: int,
    jobs: list[Job],
    report: SetReport,
    preview: SetPreview,
) -> Result:
    body = summary_body(report, preview, len(jobs), {j.unit.index: j.unit for j in jobs})
    session.transcript.record("set_summary", {"step": step, **body["set"]})
    if report.interrupted:
        result = Result(step, "interrupted", body=body, error=_stopped_text(body["set"]))
        return session._interrupted(state, result)
    status = "error" if report.failed else "ok"
    error = f"{len(report.failed)} of {len(jobs)} request(s) failed" if report.failed else None
    return Result(step, status, http_status=None, body=body, error=error)


def _stopped_text(summary: Mapping[str, Any]) -> str:
    return (
        f"stopped by Ctrl-C: {summary['done']} done, {summary['failed_items']} failed, "
        f"{summary['not_sent']} not sent; finish with `resume TRANSCRIPT`"
    )


def summary_body(
    report: SetReport, preview: SetPreview, units: int, by_index: Mapping[int, Unit] | None = None
) -> dict[str, Any]:
    """The set step's Result body, counted in items (a bulk request carries many): done,
    each failure with Clerk's error, not sent, and the items skipped before the run."""
    by_index = by_index or {}

    def items(indexes: Sequence[int]) -> int:
        return sum(len(by_index[i].keys) if i in by_index else 1 for i in indexes)

    failed = [
        {"keys": list(by_index[i].keys) if i in by_index else [], "error": report.results[i].error}
        for i in report.failed
    ]
    return {
        "set": {
            "count": preview.count,
            "requests": units,
            "done": items(report.done),
            "failed": failed,
            "failed_items": items(report.failed),
            "not_sent": items(report.not_sent),
            "skipped": list(preview.skipped),
            "rate_limited": report.rate_limited,
            "interrupted": report.interrupted,
            "seconds": round(report.seconds, 2),
        }
    }


# --------------------------------------------------------------------------- preview rows


def item_row(item: Any) -> dict[str, str]:
    """The columns people expect for a listed item: users get id, primary email, name,
    created, last sign-in, banned/locked; other objects their id and a few fields."""
    if not isinstance(item, Mapping):
        return {"id": str(item)}
    if item.get("object") == "user" or "email_addresses" in item:
        return user_row(item)
    return _generic_row(item)


def user_row(user: Mapping[str, Any]) -> dict[str, str]:
    name = " ".join(str(user.get(k) or "") for k in ("first_name", "last_name")).strip()
    state = [w for w in ("banned", "locked") if user.get(w)]
    return {
        "id": str(user.get("id") or ""),
        "email": primary_email(user),
        "name": name,
        "created": _day(user.get("created_at")),
        "last sign-in": _day(user.get("last_sign_in_at")) or "never",
        "status": ", ".join(state) or "active",
    }


def _generic_row(item: Mapping[str, Any]) -> dict[str, str]:
    row = {"id": str(item.get("id") or "")}
    user = item.get("public_user_data")
    if isinstance(user, Mapping):
        row["user"] = str(user.get("user_id") or "")
        row["identifier"] = str(user.get("identifier") or "")
    for name in ("role", "email_address", "name", "status"):
        if isinstance(item.get(name), str | int):
            row[name] = str(item[name])
    return row


def _day(ms: Any) -> str:
    from datetime import datetime, timezone

    if not isinstance(ms, int | float) or isinstance(ms, bool):
        return ""
    return datetime.fromtimestamp(ms / 1000, timezone.utc).strftime("%Y-%m-%d")


# --------------------------------------------------------------------------- resume


@dataclass(frozen=True, slots=True)
class Unfinished:
    """The last set of a transcript, with the units that still have to run."""

    step: int
    call: Call
    remaining: tuple[Unit, ...]
    done: int
    count: int


def unfinished_set(records: Sequence[Mapping[str, Any]]) -> Unfinished | None:
    """The last `set` record with units not done, from its own `response` records."""
    sets_seen = [r for r in records if r.get("kind") == "set" and r["data"].get("units")]
    for record in reversed(sets_seen):
        data = record["data"]
        done = _done_units(records, int(record["seq"]))
        units = [Unit.from_json(u) for u in data["units"]]
        remaining = tuple(u for u in units if u.index not in done)
        if remaining:
            return Unfinished(
                int(data["step"]), Call.from_json(data["call"]), remaining, len(done), len(units)
            )
    return None


def _done_units(records: Sequence[Mapping[str, Any]], set_seq: int) -> set[int]:
    return {
        int(r["data"]["unit"])
        for r in records
        if r.get("kind") == "response"
        and r["data"].get("set") == set_seq
        and r["data"].get("outcome") == "ok"
    }


def resume_set(session: Any, path: str | Path) -> Turn:
    """Finish the interrupted set of the transcript at `path` (done units are not sent
    again). The person confirms the remaining count again; the guardrail checks each."""
    where = Path(path).expanduser()
    found = unfinished_set(_trusted_records(session, where))
    turn = Turn(text=f"resume {where}", dry_run=session.toggles.dry_run)
    session.turns.append(turn)
    session.transcript.record("input", {"text": turn.text})
    if found is None:
        turn.error = f"{where.name}: no unfinished set to resume"
        session.transcript.record("error", {"outcome": "resume", "error": turn.error})
        return turn
    return _resume(session, turn, found, str(where))


def _trusted_records(session: Any, where: Path) -> list[dict[str, Any]]:
    """The records of a transcript that is exactly what its anchor lists (a re-chained
    file passes the hash chain alone), and whose set units all call the set's own
    endpoint: an edited transcript must not smuggle in other calls."""
    from .trusted import trusted_records

    if not where.is_file():
        raise ConfigError(f"no transcript {where}: give the path `transcripts list` shows")
    records = trusted_records(where, session.settings, "resuming")
    for record in records:
        if record.get("kind") == "set":
            _check_units(record["data"], where.name)
    _same_instance(records, session.settings, where.name)
    return records


def _same_instance(records: Sequence[Mapping[str, Any]], settings: Any, name: str) -> None:
    """A set is finished only on the instance (API host and key) it was started on, as an
    undo is: the same ids on another instance are other people."""
    from .transcript import session_meta
    from .undo import current_instance, instance_of

    started = current_instance(records)
    here = instance_of(session_meta(settings))
    if started != here:
        raise ConfigError(
            f"not resuming: {name} was started on {started[0] or 'an unknown host'} (key "
            f"{started[1] or 'none'}); this session talks to {here[0]} (key {here[1] or 'none'})"
        )


def _check_units(data: Mapping[str, Any], name: str) -> None:
    template = Call.from_json(data["call"])
    for unit in data.get("units") or []:
        call = Call.from_json(unit["call"])
        if (call.method, call.path) != (template.method, template.path):
            raise ConfigError(
                f"not resuming: {name} has a set unit calling {call.method} {call.path}, "
                f"not the set's {template.method} {template.path}"
            )


def _resume(session: Any, turn: Turn, found: Unfinished, source: str) -> Turn:

    plan = Plan(steps=(found.call,), planner="resume", note=f"resumes {source}")
    turn.output = plan
    session.transcript.record("plan", plan.to_json() | {"resumes": source})
    remaining = list(found.remaining)
    # The confirmation is judged on a concrete call (the set's list step is not in this
    # turn); every unit is still checked on its own before it is sent.
    first = guardrail.check_unit(remaining[0].call, 1, session.policy(), session.catalog)
    turn.verdicts = [first]
    state = TurnState(turn, plan, [first])
    items = [{"id": key} for unit in remaining for key in unit.keys]
    work = _SetWork(found.call, first, remaining, [], items, found.count, source)
    result = _review_and_run(session, state, 0, work)
    turn.results.append(result)
    session.hooks.notify("result", result)
    return turn
