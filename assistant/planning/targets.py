"""Every target the person named: "lock user_A and user_B" is two locks.

A call the planner filled with one id (or email, or phone) out of a list the person said
("A and B", "A, B, C", "A, B and C") is made once per listed value, in the order said.
A role said right after a target ("user_B as org:admin and user_C as org:member") goes with
that target; otherwise every target gets the call's own values. Endpoints that take the
whole list (POST /users/ban with user_ids) are filled with it before this runs, so a call
that already uses the other values is left as it is. Pure, no I/O.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from dataclasses import dataclass, replace
from typing import Any

from ..language.patterns import pattern
from ..language.tables import NUMBER_WORDS, ROLE_QUALIFIERS
from ..models import Call
from . import lexicon
from .slots import CLERK_ID, DOMAIN, EMAIL, PHONE, QUOTED, URL

# (a URL first: an id or an address inside one is part of it; a domain after the email
# addresses, which end in one)
VALUE = re.compile(
    f"(?i:{URL.pattern})|{EMAIL.pattern}|{PHONE.pattern}|{CLERK_ID.pattern}|{DOMAIN.pattern}"
)
# what stands between two listed values: "A and B", "A, B", "A, and B", "A & B"
_JOINERS = "|".join(re.escape(j).replace("\\ ", r"\s+") for j in lexicon.LIST_JOINERS)
_JOINER = rf"\s*(?:[,;]\s*(?:(?:{_JOINERS})\s*)?|(?:{_JOINERS})\s*)"  # ("a@x.io; +4477...")
# the word said before the first value, said again before the next ("for A and for B")
_WORD_BEFORE = re.compile(r"(\w+)\s+$")
# Values of these shapes are listed together as one list: an email and a phone number to
# allowlist are two identifiers (a lookup by email never takes a phone: same kind only).
_SHAPES_ALIKE = {"email": "contact", "phone": "contact"}
_DESTINATION = pattern("destination-before-role").pattern
_ROLE_AFTER = re.compile(
    rf"(?:{_DESTINATION}|\s+(?:to|into|in)\s+{CLERK_ID.pattern})?"
    rf"\s+as\s+(?:an?\s+)?(?:(?:{'|'.join(ROLE_QUALIFIERS)})\s+)?(?:(?P<key>org:[a-z_]+)"
    rf"|(?P<word>{'|'.join(sorted(lexicon.ROLE_WORDS, key=len, reverse=True))})s?\b)",
    re.IGNORECASE,
)
ROLE_FIELDS = ("role",)
_COUNTS = {  # the counts counted-targets says, as numbers (cues.yml number_words)
    **NUMBER_WORDS["collective"],
    **NUMBER_WORDS["units"],
    **{str(n): n for n in range(2, 10)},
}


@dataclass(frozen=True, slots=True)
class Target:
    value: str
    role: str | None = None  # "as org:admin" said right after it


def kind(value: str) -> str:
    """'url', 'email', 'phone', 'domain', or the id's kind ('user', 'org')."""
    if URL.fullmatch(value):
        return "url"
    if EMAIL.fullmatch(value):
        return "email"
    if PHONE.fullmatch(value):
        return "phone"
    if DOMAIN.fullmatch(value):
        return "domain"
    return lexicon.id_kind(value.split("_", 1)[0])


def listed_with(text: str, value: str, shapes_alike: bool = False) -> list[Target]:
    """The values said in one list with `value`, in order (just `value` when it stands
    alone, and nothing when the text does not say it). With `shapes_alike`, an email and a
    phone number listed together are one list of contacts."""
    for run in _runs(text, shapes_alike):
        if any(t.value == value for t in run):
            return list(run)
    return []


def runs(text: str) -> list[list[Target]]:
    """Every list of values of one kind the text says ("A, B and C"), in order."""
    return [list(run) for run in _runs(text, False)]


@functools.lru_cache(maxsize=256)  # (asked once per endpoint ranked for the same text)
def _runs(text: str, shapes_alike: bool) -> tuple[tuple[Target, ...], ...]:
    found: list[list[Target]] = []
    run: list[Target] = []
    end = -1
    before = ""  # the word said right before the run's first value
    for match in VALUE.finditer(text):
        if match.start() < end:
            continue  # (said where the value before goes: "a@x.io to org_A as admin")
        joined = run and _alike(run[-1].value, match.group(0), shapes_alike)
        if not (joined and _joins(text[end : match.start()], before)):
            found += [run] if run else []
            run = []
            said = _WORD_BEFORE.search(text, 0, match.start())
            before = said.group(1) if said else ""
        target, end = _target(text, match)
        run.append(target)
    return tuple(tuple(r) for r in found + ([run] if run else []))


