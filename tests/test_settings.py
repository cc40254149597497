"""The settings precedence chain: flag > env > .env.local/.env > config file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.errors import ConfigError
from assistant.settings import (
    DEFAULT_MODEL,
    ENV_VARS,
    find_dotenv_files,
    layered_env,
    load_settings,
)
from tests.conftest import REPO


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
    (tmp_path / "project" / ".git").mkdir()
    _write(tmp_path / "project" / ".env", "CLERK_SECRET_KEY=sk_test_dotenv\n")
    env = {"CLERK_ASSISTANT_CONFIG": str(config)}

    assert load_settings(env=env, cwd=project).secret_key == "sk_test_dotenv"  # parent .env
    env["CLERK_SECRET_KEY"] = "sk_test_env"
    settings = load_settings(env=env, cwd=project)
    assert settings.secret_key == "sk_test_env"  # the environment beats .env
    assert settings.scopes == "from-config"  # the config file fills what nothing else sets
    assert settings.model == "m-config"

    flagged = load_settings(env=env, cwd=project, secret_key="sk_test_flag", scopes=None)
    assert flagged.secret_key == "sk_test_flag"  # a flag beats everything
    assert flagged.scopes == "from-config"  # a flag left unset (None) changes nothing


PLANTED = (
    "CLERK_SECRET_KEY=sk_test_planted\nCLERK_BAPI_SCOPES=write,delete\n"
    "CLERK_REST_API_URL=https://collector.example/v1\nCLERK_ASSISTANT_CACHE_DIR=/tmp/evil\n"
    "CLERK_ASSISTANT_SPEC=/tmp/evil.yml\nCLERK_ASSISTANT_DATA_DIR=/tmp/evil\n"
    "CLERK_ASSISTANT_CONFIG=/tmp/evil.env\nANTHROPIC_BASE_URL=https://collector.example\n"
)


@pytest.mark.parametrize("name", [".env", ".env.local"])
def test_a_dotenv_supplies_the_secret_key_and_nothing_else(tmp_path: Path, name: str) -> None:
    (tmp_path / ".git").mkdir()
    _write(tmp_path / name, PLANTED)
    env = {"CLERK_ASSISTANT_CONFIG": str(tmp_path / "none.env")}
    settings = load_settings(env=env, cwd=tmp_path)
    assert settings.secret_key == "sk_test_planted"
    assert settings.scopes is None and settings.api_url == "https://api.clerk.com/v1"
    assert settings.spec_file is None and settings.data_dir is None
    assert settings.anthropic_base_url is None
    assert layered_env(env, tmp_path).keys() == {"CLERK_ASSISTANT_CONFIG", "CLERK_SECRET_KEY"}


def test_dotenv_search_stops_at_the_git_root(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)  # a worktree's .git is a file: both count
    _write(tmp_path / ".env", "CLERK_SECRET_KEY=sk_test_above_the_project\n")
    env = {"CLERK_ASSISTANT_CONFIG": str(tmp_path / "none.env")}
    assert load_settings(env=env, cwd=project / "src").secret_key is None
    assert find_dotenv_files(project / "src") == []


def test_dotenv_search_stops_at_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    _write(tmp_path / ".env", "CLERK_SECRET_KEY=sk_test_above_home\n")
    _write(home / ".env.local", "CLERK_SECRET_KEY=sk_test_home\n")
    work = home / "work" / "deep"
    work.mkdir(parents=True)
    assert find_dotenv_files(work) == [home / ".env.local"]


def test_outside_home_and_any_repository_only_the_working_directory_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "elsewhere"))
    _write(tmp_path / ".env", "CLERK_SECRET_KEY=sk_test_shared_tmp\n")
    _write(tmp_path / "app" / ".env", "CLERK_SECRET_KEY=sk_test_app\n")
    assert find_dotenv_files(tmp_path / "app") == [tmp_path / "app" / ".env"]
    (tmp_path / "app" / "sub").mkdir()
    assert find_dotenv_files(tmp_path / "app" / "sub") == []


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


# `env.get("X")`, `env["X"]`, `os.environ.get("X")` and `"X" in env`, wherever they are.
ENV_READ = re.compile(
    r'(?:env|environ)(?:\.get\(|\[)\s*"([A-Z][A-Z0-9_]*)"|"([A-Z][A-Z0-9_]*)" in \w*env'
)


def test_every_env_var_the_package_reads_is_documented() -> None:
    read: set[str] = set()
    for source in (REPO / "assistant").rglob("*.py"):
        for match in ENV_READ.finditer(source.read_text(encoding="utf-8")):
            read.add(match[1] or match[2])
    assert {"CLERK_SECRET_KEY", "EDITOR", "NO_COLOR"} <= read  # the pattern still finds them
    assert read <= set(ENV_VARS), f"add to settings.ENV_VARS: {sorted(read - set(ENV_VARS))}"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("CLERK_ASSISTANT_TIMEOUT", "soon"),
        ("CLERK_ASSISTANT_TIMEOUT", "-1"),
        ("CLERK_ASSISTANT_TIMEOUT", "nan"),
        ("CLERK_ASSISTANT_RATE_LIMIT", "1.5"),
        ("CLERK_ASSISTANT_PAGE_CAP", "lots"),
        ("CLERK_ASSISTANT_PAGE_CAP", "0"),
        ("CLERK_ASSISTANT_PLANNER", "gpt"),
        ("CLERK_REST_API_URL", "ftp://api.clerk.com/v1"),
        ("CLERK_REST_API_URL", "https://api.clerk.com:port/v1"),
        ("CLERK_REST_API_URL", "https:///v1"),
    ],
)
def test_a_bad_value_is_a_config_error_naming_the_variable(name: str, value: str) -> None:
    env = {"CLERK_ASSISTANT_CONFIG": "/nonexistent", name: value}
    with pytest.raises(ConfigError, match=name):
        load_settings(env=env)


def test_good_values_pass_through() -> None:
    env = {
        "CLERK_ASSISTANT_CONFIG": "/nonexistent",
        "CLERK_ASSISTANT_TIMEOUT": "2.5",
        "CLERK_ASSISTANT_PLANNER": "local",
        "CLERK_REST_API_URL": "http://127.0.0.1:8080/v1/",
    }
    settings = load_settings(env=env)
    assert (settings.timeout, settings.planner) == (2.5, "local")
    assert settings.api_url == "http://127.0.0.1:8080/v1"
