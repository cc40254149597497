"""The stateful operations: one small handler per spec operation, in one table.

Handlers get a `Ctx` (world, shapes, clock, path params, typed query, parsed body) and
return the JSON payload, or a `Listing` that the app wraps in the endpoint's list shape
(a bare array or `{data, total_count}`, whichever the spec says).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import shapes as sh
from .errors import ClerkError, identifier_exists, not_found, param_invalid
from .store import JsonObject, Listing, World, any_in, order, page, text_matches

USERS, ORGS, MEMBERS = "users", "organizations", "memberships"
ORG_INVITES, INVITES, SESSIONS = "organization_invitations", "invitations", "sessions"
ALLOW, BLOCK, WAITLIST = "allowlist_identifiers", "blocklist_identifiers", "waitlist_entries"
JWT, REDIRECTS = "jwt_templates", "redirect_urls"


@dataclass(slots=True)
class Ctx:
    world: World
    shapes: sh.Shapes
    now: int
    params: dict[str, str]
    query: dict[str, Any]
    body: Any

    def get(self, kind: str, param: str, label: str) -> JsonObject:
        return self.world.get(kind, self.params[param], label)

    @property
    def data(self) -> JsonObject:
        return self.body if isinstance(self.body, dict) else {}


Handler = Callable[[Ctx], Any]
ROUTES: dict[str, Handler] = {}


def route(*keys: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        for key in keys:
            ROUTES[key] = handler
        return handler

    return register


def given(body: JsonObject, names: tuple[str, ...]) -> JsonObject:
    """The fields of `body` among `names` that were sent with a value (null leaves as is)."""
    return {k: v for k, v in body.items() if k in names and v is not None}


def touch(obj: JsonObject, ctx: Ctx, **changes: Any) -> JsonObject:
    obj.update(changes)
    obj["updated_at"] = ctx.now
    return obj


# --------------------------------------------------------------------------- users

USER_ORDER = {
    "created_at": "created_at",
    "updated_at": "updated_at",
    "last_active_at": "last_active_at",
    "last_sign_in_at": "last_sign_in_at",
    "first_name": "first_name",
    "last_name": "last_name",
    "username": "username",
    "email_address": sh.user_identifier,
    "phone_number": lambda u: next((p["phone_number"] for p in u["phone_numbers"]), None),
    "web3wallet": lambda u: None,
}
TIME_FILTERS = {
    "created_at_before": ("created_at", "<"),
    "created_at_after": ("created_at", ">"),
    "last_active_at_before": ("last_active_at", "<"),
    "last_active_at_after": ("last_active_at", ">"),
    "last_active_at_since": ("last_active_at", ">="),
    "last_sign_in_at_before": ("last_sign_in_at", "<"),
    "last_sign_in_at_after": ("last_sign_in_at", ">"),
}


def emails_of(person: JsonObject) -> list[str]:
    return [e["email_address"] for e in person.get("email_addresses", [])]


def phones_of(person: JsonObject) -> list[str]:
    return [p["phone_number"] for p in person.get("phone_numbers", [])]


def org_ids_of(world: World, user_id: str) -> list[str]:
    return [
        m["organization"]["id"]
        for m in world.table(MEMBERS).values()
        if m["public_user_data"]["user_id"] == user_id
    ]


def _time_ok(person: JsonObject, query: dict[str, Any]) -> bool:
    for name, (field_name, op) in TIME_FILTERS.items():
        bound, value = query.get(name), person.get(field_name)
        if bound is None:
            continue
        if value is None or not _compare(value, op, bound):
            return False
    return True


def _compare(value: int, op: str, bound: int) -> bool:
    return {"<": value < bound, ">": value > bound, ">=": value >= bound}[op]


def user_matches(world: World, person: JsonObject, q: dict[str, Any]) -> bool:
    return _identity_ok(world, person, q) and _text_ok(person, q) and _time_ok(person, q)


def _identity_ok(world: World, person: JsonObject, q: dict[str, Any]) -> bool:
    orgs = org_ids_of(world, person["id"]) if q.get("organization_id") else []
    return (
        any_in(q.get("email_address"), emails_of(person))
        and any_in(q.get("phone_number"), phones_of(person))
        and any_in(q.get("external_id"), [person.get("external_id")])
        and any_in(q.get("username"), [person.get("username")])
        and any_in(q.get("user_id"), [person["id"]])
        and any_in(q.get("organization_id"), orgs)
        and (q.get("banned") is None or person.get("banned") == q["banned"])
    )


def _text_ok(person: JsonObject, q: dict[str, Any]) -> bool:
    names = [person.get("first_name"), person.get("last_name")]
    handles = [person["id"], person.get("username"), person.get("external_id")]
    emails, phones = emails_of(person), phones_of(person)
    return (
        text_matches(q.get("query"), *handles, *names, *emails, *phones)
        and text_matches(q.get("email_address_query"), *emails)
        and text_matches(q.get("phone_number_query"), *phones)
        and text_matches(q.get("username_query"), person.get("username"))
        and text_matches(q.get("name_query"), " ".join(n for n in names if n))
    )


def matching_users(ctx: Ctx) -> list[JsonObject]:
    return [u for u in ctx.world.table(USERS).values() if user_matches(ctx.world, u, ctx.query)]


@route("GET /users")
def list_users(ctx: Ctx) -> Listing:
    return page(order(matching_users(ctx), ctx.query.get("order_by"), USER_ORDER), ctx.query)


@route("GET /users/count")
def count_users(ctx: Ctx) -> JsonObject:
    return {"object": "total_count", "total_count": len(matching_users(ctx))}


def _ensure_unique_user(ctx: Ctx, body: JsonObject, skip: str | None = None) -> None:
    others = [u for u in ctx.world.table(USERS).values() if u["id"] != skip]
    for email in body.get("email_address") or []:
        if any(email.lower() in (e.lower() for e in emails_of(u)) for u in others):
            raise identifier_exists("email_address", email)
    for name in ("username", "external_id"):
        value = body.get(name)
        if value and any(u.get(name) == value for u in others):
            raise identifier_exists(name, value)


@route("POST /users")
def create_user(ctx: Ctx) -> JsonObject:
    _ensure_unique_user(ctx, ctx.data)
    return ctx.world.put(USERS, sh.user(ctx.shapes, ctx.world, ctx.data, ctx.now))


@route("GET /users/{user_id}")
def get_user(ctx: Ctx) -> JsonObject:
    return ctx.get(USERS, "user_id", "user")


USER_EDITABLE = (*sh.USER_FACTS, "primary_email_address_id", "primary_phone_number_id")


@route("PATCH /users/{user_id}")
def update_user(ctx: Ctx) -> JsonObject:
    person = ctx.get(USERS, "user_id", "user")
    _ensure_unique_user(ctx, ctx.data, skip=person["id"])
    primary = ctx.data.get("primary_email_address_id")
    if primary and primary not in [e["id"] for e in person["email_addresses"]]:
        raise param_invalid("primary_email_address_id", "not an email address of this user")
    changes = given(ctx.data, USER_EDITABLE)
    if ctx.data.get("password"):
        changes["password_enabled"] = True
    return touch(person, ctx, **changes)


@route("DELETE /users/{user_id}")
def delete_user(ctx: Ctx) -> JsonObject:
    person = ctx.get(USERS, "user_id", "user")
    world = ctx.world
    # As Clerk does: the user's memberships and sessions go with them.
    world.remove_where(MEMBERS, lambda m: m["public_user_data"]["user_id"] == person["id"])
    world.remove_where(SESSIONS, lambda s: s["user_id"] == person["id"])
    world.remove(USERS, person["id"])
    _recount_all(ctx)
    return sh.deleted("user", person["id"])


def _set_user(ctx: Ctx, **changes: Any) -> JsonObject:
    return touch(ctx.get(USERS, "user_id", "user"), ctx, **changes)


@route("POST /users/{user_id}/ban")
def ban_user(ctx: Ctx) -> JsonObject:
    person = _set_user(ctx, banned=True)
    _end_sessions(ctx, person["id"])  # a banned user is signed out everywhere
    return person


@route("POST /users/{user_id}/unban")
def unban_user(ctx: Ctx) -> JsonObject:
    return _set_user(ctx, banned=False)


def _bulk_users(ctx: Ctx) -> list[JsonObject]:
    """The users named in `user_ids` (the spec caps it at 50). Unknown ids are passed
    over: the answer lists the users that were changed, as the spec's User.List says."""
    table = ctx.world.table(USERS)
    return [table[user_id] for user_id in ctx.data.get("user_ids") or [] if user_id in table]


