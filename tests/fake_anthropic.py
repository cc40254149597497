"""A local stand-in for the Anthropic Messages API: scripted replies, recorded requests.

    with FakeAnthropic() as fake:
        fake.reply(tool_use("propose_plan", {...}))
        planner = ClaudePlanner(settings_with(base_url=fake.url))
        ...
        fake.requests[0]["body"]  # exactly what the real client sent

A real threaded HTTP server on 127.0.0.1, reached by the real `anthropic` client through
`base_url`, so the SDK's serialisation, headers, retries and error mapping all run.
"""

from __future__ import annotations

import json
from collections import deque
from typing import Any

from assistant.sandbox.server import LoopbackServer, serve_answers

_counter = iter(range(1, 1_000_000))


def message(content: list[dict[str, Any]], stop_reason: str = "tool_use") -> dict[str, Any]:
    return {
        "id": f"msg_fake{next(_counter)}",
        "type": "message",
        "role": "assistant",
        "model": "claude-test",
        "content": content,
        "stop_reason": stop_reason,
        "stop_sequence": None,
        "usage": {"input_tokens": 10, "output_tokens": 10},
    }


def tool_use(name: str, data: dict[str, Any]) -> dict[str, Any]:
    block = {"type": "tool_use", "id": f"toolu_{next(_counter)}", "name": name, "input": data}
    return message([block])


def text_reply(text: str) -> dict[str, Any]:
    return message([{"type": "text", "text": text}], stop_reason="end_turn")


def error(status: int, kind: str, text: str = "scripted error") -> tuple[int, dict[str, Any]]:
    return status, {"type": "error", "error": {"type": kind, "message": text}}


class FakeAnthropic:
    def __init__(self) -> None:
        self.replies: deque[Any] = deque()
        self.requests: list[dict[str, Any]] = []
        self._server: LoopbackServer | None = None

    @property
    def url(self) -> str:
        assert self._server, "use FakeAnthropic as a context manager"
        return self._server.base_url

    def reply(self, *replies: Any) -> None:
        """Queue replies: a message dict (200) or a (status, error body) tuple."""
        self.replies.extend(replies)

    def bodies(self) -> list[dict[str, Any]]:
        return [r["body"] for r in self.requests]

    def __enter__(self) -> FakeAnthropic:
        self._server = serve_answers(self._answer, name="fake-anthropic")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server:
            self._server.shutdown()

    def _answer(
        self, method: str, path: str, query: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        self.requests.append(
            {
                "path": f"{path}?{query}" if query else path,
                "headers": {k.lower(): v for k, v in headers.items()},
                "body": json.loads(body or b"{}"),
            }
        )
        reply = self.replies.popleft() if self.replies else error(500, "api_error")
        status, payload = reply if isinstance(reply, tuple) else (200, reply)
        return status, {"content-type": "application/json"}, json.dumps(payload).encode()
