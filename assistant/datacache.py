"""Caches hold data, never code: JSON files with a header naming what they hold.

The compiled catalog, the search index and the sandbox's spec document are cached as
JSON, not pickle: whoever can write into the cache folder (a shared machine, a folder a
`.env` once pointed at) must not be able to run code when the assistant starts. A file
that is missing, unreadable, not JSON, or whose header names another kind, version or
spec is treated as absent, and the caller rebuilds it.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

# Bump when what the callers write changes shape (rows instead of named keys, say).
FORMAT = 2


def read_data(path: Path, kind: str, key: str) -> Any:
    """The cached payload of `kind` for `key` (a spec digest + versions), or None."""
    try:
        cached = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        return None
    if not isinstance(cached, dict) or cached.get("format") != FORMAT:
        return None
    if cached.get("kind") != kind or cached.get("key") != key:
        return None
    return cached.get("data")


def write_data(path: Path, kind: str, key: str, data: Any) -> None:
    """Store `data` for the next start; a read-only cache or odd value only costs speed."""
    try:
        header = {"format": FORMAT, "kind": kind, "key": key}
        encoded = json.dumps({**header, "data": data}, separators=(",", ":"))
    except (TypeError, ValueError):  # e.g. a YAML date in a spec default: just don't cache
        return
    from .files import atomic_write  # deferred: a warm start only reads (tempfile costs ~5 ms)

    with contextlib.suppress(OSError):
        atomic_write(path, encoded.encode("utf-8"))
