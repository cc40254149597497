"""A plan never removes a thing it goes on to work inside.

"Strip user_A down to email login: delete passkey X, disconnect account Y" read "strip" as
an order to delete user_A, ahead of the deletions of user_A's passkey and account. Deleting
the parent first makes every later step on its parts fail, and the person asked for the
parts: such a DELETE is dropped. Structural, no words: a DELETE of a path whose own
sub-paths, with the same ids, a LATER step acts on. ("Remove every member, then delete the
org" removes the parent last: kept.) Pure.
"""

from __future__ import annotations

from ..models import Call
from ..references import steps_referenced
from .unplanned import renumbered


def without_removed_parents(steps: list[Call]) -> list[Call]:
    """The steps, less each DELETE of a thing a later step acts inside of."""
    for at, step in enumerate(steps):
        if _removes_a_parent(step, steps[at + 1 :]) and not _referenced(at + 1, steps):
            later = [renumbered(call, at + 1, -1) for call in steps[at + 1 :]]
            return without_removed_parents([*steps[:at], *later])
    return steps


def _removes_a_parent(step: Call, later: list[Call]) -> bool:
    if step.method != "DELETE":
        return False
    prefix = step.path.rstrip("/") + "/"
    return any(
        other.path.startswith(prefix)
        and all(other.path_params.get(k) == v for k, v in step.path_params.items())
        for other in later
    )


def _referenced(number: int, steps: list[Call]) -> bool:
    return any(
        number in steps_referenced([call.path_params, call.query, call.body]) for call in steps
    )
