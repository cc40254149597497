"""Slash commands: one registry that runs them, lists them in /help and feeds completion.

Each command is a function `(session, argument_text) -> Output` registered with
`@command(...)`. Commands return text or data; the terminal decides how it looks.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .errors import ConfigError
from .lookup import find_endpoint, find_tag
from .models import Endpoint
from .session import Session


@dataclass(frozen=True, slots=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    title: str = ""


@dataclass(frozen=True, slots=True)
class Output:
    """What a command produced: any of text, a table, JSON data; or a request to exit/clear."""

    text: str = ""
    table: Table | None = None
    data: Any = None
    exit: bool = False
    clear: bool = False
    # a question to ask before acting; `confirmed` is run only on a yes
    confirm: str = ""
    confirmed: Callable[[], Output] | None = None


Runner = Callable[[Session, str], Output]


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    usage: str
    help: str
    run: Runner
    choices: tuple[str, ...] = ()  # fixed argument values offered by completion
    completes: str = ""  # "tags" | "paths": argument completed from the catalog


COMMANDS: dict[str, Command] = {}


def command(
    name: str, usage: str = "", choices: tuple[str, ...] = (), completes: str = ""
) -> Callable[[Runner], Runner]:
    """Register `func` as /name; its docstring's first line is the /help text."""

    def register(func: Runner) -> Runner:
        summary = (func.__doc__ or "").strip().splitlines()[0]
        COMMANDS[name] = Command(name, usage, summary, func, choices, completes)
        return func

    return register


def is_command(line: str) -> bool:
    return line.lstrip().startswith("/")


def slashless(line: str) -> str | None:
    """ "help" or "clear" typed without the slash: the command meant, else None."""
    word = line.strip().rstrip("?!.").lower()
    return f"/{word}" if word in COMMANDS and word not in NOT_SLASHLESS else None


# Command names that are also ordinary one-word requests the planner should see.
NOT_SLASHLESS = frozenset({"search", "tags", "detail", "browse"})


def dispatch(session: Session, line: str) -> Output:
    name, _, argument = line.strip()[1:].partition(" ")
    found = COMMANDS.get(name.lower())
    if found is None:
        raise ConfigError(f"unknown command /{name}: type /help for the list")
    return found.run(session, argument.strip())


def argument_choices(session: Session, name: str) -> list[str]:
    """Values completion offers after `/name `."""
    found = COMMANDS.get(name)
    if found is None:
        return []
    if found.completes == "tags":
        return list(session.catalog.tags())
    if found.completes == "paths":
        return sorted({f"{e.method} {e.path}" for e in session.catalog})
    return list(found.choices)


# ---------------------------------------------------------------------- helpers


def _on_off(argument: str, label: str) -> bool | None:
    """None when the argument only asks for the state; raises on anything but on/off."""
    if not argument:
        return None
    value = argument.lower()
    if value not in ("on", "off"):
        raise ConfigError(f"/{label} takes on or off, not {argument!r}")
    return value == "on"


def _switch(session: Session, argument: str, label: str, current: bool, setter: Any) -> Output:
    wanted = _on_off(argument, label)
    if wanted is not None:
        setter(wanted)
        current = wanted
    return Output(text=f"{label}: {'on' if current else 'off'}")


def _endpoint_rows(endpoints: list[Endpoint]) -> tuple[tuple[str, ...], ...]:
    return tuple(
        (e.method, e.path, e.summary + (" (deprecated)" if e.deprecated else "")) for e in endpoints
    )


# ---------------------------------------------------------------------- commands


@command("help")
def _help(session: Session, argument: str) -> Output:
    """List the slash commands."""
    rows = tuple((f"/{c.name} {c.usage}".strip(), c.help) for c in COMMANDS.values())
    tip = "Anything else is a request in plain English, or METHOD /path [json]."
    return Output(text=tip, table=Table(("command", "what it does"), rows))


@command("tags")
def _tags(session: Session, argument: str) -> Output:
    """API tags with their endpoint counts."""
    rows = tuple((tag, str(count)) for tag, count in session.catalog.tags().items())
    return Output(table=Table(("tag", "endpoints"), rows, title=f"spec {session.catalog.version}"))


@command("browse", "TAG", completes="tags")
def _browse(session: Session, argument: str) -> Output:
    """Endpoints of one tag."""
    tag = _find_tag(session, argument)
    rows = _endpoint_rows(session.catalog.by_tag(tag))
    return Output(table=Table(("method", "path", "summary"), rows, title=tag))


