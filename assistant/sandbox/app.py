"""`Sandbox.handle`: one HTTP request in, one Clerk-like answer out, no sockets involved.

The order of checks follows Clerk: authentication, rate limit, route, parameters and
body (validated against the spec), then the operation. Operations in `routes.ROUTES`
change the in-memory world; every other operation answers with a value synthesized from
its response schema and says so in `X-Clerk-Sandbox: synthesized`.
"""

from __future__ import annotations

import copy
import json
import math
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from jsonschema import ValidationError

from ..models import Endpoint, Param
from ..spec import Catalog, strip_version_prefix
from .document import cached_document
from .errors import (
    ClerkError,
    bad_request,
    internal_error,
    not_found,
    param_invalid,
    param_missing,
    param_unknown,
    too_many_requests,
    unauthorized,
)
from .routes import ROUTES, Ctx
from .schemas import SchemaSet, Synthesizer, pointer
from .seed import seed_world
from .shapes import Shapes
from .store import Listing, World, load_world, save_world

Response = tuple[int, dict[str, str], bytes]
BEARER = re.compile(r"Bearer\s+(\S+)\s*$", re.IGNORECASE)


class RateLimiter:
    """Sliding window per key: `limit` requests per `window` seconds, like a dev instance."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float]) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, key: str) -> None:
        with self._lock:
            now = self.clock()
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                raise too_many_requests(max(1, math.ceil(hits[0] + self.window - now)))
            hits.append(now)


class Sandbox:
    """An in-memory Clerk Backend API for one spec version."""

    def __init__(
        self,
        catalog: Catalog,
        document: dict[str, Any] | None = None,
        *,
        seed: bool = True,
        rate_limit: int | None = 100,
        rate_window: float = 10.0,
        state_file: str | Path | None = None,
        clock: Callable[[], float] = time.time,
        latency: float = 0.0,
    ) -> None:
        self.catalog = catalog
        # Seconds each answer takes, like Clerk's 100-300 ms, so set pacing can be measured
        # offline; requests still arrive (and count against the rate limit) at once.
        self.latency = latency
        self.schemas = SchemaSet(document or cached_document(catalog))
        self.shapes = Shapes(Synthesizer(self.schemas))
        self.clock = clock
        self.limiter = RateLimiter(rate_limit, rate_window, clock) if rate_limit else None
        self.state_file = Path(state_file) if state_file else None
        self._raw_paths = {strip_version_prefix(p): p for p in self.schemas.document["paths"]}
        self._synthesized: dict[str, tuple[int, Any]] = {}
        self._lock = threading.RLock()
        self.world = self._initial_world(seed)

    def _initial_world(self, seed: bool) -> World:
        saved = load_world(self.state_file) if self.state_file else None
        if saved is not None:
            return saved
        world = World()
        if seed:
            seed_world(world, self.shapes)
        if self.state_file is not None:  # the file exists from the first run on
            save_world(world, self.state_file)
        return world

    # ------------------------------------------------------------------ entry point

    def handle(
        self,
        method: str,
        path: str,
        query: str | Mapping[str, Any] = "",
        headers: Mapping[str, str] | None = None,
        body: bytes = b"",
    ) -> Response:
        lowered = {k.lower(): v for k, v in (headers or {}).items()}
        if "?" in path and not query:  # accept "/v1/users?limit=2" as well
            path, query = path.split("?", 1)
        try:
            return self._handle(method.upper(), path, query, lowered, body)
        except ClerkError as exc:
            return _json_response(exc.status, exc.payload(), exc.headers)
        except Exception as exc:  # a sandbox bug must not kill the server thread
            failure = internal_error(f"{method} {path}", exc)
            return _json_response(failure.status, failure.payload())
        finally:
            if self.latency > 0:
                time.sleep(self.latency)

    def _handle(
        self,
        method: str,
        path: str,
        query: str | Mapping[str, Any],
        headers: dict[str, str],
        body: bytes,
    ) -> Response:
        key = authenticate(headers)
        if self.limiter is not None:
            self.limiter.check(key)
        endpoint, params = self.route(method, path)
        typed_query = parse_query(endpoint, _raw_query(query))
        parsed = self.parse_body(endpoint, body)
        handler = ROUTES.get(endpoint.key)
        with self._lock:
            if handler is None:
                return self._synthesize(endpoint)
            ctx = Ctx(self.world, self.shapes, self.now(), params, typed_query, parsed)
            payload = handler(ctx)
            if method != "GET":
                self.save()
        status = _success_status(endpoint)
        return _json_response(status, _wrap(endpoint, payload), {"X-Clerk-Sandbox": "stateful"})

    def now(self) -> int:
        return int(self.clock() * 1000)

    def save(self) -> None:
        if self.state_file is not None:
            save_world(self.world, self.state_file)

    # ------------------------------------------------------------------ request checks

    def route(self, method: str, path: str) -> tuple[Endpoint, dict[str, str]]:
        bare = path.split("?", 1)[0]
        found = self.catalog.match(method, bare) if bare.startswith("/v1/") else None
        if found is None:
            raise not_found(f"route {method} {bare}")
        return found

    def parse_body(self, endpoint: Endpoint, raw: bytes) -> Any:
        spec_body = endpoint.body
        if spec_body is None or spec_body.content_type != "application/json":
            return None
        if not raw.strip():
            data: Any = [] if spec_body.is_array else {}
        else:
            try:
                data = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError):
                raise bad_request("The request body is not valid JSON.") from None
        self.validate_body(endpoint, data)
        return data

    def validate_body(self, endpoint: Endpoint, data: Any) -> None:
        ref = self._body_pointer(endpoint)
        if ref is None:
            return
        errors = sorted(self.schemas.validator(ref).iter_errors(data), key=lambda e: len(e.path))
        if errors:
            raise _body_error(errors[0])

    def _body_pointer(self, endpoint: Endpoint) -> str | None:
        raw_path = self._raw_paths.get(endpoint.path)
        operation = self.schemas.document["paths"].get(raw_path, {}).get(endpoint.method.lower())
        content = (operation or {}).get("requestBody", {}).get("content", {})
        if "schema" not in content.get("application/json", {}):
            return None
        parts = ("requestBody", "content", "application/json", "schema")
        return pointer("paths", str(raw_path), endpoint.method.lower(), *parts)

    def response_pointer(self, endpoint: Endpoint) -> str | None:
        """Where the success response's schema is (None for an empty answer)."""
        success = endpoint.success
        raw_path = self._raw_paths.get(endpoint.path)
        if success is None or raw_path is None:
            return None
        operation = self.schemas.document["paths"][raw_path][endpoint.method.lower()]
        response = self.schemas.refs.deref(operation["responses"][success.status])
        if "schema" not in response.get("content", {}).get("application/json", {}):
            return None
        where = operation["responses"][success.status].get("$ref")
        base = where.removeprefix("#/").split("/") if where else [
            "paths", str(raw_path), endpoint.method.lower(), "responses", success.status
        ]  # fmt: skip
        return pointer(*base, "content", "application/json", "schema")

    # ------------------------------------------------------------------ synthesized answers

    def _synthesize(self, endpoint: Endpoint) -> Response:
        cached = self._synthesized.get(endpoint.key)
        if cached is None:
            cached = self._synthesized[endpoint.key] = self._make_synthesized(endpoint)
        status, payload = cached
        headers = {"X-Clerk-Sandbox": "synthesized"}
        if payload is None:
            return status, headers, b""
        return _json_response(status, copy.deepcopy(payload), headers)

    def _make_synthesized(self, endpoint: Endpoint) -> tuple[int, Any]:
        ref = self.response_pointer(endpoint)
        status = _success_status(endpoint)
        if ref is None:
            return status, None
        schema = self.schemas.refs.lookup("#/" + ref.split("#/", 1)[1])
        return status, self.shapes.synthesizer.value(schema)


