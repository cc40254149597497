"""Send confirmed calls to Clerk's Backend API: auth, limits, retries, typed errors.

`prepare` builds the exact `httpx.Request` (the REPL renders curl from that same object);
`send` puts it on the wire. They are separate because the Session asks for confirmation
in between. `run` is a thin whole-plan helper for scripts and tests.

Retry policy (documented in the README):
- 429 is retried for every method: Clerk did not process the request. `Retry-After`
  (seconds or an HTTP date) is honoured; without it, exponential backoff.
- 5xx, timeouts and connection errors are retried only for idempotent methods
  (GET, HEAD, PUT, DELETE, OPTIONS). POST and PATCH are never retried: the first attempt
  may have taken effect, and a second one could create a duplicate.
- Backoff is `min(cap, base * 2**attempt)` scaled by a random factor in [0.5, 1), at most
  `max_retries` retries; a `Retry-After` longer than `max_retry_after` is not waited out.

The key rule: the secret key is sent only over HTTPS, or plain HTTP to a loopback host
(127.0.0.0/8, ::1, localhost), and only to the configured base URL's host.
"""

from __future__ import annotations

import ipaddress
import json
import random
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from . import __version__
from .errors import ApiError, AssistantError, ConfigError
from .models import Call, Endpoint, Result
from .references import ReferenceError_, resolve
from .settings import Settings
from .transcript import escape_surrogates
from .wire import MissingValue, WireError, fill_path

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
DEFAULT_WINDOW = 10.0  # Clerk's published limits are per 10 seconds
TEST_KEY_LIMIT = 100
LIVE_KEY_LIMIT = 1000
USER_AGENT = f"clerk-assistant/{__version__}"
REDACTED = "[redacted]"

Sleep = Callable[[float], None]
Clock = Callable[[], float]
Progress = Callable[[int, int | None], None]
# Told before each repeated attempt: the request, its attempt number (2, 3, ...) and what
# the attempt before it got ("HTTP 429, waited 2 s").
RetryHook = Callable[[httpx.Request, int, str], None]


# --------------------------------------------------------------------------- errors


class ClerkApiError(ApiError):
    """Clerk answered with an error body (`{"errors": [...], "clerk_trace_id": ...}`)."""

    def __init__(
        self,
        status: int,
        message: str,
        long_message: str | None = None,
        code: str | None = None,
        meta: dict[str, Any] | None = None,
        trace_id: str | None = None,
    ) -> None:
        self.status = status
        self.message = message
        self.long_message = long_message
        self.code = code
        self.meta = meta or {}
        self.trace_id = trace_id
        super().__init__(self._line())

    def _line(self) -> str:
        text = f"Clerk API error {self.status}"
        text += f" ({self.code}): " if self.code else ": "
        text += self.message
        if self.long_message and self.long_message != self.message:
            text += f" — {self.long_message}"
        return text + (f" [trace {self.trace_id}]" if self.trace_id else "")

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "message": self.message,
            "long_message": self.long_message,
            "code": self.code,
            "meta": self.meta,
            "trace_id": self.trace_id,
        }  # the constructor's keywords, so ClerkApiError(**e.to_json()) rebuilds it


class TransportError(ApiError):
    """No usable answer: timeout, refused connection, non-JSON body, Ctrl-C."""


class UnresolvedReference(ApiError):
    """A `{{N.path}}` reference or a path parameter that cannot be filled in."""


# --------------------------------------------------------------------------- key rule


def is_loopback(host: str) -> bool:
    host = host.strip("[]").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_key_destination(url: httpx.URL) -> None:
    """Raise ConfigError unless the key may travel to `url` (HTTPS, or HTTP to loopback)."""
    if url.scheme == "https" and url.host:
        return
    if url.scheme == "http" and is_loopback(url.host):
        return
    raise ConfigError(
        f"refusing to send the Clerk secret key to {url.scheme}://{url.host}: use https:// "
        "(plain http is allowed only for 127.0.0.1, ::1 and localhost); check CLERK_REST_API_URL"
    )


