"""A scriptable HTTP server on 127.0.0.1 for executor tests and the executor bench.

A real socket, a real `http.server` thread: queue canned replies (`reply`), or install a
`route` function; every request is recorded. An optional sliding-window limit answers
429 with `Retry-After` like Clerk does.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit


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
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> LocalServer:
        self._thread.start()
        return self

    def shutdown(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

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


def _handler_for(server: LocalServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body are two writes: avoid 40 ms stalls

        def _serve(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            seen = Seen(
                method=self.command,
                path=parts.path,
                query=parse_qsl(parts.query, keep_blank_values=True),
                headers={k.lower(): v for k, v in self.headers.items()},
                body=self.rfile.read(length) if length else b"",
            )
            reply = server.answer(seen)
            if reply.delay:
                time.sleep(reply.delay)
            # The client may have given up (timeout tests); then there is no one to answer.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._write(reply)

        def _write(self, reply: Reply) -> None:
            payload = reply.encoded()
            self.send_response(reply.status)
            headers = {"Content-Type": "application/json", **reply.headers}
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

        def log_message(self, format: str, *args: Any) -> None:  # quiet test output
            pass

    return Handler
