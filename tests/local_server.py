"""A scriptable HTTP server on 127.0.0.1 for executor tests and the executor bench.

A real socket, a real `http.server` thread: queue canned replies (`reply`), or install a
`route` function; every request is recorded. An optional sliding-window limit answers
429 with `Retry-After` like Clerk does.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from assistant.sandbox.server import LoopbackServer, serve_answers


@dataclass
class Seen:
    """One request as the server received it."""

    method: str
    path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None

    def param(self, name: str) -> str | None:
        return next((v for k, v in self.query if k == name), None)


@dataclass
class Reply:
    status: int = 200
    body: Any = None  # JSON-encoded unless bytes
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (timeout tests)

    def encoded(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        return b"" if self.body is None else json.dumps(self.body).encode()


Route = Callable[[Seen], Reply]


class LocalServer:
    def __init__(self, limit: int | None = None, window: float = 10.0) -> None:
        self.seen: list[Seen] = []
        self.replies: deque[Reply] = deque()
        self.route: Route = lambda seen: Reply(200, {"ok": True, "path": seen.path})
        self.limit, self.window = limit, window
        self.rejected = 0
        self._stamps: deque[float] = deque()
        self._lock = threading.Lock()
        self._server: LoopbackServer | None = None

    @property
    def url(self) -> str:
        assert self._server, "start() the server first"
        return self._server.base_url

    def start(self) -> LocalServer:
        self._server = serve_answers(self._serve, name="local-test-server")
        return self

    def shutdown(self) -> None:
        if self._server:
            self._server.shutdown()

    def reply(self, status: int = 200, body: Any = None, **options: Any) -> None:
        """Queue one canned reply; queued replies are used before `route`."""
        self.replies.append(Reply(status, body, **options))

    def answer(self, seen: Seen) -> Reply:
        with self._lock:
            self.seen.append(seen)
            if self._over_limit():
                self.rejected += 1
                retry = self._stamps[0] + self.window - time.monotonic()
                headers = {"Retry-After": f"{retry:.3f}"}
                return Reply(429, _clerk_error("too_many_requests"), headers)
            queued = self.replies.popleft() if self.replies else None
        return queued or self.route(seen)

    def _serve(
        self, method: str, path: str, query: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        seen = Seen(
            method=method,
            path=path,
            query=parse_qsl(query, keep_blank_values=True),
            headers={k.lower(): v for k, v in headers.items()},
            body=body,
        )
        reply = self.answer(seen)
        if reply.delay:
            time.sleep(reply.delay)
        return reply.status, {"Content-Type": "application/json", **reply.headers}, reply.encoded()

    def _over_limit(self) -> bool:
        if self.limit is None:
            return False
        now = time.monotonic()
        while self._stamps and self._stamps[0] <= now - self.window:
            self._stamps.popleft()
        if len(self._stamps) >= self.limit:
            return True
        self._stamps.append(now)
        return False


def _clerk_error(code: str) -> dict[str, Any]:
    return {"errors": [{"message": "Too many requests", "code": code}], "clerk_trace_id": "t"}