def _find_tag(session: Session, wanted: str) -> str:
    if not wanted:
        raise ConfigError("usage: /browse TAG (see /tags)")
    return find_tag(session.catalog, wanted, listing="/tags")


@command("detail", "METHOD PATH", completes="paths")
def _detail(session: Session, argument: str) -> Output:
    """Parameters, body and responses of one endpoint."""
    method, _, path = argument.partition(" ")
    if not path.strip():
        raise ConfigError("usage: /detail METHOD PATH, e.g. /detail GET /users/{user_id}")
    endpoint = find_endpoint(session.catalog, method, path)
    return Output(text=describe_endpoint(endpoint), table=_params_table(endpoint))


def describe_endpoint(endpoint: Endpoint) -> str:
    lines = [f"{endpoint.method} {endpoint.path}  [{endpoint.tag}]", endpoint.summary]
    if endpoint.deprecated:
        lines.append("DEPRECATED")
    from .render import clip, sdk_name

    if endpoint.description and endpoint.description != endpoint.summary:
        lines.append(clip(endpoint.description.strip(), 600))
    sdk = sdk_name(endpoint)  # the names proposals show: clerk.organization_invitations
    if sdk:
        lines.append(f"SDK: {sdk}(...)")
    responses = ", ".join(f"{r.status} {r.schema_name or r.shape}" for r in endpoint.responses)
    lines.append(f"responses: {responses}")
    return "\n".join(line for line in lines if line)


def _params_table(endpoint: Endpoint) -> Table:
    rows = [
        (p.name, p.location, p.type + ("[]" if p.is_array else ""), _yes(p.required))
        for p in endpoint.params
    ]
    if endpoint.body is not None:
        rows += [
            (f.name, "body", f.type + ("[]" if f.is_array else ""), _yes(f.required))
            for f in endpoint.body.fields
        ]
    return Table(("name", "in", "type", "required"), tuple(rows))


def _yes(flag: bool) -> str:
    return "yes" if flag else ""


@command("search", "TEXT")
def _search(session: Session, argument: str) -> Output:
    """Rank endpoints for a plain-English request."""
    if not argument:
        raise ConfigError("usage: /search TEXT")
    from .retrieval import search

    hits = search(session.catalog, argument, k=8)
    rows = tuple(
        (f"{h.score:.2f}", h.endpoint.method, h.endpoint.path, h.endpoint.summary) for h in hits
    )
    return Output(table=Table(("score", "method", "path", "summary"), rows, title=argument))


@command("version", "[V]")
def _version(session: Session, argument: str) -> Output:
    """Show the spec version, or switch to version V."""
    from .spec import load_manifest

    if argument:
        session.set_version(argument)
    known = ", ".join(load_manifest().names)
    return Output(text=f"spec version: {session.catalog.version}\nknown: {known}")


@command("scopes", "[S]", choices=("read", "write", "write,delete"))
def _scopes(session: Session, argument: str) -> Output:
    """Show the granted scopes, or set them (e.g. write,delete or users:write)."""
    if argument:
        session.set_scopes(None if argument.lower() in ("read", "none") else argument)
    return Output(text=f"scopes: {session.toggles.scopes or 'read (GET only)'}")


@command("admin", "[on|off]", choices=("on", "off"))
def _admin(session: Session, argument: str) -> Output:
    """Admin mode: bypass scope checks (recorded in the transcript)."""

    def switch() -> Output:
        return _switch(session, argument, "admin", session.toggles.admin, session.set_admin)

    turning_on = _on_off(argument, "admin") and not session.toggles.admin
    if turning_on and session.settings.instance_kind == "production":
        host = production_host(session)
        question = f"Admin mode bypasses scope checks on PRODUCTION ({host}). Turn it on? [y/N] "
        return Output(confirm=question, confirmed=switch)
    return switch()


def production_host(session: Session) -> str:
    from urllib.parse import urlsplit

    return urlsplit(session.settings.api_url).netloc or session.settings.api_url


@command("planner", "[local|claude]", choices=("local", "claude"))
def _planner(session: Session, argument: str) -> Output:
    """Show or switch the planner."""
    if argument:
        session.set_planner(argument.lower())
    settings = session.settings
    model = f" ({settings.model})" if settings.planner_name == "claude" else ""
    return Output(text=f"planner: {settings.planner_name}{model}")