@route("POST /users/ban")
def bulk_ban(ctx: Ctx) -> list[JsonObject]:
    people = _bulk_users(ctx)
    for person in people:
        touch(person, ctx, banned=True)
        _end_sessions(ctx, person["id"])
    return people


@route("POST /users/unban")
def bulk_unban(ctx: Ctx) -> list[JsonObject]:
    return [touch(person, ctx, banned=False) for person in _bulk_users(ctx)]


@route("POST /users/{user_id}/lock")
def lock_user(ctx: Ctx) -> JsonObject:
    return _set_user(ctx, locked=True, lockout_expires_in_seconds=None)


@route("POST /users/{user_id}/unlock")
def unlock_user(ctx: Ctx) -> JsonObject:
    return _set_user(ctx, locked=False, lockout_expires_in_seconds=None)


def _merge_metadata(obj: JsonObject, ctx: Ctx) -> JsonObject:
    changes = {k: sh.deep_merge(obj.get(k) or {}, v or {}) for k, v in _metadata(ctx).items()}
    return touch(obj, ctx, **changes)


def _replace_metadata(obj: JsonObject, ctx: Ctx) -> JsonObject:
    return touch(obj, ctx, **{k: dict(v or {}) for k, v in _metadata(ctx).items()})


def _metadata(ctx: Ctx) -> JsonObject:
    return {k: v for k, v in ctx.data.items() if k in sh.METADATA}


