"""The settings precedence chain: flag > env > .env.local/.env > config file."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.settings import DEFAULT_MODEL, load_settings


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_flag_beats_env_beats_dotenv_beats_config(tmp_path: Path) -> None:
    config = _write(
        tmp_path / "config.env", "CLERK_BAPI_SCOPES=from-config\nCLERK_ASSISTANT_MODEL=m-config\n"
    )
    project = tmp_path / "project" / "sub"
    project.mkdir(parents=True)
    _write(
        tmp_path / "project" / ".env",
        "CLERK_BAPI_SCOPES=from-dotenv\nCLERK_SECRET_KEY=sk_test_dotenv\n",
    )
    env = {"CLERK_ASSISTANT_CONFIG": str(config), "CLERK_SECRET_KEY": "sk_test_env"}

    settings = load_settings(env=env, cwd=project)
    assert settings.scopes == "from-dotenv"  # .env (found in a parent) beats the config file
    assert settings.secret_key == "sk_test_env"  # the environment beats .env
    assert settings.model == "m-config"  # the config file still fills what nothing else sets

    flagged = load_settings(env=env, cwd=project, secret_key="sk_test_flag", scopes=None)
    assert flagged.secret_key == "sk_test_flag"  # a flag beats everything
    assert flagged.scopes == "from-dotenv"  # a flag left unset (None) changes nothing


def test_env_local_beats_env_in_the_same_folder(tmp_path: Path) -> None:
    _write(tmp_path / ".env", "CLERK_SECRET_KEY=sk_test_plain\n")
    _write(tmp_path / ".env.local", "CLERK_SECRET_KEY=sk_test_local\n")
    env = {"CLERK_ASSISTANT_CONFIG": str(tmp_path / "none.env")}
    assert load_settings(env=env, cwd=tmp_path).secret_key == "sk_test_local"


def test_default_model_is_not_deprecated_in_the_installed_sdk() -> None:
    # A private module of the SDK: if a future SDK moves it, there is nothing to compare.
    deprecated = pytest.importorskip("anthropic._data.deprecated_models").DEPRECATED_MODELS
    assert DEFAULT_MODEL not in deprecated


def test_instance_kind_and_planner_choice() -> None:
    env = {"CLERK_ASSISTANT_CONFIG": "/nonexistent"}
    assert load_settings(env={**env, "CLERK_SECRET_KEY": "sk_live_x"}).instance_kind == "production"
    assert (
        load_settings(env={**env, "CLERK_SECRET_KEY": "sk_test_x"}).instance_kind == "development"
    )
    assert load_settings(env=env).planner_name == "local"
    assert load_settings(env={**env, "ANTHROPIC_API_KEY": "k"}).planner_name == "claude"
    assert (
        load_settings(env={**env, "ANTHROPIC_API_KEY": "k"}, planner="local").planner_name
        == "local"
    )
