"""Frozen settings built from one documented precedence chain.

    command-line flag  >  environment variable  >  .env.local / .env  >  config file

A `.env` is an application's secrets file, and a folder above the project may hold one
that somebody else wrote, so it is trusted with one thing only: `.env.local` and `.env`
supply CLERK_SECRET_KEY (`DOTENV_KEYS`) and nothing else. They are looked for in the
working directory and its parents up to the nearest git root or $HOME, whichever comes
first (outside both, in the working directory only); the nearest file wins, `.env.local`
before `.env`. Scopes, admin, hosts and folders come from the environment, flags or the
config file: `<user config dir>/clerk-assistant/config.env` in the same KEY=value format,
or the file named by CLERK_ASSISTANT_CONFIG.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .errors import ConfigError

DEFAULT_API_URL = "https://api.clerk.com/v1"
CLERK_API_HOST = "api.clerk.com"
# claude-sonnet-4-5 reaches end-of-life on 2026-11-30 (anthropic SDK _data/deprecated_models.py);
# the newest Sonnet the SDK names is the default.
DEFAULT_MODEL = "claude-sonnet-5-5"
DEFAULT_PAGE_CAP = 1000  # an all-pages walk stops here unless CLERK_ASSISTANT_PAGE_CAP says
LLM_PROVIDERS = ("anthropic", "bedrock", "vertex")
DEFAULT_SET_CAP = 500  # a set step touches at most this many items (CLERK_ASSISTANT_SET_CAP)

# Every variable the assistant reads; the README's configuration table lists the same.
ENV_VARS: dict[str, str] = {
    "CLERK_SECRET_KEY": "Clerk secret key (sk_test_... / sk_live_...) used as the Bearer token",
    "CLERK_REST_API_URL": f"Clerk API base URL (default {DEFAULT_API_URL})",
    "CLERK_BAPI_SCOPES": "granted scopes: read, write, delete, or TAG:write style (unset: read)",
    "CLERK_ASSISTANT_SPEC": "a BAPI spec file to use instead of a version",
    "CLERK_ASSISTANT_SPECS_DIR": "a folder of <version>.yml spec files",
    "CLERK_ASSISTANT_SPEC_VERSION": "spec version to use (default: the newest known)",
    "CLERK_ASSISTANT_CACHE_DIR": "where downloaded specs and compiled catalogs are cached",
    "CLERK_ASSISTANT_DATA_DIR": "where transcripts and REPL history are kept",
    "CLERK_ASSISTANT_TRANSCRIPTS_DIR": "where transcripts are written (default: data dir)",
    "CLERK_ASSISTANT_CONFIG": "config file in KEY=value form (default: user config dir)",
    "CLERK_ASSISTANT_PLANNER": (
        "local or claude (default: claude when ANTHROPIC_API_KEY, ANTHROPIC_AUTH_TOKEN or a "
        "cloud provider is set)"
    ),
    "CLERK_ASSISTANT_MODEL": f"Claude model for the planner (default {DEFAULT_MODEL})",
    "CLERK_ASSISTANT_RATE_LIMIT": "client-side requests per 10 s (default 100 test, 1000 live)",
    "CLERK_ASSISTANT_TIMEOUT": "timeout in seconds for each Clerk API request (default 30)",
    "CLERK_ASSISTANT_PAGE_CAP": (
        "most items an all-pages request (`GET /users --all`, 'list all users') collects "
        f"(default {DEFAULT_PAGE_CAP})"
    ),
    "CLERK_ASSISTANT_SET_CAP": (
        "most items one set step ('ban every user ...') may touch; larger sets are refused "
        f"(default {DEFAULT_SET_CAP})"
    ),
    "ANTHROPIC_API_KEY": "enables the Claude planner",
    "ANTHROPIC_BASE_URL": "Anthropic API base URL (for proxies and tests)",
    "ANTHROPIC_AUTH_TOKEN": "bearer token for a gateway in front of the Anthropic API",
    "CLERK_ASSISTANT_LLM_PROVIDER": "where Claude runs: anthropic (default), bedrock or vertex",
    "NO_COLOR": "turn off colour in the REPL",
    "EDITOR": "editor for [e]dit in the REPL",
}


@dataclass(frozen=True, slots=True)
class Settings:
    spec_version: str | None = None
    spec_file: str | None = None
    secret_key: str | None = None
    api_url: str = DEFAULT_API_URL
    scopes: str | None = None
    admin: bool = False
    planner: str = "auto"  # "auto" | "local" | "claude"
    model: str = DEFAULT_MODEL
    anthropic_api_key: str | None = None
    anthropic_base_url: str | None = None
    transcripts_dir: str | None = None
    data_dir: str | None = None
    rate_limit: int | None = None
    timeout: float = 30.0
    page_cap: int = DEFAULT_PAGE_CAP  # most items an all-pages walk collects
    set_cap: int = DEFAULT_SET_CAP  # most items one set step touches
    sandbox: bool = False
    no_color: bool = False
    llm_provider: str = "anthropic"  # "anthropic" | "bedrock" | "vertex" (the SDK's own clients)
    anthropic_auth_token: str | None = None  # Authorization: Bearer, for gateways

    @property
    def claude_configured(self) -> bool:
        """Claude can be reached: a key, a gateway token, or a cloud provider's credentials."""
        return bool(
            self.anthropic_api_key or self.anthropic_auth_token or self.llm_provider != "anthropic"
        )

    @property
    def planner_name(self) -> str:
        """The planner that will actually answer."""
        if self.planner in ("local", "claude"):
            return self.planner
        return "claude" if self.claude_configured else "local"

    @property
    def instance_kind(self) -> str:
        if self.sandbox:
            return "sandbox"
        key = self.secret_key or ""
        if key.startswith("sk_live_"):
            return "production"
        if key.startswith("sk_test_"):
            return "development"
        return "unknown"

    @property
    def other_api_host(self) -> str | None:
        """host[:port] of the API URL when it is not Clerk's own (the banner, the toolbar
        and every proposal say it), else None; the sandbox sends nothing anywhere."""
        parts = urlsplit(self.api_url)
        host = (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
        return None if self.sandbox or host == CLERK_API_HOST else host

    def with_overrides(self, **changes: Any) -> Settings:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


# The only variable a .env/.env.local may set; everything else in one is ignored.
DOTENV_KEYS = frozenset({"CLERK_SECRET_KEY"})


def dotenv_folders(cwd: Path, home: Path) -> list[Path]:
    """cwd and its parents up to the nearest git root or `home` (inclusive), nearest first.

    A cwd under neither has no project boundary to stop at, so only cwd itself is used:
    /tmp/.env, written by anyone, must not reach a command run in /tmp/x.
    """
    folders: list[Path] = []
    for folder in [cwd, *cwd.parents]:
        folders.append(folder)
        if folder == home or (folder / ".git").exists():
            return folders
    return [cwd]


def find_dotenv_files(cwd: Path, home: Path | None = None) -> list[Path]:
    """`.env.local` then `.env` in each folder of `dotenv_folders`, nearest first."""
    found: list[Path] = []
    for folder in dotenv_folders(cwd, home or Path.home()):
        for name in (".env.local", ".env"):
            candidate = folder / name
            if candidate.is_file():
                found.append(candidate)
    return found


def _read_env_file(path: Path) -> dict[str, str]:
    from dotenv import dotenv_values  # deferred: search's warm path never needs it

    return {k: v for k, v in dotenv_values(path).items() if v is not None}


def config_file(env: Mapping[str, str]) -> Path:
    if env.get("CLERK_ASSISTANT_CONFIG"):
        return Path(env["CLERK_ASSISTANT_CONFIG"])
    import platformdirs

    return Path(platformdirs.user_config_dir("clerk-assistant")) / "config.env"


def layered_env(env: Mapping[str, str], cwd: Path) -> dict[str, str]:
    """Merge config file < .env files (DOTENV_KEYS only) < process env into one mapping."""
    merged: dict[str, str] = {}
    path = config_file(env)
    if path.is_file():
        merged.update(_read_env_file(path))
    for dotenv in reversed(find_dotenv_files(cwd)):  # nearest applied last, so it wins
        values = _read_env_file(dotenv)
        merged.update({k: v for k, v in values.items() if k in DOTENV_KEYS})
    merged.update({k: v for k, v in env.items() if v != ""})
    return merged


def ignored_dotenv_settings(cwd: Path) -> list[tuple[Path, list[str]]]:
    """Each .env that holds settings it may not set (ENV_VARS beyond DOTENV_KEYS), with
    their names: said once on stderr, so a scope that stopped counting is not a mystery."""
    found = []
    for path in find_dotenv_files(cwd):
        names = [k for k in _read_env_file(path) if k in ENV_VARS and k not in DOTENV_KEYS]
        if names:
            found.append((path, names))
    return found


def _int_or_none(name: str, value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {value!r}") from None


def _seconds(name: str, value: str | None, default: float) -> float:
    try:
        seconds = float(value) if value else default
    except ValueError:
        raise ConfigError(f"{name} must be a number of seconds, got {value!r}") from None
    if not seconds > 0:  # also rejects nan
        raise ConfigError(f"{name} must be more than 0 seconds, got {value!r}")
    return seconds


def _choice(name: str, value: str | None, choices: tuple[str, ...], default: str) -> str:
    if not value:
        return default
    if value not in choices:
        raise ConfigError(f"{name} must be one of {', '.join(choices)}, got {value!r}")
    return value


def _api_url(value: str | None) -> str:
    """The base URL, checked here so a typo is one clear line, not an httpx traceback."""
    url = (value or DEFAULT_API_URL).rstrip("/")
    if not _is_http_url(url):
        raise ConfigError(
            f"CLERK_REST_API_URL must be an http(s) URL such as {DEFAULT_API_URL}, got {url!r}"
        )
    return url


def _is_http_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _positive_cap(name: str, value: str | None, default: int) -> int:
    """A cap from the environment: unset means the default, below 1 is an error."""
    cap = _int_or_none(name, value)
    if cap is None:
        return default
    if cap < 1:
        raise ConfigError(f"{name} must be at least 1, got {cap}")
    return cap


def settings_from_env(env: Mapping[str, str]) -> Settings:
    return Settings(
        spec_version=env.get("CLERK_ASSISTANT_SPEC_VERSION") or None,
        spec_file=env.get("CLERK_ASSISTANT_SPEC") or None,
        secret_key=env.get("CLERK_SECRET_KEY") or None,
        api_url=_api_url(env.get("CLERK_REST_API_URL")),
        scopes=env.get("CLERK_BAPI_SCOPES"),
        planner=_choice(
            "CLERK_ASSISTANT_PLANNER",
            env.get("CLERK_ASSISTANT_PLANNER"),
            ("auto", "local", "claude"),
            "auto",
        ),
        model=env.get("CLERK_ASSISTANT_MODEL") or DEFAULT_MODEL,
        anthropic_api_key=env.get("ANTHROPIC_API_KEY") or None,
        anthropic_base_url=env.get("ANTHROPIC_BASE_URL") or None,
        transcripts_dir=env.get("CLERK_ASSISTANT_TRANSCRIPTS_DIR") or None,
        data_dir=env.get("CLERK_ASSISTANT_DATA_DIR") or None,
        rate_limit=_int_or_none(
            "CLERK_ASSISTANT_RATE_LIMIT", env.get("CLERK_ASSISTANT_RATE_LIMIT")
        ),
        timeout=_seconds("CLERK_ASSISTANT_TIMEOUT", env.get("CLERK_ASSISTANT_TIMEOUT"), 30.0),
        page_cap=_positive_cap(
            "CLERK_ASSISTANT_PAGE_CAP", env.get("CLERK_ASSISTANT_PAGE_CAP"), DEFAULT_PAGE_CAP
        ),
        set_cap=_positive_cap(
            "CLERK_ASSISTANT_SET_CAP", env.get("CLERK_ASSISTANT_SET_CAP"), DEFAULT_SET_CAP
        ),
        no_color="NO_COLOR" in env,
        llm_provider=_choice(
            "CLERK_ASSISTANT_LLM_PROVIDER",
            env.get("CLERK_ASSISTANT_LLM_PROVIDER"),
            LLM_PROVIDERS,
            "anthropic",
        ),
        anthropic_auth_token=env.get("ANTHROPIC_AUTH_TOKEN") or None,
    )


def load_settings(
    env: Mapping[str, str] | None = None, cwd: Path | None = None, **flags: Any
) -> Settings:
    """Settings from flags (keyword arguments; None means 'not given') over the env chain."""
    import os

    env = dict(os.environ) if env is None else env
    base = settings_from_env(layered_env(env, cwd or Path.cwd()))
    return base.with_overrides(**flags)


def user_data_dir(settings: Settings) -> Path:
    if settings.data_dir:
        return Path(settings.data_dir)
    import platformdirs

    return Path(platformdirs.user_data_dir("clerk-assistant"))


def transcripts_dir(settings: Settings) -> Path:
    if settings.transcripts_dir:
        return Path(settings.transcripts_dir)
    return user_data_dir(settings) / "transcripts"
