"""Does a request point back at earlier results, and at which one? Pure, no I/O.

Earlier results may enter a plan only through a reference the person made: "the second
one", "them", "her", "that org", "those users", "their memberships". Words that merely
look like references ("in the last 7 days", "first name", "last sign-in") are not one,
so an unrelated request never gets an earlier id as an extra filter.
"""

from __future__ import annotations

import re

# The words of this module: ordinals and what may follow one to make it a reference.
ORDINALS: dict[str, int] = {
    "first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2,
    "fourth": 3, "4th": 3, "fifth": 4, "5th": 4, "last": -1,
}  # fmt: skip
# "the second one", "the last user", "the 2nd org", "the first of them", "number 2"
_REFERENT_NOUNS = (
    r"one|user|account|person|member|org|organization|invitation|invite|session|entry"
    r"|item|result|row|domain|template|key"
)
ORDINAL_REFERENCE = re.compile(
    rf"\b(?:the\s+)?(?P<ordinal>{'|'.join(ORDINALS)})\s+(?:(?:{_REFERENT_NOUNS})s?\b|of\s+them\b)"
    # ("ban the second", said at the end: the list just shown is meant)
    rf"|\bthe\s+(?P<bare>{'|'.join(ORDINALS)})\s*(?:[.!?]|$)",
    re.IGNORECASE,
)
# Pronouns and demonstratives for everything just shown ("ban them", "those users").
PLURAL_REFERENCE = re.compile(
    r"\b(?:them|they|their|all of them|those|these|everyone (?:listed|shown|above))\b",
    re.IGNORECASE,
)
# One thing named before: "her", "him", "it", "their"; "that org", "this user", "that one"
# ("this month", "users that signed in" point at nothing); "too", "again": the same target.
SINGLE_REFERENCE = re.compile(
    r"\b(?:him|her|his|it|its|their|them)\b"
    rf"|\b(?:that|this|these|those|the same)\s+(?:{_REFERENT_NOUNS})s?\b"
    r"|\b(?:that|this)\s*(?:[.!?]|$)"
    r"|\b(?:too|also|again|as well)\b",
    re.IGNORECASE,
)

# Orders that act on a person's address, not their id: "invite them too" means their emails.
ADDRESS_ORDERS = re.compile(r"\b(?:invite|re-?invite|email|mail|notify)\b", re.IGNORECASE)


def ordinal_position(text: str) -> int | None:
    """0-based position of "the second one" (−1 for "the last one"); None when not said."""
    match = ORDINAL_REFERENCE.search(text)
    if match is None:
        return None
    word = (match.group("ordinal") or match.group("bare")).lower()
    return ORDINALS[word]


def refers_to_many(text: str) -> bool:
    """ "ban them", "invite those users": every item of the last results is meant."""
    return PLURAL_REFERENCE.search(text) is not None


def refers_back(text: str) -> bool:
    """Any reference to something said or shown before."""
    return (
        ordinal_position(text) is not None
        or refers_to_many(text)
        or SINGLE_REFERENCE.search(text) is not None
    )


def wants_addresses(text: str) -> bool:
    """ "invite them": the earlier results' email addresses are meant, not their ids."""
    return ADDRESS_ORDERS.search(text) is not None
