"""An id the person named that no step uses: the order around it, planned on its own.

"For user_A: delete her old landline, phone number idn_X, and add +44... as her 2FA
number" was planned as the addition alone; idn_X was named for an order that got lost
between the others. Each id no step uses is looked up in the text: the part it is said in
(cut at punctuation and joining words), widened by a neighbouring part when that alone is
no order, is planned on its own, with what the steps before it name carried in. The calls
are taken when they use that id, are not planned already, do what the part orders (a
change is no read, a removal needs a removing word), and refer to no step after them. They
go where the part was said among the other steps; later references are renumbered.

An id this cannot place stays unused, and the plan's review lists it as "not used".
Pure: the planning is a function passed in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from ..language.data import tables
from ..models import Call, Clarification
from ..references import REFERENCE, steps_referenced, strings_in
from ..sentences import is_order
from . import lexicon
from .clauses import CLAUSE_VERBS, orders_a_change
from .orders import removing_order
from .ranking import intents
from .slots import CLERK_ID, DOMAIN, EMAIL, PHONE

NAMED = (CLERK_ID, EMAIL, PHONE, DOMAIN)

PlanPiece = Callable[[str, list[Call]], "list[Call] | Clarification"]

_JOINERS = sorted(tables().raw["verbs"]["clause_joiners"], key=len, reverse=True)
# where a part may end: punctuation, a dash, or a joining word between spaces
_CUT = re.compile(
    r"[,;:!?]\s+|(?<=\w)\.\s+|\s+[-–—]+\s+|\s+(?:"
    + "|".join(re.escape(w).replace("\\ ", r"\s+") for w in _JOINERS)
    + r")\s+",
    re.IGNORECASE,
)
# (which neighbours a lone part may take, smallest first: the part, then with the part
# after it ("csubi_X asked to cancel, end that one now"), then before it (the verb said
# first: "delete her landline, phone number idn_X"))
_WIDENINGS = ((0, 0), (0, 1), (1, 0), (1, 1), (2, 0))


def with_unplanned_orders(
    text: str, steps: list[Call], plan_piece: PlanPiece, self_id: str | None = None
) -> list[Call]:
    """`steps` with the orders around unused ids planned in, where one can be."""
    for named in _unused_ids(text, steps, self_id):
        if _uses(steps, named.group(0)):
            continue  # (an order planned for an earlier id took this one too)
        steps = _placed(text, named, steps, plan_piece) or steps
    return steps


def _unused_ids(text: str, steps: list[Call], self_id: str | None) -> list[re.Match[str]]:
    seen: set[str] = set()
    found = []
    for pattern in NAMED:
        for named in pattern.finditer(text):
            value = named.group(0)
            if value in seen or value == self_id or _uses(steps, value):
                continue
            seen.add(value)
            found.append(named)
    return sorted(found, key=lambda m: m.start())


def _uses(steps: list[Call], value: str) -> bool:
    # (case counts here, unlike coverage.not_used's check for the review: ids differ by
    # case, and matching them loosely planned a case of round JJ worse)
    word = re.compile(rf"(?<!\w){re.escape(value)}(?!\w)")
    return any(word.search(s) for call in steps for s in _strings(call))


def _strings(call: Call) -> list[str]:
    return [call.path, *strings_in([call.path_params, call.query, call.body])]


def _placed(
    text: str, named: re.Match[str], steps: list[Call], plan_piece: PlanPiece
) -> list[Call] | None:
    for piece, crosses in _pieces_around(text, named, steps):
        at = _position(text, named.start(), steps)
        planned = plan_piece(piece, steps[:at])
        new = _new_calls(planned, steps) if isinstance(planned, list) else []
        if crosses and not _said_again(new, steps):
            continue  # (a neighbour's own order, planned again with this id)
        if _takes(new, piece, named.group(0), steps, at):
            return _inserted(steps, at, new)
    return None


def _new_calls(planned: list[Call], steps: list[Call]) -> list[Call]:
    """The calls not planned already ("revoke A and B" after A's revoke: B's); none when
    a call left out is one a kept call refers to."""
    new = [call for call in planned if call not in steps]
    if len(new) < len(planned) and any(steps_referenced(call.to_json()) for call in new):
        return []
    return new


def _pieces_around(
    text: str, named: re.Match[str], steps: list[Call]
) -> Iterator[tuple[str, bool]]:
    """(text, crosses) of the part the id is said in, then of it widened by
    neighbours. `crosses`: it takes in a neighbour that orders something with a value a
    step uses, that step's order (a scene naming the target, "Subscription item X: ...",
    is no order)."""
    cuts = [0, *(m.end() for m in _CUT.finditer(text)), len(text)]
    bounds = [(cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1) if cuts[i] < cuts[i + 1]]
    here = next(i for i, (s, e) in enumerate(bounds) if s <= named.start() < e)
    taken = [i for i, (s, e) in enumerate(bounds) if i != here and _ordered(text[s:e], steps)]
    tried: set[tuple[int, int]] = set()
    for back, ahead in _WIDENINGS:
        first, last = max(here - back, 0), min(here + ahead, len(bounds) - 1)
        if (first, last) in tried:
            continue
        tried.add((first, last))
        start, end = bounds[first][0], bounds[last][1]
        crosses = any(first <= i <= last for i in taken)
        yield text[start:end].strip(" ,;:-–—"), crosses


def _ordered(part: str, steps: list[Call]) -> bool:
    return _gives_an_order(part) and any(
        _uses(steps, m.group(0)) for pattern in NAMED for m in pattern.finditer(part)
    )


def _position(text: str, start: int, steps: list[Call]) -> int:
    """Where the order of a value said at `start` goes: before the first step said after
    it. A step is
    said where the last of its values is, or the last of its path's words ("flag her
    password as compromised": /users/{user_id}/password/set_compromised)."""
    lowered = text.lower()
    for number, call in enumerate(steps):
        said = [text.find(s) for s in _strings(call)[1:] if len(s) > 3 and s in text]
        said += [m.start() for w in _path_words(call.path) for m in _word(w).finditer(lowered)][:1]
        if said and max(said) > start:
            return number
    return len(steps)


