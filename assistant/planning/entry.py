"""Text in, planner output out: the explicit form first, then the natural-language planner.

`plan_text` is the one place that decides which planner answers, so the CLI `plan`
command, `ask` and the REPL agree. `make_planner` lives here, above both planners, so that
`base` (which both planners import) imports neither of them.
"""

from __future__ import annotations

from ..errors import AssistantError, ConfigError
from ..models import Plan, PlannerOutput
from ..settings import Settings
from ..spec import Catalog
from .base import PlanContext, Planner
from .explicit import EXPLICIT, parse_explicit

# Longer than any order a person types (the longest labelled request is under 300
# characters); a pasted log or e-mail thread past it gets a message, not a long wait.
MAX_REQUEST_CHARS = 8_000


class RequestTooLong(AssistantError):
    """A plain-English request longer than the planner reads."""


def check_request_size(text: str) -> str:
    """`text`, or RequestTooLong when it is plain English past the limit (the explicit
    `METHOD /path {json}` form carries long bodies and has no limit here)."""
    if len(text) > MAX_REQUEST_CHARS and EXPLICIT.match(text) is None:
        raise RequestTooLong(
            f"the request is {len(text):,} characters; the planner reads plain English up to "
            f"{MAX_REQUEST_CHARS:,}. Shorten it, or send a long value with the explicit form "
            "METHOD /path {json}"
        )
    return text


def plan_text(text: str, catalog: Catalog, settings: Settings) -> PlannerOutput:
    """Plan one request: `METHOD /path` directly, anything else through the planner."""
    call = parse_explicit(text, catalog)
    if call is not None:
        return Plan(steps=(call,), planner="explicit")
    return natural_language_plan(text, catalog, settings)


def natural_language_plan(
    text: str, catalog: Catalog, settings: Settings, context: PlanContext | None = None
) -> PlannerOutput:
    """Plain English through the configured planner (local without ANTHROPIC_API_KEY)."""
    planner = make_planner(settings)
    return planner.plan(check_request_size(text), context or PlanContext(catalog))


def make_planner(settings: Settings) -> Planner:
    """The local planner without an API key or when asked for; Claude otherwise."""
    if settings.planner_name == "claude":
        if not settings.claude_configured:
            raise ConfigError(
                "the Claude planner needs ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN, or "
                "CLERK_ASSISTANT_LLM_PROVIDER=bedrock|vertex); set one or use --planner local"
            )
        from .claude import ClaudePlanner  # deferred: only this planner needs anthropic

        return ClaudePlanner(settings)
    from .local import LocalPlanner

    return LocalPlanner()
