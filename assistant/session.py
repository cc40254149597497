"""One conversation with the assistant: the turn logic, with no terminal in sight.

`Session.handle(text)` records the input, asks the planner, has the guardrail judge every
step, shows each step through the injected `confirm` callback, sends what was confirmed
and records everything in the transcript. The REPL, the one-shot `ask` and the tests are
all clients of it; only the `confirm` and `hooks` they pass differ.

Safety rules enforced here (each has a test):
- a non-GET request is sent only with an allowed verdict and an explicit yes given for
  that very step in this turn; a destructive one only with the typed token;
- a blocked step is never sent; the session may *ask* (kind "admin-retry") whether to
  re-check it in admin mode, never escalate silently;
- the first failure, decline or block stops the turn and the rest is reported as not run;
- dry-run shows and records but sends nothing;
- Ctrl-C while a step runs marks the turn interrupted; the transcript keeps what it has.

A conversation, not one-shots: a planner's question stays open (`PendingQuestion`) and the
next input that fits it completes the request it was about; anything else drops it, and
the person is told. Before the first step, the whole plan is shown (`PlanOverview`: one
line per step, the verdicts, and the values the request named that no step uses). At a
step, "all" also confirms the remaining steps that are neither destructive nor typed: an
explicit yes for those steps, given in this turn, after the whole plan was shown.

A call with `all_pages` walks every page through `executor.paginate`, up to the page cap
(CLERK_ASSISTANT_PAGE_CAP): each page's request is recorded, then one response record
holds every item collected.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import re
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Protocol

import httpx

from .diff import StateDiff
from .errors import AssistantError, ConfigError
from .models import Call, Clarification, Endpoint, Plan, PlannerOutput, Result, Turn, Verdict
from .overview import PlanOverview
from .pending import PendingQuestion, answer_to, pending_from
from .planning.entry import check_request_size
from .references import REFERENCE, ReferenceError_, has_reference, resolve
from .review import (
    ConfirmFn,
    ConfirmReply,
    ConfirmRequest,
    Progress,
    TurnState,
    confirmed,
    decline_reason,
)
from .secret_text import redact_prose
from .settings import Settings
from .spec import Catalog


def _no_activity(_label: str) -> AbstractContextManager[None]:
    return contextlib.nullcontext()


MIN_STEPS_FOR_PROGRESS = 3  # shorter plans are over before a bar would say anything


@dataclass(slots=True)
class SessionHooks:
    """Optional ways for a client to watch a turn: a spinner, a progress bar, live results."""

    activity: Callable[[str], AbstractContextManager[Any]] = _no_activity
    notify: Callable[[str, Any], None] = lambda _kind, _payload: None  # also "overview"
    progress: Callable[[Progress], None] = lambda _progress: None


class PlannerLike(Protocol):
    def plan(self, text: str, context: Any) -> PlannerOutput: ...


class ExecutorLike(Protocol):
    def prepare(self, call: Call, responses: dict[int, Any]) -> httpx.Request: ...
    def send(
        self,
        request: httpx.Request,
        step: int,
        on_retry: Callable[[httpx.Request, int, str], None] | None = None,
    ) -> Result: ...
    def paginate(
        self,
        call: Call,
        cap: int,
        progress: Callable[[int, int | None], None] | None,
        endpoint: Endpoint | None,
        page_size: int = 100,
        on_request: Callable[[httpx.Request], None] | None = None,
        on_retry: Callable[[httpx.Request, int, str], None] | None = None,
    ) -> list[Any]: ...


class TranscriptLike(Protocol):
    def record(self, kind: str, data: dict[str, Any]) -> dict[str, Any]: ...


@dataclass(slots=True)
class Toggles:
    """The session's switches, changed by slash commands."""

    admin: bool = False
    auto_reads: bool = False
    dry_run: bool = False
    scopes: str | None = None


_SEND = object()  # the reply allows this very request to be sent


@dataclass(slots=True)
class _Walk:
    """What an all-pages walk has seen so far."""

    pages: int = 0
    total: int | None = None  # the total Clerk reports, when it does


