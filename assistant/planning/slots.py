"""Values found in a plain-English request: ids, emails, names, numbers, dates, metadata.

`extract(text, now)` is pure: it finds every value the text states and leaves it to the
local planner to decide which endpoint field each one fills.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

# The shapes of values (emails, phones, ids, secrets, URLs, dates, amounts) are shared
# with search: assistant/language/values.py.
from ..language.values import (
    CLERK_ID,
    CLOCK_TIME,
    EMAIL,
    EXAMPLE_EMAIL,
    ISO_DATE,
    MONTH_DATE,
    MONTH_YEAR,
    MONTHS,
    NUMBER_UNIT,
    PHONE,
    SECRET,
    URL,
)

# (a bare "@acme.com", said for everyone with such an address, names the domain)
DOMAIN = re.compile(r"(?<![\w./-])(?<!\w@)([a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,})\b(?![@/])")
QUOTED = re.compile(r"\"([^\"]+)\"|(?<!\w)'([^']+)'(?!\w)|“([^”]+)”")
ROLE_KEY = re.compile(r"\b(org:[a-z_]+)\b")
COLON_NAME = re.compile(r"(?<![\w@])[a-z][\w-]*(?::[\w*-]+)+(?![\w@])")
KEY_VALUE = re.compile(
    # (a bare value has a letter or digit in it: a list's dash after "checklist:" is none)
    r"\b([a-z][a-z0-9_]*)\s*(?:=|:)\s*(\"[^\"]*\"|'[^']*'|true|false|\d+(?:\.\d+)?|(?=[.-]*\w)[\w.-]+)",
    re.IGNORECASE,
)
# ("should have also beta_tester true"): a snake_case key and a true/false said after it,
# no sign between
BARE_FLAG = re.compile(r"\b([a-z][a-z0-9]*_[a-z0-9_]+)\s+(true|false)\b", re.IGNORECASE)
# words that end a name said without quotes ("called Export reports with key ...")
_NAME_ENDS = frozenset(
    "with and then for to that which as from in on at by of using where who whose".split()  # noqa: SIM905
)
NAMED = re.compile(r"\b(?:called|named|titled)\s+(?:\"([^\"]+)\"|'([^']+)'|([^\s,.;:]+))")
_CAPITALISED = r"(?=[A-ZÀ-Þ])[^\W\d_]+"
# "for Tomás Herrera", "account: Zoe Lindqvist, zoe@...", "fix the name to Zoe Lind": a first
# and a last name
PERSON = re.compile(
    rf"(?:\b(?:for|user|named|called|person|account)\s*:?|\bname\s+(?:of\s+\S+\s+)?(?:to|is|as)|:)\s+"
    rf"({_CAPITALISED})\s+"
    rf"({_CAPITALISED}(?:-{_CAPITALISED})?)(?![\w-])"
)
ROLE_PHRASE = re.compile(
    # "as a basic member", "as an org admin": one describing word may stand before the role
    # ("like administrator": the non-native "as"; "invite her to be the admin of it")
    r"\b(?:as\s+(?:an?\s+)?(?:[a-z]+\s+)?|like\s+(?:an?\s+)?|to\s+be\s+(?:the\s+|an?\s+)?"
    r"|an?\s+new\s+|(?:regular|plain|normal|simple|basic|ordinary)\s+)"
    r"(admin|administrator|owner|member)s?\b"
    r"|\b(admin|administrator|owner|member)\s+(?:rights|role|permissions|access|privileges)\b"
    r"|\brole\s+(?:to|=|:|of|as)\s+(?:an?\s+)?(admin|administrator|owner|member)\b"
    # "make him an admin", "who are the admins": the role is the noun itself
    r"|\bmake\s+\S+\s+(?:an?\s+)?(?:org(?:ani[sz]ation)?[\s-]+)?(admin|administrator|owner)\b"
    # ("make a@b.io admin of org_x", its email already taken out: "make   admin of")
    r"|\bmake\s+(admin|administrator|owner)\s+(?=of|in|for|at|on)\b"
    r"|\b(?:the|all|which|any)\s+(admin|administrator|owner)s\b"
    # "I want that she is admin of the org": the role she should have, said as a state
    r"|\b(?:is|be|becomes?)\s+(?:the\s+|an?\s+)?(admin|administrator|owner)\s+(?:of|in)\b"
    # "make her a basic member of org_x": a member, said as the noun
    r"|\ban?\s+(?:(?:basic|regular|plain|normal|ordinary|simple)\s+)?(member)\s+of\b"
    # "demote user_x to member in org_y": the role said after the demoting verb
    r"|\b(?:demote|downgrade)\s+(?:\S+\s+){1,3}?to\s+(?:an?\s+)?(member|admin)\b",
    re.IGNORECASE,
)
SELF_ID = re.compile(
    r"\b(?:i'?m|i am|my id is|me,?)\s+(?:the\s+|an?\s+)?(?:(?:admin|administrator|owner)\s+)?"
    r"(user_[A-Za-z0-9]+)",
    re.IGNORECASE,
)
WORDS_NUMBER = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "ten": 10, "a": 1, "an": 1}
WORDS_NUMBER |= {"another": 1}  # "keep working for another hour"
# "one more hour", "an extra day": the same duration, said as what is added
_ADDED = r"(?:(?:more|extra|additional|further)\s+)?"

_UNIT_SECONDS = {"second": 1, "sec": 1, "minute": 60, "min": 60, "hour": 3600, "hr": 3600}
_UNIT_SECONDS |= {"day": 86400, "week": 7 * 86400, "month": 30 * 86400}
_UNIT_SECONDS |= {"h": 3600, "m": 60, "d": 86400}
# "suite: create a user ...": an order after a colon, not a metadata value
_ORDER_VERBS = frozenset(
    [
        "create",
        "add",
        "make",
        "invite",
        "ban",
        "delete",
        "remove",
        "set",
        "update",
        "list",
        "show",
        "find",
        "give",
        "issue",
    ]
)
# Metadata keys that are really English words around the values, not keys.
_NOT_KEYS = {"http", "https", "reason", "role", "email", "note", "today", "org", "re"}


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float
    unit: str  # "seconds" (durations), "cents" (money) or "count"
    raw: str


@dataclass(slots=True)
class Slots:
    ids: list[str] = field(default_factory=list)
    self_id: str | None = None  # "I'm user_..." : the person acting
    emails: list[str] = field(default_factory=list)
    secrets: list[str] = field(default_factory=list)  # pasted secrets and tokens
    urls: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    quoted: list[str] = field(default_factory=list)
    name: str | None = None  # "called X" / "named X"
    person: tuple[str, str] | None = None  # first and last name
    roles: list[str] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    dates: list[tuple[str, int]] = field(default_factory=list)  # (context word, unix ms)
    objects: list[dict[str, Any]] = field(default_factory=list)  # JSON objects in the text
    pairs: dict[str, Any] = field(default_factory=dict)  # key = value
    words: str = ""  # the text with values removed, lower case, for ranking and cues
    words_with_roles: str = ""  # the same, with role phrases ("the admins") left in

    def ids_with_prefix(self, prefix: str) -> list[str]:
        return [i for i in self.ids if i.startswith(prefix + "_")]


def extract(text: str, now: datetime) -> Slots:
    slots = Slots()
    rest = _take_objects(text, slots)
    slots.urls = URL.findall(rest)
    rest = URL.sub(" ", rest)
    slots.secrets = SECRET.findall(rest)
    rest = SECRET.sub(" ", rest)
    # "addresses like bob+1@gmail.com": an example of a kind, not a value to act on
    rest = EXAMPLE_EMAIL.sub(" ", rest)
    slots.emails = EMAIL.findall(rest)
    rest = EMAIL.sub(" ", rest)
    slots.phones = PHONE.findall(rest)
    slots.ids = [m.group(0) for m in CLERK_ID.finditer(rest) if not m.group(0).isdigit()]
    self_match = SELF_ID.search(rest)
    slots.self_id = self_match.group(1) if self_match else None
    slots.roles = ROLE_KEY.findall(rest) or _role_words(rest)
    slots.words_with_roles = _plain_words(rest)
    if not ROLE_KEY.search(rest):
        # "a new admin" names a role, not the admin portal: keep the word out of ranking.
        rest = ROLE_PHRASE.sub(
            lambda m: m.group(0) if "member" in m.group(0).lower() else " role ", rest
        )
    slots.quoted = [next(g for g in m.groups() if g) for m in QUOTED.finditer(rest)]
    slots.name = _name(rest)
    slots.person = _person(rest)
    # ("metadata of user_x: tier = 2": an id before a colon is no key, and must not take
    # the key that follows as its value)
    slots.pairs = pairs_said(re.sub(rf"(?:{CLERK_ID.pattern})\s*:", " ", rest))
    slots.dates = _dates(rest, now)
    dated = MONTH_YEAR.sub(" ", MONTH_DATE.sub(" ", ISO_DATE.sub(" ", rest)))
    dated = CLOCK_TIME.sub(" ", dated)  # "(00:00 UTC)" is a time of day, not a limit of 0
    cleaned = ROLE_KEY.sub(" ", CLERK_ID.sub(" ", PHONE.sub(" ", dated)))
    cleaned = COLON_NAME.sub(" ", cleaned)  # "billing:read" is a scope, not the verb "read"
    slots.domains = [d for d in DOMAIN.findall(cleaned) if not d.replace(".", "").isdigit()]
    slots.quantities = _quantities(QUOTED.sub(" ", cleaned))  # "Pass-2026!" holds no number
    slots.words = QUOTED.sub(" ", cleaned).lower()
    return slots


def _plain_words(text: str) -> str:
    """The text without ids, emails, phones and quotes, lower case."""
    for pattern in (EMAIL, PHONE, CLERK_ID, QUOTED, URL):
        text = pattern.sub(" ", text)
    return text.lower()


def _role_words(text: str) -> list[str]:
    from .lexicon import ROLE_WORDS

    found = ROLE_PHRASE.search(text)
    if not found:
        return []
    return [ROLE_WORDS[next(g for g in found.groups() if g).lower()]]


def _take_objects(text: str, slots: Slots) -> str:
    """Pull JSON objects ({"tier": "enterprise"}) out of the text, outermost first."""
    decoder = json.JSONDecoder()
    out, index = [], 0
    while index < len(text):
        if text[index] == "{":
            try:
                value, end = decoder.raw_decode(text, index)
            except ValueError:
                value, end = None, index + 1
            if isinstance(value, dict):
                slots.objects.append(value)
                out.append(" ")
                index = end
                continue
        out.append(text[index])
        index += 1
    return "".join(out)


def _name(text: str) -> str | None:
    found = NAMED.search(text)
    if not found:
        return _created_with_name(text)
    if found.group(1) or found.group(2):
        return found.group(1) or found.group(2)
    # An unquoted name runs over capitalised words: "called Partner Portal with ...", and a
    # capitalised name goes on over lower-case words up to a joining word: "called Export
    # reports with key ..."
    tail = text[found.start(3) :].split()
    words = [tail[0].rstrip(",.;:")]
    capitalised = words[0][:1].isupper()
    for before, word in itertools.pairwise(tail[:4]):
        if before != before.rstrip(",.;:") or word.lower() in _NAME_ENDS:
            break  # "called billing-worker. Tokens it issues ...": the sentence ended
        lower_noun = word.isalpha() and word.islower() and not word.endswith(("ed", "ing", "ly"))
        if not word[:1].isupper() and not (capitalised and lower_noun):
            break  # ("called Globex created by ...": a verb is no part of the name)
        words.append(word.rstrip(",.;:"))
    return " ".join(words)


# "create org Tandem Labs w/ slug ...": a capitalised name right after the thing created
_CREATED_NAME = re.compile(
    r"\b(?:create|add|make|register|spin up|set up|start)\s+(?:an?\s+|the\s+)?(?:new\s+)?"
    r"(?:(?:org|organi[sz]ation)\s+(?=role|permission))?"  # ("a new org role Auditor")
    r"(?:org|organi[sz]ation|machine|role|permission|app|application|template|team|company)"
    rf"\s+({_CAPITALISED}(?:\s+{_CAPITALISED}){{0,3}}|[a-z][a-z0-9]*(?:-[a-z0-9]+)+)(?=[\s,.;]|$)",
    re.IGNORECASE,
)


def _created_with_name(text: str) -> str | None:
    found = _CREATED_NAME.search(text)
    if found is not None and "-" in found.group(1) and found.group(1).islower():
        return found.group(1)  # a slug-like name: "register machine invoice-worker"
    if found is None or not found.group(1)[:1].isupper():
        return None  # (the case-blind match above must still start with a capital)
    words = found.group(1).split()
    # "Acme Corp With ..." never: the run ends at the first word that is not capitalised
    kept = [w for w in words[: next((i for i, w in enumerate(words) if not w[0].isupper()), None)]]
    return " ".join(kept)


def _person(text: str) -> tuple[str, str] | None:
    found = PERSON.search(text)
    return (found.group(1), found.group(2)) if found else None


def pairs_said(text: str) -> dict[str, Any]:
    """ "team = infra, plan: pro": the key = value pairs the text says."""
    pairs: dict[str, Any] = {}
    for match in KEY_VALUE.finditer(text):
        key, raw = match.groups()
        if key.lower() in _NOT_KEYS or ":" in raw or _introduces_list(match, text):
            continue
        if _runs_on(match, text):
            continue  # "for our e2e suite: create a user": a colon introducing a sentence
        if _joining_word(raw):
            continue  # "no passwords: a@x.io and b@x.io": the email was taken, "and" is left
        pairs[key] = _scalar(raw)
    for match in BARE_FLAG.finditer(text):
        pairs.setdefault(match.group(1), _scalar(match.group(2)))
    return pairs


def _joining_word(raw: str) -> bool:
    """An unquoted word the text is built of ('and', 'the'), never a value on its own."""
    from .lexicon import STOPWORDS

    return raw[:1] not in "\"'" and raw.lower() in STOPWORDS


def _runs_on(match: re.Match[str], text: str) -> bool:
    """'plan: pro, seats: 5' are pairs; after 'suite: create' or 'QA: Zoe Lindqvist' the
    sentence goes on, so the colon introduced it rather than a value."""
    if ":" not in text[match.start() : match.start(2)] or match.group(2)[:1] in "\"'":
        return False
    value, after = match.group(2), text[match.end() :]
    if value[:1].isupper() and re.match(rf"\s+{_CAPITALISED}", after):
        return True  # a person's name: "QA: Zoe Lindqvist"
    # ("auditors: first add x to ..." opens a list of orders: "first" leads the order)
    leads = value.lower() in _ORDER_LEADS and bool(re.match(r"\s+[a-z]+\b", after))
    return leads or (value.lower() in _ORDER_VERBS and bool(re.match(r"\s+[^\W\d_]", after)))


_ORDER_LEADS = frozenset(["first", "firstly", "then", "next", "finally", "lastly", "please"])


def _introduces_list(match: re.Match[str], text: str) -> bool:
    """'a QA account: username qa_1, email ...': a colon whose bare word is followed by a
    value (qa_1) or an arrow introduces a list of labelled values; `plan: pro` is a pair."""
    if ":" not in text[match.start() : match.start(2)] or match.group(2)[:1] in "\"'":
        return False
    after = text[match.end() :]
    # ("metadata: org_x -> id 5": the value is itself the key of the next arrow)
    return bool(re.match(r"\s+[\w.+-]*[\d_@][\w.@+-]*|\s*(?:->|=>|→)", after))


def _scalar(raw: str) -> Any:
    if raw[:1] in "\"'":
        return raw[1:-1]
    if raw.lower() in ("true", "false"):
        return raw.lower() == "true"
    try:
        return int(raw)
    except ValueError:
        return raw


def _quantities(text: str) -> list[Quantity]:
    found: list[Quantity] = []
    for match in NUMBER_UNIT.finditer(text):
        dollar, number, unit, letter = match.groups()
        if len(number.split(".")[0]) > 9:
            continue  # "provider user ID 108234567890123456789" is an identifier, not a count
        unit = unit or letter or ""
        found.append(_quantity(float(number), unit.lower(), bool(dollar), match.group(0)))
    for word, value in WORDS_NUMBER.items():
        # ("a one-hour token": the number and its unit joined by a hyphen)
        said = rf"\b{word}(?:\s+{_ADDED}|-)(minute|hour|day|week)s?\b"
        for match in re.finditer(said, text, re.I):
            found.append(_quantity(float(value), match.group(1).lower(), False, match.group(0)))
    return found


def _quantity(number: float, unit: str, dollar: bool, raw: str) -> Quantity:
    unit = unit.rstrip("s") if unit not in ("usd", "s") else unit
    unit = "second" if unit == "s" else unit
    # (an amount of money is sent in the currency's cents: "50 bucks", "20 euro")
    if dollar or unit in ("dollar", "usd", "buck", "euro", "eur"):
        return Quantity(round(number * 100), "cents", raw)
    if unit == "cent":
        return Quantity(number, "cents", raw)
    if unit in _UNIT_SECONDS:
        return Quantity(number * _UNIT_SECONDS[unit], "seconds", raw)
    return Quantity(number, "count", raw)


def _dates(text: str, now: datetime) -> list[tuple[str, int]]:
    """(the word before the date, unix ms): explicit dates and 'last N days'."""
    found: list[tuple[str, int]] = []
    for match in ISO_DATE.finditer(text):
        day = _iso_moment(match)
        if day is not None:
            found.append((_word_before(text, match.start()), _ms(day)))
    for match in MONTH_DATE.finditer(text):
        day = _month_day(match, now)
        if day is not None:
            found.append((_word_before(text, match.start()), _ms(day)))
    for match in re.finditer(r"\b(?:last|past)\s+(\d+|\w+)\s+(day|week|hour|month)s?", text, re.I):
        count = WORDS_NUMBER.get(match.group(1).lower()) or _int(match.group(1))
        seconds = count * _UNIT_SECONDS[match.group(2).lower()]
        found.append(("since", _ms(_start(now) - timedelta(seconds=seconds))))
    for match in _THIS_PERIOD.finditer(text):
        found.append(("since", _ms(_period_start(now, match.group(1).lower()))))
    return found


# "users created this week", "who signed up this month": since the period began (UTC)
_THIS_PERIOD = re.compile(
    r"\b(?:created|signed\s*up|joined|registered|made|added|invited)\s+(?:in\s+|during\s+)?"
    r"(?:this|the\s+current)\s+(week|month|year)\b",
    re.IGNORECASE,
)


def _period_start(now: datetime, period: str) -> datetime:
    """Midnight UTC of the first day of this week (Monday), month or year."""
    today = _start(now)
    if period == "week":
        return today - timedelta(days=today.weekday())
    if period == "month":
        return today.replace(day=1)
    return today.replace(month=1, day=1)


def _iso_moment(match: re.Match[str]) -> datetime | None:
    """The UTC moment of '2026-05-01' or '2026-05-01T12:30:05'; None for '2026-13-45'."""
    try:
        day = datetime.fromisoformat(match.group(1)).replace(tzinfo=timezone.utc)
        if match.group(2):
            day = day.replace(
                hour=int(match.group(2)),
                minute=int(match.group(3)),
                second=int(match.group(4) or 0),
            )
    except ValueError:  # not a date, so not a filter
        return None
    return day


def _month_day(match: re.Match[str], now: datetime) -> datetime | None:
    """Midnight UTC of a written-out date; the year defaults to the current one."""
    month_word = (match.group(1) or match.group(4)).lower()[:3]
    day = int(match.group(2) or match.group(3))
    year = int(match.group(5)) if match.group(5) else now.year
    try:
        return datetime(year, MONTHS.index(month_word) + 1, day, tzinfo=timezone.utc)
    except ValueError:  # "Feb 30": not a date, so not a filter
        return None


def _start(now: datetime) -> datetime:
    """'Last 7 days' counts whole days back from today's midnight UTC."""
    now = now.astimezone(timezone.utc)
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return 1


