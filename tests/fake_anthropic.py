"""A local stand-in for the Anthropic Messages API that holds requests to the real contract.

    with FakeAnthropic() as fake:
        fake.reply(tool_use("propose_plan", {...}))
        planner = ClaudePlanner(settings_with(base_url=fake.url))
        ...
        fake.requests[0]["body"]  # exactly what the real client sent

A real threaded HTTP server on 127.0.0.1, reached by the real `anthropic` client through
`base_url`, so the SDK's serialisation, headers, retries and error mapping all run.

It rejects, with the API's 400 `invalid_request_error` body, what the real API rejects for
the default model (claude-sonnet-5-5; its migration guide lists the first five):

- forced tool choice (`tool_choice` `any` or `tool`);
- `thinking: {"type": "disabled"}`;
- thinking budgets (`thinking.type` `enabled`, `budget_tokens`);
- sampling parameters (`temperature`, `top_p`, `top_k`);
- assistant prefill (the last message has role `assistant`); a message with empty content;
- a `tool_use` without its `tool_result` in the next user turn (and a `tool_result` for an
  id the previous turn did not use);
- a thinking block sent back without its signature, with a changed text, or dropped from
  the assistant turn whose tool call it came with;
- more than 4 `cache_control` blocks; a `strict` tool whose objects allow extra properties.

Replies come in the real shapes: a signed thinking block first (adaptive thinking, display
omitted: empty text, a signature), text between tools, and each stop_reason with its
`stop_details` where the API gives one. Replies are scripted per test with `reply()`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Any

from assistant.sandbox.server import LoopbackServer, serve_answers

_counter = iter(range(1, 1_000_000))
_SIGNING_KEY = b"fake-anthropic-thinking-signatures"
MAX_CACHE_CONTROL = 4
SAMPLING = ("temperature", "top_p", "top_k")


# --------------------------------------------------------------------------- reply shapes


def signature_for(thinking: str, nonce: str) -> str:
    digest = hmac.new(_SIGNING_KEY, f"{nonce}\n{thinking}".encode(), hashlib.sha256).digest()
    return f"{nonce}.{base64.b64encode(digest).decode()}"


def thinking_block(thinking: str = "") -> dict[str, Any]:
    """Display `omitted` (the default) returns an empty text and a signature."""
    nonce = f"sig{next(_counter)}"
    return {"type": "thinking", "thinking": thinking, "signature": signature_for(thinking, nonce)}


def message(
    content: list[dict[str, Any]],
    stop_reason: str = "tool_use",
    stop_details: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "id": f"msg_fake{next(_counter)}",
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-5-5",
        "content": content,
        "stop_reason": stop_reason,
        "stop_sequence": None,
        "stop_details": stop_details,
        "usage": {"input_tokens": 10, "output_tokens": 10},
    }


def tool_block(name: str, data: Any) -> dict[str, Any]:
    return {"type": "tool_use", "id": f"toolu_{next(_counter)}", "name": name, "input": data}


def tool_use(name: str, data: Any, *, text: str | None = None, thinking: str = "") -> dict:
    """A signed thinking block, optional text between tools, then the call."""
    content = [thinking_block(thinking)]
    if text:
        content.append({"type": "text", "text": text})
    return message([*content, tool_block(name, data)])


def tool_uses(*calls: tuple[str, Any]) -> dict[str, Any]:
    """Several calls in one turn, with text between them as the model writes it."""
    content: list[dict[str, Any]] = [thinking_block()]
    for name, data in calls:
        content += [{"type": "text", "text": f"Calling {name}."}, tool_block(name, data)]
    return message(content)


def text_reply(text: str) -> dict[str, Any]:
    return message([thinking_block(), {"type": "text", "text": text}], stop_reason="end_turn")


def cut_off(partial: Any) -> dict[str, Any]:
    """max_tokens reached while the model was writing a tool call: its input is partial."""
    return message([thinking_block(), tool_block("propose_plan", partial)], "max_tokens")


def refusal(explanation: str | None, category: str | None = "general_harms") -> dict:
    details = {"type": "refusal", "category": category, "explanation": explanation}
    return message([], stop_reason="refusal", stop_details=details)


def paused(text: str = "Still looking.") -> dict[str, Any]:
    return message([thinking_block(), {"type": "text", "text": text}], "pause_turn")


def context_exceeded() -> dict[str, Any]:
    return message([thinking_block()], "model_context_window_exceeded")


def error(status: int, kind: str, text: str = "scripted error") -> tuple[int, dict[str, Any]]:
    return status, {"type": "error", "error": {"type": kind, "message": text}}


@dataclass(frozen=True, slots=True)
class Delay:
    """Answer `then` only after `seconds` (a slow API, for timeouts)."""

    seconds: float
    then: Any


# --------------------------------------------------------------------------- the contract


def contract_problem(body: dict[str, Any]) -> str | None:
    """The message of the first thing the real API would reject in this request."""
    checks = (_forced_tool, _thinking, _sampling, _prefill, _empty, _cache_controls, _strict_tools)
    for check in checks:
        problem = check(body)
        if problem:
            return problem
    return _tool_pairs(body.get("messages") or []) or _thinking_blocks(body.get("messages") or [])


def _forced_tool(body: dict[str, Any]) -> str | None:
    kind = (body.get("tool_choice") or {}).get("type")
    if kind in ("any", "tool"):
        return (
            f"tool_choice.type: `{kind}` (forced tool use) is not supported on this model; "
            "use `auto` or `none`"
        )
    return None


def _thinking(body: dict[str, Any]) -> str | None:
    thinking = body.get("thinking") or {}
    if thinking.get("type") == "disabled":
        return (
            'thinking.type: "disabled" is not supported on this model; use "between_tools" '
            "to turn off up-front thinking"
        )
    if thinking.get("type") == "enabled" or "budget_tokens" in thinking:
        return (
            "thinking.budget_tokens: thinking budgets are not supported on this model; use "
            'thinking: {"type": "adaptive"} with output_config.effort'
        )
    return None


def _sampling(body: dict[str, Any]) -> str | None:
    used = [name for name in SAMPLING if name in body]
    return f"`{used[0]}` is not supported on this model" if used else None


def _prefill(body: dict[str, Any]) -> str | None:
    messages = body.get("messages") or []
    if messages and messages[-1].get("role") == "assistant":
        return (
            "This model does not support assistant message prefill. "
            "The conversation must end with a user message."
        )
    return None


def _empty(body: dict[str, Any]) -> str | None:
    for number, current in enumerate(body.get("messages") or []):
        if current.get("content") in ("", []):
            return (
                f"messages.{number}: all messages must have non-empty content except for the "
                "optional final assistant message"
            )
    return None


def _cache_controls(body: dict[str, Any]) -> str | None:
    found = json.dumps(body).count('"cache_control"')
    if found > MAX_CACHE_CONTROL:
        most = MAX_CACHE_CONTROL
        return f"A maximum of {most} blocks with cache_control may be provided. Found {found}."
    return None


def _strict_tools(body: dict[str, Any]) -> str | None:
    for number, tool in enumerate(body.get("tools") or []):
        if tool.get("strict") and not _closed(tool.get("input_schema") or {}):
            return (
                f"tools.{number}.custom.input_schema: for strict tools, every 'object' type "
                "must set 'additionalProperties' to false"
            )
    return None


def _closed(schema: dict[str, Any]) -> bool:
    if schema.get("type") == "object" and schema.get("additionalProperties") is not False:
        return False
    children = list((schema.get("properties") or {}).values())
    children += [schema["items"]] if isinstance(schema.get("items"), dict) else []
    return all(_closed(child) for child in children)


def _blocks(message: dict[str, Any]) -> list[dict[str, Any]]:
    content = message.get("content")
    return content if isinstance(content, list) else []


def _tool_pairs(messages: list[dict[str, Any]]) -> str | None:
    for number, current in enumerate(messages):
        if current.get("role") != "assistant":
            continue
        used = [b["id"] for b in _blocks(current) if b.get("type") == "tool_use"]
        following = messages[number + 1] if number + 1 < len(messages) else {}
        answered = [
            b.get("tool_use_id") for b in _blocks(following) if b.get("type") == "tool_result"
        ]
        missing = [i for i in used if i not in answered]
        if missing:
            return (
                f"messages.{number}: `tool_use` ids were found without `tool_result` blocks "
                f"immediately after: {', '.join(missing)}. Each `tool_use` block must have a "
                "corresponding `tool_result` block in the next message."
            )
        stray = [i for i in answered if i not in used]
        if stray:
            return (
                f"messages.{number + 1}: unexpected `tool_use_id` found in `tool_result` "
                f"blocks: {', '.join(map(str, stray))}. Each `tool_result` block must have a "
                "corresponding `tool_use` block in the previous message."
            )
    return None


def _thinking_blocks(messages: list[dict[str, Any]]) -> str | None:
    for number, current in enumerate(messages):
        if current.get("role") != "assistant":
            continue
        for index, block in enumerate(_blocks(current)):
            if block.get("type") == "thinking" and not _signed(block):
                return f"messages.{number}.content.{index}: Invalid `signature` in `thinking` block"
        blocks = _blocks(current)
        if any(b.get("type") == "tool_use" for b in blocks) and (
            not blocks or blocks[0].get("type") != "thinking"
        ):
            return (
                f"messages.{number}.content.0: Expected `thinking` or `redacted_thinking`, but "
                "found another block. When thinking is on, an assistant turn with a tool call "
                "must be sent back with its thinking block first, unchanged."
            )
    return None


def _signed(block: dict[str, Any]) -> bool:
    signature = block.get("signature")
    if not isinstance(signature, str) or "." not in signature:
        return False
    nonce = signature.partition(".")[0]
    return hmac.compare_digest(signature, signature_for(str(block.get("thinking", "")), nonce))


# --------------------------------------------------------------------------- the server


class FakeAnthropic:
    def __init__(self) -> None:
        self.replies: deque[Any] = deque()
        self.requests: list[dict[str, Any]] = []
        self.rejections: list[str] = []
        self._server: LoopbackServer | None = None
        self._delayed = threading.Semaphore(0)  # released when a Delay has answered
        self._started_delays: list[Delay] = []

    @property
    def url(self) -> str:
        assert self._server, "use FakeAnthropic as a context manager"
        return self._server.base_url

    def reply(self, *replies: Any) -> None:
        """Queue replies: a message dict (200), a (status, body) tuple, or a Delay."""
        self.replies.extend(replies)

    def bodies(self) -> list[dict[str, Any]]:
        return [r["body"] for r in self.requests]

    def __enter__(self) -> FakeAnthropic:
        self._server = serve_answers(self._answer, name="fake-anthropic")
        return self

    def __exit__(self, *exc: object) -> None:
        # A Delay still sleeping would answer a closed server: let it finish first (bounded).
        for _ in range(sum(isinstance(r, Delay) for r in self._started_delays)):
            self._delayed.acquire(timeout=5)
        if self._server:
            self._server.shutdown()

    def _answer(
        self, method: str, path: str, query: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        parsed = json.loads(body or b"{}")
        self.requests.append(
            {
                "path": f"{path}?{query}" if query else path,
                "headers": {k.lower(): v for k, v in headers.items()},
                "body": parsed,
            }
        )
        problem = contract_problem(parsed) if isinstance(parsed, dict) else "body must be JSON"
        if problem:
            self.rejections.append(problem)
            return _json(*error(400, "invalid_request_error", problem))
        reply = self.replies.popleft() if self.replies else error(500, "api_error")
        if isinstance(reply, Delay):
            self._started_delays.append(reply)
            time.sleep(reply.seconds)
            self._delayed.release()
            reply = reply.then
        return _json(*(reply if isinstance(reply, tuple) else (200, reply)))


def _json(status: int, payload: Any) -> tuple[int, dict[str, str], bytes]:
    return status, {"content-type": "application/json"}, json.dumps(payload).encode()
