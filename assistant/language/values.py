"""The shapes of values in a request: emails, phones, Clerk ids, secrets, URLs, dates,
amounts. One set, read by search and by the planner. Shapes, not words: what a word
means is data (`data/*.yml`).

Every pattern that can start inside a long run of word characters starts only at the
run's start (a look-behind), so a pasted 8 KB token is scanned once, not once per
position inside it (which made planning quadratic in the request's length).
"""

from __future__ import annotations

import functools
import re
from typing import Any

from .tables import ID_KINDS, NOT_ID_TAILS

_LOCAL_PART = r"(?<![\w.+-])[\w.+-]++"
_EMAIL = rf"{_LOCAL_PART}@[\w-]+(?:\.[\w-]+)+"
EMAIL = re.compile(rf"(?=\w){_EMAIL}\b|(?<=[.+-])\b[\w.+-]++@[\w-]+(?:\.[\w-]+)+\b")
# Examples of a kind of address are no values to act on: "addresses like bob+1@gmail.com".
_EXAMPLE_EMAIL = (
    # ("I'd like bob@x.io to ...", "we would like ...": a wish, not an example)
    rf"(?<=\b(?:like|e\.g\.|i\.e\.))(?<!(?:'d|’d|ld) like)"
    rf"\s+{_EMAIL}(?:\s*(?:,|or|and)\s*{_EMAIL})*(?:,?\s+etc\.?)?"
    rf"|(?<=\bsuch as)\s+{_EMAIL}"
    rf"|(?<=\bfor example)[,:]?\s+{_EMAIL}"
    # "bob+1@gmail.com, bob+2@gmail.com etc.": a list that trails off is of examples
    rf"|{_EMAIL}(?:\s*,\s*{_EMAIL})*(?=,?\s*(?:etc\b|\.\.\.|…|and so on))",
    re.IGNORECASE,
)
PHONE = re.compile(r"(?<![\w+])\+\d{7,15}\b")  # a number as a value (E.164)
PHONE_AS_WRITTEN = re.compile(r"\+\d[\d\s().-]{6,}\d")  # "+1 (415) 555-0100" names a phone
# (a full stop after a URL ends the sentence: "... to https://x.io/__clerk.")
URL = re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s,;\"')]*[^\s,;\"').]", re.IGNORECASE)

# Clerk ids are `<prefix>_<base62>`; the prefix says which kind of object it names.
# A prefix the table does not know needs an id-like tail (a digit or a capital):
# "kate_builds" is a username, "ent_2ZobS8" an id.
_KNOWN_PREFIXES = "|".join(sorted(ID_KINDS, key=len, reverse=True))
# (Clerk's own examples write short ids, "user_xyz", "user_abc123": a known prefix of three
# letters or more takes a short tail too, unless the tail is a word: "user_id" is a field)
_SHORT_PREFIXES = "|".join(sorted((k for k in ID_KINDS if len(k) >= 3), key=len, reverse=True))
_CLERK_ID = (
    rf"\b(?:(?:{_KNOWN_PREFIXES})_[A-Za-z0-9]{{5,}}"
    rf"|(?:{_SHORT_PREFIXES})_(?!(?i:{'|'.join(sorted(NOT_ID_TAILS))})\b)[A-Za-z0-9]{{1,4}}"
    r"|[a-z]{2,8}_(?=[a-z]*[A-Z0-9])[A-Za-z0-9]{5,})\b",
    0,
)
# Any `word_tail` that may be an id (search decides by the prefix table or the tail).
ID_SHAPE = re.compile(r"\b([a-z]+)_([A-Za-z0-9]{2,})\b")
# A pasted secret or token is no id: "sk_live_x", "ak_test_x" (prefix_qualifier_body), a JWT.
SECRET_PATTERN = (
    r"(?<![\w.])(?:[a-z]{2,8}_[a-z]{2,8}_[A-Za-z0-9]{8,}|eyJ[\w-]+\.[\w-]+\.[\w-]+)(?![\w.])"
)
SECRET = re.compile(SECRET_PATTERN)

_ISO_DATE = (r"\b(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?", 0)
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
# "March 1st 2026", "Mar 1, 2026", "1 March 2026", "the 1st of March" (year: this one).
_MONTH_DATE = (
    rf"\b(?:{_MONTH}\s+{_DAY}|{_DAY}\s+(?:of\s+)?{_MONTH})(?:,?\s+(\d{{4}}))?\b",
    re.IGNORECASE,
)
# "March 2026": a month and its year name a time, not a quantity of 2026
_MONTH_YEAR = (rf"\b{_MONTH}\s+(?:of\s+)?\d{{4}}\b", re.IGNORECASE)
_CLOCK_TIME = (r"(?<![\w:])\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:am|pm|utc|gmt)\b)?", re.I)
# Amounts and durations: "$20", "30 days", "24h", "40 seats".
_NUMBER_UNIT = (
    # (digits joined to a word, "legacy-44102", are part of that value, not a quantity)
    # ("600 more seconds", "2 extra days": the same duration, said as what is added)
    r"(\$)?(?<![\w-])(\d+(?:\.\d+)?)(?:[\s-]*(?:(?:more|extra|additional|further)\s+)?"
    r"(seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?"
    r"|months?|dollars?|bucks?|euros?|cents?|usd|eur|seats?|members?|users?|people|items?|results?)"
    # "24h", "120s", "15m", "7d": a unit's letter joined to the number
    r"|(?<=\d)(h|s|m|d)(?=\b))?\b",
    re.IGNORECASE,
)

# Shapes only the planner reads are compiled when first asked for (`values.CLERK_ID`):
# search's warm start never pays for them.
_LAZY: dict[str, tuple[str, int]] = {
    "CLERK_ID": _CLERK_ID,
    "EXAMPLE_EMAIL": _EXAMPLE_EMAIL,
    "ISO_DATE": _ISO_DATE,
    "MONTH_DATE": _MONTH_DATE,
    "MONTH_YEAR": _MONTH_YEAR,
    "CLOCK_TIME": _CLOCK_TIME,
    "NUMBER_UNIT": _NUMBER_UNIT,
}


@functools.cache
def _compiled(name: str) -> re.Pattern[str]:
    pattern, flags = _LAZY[name]
    return re.compile(pattern, flags)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return _compiled(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
