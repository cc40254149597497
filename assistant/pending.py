"""An open question: what the planner asked, about which request, and does an input answer it?

When a planner asks ("To delete a user I need the user ..."), the session keeps a
`PendingQuestion`. The next input that fits the open slot (an id, an email, a phone
number, one of the choices, a short value, "the first one") completes the request: the
original text is planned again with the answer supplied. Anything else is a new request,
and the question is dropped (the session says so). Pure: no I/O, no terminal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .language.patterns import pattern
from .models import Clarification, SlotKind
from .planning.lexicon import ID_KINDS
from .planning.referring import ordinal_position
from .planning.slots import CLERK_ID, EMAIL, PHONE, QUOTED
from .sentences import ORDER_VERBS

# An answer longer than this many words is a new request, whatever it contains.
MAX_ANSWER_WORDS = 6
# Words around an answer that change nothing ("it's user_x", "use bob@x.io please").
FILLER = frozenset(
    """it it's its is the a an use try with please pls id email phone number one that this
    their his her user org organization ok okay sure yes value""".split()  # noqa: SIM905
)
# Replies that give no value: the question is dropped, not answered with "no".
NO_ANSWER = frozenset({"no", "n", "nope", "cancel", "never mind", "nevermind", "skip", "stop"})
# A call written out ("DELETE /users/x") inside a reply.
_CALL_SHAPE = re.compile(r"\b(?:GET|POST|PUT|PATCH|DELETE)\s+/", re.IGNORECASE)
# How a Claude question (which names no slot) says what it waits for.
_ASKS_FOR_EMAIL = pattern("asks-for-email")  # language/data/patterns.yml
_ASKS_FOR_PHONE = pattern("asks-for-phone")
_ASKS_FOR_ID = re.compile(
    rf"\b(?P<kind>{'|'.join(sorted(ID_KINDS, key=len, reverse=True))})(?:[ _](?:id|ID)\b|\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class PendingQuestion:
    request: str  # the text being planned when the question came
    question: str
    slot: SlotKind
    field: str = ""  # e.g. "user_id"
    choices: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Answered:
    """An input that answers the pending question: the text to plan again, and the answer."""

    text: str
    answer: str


def pending_from(request: str, clarification: Clarification) -> PendingQuestion | None:
    """The open question, or None when it waits for no particular value (a rephrase)."""
    slot = clarification.slot or _inferred_slot(clarification)
    if slot is None:
        return None
    return PendingQuestion(
        request, clarification.question, slot, clarification.field, clarification.choices
    )


def _inferred_slot(clarification: Clarification) -> SlotKind | None:
    """Claude's ask_user may not say what it waits for: read it off the question."""
    if clarification.planner == "local":
        return None  # the local planner names its slot whenever it has one
    question = clarification.question
    if _ASKS_FOR_EMAIL.search(question):
        return "email"
    if _ASKS_FOR_PHONE.search(question):
        return "phone"
    return "id" if _ASKS_FOR_ID.search(question) else "value"


def answer_to(pending: PendingQuestion, text: str, ids: list[str]) -> Answered | None:
    """The completed request when `text` fits the open slot; None when it is a new request.

    `ids` are the last results' ids, for "the first one"."""
    words = text.split()
    if not words or len(words) > MAX_ANSWER_WORDS or _is_order(text):
        return None
    if text.strip().strip(".!").lower() in NO_ANSWER:
        return None
    answer = _slot_value(pending, text, ids)
    if answer is None:
        return None
    return Answered(_supplied(pending, answer), answer)


def _is_order(text: str) -> bool:
    """An order anywhere in the reply, not only first: the answer is planned again inside
    the request, so "x; DELETE /users/user_x" or "x then delete user_x" as a redirect url
    would have turned a create into a delete. Such a reply is a new request (the question
    is dropped, visibly), planned and confirmed as what the person typed."""
    words = [word.strip(".:!?'\"()").lower() for word in re.split(r"[\s;,]+", text)]
    return any(word in ORDER_VERBS for word in words) or bool(_CALL_SHAPE.search(text))


def _slot_value(pending: PendingQuestion, text: str, ids: list[str]) -> str | None:
    if pending.slot == "id":
        return _id_answer(pending, text, ids)
    if pending.slot == "email":
        return _only(EMAIL, text)
    if pending.slot == "phone":
        return _only(PHONE, text)
    if pending.slot == "choice":
        wanted = text.strip().strip(".!'\"").lower()
        return next((c for c in pending.choices if c.lower() == wanted), None)
    return _value_answer(text)


def _id_answer(pending: PendingQuestion, text: str, ids: list[str]) -> str | None:
    """An id, a short id of the slot's kind (user_xyz), an email for a user, "the first one"."""
    found = _only(CLERK_ID, text) or _short_id(pending, text)
    if found:
        return found
    if pending.field in ("user_id", "user_ids") and _only(EMAIL, text):
        return _only(EMAIL, text)
    position = ordinal_position(text)
    if position is not None and -len(ids) <= position < len(ids):
        return ids[position]
    return None


def _short_id(pending: PendingQuestion, text: str) -> str | None:
    """A one-word answer with the open field's prefix ("user_xyz" for user_id)."""
    prefix = pending.field.removesuffix("_ids").removesuffix("_id")
    words = _meaningful(text)
    if len(words) == 1 and prefix in ID_KINDS and words[0].startswith(prefix + "_"):
        return words[0]
    return None


def _only(pattern: re.Pattern[str], text: str) -> str | None:
    """The one value `pattern` finds, when the rest of the text is only filler."""
    found = [m.group(0) for m in pattern.finditer(text)]
    if len(found) != 1:
        return None
    rest = _meaningful(text.replace(found[0], " "))
    return found[0] if not rest else None


def _meaningful(text: str) -> list[str]:
    words = re.findall(r"[\w.@+'-]+", text)
    return [w.strip(".'") for w in words if w.lower().strip(".'") not in FILLER and w.strip(".'")]


def _value_answer(text: str) -> str | None:
    quoted = QUOTED.fullmatch(text.strip())
    if quoted:
        return next(g for g in quoted.groups() if g)
    value = text.strip().rstrip(".!")
    return value or None


def _supplied(pending: PendingQuestion, answer: str) -> str:
    """The original request with the answer said where a planner reads it."""
    if pending.slot == "value" or pending.slot == "choice":
        label = pending.field or "value"
        shown = f"'{answer}'" if " " in answer else answer
        return f"{pending.request.rstrip()}, {label} {shown}"
    return f"{pending.request.rstrip()} {answer}"
