"""'list all users', 'export every organization': the request asks for every page.

The local planner marks such a list GET with `all_pages`; the guardrail then warns with
the page cap and the session walks the pages. A request that names a page size (limit)
or a page (offset, starting_after) asked for one page, so it is left alone.
"""

from __future__ import annotations

import dataclasses

from ..language.patterns import pattern
from ..models import Call, Plan, PlannerOutput
from ..spec import Catalog

EVERYTHING = pattern("every-page")  # language/data/patterns.yml
ONE_PAGE = ("limit", "offset", "starting_after")


def mark_all_pages(text: str, output: PlannerOutput, catalog: Catalog) -> PlannerOutput:
    """`output` with its paginated list GETs set to walk every page, when `text` asks so."""
    if not isinstance(output, Plan) or not EVERYTHING.search(text):
        return output
    steps = tuple(
        dataclasses.replace(call, all_pages=True) if _pageable(call, catalog) else call
        for call in output.steps
    )
    return dataclasses.replace(output, steps=steps)


def _pageable(call: Call, catalog: Catalog) -> bool:
    endpoint = catalog.get(call.method, call.path)
    limit = endpoint.param("limit") if endpoint else None
    one_page = any(name in call.query for name in ONE_PAGE)
    return call.method == "GET" and limit is not None and limit.location == "query" and not one_page
