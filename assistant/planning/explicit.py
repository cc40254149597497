"""The explicit request form: `METHOD /path[?query] [JSON body]`.

    GET /users?limit=5
    DELETE /v1/users/user_2x...
    post https://api.clerk.com/v1/organizations {"name": "Acme"}
    GET /users --all          (every page, up to the page cap)

A concrete path is matched to its spec template and fills `path_params`; query values
are typed by the spec (integers, booleans, arrays). A path the spec does not know is kept
as typed, so the guardrail can block it and name the closest real endpoints.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, unquote, urlsplit

from ..errors import AssistantError
from ..models import HTTP_METHODS, Call, Endpoint, Param, Plan
from ..spec import Catalog, strip_version_prefix
from .lexicon import CLOSING_WORDS

if TYPE_CHECKING:
    from .base import PlanContext

EXPLICIT = re.compile(
    rf"^\s*(?P<method>{'|'.join(HTTP_METHODS)})\s+(?P<target>(?:https?://|/)\S*)(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
# `METHOD /path` said inside a sentence ("please run: DELETE /users/user_1"): the call the
# person spelled out, honoured as it is or questioned, never re-planned from its words.
EMBEDDED = re.compile(
    rf"(?<![\w/-])[`'\"]?(?P<method>{'|'.join(HTTP_METHODS)})\s+(?P<target>/[A-Za-z{{][^\s`'\"]*)",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?)"
# what may follow an embedded call and still leave it exactly as written
_CLOSING = re.compile(rf"^[\s`'\".,;:!?)—–-]*(?:(?:{'|'.join(CLOSING_WORDS)})\W*)*$", re.IGNORECASE)
WHY = "explicit request"
ALL_PAGES_FLAG = re.compile(r"^\s*--all\b|\s--all\s*$")


class ExplicitRequestError(AssistantError):
    """An explicit request that cannot be understood (bad JSON, bad URL)."""


def explicit_plan(text: str, context: PlanContext) -> Plan | None:
    """`METHOD /path ...` needs no planner: the explicit parser turns it into one call."""
    try:
        call = parse_explicit(text, context.catalog)
    except ExplicitRequestError:
        # "DELETE /users/user_1 please": a polite word after the call is no body; words
        # that ask for more are for embedded_plan; a broken JSON body is the error it is
        call = embedded_call(text, context.catalog)
        if call is None and opens_json(text):
            raise
    return None if call is None else Plan((call,), planner="explicit")


def parse_explicit(text: str, catalog: Catalog) -> Call | None:
    """The call `text` spells out, or None when it is not of the explicit form."""
    found = EXPLICIT.match(text)
    if found is None:
        return None
    method = found.group("method").upper()
    path, query_text = split_target(found.group("target"))
    rest, all_pages = split_all_pages(found.group("rest"))
    body = parse_body(rest, f"{method} {path}")
    matched = catalog.match(method, path)
    if matched is None:
        return Call(method, path, {}, _typed_query(query_text, None), body, WHY, all_pages)
    endpoint, params = matched
    path_params = {name: unquote(value) for name, value in params.items()}
    query = _typed_query(query_text, endpoint)
    return Call(method, endpoint.path, path_params, query, body, WHY, all_pages)


def split_all_pages(rest: str) -> tuple[str, bool]:
    """`GET /users --all`: the flag (before or after a body) asks for every page."""
    remaining, found = ALL_PAGES_FLAG.subn("", rest, count=1)
    return remaining, bool(found)


def split_target(target: str) -> tuple[str, str]:
    """`https://api.clerk.com/v1/users?limit=5` -> ("/users", "limit=5")."""
    if target.lower().startswith(("http://", "https://")):
        try:
            parts = urlsplit(target)
        except ValueError as exc:
            raise ExplicitRequestError(f"not a valid URL: {target} ({exc})") from None
        path, query = parts.path or "/", parts.query
    else:
        path, _, query = target.partition("?")
    return strip_version_prefix(path.rstrip("/") or "/"), query


def parse_body(rest: str, label: str) -> Any:
    """The JSON object or array after the path, or None when there is nothing."""
    rest = rest.strip()
    if not rest:
        return None
    if rest[0] not in "{[":
        raise ExplicitRequestError(
            f"expected a JSON body after {label}, got {rest[:40]!r} "
            '(write it as METHOD /path {"field": "value"})'
        )
    try:
        return json.loads(rest)
    except json.JSONDecodeError as exc:
        raise ExplicitRequestError(
            f"the body of {label} is not valid JSON: {exc.msg} at column {exc.colno}"
        ) from None


def _typed_query(query_text: str, endpoint: Endpoint | None) -> dict[str, Any]:
    grouped: dict[str, list[str]] = {}
    for name, value in parse_qsl(query_text, keep_blank_values=True):
        grouped.setdefault(name.removesuffix("[]"), []).append(value)
    return {name: _typed(values, _param(endpoint, name)) for name, values in grouped.items()}


def _param(endpoint: Endpoint | None, name: str) -> Param | None:
    param = endpoint.param(name) if endpoint else None
    return param if param is not None and param.location == "query" else None


def _typed(values: list[str], param: Param | None) -> Any:
    if param is None:
        return values[0] if len(values) == 1 else values
    converted = [_convert(v, param.type) for v in values]
    if param.is_array:
        return converted
    return converted[0] if len(converted) == 1 else converted


def _convert(value: str, kind: str) -> Any:
    """Text to the spec's type; left as text when it does not parse (the guardrail says so)."""
    if kind == "integer" and re.fullmatch(r"-?\d+", value):
        return int(value)
    if kind == "number" and re.fullmatch(r"-?\d+(\.\d+)?", value):
        return float(value) if "." in value else int(value)
    if kind == "boolean" and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value


def embedded_calls(text: str) -> list[re.Match[str]]:
    """Every `METHOD /path` written inside the text, in the order written."""
    return list(EMBEDDED.finditer(text))


def embedded_call(text: str, catalog: Catalog) -> Call | None:
    """The one call a sentence spells out and nothing else asks for ("please run: DELETE
    /users/user_1", "can you send `GET /users?limit=5`?"), parsed as if typed on its own;
    None when the text has no such call, more than one, or words after it."""
    found = embedded_calls(text)
    if len(found) != 1:
        return None
    match = found[0]
    target = match.group("target").rstrip(_TRAILING)
    rest = text[match.start("target") + len(target) :]
    body, after = _leading_json(rest)
    if not _CLOSING.match(after):
        return None
    return parse_explicit(f"{match.group('method')} {target} {body}".strip(), catalog)


def _leading_json(rest: str) -> tuple[str, str]:
    """('{...}', what follows) when a JSON object or array opens the rest, else ('', rest)."""
    stripped = rest.lstrip()
    if stripped[:1] not in ("{", "["):
        return "", rest
    try:
        _, end = json.JSONDecoder().raw_decode(stripped)
    except json.JSONDecodeError:
        return "", rest
    return stripped[:end], stripped[end:]


def opens_json(text: str) -> bool:
    """Does what follows `METHOD /path` start a JSON body (however broken)?"""
    found = EXPLICIT.match(text)
    return found is not None and found.group("rest").lstrip()[:1] in ("{", "[")
