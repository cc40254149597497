"""Does a request point back at earlier results, and at which one? Pure, no I/O.

Earlier results may enter a plan only through a reference the person made: "the second
one", "them", "her", "that org", "those users", "their memberships". Words that merely
look like references ("in the last 7 days", "first name", "last sign-in") are not one,
so an unrelated request never gets an earlier id as an extra filter.
"""

from __future__ import annotations

from ..language.patterns import pattern, words

# The words and phrases of this module are named patterns in language/data/patterns.yml.
ORDINALS: dict[str, int] = dict(words("ordinals"))
ORDINAL_REFERENCE = pattern("ordinal-reference")
PLURAL_REFERENCE = pattern("plural-reference")
SINGLE_REFERENCE = pattern("single-reference")
ADDRESS_ORDERS = pattern("address-orders")


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