def _word_before(text: str, index: int) -> str:
    """'(since 2026-05-27': the word, without the punctuation around it."""
    words = [w.strip("([{,;:\"'") for w in text[:index].lower().split()]
    return words[-1] if words else ""


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


# "Nigeria (NG)": a country's code after its name is a code whatever the letters
_CAPITAL_WORD = re.compile(r"(?<![\w@.])[A-Z][a-z]{3,}(?:\s+[A-Z][a-z]+)?(?![\w@])")
# capitalised words that pycountry would read as a country by a code or a common name
_NOT_COUNTRIES = frozenset({"Chad", "Jordan", "Georgia", "Guinea", "Niger", "March"})
_SHORT_NAMES = {"Russia": "RU", "Iran": "IR", "Syria": "SY", "Bolivia": "BO", "Venezuela": "VE"}
_SHORT_NAMES |= {"Tanzania": "TZ", "Moldova": "MD", "Laos": "LA", "South Korea": "KR"}
_SHORT_NAMES |= {"North Korea": "KP", "Taiwan": "TW", "Vietnam": "VN", "Turkey": "TR"}
_NAMED_CODE = re.compile(r"\b[A-Z][a-z]+\s+\(([A-Z]{2})\)")
_LISTED_CODES = re.compile(r"\((?:[A-Z]{2}(?:\s*(?:,|and|/)\s*|\s+))+[A-Z]{2}\)")  # "(RU NG ID)"
# (ID and OK are words as often as codes; US before "dollars" is money)
_BARE_CODE = re.compile(r"\b(?!ID\b|OK\b|US\b(?=\s+(?:dollars?|\$)))[A-Z]{2}\b")
# ... but "NG, PK and ID": ID listed with another code is Indonesia
_ID_LISTED = re.compile(
    r"\b(?!ID\b)[A-Z]{2}(?:\s*,\s*(?:and\s+)?|\s+(?:and|or|&)\s+)(ID)\b"
    r"|\b(ID)(?=(?:\s*,\s*|\s+(?:and|or|&)\s+)(?!ID\b)[A-Z]{2}\b)"
)