def default_rate_limit(secret_key: str | None) -> int:
    """Clerk's documented per-10-second limit for the key's instance kind."""
    return LIVE_KEY_LIMIT if (secret_key or "").startswith("sk_live_") else TEST_KEY_LIMIT


# --------------------------------------------------------------------------- rate limit


class RateLimiter:
    """Sliding-window log: at most `limit` acquisitions in any `window` seconds.

    Thread-safe: the workers of a set step share one limiter (and with it the pages of the
    list they walk), so together they never go faster than the instance's limit.
    """

    def __init__(self, limit: int, window: float, clock: Clock, sleep: Sleep) -> None:
        if limit < 1 or window <= 0:
            raise ConfigError(f"rate limit must be at least 1 per window, got {limit}/{window}s")
        self.limit, self.window = limit, window
        self._clock, self._sleep = clock, sleep
        self._stamps: deque[float] = deque()
        self._lock = threading.Lock()
        self._held_until = 0.0  # after a 429: nobody sends before this instant

    def acquire(self) -> float:
        """Block until a slot is free; returns the seconds spent waiting."""
        waited = 0.0
        while (delay := self.try_acquire()[0]) > 0:
            self._sleep(delay)
            waited += delay
        return waited

    def try_acquire(self) -> tuple[float, float | None]:
        """(0, stamp) with a slot taken now, or (seconds until one may be free, None)."""
        with self._lock:
            delay = self._delay()
            if delay > 0:
                return delay, None
            stamp = self._clock()
            self._stamps.append(stamp)
            return 0.0, stamp

    def settle(self, stamp: float | None = None) -> None:
        """Re-stamp a call (the latest, or the one taken at `stamp`) with its completion
        time. The server counted it on arrival, somewhere between acquire and now;
        counting from now keeps the client's window safely behind the server's, so the
        limiter does not trigger 429s itself."""
        with self._lock:
            if stamp is not None and stamp in self._stamps:
                self._stamps.remove(stamp)
                self._stamps.append(self._clock())
            elif stamp is None and self._stamps:
                self._stamps[-1] = self._clock()

    def hold(self, seconds: float) -> None:
        """After a 429 with Retry-After: every sender waits `seconds` from now."""
        with self._lock:
            self._held_until = max(self._held_until, self._clock() + seconds)

    def _delay(self) -> float:
        now = self._clock()
        while self._stamps and self._stamps[0] <= now - self.window:
            self._stamps.popleft()
        held = self._held_until - now
        if len(self._stamps) < self.limit:
            return max(held, 0.0)
        return max(held, self._stamps[0] + self.window - now)


# --------------------------------------------------------------------------- retry policy


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_retries: int = 3
    base_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0  # a longer Retry-After is reported, not waited out

    def backoff(self, attempt: int, jitter: float) -> float:
        """Delay before retry number `attempt` (0-based); jitter in [0, 1)."""
        return min(self.max_delay, self.base_delay * 2**attempt) * (0.5 + jitter / 2)


def retry_after_seconds(value: str | None, now: float) -> float | None:
    """`Retry-After` as seconds: a number, or an HTTP date relative to `now` (epoch)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - now)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


@dataclass(frozen=True, slots=True)
class _Retry:
    """An attempt to repeat: what it got, and the server's Retry-After if it said one."""

    why: str
    retry_after: str | None = None


def _retryable_status(status: int, method: str) -> bool:
    return status == 429 or (status >= 500 and method in IDEMPOTENT_METHODS)


# --------------------------------------------------------------------------- executor


class Executor:
    """An httpx client for one Clerk instance, with the key rule, limits and retries."""

    def __init__(
        self,
        base_url: str,
        secret_key: str | None,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 30.0,
        rate_limit: int | None = None,
        max_retries: int = 3,
        sleep: Sleep = time.sleep,
        *,
        rate_window: float = DEFAULT_WINDOW,
        clock: Clock = time.monotonic,
        wall_clock: Clock = time.time,
        jitter: Callable[[], float] = random.random,
        retry: RetryPolicy | None = None,
    ) -> None:
        if not secret_key:
            raise ConfigError(
                "no Clerk secret key: set CLERK_SECRET_KEY (or put it in .env.local), "
                "or pass --secret-key"
            )
        self.base_url = httpx.URL(base_url.rstrip("/"))
        check_key_destination(self.base_url)
        self._secret = secret_key
        self.timeout = timeout
        self.retry = retry or RetryPolicy(max_retries=max_retries)
        self._sleep, self._wall_clock, self._jitter = sleep, wall_clock, jitter
        limit = rate_limit or default_rate_limit(secret_key)
        self.limiter = RateLimiter(limit, rate_window, clock, sleep)
        self._client = httpx.Client(transport=transport, timeout=timeout, follow_redirects=False)
        self.retries = 0  # how many attempts were repeated (429, 5xx, transport errors)

    @classmethod
    def from_settings(
        cls, settings: Settings, transport: httpx.BaseTransport | None = None, **options: Any
    ) -> Executor:
        return cls(
            settings.api_url,
            settings.secret_key,
            transport=transport,
            timeout=settings.timeout,
            rate_limit=settings.rate_limit,
            **options,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def scrub(self, value: Any) -> Any:
        """`value` (text or JSON) without the secret key: every error and body passes here,
        so not even a server echoing the key back puts it in a Result."""
        if isinstance(value, str):
            return value.replace(self._secret, REDACTED)
        if isinstance(value, dict):
            return {k: self.scrub(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.scrub(v) for v in value]
        return value

    # ----------------------------------------------------------------- prepare

    def prepare(self, call: Call, responses: Mapping[int, Any] | None = None) -> httpx.Request:
        """The exact request for `call`, with `{{N.path}}` references filled in.

        The one place the wire invariant is enforced: the path sent is the call's template
        with each value percent-encoded as one segment (`wire.fill_path` refuses dot
        segments and separators), and the built request is compared byte for byte with
        that path, so neither httpx nor anything else can normalise it into another one.
        """
        try:
            path_params = resolve(call.path_params, responses or {})
            query = resolve(call.query, responses or {})
            body = resolve(call.body, responses or {})
            path = fill_path(call.path, path_params)
        except ReferenceError_ as exc:
            raise UnresolvedReference(f"{call.method} {call.path}: {exc}") from None
        except MissingValue as exc:
            raise UnresolvedReference(str(exc)) from None
        request = self._client.build_request(
            call.method.upper(),
            httpx.URL(str(self.base_url) + path),
            params=_query_params(query),
            content=None if body is None else json.dumps(body, ensure_ascii=False).encode(),
            headers=self._headers(body is not None),
        )
        self._check_wire_path(request, path)
        return request

    def _check_wire_path(self, request: httpx.Request, path: str) -> None:
        """Refuse a request whose raw path is not exactly base path + the filled template."""
        expected = self.base_url.raw_path.rstrip(b"/") + path.encode()
        sent = request.url.raw_path.partition(b"?")[0]
        if sent != expected:
            raise WireError(
                f"{request.method} {path}: the URL would go out as {sent.decode()!r}, not the "
                "checked path; not sent"
            )

    def _headers(self, has_body: bool) -> dict[str, str]:
        headers = {
            "Authorization": f"Bearer {self._secret}",
            "User-Agent": USER_AGENT,
            "Accept": "application/json",
        }
        if has_body:
            headers["Content-Type"] = "application/json"
        return headers

    # ----------------------------------------------------------------- send

    def send(
        self, request: httpx.Request, step: int = 1, on_retry: RetryHook | None = None
    ) -> Result:
        """Send one prepared request; every failure becomes a Result, never a traceback.

        `on_retry` sees every repeated attempt before it goes out (the transcript records
        each wire attempt; the caller records the first)."""
        started = time.perf_counter()
        try:
            body, status = self.exchange(request, on_retry)
        except ClerkApiError as exc:
            return self._failed(step, started, exc, exc.status, exc.to_json())
        except AssistantError as exc:  # transport failures, the key rule
            return self._failed(step, started, exc, None, None)
        except KeyboardInterrupt:
            note = "interrupted (Ctrl-C) before Clerk answered; the request may have been applied"
            return Result(step, "interrupted", error=note, duration_ms=_ms(started))
        body = self.scrub(body)
        return Result(step, "ok", http_status=status, body=body, duration_ms=_ms(started))

    def _failed(
        self, step: int, started: float, exc: Exception, status: int | None, info: Any
    ) -> Result:
        return Result(
            step=step,
            status="error",
            http_status=status,
            body=self.scrub(info),
            error=self.scrub(str(exc)),
            duration_ms=_ms(started),
        )

    def exchange(
        self, request: httpx.Request, on_retry: RetryHook | None = None
    ) -> tuple[Any, int]:
        """Send with rate limit and retries; return (decoded body, status) or raise typed."""
        self._check_destination(request.url)
        why: str | None = None  # what the attempt before this one got
        for attempt in range(self.retry.max_retries + 1):
            if why is not None and on_retry is not None:
                on_retry(request, attempt + 1, why)
            answer = self._attempt(request, attempt + 1, final=attempt == self.retry.max_retries)
            if not isinstance(answer, _Retry):
                return answer
            why = self._wait_for_retry(request, answer, attempt)
            self.retries += 1
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _attempt(
        self, request: httpx.Request, number: int, final: bool
    ) -> tuple[Any, int] | _Retry:
        """One wire attempt: (body, status), or why it should be retried (HTTP 429 ...)."""
        self.limiter.acquire()
        try:
            response = self._client.send(request)
        except httpx.TransportError as exc:
            self.limiter.settle()
            if final or request.method not in IDEMPOTENT_METHODS:
                raise self._transport_error(request, exc, number) from None
            return _Retry(type(exc).__name__)
        self.limiter.settle()
        if final or not _retryable_status(response.status_code, request.method):
            return self._decode(response), response.status_code
        return _Retry(f"HTTP {response.status_code}", response.headers.get("Retry-After"))

    def _decode(self, response: httpx.Response) -> Any:
        try:
            # A lone surrogate (`"\ud800"` is valid JSON) cannot be printed or recorded:
            # it is kept as the text `\ud800`, not left to fail after the request was applied.
            return escape_surrogates(decode(response))
        except ClerkApiError as exc:  # a server echoing the key must not leak it
            raise ClerkApiError(**self.scrub(escape_surrogates(exc.to_json()))) from None
        except ApiError as exc:
            exc.args = (self.scrub(str(exc)),)
            raise

    def _check_destination(self, url: httpx.URL) -> None:
        check_key_destination(url)
        if (url.scheme, url.host, url.port) != (
            self.base_url.scheme,
            self.base_url.host,
            self.base_url.port,
        ):
            raise ConfigError(
                f"refusing to send the secret key to {url.host}: only {self.base_url.host} "
                "is configured"
            )

    def _wait_for_retry(self, request: httpx.Request, retry: _Retry, attempt: int) -> str:
        """Sleep before the next attempt (Retry-After, else backoff); says why and how long."""
        delay = retry_after_seconds(retry.retry_after, self._wall_clock())
        if delay is None:
            delay = self.retry.backoff(attempt, self._jitter())
        elif delay > self.retry.max_retry_after:
            raise TransportError(
                f"rate limited by {request.url.host}: it asks to wait {delay:.0f} s, "
                f"more than the {self.retry.max_retry_after:.0f} s this tool waits; try later"
            )
        if retry.why == "HTTP 429":  # other senders (set workers) wait too
            self.limiter.hold(delay)
        self._sleep(delay)
        return f"{retry.why}, waited {delay:.3g} s"

    # ----------------------------------------------------------------- one attempt (sets)

    def attempt(self, request: httpx.Request) -> httpx.Response:
        """One wire attempt with no limiter and no retry: the set runner paces all its
        workers through `self.limiter` and retries 429s itself. Transport errors raise
        typed; the response is returned as it came."""
        self._check_destination(request.url)
        try:
            return self._client.send(request)
        except httpx.TransportError as exc:
            raise self._transport_error(request, exc) from None

    def outcome(self, response: httpx.Response, step: int, started: float) -> Result:
        """The Result of a response `attempt` returned (ok, or error with Clerk's message)."""
        try:
            body = self.scrub(self._decode(response))
        except ClerkApiError as exc:
            return self._failed(step, started, exc, exc.status, exc.to_json())
        except AssistantError as exc:
            return self._failed(step, started, exc, response.status_code, None)
        status = response.status_code
        return Result(step, "ok", http_status=status, body=body, duration_ms=_ms(started))

    def rate_window(self, response: httpx.Response) -> float | None:
        """A 429's Retry-After in seconds (None when it gives none)."""
        return retry_after_seconds(response.headers.get("Retry-After"), self._wall_clock())

    def _transport_error(
        self, request: httpx.Request, exc: httpx.TransportError, attempts: int = 1
    ) -> ApiError:
        # (the port stays in the host: "127.0.0.1:8443" and ":443" are different servers)
        where = f"{request.method} {request.url.netloc.decode('ascii')}{request.url.path}"
        if isinstance(exc, httpx.TimeoutException):
            tries = _attempts_text(request.method, attempts)
            text = f"{where} timed out after {self.timeout:g} s, {tries} ({type(exc).__name__})"
        elif isinstance(exc, httpx.ConnectError):
            text = f"cannot connect to {request.url.host}:{request.url.port or 443}: {exc}"
        else:
            text = f"{where} failed: {type(exc).__name__}: {exc}"
        return TransportError(self.scrub(text))

    # ----------------------------------------------------------------- whole plans

    def run(self, calls: Sequence[Call]) -> list[Result]:
        """Run `calls` in order; stop at the first failure and mark the rest 'skipped'."""
        results: list[Result] = []
        responses: dict[int, Any] = {}
        for step, call in enumerate(calls, start=1):
            result = self.prepare_and_send(call, step, responses)
            results.append(result)
            if result.status != "ok":
                return results + skipped_after(step, len(calls))
            responses[step] = result.body
        return results

    def prepare_and_send(self, call: Call, step: int, responses: Mapping[int, Any]) -> Result:
        try:
            request = self.prepare(call, responses)
        except (UnresolvedReference, ConfigError, WireError) as exc:
            return Result(step=step, status="error", error=self.scrub(str(exc)))
        return self.send(request, step)

    # ----------------------------------------------------------------- pagination

    def paginate(
        self,
        call: Call,
        cap: int = 1000,
        progress: Progress | None = None,
        endpoint: Endpoint | None = None,
        page_size: int = 100,
        on_request: Callable[[httpx.Request], None] | None = None,
        on_retry: RetryHook | None = None,
    ) -> list[Any]:
        """Every item of a list endpoint, up to `cap`: cursor pages when offered, else offset.

        `on_request` sees each page's request before it is sent (the session records it),
        `on_retry` each repeated attempt of a page. Raises the typed error of the first
        failing page.
        """
        pager = Pager(call, cap, page_size, uses_cursor(call, endpoint))
        while (page_call := pager.next_call()) is not None:
            request = self.prepare(page_call)
            if on_request:
                on_request(request)
            body, _ = self.exchange(request, on_retry)
            pager.add(self.scrub(body))
            if progress:
                progress(len(pager.items), pager.total)
        return pager.items


def skipped_after(failed: int, total: int) -> list[Result]:
    note = f"not run: step {failed} failed"
    return [Result(step=n, status="skipped", error=note) for n in range(failed + 1, total + 1)]


def uses_cursor(call: Call, endpoint: Endpoint | None) -> bool:
    """Cursor pagination needs the endpoint's `starting_after` and created_at ordering."""
    if endpoint is None or endpoint.param("starting_after") is None:
        return "starting_after" in call.query
    order = str(call.query.get("order_by") or "created_at").lstrip("+-")
    return order == "created_at"


class Pager:
    """The state of a pagination walk: what to ask next and what has come back."""

    def __init__(self, call: Call, cap: int, page_size: int, cursor: bool) -> None:
        self.call, self.cap, self.cursor = call, cap, cursor
        self.limit = int(call.query.get("limit") or page_size)
        self.items: list[Any] = []
        self.total: int | None = None
        self._done = cap <= 0
        self._offset = int(call.query.get("offset") or 0)
        self._after: str | None = call.query.get("starting_after")

    def next_call(self) -> Call | None:
        if self._done:
            return None
        query = {**self.call.query, "limit": min(self.limit, self.cap - len(self.items))}
        if self.cursor:
            query.pop("offset", None)
            if self._after:
                query["starting_after"] = self._after
        else:
            query["offset"] = self._offset
        return replace(self.call, query=query)

    def add(self, body: Any) -> None:
        page, total = page_items(body)
        self.total = total if total is not None else self.total
        self.items.extend(page[: self.cap - len(self.items)])
        self._offset += len(page)
        self._after = _last_id(page)
        self._done = (
            len(page) < self.limit
            or len(self.items) >= self.cap
            or (self.total is not None and self._offset >= self.total)
            or (self.cursor and self._after is None)
        )


def page_items(body: Any) -> tuple[list[Any], int | None]:
    """Items and total of a page: a JSON array or Clerk's `{data, total_count}`."""
    if isinstance(body, list):
        return body, None
    if isinstance(body, dict) and isinstance(body.get("data"), list):
        total = body.get("total_count")
        return body["data"], total if isinstance(total, int) else None
    raise TransportError("expected a list response to paginate, got " + type(body).__name__)


def _last_id(page: list[Any]) -> str | None:
    last = page[-1] if page else None
    return last.get("id") if isinstance(last, dict) else None


# --------------------------------------------------------------------------- helpers


def _query_params(query: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Query pairs: None dropped, lists repeated, booleans lower-case like Clerk expects."""
    pairs: list[tuple[str, str]] = []
    for name, value in query.items():
        for item in value if isinstance(value, list | tuple) else [value]:
            if item is not None:
                pairs.append((name, _query_text(item)))
    return pairs


def _query_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return json.dumps(value)
    return str(value)


def decode(response: httpx.Response) -> Any:
    """The JSON body of a response, or raise the typed error it stands for."""
    body = _json_or_none(response)
    if response.is_success:
        if body is None and response.content and "json" in _content_type(response):
            raise TransportError(_not_json(response))
        return body if body is not None or not response.content else response.text
    if isinstance(body, dict) and isinstance(body.get("errors"), list) and body["errors"]:
        raise clerk_error(response.status_code, body)
    if body is None and response.content:
        raise TransportError(_not_json(response))
    status = response.status_code
    raise ClerkApiError(status, f"HTTP {status} {response.reason_phrase}")


def clerk_error(status: int, body: dict[str, Any]) -> ClerkApiError:
    first = body["errors"][0] if isinstance(body["errors"][0], dict) else {}
    return ClerkApiError(
        status=status,
        message=str(first.get("message") or f"HTTP {status}"),
        long_message=first.get("long_message"),
        code=first.get("code"),
        meta=first.get("meta") if isinstance(first.get("meta"), dict) else None,
        trace_id=body.get("clerk_trace_id"),
    )


def _json_or_none(response: httpx.Response) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None


def _content_type(response: httpx.Response) -> str:
    return response.headers.get("Content-Type", "").split(";")[0].strip().lower()


def _not_json(response: httpx.Response) -> str:
    snippet = " ".join(response.text[:120].split())
    kind = _content_type(response) or "no content type"
    return (
        f"HTTP {response.status_code} from {response.url.host} with a body that is not JSON "
        f"({kind}, {len(response.content)} bytes): {snippet!r}"
    )


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


def _attempts_text(method: str, attempts: int) -> str:
    """How often it was tried, and why not more often."""
    if attempts > 1:
        return f"{attempts} attempts"
    if method not in IDEMPOTENT_METHODS:
        return f"1 attempt (a {method} is never sent twice)"
    return "1 attempt"
