"""Prompt texts are data files in `prompts/`, each declaring its variables on line one.

    # vars: spec_version, today
    ...text using $spec_version and $today...

`load_prompt` checks at load time that the declared variables and the `$names` used in the
body are the same set, and `render` refuses a missing or extra value, so a typo in a
prompt file fails at start-up rather than as a silently odd prompt.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from string import Template

from ..errors import ConfigError

_DECLARATION = re.compile(r"#\s*vars:\s*(.*)")


def prompts_dir() -> Path:
    """The repository's prompts/ in a checkout, assistant/prompts/ in an installed wheel."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here.parent / "prompts", here / "prompts"):
        if candidate.is_dir():
            return candidate
    raise ConfigError(f"prompt files not found next to {here}; reinstall clerk-assistant")


@dataclass(frozen=True, slots=True)
class PromptText:
    name: str
    variables: frozenset[str]
    body: str

    def render(self, **values: str) -> str:
        given = set(values)
        if given != self.variables:
            raise ConfigError(
                f"prompt {self.name}: expected values for {sorted(self.variables)}, "
                f"got {sorted(given)}"
            )
        return Template(self.body).substitute(values)


@cache
def load_prompt(name: str) -> PromptText:
    path = prompts_dir() / name
    try:
        first, _, body = path.read_text(encoding="utf-8").partition("\n")
    except OSError as exc:
        raise ConfigError(f"cannot read prompt file {path}: {exc.strerror}") from None
    declared = _declared(first, path)
    used = _used(body)
    if used != declared:
        raise ConfigError(
            f"prompt {path.name}: declares {sorted(declared)} but uses {sorted(used)}"
        )
    return PromptText(name, frozenset(declared), body.strip() + "\n")


def _declared(first_line: str, path: Path) -> set[str]:
    found = _DECLARATION.fullmatch(first_line.strip())
    if not found:
        raise ConfigError(f"prompt {path.name}: line 1 must be '# vars: name, ...'")
    return {v.strip() for v in found.group(1).split(",") if v.strip()}


def _used(body: str) -> set[str]:
    names: set[str] = set()
    for match in Template.pattern.finditer(body):
        if match.group("invalid") is not None:
            continue  # a bare '$' followed by a non-name is literal text in a prompt
        name = match.group("named") or match.group("braced")
        if name:
            names.add(name)
    return names


@cache
def tool_descriptions() -> dict[str, str]:
    path = prompts_dir() / "tools.json"
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from None


@dataclass(frozen=True, slots=True)
class Note:
    title: str
    keywords: tuple[str, ...]
    text: str


@cache
def clerk_notes() -> tuple[Note, ...]:
    """The `## Title` sections of clerk_notes.md, each with its `keywords:` line."""
    body = load_prompt("clerk_notes.md").render()
    notes: list[Note] = []
    for chunk in body.split("## ")[1:]:
        title, _, rest = chunk.partition("\n")
        keyword_line, _, text = rest.partition("\n")
        keywords = keyword_line.removeprefix("keywords:").split(",")
        # The file wraps lines for reading; the note is one paragraph.
        words = tuple(k.strip().lower() for k in keywords)
        notes.append(Note(title.strip(), words, " ".join(text.split())))
    return tuple(notes)


def check_prompts() -> None:
    """Load every prompt file once so a broken one fails at start-up."""
    load_prompt("system.txt")
    clerk_notes()
    tool_descriptions()
