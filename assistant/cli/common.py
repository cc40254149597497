"""Small pieces every subcommand handler shares: settings and catalog from the args."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

from ..environment import Environment
from ..errors import ConfigError
from ..safe_text import escaped
from ..settings import Settings, ignored_dotenv_settings, layered_env, load_settings
from ..spec import Catalog, open_catalog

# argparse dest -> Settings field, for the flags that override settings.
_FLAG_FIELDS = {
    "spec_version": "spec_version",
    "spec_file": "spec_file",
    "secret_key": "secret_key",
    "scopes": "scopes",
    "planner": "planner",
    "model": "model",
}


def settings_from_args(args: argparse.Namespace, env: Environment) -> Settings:
    flags = {field: getattr(args, dest, None) for dest, field in _FLAG_FIELDS.items()}
    if getattr(args, "admin", False):
        flags["admin"] = True
    if getattr(args, "sandbox", False):
        flags["sandbox"] = True
    _check_scopes_flag(flags["scopes"])
    settings = load_settings(env=env.env, cwd=env.cwd, **flags)
    for path, names in ignored_dotenv_settings(env.cwd):
        env.error(
            f"ignored {', '.join(names)} in {path}: a .env may set only CLERK_SECRET_KEY "
            "(set the others in the environment, with flags or in the config file)"
        )
    return settings


def _check_scopes_flag(scopes: str | None) -> None:
    """`--scopes usrs:write` is a typo to report at once, not a grant silently missing."""
    if scopes is None:
        return  # without the flag there is nothing to check, nor the guardrail to import
    from ..guardrail import unknown_scopes_message

    problem = unknown_scopes_message(scopes)
    if problem:
        raise ConfigError(f"--scopes: {problem}")


def catalog_from_args(args: argparse.Namespace, env: Environment) -> Catalog:
    settings = settings_from_args(args, env)
    return catalog_for(settings, env)


def catalog_for(settings: Settings, env: Environment) -> Catalog:
    return open_catalog(
        version=settings.spec_version,
        spec_file=settings.spec_file,
        env=layered_env(env.env, env.cwd),
    )


def wants_json(args: argparse.Namespace) -> bool:
    """True when --json was given, before or after the subcommand."""
    return bool(getattr(args, "json", False))


def stdin_lines(env: Environment) -> Iterator[str]:
    """Each non-blank stdin line, stripped: what `search -` and `plan -` answer one by one.

    A byte that is not UTF-8 is shown escaped (`\\xff`), never a crash (see `safe_text`)."""
    return (escaped(line.strip()) for line in env.stdin if line.strip())