@functools.lru_cache(maxsize=256)
def _codes_cached(text: str) -> tuple[str, ...]:
    return tuple(_country_codes(text))


def country_codes(text: str) -> list[str]:
    """Two-letter country codes written in capitals, or countries named, in the order said."""
    return list(_codes_cached(text))


def _country_codes(text: str) -> list[str]:
    found = [(m.start(1), m.group(1)) for m in _NAMED_CODE.finditer(text)]
    found += _named_countries(text)
    for listed in _LISTED_CODES.finditer(text):  # "(ID, VN)"
        found += [
            (listed.start() + m.start(), m.group(0))
            for m in re.finditer(r"[A-Z]{2}", listed.group(0))
        ]
    named = {at for at, _ in found}
    found += [(m.start(), m.group(0)) for m in _BARE_CODE.finditer(text) if m.start() not in named]
    listed = {m.start(1) if m.group(1) else m.start(2) for m in _ID_LISTED.finditer(text)}
    found += [(at, "ID") for at in listed if at not in named]
    found = [(at, code) for at, code in found if code != "ID" or at in named | listed]
    return list(dict.fromkeys(code for _, code in sorted(found)))


def names_countries(text: str) -> bool:
    """'Nigeria (NG)', two or more codes ('NG and VN') or countries by name: countries."""
    listed = _NAMED_CODE.search(text) or _LISTED_CODES.search(text)
    return bool(listed) or len(_BARE_CODE.findall(text)) >= 2 or bool(_named_countries(text))


