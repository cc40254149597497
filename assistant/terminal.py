"""All terminal input and output: the only module that imports prompt_toolkit or rich.

One `Terminal` object (like aider's InputOutput) reads lines, asks confirmations, draws
proposals and results, and runs spinners. Its prompt_toolkit input/output and its rich
output stream are injectable, so tests drive it with `create_pipe_input()` and
`DummyOutput()` and read what it printed from a StringIO.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime, timezone
from html import escape as html_escape
from pathlib import Path
from typing import Any, TextIO

from prompt_toolkit import PromptSession
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document
from prompt_toolkit.formatted_text import HTML
from prompt_toolkit.history import FileHistory, InMemoryHistory
from prompt_toolkit.input import Input
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.output import ColorDepth, Output
from rich.console import Console
from rich.json import JSON
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.progress import Progress as RichProgress
from rich.status import Status
from rich.syntax import Syntax
from rich.table import Table as RichTable
from rich.text import Text

from . import commands
from .diff import StateDiff, diff_lines
from .files import atomic_write
from .models import HTTP_METHODS, Answer, Call, Clarification, Plan, Result, Turn, Verdict
from .people import full_name, primary_email
from .safe_text import clean, clean_data, escaped
from .secret_text import redact_prose
from .session import ConfirmReply, ConfirmRequest, Progress, Session, SessionHooks
from .transcript import redact_text

PAGE_ROWS = 20  # rows of a list shown at once in the REPL before asking for more
# Columns people copy or scan as one token: never folded across lines.
UNBROKEN = {"id", "user", "primary email", "email", "created", "last sign-in", "last active"}
RISK_STYLE = {"read": "bold green", "write": "bold yellow", "destructive": "bold white on red"}
HINTS = {
    400: "check the parameters and body against /detail",
    401: "the secret key was refused: check CLERK_SECRET_KEY (dashboard.clerk.com → API keys)",
    403: "the key or instance may not allow this",
    404: "check the id: it may belong to another instance or be deleted",
    422: "the body did not pass Clerk's validation: see the message above and /detail",
    429: "rate limited: wait a moment and try again",
}


class Terminal:
    def __init__(
        self,
        *,
        input: Input | None = None,
        output: Output | None = None,
        stream: TextIO | None = None,
        history_file: Path | None = None,
        env: Mapping[str, str] | None = None,
        width: int | None = None,
        force_terminal: bool | None = None,
        paged: bool = False,
    ) -> None:
        self.env = dict(os.environ if env is None else env)
        self.no_color = "NO_COLOR" in self.env
        self.console = Console(
            file=stream,
            no_color=self.no_color,
            highlight=False,
            width=width,
            soft_wrap=False,
            force_terminal=force_terminal,
        )
        self.paged = paged  # long lists a page at a time (the REPL), or all at once
        self._input, self._output = input, output
        self._history_file = history_file
        self.session: Session | None = None
        self._prompt: PromptSession[str] | None = None  # built on first use: a script that
        self._ask: PromptSession[str] | None = None  # only prints needs no terminal input
        self._status: Status | None = None  # the spinner of the running activity
        self._pages: tuple[RichProgress, TaskID] | None = None  # a page walk's live bar

    # ------------------------------------------------------------------ set-up

    def _depth(self) -> ColorDepth | None:
        return ColorDepth.DEPTH_1_BIT if self.no_color else None

    def _line_prompt(self) -> PromptSession[str]:
        if self._prompt is None:
            self._prompt = self._prompt_session(self._history_file)
        return self._prompt

    def _answer_prompt(self) -> PromptSession[str]:
        if self._ask is None:
            self._ask = PromptSession(
                input=self._input, output=self._output, color_depth=self._depth()
            )
        return self._ask

    def _prompt_session(self, history_file: Path | None) -> PromptSession[str]:
        history: InMemoryHistory | FileHistory = InMemoryHistory()
        if history_file is not None:
            history = PrivateHistory(history_file, self._secrets)
        return PromptSession(
            history=history,
            auto_suggest=AutoSuggestFromHistory(),
            completer=SlashCompleter(self),
            complete_while_typing=False,
            bottom_toolbar=self.toolbar,
            key_bindings=_key_bindings(),
            input=self._input,
            output=self._output,
            color_depth=self._depth(),
        )

    def _secrets(self) -> tuple[str, ...]:
        key = self.session.settings.secret_key if self.session is not None else None
        return (key,) if key else ()

    def bind(self, session: Session) -> SessionHooks:
        """Attach to a session; returns the hooks (spinner, live results) it should use."""
        self.session = session
        return SessionHooks(activity=self.activity, notify=self.notify, progress=self.progress)

    # ------------------------------------------------------------------ reading

    def read(self) -> str:
        """One request or command. Ctrl-C clears the line (returns ""); Ctrl-D raises EOFError."""
        try:
            # a pasted byte that is not UTF-8 arrives as a lone surrogate: shown escaped
            return escaped(self._line_prompt().prompt(HTML("<b>clerk› </b>")))
        except KeyboardInterrupt:
            return ""

    def ask(self, message: str, default: str = "") -> str:
        """A short answer. Ctrl-C or Ctrl-D mean "no answer" ("")."""
        try:
            return escaped(self._answer_prompt().prompt(message, default=default).strip())
        except (KeyboardInterrupt, EOFError):
            return ""

    def toolbar(self) -> HTML:
        session = self.session
        if session is None:
            return HTML("")
        return HTML("  ".join(_toolbar_parts(session)))

    # ------------------------------------------------------------------ confirming

    def confirm(self, request: ConfirmRequest) -> ConfirmReply:
        if request.kind == "admin-retry":
            return self._confirm_admin(request)
        if request.kind == "edit-again":
            return self._edit_again(request)
        self.show_proposal(request)
        while True:
            reply = self._ask_decision(request)
            if reply is not None:
                return reply

    def _confirm_admin(self, request: ConfirmRequest) -> ConfirmReply:
        missing = ", ".join(request.verdict.missing_scopes)
        self.console.print(
            f"[bold red]Step {request.step} is blocked[/]: {request.call.method} "
            f"{request.call.path} needs scope [bold]{missing}[/], which is not granted."
        )
        answer = self.ask(f"Retry step {request.step} as admin (recorded)? [y/N] ")
        return ConfirmReply("yes" if answer.lower() in ("y", "yes") else "no")

    def _edit_again(self, request: ConfirmRequest) -> ConfirmReply:
        """The edit was blocked: say why and open it again (an empty answer gives up)."""
        self._show_verdict(request.verdict)
        self.console.print("[bold red]The edited call is blocked.[/] Edit it again, or clear it.")
        return self.edit(request) or ConfirmReply("no")

    def _ask_decision(self, request: ConfirmRequest) -> ConfirmReply | None:
        verdict = request.verdict
        if verdict.confirm == "typed":
            return self._ask_typed(request)
        default = "y" if verdict.risk == "read" else "n"
        choices = "Y/n/e/x" if default == "y" else "y/N/e/x"
        more = "/a" if request.step < request.total else ""  # "all": the rest too
        answer = (self.ask(f"Run step {request.step}? [{choices}{more}] ") or default).lower()
        return self._choice(request, answer, default)

    def _choice(self, request: ConfirmRequest, answer: str, default: str) -> ConfirmReply | None:
        if answer in ("y", "yes"):
            return ConfirmReply("yes")
        if answer in ("a", "all") and request.step < request.total:
            return ConfirmReply("yes", remaining=True)
        if answer in ("n", "no"):
            return ConfirmReply("no")
        if answer in ("e", "edit"):
            return self.edit(request)
        if answer in ("x", "explain"):
            self.explain(request)
            return None
        rest = (
            ", a (this and the remaining non-destructive steps)"
            if request.step < request.total
            else ""
        )
        self.console.print(f"Answer y (yes), n (no), e (edit), x (explain){rest}.")
        return None

    def _ask_typed(self, request: ConfirmRequest) -> ConfirmReply | None:
        token = request.verdict.typed_token or ""
        self.console.print(
            f"[bold red]This cannot be undone.[/] Type [bold]{escape(clean(token))}[/] to run it, "
            "n to skip, e to edit, x to explain."
        )
        answer = self.ask(f"Confirm step {request.step}: ")
        if answer.lower() in ("", "n", "no"):
            return ConfirmReply("no")
        if answer.lower() in ("y", "yes", "a", "all"):
            self.console.print(
                f"[yellow]{escape(answer)} is not enough here:[/] type the id "
                f"[bold]{token}[/] itself to run this irreversible step, or n to skip."
            )
            return None
        if answer.lower() in ("e", "x", "edit", "explain"):
            return self._choice(request, answer.lower(), "n")
        return ConfirmReply("typed", typed=answer)

    def edit(self, request: ConfirmRequest) -> ConfirmReply | None:
        """The [e]dit answer: the call as JSON in $EDITOR (a real terminal) or inline."""
        original = json.dumps(request.call.to_json(), ensure_ascii=False)
        text = self._edit_text(original)
        try:
            edited = Call.from_json(json.loads(text))
        except (ValueError, KeyError, TypeError) as exc:
            self.console.print(f"[red]Not a valid call:[/] {escape(str(exc))}. Nothing changed.")
            return None
        return ConfirmReply("edit", call=edited)

    def _edit_text(self, original: str) -> str:
        editor = self.env.get("EDITOR")
        if editor and self._input is None:
            return _run_editor(editor, original)
        self.console.print("Edit the call as JSON (method, path, path_params, query, body):")
        return self.ask("call> ", default=original) or original

    def explain(self, request: ConfirmRequest) -> None:
        why = request.call.why or "(the planner gave no reason)"
        self.console.print(f"[bold]Why:[/] {escape(clean(why))}")
        if request.note:
            self.console.print(f"[bold]Plan note:[/] {escape(clean(request.note))}")
        if request.endpoint is not None:
            self.console.print(commands.describe_endpoint(request.endpoint), markup=False)

    # ------------------------------------------------------------------ proposals

    def show_proposal(self, request: ConfirmRequest) -> None:
        call, verdict = request.call, request.verdict
        url = str(request.request.url) if request.request is not None else call.path
        label = "Dry run" if request.dry_run else "Step"
        self.console.print()
        self.console.print(
            f"[bold]{label} {request.step}/{request.total}[/]  "
            f"[{_method_style(call.method)}]{call.method}[/] {escape(clean(url))}"
        )
        if request.endpoint is not None:
            self.console.print(f"[dim]{escape(request.endpoint.summary)}[/]")
        self._show_host()
        self._show_params(request.shown_call)
        self._show_body(request.shown_call)
        if request.state is not None:
            self.show_state_diff(request.state)
        # values filled from a response may carry control sequences: stripped before shown
        self.console.print(Syntax(clean(request.curl), "bash", word_wrap=True, theme="ansi_dark"))
        if request.sdk:
            sdk = clean(request.sdk)
            self.console.print(Syntax(sdk, "python", word_wrap=True, theme="ansi_dark"))
        self._show_verdict(verdict)

    def _show_host(self) -> None:
        host = self.session.settings.other_api_host if self.session is not None else None
        if host:
            self.console.print(f"[bold yellow]API host: {escape(host)}[/] (not api.clerk.com)")

    def show_state_diff(self, state: StateDiff) -> None:
        """A write's effect: the fields it changes, old → new, or why that is not shown."""
        if not state.available:
            self.console.print(f"[dim]Before/after not shown: {escape(state.reason)}.[/]")
            return
        self.console.print(f"[bold]Before → after[/] [dim](read with {escape(state.read)})[/]")
        if state.gone:
            self.console.print(f"  [bold red]gone:[/] {escape(clean(state.gone))}")
        for line in diff_lines(state.changes):
            self.console.print(f"  {clean(line)}", markup=False)  # values from a response
        if not state.changes and not state.gone:
            self.console.print("  [dim](no visible change to the object read)[/]")
        for warning in state.warnings:
            self.console.print(f"  [bold yellow]warning:[/] {escape(clean(warning))}")

    def _show_params(self, call: Call) -> None:
        rows = [(k, "path", _text(v)) for k, v in call.path_params.items()]
        rows += [(k, "query", _text(v)) for k, v in call.query.items()]
        if rows:
            self.console.print(_rich_table(("parameter", "in", "value"), rows))

    def _show_body(self, call: Call) -> None:
        if call.body is not None:
            self.console.print(JSON(json.dumps(clean_data(call.body), ensure_ascii=False)))

    def _show_verdict(self, verdict: Verdict) -> None:
        badge = f"[{RISK_STYLE[verdict.risk]}] {verdict.risk.upper()} [/]"
        state = "[green]allowed[/]" if verdict.allowed else "[bold red]BLOCKED[/]"
        if verdict.admin_bypass:
            state += " [bold red](admin bypass)[/]"
        needed = ", ".join(verdict.required_scopes) or "none"
        held = self._held_scopes()
        self.console.print(f"{badge} {state}  scopes needed: {needed}  held: {held}")
        for label, items in (
            ("missing scope", verdict.missing_scopes),
            ("problem", verdict.problems),
            ("effect", verdict.effects),
            ("warning", verdict.warnings),
        ):
            for item in items:
                self.console.print(f"  [bold]{label}:[/] {escape(item)}")

    def _held_scopes(self) -> str:
        if self.session is None:
            return "?"
        return self.session.toggles.scopes or "read"

    # ------------------------------------------------------------------ results

    def notify(self, kind: str, payload: Any) -> None:
        if kind == "result":
            self.show_result(payload)
        elif kind == "preview":
            self.show_proposal(payload)
        elif kind == "overview":
            self.show_overview(payload)
        elif kind == "question-dropped":
            self.console.print(
                f"[yellow]Dropped the open question[/] ({escape(payload)}): "
                "this is planned as a new request."
            )

        elif kind == "set_preview":
            self.show_set_preview(payload)

    def show_overview(self, overview: Any) -> None:
        """The whole plan, one line a step, before the first step is shown or sent."""
        lines = overview.lines()
        self.console.print()
        self.console.print(f"[bold]{escape(lines[0])}[/]")
        for line in lines[1:]:
            style = "yellow" if line.lstrip().startswith("not used:") else ""
            self.console.print(f"[{style}]{escape(line)}[/]" if style else escape(line))

    def show_turn(self, turn: Turn) -> None:
        """What is left to say after the steps' own results were shown as they came."""
        if turn.error:
            self.error(turn.error)
        output = turn.output
        if isinstance(output, Clarification):
            self.console.print(f"[bold cyan]?[/] {escape(clean(output.question))}")
            if self.session is not None and self.session.pending is not None:
                self.console.print("[dim]Answer it on the next line, or type a new request.[/]")
        elif isinstance(output, Answer):
            self.console.print(clean(output.text), markup=False)
        elif isinstance(output, Plan):
            self._show_ending(turn)

    def _show_ending(self, turn: Turn) -> None:
        if turn.not_run:
            steps = ", ".join(str(s) for s in turn.not_run)
            self.console.print(f"[yellow]Not run:[/] step(s) {steps}")
        if turn.interrupted:
            self.console.print("[yellow]Interrupted.[/] The transcript keeps what happened.")
        if turn.dry_run:
            self.console.print("[cyan]Dry run:[/] nothing was sent.")

    def show_result(self, result: Result) -> None:
        if _set_summary(result.body) is not None:
            self.show_set_summary(result)
            return
        if result.status == "ok":
            self._show_body_result(result)
        elif result.status == "error":
            self._show_error(result)
        elif result.status in ("blocked", "declined", "interrupted"):
            colour = "red" if result.status == "blocked" else "yellow"
            reason = escape(clean(result.error or ""))
            self.console.print(f"[{colour}]Step {result.step} {result.status}:[/] {reason}")

    def _show_body_result(self, result: Result) -> None:
        status = f"HTTP {result.http_status}" if result.http_status else "ok"
        self.console.print(f"[green]✓ Step {result.step}[/] {status}")
        items, total = _list_items(result.body)
        if items is not None:
            self.show_list(items, total)
            self._show_page_cap(result.body)
        elif isinstance(result.body, dict):
            summary = escape(clean(_summary(result.body)))
            self.console.print(summary + f"  [dim](full JSON: {self._json_hint})[/]")

    def show_list(self, items: list[Any], total: int | None = None) -> None:
        """A table, a page at a time when asking is possible; all rows for scripts."""
        columns, rows = list_rows(items)
        size = PAGE_ROWS if self.paged else max(len(rows), 1)
        for start in range(0, max(len(rows), 1), size):
            self.console.print(_rich_table(columns, rows[start : start + size]))
            left = len(rows) - start - size
            if left > 0 and self.ask(f"-- {left} more: Enter shows them, q stops -- ") == "q":
                break
        count = total if total is not None else len(items)
        beyond = f" of {count} (fetch more with limit/offset)" if count > len(items) else ""
        self.console.print(f"[dim]{len(items)} item(s){beyond}; full JSON: {self._json_hint}[/]")

    @property
    def _json_hint(self) -> str:
        """/json exists only in the REPL (the paged terminal); `ask` has --json."""
        return "/json" if self.paged else "ask --json"

    def _show_page_cap(self, body: Any) -> None:
        cap = body.get("page_cap_reached") if isinstance(body, dict) else None
        if cap:
            self.console.print(
                f"[yellow]Stopped at the page cap ({cap} items); more may exist.[/] "
                "Raise CLERK_ASSISTANT_PAGE_CAP to collect more."
            )

    def _show_error(self, result: Result) -> None:
        clerk = _clerk_error(result.body)
        message = clerk.get("message") or result.error or "request failed"
        status = f" (HTTP {result.http_status})" if result.http_status else ""
        shown = escape(clean(str(message)))
        self.console.print(f"[bold red]✗ Step {result.step}{status}:[/] {shown}")
        if clerk.get("long_message") and clerk["long_message"] != message:
            self.console.print("  " + clean(str(clerk["long_message"])), markup=False)
        tags = [f"code {clean(str(clerk['code']))}" if clerk.get("code") else ""]
        tags.append(f"trace {clean(str(clerk['trace_id']))}" if clerk.get("trace_id") else "")
        if any(tags):
            self.console.print("  [dim]" + escape(" · ".join(t for t in tags if t)) + "[/]")
        hint = HINTS.get(result.http_status or 0)
        if hint:
            self.console.print(f"  [dim]hint: {hint}[/]")

    # ------------------------------------------------------------------ commands

    def show_output(self, output: commands.Output) -> None:
        if output.confirm:
            self._show_confirmed(output)
            return
        if output.clear:
            self.console.clear()
        if output.text:
            self.console.print(clean(output.text), markup=False)
        if output.table is not None:
            table = output.table
            self.console.print(_rich_table(table.columns, table.rows, table.title))
        if output.data is not None:
            self.console.print(JSON(commands.dumps(clean_data(output.data))))

    def _show_confirmed(self, output: commands.Output) -> None:
        """A command that asks first (e.g. /admin on in production): act only on a yes."""
        if self.ask(output.confirm).lower() in ("y", "yes") and output.confirmed is not None:
            self.show_output(output.confirmed())
        else:
            self.console.print("Nothing changed.")

    def say(self, text: str) -> None:
        self.console.print(clean(text), markup=False)

    def error(self, text: str) -> None:
        self.console.print(f"[bold red]error:[/] {escape(clean(text))}")

    @contextlib.contextmanager
    def activity(self, label: str) -> Iterator[None]:
        """A spinner while it runs; a page walk swaps it for a progress bar (see progress)."""
        with self.console.status(label, spinner="dots") as status:
            self._status = status
            try:
                yield
            finally:
                self._status = None
                self._end_page_bar()

    # ------------------------------------------------------------------ progress

    def progress(self, event: Progress) -> None:
        if event.kind == "set":
            self._set_bar(event)
        elif event.kind == "pages":
            self._page_bar(event)
        else:
            self.console.print(_static_bar(event))

    def _page_bar(self, event: Progress) -> None:
        if self._pages is None:
            if self._status is not None:  # rich shows one live display at a time
                self._status.stop()
            bar = _progress_bar(self.console, "items")
            bar.start()
            self._pages = bar, bar.add_task("", total=event.total)
        bar, task = self._pages
        label = f"Step {event.step}: {event.pages} page(s)"
        bar.update(task, completed=event.done, total=event.total, description=label, refresh=True)

    def _end_page_bar(self) -> None:
        if self._pages is not None:
            bar, task = self._pages
            done = bar.tasks[0].completed
            bar.update(task, total=max(done, bar.tasks[0].total or 0), refresh=True)
            bar.stop()
            self._pages = None

    # ------------------------------------------------------------------ set steps

    def show_set_preview(self, request: ConfirmRequest) -> None:
        """Before a set is confirmed: how many items, the first of them, the call per item."""
        preview = request.set_preview
        call = preview.template
        self.console.print()
        self.console.print(
            f"[bold]Step {request.step}/{request.total}: a set[/]  " + _set_line(preview)
        )
        if preview.rows:
            columns = list(preview.rows[0])
            rows = [[row.get(c, "") for c in columns] for row in preview.rows]
            self.console.print(_rich_table(columns, rows))
        if preview.count > len(preview.rows):
            self.console.print(f"[dim]… and {preview.count - len(preview.rows)} more[/]")
        for line in preview.skipped:
            self.console.print(f"  [yellow]not sent:[/] {escape(clean(line))}")
        if preview.first_change is not None and preview.first_change.available:
            self.console.print("[bold]First item:[/]")
            self.show_state_diff(preview.first_change)
        per = f"{call.method} {call.path}"
        self.console.print(
            f"Call per {_unit_noun(call)}: [bold]{escape(per)}[/]", _set_values(call)
        )

    def show_set_summary(self, result: Result) -> None:
        summary = _set_summary(result.body) or {}
        failed = summary.get("failed") or []
        colour = "green" if result.status == "ok" else "yellow"
        self.console.print(
            f"[{colour}]Step {result.step} set:[/] {summary.get('done', 0)} done, "
            f"{summary.get('failed_items', len(failed))} failed, "
            f"{summary.get('not_sent', 0)} not sent, "
            f"{len(summary.get('skipped') or [])} skipped  "
            f"[dim]({summary.get('seconds', 0):g} s, "
            f"{summary.get('rate_limited', 0)} 429s absorbed)[/]"
        )
        for failure in failed[:PAGE_ROWS]:
            keys = ", ".join(failure.get("keys") or [])
            self.console.print(
                f"  [red]failed[/] {escape(keys)}: {escape(str(failure.get('error')))}"
            )
        if summary.get("interrupted"):
            self.console.print("[yellow]Stopped by Ctrl-C.[/] Finish it with /resume TRANSCRIPT.")

    def _set_bar(self, event: Progress) -> None:
        if self._pages is None:
            if self._status is not None:  # rich shows one live display at a time
                self._status.stop()
            bar = _set_progress_bar(self.console)
            bar.start()
            self._pages = bar, bar.add_task(f"Step {event.step}", total=event.total, rate="")
        bar, task = self._pages
        elapsed = bar.tasks[0].elapsed or 0.0
        rate = f"{event.done / elapsed:.1f} req/s" if elapsed > 0 else ""
        bar.update(task, completed=event.done, total=event.total, rate=rate, refresh=True)


# ---------------------------------------------------------------------- set steps


def _set_summary(body: Any) -> dict[str, Any] | None:
    summary = body.get("set") if isinstance(body, dict) else None
    return summary if isinstance(summary, dict) else None


def _set_line(preview: Any) -> str:
    call = preview.template
    for_each = call.for_each
    where = (
        " and ".join(f"{c.field} {c.op} {c.value!r}" for c in for_each.where) if for_each else ""
    )
    if not preview.known:
        return "items not known: a dry run does not fetch the list" + (
            f" (where {where})" if where else ""
        )
    text = f"[bold]{preview.count}[/] item(s)"
    text += (
        f" of {preview.listed} listed" if preview.listed and preview.listed != preview.count else ""
    )
    text += f" where {escape(where)}" if where else ""
    text += f" in {preview.units} request(s)" if preview.units != preview.count else ""
    if preview.resumed_from:
        text += f" [dim](resuming {escape(preview.resumed_from)})[/]"
    return text


def _condition_value(condition: Any) -> str:
    """A timestamp condition's value as a date (the person said a date, not ms)."""
    value = condition.value
    if condition.field.endswith("_at") and isinstance(value, int) and value > 10**11:
        return datetime.fromtimestamp(value / 1000, timezone.utc).strftime("%Y-%m-%d %H:%M")
    return repr(value)