@route("PATCH /users/{user_id}/metadata")
def merge_user_metadata(ctx: Ctx) -> JsonObject:
    return _merge_metadata(ctx.get(USERS, "user_id", "user"), ctx)


@route("PUT /users/{user_id}/metadata")
def replace_user_metadata(ctx: Ctx) -> JsonObject:
    return _replace_metadata(ctx.get(USERS, "user_id", "user"), ctx)


@route("GET /users/{user_id}/organization_memberships")
def user_memberships(ctx: Ctx) -> Listing:
    person = ctx.get(USERS, "user_id", "user")
    found = [m for m in _memberships(ctx) if m["public_user_data"]["user_id"] == person["id"]]
    return page(order(found, None, {"created_at": "created_at"}), ctx.query)


@route("GET /users/{user_id}/organization_invitations")
def user_org_invitations(ctx: Ctx) -> Listing:
    emails = {e.lower() for e in emails_of(ctx.get(USERS, "user_id", "user"))}
    found = [
        i for i in ctx.world.table(ORG_INVITES).values() if i["email_address"].lower() in emails
    ]
    found = [i for i in found if not ctx.query.get("status") or i["status"] == ctx.query["status"]]
    return page([_with_public_org(ctx, i) for i in _newest(found)], ctx.query)


# --------------------------------------------------------------------------- organizations

ORG_ORDER = {"created_at": "created_at", "name": "name", "members_count": "members_count"}


