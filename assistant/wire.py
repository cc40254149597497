"""The wire invariant: a path on the wire is the checked template, each value one segment.

A path parameter's value is percent-encoded as exactly one path segment. A value that
would make a server, a proxy or an HTTP client read a different path is refused: a dot
segment (`.`, `..`, in any percent-encoding or case, such as `%2e%2E` or `.%2E`, even
encoded twice), a separator (`/`, `\\`, `?`, `#`) once decoded, whitespace or a control
character. The guardrail (to block a step) and the executor (to refuse to build the
request) ask the same `segment_problem`, so the two can never disagree.

Pure: no I/O, so the guardrail may import it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, unquote

from .errors import AssistantError

PLACEHOLDER = re.compile(r"\{([^{}/]+)\}")
DOT_SEGMENTS = frozenset({".", ".."})
NOT_IN_A_SEGMENT = re.compile(r"[/\\?#\s\x00-\x1f\x7f]")
MAX_DECODE_ROUNDS = 8  # `%25` nested deeper than this is refused, not unwrapped forever


class WireError(AssistantError):
    """A request that would not be the checked one on the wire; it is never sent."""


class MissingValue(WireError):
    """A path parameter of the template has no value."""


def fully_decoded(text: str) -> str:
    """`text` percent-decoded until it stops changing (`%252e` -> `%2e` -> `.`)."""
    for _ in range(MAX_DECODE_ROUNDS):
        once = unquote(text)
        if once == text:
            return text
        text = once
    return text


def is_dot_segment(text: str) -> bool:
    """`.` or `..` however it is spelled: encoded, mixed case, or as full-width dots."""
    plain = fully_decoded(text)
    return plain in DOT_SEGMENTS or unicodedata.normalize("NFKC", plain) in DOT_SEGMENTS


def segment_problem(name: str, value: Any) -> str | None:
    """Why `value` cannot be path parameter `name`'s one segment (None: it can)."""
    text = str(value)
    if is_dot_segment(text):
        return (
            f"path parameter {name!r} is the dot segment {text!r}: it would change which "
            "endpoint is called"
        )
    if NOT_IN_A_SEGMENT.search(fully_decoded(text)):
        return f"path parameter {name!r} must be one path segment, got {text!r}"
    return None


def fill_path(template: str, params: Mapping[str, Any]) -> str:
    """`/users/{user_id}` with each value percent-encoded as one segment, or WireError."""
    if any(part in DOT_SEGMENTS for part in template.split("/")):
        raise WireError(f"{template}: a path template with a dot segment is never sent")

    def one_segment(match: re.Match[str]) -> str:
        name = match.group(1)
        value = params.get(name)
        if value is None or value == "":
            raise MissingValue(f"{template}: path parameter {name!r} has no value")
        problem = segment_problem(name, value)
        if problem:
            raise WireError(f"{template}: {problem}; not sent")
        return quote(str(value), safe="")

    path = PLACEHOLDER.sub(one_segment, template)
    if "{" in path or "}" in path:
        raise MissingValue(f"{template}: a path parameter placeholder is malformed")
    return path
