"""Which sentences of a request ask for something, and which only set the scene.

Support engineers write "A customer's laptop was stolen last night. Revoke sess_...":
the first sentence is context, the second is the order. Ranking should listen to the
order first; values (ids, emails) stay usable wherever they were said. Pure, no I/O,
shared by the search (`assistant.retrieval`) and the local planner.
"""

from __future__ import annotations

import re

from .language.tables import ORDER_VERBS as _ORDER_VERBS

# Sentence ends (". " before a capital or a quote), dashes and semicolons between clauses.
_SPLIT = re.compile(
    r"(?<!\be\.g\.)(?<!\bi\.e\.)(?<=[.!?])\s+|\s+[-–—]{1,2}\s+|;\s+"
    # ", they're locked out ...", ", because ...": an explanation after the order
    r"|,\s+(?=(?:because|since they|as they|(?:they|he|she|it|we)(?:'re|'s| are| is| was| were)\b))"
    # ", they uploaded the wrong image": what happened, told after the order
    r"|,\s+(?=(?:they|he|she|we)\s+(?:just\s+|accidentally\s+)?[a-z]+ed\b)"
    # "... so people can't use breached passwords": the purpose, not the order
    # ("make it so he can't ..." is the order itself, said as its outcome)
    r"|(?<![Mm]ake it)(?<![Mm]akes it)"
    r",?\s+(?=so (?:that )?(?:people|users|they|he|she|we|nobody|no one|it|customers)\b)"
)
# Openers that come before the verb of an order: "ok so can you please ...".
_LEAD = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|so|now|hey|hi|also|and|then|pls|please|kindly|quick(?:ly)?|just|actually|"
    # ("no, wait": an opener; "no invite email" negates the word after it)
    r"instead|rather|wait|sorry|no(?=\s*[,.!])|oh"
    # ("first strip every MFA method from user_A, then ...": the order's place in a list)
    r"|first(?:ly|\s+of\s+all)?|secondly|next|finally|lastly)\W+)*"
    r"(?:(?:can|could|would|will) (?:you|we|someone) (?:please |just |quickly )?"
    r"|i(?:'d| would) like (?:you )?to |i (?:need|want) (?:you )?to "
    r"|(?:we|you) (?:need|have|want) to |need to |let'?s |go ahead and |help me "
    r"|(?:please|pls) )*",
    re.IGNORECASE,
)
# Verbs that open an order. Words, not endpoints: what an admin tells a tool to do.
ORDER_VERBS = _ORDER_VERBS  # the verbs that start an order: language/data/verbs.yml


# "For our e2e suite: create a user ...": a label, then the order after the colon
_COLON_ORDER = re.compile(
    rf"(?<=\w):\s+(?=(?:please\s+|pls\s+)?(?:{'|'.join(sorted(ORDER_VERBS))})\b)", re.IGNORECASE
)


_PURPOSE = re.compile(r"^\W*so\s+(?:that\s+)?\w+\s+(?:can|could|will|would|won't|can't)\b", re.I)


def sentences(text: str) -> list[str]:
    """The request cut into sentences and dash/semicolon clauses, empty parts dropped."""
    parts = [p for part in _SPLIT.split(text) if part for p in _COLON_ORDER.split(part)]
    return [part.strip() for part in parts if part.strip()]


def is_order(sentence: str, verbs: frozenset[str] = ORDER_VERBS) -> bool:
    """A question, or a sentence whose first real word is an order verb. (A purpose, "so
    she can log in again?", is neither, whatever ends the sentence.)"""
    if _PURPOSE.match(sentence):
        return False
    if sentence.rstrip().endswith("?"):
        return True
    rest = sentence[_LEAD.match(sentence).end() :]  # type: ignore[union-attr]
    first = re.match(r"[A-Za-z']+", rest)
    return bool(first) and first.group(0).lower() in verbs


def split_focus(text: str) -> tuple[str, str]:
    """(the orders, the context): context only when some other sentence is an order."""
    parts = sentences(text)
    orders = [p for p in parts if is_order(p)]
    taken_back = [n for n, p in enumerate(orders) if n and _TAKES_BACK.match(p)]
    if taken_back:  # ("Revoke them? No, first list them": the order after "no" stands)
        orders = orders[taken_back[-1] :]
    if not orders or len(orders) == len(parts):
        return text, ""
    context = [p for p in parts if p not in orders]
    return " ".join(orders), " ".join(context)


# "Revoke them? No, first list them": a sentence that opens by saying no to the order before
_TAKES_BACK = re.compile(r"^\W*(?:no|nope|no wait|wait no|scratch that)\s*[,.!]", re.IGNORECASE)

# "count them... actually just list them": the order after a correction replaces the one before.
_CORRECTION = re.compile(
    r"(?:^|[\s,.;!?-])(?:actually|instead|on second thought|scratch that|no wait|wait no)\b[\s,]*",
    re.IGNORECASE,
)


def corrected(text: str) -> tuple[str, str]:
    """(the order that stands, what it replaced): the part after the last correction word
    when that part is an order, else (text, "")."""
    matches = [m for m in _CORRECTION.finditer(text) if m.start() > 0]
    for match in reversed(matches):
        after = text[match.end() :]
        if is_order(after):
            return after, text[: match.start()]
    return text, ""