def find_org(ctx: Ctx, param: str = "organization_id") -> JsonObject:
    key = ctx.params[param]
    table = ctx.world.table(ORGS)
    found = table.get(key) or next((o for o in table.values() if o["slug"] == key), None)
    if found is None:
        raise not_found(f"organization {key}")
    return found


def _recount(ctx: Ctx, org: JsonObject) -> None:
    members = [m for m in ctx.world.table(MEMBERS).values() if m["organization"]["id"] == org["id"]]
    invites = ctx.world.table(ORG_INVITES).values()
    org["members_count"] = len(members)
    org["pending_invitations_count"] = sum(
        i["organization_id"] == org["id"] and i["status"] == "pending" for i in invites
    )


def _recount_all(ctx: Ctx) -> None:
    for org in ctx.world.table(ORGS).values():
        _recount(ctx, org)


def _unique_slug(ctx: Ctx, wanted: str | None, name: str, skip: str | None = None) -> str:
    taken = {o["slug"] for o in ctx.world.table(ORGS).values() if o["id"] != skip}
    if wanted:
        if wanted in taken:
            raise identifier_exists("slug", wanted)
        return wanted
    base = slug = sh.slugify(name)
    suffix = 1
    while slug in taken:
        suffix += 1
        slug = f"{base}-{suffix}"
    return slug


@route("POST /organizations")
def create_org(ctx: Ctx) -> JsonObject:
    body = ctx.data
    creator = ctx.world.get(USERS, body["created_by"], "user") if body.get("created_by") else None
    slug = _unique_slug(ctx, body.get("slug"), body["name"])
    org = ctx.world.put(ORGS, sh.organization(ctx.shapes, ctx.world, body, slug, ctx.now))
    if creator is not None:  # Clerk makes the creator the organization's first admin
        add_member(ctx, org, creator, {"role": "org:admin"})
    return org


@route("GET /organizations/{organization_id}")
def get_org(ctx: Ctx) -> JsonObject:
    return find_org(ctx)


@route("GET /organizations")
def list_orgs(ctx: Ctx) -> Listing:
    q = ctx.query
    member_orgs = {i for u in q.get("user_id") or [] for i in org_ids_of(ctx.world, u)}
    found = [
        o
        for o in ctx.world.table(ORGS).values()
        if text_matches(q.get("query"), o["id"], o["name"], o["slug"])
        and any_in(q.get("organization_id"), [o["id"], o["slug"]])
        and (not q.get("user_id") or o["id"] in member_orgs)
    ]
    return page(order(found, q.get("order_by"), ORG_ORDER), q)


ORG_EDITABLE = ("name", "max_allowed_memberships", "admin_delete_enabled")


@route("PATCH /organizations/{organization_id}")
def update_org(ctx: Ctx) -> JsonObject:
    org = find_org(ctx)
    changes = given(ctx.data, ORG_EDITABLE)
    if ctx.data.get("slug"):
        changes["slug"] = _unique_slug(ctx, ctx.data["slug"], org["name"], skip=org["id"])
    return touch(org, ctx, **changes)


@route("DELETE /organizations/{organization_id}")
def delete_org(ctx: Ctx) -> JsonObject:
    org = find_org(ctx)
    ctx.world.remove_where(MEMBERS, lambda m: m["organization"]["id"] == org["id"])
    ctx.world.remove_where(ORG_INVITES, lambda i: i["organization_id"] == org["id"])
    ctx.world.remove(ORGS, org["id"])
    return sh.deleted("organization", org["id"], slug=org["slug"])


@route("PATCH /organizations/{organization_id}/metadata")
def merge_org_metadata(ctx: Ctx) -> JsonObject:
    return _merge_metadata(find_org(ctx), ctx)


@route("PUT /organizations/{organization_id}/metadata")
def replace_org_metadata(ctx: Ctx) -> JsonObject:
    return _replace_metadata(find_org(ctx), ctx)


# --------------------------------------------------------------------------- memberships

