"""Anchors: every transcript's chain, also kept outside the transcript file.

A hash chain alone proves that the records it holds fit together, not that they are all
of them: anyone who can write the file can cut its tail at a record boundary, or rewrite
it with a fresh chain. So each transcript has an anchor, an append-only log in the user's
data dir (`<data dir>/anchors/<anchor id>.log`, like CloudTrail's digest files kept apart
from the logs), with one line `SEQ HASH` per record. The line is written (and fsync'ed)
before the record itself, so every record that reaches the file is anchored. The anchor
id is in the transcript's `session_start` record.

`compare` then tells: the file holds exactly the anchored records (match), fewer (cut),
more (records appended), or different ones (edited or re-chained), or the anchor is not
there at all. What no anchor can prove: anything, once the anchor store was rewritten too.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError
from .settings import Settings, user_data_dir

ANCHOR_ID = re.compile(r"[0-9a-f]{32}")
LINE = re.compile(rb"(\d+) ([0-9a-f]{64})")


def anchors_dir(settings: Settings) -> Path:
    return user_data_dir(settings) / "anchors"


def new_anchor_id() -> str:
    return os.urandom(16).hex()


def anchor_path(folder: Path, anchor_id: str) -> Path:
    return folder / f"{anchor_id}.log"


class AnchorLog:
    """The open, append-only anchor of one transcript."""

    def __init__(self, folder: Path, anchor_id: str) -> None:
        self.path = anchor_path(folder, anchor_id)
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_BINARY", 0)
            self._fd: int | None = os.open(self.path, flags, 0o600)
        except OSError as exc:
            raise _unwritable(self.path, exc) from None

    def append(self, seq: int, record_hash: str, sync: bool = True) -> None:
        """Anchor one record before it is written: one whole line, fsync'ed when `sync`.

        A killed process loses nothing written (the kernel has it); fsync only matters
        when the machine itself goes down, and costs ~5 ms, so the transcript asks for it
        where it counts (see `Transcript.record`)."""
        if self._fd is None:
            raise ConfigError(f"anchor {self.path} is closed")
        line = f"{seq} {record_hash}\n".encode()
        try:
            written = os.write(self._fd, line)
            if sync:
                os.fsync(self._fd)
        except OSError as exc:
            raise _unwritable(self.path, exc) from None
        if written != len(line):
            raise ConfigError(f"cannot write the transcript anchor {self.path}: short write")

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
        self._fd = None


def _unwritable(path: Path, exc: OSError) -> ConfigError:
    return ConfigError(
        f"cannot write the transcript anchor {path}: {exc.strerror or exc}; "
        "set CLERK_ASSISTANT_DATA_DIR to a folder you can write"
    )


def read_anchor(folder: Path, anchor_id: str) -> list[tuple[int, str]] | None:
    """The anchored (seq, hash) pairs in order; None when there is no such anchor."""
    if not ANCHOR_ID.fullmatch(anchor_id):
        return None
    try:
        data = anchor_path(folder, anchor_id).read_bytes()
    except OSError:
        return None
    pairs = []
    for line in data.split(b"\n"):
        match = LINE.fullmatch(line)
        if match:  # a line cut by a kill is no anchor
            pairs.append((int(match.group(1)), match.group(2).decode()))
    return pairs


@dataclass(frozen=True, slots=True)
class AnchorCheck:
    """How a transcript's records compare with its anchor."""

    state: str  # match | cut | extra | differs | missing | none
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.state == "match"


def compare(records: Sequence[tuple[int, str]], anchor_id: object, folder: Path) -> AnchorCheck:
    """Compare the file's (seq, hash) pairs with the anchor `anchor_id` in `folder`."""
    if not isinstance(anchor_id, str) or not anchor_id:
        return AnchorCheck("none", "its session_start names no anchor (an older version wrote it)")
    anchored = read_anchor(folder, anchor_id)
    if anchored is None:
        where = anchor_path(folder, anchor_id)
        return AnchorCheck("missing", f"its anchor {where} does not exist")
    return _compare_pairs(list(records), anchored)


def _compare_pairs(found: list[tuple[int, str]], anchored: list[tuple[int, str]]) -> AnchorCheck:
    for index, (mine, theirs) in enumerate(zip(found, anchored, strict=False), start=1):
        if mine != theirs:
            return AnchorCheck(
                "differs",
                f"record {index} is not the record the session wrote (edited, or the file "
                "was rewritten with a fresh chain)",
            )
    if len(found) < len(anchored):
        first, last = len(found) + 1, len(anchored)
        span = f"record {first}" if first == last else f"records {first}-{last}"
        return AnchorCheck(
            "cut",
            f"the anchor lists {last} records, the file has {len(found)}: {span} cut off "
            f"(or the process was killed while writing record {first})",
        )
    if len(found) > len(anchored):
        first = len(anchored) + 1
        return AnchorCheck(
            "extra",
            f"records {first}-{len(found)} are not in the anchor: added after the session "
            "wrote its last record",
        )
    return AnchorCheck("match")