def _alike(one: str, other: str, shapes_alike: bool) -> bool:
    kinds = kind(one), kind(other)
    if shapes_alike:
        kinds = (_SHAPES_ALIKE.get(kinds[0], kinds[0]), _SHAPES_ALIKE.get(kinds[1], kinds[1]))
    return kinds[0] == kinds[1]


@functools.lru_cache(maxsize=256)
def _joins(gap: str, before: str) -> bool:
    """'A and B', 'A, B', and with the word before A said again: 'for A and for B'; or each
    named in brackets after its label: 'GitHub (A) and Discord (B)'."""
    again = rf"(?:{re.escape(before)}\s+)?" if before else ""
    return (
        re.fullmatch(f"{_JOINER}{again}", gap, re.IGNORECASE) is not None
        or _LABELLED_GAP.fullmatch(gap) is not None
    )


# ") and Discord (": between two values each said in brackets after a short label
_LABELLED_GAP = re.compile(rf"\){_JOINER}(?:[A-Za-z][\w.'-]*\s+){{0,2}}[A-Za-z][\w.'-]*\s*\(")


def _target(text: str, match: re.Match[str]) -> tuple[Target, int]:
    """The value and the role said right after it; where the next joiner may start."""
    role = _ROLE_AFTER.match(text, match.end())
    if role is None:
        return Target(match.group(0)), match.end()
    said = role.group("key") or lexicon.ROLE_WORDS[role.group("word").lower()]
    return Target(match.group(0), said), role.end()


def role_in(text: str) -> str | None:
    """The role a text says with "as" ("... of org_B as org:admin"), as its key."""
    role = _ROLE_AFTER.search(text)
    if role is None:
        return None
    return role.group("key") or lexicon.ROLE_WORDS[role.group("word").lower()]


def roles_per_item(call: Call, text: str) -> Call:
    """A bulk call (an array body) made of listed values takes, for each item, the role said
    right after its value: "a@x.io as org:admin and b@x.io as org:member"."""
    if not isinstance(call.body, list):
        return call
    said = {t.value: t.role for run in _runs(text, True) for t in run if t.role}
    items = [_with_own_role(item, said) for item in call.body]
    return replace(call, body=items)


def _with_own_role(item: Any, said: dict[str, str]) -> Any:
    if not isinstance(item, dict) or not any(f in item for f in ROLE_FIELDS):
        return item
    role = next((said[v] for v in item.values() if isinstance(v, str) and v in said), None)
    return {**item, **{f: role for f in ROLE_FIELDS if f in item}} if role else item


def fan_out(call: Call, text: str, orders: str = "") -> list[Call]:
    """One call per target listed with the one the call took; the call alone otherwise.
    (A value the call sends, not an id in its path, fans out over a list of contacts: "allowlist
    a@x.io and +14155550192" is two allowlistings.) A value the `orders` sentences name
    themselves goes with the list they say it in: "user_A is in org_A and org_B. Remove
    them from org_A" removes once."""
    call = roles_per_item(call, text)
    if _creates_several(call, text):
        return _one_creation_each(call)
    records = _records(call, text)
    if len(records) > 1:
        return [_from_record(call, records[0], record) for record in records]
    for location, params in _params(call):
        for name, value in params.items():
            alike = location != "path"
            said = orders if isinstance(value, str) and value in orders else text
            run = listed_with(said, value, alike) if isinstance(value, str) else []
            others = [t.value for t in run if t.value != value]
            if len(run) < 2 or _uses_any(call, others):
                continue
            return [_for_target(call, location, name, t) for t in run]
    return _counted(call, text, orders) or [call]


def _counted(call: Call, text: str, orders: str) -> list[Call]:
    """ "Could you please delete two accounts for me? user_A asked ..., and user_B is a
    duplicate": the count the order says, of the kind of the id the call acts on, and
    exactly that many ids of that kind named: one call each."""
    said = pattern("counted-targets").search(orders.lower())
    acted_on = [(n, v) for n, v in call.path_params.items() if isinstance(v, str)][-1:]
    if said is None or not acted_on:
        return []
    name, value = acted_on[0]
    prefix = value.split("_", 1)[0]
    ids = (m.group(0) for m in CLERK_ID.finditer(text))
    named = list(dict.fromkeys(i for i in ids if i.startswith(f"{prefix}_")))
    count = _COUNTS.get(said.group("count"), 0)
    if value not in named or len(named) != count:
        return []
    return [replace(call, path_params={**call.path_params, name: i}) for i in named]


