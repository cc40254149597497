"""An order said again for another value, its verb left out (gapping).

"add URL_A as a redirect URL, and URL_B as well" is two redirect URLs; "make user_A a
member of org_A, and also of org_B as org:admin" two memberships, the second with its own
role. The later part names no verb; it is joined by "and"/"plus" and marked "also", "too"
or "as well" (`verbs.yml` clause_again). Its values take the place of the values of their
kind in the call the order before it planned; a role said with "as" takes the role's place.
When no value of the part has a kind the call took, the part is no repetition. Pure.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from ..language.data import tables
from ..language.patterns import pattern
from ..language.tables import ROLE_QUALIFIERS, ROLE_WORDS
from ..language.text import any_phrase
from ..models import Call
from .slots import CLERK_ID, EMAIL, PHONE, ROLE_KEY, URL, pairs_said
from .targets import kind, role_in

_AGAIN = tables().raw["verbs"]["clause_again"]


_JOINER = re.compile(rf"(?:\s*,\s*|\s+)(?:{any_phrase(_AGAIN['joiners'])})\s+", re.IGNORECASE)
_BEFORE = re.compile(rf"^(?:{any_phrase(_AGAIN['before'])})\b\s*,?\s*", re.IGNORECASE)
_AFTER = re.compile(rf"\s*,?\s+(?:{any_phrase(_AGAIN['after'])})\W*$", re.IGNORECASE)
_VALUE = re.compile(f"(?i:{URL.pattern})|{EMAIL.pattern}|{PHONE.pattern}|{CLERK_ID.pattern}")
_SENTENCE_END = re.compile(r"[.;!?](?:\s|$)")
_ROLE_ONLY = re.compile(  # " as normal member.": a role and nothing after it
    rf"\s+as\s+(?:an?\s+)?(?:(?:{'|'.join(ROLE_QUALIFIERS)})\s+)?"
    rf"(?:org:[a-z_]+|{'|'.join(ROLE_WORDS)})s?\W*$",
    re.IGNORECASE,
)
_PARALLEL = re.compile(
    rf"^({any_phrase(_AGAIN['parallel'])})\s+(?:the\s+)?({_VALUE.pattern})", re.IGNORECASE
)


def gapped_tail(text: str, verb: re.Pattern[str]) -> tuple[str, str] | None:
    """(the order, the part said again) when the text ends with a part repeating the order
    for another value; `verb` finds an order verb (a part with one is an order of its own).
    A sentence after the part that gives no order ("... and to org_B as org:admin. She runs
    that team.") stays with the order."""
    joins = list(_JOINER.finditer(text))
    if not joins:
        return None
    join = joins[-1]
    part, after = _until_sentence_end(text[join.end() :])
    marked = (
        _BEFORE.match(part)
        or _AFTER.search(part)
        or _parallel(part, text[: join.start()])
        or _value_as_role(part)
    )
    said = part[_BEFORE.match(part).end() :] if _BEFORE.match(part) else part
    if not marked or verb.match(said) or (after and verb.match(after.lstrip(".;!? "))):
        return None
    lead = _PARALLEL.match(said)
    if lead and verb.match(said[lead.end() :].lstrip(" ,")):
        return None  # ("..., and for user_C just delete their TOTP": an order of its own)
    if not _VALUE.search(part) or not _VALUE.search(text[: join.start()]):
        return None
    return text[: join.start()] + after, part


def _until_sentence_end(part: str) -> tuple[str, str]:
    end = _SENTENCE_END.search(part.rstrip(".!? "))
    return (part[: end.start()], part[end.start() :]) if end else (part, "")


def role_said_again(call: Call, piece: str) -> Call | None:
    """ "for org_x: A should get an invitation as admin, and B as normal member": a piece
    (after its scope) that is a value and a role alone repeats the call for that value with
    that role; None when the piece says more."""
    part = piece.rsplit(": ", 1)[-1]
    if not _value_as_role(part):
        return None
    again = said_again(call, part)
    return again[0] if len(again) == 1 else None


def _value_as_role(part: str) -> bool:
    """ "A should get an invitation as admin, and B as normal member": the part is a value
    and a role said with "as", nothing else: the same order for B with that role."""
    value = re.match(rf"\s*(?:the\s+)?(?:{_VALUE.pattern})", part)
    if value is None:
        return False
    rest = part[value.end() :]
    role = _ROLE_ONLY.match(rest)
    return role is not None and role_in(rest) is not None


def _parallel(part: str, order: str) -> bool:
    """ "invite a@x.io to org_A as org:member and to org_B as org:admin": the part starts
    with a word the order said right before a value of the same kind (`verbs.yml`
    clause_again parallel): the same order for that other value."""
    lead = _PARALLEL.match(part)
    if lead is None:
        return False
    word, value = lead.group(1), lead.group(2)
    said = re.finditer(rf"\b{re.escape(word)}\s+(?:the\s+)?({_VALUE.pattern})", order, re.I)
    return any(kind(s.group(1)) == kind(value) for s in said)


def said_again(call: Call, part: str) -> list[Call]:
    """The call with the part's values in place of those of their kind (once per value when
    the part lists several of one kind: "and URL_B and URL_C too"); nothing when the part
    names no value of a kind the call took."""
    values = [v.group(0) for v in _VALUE.finditer(part)]
    if len({kind(v) for v in values}) == 1:
        return [c for c in (_again(call, [v], part) for v in values) if c is not None]
    again = _again(call, values, part)
    return [again] if again is not None else []


def done_again(call: Call, part: str) -> Call | None:
    """ "..., then do the same for user_B's membership but with team = infra": a part that
    says the last order again (patterns.yml done-again) is its call with the part's values
    in place of those of their kind and the keys it names set to their new values; None
    when the part is no such repetition or changes nothing the call took."""
    if not pattern("done-again").match(part):
        return None
    values = [v.group(0) for v in _VALUE.finditer(part)]
    changed = _with_pairs(_again(call, values, part) or call, pairs_said(part))
    role = ROLE_KEY.search(part)  # ("... except she should be org:admin")
    changed = _with_role(changed, role.group(1)) if role else changed
    if changed == call or not all(_takes(changed, value) for value in values):
        return None  # (a value the call has no place for: the part says more than a repeat)
    return changed


def _takes(call: Call, value: str) -> bool:
    return any(
        value == old or (isinstance(old, list) and value in old)
        for _, params in _locations(call)
        for old in params.values()
    )


def _with_pairs(call: Call, pairs: dict[str, Any]) -> Call:
    """The call's body with each named key at its new value: a top-level field, or a key
    of an object field ("team" in public_metadata)."""
    body = call.body if isinstance(call.body, dict) else None
    if not body or not pairs:
        return call
    new = dict(body)
    for key, value in pairs.items():
        if key in new and not isinstance(new[key], dict):
            new[key] = value
            continue
        for name, inner in new.items():
            if isinstance(inner, dict) and key in inner:
                new[name] = {**inner, key: value}
    return replace(call, body=new)


def _again(call: Call, values: list[str], part: str) -> Call | None:
    changed = call
    for value in values:
        changed = _with_value(changed, value)
    if changed == call:
        return None
    role = role_in(part)
    return _with_role(changed, role) if role else changed


def _with_value(call: Call, value: str) -> Call:
    wanted = kind(value)
    for location, params in _locations(call):
        for name, old in params.items():
            if isinstance(old, str) and old != value and "{{" not in old and kind(old) == wanted:
                return _put(call, location, name, value)
            if isinstance(old, list) and len(old) == 1 and kind(str(old[0])) == wanted:
                return _put(call, location, name, [value])
    return call


def _with_role(call: Call, role: str) -> Call:
    body = call.body if isinstance(call.body, dict) else {}
    return _put(call, "body", "role", role) if "role" in body else call


def _locations(call: Call) -> list[tuple[str, dict[str, Any]]]:
    body = call.body if isinstance(call.body, dict) else {}
    return [("path", call.path_params), ("body", body), ("query", call.query)]


def _put(call: Call, location: str, name: str, value: Any) -> Call:
    if location == "path":
        return replace(call, path_params={**call.path_params, name: value})
    if location == "query":
        return replace(call, query={**call.query, name: value})
    body = call.body if isinstance(call.body, dict) else {}
    return replace(call, body={**body, name: value})
