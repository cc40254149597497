"""A set's values from a file: a CSV column chosen by its header, or one value a line.

Pure apart from reading the file; the planner (planning/sets.py) turns the values into the
list step that finds their users, so this module imports nothing of the session.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .models import Call

ID_HEADERS = ("id", "user_id", "userid", "user id", "clerk_id")
EMAIL_HEADERS = ("email", "email_address", "emailaddress", "email address", "e-mail", "mail")
MAX_FILE_VALUES = 100  # one lookup request; Clerk's list filters take up to 100 values
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


# --------------------------------------------------------------------------- in


def read_values(path: Path) -> tuple[str, list[str]]:
    """("email" | "id", the values) from a CSV with a known header or one value a line."""
    if not path.is_file():
        raise ConfigError(f"no file {path}: give a CSV or a file with one value a line")
    text = path.read_text(encoding="utf-8-sig")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        raise ConfigError(f"{path} is empty")
    values = _csv_column(text) if "," in lines[0] or _is_header(lines[0]) else lines
    values = list(dict.fromkeys(v for v in values if v))  # unique, in file order
    if len(values) > MAX_FILE_VALUES:
        raise ConfigError(f"{path} has {len(values)} values; split it into files of 100")
    return _kind(path, values), values


def _is_header(line: str) -> bool:
    return line.strip().lower() in ID_HEADERS + EMAIL_HEADERS


def _csv_column(text: str) -> list[str]:
    rows = list(csv.DictReader(io.StringIO(text)))
    headers = {h.strip().lower(): h for h in (rows[0].keys() if rows else [])}
    for wanted in EMAIL_HEADERS + ID_HEADERS:
        if wanted in headers:
            return [(row.get(headers[wanted]) or "").strip() for row in rows]
    known = ", ".join(EMAIL_HEADERS[:2] + ID_HEADERS[:2])
    raise ConfigError(f"the CSV has no column of ids or emails (a header like {known})")


def _kind(path: Path, values: list[str]) -> str:
    if all(EMAIL.match(v) for v in values):
        return "email"
    if all(v.startswith("user_") for v in values):
        return "id"
    odd = next(v for v in values if not EMAIL.match(v) and not v.startswith("user_"))
    raise ConfigError(f"{path}: {odd!r} is neither an email nor a user id (user_...)")


def lookup_step(kind: str, values: list[str]) -> Call:
    """The list step that finds the file's users: by email or by id, every page."""
    name = "email_address" if kind == "email" else "user_id"
    return Call("GET", "/users", query={name: values, "limit": 100}, all_pages=True)


def unmatched(source: Call, items: Sequence[Any]) -> list[str]:
    """Values the list step asked for by email or id that no listed item has."""
    found: set[str] = set()
    for item in items:
        if isinstance(item, Mapping):
            found.add(str(item.get("id", "")).lower())
            for address in item.get("email_addresses") or []:
                if isinstance(address, Mapping):
                    found.add(str(address.get("email_address", "")).lower())
    asked = [*_as_list(source.query.get("email_address")), *_as_list(source.query.get("user_id"))]
    return [value for value in asked if str(value).lower() not in found]


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]