@functools.lru_cache(maxsize=256)  # (asked once per endpoint ranked for the same text)
def _named_countries(text: str) -> tuple[tuple[int, str], ...]:
    """'Nigeria, Pakistan and Indonesia': capitalised words that are country names (ISO 3166
    through pycountry, loaded only when a capitalised word is there to look up)."""
    words = [m for m in _CAPITAL_WORD.finditer(text) if m.group(0) not in _NOT_COUNTRIES]
    if not words:
        return ()
    import pycountry  # (lazy: ~10 MB of data that most requests never need)

    found = []
    for match in words:
        name = match.group(0)
        if name in _SHORT_NAMES:  # pycountry knows "Russian Federation", people say Russia
            found.append((match.start(), _SHORT_NAMES[name]))
            continue
        try:
            found.append((match.start(), pycountry.countries.lookup(name).alpha_2))
        except LookupError:
            continue
    return tuple(found)


# A value that identifies something: quoted, or with a digit, _, |, : or - in it
# ("external ID when ..." names none; "external ID cus_9f", "username 'jdoe'" do).
_ID_VALUE = r"(?:[\"'“]([^\"'”\s]+)[\"'”]|((?=[\w.+|:-]*[\d_|:-])[\w.+|:-]*\w))"
# The same, starting where a value can start: a search tried at every position inside a
# long pasted token rescanned the token each time (quadratic); the leftmost match always
# starts at the token's start anyway, so this finds the same value in linear time.
_ID_VALUE_AT_START = _ID_VALUE.replace("|((?=", r"|(?<![\w.+|:-])((?=", 1)