MEMBER_ORDER = {
    "created_at": "created_at",
    "role": "role",
    "email_address": lambda m: m["public_user_data"].get("identifier"),
    "first_name": lambda m: m["public_user_data"].get("first_name"),
    "last_name": lambda m: m["public_user_data"].get("last_name"),
    "username": lambda m: m["public_user_data"].get("username"),
    "phone_number": lambda m: None,
}


def _memberships(ctx: Ctx) -> list[JsonObject]:
    """Memberships with their organization and user data as they are now."""
    world = ctx.world
    for m in world.table(MEMBERS).values():
        org = world.table(ORGS).get(m["organization"]["id"])
        person = world.table(USERS).get(m["public_user_data"]["user_id"])
        if org is not None:
            m["organization"] = dict(org)
        if person is not None:
            m["public_user_data"] = sh.public_user_data(person)
    return list(world.table(MEMBERS).values())


def add_member(ctx: Ctx, org: JsonObject, person: JsonObject, body: JsonObject) -> JsonObject:
    if person["id"] in {m["public_user_data"]["user_id"] for m in _members_of(ctx, org)}:
        raise ClerkError(
            400,
            "already_a_member_in_organization",
            "already a member",
            f"User {person['id']} is already a member of organization {org['id']}.",
        )
    made = sh.membership(ctx.shapes, ctx.world, org, person, body, ctx.now)
    ctx.world.put(MEMBERS, made)
    _recount(ctx, org)
    made["organization"] = dict(org)
    return made


def _members_of(ctx: Ctx, org: JsonObject) -> list[JsonObject]:
    return [m for m in _memberships(ctx) if m["organization"]["id"] == org["id"]]


def _member(ctx: Ctx, org: JsonObject) -> JsonObject:
    user_id = ctx.params["user_id"]
    found = next(
        (m for m in _members_of(ctx, org) if m["public_user_data"]["user_id"] == user_id), None
    )
    if found is None:
        raise not_found(f"membership of user {user_id} in organization {org['id']}")
    return found


@route("POST /organizations/{organization_id}/memberships")
def create_membership(ctx: Ctx) -> JsonObject:
    org = find_org(ctx)
    person = ctx.world.get(USERS, ctx.data["user_id"], "user")
    return add_member(ctx, org, person, ctx.data)


@route("GET /organizations/{organization_id}/memberships")
def list_memberships(ctx: Ctx) -> Listing:
    q = ctx.query
    found = [m for m in _members_of(ctx, find_org(ctx)) if _member_matches(ctx, m, q)]
    return page(order(found, q.get("order_by") or "-created_at", MEMBER_ORDER), q)


def _member_matches(ctx: Ctx, m: JsonObject, q: dict[str, Any]) -> bool:
    if not any_in(q.get("role"), [m["role"]]):
        return False
    person = ctx.world.table(USERS).get(m["public_user_data"]["user_id"])
    user_query = {k: v for k, v in q.items() if k not in ("role", "limit", "offset", "order_by")}
    return person is not None and user_matches(ctx.world, person, user_query)


@route("GET /organization_memberships")
def all_memberships(ctx: Ctx) -> Listing:
    return page(order(_memberships(ctx), ctx.query.get("order_by"), MEMBER_ORDER), ctx.query)


@route("PATCH /organizations/{organization_id}/memberships/{user_id}")
def update_membership(ctx: Ctx) -> JsonObject:
    role = str(ctx.data["role"])
    found = _member(ctx, find_org(ctx))
    return touch(
        found, ctx, role=role, role_name=sh.role_name(role), permissions=sh.permissions_for(role)
    )


@route("PATCH /organizations/{organization_id}/memberships/{user_id}/metadata")
def merge_membership_metadata(ctx: Ctx) -> JsonObject:
    return _merge_metadata(_member(ctx, find_org(ctx)), ctx)


