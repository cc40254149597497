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
_LEADS = lexicon.REMOVING_ORDERS | set(lexicon.UNDOES.values())
# (by stem: a summary says "Revokes an invitation" as often as "Revoke a session")
_REMOVING_STEMS = frozenset(lexicon.stem(verb) for verb in lexicon.REMOVING_ORDERS)


def order_verbs(text: str) -> list[str]:
    """The order verbs of a text, after the phrase rules ('get rid of' -> 'delete'); a word
    after a determiner is a noun ("the ban on user_x ..., lift both bans": 'lift')."""
    return [word for word, _ in _verbs_and_objects(text)]


def _verbs_and_objects(text: str) -> list[tuple[str, str]]:
    """(verb, the first word after it that is no determiner) for each order verb."""
    words = _WORD.findall(lexicon.rewrite(text))
    known = ORDER_VERBS | lexicon.REMOVING_ORDERS | lexicon.CREATING_ORDERS
    found = []
    for index, word in enumerate(words):
        if word not in known or (index and words[index - 1] in lexicon.NOUN_MARKERS):
            continue
        after = [w for w in words[index + 1 :] if w not in lexicon.NOUN_MARKERS]
        found.append((word, after[0] if after else ""))
    return found


def removing_order(text: str) -> str | None:
    """The removing verb a text leads with ('delete'), or None when its first order is
    something else, removes a ban or a lock ('remove the ban': an unban is asked for), or
    comes with a creating one ('delete it and make a new one')."""
    found = _verbs_and_objects(text)
    if not found or found[0][0] not in _LEADS:
        return None
    if lexicon.stem(found[0][1]) in lexicon.UNDOES.values():
        return None
    if any(verb in lexicon.CREATING_ORDERS for verb, _ in found):
        return None
    return found[0][0]


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
    return endpoint.method == "DELETE" or lexicon.stem(action_of(endpoint)) in _REMOVING_STEMS