def _unit_noun(call: Call) -> str:
    batch = call.for_each.batch if call.for_each else None
    return f"batch of up to {batch}" if batch else "item"


def _set_values(call: Call) -> str:
    values = {**call.path_params, **call.query}
    parts = [f"{k}={v}" for k, v in values.items()]
    if call.body is not None:
        parts.append(json.dumps(call.body, ensure_ascii=False))
    return escape("  ".join(parts))


def _set_progress_bar(console: Console) -> RichProgress:
    """Count, rate and time left of a set: requests answered out of requests to send."""
    return RichProgress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("requests  {task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console,
        auto_refresh=False,
    )


# ---------------------------------------------------------------------- progress bars


def _progress_bar(console: Console | None, unit: str) -> RichProgress:
    """Description, bar, and `done/total unit` (items of a page walk, steps of a plan)."""
    return RichProgress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(unit),
        console=console,
        auto_refresh=False,
    )


def _static_bar(event: Progress) -> Any:
    """The plan's bar printed once: between steps a prompt, not a live bar, owns the screen."""
    bar = _progress_bar(None, "steps")
    bar.add_task("Plan", total=event.total, completed=event.done)
    return bar.get_renderable()


# ---------------------------------------------------------------------- prompt parts


class PrivateHistory(FileHistory):
    """The REPL history file: mode 0600, and no line that carries a secret-shaped value.

    A line with a password field, an `sk_` key, a token or the session's own key is
    still in this session's memory (arrow-up works) but never reaches the file; a file
    written before this rule is rewritten without such lines when the REPL opens it.
    """

    def __init__(self, path: Path, secrets: Callable[[], tuple[str, ...]]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
        os.chmod(path, 0o600)  # a file made by an older version was world-readable
        super().__init__(str(path))
        self._path, self._known_secrets = path, secrets
        self._drop_stored_secrets()

    def store_string(self, string: str) -> None:
        if not self._carries_secret(string):
            super().store_string(string)

    def _carries_secret(self, line: str) -> bool:
        hidden = redact_prose(redact_text(line, self._known_secrets()))
        return hidden != line

    def _drop_stored_secrets(self) -> None:
        stored = list(self.load_history_strings())  # newest first
        kept = [line for line in stored if not self._carries_secret(line)]
        if len(kept) < len(stored):
            atomic_write(self._path, b"".join(_history_entry(line) for line in reversed(kept)))


def _history_entry(line: str) -> bytes:
    """One entry in FileHistory's format: a comment line, then each line prefixed "+"."""
    text = "\n# kept\n" + "".join(f"+{part}\n" for part in line.split("\n"))
    return text.encode("utf-8", errors="replace")


def _key_bindings() -> KeyBindings:
    bindings = KeyBindings()

    @bindings.add("escape", "enter")
    def _newline(event: KeyPressEvent) -> None:
        """Esc then Enter (or Alt+Enter) inserts a line break; Enter alone submits."""
        event.current_buffer.insert_text("\n")

    return bindings


class SlashCompleter(Completer):
    """/commands, their arguments (tags, endpoints, on/off), and paths after a METHOD."""

    def __init__(self, terminal: Terminal) -> None:
        self.terminal = terminal

    def get_completions(self, document: Document, event: CompleteEvent) -> Iterable[Completion]:
        session = self.terminal.session
        text = document.text_before_cursor
        if session is None:
            return
        if text.startswith("/"):
            yield from _complete_command(session, text)
        else:
            yield from _complete_path(session, text)


def _complete_command(session: Session, text: str) -> Iterator[Completion]:
    name, space, argument = text[1:].partition(" ")
    if not space:
        for command in commands.COMMANDS.values():
            if command.name.startswith(name):
                yield Completion("/" + command.name, -len(text), display_meta=command.help)
        return
    for choice in commands.argument_choices(session, name):
        if choice.lower().startswith(argument.lower()):
            yield Completion(choice, -len(argument))


def _complete_path(session: Session, text: str) -> Iterator[Completion]:
    method, space, path = text.partition(" ")
    if not space or method.upper() not in HTTP_METHODS or " " in path:
        return
    for endpoint in session.catalog:
        if endpoint.method == method.upper() and endpoint.path.startswith(path):
            yield Completion(endpoint.path, -len(path), display_meta=endpoint.summary)


def _toolbar_parts(session: Session) -> list[str]:
    settings, toggles = session.settings, session.toggles
    badge = _instance_badge(settings.instance_kind)
    host = settings.other_api_host
    if host:  # the key goes there: never let it pass unseen
        badge += f' <style fg="ansiyellow"><b>host {html_escape(host)}</b></style>'
    elif settings.instance_kind == "production":  # which production: the host says
        badge += f" {_escape_html(commands.production_host(session))}"
    parts = [badge, f"spec {session.catalog.version}"]
    planner = settings.planner_name
    parts.append(f"planner {planner}" + (f" ({settings.model})" if planner == "claude" else ""))
    parts.append(f"scopes {toggles.scopes or 'read'}")
    if toggles.admin:
        parts.append('<style bg="ansired" fg="ansiwhite"><b> ADMIN </b></style>')
    if toggles.dry_run:
        parts.append("<b>DRY-RUN</b>")
    if toggles.auto_reads:
        parts.append("auto-reads")
    parts.append("Esc+Enter: new line · Ctrl-D: exit · /help")
    return parts


def _escape_html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _instance_badge(kind: str) -> str:
    if kind == "production":
        return '<style bg="ansired" fg="ansiwhite"><b> PRODUCTION </b></style>'
    if kind == "sandbox":
        return "<b>sandbox</b>"
    return f"<b>{kind}</b>"


def _run_editor(editor: str, text: str) -> str:
    with tempfile.NamedTemporaryFile("w+", suffix=".json", delete=False) as handle:
        handle.write(json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n")
        path = handle.name
    try:
        subprocess.run([*editor.split(), path], check=False)
        return Path(path).read_text()
    finally:
        os.unlink(path)


# ---------------------------------------------------------------------- result tables


def _list_items(body: Any) -> tuple[list[Any] | None, int | None]:
    if isinstance(body, list):
        return body, None
    if isinstance(body, dict) and isinstance(body.get("data"), list):
        return body["data"], body.get("total_count")
    return None, None


def list_rows(items: list[Any]) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """Columns people look for, chosen by the items' Clerk `object` type."""
    first = items[0] if items and isinstance(items[0], dict) else {}
    kind = str(first.get("object", ""))
    columns = COLUMNS.get(kind) or _generic_columns(first)
    rows = [tuple(_cell(item, col) for col in columns) for item in items]
    return tuple(col for col in columns), rows


COLUMNS: dict[str, tuple[str, ...]] = {
    "user": ("id", "primary email", "name", "created", "last sign-in", "banned"),
    "organization": ("id", "name", "slug", "members"),
    "organization_invitation": ("id", "email", "role", "status"),
    "invitation": ("id", "email", "status", "created"),
    "session": ("id", "user", "status", "last active"),
    "organization_membership": ("id", "user", "role", "created"),
}


def _generic_columns(first: Mapping[str, Any]) -> tuple[str, ...]:
    scalars = [k for k, v in first.items() if not isinstance(v, dict | list) and k != "object"]
    return tuple(scalars[:5]) or ("value",)


def _cell(item: Any, column: str) -> str:
    if not isinstance(item, dict):
        return _text(item)
    getter = CELLS.get(column)
    return _text(getter(item) if getter else item.get(column))


CELLS: dict[str, Any] = {
    "primary email": primary_email,
    "name": lambda item: item.get("name") if "name" in item else full_name(item),
    "created": lambda item: _when(item.get("created_at")),
    "last sign-in": lambda item: _when(item.get("last_sign_in_at")),
    "last active": lambda item: _when(item.get("last_active_at")),
    "banned": lambda item: "banned" if item.get("banned") else "",
    "members": lambda item: item.get("members_count"),
    "email": lambda item: item.get("email_address"),
    "user": lambda item: item.get("user_id") or (item.get("public_user_data") or {}).get("user_id"),
}


def _when(millis: Any) -> str:
    if not isinstance(millis, int | float) or millis <= 0:
        return ""
    stamp = datetime.fromtimestamp(millis / 1000, tz=timezone.utc)
    return stamp.strftime("%Y-%m-%d %H:%M")


def _summary(body: Mapping[str, Any]) -> str:
    kind = body.get("object", "object")
    keys = ("id", "name", "slug", "email_address", "status", "role", "deleted")
    shown = [f"{k}={body[k]}" for k in keys if k in body and body[k] not in (None, "")]
    # a ban or lock is what the person just did (or must not miss): say it when true
    shown += [f"{flag}=True" for flag in ("banned", "locked") if body.get(flag) is True]
    email = primary_email(body) if kind == "user" else ""
    if email:
        shown.append(f"email={email}")
    return f"{kind}: " + ", ".join(shown or _scalar_fields(body))


def _scalar_fields(body: Mapping[str, Any], most: int = 6) -> list[str]:
    """For objects without the usual keys ({"object": "total_count", "total_count": 25})."""
    scalars = [
        f"{key}={value}"
        for key, value in body.items()
        if key != "object" and isinstance(value, str | int | float | bool) and value != ""
    ]
    return scalars[:most]


def _clerk_error(body: Any) -> dict[str, Any]:
    """The executor's flat error (message, long_message, code, trace_id) or Clerk's raw body."""
    if not isinstance(body, dict):
        return {}
    if isinstance(body.get("errors"), list) and body["errors"]:
        first = body["errors"][0]
        return first if isinstance(first, dict) else {}
    return body if "message" in body else {}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _rich_table(
    columns: Iterable[str], rows: Iterable[Iterable[str]], title: str = ""
) -> RichTable:
    table = RichTable(title=title or None, header_style="bold", show_edge=False)
    for column in columns:
        # ids are what people copy: never split one across lines
        table.add_column(Text(clean(column)), overflow="fold", no_wrap=column in UNBROKEN)
    for row in rows:  # cells and generic column names come from responses: no controls
        table.add_row(*(Text(clean(str(cell))) for cell in row))
    return table


def _method_style(method: str) -> str:
    return {"GET": "bold green", "DELETE": "bold red"}.get(method, "bold yellow")


__all__ = ["Terminal", "list_rows"]
