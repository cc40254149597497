"""A local, in-memory Clerk Backend API: stateful for the common resources, synthesized
from the spec for everything else. Reach it in-process with `sandbox_transport` or over
loopback HTTP with `serve`."""

from __future__ import annotations

from .app import RateLimiter, Sandbox
from .errors import ClerkError
from .server import RunningServer, sandbox_transport, serve

# The key `--sandbox` mode sends; the sandbox accepts any sk_test_ key.
SANDBOX_KEY = "sk_test_sandbox_" + "0" * 32

__all__ = [
    "SANDBOX_KEY",
    "ClerkError",
    "RateLimiter",
    "RunningServer",
    "Sandbox",
    "sandbox_transport",
    "serve",
]
