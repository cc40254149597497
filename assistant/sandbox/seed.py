"""A deterministic small world so that "list users" shows something on first run.

25 users (one banned, one locked; all but every sixth have signed in), 3 organizations
with admins and members, pending organization and instance invitations, active sessions,
and one of each small resource.
Timestamps count up from a fixed instant, so the same seed gives the same world.
"""

from __future__ import annotations

from collections.abc import Callable

from . import routes
from .routes import Ctx
from .schemas import FIXED_MS
from .shapes import Shapes
from .store import JsonObject, World

FIRST = ["Ada", "Grace", "Alan", "Barbara", "Ken", "Margaret", "Linus", "Radia", "Dennis",
         "Frances", "John", "Katherine", "Tim", "Hedy", "Guido"]  # fmt: skip
LAST = ["Lovelace", "Hopper", "Turing", "Liskov", "Thompson", "Hamilton", "Torvalds",
        "Perlman", "Ritchie", "Allen"]  # fmt: skip
ORGS = [("Acme Corp", "acme.io"), ("Globex", "globex.com"), ("Initech", "initech.com")]
HOUR_MS = 3_600_000


def seed_world(world: World, shapes: Shapes) -> None:
    clock = iter(range(FIXED_MS, FIXED_MS + 1000 * HOUR_MS, HOUR_MS))

    def ctx(body: object = None, **params: str) -> Ctx:
        return Ctx(world, shapes, next(clock), params, {}, body)

    users = [routes.create_user(ctx(_user_body(i))) for i in range(25)]
    orgs = [routes.create_org(ctx({"name": name, "created_by": users[i]["id"]}))
            for i, (name, _) in enumerate(ORGS)]  # fmt: skip
    for i, person in enumerate(users[3:21]):
        org = orgs[i % 3]
        role = "org:admin" if i < 3 else "org:member"
        body = {"user_id": person["id"], "role": role}
        routes.create_membership(ctx(body, organization_id=org["id"]))
    for org, (_, domain) in zip(orgs, ORGS, strict=True):
        for name in ("new.hire", "contractor"):
            body = {"email_address": f"{name}@{domain}", "role": "org:member"}
            routes.create_org_invitation(ctx(body, organization_id=org["id"]))
    for email in ("pat@example.com", "sam@example.com", "lee@example.com"):
        routes.create_invitation(ctx({"email_address": email}))
    for person in users[:10]:
        routes.create_session(ctx({"user_id": person["id"]}))
    _sign_in(users)
    routes.ban_user(ctx(user_id=users[24]["id"]))
    routes.lock_user(ctx(user_id=users[23]["id"]))
    _small_resources(ctx)


def _sign_in(users: list[JsonObject]) -> None:
    """Most people have signed in (every sixth never has), a day or more after sign-up."""
    for i, person in enumerate(users):
        if i % 6 != 5:
            signed_in = int(person["created_at"]) + (24 + 7 * i) * HOUR_MS
            person["last_sign_in_at"] = signed_in
            person["last_active_at"] = signed_in + (i % 4) * HOUR_MS


def _user_body(i: int) -> dict[str, object]:
    first, last = FIRST[i % len(FIRST)], LAST[i % len(LAST)]
    domain = ORGS[i % 3][1]
    return {
        "first_name": first,
        "last_name": last,
        "username": f"{first}{last}{i}".lower(),
        "email_address": [f"{first}.{last}{i}@{domain}".lower()],
        "external_id": f"ext-{1000 + i}",
        "public_metadata": {"plan": "pro" if i % 4 == 0 else "free"},
    }


def _small_resources(make: Callable[..., Ctx]) -> None:
    claims = {"aud": "sandbox", "email": "{{user.primary_email_address}}"}
    for key, body in (
        ("POST /allowlist_identifiers", {"identifier": "@acme.io"}),
        ("POST /blocklist_identifiers", {"identifier": "spam@example.net"}),
        ("POST /waitlist_entries", {"email_address": "waiting@example.org"}),
        ("POST /jwt_templates", {"name": "supabase", "claims": claims}),
        ("POST /redirect_urls", {"url": "http://localhost:3000/callback"}),
    ):
        routes.ROUTES[key](make(body))
