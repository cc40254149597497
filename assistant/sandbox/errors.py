"""Clerk-shaped error answers: `{"errors": [{message, long_message, code, meta}], ...}`."""

from __future__ import annotations

import uuid
from typing import Any


class ClerkError(Exception):
    """Raised anywhere in the sandbox; becomes one Clerk error response."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        long_message: str,
        meta: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(long_message)
        self.status = status
        self.code = code
        self.message = message
        self.long_message = long_message
        self.meta = meta or {}
        self.headers = headers or {}

    def payload(self) -> dict[str, Any]:
        error = {
            "message": self.message,
            "long_message": self.long_message,
            "code": self.code,
            "meta": self.meta,
        }
        return {"errors": [error], "clerk_trace_id": uuid.uuid4().hex}


def not_found(what: str = "resource") -> ClerkError:
    return ClerkError(
        404, "resource_not_found", "not found", f"The requested {what} was not found."
    )


def param_missing(name: str) -> ClerkError:
    return ClerkError(
        422,
        "form_param_missing",
        "missing required parameter",
        f"{name} must be included.",
        {"param_name": name},
    )


def param_invalid(name: str, detail: str) -> ClerkError:
    return ClerkError(
        422,
        "form_param_format_invalid",
        "is invalid",
        f"{name} is invalid: {detail}",
        {"param_name": name},
    )


def param_unknown(name: str) -> ClerkError:
    return ClerkError(
        422,
        "form_param_unknown",
        "is unknown",
        f"{name} is not a valid parameter for this request.",
        {"param_name": name},
    )


def identifier_exists(name: str, value: str) -> ClerkError:
    """Clerk answers a taken email, phone, username or slug with 422 (the spec declares no
    409 on these endpoints; the official SDK raises a generic SDKError for one)."""
    label = name.replace("_", " ")
    return ClerkError(
        422,
        "form_identifier_exists",
        f"That {label} is taken. Please try another.",
        f"{value} is taken. Please try another.",
        {"param_name": name},
    )


def unauthorized(detail: str) -> ClerkError:
    return ClerkError(401, "authentication_invalid", "Invalid authentication", detail)


def bad_request(detail: str) -> ClerkError:
    return ClerkError(400, "request_body_invalid", "Request body invalid", detail)


def too_many_requests(retry_after: int) -> ClerkError:
    return ClerkError(
        429,
        "too_many_requests",
        "Too many requests",
        f"Rate limit exceeded; retry after {retry_after} seconds.",
        headers={"Retry-After": str(retry_after)},
    )


def internal_error(where: str, exc: Exception) -> ClerkError:
    detail = f"The sandbox failed on {where}: {type(exc).__name__}"
    return ClerkError(500, "internal_clerk_error", "Something went wrong", detail)
