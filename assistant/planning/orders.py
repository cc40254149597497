"""Orders are never reversed: a request that takes something away never plans a creation.

`removing_order(text)` says whether a clause's order removes (its first order verb is
"delete", "remove", "revoke", ... and no creating verb is said beside it); `reverses(order,
endpoint)` whether a step on that endpoint would do the opposite. The local planner drops
such endpoints before choosing; the property test checks every plan against the same rule.
Pure, no I/O; the words live in `lexicon`.
"""

from __future__ import annotations

import re

from ..models import Endpoint
from ..sentences import ORDER_VERBS
from . import lexicon

_WORD = re.compile(r"[a-z]+")


def order_verbs(text: str) -> list[str]:
    """The order verbs of a text, after the phrase rules ('get rid of' -> 'delete'); a word
    after a determiner is a noun ("the ban on user_x ..., lift both bans": 'lift')."""
    words = _WORD.findall(lexicon.rewrite(text))
    known = ORDER_VERBS | lexicon.REMOVING_ORDERS | lexicon.CREATING_ORDERS
    return [
        word
        for before, word in zip(["", *words], words, strict=False)
        if word in known and before not in lexicon.NOUN_MARKERS
    ]


def removing_order(text: str) -> str | None:
    """The removing verb a text leads with ('delete'), or None when its first order is
    something else or it also asks to create ('delete it and make a new one')."""
    verbs = order_verbs(text)
    if not verbs or (
        verbs[0] not in lexicon.REMOVING_ORDERS and verbs[0] not in lexicon.UNDOES.values()
    ):
        return None
    if any(v in lexicon.CREATING_ORDERS for v in verbs):
        return None
    return verbs[0]


def action_of(endpoint: Endpoint) -> str:
    """What a step does, as its summary's first word says ('create', 'unban', 'delete')."""
    first = _WORD.match(endpoint.summary.lower())
    return first.group(0) if first else endpoint.method.lower()


def reverses(order: str | None, endpoint: Endpoint) -> bool:
    """Would a step on `endpoint` do the opposite of `order`? A creation, or giving access
    back (unban, unlock), reverses every removing order; 'unban' reverses 'ban'."""
    if order is None:
        return False
    action = action_of(endpoint)
    if lexicon.UNDOES.get(action) == order:
        return True
    if order not in lexicon.REMOVING_ORDERS:
        return False
    creates = endpoint.method == "POST" and action in lexicon.CREATING_ACTIONS
    return creates or action in lexicon.UNDOES


def removes(endpoint: Endpoint) -> bool:
    """Does a step on `endpoint` take something away (DELETE, "Revoke a session")?"""
    return endpoint.method == "DELETE" or action_of(endpoint) in lexicon.REMOVING_ORDERS
