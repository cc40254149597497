"""What a Clerk user object says about its person, read one way everywhere: the terminal's
tables, exports, the before/after of a DELETE and set previews."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def primary_email(user: Mapping[str, Any]) -> str:
    """The primary address, else the first one listed, else ""."""
    addresses = [a for a in user.get("email_addresses") or [] if isinstance(a, Mapping)]
    primary = user.get("primary_email_address_id")
    chosen = next((a for a in addresses if a.get("id") == primary), None)
    chosen = chosen or (addresses[0] if addresses else {})
    return str(chosen.get("email_address") or "")


def full_name(user: Mapping[str, Any]) -> str:
    return " ".join(str(user[k]) for k in ("first_name", "last_name") if user.get(k))
