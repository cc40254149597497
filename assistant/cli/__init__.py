"""The `clerk-assistant` command: one argparse parser, handlers loaded lazily.

Each subcommand's handler lives in a module of this package (or the sandbox's) and is
imported only when that subcommand runs, so `search --json` never pays for anthropic,
prompt_toolkit or rich.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import sys
from collections.abc import Callable, Sequence

from ..environment import Environment
from ..errors import EXIT_API, EXIT_INTERRUPTED, EXIT_USAGE, AssistantError
from ..safe_text import escaped

Handler = Callable[[argparse.Namespace, Environment], int]

# subcommand -> "module:function"; the function takes (args, env) and returns an exit code.
HANDLERS: dict[str, str] = {
    "repl": "assistant.cli.interactive:run_repl",
    "ask": "assistant.cli.interactive:run_ask",
    "plan": "assistant.cli.planning:run_plan",
    "search": "assistant.cli.catalog:run_search",
    "tags": "assistant.cli.catalog:run_tags",
    "browse": "assistant.cli.catalog:run_browse",
    "detail": "assistant.cli.catalog:run_detail",
    "specs": "assistant.cli.catalog:run_specs",
    "sandbox": "assistant.cli.sandbox:run_sandbox",
    "transcripts": "assistant.cli.transcripts:run_transcripts",
    "undo": "assistant.cli.undo:run_undo",
    "resume": "assistant.cli.resume:run_resume",
}


def _common_options(suppress: bool) -> argparse.ArgumentParser:
    """Options accepted before or after the subcommand."""
    default = argparse.SUPPRESS if suppress else None
    parser = argparse.ArgumentParser(add_help=False)
    group = parser.add_argument_group("common options")
    group.add_argument(
        "--spec-version",
        dest="spec_version",
        metavar="V",
        default=default,
        help="Clerk BAPI spec version (default: the newest known)",
    )
    group.add_argument(
        "--spec",
        dest="spec_file",
        metavar="FILE",
        default=default,
        help="use this spec file instead of a version",
    )
    group.add_argument(
        "--sandbox",
        action="store_true",
        default=default,
        help="talk to the built-in in-memory Clerk sandbox (offline, no key)",
    )
    group.add_argument(
        "--admin",
        action="store_true",
        default=default,
        help="bypass scope checks (recorded in the transcript)",
    )
    group.add_argument(
        "--scopes",
        metavar="S",
        default=default,
        help="granted scopes, e.g. 'write,delete' (overrides CLERK_BAPI_SCOPES)",
    )
    group.add_argument(
        "--secret-key",
        metavar="KEY",
        default=default,
        help="Clerk secret key (prefer CLERK_SECRET_KEY)",
    )
    group.add_argument(
        "--planner",
        choices=["local", "claude"],
        default=default,
        help="which planner proposes calls",
    )
    group.add_argument("--model", metavar="NAME", default=default, help="Claude model")
    group.add_argument(
        "--transcript", metavar="FILE", default=default, help="write the audit transcript to FILE"
    )
    group.add_argument(
        "--json", action="store_true", default=default, help="machine-readable output"
    )
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clerk-assistant",
        description="Plain English in, reviewed Clerk Backend API calls out.",
        parents=[_common_options(suppress=False)],
    )
    parser.add_argument(
        "-V",
        "--version",
        "--tool-version",
        dest="tool_version",
        action="store_true",
        help="print the tool's version and exit (the spec version: --spec-version)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    common = _common_options(suppress=True)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help_text, description=help_text, parents=[common])

    add("repl", "interactive session (the default)")
    _add_turn_options(add("ask", "run one request and exit"))
    plan = add("plan", "show the plan and verdicts for a request; sends nothing")
    plan.add_argument("text", help="the request, or - to read one per line from stdin")
    plan.add_argument(
        "--read-state",
        action="store_true",
        help="read each write's resource (GET only) and show its before/after",
    )

    search = add("search", "rank endpoints for a plain-English request")
    search.add_argument("text", help="the request, or - to read one per line from stdin")
    search.add_argument("-k", type=int, default=5, help="how many results (default 5)")
    search.add_argument("--explain", action="store_true", help="show why each ranked")

    add("tags", "API tags with endpoint counts")
    browse = add("browse", "endpoints of one tag")
    browse.add_argument("tag")
    detail = add("detail", "parameters, body and responses of one endpoint")
    detail.add_argument("method")
    detail.add_argument("path")

    specs = add("specs", "known spec versions; download them")
    specs.add_argument("action", choices=["list", "pull"], nargs="?", default="list")
    specs.add_argument("target_version", nargs="?", metavar="V")

    sandbox = add("sandbox", "run the local Clerk sandbox as an HTTP server")
    sandbox.add_argument("action", choices=["serve"], nargs="?", default="serve")
    sandbox.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    sandbox.add_argument("--empty", action="store_true", help="start with no seed data")
    sandbox.add_argument("--state", metavar="FILE", help="keep the world in FILE between runs")
    sandbox.add_argument("--no-rate-limit", action="store_true", help="turn off the 429s")
    sandbox.add_argument(
        "--rate-limit", type=int, metavar="N", help="requests per 10 s (default 100, like dev)"
    )
    sandbox.add_argument(
        "--latency", type=float, default=0.0, metavar="MS", help="answer after MS milliseconds"
    )

    resume = add("resume", "finish an interrupted set step from its transcript")
    resume.add_argument("file", metavar="TRANSCRIPT", help="the transcript of the stopped set")
    resume.add_argument("--yes", action="store_true", help="confirm the set without asking")
    resume.add_argument(
        "--allow-delete", action="store_true", help="with --yes, also a destructive set"
    )
    resume.add_argument("--dry-run", action="store_true", help="show and record; send nothing")

    transcripts = add("transcripts", "list, show, verify or export audit transcripts")
    transcripts.add_argument("action", choices=["list", "show", "verify", "export"])
    transcripts.add_argument("file", nargs="?")
    transcripts.add_argument("--format", choices=["md", "json"], default="md")

    undo = add("undo", "propose the inverse of a change a transcript recorded")
    undo.add_argument("file", metavar="TRANSCRIPT", help="a transcript file or name")
    undo.add_argument("step", nargs="?", metavar="STEP", help="the change number (default: last)")
    _add_confirm_options(undo)
    return parser


def _add_turn_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("text", help="the request")
    _add_confirm_options(parser)


def _add_confirm_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--yes", action="store_true", help="confirm writes without asking")
    parser.add_argument(
        "--allow-delete",
        action="store_true",
        help="with --yes, also confirm DELETE and other destructive calls",
    )
    parser.add_argument("--dry-run", action="store_true", help="show and record; send nothing")
    parser.add_argument(
        "--format",
        choices=["csv", "jsonl"],
        help="print the list result (every page) as CSV or JSONL on stdout",
    )


def _load_handler(command: str) -> Handler:
    module_name, func_name = HANDLERS[command].split(":")
    return getattr(importlib.import_module(module_name), func_name)


def run(argv: Sequence[str] | None, env: Environment) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _escape_text_arguments(args)
    if args.tool_version:
        from .. import __version__

        env.print(f"clerk-assistant {__version__}")
        return 0
    command = args.command or "repl"
    try:
        return _load_handler(command)(args, env)
    except AssistantError as exc:
        env.error(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        env.error("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug still ends in one line (exit 1), never a traceback
        env.error(f"internal error ({type(exc).__name__}): {exc}")
        return EXIT_API


# Arguments that are request text (not file names, which must keep their bytes).
TEXT_ARGUMENTS = ("text", "tag", "method", "path", "scopes")


def _escape_text_arguments(args: argparse.Namespace) -> None:
    """Bytes in argv that are not UTF-8 reach Python as lone surrogates, which no UTF-8
    writer (the transcript, the terminal) accepts: show them as escapes (`\\xff`)."""
    for name in TEXT_ARGUMENTS:
        value = getattr(args, name, None)
        if isinstance(value, str):
            setattr(args, name, escaped(value))


def _tolerant_stdin() -> None:
    """Read stdin's undecodable bytes as surrogates (then escaped), never as a crash."""
    reconfigure = getattr(sys.stdin, "reconfigure", None)  # absent for a replaced stdin
    if reconfigure is not None:
        with contextlib.suppress(ValueError):  # a stream already read from
            reconfigure(errors="surrogateescape")


def main(argv: Sequence[str] | None = None) -> int:
    _tolerant_stdin()
    try:
        return run(argv, Environment.from_process())
    except KeyboardInterrupt:  # Ctrl-C during argument parsing or start-up
        return EXIT_INTERRUPTED


__all__ = ["EXIT_USAGE", "build_parser", "main", "run"]