@route("DELETE /organizations/{organization_id}/memberships/{user_id}")
def delete_membership(ctx: Ctx) -> JsonObject:
    org = find_org(ctx)
    found = _member(ctx, org)
    ctx.world.remove(MEMBERS, found["id"])
    _recount(ctx, org)
    found["organization"] = dict(org)
    return found


# --------------------------------------------------------------------------- org invitations


def _newest(items: list[JsonObject], order_by: str | None = None) -> list[JsonObject]:
    return order(items, order_by, {"created_at": "created_at", "email_address": "email_address"})


def _with_public_org(ctx: Ctx, invite: JsonObject) -> JsonObject:
    org = ctx.world.table(ORGS).get(invite["organization_id"])
    return {**invite, "public_organization_data": sh.public_organization_data(org)}


def _invite_to_org(ctx: Ctx, org: JsonObject, body: JsonObject) -> JsonObject:
    inviter_id = body.get("inviter_user_id")
    inviter = ctx.world.get(USERS, inviter_id, "user") if inviter_id else None
    made = sh.org_invitation(ctx.shapes, ctx.world, org, inviter, body, ctx.now)
    ctx.world.put(ORG_INVITES, made)
    _recount(ctx, org)
    return made


@route("POST /organizations/{organization_id}/invitations")
def create_org_invitation(ctx: Ctx) -> JsonObject:
    return _invite_to_org(ctx, find_org(ctx), ctx.data)


@route("POST /organizations/{organization_id}/invitations/bulk")
def bulk_org_invitations(ctx: Ctx) -> Listing:
    org = find_org(ctx)
    made = [_invite_to_org(ctx, org, item) for item in ctx.body]
    return Listing(made, len(made))


def _org_invitations(ctx: Ctx, org: JsonObject | None, status: str | None) -> list[JsonObject]:
    q = ctx.query
    return [
        i
        for i in ctx.world.table(ORG_INVITES).values()
        if (org is None or i["organization_id"] == org["id"])
        and (not status or i["status"] == status)
        and text_matches(q.get("email_address"), i["email_address"])
        and text_matches(q.get("query"), i["email_address"])
    ]


@route("GET /organizations/{organization_id}/invitations")
def list_org_invitations(ctx: Ctx) -> Listing:
    found = _org_invitations(ctx, find_org(ctx), ctx.query.get("status"))
    return page(_newest(found, ctx.query.get("order_by")), ctx.query)


@route("GET /organizations/{organization_id}/invitations/pending")
def pending_org_invitations(ctx: Ctx) -> Listing:
    return page(_newest(_org_invitations(ctx, find_org(ctx), "pending")), ctx.query)


@route("GET /organization_invitations")
def all_org_invitations(ctx: Ctx) -> Listing:
    found = _newest(_org_invitations(ctx, None, ctx.query.get("status")), ctx.query.get("order_by"))
    listing = page(found, ctx.query)
    return Listing([_with_public_org(ctx, i) for i in listing.items], listing.total)


def _org_invitation(ctx: Ctx) -> JsonObject:
    org = find_org(ctx)
    invite = ctx.get(ORG_INVITES, "invitation_id", "organization invitation")
    if invite["organization_id"] != org["id"]:
        raise not_found(f"organization invitation {invite['id']}")
    return invite


@route("GET /organizations/{organization_id}/invitations/{invitation_id}")
def get_org_invitation(ctx: Ctx) -> JsonObject:
    return _org_invitation(ctx)


@route("POST /organizations/{organization_id}/invitations/{invitation_id}/revoke")
def revoke_org_invitation(ctx: Ctx) -> JsonObject:
    invite = _org_invitation(ctx)
    if invite["status"] != "pending":
        raise not_pending("organization_invitation_not_pending", invite["status"])
    touch(invite, ctx, status="revoked")
    _recount(ctx, find_org(ctx))
    return invite


# --------------------------------------------------------------------------- invitations


def not_pending(code: str, status: str) -> ClerkError:
    detail = f"Only pending invitations can be revoked; this one is {status}."
    return ClerkError(400, code, "not pending", detail)