class Session:
    def __init__(
        self,
        settings: Settings,
        catalog: Catalog,
        planner: PlannerLike,
        executor: ExecutorLike,
        transcript: TranscriptLike,
        confirm: ConfirmFn,
        *,
        hooks: SessionHooks | None = None,
        planner_factory: Callable[[Settings], PlannerLike] | None = None,
        catalog_loader: Callable[[str], Catalog] | None = None,
    ) -> None:
        self.settings = settings
        self.catalog = catalog
        self.planner = planner
        self.executor = executor
        self.transcript = transcript
        self.confirm = confirm
        self.hooks = hooks or SessionHooks()
        self.toggles = Toggles(admin=settings.admin, scopes=settings.scopes)
        self.turns: list[Turn] = []
        self._planner_factory = planner_factory
        self._catalog_loader = catalog_loader
        self.pending: PendingQuestion | None = None  # the planner's open question

    # ------------------------------------------------------------------ the turn

    def handle(self, text: str) -> Turn:
        turn = Turn(text=text, dry_run=self.toggles.dry_run)
        self.turns.append(turn)
        self.transcript.record("input", {"text": redact_prose(text)})  # "password hunter2"
        planned, answering = self._take_pending(turn, text)
        try:
            output = self._plan(planned, answering)
        except AssistantError as exc:
            return self._fail(turn, str(exc))
        except KeyboardInterrupt:  # Ctrl-C while the planner thinks: nothing was sent
            turn.interrupted = True
            self.transcript.record("interrupted", {"stage": "planning"})
            return turn
        turn.output = output
        self.transcript.record("plan", output.to_json())
        if isinstance(output, Clarification):
            self.pending = pending_from(planned, output)
        if isinstance(output, Plan):
            self._run_plan(turn, output, planned)
        return turn

    def propose(self, text: str, plan: Plan, **record: Any) -> Turn:
        """Run a plan made without the planner (an undo) through the same review and sends.

        `record` goes into the transcript's plan record (undo writes `undoes` there).
        """
        turn = Turn(text=text, output=plan, dry_run=self.toggles.dry_run)
        self.turns.append(turn)
        self.transcript.record("input", {"text": redact_prose(text)})
        self.transcript.record("plan", plan.to_json() | record)
        self._run_plan(turn, plan, text)
        return turn

    def _plan(self, text: str, answering: Any = None) -> PlannerOutput:
        with self.hooks.activity("Planning…"):
            return self.planner.plan(check_request_size(text), self._plan_context(answering))

    # ------------------------------------------------------------------ open questions

    def _take_pending(self, turn: Turn, text: str) -> tuple[str, Any]:
        """(the text to plan, the question it answers or None); the question is closed."""
        pending, self.pending = self.pending, None
        if pending is None:
            return text, None
        answered = answer_to(pending, text, self._last_ids())
        if answered is None:
            self._drop_question(turn, pending)
            return text, None
        from .planning.base import AnsweredQuestion

        turn.answers = pending.question
        self.transcript.record(
            "answer",
            {"question": pending.question, "answer": answered.answer, "request": pending.request},
        )
        return answered.text, AnsweredQuestion(pending.request, pending.question, answered.answer)

    def _drop_question(self, turn: Turn, pending: PendingQuestion) -> None:
        """A new request instead of an answer: the question is closed, visibly."""
        turn.dropped_question = pending.question
        record = {"question": pending.question, "request": pending.request}
        self.transcript.record("question-dropped", record)
        self.hooks.notify("question-dropped", pending.question)

    def _last_ids(self) -> list[str]:
        digest = self._plan_context().last_digest()
        return list(digest.ids) if digest is not None else []

    def _fail(self, turn: Turn, message: str) -> Turn:
        turn.error = message
        self.transcript.record("error", {"outcome": "planner error", "error": message})
        return turn

    def _run_plan(self, turn: Turn, plan: Plan, text: str) -> None:
        verdicts = self.check(plan)
        turn.verdicts = verdicts
        self.transcript.record("verdict", {"verdicts": [v.to_json() for v in verdicts]})
        self.hooks.notify("plan", (plan, verdicts))
        turn.unused = self._show_overview(plan, verdicts, text)
        state = TurnState(turn, plan, verdicts)
        for index in range(len(plan.steps)):
            result = self._run_step(state, index)
            turn.results.append(result)
            self.hooks.notify("result", result)
            if result.status not in ("ok", "dry-run"):
                self._stop(state, index + 1)
                return
            self._step_progress(index + 1, len(plan.steps))

    def _show_overview(self, plan: Plan, verdicts: list[Verdict], text: str) -> list[str]:
        """The whole plan before its first step is shown or sent; the values the request
        named that no step uses are recorded, and returned."""
        from .coverage import not_used

        overview = PlanOverview(plan, tuple(verdicts), tuple(not_used(text, plan)))
        if overview.not_used:
            self.transcript.record("coverage", {"not_used": list(overview.not_used)})
        if overview.worth_showing:
            self.hooks.notify("overview", overview)
        return list(overview.not_used)

    def _step_progress(self, done: int, total: int) -> None:
        if total >= MIN_STEPS_FOR_PROGRESS:
            self.hooks.progress(Progress("steps", done, done, total))

    def _stop(self, state: TurnState, after: int) -> None:
        not_run = list(range(after + 1, len(state.plan.steps) + 1))
        state.turn.not_run = not_run
        if not_run:
            self.transcript.record("skipped", {"steps": not_run})
        for step in not_run:
            state.turn.results.append(Result(step=step, status="skipped"))

    # ------------------------------------------------------------------ one step

    def _run_step(self, state: TurnState, index: int) -> Result:
        step = index + 1
        call, verdict = state.plan.steps[index], state.verdicts[index]
        if not verdict.allowed:
            retried = self._offer_admin_retry(state, index, call, verdict)
            if retried is None:
                return self._blocked(step, verdict)
            verdict = retried
        if call.for_each is not None:  # a set step: preview, one confirmation, paced run
            from .set_session import run_set_step

            return run_set_step(self, state, index, call, verdict)
        return self._review_and_send(state, index, call, verdict)

    def _blocked(self, step: int, verdict: Verdict) -> Result:
        reason = "; ".join(verdict.problems) or _missing_text(verdict)
        self.transcript.record("blocked", {"step": step, "reason": reason})
        return Result(step=step, status="blocked", error=reason)

    def _offer_admin_retry(
        self, state: TurnState, index: int, call: Call, verdict: Verdict
    ) -> Verdict | None:
        """Ask (never assume) whether a step blocked only by scopes may run as admin."""
        if verdict.problems or not verdict.missing_scopes or self.toggles.admin:
            return None
        request = ConfirmRequest(
            "admin-retry", index + 1, len(state.plan.steps), call, self._endpoint(call), verdict
        )
        reply = self.confirm(request)
        self._record_decision(index + 1, reply, kind="admin-retry")
        if reply.decision != "yes":
            return None
        rechecked = self.check(state.plan, admin=True)[index]
        self.transcript.record("admin", {"step": index + 1, "admin_bypass": True})
        return rechecked if rechecked.allowed else None

    def _review_and_send(
        self, state: TurnState, index: int, call: Call, verdict: Verdict
    ) -> Result:
        """Show, ask, and send only on a yes; an edit is re-checked and shown again."""
        step = index + 1
        while True:
            try:
                verdict = self._recheck_filled(state, index, call, verdict)
                if not verdict.allowed:
                    return self._blocked(step, verdict)
                request = self._prepare(call, state.responses)
            except (ReferenceError_, AssistantError) as exc:
                return self._step_error(step, str(exc))
            outcome = self._review(state, index, call, verdict, request)
            if isinstance(outcome, Result):
                return outcome
            if outcome is _SEND:
                return self._send(state, step, request, call)
            call, verdict = outcome  # edited: re-checked, shown again, asked again
            if not verdict.allowed:
                reopened = self._reopen_blocked_edit(state, index, call, verdict)
                if reopened is None:
                    return self._blocked(step, verdict)
                call, verdict = reopened

    def _recheck_filled(
        self, state: TurnState, index: int, call: Call, verdict: Verdict
    ) -> Verdict:
        """The guardrail again on the call as it will be sent, its references filled in."""
        if self.toggles.dry_run or not has_reference([call.path_params, call.query, call.body]):
            return verdict
        from .guardrail import recheck_filled

        filled = self._filled(call, state.responses)
        policy = self.policy(self.toggles.admin or verdict.admin_bypass)
        rechecked = recheck_filled(state.plan, index + 1, filled, policy, self.catalog)
        data = {"step": index + 1, "call": filled.to_json(), "verdict": rechecked.to_json()}
        self.transcript.record("recheck", data)
        return rechecked

    def _review(
        self,
        state: TurnState,
        index: int,
        call: Call,
        verdict: Verdict,
        request: httpx.Request,
    ) -> object | tuple[Call, Verdict] | Result:
        """_SEND, an edited (call, verdict) pair, or the step's final Result."""
        step = index + 1
        shown = self._confirm_request(state, index, call, verdict, request)
        self.transcript.record("proposal", _proposal_record(step, call, shown))
        if self.toggles.dry_run:
            self.hooks.notify("preview", shown)
            return Result(step=step, status="dry-run")
        if self.toggles.auto_reads and _is_auto_read(call, verdict):
            self.hooks.notify("preview", shown)
            self._record_decision(step, ConfirmReply("yes", by="flag"), kind="auto-read")
            return _SEND
        if state.run_all and _covered_by_all(verdict):
            self.hooks.notify("preview", shown)
            self._record_decision(step, ConfirmReply("yes"), kind="all")
            return _SEND
        reply = self.confirm(shown)
        self._record_decision(step, _as_recorded(verdict, reply))
        return self._interpret(state, index, verdict, reply)

    def _interpret(
        self, state: TurnState, index: int, verdict: Verdict, reply: ConfirmReply
    ) -> object | tuple[Call, Verdict] | Result:
        call = state.plan.steps[index]
        if reply.decision == "edit" and reply.call is not None:
            return self._recheck_edit(state, index, reply.call)
        if reply.remaining and reply.decision == "yes":
            state.run_all = True
        if confirmed(verdict, reply):
            return _SEND
        reason = decline_reason(verdict, reply)
        self._remember_decline(state.turn, call, reason)
        return Result(step=index + 1, status="declined", error=reason)

    def _recheck_edit(self, state: TurnState, index: int, edited: Call) -> tuple[Call, Verdict]:
        steps = list(state.plan.steps)
        steps[index] = edited
        state.plan = dataclasses.replace(state.plan, steps=tuple(steps))
        verdict = self.check(state.plan)[index]
        state.verdicts[index] = verdict
        self.transcript.record(
            "edit", {"step": index + 1, "call": edited.to_json(), "verdict": verdict.to_json()}
        )
        return edited, verdict

    def _reopen_blocked_edit(
        self, state: TurnState, index: int, call: Call, verdict: Verdict
    ) -> tuple[Call, Verdict] | None:
        """An edit the guardrail blocks is offered for editing again, until it passes or
        the person gives up (None). A blocked call is never sent from here."""
        while not verdict.allowed:
            request = ConfirmRequest(
                "edit-again", index + 1, len(state.plan.steps), call, self._endpoint(call), verdict
            )
            reply = self.confirm(request)
            self._record_decision(index + 1, reply, kind="edit-again")
            if reply.decision != "edit" or reply.call is None:
                return None
            call, verdict = self._recheck_edit(state, index, reply.call)
        return call, verdict

    def _send(self, state: TurnState, step: int, request: httpx.Request, call: Call) -> Result:
        extra: dict[str, Any] = {}
        try:
            with self.hooks.activity(f"Step {step}: {request.method} {request.url.path}"):
                if call.all_pages:
                    result = self._walk_pages(step, self._filled(call, state.responses), extra)
                else:
                    self._record_request(step, request)
                    result = self.executor.send(request, step, on_retry=self._on_retry(step))
        except KeyboardInterrupt:
            result = Result(step=step, status="interrupted", error="interrupted by Ctrl-C")
        except AssistantError as exc:
            result = _error_result(step, exc)
        if result.status == "interrupted":
            return self._interrupted(state, result)
        self.transcript.record("response", _response_record(result) | extra)
        if result.status == "ok":
            state.responses[step] = result.body
        return result

    def _walk_pages(self, step: int, call: Call, extra: dict[str, Any]) -> Result:
        """Every page of a list GET, up to the page cap; `extra` gets the page count."""
        started, walk = time.perf_counter(), _Walk()
        cap = self.settings.page_cap

        def on_request(request: httpx.Request) -> None:
            walk.pages += 1
            self._record_request(step, request)

        def progress(done: int, total: int | None) -> None:
            walk.total = total
            expected = None if total is None else min(total, cap)
            self.hooks.progress(Progress("pages", step, done, expected, walk.pages))

        endpoint = self._endpoint(call)
        items = self.executor.paginate(
            call, cap, progress, endpoint, on_request=on_request, on_retry=self._on_retry(step)
        )
        capped = len(items) >= cap and (walk.total is None or walk.total > cap)
        extra.update(pages=walk.pages, page_cap=cap, capped=capped)
        body: dict[str, Any] = {"data": items, "total_count": walk.total or len(items)}
        if capped:  # more may exist: the display says so and names the setting
            body["page_cap_reached"] = cap
        return Result(step, "ok", http_status=200, body=body, duration_ms=_ms_since(started))

    def _interrupted(self, state: TurnState, result: Result) -> Result:
        """Ctrl-C while a request ran: say so; Clerk may or may not have applied it."""
        state.turn.interrupted = True
        self.transcript.record("interrupted", {"step": result.step, "message": result.error})
        return result

    def _step_error(self, step: int, message: str) -> Result:
        self.transcript.record("error", {"step": step, "outcome": "error", "error": message})
        return Result(step=step, status="error", error=message)

    def _prepare(self, call: Call, responses: dict[int, Any]) -> httpx.Request:
        if self.toggles.dry_run:
            call = _placeholders_for_references(call, responses)
        return self.executor.prepare(call, responses)

    def _confirm_request(
        self, state: TurnState, index: int, call: Call, verdict: Verdict, request: httpx.Request
    ) -> ConfirmRequest:
        from . import render

        endpoint = self._endpoint(call)
        filled = self._filled(call, state.responses)
        return ConfirmRequest(
            kind="step",
            step=index + 1,
            total=len(state.plan.steps),
            call=call,
            endpoint=endpoint,
            verdict=verdict,
            request=request,
            curl=render.curl(request),
            note=state.plan.note,
            dry_run=self.toggles.dry_run,
            filled=filled,
            state=self._state_diff(state.turn, index + 1, filled),
        )

    def _state_diff(self, turn: Turn, step: int, filled: Call) -> StateDiff | None:
        """Read what a write will change (a GET, recorded, not asked) and diff it."""
        from . import before

        if self.toggles.dry_run:
            found = before.dry_run_state(filled, self.catalog)
        else:
            found = before.state_for(
                filled, self.catalog, self._check_call, functools.partial(self._read, step)
            )
        if found is not None:
            self.transcript.record("before", before.before_record(step, filled, found))
            turn.diffs[step] = found.to_json()
        return found

    def _check_call(self, call: Call) -> Verdict:
        return self.check(Plan((call,)))[0]

    def _read(self, step: int, get: Call) -> Result:
        try:
            request = self.executor.prepare(get, {})
        except AssistantError as exc:
            return Result(step=step, status="error", error=str(exc))
        self._record_request(step, request)
        result = self.executor.send(request, step)
        self.transcript.record("response", _response_record(result) | {"purpose": "before"})
        return result

    def _filled(self, call: Call, responses: dict[int, Any]) -> Call:
        """The call with `{{N.path}}` replaced by the values that will be sent."""
        if self.toggles.dry_run:
            return _placeholders_for_references(call, responses)
        return dataclasses.replace(
            call,
            path_params=resolve(call.path_params, responses),
            query=resolve(call.query, responses),
            body=resolve(call.body, responses),
        )

    def _record_request(self, step: int, request: httpx.Request) -> None:
        record_request = getattr(self.transcript, "record_request", None)
        if record_request is not None:  # the transcript's own form: headers, key redacted
            record_request(step, request)
        else:
            self.transcript.record("request", _request_record(step, request))

    def _on_retry(self, step: int) -> Callable[[httpx.Request, int, str], None]:
        """Each repeated wire attempt of `step` is its own request record."""
        from .transcript import retry_recorder

        return retry_recorder(self.transcript, step)

    def _record_decision(self, step: int, reply: ConfirmReply, kind: str = "step") -> None:
        data: dict[str, Any] = {"step": step, "kind": kind, "answer": reply.decision}
        data["by"] = reply.by
        if reply.remaining:
            data["remaining"] = True  # "all": the remaining non-destructive steps too
        if reply.typed is not None:
            data["typed"] = reply.typed
        self.transcript.record("decision", data)

    def _endpoint(self, call: Call) -> Endpoint | None:
        return self.catalog.get(call.method, call.path)

    # ------------------------------------------------------------------ guardrail

    def policy(self, admin: bool | None = None) -> Any:
        from .guardrail import Policy, parse_scopes

        return Policy(
            scopes=parse_scopes(self.toggles.scopes),
            admin=self.toggles.admin if admin is None else admin,
            auto_reads=self.toggles.auto_reads,
            production=self.settings.instance_kind == "production",
            page_cap=self.settings.page_cap,
            set_cap=self.settings.set_cap,
        )

    def check(self, plan: Plan, admin: bool | None = None) -> list[Verdict]:
        from .guardrail import check

        return check(plan, self.policy(admin), self.catalog)

    # ------------------------------------------------------------------ context

    def resume(self, transcript: str) -> Turn:
        """Finish the interrupted set recorded in `transcript` (see set_session.py)."""
        from .set_session import resume_set

        return resume_set(self, transcript)

    def _remember_decline(self, turn: Turn, call: Call, reason: str) -> None:
        self.transcript.record("declined", {"call": call.to_json(), "reason": reason})

    def history(self) -> list[Any]:
        """Earlier turns for the planner: request, plan, decision (declines too), results."""
        from .planning.base import HistoryItem, digest_results

        return [
            HistoryItem(
                request=turn.text,
                output=turn.output,
                decision=_decision_of(turn),
                digest=digest_results(r for r in turn.results if r.status == "ok"),
            )
            for turn in self.turns
            if turn.output is not None
        ]

    def _plan_context(self, answering: Any = None) -> Any:
        from .planning.base import PlanContext

        return PlanContext(
            catalog=self.catalog,
            history=self.history(),
            now=datetime.now(timezone.utc),
            answering=answering,
        )

    # ------------------------------------------------------------------ switches

    def set_admin(self, on: bool) -> None:
        self.toggles.admin = on
        self._record_setting("admin", on)

    def set_scopes(self, text: str | None) -> None:
        from .guardrail import unknown_scopes_message

        problem = unknown_scopes_message(text)  # before anything changes
        if problem:
            raise ConfigError(problem + "; nothing changed")
        self.toggles.scopes = text or None
        self._record_setting("scopes", self.toggles.scopes)

    def set_auto_reads(self, on: bool) -> None:
        self.toggles.auto_reads = on
        self._record_setting("auto_reads", on)

    def set_dry_run(self, on: bool) -> None:
        self.toggles.dry_run = on
        self._record_setting("dry_run", on)

    def set_planner(self, name: str) -> None:
        if name not in ("local", "claude"):
            raise ConfigError(f"unknown planner {name!r}: use local or claude")
        if self._planner_factory is None:
            raise ConfigError("this session cannot switch planners")
        settings = dataclasses.replace(self.settings, planner=name)
        self.planner = self._planner_factory(settings)
        self.settings = settings
        self._record_setting("planner", name)

    def set_version(self, version: str) -> None:
        if self._catalog_loader is None:
            raise ConfigError("this session cannot switch spec versions")
        self.catalog = self._catalog_loader(version)
        self.settings = dataclasses.replace(self.settings, spec_version=self.catalog.version)
        self._record_setting("spec_version", self.catalog.version)

    def _record_setting(self, name: str, value: Any) -> None:
        self.transcript.record("setting", {"name": name, "value": value})

    @property
    def last_turn(self) -> Turn | None:
        return self.turns[-1] if self.turns else None


