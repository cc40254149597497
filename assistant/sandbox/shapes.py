"""Per-resource object builders: the spec's synthesized shape plus the resource's facts.

Each builder starts from a value synthesized from the spec component (so every field the
spec requires is present and typed right, whatever the spec version) and overlays what
the sandbox actually knows: ids with Clerk's prefixes, timestamps in unix ms, names.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from .schemas import Synthesizer
from .store import JsonObject, World

DAY_MS = 86_400_000
ROLE_NAMES = {"org:admin": "Admin", "org:member": "Member"}
ADMIN_PERMISSIONS = [
    "org:sys_profile:manage",
    "org:sys_profile:delete",
    "org:sys_memberships:read",
    "org:sys_memberships:manage",
    "org:sys_domains:read",
    "org:sys_domains:manage",
]
MEMBER_PERMISSIONS = ["org:sys_memberships:read"]
IMAGE_URL = "https://img.clerk.com/sandbox-placeholder"


class Shapes:
    """Builds objects of spec components from cached synthesized templates."""

    def __init__(self, synthesizer: Synthesizer) -> None:
        self.synthesizer = synthesizer
        self._templates: dict[str, Any] = {}

    def build(self, component: str, **facts: Any) -> JsonObject:
        template = self._templates.get(component)
        if template is None:
            ref = {"$ref": f"#/components/schemas/{component}"}
            template = self._templates[component] = self.synthesizer.value(ref)
        obj = copy.deepcopy(template)
        # Only fields this spec version has: older specs lack some (Session.tasks).
        obj.update({k: v for k, v in facts.items() if k in template})
        return obj


def identifier_type(identifier: str) -> str:
    if "@" in identifier:
        return "email_address"
    return "web3_wallet" if identifier.lower().startswith("0x") else "phone_number"


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "org"


def role_name(role: str) -> str:
    return ROLE_NAMES.get(role, role.removeprefix("org:").replace("_", " ").title())


def permissions_for(role: str) -> list[str]:
    return list(ADMIN_PERMISSIONS if role == "org:admin" else MEMBER_PERMISSIONS)


# --------------------------------------------------------------------------- users


def verification(shapes: Shapes) -> JsonObject:
    return shapes.build("verification_admin", status="verified", strategy="admin")


def email_address(shapes: Shapes, world: World, address: str, now: int) -> JsonObject:
    return shapes.build(
        "EmailAddress",
        id=world.new_id("idn_"),
        email_address=address,
        verification=verification(shapes),
        linked_to=[],
        reserved=False,
        created_at=now,
        updated_at=now,
    )


def phone_number(shapes: Shapes, world: World, number: str, now: int) -> JsonObject:
    return shapes.build(
        "PhoneNumber",
        id=world.new_id("idn_"),
        phone_number=number,
        verification=verification(shapes),
        linked_to=[],
        reserved=False,
        backup_codes=None,
        created_at=now,
        updated_at=now,
    )


USER_FACTS = ("external_id", "first_name", "last_name", "username", "locale")
METADATA = ("public_metadata", "private_metadata", "unsafe_metadata")


def user(shapes: Shapes, world: World, body: JsonObject, now: int) -> JsonObject:
    emails = [email_address(shapes, world, e, now) for e in body.get("email_address") or []]
    phones = [phone_number(shapes, world, p, now) for p in body.get("phone_number") or []]
    facts = {name: body.get(name) for name in USER_FACTS}
    metadata = {name: dict(body.get(name) or {}) for name in METADATA}
    return shapes.build(
        "User",
        id=world.new_id("user_"),
        **facts,
        **metadata,
        email_addresses=emails,
        phone_numbers=phones,
        primary_email_address_id=emails[0]["id"] if emails else None,
        primary_phone_number_id=phones[0]["id"] if phones else None,
        primary_web3_wallet_id=None,
        web3_wallets=[],
        passkeys=[],
        external_accounts=[],
        saml_accounts=[],
        enterprise_accounts=[],
        organization_memberships=[],
        image_url=IMAGE_URL,
        profile_image_url=IMAGE_URL,
        has_image=False,
        password_enabled=bool(body.get("password") or body.get("password_digest")),
        banned=bool(body.get("banned", False)),
        locked=bool(body.get("locked", False)),
        created_at=now,
        updated_at=now,
        last_sign_in_at=None,
        last_active_at=None,
    )


def user_identifier(person: JsonObject) -> str | None:
    primary = person.get("primary_email_address_id")
    for email in person.get("email_addresses", []):
        if email.get("id") == primary:
            return email["email_address"]
    return person.get("username")


def public_user_data(person: JsonObject) -> JsonObject:
    return {
        "user_id": person["id"],
        "first_name": person.get("first_name"),
        "last_name": person.get("last_name"),
        "profile_image_url": person.get("image_url"),
        "image_url": person.get("image_url") or IMAGE_URL,
        "has_image": bool(person.get("has_image")),
        "identifier": user_identifier(person),
        "username": person.get("username"),
        "banned": bool(person.get("banned")),
        "deprovisioned": False,
    }


# --------------------------------------------------------------------------- organizations


def organization(shapes: Shapes, world: World, body: JsonObject, slug: str, now: int) -> JsonObject:
    return shapes.build(
        "Organization",
        id=world.new_id("org_"),
        name=body["name"],
        slug=slug,
        image_url=IMAGE_URL,
        has_image=False,
        members_count=0,
        pending_invitations_count=0,
        missing_member_with_elevated_permissions=False,
        max_allowed_memberships=int(body.get("max_allowed_memberships") or 0),
        admin_delete_enabled=True,
        public_metadata=dict(body.get("public_metadata") or {}),
        private_metadata=dict(body.get("private_metadata") or {}),
        created_by=body.get("created_by") or "",
        created_at=now,
        updated_at=now,
        last_active_at=now,
        role_set_key=None,
    )


def membership(
    shapes: Shapes, world: World, org: JsonObject, person: JsonObject, body: JsonObject, now: int
) -> JsonObject:
    role = str(body.get("role") or "org:member")
    return shapes.build(
        "OrganizationMembership",
        id=world.new_id("orgmem_"),
        role=role,
        role_name=role_name(role),
        permissions=permissions_for(role),
        public_metadata=dict(body.get("public_metadata") or {}),
        private_metadata=dict(body.get("private_metadata") or {}),
        organization=copy.deepcopy(org),
        public_user_data=public_user_data(person),
        created_at=now,
        updated_at=now,
    )


def org_invitation(
    shapes: Shapes,
    world: World,
    org: JsonObject,
    inviter: JsonObject | None,
    body: JsonObject,
    now: int,
) -> JsonObject:
    role = str(body["role"])
    inviter_data = None
    if inviter is not None:
        inviter_data = {k: v for k, v in public_user_data(inviter).items() if k in INVITER_KEYS}
    return shapes.build(
        "OrganizationInvitation",
        id=world.new_id("orginv_"),
        email_address=body["email_address"],
        role=role,
        role_name=role_name(role),
        organization_id=org["id"],
        inviter_id=inviter["id"] if inviter else None,
        public_inviter_data=inviter_data,
        status="pending",
        public_metadata=dict(body.get("public_metadata") or {}),
        private_metadata=dict(body.get("private_metadata") or {}),
        url=None,
        expires_at=now + int(body.get("expires_in_days") or 30) * DAY_MS,
        created_at=now,
        updated_at=now,
    )


INVITER_KEYS = ("user_id", "first_name", "last_name", "image_url", "has_image", "identifier")


def public_organization_data(org: JsonObject | None) -> JsonObject | None:
    if org is None:
        return None
    keys = ("id", "name", "slug", "image_url", "has_image")
    return {k: org.get(k) for k in keys}


# --------------------------------------------------------------------------- the rest


def invitation(shapes: Shapes, world: World, body: JsonObject, now: int) -> JsonObject:
    expires_in_days = body.get("expires_in_days")
    return shapes.build(
        "Invitation",
        id=world.new_id("inv_"),
        email_address=body["email_address"],
        public_metadata=dict(body.get("public_metadata") or {}),
        revoked=False,
        status="pending",
        url=body.get("redirect_url") or "https://accounts.sandbox.clerk.test/sign-up",
        expires_at=now + int(expires_in_days) * DAY_MS if expires_in_days else None,
        created_at=now,
        updated_at=now,
    )


def listed_identifier(
    shapes: Shapes, world: World, component: str, prefix: str, body: JsonObject, now: int
) -> JsonObject:
    identifier = str(body["identifier"])
    return shapes.build(
        component,
        id=world.new_id(prefix),
        identifier=identifier,
        identifier_type=identifier_type(identifier),
        instance_id="ins_sandbox",
        created_at=now,
        updated_at=now,
    )


def session(shapes: Shapes, world: World, person: JsonObject, now: int) -> JsonObject:
    return shapes.build(
        "Session",
        id=world.new_id("sess_"),
        user_id=person["id"],
        client_id=world.new_id("client_"),
        actor=None,
        status="active",
        last_active_organization_id=None,
        last_active_at=now,
        latest_activity=None,
        expire_at=now + 7 * DAY_MS,
        abandon_at=now + 30 * DAY_MS,
        created_at=now,
        updated_at=now,
        tasks=None,
    )


def waitlist_entry(shapes: Shapes, world: World, body: JsonObject, now: int) -> JsonObject:
    return shapes.build(
        "WaitlistEntry",
        id=world.new_id("wle_"),
        email_address=body["email_address"],
        status="pending",
        is_locked=False,
        invitation=None,
        created_at=now,
        updated_at=now,
    )


JWT_DEFAULTS = {
    "lifetime": 60,
    "allowed_clock_skew": 5,
    "custom_signing_key": False,
    "signing_algorithm": "RS256",
}


def jwt_template(shapes: Shapes, world: World, body: JsonObject, now: int) -> JsonObject:
    settings = {k: _or(body.get(k), default) for k, default in JWT_DEFAULTS.items()}
    return shapes.build(
        "JWTTemplate",
        id=world.new_id("jtmp_"),
        name=body["name"],
        claims=dict(body["claims"]),
        **settings,
        created_at=now,
        updated_at=now,
    )


def redirect_url(shapes: Shapes, world: World, body: JsonObject, now: int) -> JsonObject:
    return shapes.build(
        "RedirectURL", id=world.new_id("ru_"), url=body["url"], created_at=now, updated_at=now
    )


def _or(value: Any, default: Any) -> Any:
    return default if value is None else value


def deleted(kind: str, object_id: str, **extra: Any) -> JsonObject:
    return {"object": kind, "id": object_id, "deleted": True, **extra}


def deep_merge(target: JsonObject, changes: JsonObject) -> JsonObject:
    """Clerk's metadata merge: nested objects merge, a null value removes the key."""
    merged = dict(target)
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged
