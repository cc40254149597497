"""Secret-shaped values inside free text, found so they can be kept out of every record.

`transcript.redact` already hides secrets that sit under a secret key of a JSON object
and strings shaped like keys or tokens. Text is harder: what a person types
(`POST /users {"password": "hunter2!"}`, `set password hunter2 for user_1`), a curl's
`--data-raw`, an error message. This module finds two shapes there:

- a pair: a secret-named key, quoted or not, then `:` or `=`, then a value
  (`"password": "x"`, `clientSecret=x`, `api_key: x`);
- prose: a password word, optional joining words, then a value (`password hunter2`,
  `password is 'x'`, `pwd to x`); ordinary words after it (`password for ...`) are not one.

Pure functions; the words are data at the top.
"""

from __future__ import annotations

import re
from collections.abc import Callable

REDACTED = "[redacted]"

# Words after which a person types a password in prose.
PASSWORD_WORDS = ("password", "passwd", "passphrase", "passcode", "pwd", "pw")
# Words that may sit between a password word and the password: "password is x".
JOINING_WORDS = ("is", "to", "as", "should be", "will be", "=", ":")
# Words that follow a password word without being a password: "password for user_1".
_ORDINARY_WORDS = (
    "a an the and or but for from of on in at by with without into onto to is as be it "
    "they them their his her its this that these those who which when if so not no any "
    "all each every now then too also again please required requirement requirements "
    "reset resets change changes changed update updated set remove removed removal "
    "check checks checked verify verified verification compromised hasher digest field "
    "fields policy policies strength length rule rules login sign signin protection back "
    "was were has have had must should will can could would may might"
)
NOT_A_PASSWORD = frozenset(_ORDINARY_WORDS.split())

_VALUE = r"""(?:\[redacted\]|"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^\s"',;&}\])]+)"""
_PAIR = re.compile(
    r"""(?P<head>(?P<q>["']?)(?P<key>[A-Za-z_][A-Za-z0-9_\-]*)(?P=q)\s*[:=]\s*)"""
    rf"(?P<value>(?:(?:Bearer|Basic|Token)\s+)?{_VALUE})"  # an Authorization value, too
)
# A cheap first look: text without any of these has no secret-named key.
_HINT = re.compile(r"(?i)pass|pwd|pw|token|secret|key|jwt|auth|cookie|backup|svix")
_WORD = r"\b(?:" + "|".join(PASSWORD_WORDS) + r")\b"
_JOIN = "|".join(re.escape(w) for w in JOINING_WORDS)
_PROSE = re.compile(
    # "password hunter2", "password is 'x'", "password for bob@x.io to Hunter2!"
    rf"(?i)(?P<head>{_WORD}[\"']?(?:(?:\s+[^\s\"']+){{1,4}}?\s+to\b|(?:\s*(?:{_JOIN})(?!\w))*)\s*)"
    rf"(?P<value>{_VALUE})"
)
# "is 'Harbor!Lights42' the correct password?": a quoted value a few words before one.
_QUOTED_BEFORE = re.compile(
    rf"""(?i)(?P<value>"[^"\n]+"|'[^'\n]+')(?=(?:\s+[\w'-]+){{0,4}}?\s+{_WORD})"""
)


def redact_pairs(text: str, is_secret: Callable[[str], bool]) -> str:
    """`text` with the value of every `secret-key: value` / `secret-key=value` hidden."""
    if not _HINT.search(text):
        return text

    def hide(match: re.Match[str]) -> str:
        if not is_secret(match["key"]) or _is_placeholder(match["value"]):
            return match[0]
        return match["head"] + _hidden(match["value"])

    return _PAIR.sub(hide, text)


def redact_prose(text: str) -> str:
    """`text` with passwords said in prose hidden: 'password hunter2', "'x' is the password"."""
    text = _PROSE.sub(_hide_prose_value, text)
    return _QUOTED_BEFORE.sub(lambda m: _hidden(m["value"]), text)


def carries_secret(text: str, is_secret: Callable[[str], bool]) -> bool:
    """True when `text` holds a secret-shaped value in either shape."""
    return redact_prose(redact_pairs(text, is_secret)) != text


def _hide_prose_value(match: re.Match[str]) -> str:
    value = match["value"]
    if value.lower().rstrip(".?!,") in NOT_A_PASSWORD or value.strip("\"'") == REDACTED:
        return match[0]
    return match["head"] + _hidden(value)


def _is_placeholder(value: str) -> bool:
    """Already hidden, or a shell variable (`Bearer $CLERK_SECRET_KEY` in a curl)."""
    bare = value.split()[-1].strip("\"'")
    return bare == REDACTED or bare.startswith("$")


def _hidden(value: str) -> str:
    """The value replaced, its quotes kept so the text still reads (and parses) the same."""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[0] + REDACTED + value[0]
    return REDACTED
