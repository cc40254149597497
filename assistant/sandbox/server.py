"""Two ways to reach a Sandbox: an httpx transport (in-process) and a loopback HTTP server.

The HTTP server serves any `Answer` function; the tests' scripted servers use it too.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

from .app import Sandbox


def sandbox_transport(sandbox: Sandbox) -> httpx.BaseTransport:
    """An httpx transport that answers from `sandbox` without opening a socket."""

    def answer(request: httpx.Request) -> httpx.Response:
        status, headers, body = sandbox.handle(
            request.method,
            request.url.path,
            request.url.query.decode(),
            dict(request.headers),
            request.read(),
        )
        return httpx.Response(status, headers=headers, content=body)

    return httpx.MockTransport(answer)


# (method, path, query, headers, body) -> (status, headers, body): `Sandbox.handle`'s shape.
Answer = Callable[[str, str, str, dict[str, str], bytes], tuple[int, dict[str, str], bytes]]


class _Handler(BaseHTTPRequestHandler):
    server: _AnsweringHTTPServer
    protocol_version = "HTTP/1.1"  # keep-alive: a client reuses its connection
    disable_nagle_algorithm = True  # headers and body go out as two writes: no 40 ms stall

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path, _, query = self.path.partition("?")
        status, headers, payload = self.server.answer(
            self.command, path, query, dict(self.headers.items()), body
        )
        # The client may have given up (a timeout); then there is no one to answer.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _answer

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: no line per request (`sandbox serve` prints its URL once)."""


class _AnsweringHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def __init__(self, address: tuple[str, int], answer: Answer) -> None:
        self.answer = answer
        super().__init__(address, _Handler)


@dataclass
class LoopbackServer:
    """An `Answer` function served over HTTP from a background thread."""

    httpd: _AnsweringHTTPServer
    thread: threading.Thread

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    @property
    def base_url(self) -> str:
        """`http://host:port`, nothing after it."""
        host = str(self.httpd.server_address[0])  # always text for an AF_INET server
        return f"http://{host}:{self.port}"

    def shutdown(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def serve_answers(
    answer: Answer, host: str = "127.0.0.1", port: int = 0, name: str = "loopback-http"
) -> LoopbackServer:
    """Start answering in a background thread; call `.shutdown()` to stop."""
    httpd = _AnsweringHTTPServer((host, port), answer)
    # A short poll interval makes shutdown() (tests, Ctrl-C) return in ~50 ms, not 500.
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, name=name, daemon=True
    )
    thread.start()
    return LoopbackServer(httpd, thread)


@dataclass
class RunningServer:
    """A sandbox answering on 127.0.0.1; `url` ends in /v1 (what SDKs call server_url)."""

    server: LoopbackServer
    sandbox: Sandbox

    @property
    def port(self) -> int:
        return self.server.port

    @property
    def url(self) -> str:
        return f"{self.server.base_url}/v1"

    def shutdown(self) -> None:
        self.server.shutdown()


def serve(sandbox: Sandbox, host: str = "127.0.0.1", port: int = 0) -> RunningServer:
    """Serve `sandbox` over HTTP in a background thread; call `.shutdown()` to stop."""
    return RunningServer(serve_answers(sandbox.handle, host, port, "clerk-sandbox"), sandbox)
