"""A transcript trusted to act on: `resume` and `undo` turn its records into calls.

The hash chain alone proves only that the records fit together: anyone who can write the
file can edit a record and hash and link the whole file afresh (a re-chained file passes
`verify` without an anchor). A transcript that calls are made from must therefore be
exactly what its anchor (kept outside the file, `anchors.py`) lists; a missing anchor, a
cut tail, an edited or re-chained file is refused with the reason, and nothing is sent.
An unclosed transcript is fine: a set stopped by a crash has no `session_end`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .anchors import anchors_dir
from .errors import ConfigError
from .settings import Settings
from .transcript import read_records, verify


def trusted_records(path: Path, settings: Settings, doing: str) -> list[dict[str, Any]]:
    """The records of `path` when its chain verifies and matches its anchor; else
    ConfigError("not <doing>: <why>"), one line."""
    anchors = anchors_dir(settings)
    report = verify(path, anchors)
    if report.ok and report.anchor is not None and report.anchor.ok:
        return read_records(path)
    why = report.summary(path.name).splitlines()[0]
    raise ConfigError(f"not {doing}: {why} (checked against its anchor in {anchors})")
