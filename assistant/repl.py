"""The REPL loop: read a line, hand it to a slash command or the session, show what came back.

Thin on purpose: the turn logic is `Session.handle`, the drawing is `Terminal`.
"""

from __future__ import annotations

from typing import Any

from . import commands
from .errors import AssistantError
from .session import Session


def run(session: Session, terminal: Any) -> int:
    """Loop until /exit or Ctrl-D; returns the exit code (0)."""
    while True:
        try:
            line = terminal.read()
        except EOFError:
            return 0
        if line.strip() and not _handle_line(session, terminal, line):
            return 0


def _handle_line(session: Session, terminal: Any, line: str) -> bool:
    """False when the person asked to leave."""
    try:
        if commands.is_command(line):
            output = commands.dispatch(session, line)
            terminal.show_output(output)
            return not output.exit
        meant = commands.slashless(line)
        if meant is not None:  # "help" is not a request for the Clerk API
            terminal.say(f"Did you mean {meant}? Commands start with a slash.")
            return True
        terminal.show_turn(session.handle(line))
    except AssistantError as exc:
        terminal.error(str(exc))
    except KeyboardInterrupt:  # Ctrl-C while planning: drop the turn, keep the session
        terminal.say("(cancelled)")
    except Exception as exc:  # a bug must not end the session or lose the transcript
        terminal.error(f"internal error ({type(exc).__name__}): {exc}; the session goes on")
    return True
