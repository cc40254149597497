"""Prompt files: declared variables are checked at load time, and rendering is strict."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import ConfigError
from assistant.planning import prompts


@pytest.fixture
def prompt_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(prompts, "prompts_dir", lambda: tmp_path)
    prompts.load_prompt.cache_clear()
    yield tmp_path
    prompts.load_prompt.cache_clear()


def test_shipped_prompts_load() -> None:
    prompts.check_prompts()
    titles = [note.title for note in prompts.clerk_notes()]
    assert titles == ["Rate limits", "Metadata: merge vs replace", "Pagination"]
    assert set(prompts.tool_descriptions()) == {
        "search_endpoints",
        "get_endpoint",
        "propose_plan",
        "ask_user",
        "answer",
    }


def test_undeclared_variable_fails_at_load(prompt_dir: Path) -> None:
    (prompt_dir / "p.txt").write_text("# vars: today\nOn $today for $who\n")
    with pytest.raises(ConfigError, match=r"declares \['today'\] but uses \['today', 'who'\]"):
        prompts.load_prompt("p.txt")


def test_missing_declaration_line_fails(prompt_dir: Path) -> None:
    (prompt_dir / "p.txt").write_text("hello $who\n")
    with pytest.raises(ConfigError, match="line 1 must be"):
        prompts.load_prompt("p.txt")


def test_render_needs_exactly_the_declared_values(prompt_dir: Path) -> None:
    (prompt_dir / "p.txt").write_text("# vars: who\nhi $who, {{1.id}} stays and $$ is a dollar\n")
    text = prompts.load_prompt("p.txt")
    assert text.render(who="ann") == "hi ann, {{1.id}} stays and $ is a dollar\n"
    with pytest.raises(ConfigError, match="expected values"):
        text.render()