def _invite(ctx: Ctx, body: JsonObject) -> JsonObject:
    email = str(body["email_address"])
    pending = [
        i
        for i in ctx.world.table(INVITES).values()
        if i["email_address"].lower() == email.lower() and i["status"] == "pending"
    ]
    if pending and not body.get("ignore_existing"):
        raise identifier_exists("email_address", email)
    return ctx.world.put(INVITES, sh.invitation(ctx.shapes, ctx.world, body, ctx.now))


@route("POST /invitations")
def create_invitation(ctx: Ctx) -> JsonObject:
    return _invite(ctx, ctx.data)


@route("POST /invitations/bulk")
def bulk_invitations(ctx: Ctx) -> list[JsonObject]:
    return [_invite(ctx, item) for item in ctx.body]


@route("GET /invitations")
def list_invitations(ctx: Ctx) -> Listing:
    q = ctx.query
    found = [
        i
        for i in ctx.world.table(INVITES).values()
        if (not q.get("status") or i["status"] == q["status"])
        and text_matches(q.get("query"), i["email_address"])
    ]
    return page(_newest(found, q.get("order_by")), q)


@route("POST /invitations/{invitation_id}/revoke")
def revoke_invitation(ctx: Ctx) -> JsonObject:
    invite = ctx.get(INVITES, "invitation_id", "invitation")
    if invite["status"] != "pending":
        raise not_pending("invitation_not_pending", invite["status"])
    return touch(invite, ctx, status="revoked", revoked=True)


# --------------------------------------------------------------------------- small resources


def _listed(kind: str, component: str, prefix: str) -> None:
    """Create / list / delete for the allow-list and block-list."""
    base = f"/{kind}"

    @route(f"POST {base}")
    def create(ctx: Ctx) -> JsonObject:
        identifier = str(ctx.data["identifier"])
        if any(i["identifier"] == identifier for i in ctx.world.table(kind).values()):
            raise identifier_exists("identifier", identifier)
        made = sh.listed_identifier(ctx.shapes, ctx.world, component, prefix, ctx.data, ctx.now)
        return ctx.world.put(kind, made)

    @route(f"GET {base}")
    def listing(ctx: Ctx) -> Listing:
        return page(_newest(list(ctx.world.table(kind).values())), {"limit": 500, **ctx.query})

    _deletable(
        kind, f"{base}/{{identifier_id}}", "identifier_id", component[0].lower() + component[1:]
    )


def _deletable(kind: str, path: str, param: str, label: str) -> None:
    object_name = "".join(f"_{c.lower()}" if c.isupper() else c for c in label).lstrip("_")

    @route(f"DELETE {path}")
    def delete(ctx: Ctx) -> JsonObject:
        found = ctx.get(kind, param, label)
        ctx.world.remove(kind, found["id"])
        return sh.deleted(object_name, found["id"])


def _simple(kind: str, path: str, param: str, label: str, maker: Callable[..., JsonObject]) -> None:
    """Create / list / get / delete for JWT templates and redirect URLs."""

    @route(f"POST /{kind}")
    def create(ctx: Ctx) -> JsonObject:
        return ctx.world.put(kind, maker(ctx.shapes, ctx.world, ctx.data, ctx.now))

    @route(f"GET /{kind}")
    def listing(ctx: Ctx) -> Listing:
        found = _newest(list(ctx.world.table(kind).values()), "+created_at")
        return page(found, {"limit": 500, **ctx.query})

    @route(f"GET {path}")
    def get(ctx: Ctx) -> JsonObject:
        return ctx.get(kind, param, label)

    _deletable(kind, path, param, label)


_listed(ALLOW, "AllowlistIdentifier", "alid_")
_listed(BLOCK, "BlocklistIdentifier", "blid_")
_simple(JWT, "/jwt_templates/{template_id}", "template_id", "jwt_template", sh.jwt_template)
_simple(REDIRECTS, "/redirect_urls/{id}", "id", "redirect_url", sh.redirect_url)


