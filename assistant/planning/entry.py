"""Text in, planner output out: the explicit form first, then the natural-language planner.

`plan_text` is the one place that decides which planner answers, so the CLI `plan`
command, `ask` and the REPL agree.
"""

from __future__ import annotations

from ..errors import ConfigError
from ..models import Plan, PlannerOutput
from ..settings import Settings
from ..spec import Catalog
from .explicit import parse_explicit


def plan_text(text: str, catalog: Catalog, settings: Settings) -> PlannerOutput:
    """Plan one request: `METHOD /path` directly, anything else through the planner."""
    call = parse_explicit(text, catalog)
    if call is not None:
        return Plan(steps=(call,), planner="explicit")
    return natural_language_plan(text, catalog, settings)


def natural_language_plan(text: str, catalog: Catalog, settings: Settings) -> PlannerOutput:
    # The planners branch plugs in here with one line:
    #   return make_planner(settings).plan(text, PlanContext(catalog))
    raise ConfigError(
        "natural language planning needs the planner; for now write the request explicitly, "
        "e.g. GET /users?limit=5 or DELETE /users/user_123"
    )
