"""Sets in from files and list results out to files.

In: a CSV whose header names a column of ids or emails (`id`, `user_id`, `email`,
`email_address`, ...), or a plain file with one value a line. The values become the
list step's filter (`GET /users?email_address=...`), so emails are looked up before
anything runs and values that match no one are reported in the set's preview.

Out: any list result (every page walked) as CSV or JSONL, chosen by the file's extension,
with the columns people expect for users: id, primary email, name, created, last sign-in,
banned, locked. Other objects keep their top-level plain fields.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ConfigError
from .models import Call, Plan, Turn
from .people import primary_email
from .sets import listed_items

if TYPE_CHECKING:
    from .session import Session

USER_COLUMNS = ("id", "primary_email", "name", "created", "last_sign_in", "banned", "locked")


# --------------------------------------------------------------------------- out


def export_row(item: Any) -> dict[str, Any]:
    if not isinstance(item, Mapping):
        return {"value": item}
    if item.get("object") == "user" or "email_addresses" in item:
        return _user_export(item)
    return {k: v for k, v in item.items() if isinstance(v, str | int | float | bool) or v is None}


def _user_export(user: Mapping[str, Any]) -> dict[str, Any]:

    name = " ".join(str(user.get(k) or "") for k in ("first_name", "last_name")).strip()
    return {
        "id": user.get("id"),
        "primary_email": primary_email(user),
        "name": name,
        "created": _iso(user.get("created_at")),
        "last_sign_in": _iso(user.get("last_sign_in_at")),
        "banned": bool(user.get("banned")),
        "locked": bool(user.get("locked")),
    }


def _iso(ms: Any) -> str:
    if not isinstance(ms, int | float) or isinstance(ms, bool):
        return ""
    moment = datetime.fromtimestamp(ms / 1000, timezone.utc)
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def render(items: Sequence[Any], fmt: str) -> str:
    """`items` as CSV (header + one row each) or JSONL (one object a line)."""
    rows = [export_row(item) for item in items]
    if fmt == "jsonl":
        return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    columns = list(dict.fromkeys(k for row in rows for k in row)) or list(USER_COLUMNS)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def format_of(path: str) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in (".csv", ".jsonl"):
        raise ConfigError(f"save as .csv or .jsonl, not {suffix or 'no extension'!r}")
    return suffix[1:]


def last_list(turn: Turn | None) -> tuple[int, list[Any], bool] | None:
    """(step, items, every page walked) of the last list result of `turn`."""
    if turn is None or not isinstance(turn.output, Plan):
        return None
    for result in reversed(turn.results):
        body = result.body
        if result.status == "ok" and (isinstance(body, list) or "data" in (body or {})):
            walked = turn.output.steps[result.step - 1].all_pages
            return result.step, listed_items(body), walked
    return None


def export_turn(turn: Turn, fmt: str) -> str:
    """`ask --format`: the turn's last list result as CSV/JSONL ("" when it has none)."""
    found = last_list(turn)
    return render(found[1], fmt) if found else ""


def save_last_list(session: Session, argument: str) -> str:
    """/save FILE: the last list, every page, written as CSV or JSONL."""
    if not argument:
        raise ConfigError("usage: /save users.csv (or .jsonl)")
    fmt = format_of(argument)
    found = last_list(next((t for t in reversed(session.turns) if t.results), None))
    if found is None:
        raise ConfigError("nothing to save: list something first (e.g. 'list all users')")
    step, items, complete = found
    if not complete:
        items = _walk_again(session, step)
    target = Path(argument).expanduser()
    target.write_text(render(items, fmt), encoding="utf-8")
    session.transcript.record("export", {"file": str(target), "rows": len(items)})
    return f"saved {len(items)} row(s) to {target}"


def _walk_again(session: Session, step: int) -> list[Any]:
    """The list call of `step` again, every page (reads only; each page is recorded)."""
    turn = next(t for t in reversed(session.turns) if t.results)
    assert isinstance(turn.output, Plan)
    call = turn.output.steps[step - 1]
    query = {k: v for k, v in call.query.items() if k not in ("offset", "starting_after")}
    walk = Call(call.method, call.path, call.path_params, query, all_pages=True)
    result = session._walk_pages(step, walk, {})
    return listed_items(result.body)