# ---------------------------------------------------------------------- pure helpers


def _is_auto_read(call: Call, verdict: Verdict) -> bool:
    """With auto-reads on, allowed GETs the guardrail asks no confirmation for just run."""
    return call.method == "GET" and verdict.allowed and verdict.confirm == "none"


def _as_recorded(verdict: Verdict, reply: ConfirmReply) -> ConfirmReply:
    """A typed answer that is not the id ("y") is recorded as the decline it is."""
    if reply.decision == "typed" and not confirmed(verdict, reply):
        return dataclasses.replace(reply, decision="no")
    return reply


def _covered_by_all(verdict: Verdict) -> bool:
    """What "all" confirms: allowed steps that need a plain yes (never the typed id, nor
    a step allowed only by admin mode: that one is asked about on its own)."""
    plain_yes = verdict.confirm != "typed" and verdict.risk != "destructive"
    return verdict.allowed and plain_yes and not verdict.admin_bypass


def _missing_text(verdict: Verdict) -> str:
    missing = ", ".join(verdict.missing_scopes) or "a scope"
    return (
        f"missing scope {missing}: grant it (--scopes, CLERK_BAPI_SCOPES or /scopes) "
        "or use admin mode (--admin or /admin)"
    )


def _error_result(step: int, exc: AssistantError) -> Result:
    return Result(
        step=step,
        status="error",
        http_status=getattr(exc, "status", None),
        body=getattr(exc, "body", None),
        error=str(exc),
    )


