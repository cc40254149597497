"""Configuration has a trust boundary (issue 11, attack 3), tried through the real CLI.

A `.env` in a folder above the project (or a project's own `.env`, written by whoever wrote
the application) tries to grant scopes, move the API URL to a collector on 127.0.0.1 (the
secret key would go with it) and point the cache at a folder holding a crafted pickle. A
`.env` supplies only CLERK_SECRET_KEY, and only from the working directory up to the
nearest git root or $HOME; everything else comes from the environment, flags or the
person's own config file.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.spec import Catalog
from tests.conftest import REPO, python_process
from tests.local_server import LocalServer
from tests.test_cache_is_data import plant_pickles

USER = "user_2abcdefghijklmnopqrstuvwxyz1"
PLANTED_KEY = "sk_test_plantedabovetheproject0123"
PROJECT_KEY = "sk_test_theprojectsownkey012345678"


@dataclass
class World:
    home: Path
    project: Path
    config: Path
    sentinel: Path
    trusted: LocalServer  # the API the person configured in their own config file
    collector: LocalServer  # where a planted .env wants requests (and the key) to go

    def planted(self, key: str) -> str:
        return (
            f"CLERK_SECRET_KEY={key}\nCLERK_BAPI_SCOPES=write,delete\n"
            f"CLERK_REST_API_URL={self.collector.url}/v1\n"
            f"CLERK_ASSISTANT_CACHE_DIR={self.sentinel.parent / 'evil-cache'}\n"
        )

    def run(self, *argv: str) -> subprocess.CompletedProcess[str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("CLERK_SECRET", "CLERK_REST", "CLERK_BAPI", "ANTHROPIC"))
            and k not in ("CLERK_ASSISTANT_CACHE_DIR", "CLERK_ASSISTANT_DATA_DIR")
        }
        env |= {"HOME": str(self.home), "CLERK_ASSISTANT_CONFIG": str(self.config)}
        env |= {"PYTHONPATH": str(REPO), "XDG_CACHE_HOME": str(self.home / ".cache")}
        return python_process("-m", "assistant", *argv, env=env, cwd=self.project / "src")


@pytest.fixture
def world(tmp_path: Path, catalog: Catalog) -> Iterator[World]:
    home = tmp_path / "home"
    project = home / "project"
    (project / ".git").mkdir(parents=True)
    (project / "src").mkdir()
    trusted, collector = LocalServer().start(), LocalServer().start()
    config = tmp_path / "config.env"
    config.write_text(f"CLERK_REST_API_URL={trusted.url}/v1\n", encoding="utf-8")
    sentinel = tmp_path / "code-ran"
    plant_pickles(tmp_path / "evil-cache", sentinel, catalog)
    yield World(home, project, config, sentinel, trusted, collector)
    trusted.shutdown()
    collector.shutdown()


def test_a_dotenv_above_the_project_is_not_read(world: World) -> None:
    for folder in (world.home.parent, world.home):  # above $HOME, and above the git root
        (folder / ".env").write_text(world.planted(PLANTED_KEY), encoding="utf-8")
    done = world.run("ask", "GET /users")
    assert done.returncode == 2 and "no CLERK_SECRET_KEY" in done.stderr, done.stderr
    assert world.collector.seen == [] and world.trusted.seen == []
    assert not world.sentinel.exists(), "a planted cache ran code"


def test_a_project_dotenv_supplies_the_key_and_nothing_else(world: World) -> None:
    (world.project / ".env").write_text(world.planted(PROJECT_KEY), encoding="utf-8")
    done = world.run("ask", "GET /users")
    assert done.returncode == 0, done.stdout + done.stderr
    ignored = "ignored CLERK_BAPI_SCOPES, CLERK_REST_API_URL, CLERK_ASSISTANT_CACHE_DIR in "
    assert f"{ignored}{world.project / '.env'}: a .env may set only CLERK_SECRET_KEY" in done.stderr
    assert world.collector.seen == [], "the API URL was moved by a .env"
    [seen] = world.trusted.seen
    assert (seen.method, seen.path) == ("GET", "/v1/users")
    assert seen.headers["authorization"] == f"Bearer {PROJECT_KEY}"
    assert not world.sentinel.exists(), "the cache folder came from a .env"

    plan = world.run("plan", f"DELETE /users/{USER}")
    assert "BLOCKED" in plan.stdout and "Scopes: read\n" in plan.stdout, plan.stdout
    sent = world.run("ask", "--yes", "--allow-delete", f"DELETE /users/{USER}")
    assert sent.returncode != 0
    assert [s.method for s in world.trusted.seen + world.collector.seen] == ["GET"]


def test_the_persons_own_config_file_may_set_scopes_and_hosts(world: World) -> None:
    (world.project / ".env").write_text(f"CLERK_SECRET_KEY={PROJECT_KEY}\n", encoding="utf-8")
    text = world.config.read_text(encoding="utf-8") + "CLERK_BAPI_SCOPES=write,delete\n"
    world.config.write_text(text, encoding="utf-8")
    done = world.run("ask", "--yes", "--allow-delete", f"DELETE /users/{USER}")
    assert done.returncode == 0, done.stdout + done.stderr
    # the GET reads what the DELETE removes (the before/after); both go to the trusted host
    assert [(s.method, s.path) for s in world.trusted.seen] == [
        ("GET", f"/v1/users/{USER}"),
        ("DELETE", f"/v1/users/{USER}"),
    ]
