"""Text from outside made safe to show and to record.

Two kinds of outside text need care before they reach a terminal or a transcript:

- **Control sequences** in what a server returns (a user's first name, an error message):
  ESC/CSI/OSC sequences can retitle the window, clear the screen, recolour or hide text,
  or forge a line of output. `clean` strips them, with every other control character but
  newline and tab, and the bidi overrides that reorder what is shown.
- **Undecodable input**: a byte that is not UTF-8 in argv or stdin arrives as a lone
  surrogate (Python's surrogateescape), which no UTF-8 writer accepts. `escaped` shows it
  as `\\xff` (a lone surrogate from elsewhere as `\\ud800`), so it is recorded and shown,
  never a crash.

Pure functions; no terminal code here.
"""

from __future__ import annotations

import re
from typing import Any

_CONTROL = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"  # CSI: colours, cursor moves, clear screen
    r"|\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC: window title, hyperlinks, clipboard
    r"|\x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?"  # DCS, SOS, PM, APC strings
    r"|\x1b[ -/]*[0-~]?"  # any other escape sequence, or a lone ESC
    r"|\x9b[0-?]*[ -/]*[@-~]?"  # 8-bit CSI
    r"|[\x90\x98\x9d\x9e\x9f][^\x07\x9c]*(?:\x07|\x9c)?"  # 8-bit DCS, SOS, OSC, PM, APC
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"  # other controls, bidi
)


def clean(text: str) -> str:
    """`text` without control sequences or control characters (newline and tab stay)."""
    return _CONTROL.sub("", text)


def clean_data(value: Any) -> Any:
    """A copy of a JSON-like value with every string (keys too) `clean`ed."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {clean(str(k)): clean_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean_data(v) for v in value]
    return value


def escaped(text: str) -> str:
    """`text` with undecodable bytes and lone surrogates written as escapes (`\\xff`)."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:  # bytes that were not UTF-8, carried as surrogates: show the byte
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate of another origin: show its code point
        raw = text.encode("utf-8", "backslashreplace")
    return raw.decode("utf-8", "backslashreplace")