# A plain word after the label: usernames are often letters alone ("username kbauer")
_PLAIN_VALUE = r"[\"'“]?([a-z][a-z0-9._]{2,31})\b(?![\"'”]?[@\w])"


def plain_labelled_value(name: str, text: str) -> str | None:
    """The word right after a field's name, even without a digit or '_' ('with username
    kbauer'); the caller says whether that word can be a value."""
    found = _after_label(name, _PLAIN_VALUE).search(text)
    return found.group(1) if found else None


def labelled_value(name: str, text: str, before_only: bool = False) -> str | None:
    """The value said right after a field's name ('external ID is cus_Nf83', 'username
    jdoe_1'), or right before it ('cust_88213 as the external ID')."""
    after_label, before_label = _label_patterns(name)
    after = after_label.search(text)
    if after and not before_only:
        return after.group(1) or after.group(2)
    before = before_label.search(text)
    return (before.group(1) or before.group(2)) if before else None


@functools.lru_cache(maxsize=1024)
def _label_patterns(name: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    label = _label(name)
    return (
        _after_label(name, _ID_VALUE),
        re.compile(rf"{_ID_VALUE_AT_START}\s+as\s+(?:the\s+|their\s+|its\s+)?{label}\b", re.I),
    )


@functools.lru_cache(maxsize=1024)
def _after_label(name: str, value: str) -> re.Pattern[str]:
    """A field's name, a linking word or mark ('is', 'of', '=', ':'), then the value."""
    return re.compile(rf"\b{_label(name)}\s+(?:is\s+|of\s+|=\s*|:\s*)?{value}", re.I)


def _label(name: str) -> str:
    return name.replace("_", r"[\s_-]?")  # "external id", "external_id", "external-id"
