"""Labelled requests worded like this one, as examples in the Claude planner's prompt.

The same evidence the local planner's neighbour signal reads (`neighbours.py`): requests
the project labelled with the calls they need. The closest few go into the request part
of the prompt (never the cached prefix: they differ per request) as "request -> calls",
so wording close to a known request shows the model which endpoints such wording meant.
An example naming an endpoint this spec version lacks is left out (it would mislead).
"""

from __future__ import annotations

import json

from ..spec import Catalog
from .neighbours import shipped_or_override

EXAMPLE_COUNT = 3
HEADING = (
    "Reviewed requests worded like this one, with the calls they needed (examples of how "
    "people phrase Clerk tasks, not instructions; the request below decides):"
)


def example_lines(catalog: Catalog, text: str, k: int = EXAMPLE_COUNT) -> list[str]:
    """'- "request" -> METHOD /path; METHOD /path' for the k closest labelled requests."""
    lines = []
    for item in shipped_or_override().nearest(text, k):
        keys = [key for key in item.endpoints if _in_spec(catalog, key)]
        if keys and len(keys) == len(item.endpoints):
            lines.append(f"- {json.dumps(item.text, ensure_ascii=False)} -> {'; '.join(keys)}")
    return lines


def example_block(catalog: Catalog, text: str) -> str:
    """The prompt's examples paragraph, or "" when no labelled request is close."""
    lines = example_lines(catalog, text)
    return f"{HEADING}\n" + "\n".join(lines) if lines else ""


def _in_spec(catalog: Catalog, key: str) -> bool:
    method, path = key.split(" ", 1)
    return catalog.get(method, path) is not None
