"""Text renderings of a call: the curl command and the Python SDK equivalent.

No terminal code here. `curl` renders the very `httpx.Request` the executor sends (the
httpie habit: preview and send share one path), with the key replaced by
`$CLERK_SECRET_KEY` so the text is safe to paste, log or show to a model.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import re
import shlex
from collections.abc import Callable
from typing import Any, Literal

import httpx

from .models import Call, Endpoint
from .secret_text import redact_pairs
from .transcript import is_secret_key

KEY_VARIABLE = "$CLERK_SECRET_KEY"
# Headers curl sets itself or that add nothing for a reader.
_SKIPPED_HEADERS = {"host", "content-length", "accept-encoding", "connection", "user-agent"}
_SDK_EXTRAS = {"retries", "server_url", "timeout_ms", "http_headers"}


def curl(request: httpx.Request) -> str:
    """A copy-pasteable curl command for `request`; the key appears only as a variable.

    Should the key also sit in the URL or body (pasted there by mistake), it is shown as
    "[redacted]" there: the text is never a way to leak it. So is the value of a secret
    field (`"password": ...`, `clientSecret=...`): the curl is shown and recorded, and a
    record keeps no secret; the request itself still carries it.
    """
    bearer = _bearer(request)

    def hide(text: str) -> str:
        return redact_pairs(bearer(text), is_secret_key)

    lines = [f"curl -X {request.method} {shlex.quote(hide(str(request.url)))}"]
    for name, value in request.headers.items():
        if name.lower() in _SKIPPED_HEADERS:
            continue
        lines.append(_header_line(name, hide(value)))
    body = request.content
    if body:
        lines.append(f"  --data-raw {shlex.quote(hide(body.decode('utf-8', errors='replace')))}")
    return " \\\n".join(lines)


def _bearer(request: httpx.Request) -> Callable[[str], str]:
    """A function hiding the request's bearer key in any text."""
    auth = request.headers.get("Authorization", "")
    key = auth.split(" ", 1)[1].strip() if auth.lower().startswith("bearer ") else ""
    if not key:
        return lambda text: text
    return lambda text: text.replace(key, "[redacted]")


def _header_line(name: str, value: str) -> str:
    if name.lower() == "authorization":
        # Double quotes so the shell expands the variable; nothing else is inside them.
        return f'  -H "Authorization: Bearer {KEY_VARIABLE}"'
    return f"  -H {shlex.quote(f'{_title(name)}: {value}')}"


def _title(name: str) -> str:
    return "-".join(part.capitalize() for part in name.split("-"))


# --------------------------------------------------------------------------- SDK


def clip(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters at a word's end, with "…" when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1].isalnum() and " " in cut:  # the cut falls inside a word: drop it
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-") + "…"


def sdk_name(endpoint: Endpoint) -> str | None:
    """`clerk.organization_invitations.create`, as the Python SDK spells it (or None)."""
    if not (endpoint.sdk_group and endpoint.sdk_name):
        return None
    return f"clerk.{snake_case(endpoint.sdk_group)}.{snake_case(endpoint.sdk_name)}"


CLERK_SERVER_URL = "https://api.clerk.com/v1"  # the SDK's default server


def server_url_of(request: httpx.Request | None) -> str | None:
    """The base URL a request goes to (scheme, host, port, /v1), None for Clerk's own."""
    if request is None:
        return None
    url = request.url
    prefix = "/v1" if url.path.startswith("/v1/") or url.path == "/v1" else ""
    base = f"{url.scheme}://{url.netloc.decode('ascii')}{prefix}"
    return None if base == CLERK_SERVER_URL else base


def sdk_python(call: Call, endpoint: Endpoint, server_url: str | None = None) -> str:
    """The clerk-backend-api equivalent of `call`, or a comment when the SDK lacks it.

    The SDK takes either flattened keyword arguments (`user_id=..., public_metadata=...`)
    or one `request={...}` dict, per method. When clerk-backend-api is installed its real
    signature decides; otherwise arguments are flattened, the SDK's most common form.
    """
    if not (endpoint.sdk_group and endpoint.sdk_name):
        return f"# {endpoint.key} has no method in the clerk-backend-api SDK; use the curl."
    group, method = snake_case(endpoint.sdk_group), snake_case(endpoint.sdk_name)
    signature = _sdk_signature(group, method)
    if signature is False:
        return f"# clerk.{group}.{method} is not in the installed clerk-backend-api; use the curl."
    arguments = _sdk_arguments(call, signature)
    return "\n".join(
        [
            "import os",
            "",
            "from clerk_backend_api import Clerk",
            "",
            f"with Clerk({_client_arguments(server_url)}) as clerk:",
            f"    result = clerk.{group}.{method}({arguments})",
        ]
    )


def _client_arguments(server_url: str | None) -> str:
    """The key from the environment; `server_url` when the calls go elsewhere than Clerk."""
    key = 'bearer_auth=os.environ["CLERK_SECRET_KEY"]'
    return f"{key}, server_url={server_url!r}" if server_url else key


def _sdk_arguments(call: Call, signature: list[str] | None) -> str:
    flat = {snake_case(k): v for k, v in call.path_params.items()}
    payload = {**call.query, **(call.body if isinstance(call.body, dict) else {})}
    if signature is not None and "request" in signature:
        if isinstance(call.body, list):
            return _kwargs({**flat, "request": call.body})
        return _kwargs({**flat, "request": payload} if payload else flat)
    if isinstance(call.body, list):
        payload = {"request_body": call.body}
    return _kwargs({**flat, **{snake_case(k): v for k, v in payload.items()}})


def _kwargs(values: dict[str, Any]) -> str:
    return ", ".join(f"{name}={value!r}" for name, value in values.items())


@functools.cache
def _sdk_signature(group: str, method: str) -> list[str] | Literal[False] | None:
    """Parameter names of clerk.<group>.<method>; None if the SDK is absent, False if the
    SDK is installed but has no such method (an endpoint newer than the SDK)."""
    try:
        sdk = importlib.import_module("clerk_backend_api")
    except ImportError:
        return None
    client = sdk.Clerk(bearer_auth="unused")  # builds sub-SDKs lazily; sends nothing
    target = getattr(getattr(client, group, None), method, None)
    if target is None:
        return False
    return [p for p in inspect.signature(target).parameters if p not in _SDK_EXTRAS]


def snake_case(name: str) -> str:
    """`organizationInvitations` -> `organization_invitations`, `apiKeyID` -> `api_key_id`."""
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()
