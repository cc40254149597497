"""`clerk-assistant resume TRANSCRIPT`: finish a set step that Ctrl-C (or a crash) stopped.

Reads the transcript, finds its last set with units not done (no `ok` response), and
runs only those, in a new transcript, after the guardrail checks each and the person
(or `--yes`, and `--allow-delete` for a destructive set) confirms the remaining count.
"""

from __future__ import annotations

import argparse

from ..environment import Environment
from .common import settings_from_args
from .interactive import (
    build_parts,
    close_parts,
    exit_code,
    one_shot_session,
    require_instance,
)


def run_resume(args: argparse.Namespace, env: Environment) -> int:
    settings = settings_from_args(args, env)
    require_instance(settings)
    parts = build_parts(settings, env, args, mode="resume")
    try:
        session, terminal = one_shot_session(args, env, parts)
        turn = session.resume(args.file)
        terminal.show_turn(turn)
    finally:
        close_parts(parts)
    if turn.status == "declined" and not (env.interactive and not args.yes):
        env.error("writes need --yes; destructive sets need --yes --allow-delete")
    env.error(f"transcript: {parts.transcript.path}")
    return exit_code(turn)