def _path_words(path: str) -> list[str]:
    """/users/{user_id}/password/set_compromised -> password, compromised (not the
    collection the path starts with: 'users' is said of everything a user has)."""
    literal = [part for part in path.strip("/").split("/")[1:] if "{" not in part]
    return [w.removesuffix("s") for part in literal for w in part.split("_") if len(w) > 3]


def _word(stem: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(stem)}")


def _takes(planned: list[Call], piece: str, value: str, steps: list[Call], at: int) -> bool:
    if not planned or not _uses(planned, value):
        return False
    if any(max(steps_referenced(call.to_json()), default=0) > at for call in planned):
        return False  # (refers to a step that would come after it)
    if orders_a_change(piece) and all(call.method == "GET" for call in planned):
        return False
    asked = intents(lexicon.rewrite(piece.lower()))
    if not (_gives_an_order(piece) or asked) and not _said_again(planned, steps):
        return False  # no order in it: "bots sign up as a+1@x.io, a+2@x.io"
    # (a removal only from a part that leads with a removing verb: safety over recall)
    return removing_order(piece) is not None or not any(c.method == "DELETE" for c in planned)


def _gives_an_order(piece: str) -> bool:
    """Does some part of the piece start with an order verb ("apply discount X to it")?"""
    return any(is_order(part, CLAUSE_VERBS) for part in _CUT.split(piece) if part.strip())


def _said_again(planned: list[Call], steps: list[Call]) -> bool:
    """ "user_A becomes admin, user_B goes back to member": a part with no order verb may
    say an order already planned again, for another target."""
    done = {(call.method, call.path) for call in steps}
    return all((call.method, call.path) in done for call in planned)


def _inserted(steps: list[Call], at: int, planned: list[Call]) -> list[Call]:
    later = [renumbered(call, at, len(planned)) for call in steps[at:]]
    return [*steps[:at], *planned, *later]


def renumbered(call: Call, after: int, by: int) -> Call:
    def shift(value: Any) -> Any:
        if isinstance(value, str):
            return REFERENCE.sub(lambda m: _moved(m, after, by), value)
        if isinstance(value, dict):
            return {k: shift(v) for k, v in value.items()}
        if isinstance(value, list):
            return [shift(v) for v in value]
        return value

    return replace(
        call,
        path_params=shift(call.path_params),
        query=shift(call.query),
        body=shift(call.body),
    )


def _moved(match: re.Match[str], after: int, by: int) -> str:
    number = int(match.group(1))
    return f"{{{{{number + by if number > after else number}{match.group(2)}}}}}"
