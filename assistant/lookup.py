"""What the person meant: a tag or an endpoint named loosely, as the CLI and the REPL take them.

Both `clerk-assistant browse/detail` and `/browse`, `/detail` call these, so a typo gets
the same forgiveness and the same "closest" suggestions everywhere.
"""

from __future__ import annotations

import difflib
import re

from .endpoints import HTTP_METHODS, Endpoint
from .errors import ConfigError
from .spec import Catalog


def tag_key(name: str) -> str:
    """Case, punctuation and plural-insensitive form of a tag name."""
    words = re.findall(r"[a-z0-9]+", name.lower())
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words)


def find_tag(catalog: Catalog, wanted: str, listing: str) -> str:
    """The catalog's tag the person meant: exact, then forgiving, then a unique prefix.

    `listing` names the command that lists the tags (`clerk-assistant tags`, `/tags`).
    """
    tags = list(catalog.tags())
    keys = {tag_key(tag): tag for tag in tags}
    key = tag_key(wanted)
    if key in keys:
        return keys[key]
    compact = key.replace(" ", "")
    squeezed = [t for k, t in keys.items() if k.replace(" ", "") == compact]
    prefixed = [t for k, t in keys.items() if key and k.startswith(key)]
    for candidates in (squeezed, prefixed, _broadest(prefixed)):
        if len(candidates) == 1:
            return candidates[0]
    close = difflib.get_close_matches(key, list(keys), n=3, cutoff=0.6)
    suggestions = [keys[k] for k in close] or prefixed[:3]
    hint = f"; closest: {', '.join(suggestions)}" if suggestions else ""
    raise ConfigError(f"unknown tag {wanted!r}{hint} (list them with {listing})")


def _broadest(tags: list[str]) -> list[str]:
    """`org` matches Organizations and Organization Domains...: the one the rest extend."""
    keys = [tag_key(t) for t in tags]
    return [t for t, k in zip(tags, keys, strict=True) if all(o.startswith(k) for o in keys)]


def find_endpoint(catalog: Catalog, method: str, path: str) -> Endpoint:
    """The endpoint for a method and a template or concrete path; else the closest ones."""
    method = method.upper()
    path = path.strip().rstrip("/") or "/"
    if method not in HTTP_METHODS:
        raise ConfigError(f"unknown HTTP method {method!r}; use one of {', '.join(HTTP_METHODS)}")
    endpoint = catalog.get(method, path)
    if endpoint is None:
        found = catalog.match(method, path)
        endpoint = found[0] if found else None
    if endpoint is not None:
        return endpoint
    closest = "; ".join(e.key for e in catalog.closest(method, path, n=3))
    hint = f"; closest: {closest}" if closest else ""
    raise ConfigError(f"no endpoint {method} {path} in spec {catalog.version}{hint}")
