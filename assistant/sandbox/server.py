"""Two ways to reach a Sandbox: an httpx transport (in-process) and a loopback HTTP server."""

from __future__ import annotations

import threading
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


class _Handler(BaseHTTPRequestHandler):
    server: _SandboxHTTPServer
    protocol_version = "HTTP/1.1"  # keep-alive: a client reuses its connection
    disable_nagle_algorithm = True  # headers and body go out as two writes: no 40 ms stall

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path, _, query = self.path.partition("?")
        status, headers, payload = self.server.sandbox.handle(
            self.command, path, query, dict(self.headers.items()), body
        )
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _answer

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the sandbox prints its URL, not one line per request."""


class _SandboxHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def __init__(self, address: tuple[str, int], sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        super().__init__(address, _Handler)


@dataclass
class RunningServer:
    """A sandbox answering on 127.0.0.1; `url` ends in /v1 (what SDKs call server_url)."""

    httpd: _SandboxHTTPServer
    thread: threading.Thread

    @property
    def sandbox(self) -> Sandbox:
        return self.httpd.sandbox

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    @property
    def url(self) -> str:
        host = str(self.httpd.server_address[0])
        return f"http://{host}:{self.port}/v1"

    def shutdown(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def serve(sandbox: Sandbox, host: str = "127.0.0.1", port: int = 0) -> RunningServer:
    """Start answering in a background thread; call `.shutdown()` to stop."""
    httpd = _SandboxHTTPServer((host, port), sandbox)
    # A short poll interval makes shutdown() (tests, Ctrl-C) return in ~50 ms, not 500.
    thread = threading.Thread(
        target=httpd.serve_forever,
        kwargs={"poll_interval": 0.05},
        name="clerk-sandbox",
        daemon=True,
    )
    thread.start()
    return RunningServer(httpd, thread)