@route("PATCH /jwt_templates/{template_id}")
def update_jwt_template(ctx: Ctx) -> JsonObject:
    template = ctx.get(JWT, "template_id", "jwt_template")
    changes = given(ctx.data, ("name", "claims", *sh.JWT_DEFAULTS))
    return touch(template, ctx, **changes)


# --------------------------------------------------------------------------- sessions


def _end_sessions(ctx: Ctx, user_id: str) -> None:
    for found in ctx.world.table(SESSIONS).values():
        if found["user_id"] == user_id and found["status"] == "active":
            touch(found, ctx, status="revoked")


@route("GET /sessions")
def list_sessions(ctx: Ctx) -> Listing:
    q = ctx.query
    found = [
        s
        for s in ctx.world.table(SESSIONS).values()
        if (not q.get("user_id") or s["user_id"] == q["user_id"])
        and (not q.get("client_id") or s["client_id"] == q["client_id"])
        and (not q.get("status") or s["status"] == q["status"])
    ]
    return page(_newest(found), q)


@route("POST /sessions")
def create_session(ctx: Ctx) -> JsonObject:
    person = ctx.world.get(USERS, ctx.data["user_id"], "user")
    made = sh.session(ctx.shapes, ctx.world, person, ctx.now)
    touch(person, ctx, last_active_at=ctx.now, last_sign_in_at=ctx.now)
    return ctx.world.put(SESSIONS, made)


@route("GET /sessions/{session_id}")
def get_session(ctx: Ctx) -> JsonObject:
    return ctx.get(SESSIONS, "session_id", "session")


@route("POST /sessions/{session_id}/revoke")
def revoke_session(ctx: Ctx) -> JsonObject:
    return touch(ctx.get(SESSIONS, "session_id", "session"), ctx, status="revoked")


# --------------------------------------------------------------------------- waitlist


@route("GET /waitlist_entries")
def list_waitlist(ctx: Ctx) -> Listing:
    q = ctx.query
    found = [
        w
        for w in ctx.world.table(WAITLIST).values()
        if (not q.get("status") or w["status"] == q["status"])
        and text_matches(q.get("query"), w["email_address"])
    ]
    return page(_newest(found, q.get("order_by")), q)


def _add_to_waitlist(ctx: Ctx, body: JsonObject) -> JsonObject:
    email = str(body["email_address"]).lower()
    for entry in ctx.world.table(WAITLIST).values():
        if entry["email_address"].lower() == email:
            return entry  # Clerk answers with the existing entry
    return ctx.world.put(WAITLIST, sh.waitlist_entry(ctx.shapes, ctx.world, body, ctx.now))


@route("POST /waitlist_entries")
def create_waitlist_entry(ctx: Ctx) -> JsonObject:
    return _add_to_waitlist(ctx, ctx.data)


@route("POST /waitlist_entries/bulk")
def bulk_waitlist(ctx: Ctx) -> list[JsonObject]:
    return [_add_to_waitlist(ctx, item) for item in ctx.body]


_deletable(WAITLIST, "/waitlist_entries/{waitlist_entry_id}", "waitlist_entry_id", "waitlist_entry")


@route("POST /waitlist_entries/{waitlist_entry_id}/invite")
def invite_waitlist_entry(ctx: Ctx) -> JsonObject:
    entry = ctx.get(WAITLIST, "waitlist_entry_id", "waitlist entry")
    made = _invite(ctx, {"email_address": entry["email_address"], "ignore_existing": True})
    return touch(entry, ctx, status="invited", invitation=made)


@route("POST /waitlist_entries/{waitlist_entry_id}/reject")
def reject_waitlist_entry(ctx: Ctx) -> JsonObject:
    return touch(ctx.get(WAITLIST, "waitlist_entry_id", "waitlist entry"), ctx, status="rejected")