def _params(call: Call) -> list[tuple[str, dict[str, Any]]]:
    body = call.body if isinstance(call.body, dict) else {}
    return [("path", call.path_params), ("body", body), ("query", call.query)]


def _uses_any(call: Call, values: list[str]) -> bool:
    sent = json.dumps(call.to_json())
    return any(v in sent for v in values)


def _for_target(call: Call, location: str, name: str, target: Target) -> Call:
    if location == "path":
        return replace(call, path_params={**call.path_params, name: target.value})
    if location == "query":
        return replace(call, query={**call.query, name: target.value})
    body = {**call.body, name: target.value}
    for field in ROLE_FIELDS:
        if field in body and target.role:
            body[field] = target.role
    return replace(call, body=body)


def _creates_several(call: Call, text: str) -> bool:
    """'create users a@x.io and b@x.io': a creation whose one list field holds values said
    as a list, while the text names what is created in the plural."""
    created = call.path.rstrip("/").rsplit("/", 1)[-1].removesuffix("s")
    plurals = lexicon.PLURAL_NAMES.get(created, ())
    if call.method != "POST" or "{" in call.path or not isinstance(call.body, dict):
        return False
    if not any(re.search(rf"\b{re.escape(p)}\b", text, re.IGNORECASE) for p in plurals):
        return False
    listed = [v for v in call.body.values() if isinstance(v, list) and len(v) > 1]
    return len(listed) == 1 and _said_as_one_list(listed[0], text)


def _said_as_one_list(values: list[Any], text: str) -> bool:
    return any([t.value for t in run] == values for run in runs(text))


def _one_creation_each(call: Call) -> list[Call]:
    name = next(k for k, v in call.body.items() if isinstance(v, list) and len(v) > 1)
    return [replace(call, body={**call.body, name: [value]}) for value in call.body[name]]


# what a value is said after in a record ('with key X', 'slug: X'): the word before it
_LABEL_BEFORE = re.compile(r"(\w+)[\s:=]+$")
_LABELLED_VALUE = r"{label}[\s:=]+([^\s,;]+?)(?=[\s,;]|[.](?:\s|$)|$)"


def _records(call: Call, text: str) -> list[str]:
    """'"Read invoices" with key org:a and "Manage invoices" with key org:b': a creation
    whose name is one of several quoted names said as a list is one creation per name,
    each with the values said in its own part ("record"). The parts, or [] when the text
    is no such list."""
    quotes = list(QUOTED.finditer(text))
    body = call.body if isinstance(call.body, dict) else {}
    if call.method != "POST" or len(quotes) < 2 or not body:
        return []
    names = [next(g for g in q.groups() if g) for q in quotes]
    sent = [v for v in body.values() if isinstance(v, str)]
    if names[0] not in sent or any(n in sent for n in names[1:]):
        return []
    gaps = [text[a.end() : b.start()] for a, b in itertools.pairwise(quotes)]
    if not all(re.search(rf"(?:,|\b(?:{_JOINERS}))\s*$", g, re.IGNORECASE) for g in gaps):
        return []
    ends = [q.start() for q in quotes[1:]] + [len(text)]
    return [text[q.start() : end] for q, end in zip(quotes, ends, strict=True)]


def _from_record(call: Call, first: str, record: str) -> Call:
    """The call made for one record: each value the first record said is replaced by the
    one this record says after the same label (the quoted name by its own name)."""
    if record == first:
        return call
    body = dict(call.body)
    own_name = next(g for g in QUOTED.match(record).groups() if g)  # type: ignore[union-attr]
    first_name = next(g for g in QUOTED.match(first).groups() if g)  # type: ignore[union-attr]
    for name, value in body.items():
        if value == first_name:
            body[name] = own_name
        elif isinstance(value, str) and value in first:
            label = _LABEL_BEFORE.search(first[: first.index(value)])
            found = label and re.search(
                _LABELLED_VALUE.format(label=re.escape(label.group(1))), record
            )
            if found:
                body[name] = found.group(1)
    return replace(call, body=body)
