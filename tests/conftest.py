"""Shared fixtures: where the published specs are, and an isolated cache per session."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from assistant.spec import Catalog, open_catalog

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

# pytest-xdist sets COLUMNS and LINES for its workers; programs these tests start in a
# terminal of their own size (pexpect) must not inherit the worker's width.
for _size in ("COLUMNS", "LINES"):
    os.environ.pop(_size, None)


def _shared_dir() -> Path:
    env = os.environ.get("CLERK_ASSISTANT_SPECS_DIR")
    if env:
        return Path(env)
    return REPO.parent / "shared" / "specs" / "bapi"


SPECS_DIR = _shared_dir()
EVALS = Path(
    os.environ.get("CLERK_ASSISTANT_EVALS", SPECS_DIR.parent.parent / "evals" / "requests.jsonl")
)
ALL_VERSIONS = ["2021-02-05", "2024-10-01", "2025-04-10", "2025-11-10", "2026-05-12"]
NEWEST = "2026-05-12"


@pytest.fixture(scope="session", autouse=True)
def _isolated_dirs(tmp_path_factory: pytest.TempPathFactory) -> None:
    """No test writes into the person's real cache, data or config dirs."""
    base = tmp_path_factory.mktemp("assistant-home")
    os.environ.setdefault("CLERK_ASSISTANT_CACHE_DIR", str(base / "cache"))
    os.environ.setdefault("CLERK_ASSISTANT_DATA_DIR", str(base / "data"))
    # Settings built in code fall back to platformdirs: keep transcript anchors out of home.
    os.environ["XDG_DATA_HOME"] = str(base / "xdg-data")
    os.environ["CLERK_ASSISTANT_CONFIG"] = str(base / "no-config.env")
    os.environ["CLERK_ASSISTANT_SPECS_DIR"] = str(SPECS_DIR)
    for name in (
        "CLERK_SECRET_KEY",
        "ANTHROPIC_API_KEY",
        "CLERK_BAPI_SCOPES",
        "CLERK_ASSISTANT_SPEC",
    ):
        os.environ.pop(name, None)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The newest spec's catalog (compiled once per test session)."""
    return open_catalog(NEWEST, env={"CLERK_ASSISTANT_SPECS_DIR": str(SPECS_DIR)}, download=False)


def python_process(
    *args: str, env: Mapping[str, str] | None = None, cwd: Path = REPO
) -> subprocess.CompletedProcess[str]:
    """`python ARGS` as a real process, this checkout's `assistant` first on the path.

    `env` is the child's whole environment; by default this process's, which the
    session fixture above has already isolated.
    """
    return subprocess.run(
        [sys.executable, *args],
        env={**os.environ, "PYTHONPATH": str(REPO)} if env is None else dict(env),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def cli_process(
    *argv: str, env: Mapping[str, str] | None = None, flags: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """`python [FLAGS] -m assistant ARGV` as a real process."""
    return python_process(*flags, "-m", "assistant", *argv, env=env)


# The sandbox fixtures (`sandbox`, `sandbox_server`, ...) live in their own module.
pytest_plugins = ["tests.sandbox_fixtures", "tests.session_helpers"]