def _placeholders_for_references(call: Call, responses: dict[int, Any]) -> Call:
    """Dry-run steps never get responses, so show `<step1.id>` instead of resolving (one
    path segment: no space, so the executor builds the URL it shows)."""

    def swap(value: Any) -> Any:
        if isinstance(value, str):
            return REFERENCE.sub(_placeholder_text(responses), value)
        if isinstance(value, dict):
            return {k: swap(v) for k, v in value.items()}
        if isinstance(value, list):
            return [swap(v) for v in value]
        return value

    return dataclasses.replace(
        call, path_params=swap(call.path_params), query=swap(call.query), body=swap(call.body)
    )


def _placeholder_text(responses: dict[int, Any]) -> Callable[[re.Match[str]], str]:
    def text(match: re.Match[str]) -> str:
        if int(match.group(1)) in responses:
            return match.group(0)
        return f"<step{match.group(1)}{match.group(2)}>"

    return text


def _proposal_record(step: int, call: Call, shown: ConfirmRequest) -> dict[str, Any]:
    return {"step": step, "call": call.to_json(), "curl": shown.curl, "dry_run": shown.dry_run}


def _request_record(step: int, request: httpx.Request) -> dict[str, Any]:
    return {
        "step": step,
        "method": request.method,
        "url": str(request.url),
        "body": request.content.decode("utf-8", "replace") if request.content else None,
    }


def _response_record(result: Result) -> dict[str, Any]:
    return {
        "step": result.step,
        "status": result.http_status,
        "outcome": result.status,
        "body": result.body,
        "error": result.error,
        "duration_ms": result.duration_ms,
    }


def _decision_of(turn: Turn) -> str | None:
    statuses = {r.status for r in turn.results}
    for decision in ("declined", "blocked"):
        if decision in statuses:
            return decision
    return "confirmed" if "ok" in statuses else None


def _ms_since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)
