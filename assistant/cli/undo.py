"""`clerk-assistant undo TRANSCRIPT [STEP]`: take back a change a transcript recorded.

STEP is the change's number (its `before` record, as `transcripts show` numbers records;
undo messages name it too); without it, the last change not already undone. The inverse
is an ordinary plan: the guardrail checks it, a person (or `--yes`) confirms it, and it
is recorded in the same transcript (or `--transcript FILE`), so a second `undo` moves on
to the change before. A change that cannot be undone is named with the reason, exit 3.
"""

from __future__ import annotations

import argparse
import json
from urllib.parse import urlsplit

from ..environment import Environment
from ..errors import EXIT_DECLINED, ConfigError
from ..settings import Settings, transcripts_dir
from ..transcript import key_fingerprint
from ..trusted import trusted_records
from ..undo import CannotUndo, Instance, Undo, plan_undo
from .common import catalog_for, settings_from_args
from .interactive import (
    SANDBOX_URL,
    Parts,
    build_parts,
    close_parts,
    exit_code,
    one_shot_session,
    require_instance,
)
from .transcripts import resolve_file


def run_undo(args: argparse.Namespace, env: Environment) -> int:
    settings = settings_from_args(args, env)
    require_instance(settings)
    path = resolve_file(args.file, transcripts_dir(settings), env.cwd)
    try:
        catalog = catalog_for(settings, env)
        number = _number(args.step)
        records = trusted_records(path, settings, "undoing")  # an edited file proposes nothing
        found = plan_undo(records, catalog, number, _here(settings))
    except CannotUndo as exc:
        env.error(str(exc))
        return EXIT_DECLINED
    args.transcript = getattr(args, "transcript", None) or str(path)
    parts = build_parts(settings, env, args, mode="undo")
    try:
        status = _run(args, env, parts, found)
    finally:
        close_parts(parts)
    env.error(f"transcript: {parts.transcript.path}")
    return status


def _run(args: argparse.Namespace, env: Environment, parts: Parts, found: Undo) -> int:
    as_json = bool(getattr(args, "json", False))
    session, terminal = one_shot_session(args, env, parts, quiet=as_json)
    text = f"undo {args.file} {found.change.number}"
    turn = session.propose(text, found.plan, undoes=found.change.number)
    if as_json:
        from ..commands import last_turn_json

        env.print(json.dumps(last_turn_json(session), indent=2, ensure_ascii=False, default=str))
    else:
        terminal.show_turn(turn)
    return exit_code(turn)


def _here(settings: Settings) -> Instance:
    """This run's instance, as its transcript's session_start will record it."""
    host = urlsplit(SANDBOX_URL if settings.sandbox else settings.api_url).hostname
    return host, key_fingerprint(settings.secret_key)


def _number(step: str | None) -> int | None:
    if step is None:
        return None
    text = step.lstrip("#")
    if not text.isdigit():
        raise ConfigError(f"STEP is a change number (e.g. 12), not {step!r}")
    return int(text)
