"""`clerk-assistant` (the REPL) and `clerk-assistant ask "TEXT"` (one turn, then exit).

Both build the same parts (catalog, planner, executor, transcript, Session) and differ
only in who answers the confirmations: a person at the terminal, or the command-line
flags (`--yes`, `--allow-delete`) when there is no terminal.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ..environment import Environment
from ..errors import (
    EXIT_API,
    EXIT_DECLINED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    ConfigError,
)
from ..models import Clarification, Turn
from ..session import ConfirmFn, ConfirmReply, ConfirmRequest, Session, SessionHooks
from ..settings import Settings, layered_env, user_data_dir
from ..spec import Catalog, open_catalog
from .common import catalog_for, settings_from_args

if TYPE_CHECKING:  # imported where used: only ask and the REPL pay for them
    from ..executor import Executor
    from ..planning.base import Planner
    from ..terminal import Terminal
    from ..transcript import Transcript

# The in-process sandbox is reached through an httpx transport, never the network; an
# https URL keeps the executor's "key only over HTTPS" rule intact without exceptions.
SANDBOX_URL = "https://sandbox.local/v1"

NO_KEY = (
    "no CLERK_SECRET_KEY: get one at https://dashboard.clerk.com → your application → "
    "API keys, then `export CLERK_SECRET_KEY=sk_test_...` (or put it in .env); "
    "or try everything offline with `clerk-assistant --sandbox`"
)

EXIT_BY_STATUS = {
    "done": EXIT_OK,
    "dry-run": EXIT_OK,
    "error": EXIT_API,
    "declined": EXIT_DECLINED,
    "blocked": EXIT_DECLINED,
    "interrupted": EXIT_INTERRUPTED,
}


def require_instance(settings: Settings, why: str = "") -> None:
    """Commands that talk to Clerk need a secret key or the sandbox; say how to get either."""
    if not settings.secret_key and not settings.sandbox:
        raise ConfigError(why + NO_KEY)


@dataclass(slots=True)
class Parts:
    settings: Settings
    catalog: Catalog
    executor: Executor
    transcript: Transcript
    planner: Planner


# ---------------------------------------------------------------------- the REPL


REPL_NEEDS_TTY = (
    'the REPL needs a terminal; from scripts and agents use `clerk-assistant ask "..."` '
    "(reads run, writes need --yes, deletes --yes --allow-delete)"
)


def run_repl(args: argparse.Namespace, env: Environment) -> int:
    from ..terminal import Terminal

    if not env.stdin_isatty:
        # Piped answers would let a script or an agent say "y" to every write unseen.
        raise ConfigError(REPL_NEEDS_TTY)
    settings = settings_from_args(args, env)
    history = user_data_dir(settings) / "history"
    terminal = Terminal(history_file=history, env=env.env, paged=True)
    if not settings.secret_key and not settings.sandbox:
        settings = _offer_sandbox(settings, env, terminal)
    parts = build_parts(settings, env, args, mode="repl")
    session = make_session(parts, env, terminal.confirm)
    session.hooks = terminal.bind(session)
    terminal.say(_welcome(session))
    try:
        return _loop(session, terminal)
    finally:
        close_parts(parts)
        env.print(f"Goodbye. Transcript: {parts.transcript.path}")


def _loop(session: Session, terminal: Terminal) -> int:
    from .. import repl

    return repl.run(session, terminal)


def _offer_sandbox(settings: Settings, env: Environment, terminal: Terminal) -> Settings:
    if not env.interactive:
        raise ConfigError(NO_KEY)
    terminal.say(NO_KEY.replace("no CLERK_SECRET_KEY", "No CLERK_SECRET_KEY found", 1))
    answer = terminal.ask("Start the offline sandbox instead? [Y/n] ").lower()
    if answer not in ("", "y", "yes"):
        raise ConfigError("no secret key and no sandbox: nothing to talk to")
    return settings.with_overrides(sandbox=True)


def _welcome(session: Session) -> str:
    settings = session.settings
    where = {
        "sandbox": "the in-memory sandbox (nothing leaves this process)",
        "production": f"a PRODUCTION instance at {urlsplit(settings.api_url).netloc} "
        "(sk_live_ key): take care",
        "development": "a development instance",
    }.get(settings.instance_kind, settings.api_url)
    host = settings.other_api_host
    if host:  # a URL from CLERK_REST_API_URL: the key goes there, so say where that is
        where += f" at {host} (not api.clerk.com)"
    return (
        f"clerk-assistant: talking to {where}; spec {session.catalog.version}; "
        f"planner {settings.planner_name}.\n"
        "Type a request in plain English (or METHOD /path), /help for commands, "
        "Ctrl-D to leave."
    )


# ---------------------------------------------------------------------- one-shot ask


def run_ask(args: argparse.Namespace, env: Environment) -> int:
    if not args.text.strip():
        raise ConfigError('ask needs a request, e.g. clerk-assistant ask "list users"')
    settings = settings_from_args(args, env)
    require_instance(settings)
    parts = build_parts(settings, env, args, mode="ask")
    try:
        turn, session = _ask_once(args, env, parts)
    finally:
        close_parts(parts)
    _report(args, env, session, turn, parts.transcript.path)
    return exit_code(turn)


def _ask_once(args: argparse.Namespace, env: Environment, parts: Parts) -> tuple[Turn, Session]:
    quiet = bool(args.json or getattr(args, "format", None))  # stdout is for the data alone
    session, terminal = one_shot_session(args, env, parts, quiet=quiet)
    turn = session.handle(args.text)
    if not quiet:
        terminal.show_turn(turn)
    return turn, session


def _report(
    args: argparse.Namespace, env: Environment, session: Session, turn: Turn, transcript: Path
) -> None:
    if getattr(args, "format", None):
        from ..set_files import export_turn

        env.stdout.write(export_turn(turn, args.format))
    elif args.json:
        from ..commands import last_turn_json

        data = last_turn_json(session)
        data["transcript"] = str(transcript)
        env.print(json.dumps(data, indent=2, ensure_ascii=False, default=str))
        return
    if turn.status == "declined" and not (env.interactive and not args.yes):
        env.error("writes need --yes; DELETE and destructive calls need --yes --allow-delete")
    env.error(f"transcript: {transcript}")


def one_shot_session(
    args: argparse.Namespace, env: Environment, parts: Parts, quiet: bool = False
) -> tuple[Session, Terminal]:
    """The session of one command (`ask`, `undo`, `resume`): a person confirms at a
    terminal, else the flags do; `quiet` keeps stdout for the JSON alone."""
    from ..terminal import Terminal

    # Scripts read whole rows: without a terminal, print tables wide instead of folding ids.
    width = None if env.stdout_isatty else 200
    terminal = Terminal(stream=env.stdout, env=env.env, width=width)
    person = env.interactive and not args.yes
    confirm = terminal.confirm if person else flag_confirm(args.yes, args.allow_delete)
    session = make_session(parts, env, confirm)
    hooks = terminal.bind(session)
    session.hooks = SessionHooks() if quiet else hooks
    if args.dry_run:
        session.set_dry_run(True)
    return session, terminal


def flag_confirm(yes: bool, allow_delete: bool) -> ConfirmFn:
    """Confirmations from flags: reads run, writes need --yes, deletes --allow-delete too."""

    def confirm(request: ConfirmRequest) -> ConfirmReply:
        if request.kind != "step":  # never escalate to admin without a person
            return ConfirmReply("no", by="flag")
        verdict = request.verdict
        if request.call.method == "GET" and verdict.risk == "read":
            return ConfirmReply("yes", by="flag")
        destructive = verdict.confirm == "typed" or request.call.method == "DELETE"
        if not yes or (destructive and not allow_delete):
            return ConfirmReply("no", by="flag")
        if verdict.confirm == "typed":
            return ConfirmReply("typed", typed=verdict.typed_token, by="flag")
        return ConfirmReply("yes", by="flag")

    return confirm


def exit_code(turn: Turn) -> int:
    if turn.error or isinstance(turn.output, Clarification):
        return EXIT_USAGE
    return EXIT_BY_STATUS.get(turn.status, EXIT_OK)


# ---------------------------------------------------------------------- the parts


def build_parts(settings: Settings, env: Environment, args: argparse.Namespace, mode: str) -> Parts:
    from ..planning.entry import make_planner
    from ..transcript import Transcript

    catalog = catalog_for(settings, env)
    executor = make_executor(settings, catalog)
    meta = _transcript_meta(settings, catalog, mode)
    transcript = Transcript.create(getattr(args, "transcript", None), settings, meta)
    return Parts(settings, catalog, executor, transcript, make_planner(settings))


def make_executor(settings: Settings, catalog: Catalog) -> Executor:
    from ..executor import Executor

    if settings.sandbox:
        from ..sandbox import SANDBOX_KEY, Sandbox, sandbox_transport

        transport = sandbox_transport(Sandbox(catalog))
        return Executor(SANDBOX_URL, SANDBOX_KEY, transport=transport)
    return Executor(
        settings.api_url,
        settings.secret_key,
        timeout=settings.timeout,
        rate_limit=settings.rate_limit,
    )


def make_session(parts: Parts, env: Environment, confirm: ConfirmFn) -> Session:
    from ..planning.entry import make_planner

    def load_version(version: str) -> Catalog:
        return open_catalog(version=version, spec_file=None, env=layered_env(env.env, env.cwd))

    return Session(
        parts.settings,
        parts.catalog,
        parts.planner,
        parts.executor,
        parts.transcript,
        confirm,
        planner_factory=make_planner,
        catalog_loader=load_version,
    )


def _transcript_meta(settings: Settings, catalog: Catalog, mode: str) -> dict[str, Any]:
    api_url = SANDBOX_URL if settings.sandbox else settings.api_url
    return {
        "mode": mode,
        "instance": settings.instance_kind,
        "api_url": api_url,
        "api_host": urlsplit(api_url).hostname,  # the host requests really go to
        "spec_version": catalog.version,
        "spec_sha256": catalog.sha256,
        "planner": settings.planner_name,
        "admin": settings.admin,
        "scopes": settings.scopes,
    }


def close_parts(parts: Parts) -> None:
    parts.transcript.close()
    parts.executor.close()