# --------------------------------------------------------------------------- helpers


def authenticate(headers: Mapping[str, str]) -> str:
    header = headers.get("authorization")
    if not header:
        raise unauthorized(
            "The request has no Authorization header; send `Authorization: Bearer sk_test_...`."
        )
    found = BEARER.match(header)
    if not found:
        raise unauthorized("The Authorization header must be `Bearer <secret key>`.")
    key = found.group(1)
    if not key.startswith("sk_test_") or len(key) <= len("sk_test_"):
        raise unauthorized("The sandbox accepts only test secret keys (sk_test_...).")
    return key


def _raw_query(query: str | Mapping[str, Any]) -> dict[str, list[str]]:
    if isinstance(query, str):
        return parse_qs(query.lstrip("?"), keep_blank_values=True)
    return {k: [str(x) for x in _as_list(v)] for k, v in query.items()}


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else [value]


def parse_query(endpoint: Endpoint, raw: dict[str, list[str]]) -> dict[str, Any]:
    typed: dict[str, Any] = {}
    for param in endpoint.query_params:
        values = raw.get(param.name) or raw.get(f"{param.name}[]")
        if not values:
            if param.required:
                raise param_missing(param.name)
            continue
        converted = [_convert(param, v) for v in values]
        typed[param.name] = converted if param.is_array else converted[0]
    return typed


def _convert(param: Param, text: str) -> Any:
    value: Any = text
    if param.type == "integer":
        if not re.fullmatch(r"-?\d+", text):
            raise param_invalid(param.name, f"{text!r} is not an integer")
        value = int(text)
        _check_range(param, value)
    elif param.type == "boolean":
        if text.lower() not in ("true", "false"):
            raise param_invalid(param.name, f"{text!r} is not true or false")
        value = text.lower() == "true"
    if param.enum and str(value) not in param.enum:
        raise param_invalid(param.name, f"must be one of {', '.join(param.enum)}")
    return value


def _check_range(param: Param, value: int) -> None:
    if param.minimum is not None and value < param.minimum:
        raise param_invalid(param.name, f"must be at least {param.minimum:g}")
    if param.maximum is not None and value > param.maximum:
        raise param_invalid(param.name, f"must be at most {param.maximum:g}")


def _body_error(error: ValidationError) -> ClerkError:
    prefix = ".".join(str(p) for p in error.path)
    instance = error.instance if isinstance(error.instance, dict) else {}
    if error.validator == "required":
        missing = [r for r in error.validator_value if r not in instance]
        return param_missing(".".join(filter(None, [prefix, missing[0] if missing else ""])))
    if error.validator == "additionalProperties":
        known = error.schema.get("properties", {})
        extra = next((k for k in instance if k not in known), "")
        return param_unknown(".".join(filter(None, [prefix, extra])))
    return param_invalid(prefix or "body", error.message)


def _success_status(endpoint: Endpoint) -> int:
    success = endpoint.success
    return int(success.status) if success and success.status.isdigit() else 200


def _wrap(endpoint: Endpoint, payload: Any) -> Any:
    if not isinstance(payload, Listing):
        return payload
    shape = endpoint.success.shape if endpoint.success else "array"
    if shape == "list":
        return {"data": payload.items, "total_count": payload.total}
    return payload.items


def _json_response(status: int, payload: Any, headers: dict[str, str] | None = None) -> Response:
    body = json.dumps(payload, separators=(",", ":")).encode()
    return status, {"Content-Type": "application/json", **(headers or {})}, body
