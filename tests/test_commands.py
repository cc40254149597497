"""The slash-command registry: dispatch, /help, completion, and the session switches."""

from __future__ import annotations

from typing import Any

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from assistant import commands
from assistant.errors import ConfigError
from assistant.models import Answer
from assistant.session import ConfirmReply, Session
from assistant.settings import Settings
from assistant.spec import Catalog, open_catalog
from assistant.terminal import SlashCompleter, Terminal
from tests.conftest import SPECS_DIR

EXPECTED = {
    "help", "tags", "browse", "detail", "search", "version", "scopes", "admin", "planner",
    "dry-run", "auto-reads", "history", "transcript", "json", "clear", "exit", "resume", "save",
    "undo",
}  # fmt: skip


class Recorder:
    path = "/tmp/t.jsonl"

    def __init__(self) -> None:
        self.records: list[tuple[str, dict[str, Any]]] = []

    def record(self, kind: str, data: dict[str, Any]) -> dict[str, Any]:
        self.records.append((kind, data))
        return data


class AnswersOnly:
    def plan(self, text: str, context: Any) -> Answer:
        return Answer(f"echo {text}")


@pytest.fixture
def session(catalog: Catalog) -> Session:
    return Session(
        Settings(sandbox=True),
        catalog,
        AnswersOnly(),
        executor=None,  # type: ignore[arg-type]  # no command here sends anything
        transcript=Recorder(),
        confirm=lambda request: ConfirmReply("no"),
        planner_factory=lambda settings: AnswersOnly(),
        catalog_loader=lambda version: open_catalog(
            version, env={"CLERK_ASSISTANT_SPECS_DIR": str(SPECS_DIR)}, download=False
        ),
    )


def run(session: Session, line: str) -> commands.Output:
    return commands.dispatch(session, line)


def test_registry_holds_every_command_and_help_lists_them(session: Session) -> None:
    assert set(commands.COMMANDS) == EXPECTED
    listed = {row[0].split()[0] for row in run(session, "/help").table.rows}
    assert listed == {f"/{name}" for name in EXPECTED}


def test_unknown_command_is_a_clear_error(session: Session) -> None:
    with pytest.raises(ConfigError, match="/help"):
        run(session, "/frobnicate")


def test_switches_change_the_session_and_are_recorded(session: Session) -> None:
    assert run(session, "/admin on").text == "admin: on"
    assert session.toggles.admin is True
    run(session, "/dry-run on")
    run(session, "/auto-reads on")
    assert session.toggles.dry_run and session.toggles.auto_reads
    assert run(session, "/admin").text == "admin: on"  # no argument only shows
    kinds = [(k, d["name"]) for k, d in session.transcript.records]  # type: ignore[attr-defined]
    assert kinds == [("setting", "admin"), ("setting", "dry_run"), ("setting", "auto_reads")]
    with pytest.raises(ConfigError):
        run(session, "/admin maybe")


def test_planner_switch(session: Session) -> None:
    assert run(session, "/planner local").text == "planner: local"
    assert session.settings.planner == "local"
    with pytest.raises(ConfigError):
        run(session, "/planner gpt")


def test_catalog_commands(session: Session) -> None:
    assert "Users" in {r[0] for r in run(session, "/tags").table.rows}
    browse = run(session, "/browse users").table
    assert ("GET", "/users") in {(r[0], r[1]) for r in browse.rows}
    detail = run(session, "/detail GET /users/{user_id}")
    assert "GET /users/{user_id}" in detail.text
    assert ("user_id", "path", "string", "yes") in detail.table.rows
    with pytest.raises(ConfigError):
        run(session, "/browse nothing-like-this")


def test_history_and_json_after_a_turn(session: Session) -> None:
    session.handle("what is a session token?")
    rows = run(session, "/history").table.rows
    assert rows == (("1", "what is a session token?", "answer", "done"),)
    assert run(session, "/json").data["output"]["text"] == "echo what is a session token?"
    assert run(session, "/exit").exit is True


def completions(session: Session, text: str) -> list[str]:
    terminal = Terminal(env={})
    terminal.session = session
    found = SlashCompleter(terminal).get_completions(Document(text), CompleteEvent())
    return [c.text for c in found]


def test_completion_of_commands_tags_and_paths(session: Session) -> None:
    assert completions(session, "/dr") == ["/dry-run"]
    assert completions(session, "/admin o") == ["on", "off"]
    assert "Users" in completions(session, "/browse Us")
    assert "/users/{user_id}" in completions(session, "GET /users/")
    posts = completions(session, "POST /org")
    assert "/organizations" in posts and all(p.startswith("/org") for p in posts)
    assert completions(session, "list users") == []


def test_version_switch_changes_the_catalog_and_is_recorded(session: Session) -> None:
    assert "spec version: 2026-05-12" in run(session, "/version").text
    assert "spec version: 2025-04-10" in run(session, "/version 2025-04-10").text
    assert session.catalog.version == "2025-04-10"
    assert session.settings.spec_version == "2025-04-10"
    assert (
        "setting",
        {"name": "spec_version", "value": "2025-04-10"},
    ) in session.transcript.records  # type: ignore[attr-defined]


def test_search_ranks_endpoints(session: Session) -> None:
    rows = run(session, "/search invite someone to an organization").table.rows
    assert ("POST", "/organizations/{organization_id}/invitations") in {(r[1], r[2]) for r in rows}
    with pytest.raises(ConfigError):
        run(session, "/search")


def test_browse_and_detail_forgive_like_the_cli(session: Session) -> None:
    """The REPL takes a tag or path as loosely as `clerk-assistant browse/detail` does."""
    assert run(session, "/browse organization-membership").table.title == (
        "Organization Memberships"
    )
    concrete = run(session, "/detail delete users/user_123/")
    assert concrete.text.startswith("DELETE /users/{user_id}")
    with pytest.raises(ConfigError, match="closest: GET /users"):
        run(session, "/detail GET /userz")
    with pytest.raises(ConfigError, match="list them with /tags"):
        run(session, "/browse nothing-like-this")
    with pytest.raises(ConfigError, match="usage: /detail METHOD PATH"):
        run(session, "/detail GET")