@command("dry-run", "[on|off]", choices=("on", "off"))
def _dry_run(session: Session, argument: str) -> Output:
    """Dry-run: show and record every step, send nothing."""
    return _switch(session, argument, "dry-run", session.toggles.dry_run, session.set_dry_run)


@command("auto-reads", "[on|off]", choices=("on", "off"))
def _auto_reads(session: Session, argument: str) -> Output:
    """Auto-reads: run allowed GET requests without asking."""
    current = session.toggles.auto_reads
    return _switch(session, argument, "auto-reads", current, session.set_auto_reads)


@command("history")
def _history(session: Session, argument: str) -> Output:
    """This session's requests and how each ended."""
    rows = tuple(
        (str(n), turn.text, turn.output.to_json()["kind"] if turn.output else "-", turn.status)
        for n, turn in enumerate(session.turns, start=1)
    )
    return Output(table=Table(("#", "request", "kind", "status"), rows))


@command("transcript")
def _transcript(session: Session, argument: str) -> Output:
    """Where this session's audit transcript is written."""
    path = getattr(session.transcript, "path", None)
    return Output(text=f"transcript: {path}" if path else "no transcript file")


@command("json")
def _json(session: Session, argument: str) -> Output:
    """The full JSON of the last turn's results."""
    turn = session.last_turn
    if turn is None:
        return Output(text="nothing yet")
    return Output(data=last_turn_json(session))


def last_turn_json(session: Session) -> dict[str, Any]:
    turn = session.last_turn
    assert turn is not None
    return {
        "request": turn.text,
        "output": turn.output.to_json() if turn.output else None,
        "verdicts": [v.to_json() for v in turn.verdicts],
        "results": [result_json(r) for r in turn.results],
        "diffs": [{"step": step, **diff} for step, diff in sorted(turn.diffs.items())],
        "status": turn.status,
        "not_used": list(turn.unused),  # named in the request, used by no step
    }


def result_json(result: Any) -> dict[str, Any]:
    data = {"step": result.step, "status": result.status, "http_status": result.http_status}
    data.update({"body": result.body, "error": result.error})
    return data


@command("undo", "[N]")
def _undo(session: Session, argument: str) -> Output:
    """Propose the inverse of the last change (or of change #N), to confirm as usual."""
    from pathlib import Path

    from . import undo
    from .trusted import trusted_records

    path = getattr(session.transcript, "path", None)
    if path is None:
        return Output(text="no transcript file: nothing recorded to undo")
    records = trusted_records(Path(path), session.settings, "undoing")  # edited: refused
    try:
        found = undo.plan_undo(records, session.catalog, _change_number(argument))
    except undo.CannotUndo as exc:
        return Output(text=str(exc))
    turn = session.propose(f"/undo {argument}".strip(), found.plan, undoes=found.change.number)
    text = f"undo of change #{found.change.number}: {turn.status}"
    if found.not_restored and turn.status == "done":
        text += f"\nnot restored: {found.not_restored}"
    return Output(text=text)


def _change_number(argument: str) -> int | None:
    text = argument.strip().lstrip("#")
    if not text:
        return None
    if not text.isdigit():
        raise ConfigError(f"/undo takes a change number (e.g. /undo 12), not {argument!r}")
    return int(text)


@command("resume", "TRANSCRIPT")
def _resume(session: Session, argument: str) -> Output:
    """Finish an interrupted set step from its transcript (done items are not sent again)."""
    if not argument:
        raise ConfigError("usage: /resume TRANSCRIPT (see `clerk-assistant transcripts list`)")
    turn = session.resume(argument)
    return Output(text=turn.error or "")


@command("save", "FILE.csv|FILE.jsonl")
def _save(session: Session, argument: str) -> Output:
    """Save the last list (every page) as CSV or JSONL: id, email, name, dates, status."""
    from .set_files import save_last_list

    return Output(text=save_last_list(session, argument))


@command("clear")
def _clear(session: Session, argument: str) -> Output:
    """Clear the screen."""
    return Output(clear=True)


@command("exit")
def _exit(session: Session, argument: str) -> Output:
    """Leave (Ctrl-D works too)."""
    return Output(exit=True)


def dumps(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, default=str)


__all__ = ["COMMANDS", "Command", "Output", "Table", "argument_choices", "dispatch"]
