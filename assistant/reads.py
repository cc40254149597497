"""Which GET reads the resource a write touches, found in the spec catalog.

The read is the GET on the same path (`PATCH /users/{user_id}` -> `GET /users/{user_id}`),
or on the path without its trailing action segments (`POST /users/{user_id}/ban`,
`PATCH /users/{user_id}/metadata` -> `GET /users/{user_id}`). Only a GET of one object
counts: its path ends in a path parameter, and every parameter it needs comes from the
write. A segment with a GET of its own is a collection, not an action: a create in it
(`POST /organizations/{id}/invitations`, `POST /users`) changes no object there is to
read, and neither does a bulk action (`POST /users/ban`).
"""

from __future__ import annotations

from .models import Call, Endpoint
from .spec import Catalog


def read_endpoint(catalog: Catalog, call: Call) -> Endpoint | None:
    """The GET endpoint that returns the object `call` changes, or None."""
    for path in _candidates(call.path.rstrip("/")):
        found = catalog.get("GET", path)
        if not _is_parameter(_last(path)):
            if found is not None:  # a collection: the write adds to it, it changes no object
                return None
            continue
        return found if found is not None and _params_known(found, call) else None
    return None


def _candidates(path: str) -> list[str]:
    """The path, then the path without each trailing literal segment, in turn."""
    found = [path]
    while not _is_parameter(_last(path)) and path.count("/") > 1:
        path = path.rsplit("/", 1)[0]
        found.append(path)
    return found


def read_call(call: Call, endpoint: Endpoint) -> Call:
    """The GET call for `endpoint` with the path values of `call`."""
    names = {p.name for p in endpoint.path_params}
    values = {k: v for k, v in call.path_params.items() if k in names}
    return Call("GET", endpoint.path, path_params=values, why="read the current state")


def _params_known(endpoint: Endpoint, call: Call) -> bool:
    return all(p.name in call.path_params for p in endpoint.path_params)


def _last(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def _is_parameter(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")
