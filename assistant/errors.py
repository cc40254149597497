"""Errors that end a command with one clear line and a documented exit code.

Exit codes (documented in the README): 0 done, 1 API error (or an internal error), 2 usage or
configuration, 3 declined or blocked, 130 interrupted.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_API = 1
EXIT_USAGE = 2
EXIT_DECLINED = 3
EXIT_INTERRUPTED = 130


class AssistantError(Exception):
    """Base class: the message is one line the person can act on."""

    exit_code = EXIT_USAGE


class ConfigError(AssistantError):
    exit_code = EXIT_USAGE


class SpecError(AssistantError):
    exit_code = EXIT_USAGE


class ApiError(AssistantError):
    exit_code = EXIT_API


class DeclinedError(AssistantError):
    exit_code = EXIT_DECLINED
