"""Set plans from plain English: "ban every user with an email at spam.io".

A request for a set names a quantifier (every, all, everyone), an action on each (ban,
unban, lock, unlock, delete, remove) and who: users (optionally in an organization, with
an email domain, signed in or created before/after a date, from a file) or the members
of an organization (optionally only the admins or only the non-admins). The plan is a
list step walking every page, then one set step (`for_each`) with the conditions the
API cannot express as a client-side `where`, through the bulk endpoint when there is one.

Anything else returns None and the ordinary planner goes on. The words live in the data
tables below (one place); the functions only combine them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..language.patterns import pattern, words
from ..models import Call, Clarification, ForEach, Plan, PlannerOutput
from ..models import Condition as Where
from .base import PlanContext

NAME = "local"

# --------------------------------------------------------------------------- data

# The phrases (a quantifier of people, the action, who, dates) are named patterns in
# language/data/patterns.yml, with examples of what each must and must not match.
QUANTIFIER = pattern("set-quantifier")
UNDERSTOOD_QUALIFIERS = frozenset(words("set-qualifiers-understood"))
# action word -> (method, per-item path, bulk path or None)
USER_ACTIONS: dict[str, tuple[str, str, str | None]] = {
    "ban": ("POST", "/users/{user_id}/ban", "/users/ban"),
    "unban": ("POST", "/users/{user_id}/unban", "/users/unban"),
    "lock": ("POST", "/users/{user_id}/lock", None),
    "unlock": ("POST", "/users/{user_id}/unlock", None),
    "delete": ("DELETE", "/users/{user_id}", None),
    "remove": ("DELETE", "/users/{user_id}", None),
}
ACTION = pattern("set-action")
MEMBERS = pattern("set-members-of")
IN_ORG = pattern("set-in-org")
DOMAIN = pattern("set-email-domain")
# (pattern, field, op, the list's own filter or None). "have not signed in since D" stays
# a client-side `where`: no API filter keeps those who never signed in.
DATE_RULES: tuple[tuple[re.Pattern[str], str, str, str | None], ...] = (
    (pattern("set-not-signed-in-since"), "last_sign_in_at", "<", None),
    (pattern("set-last-signed-in-before"), "last_sign_in_at", "<", None),
    (pattern("set-signed-in-since"), "last_sign_in_at", ">=", "last_sign_in_at_after"),
    (pattern("set-created-before"), "created_at", "<", "created_at_before"),
    (pattern("set-created-since"), "created_at", ">=", "created_at_after"),
)
NOT_ADMINS = pattern("set-not-admins")
ADMINS_ONLY = pattern("set-admins-only")
BANNED = pattern("set-banned")
FILE = pattern("set-file")
EXPORT = pattern("set-export")
USERS_WORD = pattern("set-users-word")
NAMES_A_USER = pattern("set-names-a-user")
PEOPLE_WORDS = pattern("set-people-words")
# "created this month" / "created after D": the API filters creation dates itself
CREATED_SINCE = pattern("set-created-since")
CREATED_BEFORE = pattern("set-created-before")
THIS_MONTH = pattern("set-this-month")
INVITE_FILE = pattern("set-invite-file")
ADMIN_ROLE = "org:admin"
MEMBER_ROLE = "org:member"
INVITE_BATCH = 10  # the bulk invitation endpoints take up to 10 invitations
BULK_BATCH = 50  # POST /users/ban and /users/unban take up to 50 ids


# --------------------------------------------------------------------------- planning


@dataclass(frozen=True, slots=True)
class _Request:
    text: str
    action: str
    org: str | None


def set_plan(text: str, context: PlanContext) -> PlannerOutput | None:
    """A set plan for `text`, a question when a file cannot be read, else None."""
    if EXPORT.search(text) and USERS_WORD.search(text):
        return _export_plan(text, context)
    invite = INVITE_FILE.search(text)
    if invite:
        try:
            return _invite_plan(invite)
        except ConfigError as exc:
            return Clarification(str(exc), planner=NAME)
    request = _parse(text)
    if request is None:
        return None
    try:
        return _plan(request, context)
    except ConfigError as exc:
        return Clarification(str(exc), planner=NAME)


def _parse(text: str) -> _Request | None:
    action = ACTION.search(text)
    if action is None or (not QUANTIFIER.search(text) and not FILE.search(text)):
        return None
    if NAMES_A_USER.search(text):
        return None  # named users: the ordinary planner acts on each one it names
    org = MEMBERS.search(text) or IN_ORG.search(text)
    return _Request(text, action.group(1).lower(), org.group(1) if org else None)


def _plan(request: _Request, context: PlanContext) -> Plan | Clarification | None:
    if MEMBERS.search(request.text) and request.action in ("remove", "delete"):
        return _members_plan(request)
    if not _names_people(request.text):
        return None
    listed, where = _users_step(request)
    unread = _unread_qualifier(request.text)
    if unread is not None and not where and set(listed.query) <= {"limit"}:
        return Clarification(
            f'Which users are the "{unread}" ones? I can select users by email domain '
            "(at x.io), organization, sign-in or creation date, or a file of emails; "
            "nothing in Clerk marks an account as that.",
            planner=NAME,
        )
    return Plan((listed, _user_action(request.action, where)), planner=NAME, note=_note(where))


def _unread_qualifier(text: str) -> str | None:
    """ "delete all the test accounts": a word that narrows the set, which no filter here
    reads; with no other filter said, acting on every user would be the wrong set (None:
    no such word)."""
    said = QUANTIFIER.search(text)
    qualifier = said.group("qualifier") if said else None
    if qualifier is None or qualifier.lower() in UNDERSTOOD_QUALIFIERS:
        return None
    return qualifier


def _names_people(text: str) -> bool:
    return bool(PEOPLE_WORDS.search(text) or FILE.search(text))


def _users_step(request: _Request) -> tuple[Call, tuple[Where, ...]]:
    query: dict[str, Any] = {"limit": 100}
    file = FILE.search(request.text)
    if file:
        from ..set_sources import lookup_step, read_values

        kind, values = read_values(Path(file.group(1)).expanduser())
        return lookup_step(kind, values), ()
    if request.org:
        query["organization_id"] = request.org
    where = _date_conditions(request.text, query)
    domain = DOMAIN.search(request.text)
    if domain:
        query["email_address_query"] = domain.group(1).lower()  # narrows the walk
        where.append(Where("email_addresses.email_address", "contains", "@" + domain.group(1)))
    if BANNED.search(request.text):
        query["banned"] = True  # the API filters this one itself
    return Call("GET", "/users", query=query, all_pages=True), tuple(where)


def _date_conditions(text: str, query: dict[str, Any]) -> list[Where]:
    """Date conditions: into `query` when the list filters on them itself, else a `where`."""
    found = []
    for phrase, field, op, api_filter in DATE_RULES:
        match = phrase.search(text)
        if not match:
            continue
        moment = _epoch_ms(match.group(1))
        if api_filter:
            query[api_filter] = moment
        else:
            found.append(Where(field, op, moment))
        text = text.replace(match.group(0), " ")  # one rule per phrase
    return found


def _epoch_ms(day: str) -> int:
    moment = datetime.strptime(day, "%Y-%m-%d").replace(tzinfo=timezone.utc)
    return int(moment.timestamp() * 1000)


def _user_action(action: str, where: tuple[Where, ...]) -> Call:
    method, path, bulk = USER_ACTIONS[action]
    if bulk:
        for_each = ForEach(step=1, where=where, batch=BULK_BATCH)
        return Call(method, bulk, body={"user_ids": "{{items.id}}"}, for_each=for_each)
    params = {"user_id": "{{item.id}}"}
    return Call(method, path, path_params=params, for_each=ForEach(step=1, where=where))


def _members_plan(request: _Request) -> Plan:
    org = request.org
    assert org is not None
    where: tuple[Where, ...] = ()
    if NOT_ADMINS.search(request.text):
        where = (Where("role", "!=", ADMIN_ROLE),)
    elif ADMINS_ONLY.search(request.text):
        where = (Where("role", "=", ADMIN_ROLE),)
    params = {"organization_id": org}
    listed = Call(
        "GET",
        "/organizations/{organization_id}/memberships",
        path_params=params,
        query={"limit": 100},
        all_pages=True,
    )
    removal = Call(
        "DELETE",
        "/organizations/{organization_id}/memberships/{user_id}",
        path_params={**params, "user_id": "{{item.public_user_data.user_id}}"},
        for_each=ForEach(step=1, where=where),
    )
    return Plan((listed, removal), planner=NAME, note=_note(where))


def _export_plan(text: str, context: PlanContext) -> Plan:
    """ "export all users created this month": one list, every page (`ask --format csv`)."""
    query: dict[str, Any] = {"limit": 100}
    since, before = CREATED_SINCE.search(text), CREATED_BEFORE.search(text)
    if since:
        query["created_at_after"] = _epoch_ms(since.group(1))
    if before:
        query["created_at_before"] = _epoch_ms(before.group(1))
    if THIS_MONTH.search(text):
        first = context.today.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        query["created_at_after"] = int(first.timestamp() * 1000) - 1
    listed = Call("GET", "/users", query=query, all_pages=True, why="every user, every page")
    return Plan((listed,), planner=NAME, note="an export: every page of the list")


def _invite_plan(found: re.Match[str]) -> Plan:
    """One bulk invitation call per 10 emails of the file (the endpoint's maximum)."""
    from ..set_sources import read_values

    kind, emails = read_values(Path(found.group("file")).expanduser())
    if kind != "email":
        raise ConfigError(f"{found.group('file')} holds ids; invitations need email addresses")
    org, role = found.group("org"), (found.group("role") or "member").lower()
    steps = []
    for start in range(0, len(emails), INVITE_BATCH):
        chunk = emails[start : start + INVITE_BATCH]
        if org:
            role_key = ADMIN_ROLE if role.startswith("admin") else MEMBER_ROLE
            body = [{"email_address": e, "role": role_key} for e in chunk]
            path, params = (
                "/organizations/{organization_id}/invitations/bulk",
                {"organization_id": org},
            )
        else:
            body, path, params = [{"email_address": e} for e in chunk], "/invitations/bulk", {}
        steps.append(Call("POST", path, path_params=params, body=body))
    note = f"{len(emails)} invitation(s) from {found.group('file')}, {INVITE_BATCH} a request"
    return Plan(tuple(steps), planner=NAME, note=note)


def _note(where: tuple[Where, ...]) -> str:
    if not where:
        return "a set: one call per listed item (every page)"
    said = " and ".join(f"{c.field} {c.op} {c.value!r}" for c in where)
    return f"a set: every listed item where {said} (checked on each item, client-side)"
