"""Where Claude runs, and what the person reads when it says no.

The SDK has one client per platform: `Anthropic` (the Claude API, or a gateway that wants
`Authorization: Bearer` from ANTHROPIC_AUTH_TOKEN), `AnthropicBedrock` (AWS credentials
from the usual AWS variables, or AWS_BEARER_TOKEN_BEDROCK) and `AnthropicVertex` (Google
application-default credentials, CLOUD_ML_REGION, ANTHROPIC_VERTEX_PROJECT_ID). The two
cloud clients need the SDK's extras (`anthropic[bedrock]`, `anthropic[vertex]`); a missing
extra is one line that says what to install, not an ImportError at the first request.

Errors become one line: the API's own message for a 400 or 413 (the part that says what
to change), a timeout said as a timeout, and the local planner offered every time.
"""

from __future__ import annotations

import importlib.util
from typing import Any

from ..errors import ConfigError
from ..settings import Settings

LOCAL_HINT = "use --planner local (or CLERK_ASSISTANT_PLANNER=local) to plan without Claude"
# The modules each cloud client imports when it signs a request, and the extra that has them.
PROVIDER_EXTRAS: dict[str, tuple[str, tuple[str, ...]]] = {
    "bedrock": ("anthropic[bedrock]", ("boto3", "botocore")),
    "vertex": ("anthropic[vertex]", ("google.auth",)),
}
MAX_API_MESSAGE = 300


def make_client(settings: Settings, *, max_retries: int, timeout: float) -> Any:
    """The SDK client for the configured provider; ConfigError with a fix when it can't be."""
    provider = settings.llm_provider
    common: dict[str, Any] = {"max_retries": max_retries, "timeout": timeout}
    if settings.anthropic_base_url:
        common["base_url"] = settings.anthropic_base_url
    if provider == "anthropic":
        return _anthropic_client(settings, common)
    try:
        client = _cloud_client(provider, common)
    except ValueError as exc:  # no region, both a token and AWS keys, ...
        raise ConfigError(
            f"the {provider} provider cannot start: {_first_line(str(exc))}"
        ) from None
    # Bedrock API keys (AWS_BEARER_TOKEN_BEDROCK, read by the SDK) go as a bearer: no boto3.
    if getattr(client, "api_key", None) is None:
        _require_extra(provider)
    return client


def _anthropic_client(settings: Settings, common: dict[str, Any]) -> Any:
    import anthropic  # deferred: `search` and the local planner never pay for it

    return anthropic.Anthropic(
        api_key=settings.anthropic_api_key,
        auth_token=settings.anthropic_auth_token,
        **common,
    )


def _cloud_client(provider: str, common: dict[str, Any]) -> Any:
    import anthropic

    if provider == "bedrock":
        return anthropic.AnthropicBedrock(**common)
    return anthropic.AnthropicVertex(**common)


def missing_modules(provider: str) -> list[str]:
    _, modules = PROVIDER_EXTRAS[provider]
    return [name for name in modules if not _importable(name)]


def _importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # a parent package that is not there
        return False


def _require_extra(provider: str) -> None:
    missing = missing_modules(provider)
    if missing:
        extra, _ = PROVIDER_EXTRAS[provider]
        raise ConfigError(
            f"CLERK_ASSISTANT_LLM_PROVIDER={provider} needs {', '.join(missing)}: "
            f"pip install '{extra}'"
        )


# --------------------------------------------------------------------------- errors


def api_error_message(exc: Exception, settings: Settings) -> str:
    """One line that says what went wrong with Claude and offers the local planner."""
    return f"Claude planner: {_reason(exc, settings)}; {LOCAL_HINT}"


def _reason(exc: Exception, settings: Settings) -> str:
    import anthropic

    status = getattr(exc, "status_code", None)
    if isinstance(exc, anthropic.APITimeoutError):
        return f"the {_service(settings)} did not answer in time (timeout); try again"
    if isinstance(exc, anthropic.APIConnectionError):
        return f"cannot reach the {_service(settings)} at {_where(settings)}"
    if status in STATUS_REASONS:
        return STATUS_REASONS[status].format(model=settings.model, service=_service(settings))
    if status in (400, 413, 422):
        return f"the {_service(settings)} refused the request ({status}): {_api_message(exc)}"
    if isinstance(exc, anthropic.APIStatusError):
        return f"the {_service(settings)} failed ({status}): {_api_message(exc)}"
    return f"the Anthropic client failed: {_first_line(str(exc))}"


STATUS_REASONS: dict[int, str] = {
    401: "the {service} rejected the credentials (401); check ANTHROPIC_API_KEY",
    403: "the credentials may not use model {model!r} (403)",
    404: "model {model!r} not found (404); check CLERK_ASSISTANT_MODEL",
    429: "the {service} is rate limiting these credentials (429); wait a moment",
    529: "the {service} is overloaded (529); try again shortly",
}


def _service(settings: Settings) -> str:
    return {
        "bedrock": "Amazon Bedrock API",
        "vertex": "Google Vertex AI API",
    }.get(settings.llm_provider, "Anthropic API")


def _where(settings: Settings) -> str:
    return settings.anthropic_base_url or {
        "bedrock": "bedrock-runtime (AWS_REGION)",
        "vertex": "aiplatform (CLOUD_ML_REGION)",
    }.get(settings.llm_provider, "api.anthropic.com")


def _api_message(exc: Exception) -> str:
    """`error.message` from the body: what the API says to change, on one bounded line."""
    body = getattr(exc, "body", None)
    error = body.get("error") if isinstance(body, dict) else None
    text = error.get("message") if isinstance(error, dict) else None
    return _first_line(str(text or getattr(exc, "message", "") or type(exc).__name__))


def _first_line(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= MAX_API_MESSAGE else line[: MAX_API_MESSAGE - 1] + "…"
