"""Sandbox fixtures for everyone's tests (registered in conftest.py via pytest_plugins).

- `sandbox`: an in-process `Sandbox` (seeded, rate limit off) for `sandbox_transport`.
- `sandbox_server`: a real HTTP server on 127.0.0.1:<free port>; yields its base URL
  ending in /v1. `sandbox_running` yields the `RunningServer` itself (`.sandbox`, `.url`).

Ask for a different world with the marker, e.g.
`@pytest.mark.sandbox_options(rate_limit=5, seed=False)`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.sandbox import SANDBOX_KEY, RunningServer, Sandbox, serve
from assistant.spec import Catalog, load_document

__all__ = ["SANDBOX_KEY"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sandbox_options(**kwargs): Sandbox(...) options for the sandbox fixtures"
    )


@pytest.fixture(scope="session")
def sandbox_document(catalog: Catalog) -> dict[str, Any]:
    """The newest spec's raw document, parsed once per session."""
    return load_document(Path(catalog.source))


def _options(request: pytest.FixtureRequest) -> dict[str, Any]:
    marker = request.node.get_closest_marker("sandbox_options")
    options: dict[str, Any] = {"rate_limit": None}
    options.update(marker.kwargs if marker else {})
    return options


@pytest.fixture
def sandbox(
    request: pytest.FixtureRequest, catalog: Catalog, sandbox_document: dict[str, Any]
) -> Sandbox:
    return Sandbox(catalog, sandbox_document, **_options(request))


@pytest.fixture
def sandbox_running(sandbox: Sandbox) -> Iterator[RunningServer]:
    server = serve(sandbox, host="127.0.0.1", port=0)
    try:
        yield server
    finally:
        server.shutdown()


@pytest.fixture
def sandbox_server(sandbox_running: RunningServer) -> str:
    """Base URL of a live sandbox, e.g. http://127.0.0.1:53211/v1."""
    return sandbox_running.url
