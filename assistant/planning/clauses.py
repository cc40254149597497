"""Orders inside one clause: "unlock user_A and reset her metadata" is two steps.

A request may give several orders joined by "and", a comma, a semicolon, a sentence end,
"also", "plus" ... (`verbs.yml` clause_joiners). Where such a joiner is followed by an order
verb (or, after a joiner or a question, a question word) a new order MAY start; whether it
does is decided from the plans, not the words:

- the follow-on part, planned on its own (with the targets carried from the orders before
  it), must be a complete plan whose endpoint its own words name (not only what it
  carries), that sends something, and that is no read when the part orders a change;
- planned together, the two parts must not make one call that takes the follow-on's values
  ("add user_X to org_Y and make them admin" is ONE membership with role admin; "set the
  password to X and sign them out of other sessions" one update);
- the follow-on must not just restate the call already planned (same endpoint, same
  target), nor update what the order before it creates ("add +44... and make it their
  2FA number").

Otherwise the parts stay one order, planned as the text says it. Words before the first
order (the scene) and a question before an order belong to that order.

A follow-on order that names no target of the kind it needs takes the one the earlier
orders named, created or looked up (`carried`): "ban user_A and revoke her sessions"
revokes user_A's; made once per target when the earlier order was ("lock A and B and
delete their avatars"). Pure: the planning is a function passed in.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from ..language.data import tables
from ..language.patterns import pattern, words
from ..language.text import any_phrase
from ..models import Call, Clarification
from ..sentences import ORDER_VERBS, is_order, sentences, split_focus
from . import lexicon
from .filling import KEY_SAID, NAME_MADE, THING_MADE
from .gapping import done_again, gapped_tail, said_again
from .ranking import intents
from .slots import CLERK_ID, EMAIL, PHONE, ROLE_KEY, SELF_ID, URL

_VERB_DATA = tables().raw["verbs"]


_JOINER = rf"(?:{any_phrase(_VERB_DATA['clause_joiners'])})\b\s*,?\s*"
_FILLER = rf"(?:{any_phrase(_VERB_DATA['clause_fillers'])})\b\s*,?\s*"
# the verbs that may start a follow-on order: every order verb, and verbs that rarely open
# a request but do continue one ("..., and overwrite their metadata")
CLAUSE_VERBS = ORDER_VERBS | frozenset(_VERB_DATA["clause_verbs"])
_QUESTIONS = frozenset(_VERB_DATA["clause_questions"])
_VERB = rf"(?:{'|'.join(sorted(CLAUSE_VERBS))})\b"
_QUESTION = rf"(?:{'|'.join(sorted(_QUESTIONS))})\b"
# where the order acts, said before its verb ("..., and then for session sess_x create a
# token"): the order still starts there
_SCOPES = any_phrase(_VERB_DATA["clause_scopes"])
_SCOPE = rf"(?:{_SCOPES})\s+(?:the\s+)?(?:[a-z]+\s+){{0,2}}?{CLERK_ID.pattern}"
# or the part of a thing it acts in ("..., and in the private metadata put x = 1"): a place
# that starts an order only with its verb right after it
_PLACE = (
    rf"(?:{_SCOPES})\s+(?:the|its|his|her|their)\s+(?:{any_phrase(_VERB_DATA['clause_places'])})\b"
)
# Where a new order may start: after a comma, semicolon or colon; after a sentence end; or
# after a joining word; always right before (polite words and) an order verb. A later
# question starts after a joining word or another question ("..., and what's their
# balance?"), never after a colon that only says what to show ("sess_x: which user ...").
_BOUNDARY = re.compile(
    # (a colon with a space after it: "key org:reports:export" names no order)
    # (a dash between clauses: "... lost their codes — disable them")
    rf"(?:\s*(?:[,;]\s*|:\s+|[—–]\s*|\s-{{1,2}}\s+)(?:{_JOINER})*|(?<=[.!?])\s+(?:{_JOINER})*|\s+(?:{_JOINER})+)"
    rf"(?=(?:{_FILLER})*(?:(?:{_SCOPE}|{_PLACE})\s*,?\s*(?:{_FILLER})*)?{_VERB})"
    rf"|(?:\s*,?\s+(?:{_JOINER})+|(?<=\?)\s+)(?=(?:{_FILLER})*{_QUESTION})",
    re.IGNORECASE,
)

# a joining word said between two parts ("... this week? Also list ...")
_JOINED_ON = re.compile(rf"\b(?:{any_phrase(_VERB_DATA['clause_joiners'])})\b", re.IGNORECASE)

# a part that starts with (polite words and) an order verb
_VERB_START = re.compile(rf"^\W*(?:{_FILLER})*{_VERB}", re.IGNORECASE)

# "user_X was a trial abuser: lock them, ...": a colon before an order ends the scene (never
# "abuser: lock" as a key and its value)
_COLON_ORDER = re.compile(rf"(?<=\w):\s+(?=(?:{_FILLER})*{_VERB})", re.IGNORECASE)

# More parts than this is pasted text, not a list of orders: it is planned whole (each part
# costs a plan or three, and planning time must stay linear in the request's length).
MAX_ORDERS = 8

# the values a later part may point back at ("add it to the blocklist")
_SAID_VALUE = re.compile(f"(?i:{URL.pattern})|{EMAIL.pattern}|{PHONE.pattern}")
_ANY_VALUE = re.compile(f"{_SAID_VALUE.pattern}|{CLERK_ID.pattern}")

PlanPiece = Callable[[str, list[Call]], "list[Call] | Clarification"]
# Do the part's own words (not what it carries from before) name the call's endpoint?
NamesCall = Callable[[str, Call], bool]


def order_spans(text: str) -> list[tuple[int, int, int]]:
    """(start, end, next_start) of each part that may be an order: `text[start:end]` is the
    part, `text[end:next_start]` the joiner after it. Words before the first order (the
    scene: "user_X's password leaked. Lock ...") belong to the first order."""
    spans: list[tuple[int, int, int]] = []
    start = 0
    phrases = lexicon.phrase_spans(text)  # (one outcome phrase is never cut in two)
    for match in _BOUNDARY.finditer(text):
        if match.start() <= start or _inside(match, phrases):
            continue
        spans.append((start, match.start(), match.end()))
        start = match.end()
    spans.append((start, len(text), len(text)))
    spans = [cut for span in spans for cut in _outcome_cut(text, span, phrases)]
    return _scenes_moved_on(text, _scene_joined(text, spans))


# a joining place with no order verb after it (those are boundaries already)
_JOINED = re.compile(rf"\s*[,;]\s*(?:{_JOINER})*|\s+(?:{_JOINER})+", re.IGNORECASE)
_PURPOSE_JOINERS = frozenset(_VERB_DATA["clause_purpose_joiners"])
_OUTCOME_WINDOW = 200  # an outcome phrase starts the part: read no further (linear time)
_MUST_BE_DONE = pattern("must-be-done")  # "he should be invited": an order said passively
_SUBJECT = re.compile(rf"^(?:{any_phrase(_VERB_DATA['clause_subjects'])})\s+")
# ("his address x@y must block": a subject that ends in a value, then a modal)
_VALUE_SUBJECT = re.compile(
    rf"^(?:\S+\s+){{0,4}}?(?:{_ANY_VALUE.pattern})\S*\s+"
    rf"(?:{any_phrase(_VERB_DATA['clause_modals'])})\s+(?={_VERB})",
    re.IGNORECASE,
)
# ("user_B must be inside of it": the value is the subject of a modal the language data then
# reads away, "user_B add to it"; the subject is left out of the order read)
_VALUES_LEAD = rf"^(?:\S+\s+){{0,4}}?(?:[(\[]?(?:{_ANY_VALUE.pattern})\S*\s+)+"
_LEADING_VALUE = re.compile(_VALUES_LEAD, re.IGNORECASE)
_VALUE_BEFORE_MODAL = re.compile(
    rf"{_VALUES_LEAD}(?=(?:{any_phrase(_VERB_DATA['clause_wanting_modals'])})\s)", re.IGNORECASE
)


def _outcome_cut(
    text: str, span: tuple[int, int, int], phrases: list[tuple[int, int]]
) -> list[tuple[int, int, int]]:
    """ "create a permission ..., and after that the role role_x must have this permission":
    a part joined on after an order, that says an outcome the language data reads as an
    order, is an order of its own."""
    start, end, after = span
    for match in _OUTCOME_JOINT.finditer(text, start, end):
        rest = text[match.end() : min(end, match.end() + _OUTCOME_WINDOW)]
        adds = set(re.findall(r"[a-z]+", match.group(0).lower())) - _PURPOSE_JOINERS
        new_sentence = match.group("sentence") is not None
        if not (adds or new_sentence) or match.start() <= start or _inside(match, phrases):
            continue  # (a bare comma lists; "so nobody can sign in" says what for)
        # ("..., also the email from disposable providers should be not accepted": an
        # outcome phrase the language data reads as an order, whatever its subject)
        outcome = is_order(_outcome_read(rest), CLAUSE_VERBS) or _starts_with_phrase(rest)
        if new_sentence and not match.group(0).strip():
            # (after a bare sentence end, only an order the reading makes, and never what a
            # "so ..." clause says: "..., so he has to pick a new one" says why)
            outcome = _orders_in_context(rest, purpose=False)
        elif new_sentence:
            # ("... he should be able to log in again. But his password leaked, so he must
            # be forced to change it": a sentence whose later clause the data reads as one)
            outcome = outcome or _orders_in_context(rest)
        if is_order(rest, CLAUSE_VERBS) or not outcome or _BARE_PREDICATE.match(rest):
            continue  # ("the invitation X, that he sent, also should not be valid": X's)
        if _gives(text[start : match.start()]) == "order":
            return [(start, match.start(), match.end()), (match.end(), end, after)]
    return [span]


# where an outcome part may start: a joint (",", "and also") or a new sentence
_CONTRAST = any_phrase(_VERB_DATA["clause_contrast_joiners"])
_OUTCOME_JOINT = re.compile(
    rf"(?P<sentence>(?<=[.!?])\s+(?:(?:{_CONTRAST})\b\s*|{_JOINER})*|\s*,\s*(?:{_CONTRAST})\s+)"
    rf"|{_JOINED.pattern}",
    re.IGNORECASE,
)
# a predicate whose subject was said before the comma: no order of its own
_BARE_PREDICATE = re.compile(
    rf"^\s*(?:(?:also|then|too)\s+)?(?:{any_phrase(_VERB_DATA['clause_wanting_modals'])})\s",
    re.IGNORECASE,
)
_CLAUSE_STOP = re.compile(rf"[,;.:]\s|\s(?:{_JOINER})")


def _starts_with_phrase(rest: str) -> bool:
    """Does an outcome phrase start in the part's own clause (before its next comma or
    joining word)? ("also the address x, and to it must arrive a code": the phrase is the
    next part's, never this one's)"""
    stop = _CLAUSE_STOP.search(rest)
    end = stop.start() if stop else len(rest)
    return any(start < end for start, _ in lexicon.phrase_spans(rest))


def _inside(boundary: re.Match[str], phrases: list[tuple[int, int]]) -> bool:
    return any(start < boundary.start() and boundary.end() < end for start, end in phrases)


def _scene_joined(text: str, spans: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """A part that gives no order is said about the next order (or, after the last, about
    the one before it); so is a question before an order ("is org_x paying us? show me
    their subscription": the order says how to answer it), unless a joining word adds the
    order to it ("how many signed up this week? Also list the newest five")."""
    kinds = [_gives(text[start:end]) for start, end, _ in spans]
    joined: list[tuple[int, int, int]] = []
    scene: int | None = None  # where the words before the first order start
    for number, (start, end, after) in enumerate(spans):
        leading_question = (
            kinds[number] == "question"
            and "order" in kinds[number + 1 :]
            and not _JOINED_ON.search(text[end:after])
        )
        if kinds[number] and not (leading_question and not joined):
            joined.append((start if scene is None else scene, end, after))
            scene = None
        elif joined:
            joined[-1] = (joined[-1][0], end, after)
        elif scene is None:
            scene = start
    return joined or [(0, len(text), len(text))]


# where a sentence starts inside a part ("... unban them. And user_B is locked out, ...")
_SENTENCE_START = re.compile(r"(?<=[.!?;])\s+|\n+")


def _scenes_moved_on(text: str, spans: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """ "unban user_A. And user_B is locked out, unlock them": sentences after an order
    that give none and name a value of their own set the scene of the NEXT order (whom
    "them" means), not the one before."""
    moved = list(spans)
    for number in range(1, len(moved)):
        start, end, _ = moved[number - 1]
        cut = _scene_after_order(text, start, end)
        if cut is not None:
            moved[number - 1] = (start, cut[0], cut[1])
            moved[number] = (cut[1], *moved[number][1:])
    return moved


def _scene_after_order(text: str, start: int, end: int) -> tuple[int, int] | None:
    """(where the order part ends, where its trailing scene starts), if it has one. (The
    part gives an order, so a trailing scene leaves it before the tail.)"""
    for boundary in _SENTENCE_START.finditer(text, start, end):
        tail = text[boundary.end() : end]
        # ("I'm user_X, an admin there, log it as me": who acts holds for every order)
        if _ANY_VALUE.search(SELF_ID.sub(" ", tail)) and not _gives(tail):
            return boundary.start(), boundary.end()
    return None


_SCOPE_LEAD = re.compile(
    rf"^\W*{_SCOPE}\s*[,:]?\s*",
    re.IGNORECASE,
)

_FILLER_LEAD = re.compile(rf"^\W*(?:{_FILLER})+", re.IGNORECASE)
_PLACE_LEAD = re.compile(rf"^\W*{_PLACE}\s*,?\s*(?={_VERB})", re.IGNORECASE)


def _gives(part: str) -> str:
    """'order', 'question' or '' (a scene): what a part asks for. ("in org_x promote A"
    gives an order: where it acts is said first.)"""
    said = sentences(_FILLER_LEAD.sub("", _PLACE_LEAD.sub("", _SCOPE_LEAD.sub("", part))))
    # ("we need a new permission ...": an order once its wording is read, "create a new")
    if any(_orders(s) and not s.rstrip().endswith("?") for s in said):
        return "order"
    if _orders_in_context(part):
        return "order"
    # ("billing question from user_x: what plan are they on": asked after a label)
    asked = [p for s in said for p in re.split(r":\s+", s)]
    return "question" if any(is_order(p, _QUESTIONS) for p in asked) else ""


def _orders(sentence: str) -> bool:
    if is_order(sentence, CLAUSE_VERBS):
        return True
    # ("the old key ak_x, no one should be able to use it more": read "..., revoke it", an
    # order after the comma that names what it acts on)
    return any(is_order(p, CLAUSE_VERBS) for p in _COMMA.split(_outcome_read(sentence)))


_COMMA = re.compile(r"[,;:]\s+")
_PIECE = re.compile(r"[.;!?,:]\s+")
_MODAL_LEAD = re.compile(rf"^(?:{any_phrase(_VERB_DATA['clause_wanting_modals'])})\s+")


def _orders_in_context(part: str, purpose: bool = True) -> bool:
    """ "user_x was blocked by mistake. He should be able to enter again": an outcome the
    language data reads as an order only with the sentences around it ("unban"). Without
    `purpose`, what a clause of purpose says ("so he has to ...") is no order."""
    if "?" in part:
        return False
    read = lexicon.rewrite(part.lower())
    pieces = [p for p in _PIECE.split(read) if purpose or not _PURPOSE_LEAD.match(p)]
    if any(_wanted_order(piece) for piece in pieces):
        return True
    # ("on next login she is obliged to change it" reads "she set compromised password": a
    # person and an order verb the reading made, where the words said none)
    made = sum(len(_SUBJECT_DOES.findall(piece)) for piece in pieces)
    return made > len(_SUBJECT_DOES.findall(part.lower()))


def _wanted_order(piece: str) -> bool:
    """ "please he should unlock", "so on next login he must set compromised password", "it
    must be deleted": an order, once read, said as what must be done to someone or something
    (never words the reading only left behind: "not a ban" is no order to ban)."""
    if _SUBJECT_MUST.search(piece):
        return True
    said = _FILLER_LEAD.sub("", piece).strip()
    return bool(_SUBJECT_MODAL.match(said)) and is_order(_outcome_read(said), CLAUSE_VERBS)


_PURPOSE_LEAD = re.compile(rf"^\W*(?:{any_phrase(sorted(_PURPOSE_JOINERS))})\b", re.IGNORECASE)
_SUBJECTS = any_phrase(_VERB_DATA["clause_subjects"])
_WANTING = any_phrase(_VERB_DATA["clause_wanting_modals"])
_SUBJECT_DOES = re.compile(rf"\b(?:{_SUBJECTS})\s+{_VERB}", re.IGNORECASE)
_SUBJECT_MODAL = re.compile(rf"(?:{_SUBJECTS})\s+(?:{_WANTING})\s", re.IGNORECASE)
_SUBJECT_MUST = re.compile(rf"\b(?:{_SUBJECTS})\s+(?:{_WANTING})\s+{_VERB}", re.IGNORECASE)


def _outcome_read(part: str) -> str:
    """The part as the language data reads it, without the person it is about ("he must be
    out of org_x" reads "remove from org_x"; "he should be invited" reads "invite")."""
    said = _VALUE_SUBJECT.sub("", _SUBJECT.sub("", lexicon.rewrite(part.lower()).lstrip()))
    if _VALUE_BEFORE_MODAL.match(part.lstrip()) and not is_order(said, CLAUSE_VERBS):
        said = _LEADING_VALUE.sub("", said, count=1)  # ("give the role role_x ..." stays)
    done = _MUST_BE_DONE.search(said)
    if done is not None and len(said[: done.start()].split()) > _DONE_SUBJECT_WORDS:
        done = None  # ("the user that we invited last week must be ...": no order read)
    verb = _verb_of(done.group(1).split()[0]) if done else None
    # ("his name must be corrected to ...": "correct his name to ...", the object kept)
    return f"{verb} {said[: done.start()]}{said[done.end() :]}" if done and verb else said


_DONE_SUBJECT_WORDS = 3  # a short subject ("his name", "the old logo") before "must be ...ed"


@functools.lru_cache(maxsize=256)
def _verb_of(participle: str) -> str | None:
    """ "invited" -> "invite": the order verb the participle comes from."""
    stem = lexicon.stem(participle)
    return next((v for v in sorted(CLAUSE_VERBS) if lexicon.stem(v) == stem), None)


def plan_orders(
    text: str, before: list[Call], plan_piece: PlanPiece, names_call: NamesCall
) -> list[Call] | Clarification:
    """The steps of one clause: its orders planned one by one where they are separate
    orders, as one where the later part only describes the same call; a last part that
    says the order again for another value ("..., and URL_B as well") repeats its call."""
    gapped = gapped_tail(text, _VERB_START)
    if gapped is not None:
        planned = _plan_orders(gapped[0], before, plan_piece, names_call)
        again = said_again(planned[-1], gapped[1]) if isinstance(planned, list) and planned else []
        if again and not any(call in planned for call in again):
            return planned + again
    return _plan_orders(text, before, plan_piece, names_call)


def _plan_orders(
    text: str, before: list[Call], plan_piece: PlanPiece, names_call: NamesCall
) -> list[Call] | Clarification:
    text = ordinals_named(verb_said_again(relative_orders(things_named(text, before))))
    text = nouned_objects(verbs_sharing_object(text))
    spans = order_spans(text)
    if len(spans) > MAX_ORDERS:
        return plan_piece(text, before)
    if len(spans) > 1:
        text = _COLON_ORDER.sub(". ", text)
        spans = order_spans(text)
    start, end, _ = spans[0]
    current = plan_piece(text[start:end], before)
    if isinstance(current, Clarification) and len(spans) > 1:
        joint = text[end : spans[0][2]]
        current = _with_id_said_after(
            text[start:end], joint, text[end:], before, current, plan_piece
        )
    done: list[Call] = []
    index = 1
    while index < len(spans):
        next_start, next_end, _ = spans[index]
        index += 1
        if isinstance(current, list) and current:
            piece = things_named(text[next_start:next_end], before + done + current)
            piece = same_value_again(in_scope_said_first(text, piece), text[:next_start])
            following = _on_its_own(piece, before + done + current, plan_piece, names_call)
            if isinstance(following, Clarification):
                so_far, said_before = before + done + current, text[:next_start]
                retried = _with_value_said(piece, said_before, so_far)
                retried = with_id_said(retried, said_before, so_far, following)
                following = _on_its_own(retried, so_far, plan_piece, names_call)
            own_value = _ANY_VALUE.search(text, next_start, next_end)
            if isinstance(following, Clarification) and own_value and index < len(spans):
                # ("...; on org_B wipe the private metadata and replace it with just x=1": a
                # part on a thing of its own that asks for what the next part says is one
                # order with it; "..., and revoke all their sessions" describes the last)
                ahead = _with_next(text, next_start, spans[index][1], before + done + current)
                joined = _on_its_own(ahead, before + done + current, plan_piece, names_call)
                if isinstance(joined, list) and joined and not all(c in current for c in joined):
                    piece, following, next_end = ahead, joined, spans[index][1]
                    index += 1
            if isinstance(following, list) and following and all(c in current for c in following):
                current = _orders_alone(text[start:next_start], current, before + done, plan_piece)
            together = functools.partial(plan_piece, text[start:next_end], before + done)
            if _dropped_change(piece, current, following, together):
                return following  # an order to change that cannot be planned is asked about
            if (
                _two_questions(piece, current, following) or _separate(current, following, together)
            ) and not _describes_new(piece, following, current):
                done += current
                start, current = next_start, following
                continue
        current = _planned_with_said(text[start:next_end], text[:start], before + done, plan_piece)
    return current if isinstance(current, Clarification) else done + current


def repeated_order(piece: str, current: list[Call]) -> list[Call]:
    """ "then do the same for user_B": the last order's call again, for the new target
    (its lookup, if any, stays the earlier one's: the repeated call is the acting one)."""
    acting = [call for call in current if not lookup_kind(call)]
    if not acting or len(order_spans(piece)) > 1:
        return []  # (a part with more orders after the repeat is planned as before)
    again = done_again(acting[-1], piece)
    return [again] if again is not None else []


def _with_next(text: str, start: int, end: int, before: list[Call]) -> str:
    """The part from `start` joined with the next one, as _plan_orders reads a part."""
    piece = things_named(text[start:end], before)
    return same_value_again(in_scope_said_first(text, piece), text[:start])


def _planned_with_said(
    part: str, said_before: str, before: list[Call], plan_piece: PlanPiece
) -> list[Call] | Clarification:
    """The part's plan; when it asks for a value or id the text said before ("put the
    number on the allow-list, and notify them"), planned again with it."""
    planned = plan_piece(part, before)
    if not isinstance(planned, Clarification):
        return planned
    return replanned_with_said(part, said_before, before, planned, plan_piece)


def replanned_with_said(
    part: str, said_before: str, before: list[Call], asked: Clarification, plan_piece: PlanPiece
) -> list[Call] | Clarification:
    """A part that asked for a value or an id of a kind, planned again with the one the text
    said before and no step used yet; the question stands when that plans nothing."""
    retried = with_id_said(_with_value_said(part, said_before, before), said_before, before, asked)
    if retried == part:
        return asked
    again = plan_piece(retried, before)
    return again if isinstance(again, list) and again else asked


_AND_ITS_DATA = _VERB_DATA["clause_and_its"]
_AND_ITS = re.compile(
    rf"(?<=\w)\s*,?\s+(?:{any_phrase(_AND_ITS_DATA['joiners'])})\s+"
    rf"(?=(?:{any_phrase(_AND_ITS_DATA['possessives'])})\s+\w)",
    re.IGNORECASE,
)
_FIRST_VERB = re.compile(rf"\b{_VERB}", re.IGNORECASE)
_NAMED_OBJECT = re.compile(r"\s+(?:up\s+)?the\s+\w+(?:\s+\w+)?", re.IGNORECASE)
_OWNED_OBJECT = re.compile(
    rf"\s+(?:up\s+)?(?:{any_phrase(_AND_ITS_DATA['possessives'])})\s+\w", re.IGNORECASE
)
_AND_THE_OF_IT = pattern("and-the-thing-of-it")


def verb_said_again(text: str) -> str:
    """ "fetch org_x and its pending invitations" -> "fetch org_x, and fetch its pending
    invitations": a second object that is the first one's (right after a value) gets the
    verb said before, so it may be planned as an order of its own (whether it is, the
    plans decide)."""
    joints = sorted(
        [*_AND_ITS.finditer(text), *_AND_THE_OF_IT.finditer(text)], key=lambda m: m.start()
    )
    for joint in joints:
        value = _ANY_VALUE.search(text[: joint.start()].rsplit(None, 1)[-1])
        verb = _FIRST_VERB.search(text, 0, joint.start())
        # ("pull its subscription and its credit balance": the first object is one too)
        owned = verb and _OWNED_OBJECT.match(text, verb.end()) and joint.re is _AND_ITS
        # ("pull the statement and all the payment attempts on it": a thing named before)
        named = (
            verb
            and joint.re is _AND_THE_OF_IT
            and _NAMED_OBJECT.fullmatch(text, verb.end(), joint.start())
        )
        if value or owned or named:
            # ("finance wants stmt_x plus every payment attempt made against it": no verb
            # said, so it is a read)
            said = f", and {verb.group(0).lower() if verb else _AND_ITS_DATA['read_verb']} "
            return f"{text[: joint.start()]}{said}{verb_said_again(text[joint.end() :])}"
    return text


_SHARED = _VERB_DATA["clause_shared_object"]
_SHARED_VERB = rf"(?:{any_phrase(_SHARED['verbs'])})"
_SHARED_OBJECT = re.compile(
    rf"\b(?P<first>{_SHARED_VERB})\s*,?\s+(?:{any_phrase(_SHARED['joiners'])})\s+"
    rf"(?P<second>{_SHARED_VERB})\s+(?P<object>[^.;!?\n]*?(?:{_ANY_VALUE.pattern})[^\s.;!?]*)",
    re.IGNORECASE,
)


def verbs_sharing_object(text: str) -> str:
    """ "unban and unlock user_x" -> "unban user_x, and unlock user_x": two verbs said
    before one object (a value ends it) are two orders on it."""
    found = _SHARED_OBJECT.search(text)
    if found is None or found.group("first").lower() == found.group("second").lower():
        return text
    first, second, thing = found.group("first", "second", "object")
    said = f"{first} {thing}, and {second} {thing}"
    return f"{text[: found.start()]}{said}{verbs_sharing_object(text[found.end() :])}"


_NOUNED = _VERB_DATA["clause_nouned"]
_NOUN = r"(?:[a-z][\w-]*\s+){1,3}"
_AND_NOUNED = re.compile(
    rf"(?P<first>\b{_NOUN})(?P<one>{CLERK_ID.pattern})\s*,?\s+(?:{any_phrase(_AND_ITS_DATA['joiners'])})"
    rf"\s+(?P<prep>(?:{any_phrase(_NOUNED['prepositions'])})\s+)?"
    rf"(?:(?:{any_phrase(_NOUNED['determiners'])})\s+)?(?P<second>{_NOUN})"
    rf"(?P<other>{CLERK_ID.pattern})",
    re.IGNORECASE,
)


_NOT_NOUNS = frozenset(w.lower() for w in _NOUNED["prepositions"] + _NOUNED["determiners"])
_LAST_PREPOSITION = re.compile(
    rf"(?:\s*\b(?:{any_phrase(_NOUNED['prepositions'] + _NOUNED['determiners'])})\b)+\s*$",
    re.IGNORECASE,
)


def nouned_objects(text: str) -> str:
    """ "delete the email address idn_A and the passkey idn_B" -> "... idn_A, and delete
    the passkey idn_B": two ids of one kind, each said with a noun of its own, are two
    objects of the verb said before (the plans decide whether they are two orders)."""
    for found in _AND_NOUNED.finditer(text):
        one, other = found.group("one"), found.group("other")
        first, second = found.group("first"), found.group("second")
        nouns = _nouns(first), _nouns(second)
        if _starts_with_verb(second):
            continue  # ("reject wle_A, and delete wle_B": each object has its own verb)
        verb = _FIRST_VERB.search(text, 0, found.start("one"))
        if _kind(one) != _kind(other):
            deleted = _two_deleted(text, found, verb)
            if deleted is not None:
                return deleted
            continue
        if not all(nouns) or nouns[0] & nouns[1]:
            continue  # (each object needs a noun of its own: "for A and for B" is one list)
        if verb is None or verb.start() >= found.end("first"):
            continue
        if verb.start() >= found.start("first"):  # ("delete email address idn_A and ...")
            if not _nouns(text[verb.end() : found.start("one")]):
                continue  # (the verb's own object needs a noun too)
            rest = nouned_objects(text[found.start("second") :])
            return f"{text[: found.end('one')]}, and {verb.group(0)} {rest}"
        replaced = _one_again(text, verb.start(), found)
        if replaced is not None:
            rest = nouned_objects(text[found.start("other") :])
            return f"{text[: found.end('one')]}, and {replaced}{rest}"
        # (the order up to its first noun is said again, "send a code to the", less its
        # preposition when the second object brings its own: "..., and to phone idn_B")
        said = text[verb.start() : _noun_start(found)]
        again = found.start("prep") if found.group("prep") else found.start("second")
        if found.group("prep"):
            said = _LAST_PREPOSITION.sub(" ", said)
        return f"{text[: found.end('one')]}, and {said}{nouned_objects(text[again:])}"
    return text


_ONE = re.compile(
    rf"^(?P<mark>(?:[\w-]+\s+){{1,2}}?)(?:{any_phrase(_NOUNED['pronouns'])})\s+(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_DETERMINED = re.compile(
    rf"^\s*(?P<det>(?:{any_phrase(_NOUNED['determiners'])})\s+)(?P<mark>[\w-]+)\s+(?P<noun>.+?)"
    rf"(?P<prep>\s+(?:{any_phrase(_NOUNED['prepositions'])}))?\s*$",
    re.IGNORECASE | re.DOTALL,
)


def _two_deleted(text: str, found: re.Match[str], verb: re.Match[str] | None) -> str | None:
    """ "delete org role rol_A and org permission perm_B", "permanently delete user user_A
    and the organization org_B": two things of two kinds after one deleting verb are two
    deletions, never the one call that takes both ids (the role's permission, the user's
    membership). Other orders on two kinds may be one call ("add user_A to org_B")."""
    # (the verb as the language data reads it with what follows: "take down the logo")
    said = text[verb.start() : found.start("one")].lower() if verb else ""
    if verb is None or intents(lexicon.rewrite(said))[:1] != ["DELETE"]:
        return None
    second = found.group("second")
    if not _nouns(second) or _ANY_VALUE.search(second):
        return None  # (the second thing needs a noun of its own: "and org_B" may be where)
    rest = nouned_objects(text[found.start("other") :])
    return f"{text[: found.end('one')]}, and {verb.group(0)} {found.group('second')}{rest}"


def _one_again(text: str, verb_at: int, found: re.Match[str]) -> str | None:
    """ "get the GitHub token for user_A, and the Slack one for user_B": the second object
    is the first one's noun with its first word said anew ("get the Slack token for ").
    None unless the second object is "<word> one"."""
    one = _ONE.match(found.group("second"))
    verb = _FIRST_VERB.match(text, verb_at)
    first = _DETERMINED.match(text[verb.end() : found.start("one")]) if verb else None
    if one is None or first is None or verb is None:
        return None
    said = f"{verb.group(0)} {first.group('det')}{one.group('mark')}{first.group('noun')} "
    return f"{said}{one.group('rest')}"


def _noun_start(found: re.Match[str]) -> int:
    """Where the first object's noun starts: after the words that only lead to it."""
    start = found.start("first")
    for word in re.finditer(r"\S+\s+", found.group("first")):
        if word.group(0).strip().lower() not in _NOT_NOUNS:
            return start + word.start()
    return found.start("one")


def _starts_with_verb(words: str) -> bool:
    said = re.findall(r"[A-Za-z']+", words)
    return bool(said) and said[0].lower() in CLAUSE_VERBS


def _nouns(said: str) -> set[str]:
    return set(lexicon.tokens(lexicon.rewrite(said.lower()))) - lexicon.GENERIC_VERBS


_RELATIVE = pattern("relative-order")


def relative_orders(text: str) -> str:
    """ "They belong to user_X, who should also be locked until ..." -> "They belong to
    user_X. Also lock user_X until ...": an order said in a relative clause of the id before
    it, as an order of its own (when the done word is an order verb's: locked -> lock)."""
    for named in CLERK_ID.finditer(text):
        said = _RELATIVE.match(text, named.end())
        verb = said and _verb_of(said.group("done").lower())
        if said and verb:
            rest = relative_orders(text[said.end() :])
            return f"{text[: named.end()]}. Also {verb} {named.group(0)}{rest}"
    return text


def _verb_of(done: str) -> str | None:
    """The order verb whose past participle `done` is: locked -> lock, banned -> ban."""
    for verb in sorted(CLAUSE_VERBS):
        forms = {verb + "ed", verb + "d", verb + verb[-1:] + "ed", verb[:-1] + "ied"}
        if done in forms:
            return verb
    return None


_ORDINAL = pattern("ordinal-of-named")
_POSITIONS = {**dict(words("ordinals")), **dict(words("ordinals-of-two"))}


def ordinals_named(text: str) -> str:
    """ "from org_A to org_B: remove them from the first and add them to the second": an
    ordinal standing alone is the id at that place among the ids of one kind said before
    it (when exactly one kind has several)."""
    for said in reversed(list(_ORDINAL.finditer(text))):
        ids = list(dict.fromkeys(m.group(0) for m in CLERK_ID.finditer(text, 0, said.start())))
        kinds = {_kind(i) for i in ids}
        several = [k for k in kinds if sum(_kind(i) == k for i in ids) > 1]
        if len(several) != 1:
            continue
        named = [i for i in ids if _kind(i) == several[0]]
        position = _POSITIONS[said.group("ordinal").lower()]
        if -len(named) <= position < len(named):
            text = f"{text[: said.start()]}{named[position]}{text[said.end() :]}"
    return text


def _on_its_own(
    piece: str, before: list[Call], plan_piece: PlanPiece, names_call: NamesCall
) -> list[Call] | Clarification:
    """A later part's plan when it stands as an order of its own, else no calls
    ("...; drop every other key" names nothing its plan would do)."""
    planned = plan_piece(piece, before)
    if not isinstance(planned, list):
        return planned
    # (a lookup it makes first, GET /users?email_address=..., finds whom the order acts on)
    acting = [call for call in planned if not lookup_kind(call)]
    return planned if acting and all(names_call(piece, call) for call in acting) else []


_SAME = re.compile(rf"\b(?:{any_phrase(_VERB_DATA['clause_same'])})\b", re.IGNORECASE)


def same_value_again(piece: str, said_before: str) -> str:
    """ "add a satellite domain behind proxy URL_A, then run a proxy check with that same
    proxy URL": a part that names no address of its own but says "the same" takes the
    latest one said before (sent already or not)."""
    if not _SAME.search(piece) or _SAID_VALUE.search(piece):
        return piece
    said = [v.group(0) for v in _SAID_VALUE.finditer(said_before)]
    return f"{piece} {said[-1]}" if said else piece


_VALUE_NOUN = re.compile(rf"\b(?:{any_phrase(_VERB_DATA['clause_value_nouns'])})\b", re.IGNORECASE)


def _with_value_said(piece: str, said_before: str, steps: list[Call]) -> str:
    """ "remove a@x.io from the allowlist (it's alid_x) and add it to the blocklist": a part
    that points back and names no value of its own takes the address the text said before
    (latest first) when no step sent it: the step acted on its id."""
    points = pointed_at(piece, {"thing": "", "user": ""}) or _VALUE_NOUN.search(piece)
    if not points or _SAID_VALUE.search(piece):
        return piece
    if CLERK_ID.search(piece):
        return piece
    sent = set(carried_values(steps))
    unsent = [v.group(0) for v in _SAID_VALUE.finditer(said_before) if v.group(0) not in sent]
    return f"{piece} {unsent[-1]}" if unsent else piece


def _orders_alone(
    part: str, current: list[Call], before: list[Call], plan_piece: PlanPiece
) -> list[Call]:
    """ "Customer disputes stmt_x. Pull the statement and all the payment attempts on it":
    when the next order only says again what this part planned, this part listened to its
    scene (disputes -> payment attempts); its orders are planned alone."""
    orders = orders_without_scene(part)
    again = plan_piece(orders, before) if orders else None
    return again if isinstance(again, list) and len(again) == len(current) else current


def orders_without_scene(part: str) -> str | None:
    """The part's orders without the sentences that only set the scene, keeping the values
    the scene said ("customer disputes stmt_x. Pull the statement" -> "Pull the statement
    stmt_x"); None when the part has no scene."""
    orders, scene = split_focus(part)
    if not scene:
        return None
    said = " ".join(v.group(0) for v in _ANY_VALUE.finditer(scene) if v.group(0) not in orders)
    return f"{orders} {said}".strip()


def in_scope_said_first(text: str, piece: str) -> str:
    """ "In org_A: remove the logo, demote user_B to org:member": where the clause says it
    acts, before its first order, holds for every later order that names no other place of
    that kind (user_B's membership of org_A, not user_B's account)."""
    lead = _SCOPE_LEAD.match(text)
    scope = CLERK_ID.search(lead.group(0)) if lead else None
    if lead is None or scope is None or lead.group(0) in piece:
        return piece
    if any(_kind(i.group(0)) == _kind(scope.group(0)) for i in CLERK_ID.finditer(piece)):
        return piece
    return f"{lead.group(0).strip()} {piece}"


def with_id_said(piece: str, said_before: str, steps: list[Call], asked: Clarification) -> str:
    """ "user_A posted spam from sess_B. Ban the account, kill that session": a part that
    names no id of the kind it is asked for takes the latest id of that kind the text said
    before and no step acted on yet ("from user_A: delete email idn_A and passkey idn_B")."""
    wanted = _id_kind_of(asked.field, "") if asked.field else None
    if not wanted or any(_kind(i.group(0)) == wanted for i in CLERK_ID.finditer(piece)):
        return piece
    sent = " ".join(str(call.to_json()) for call in steps)
    said = [i.group(0) for i in CLERK_ID.finditer(said_before) if i.group(0) not in sent]
    fitting = [i for i in said if wanted and _kind(i) == wanted]
    return f"{piece} {fitting[-1]}" if fitting else piece


def _with_id_said_after(
    piece: str,
    joint: str,
    after: str,
    before: list[Call],
    asked: Clarification,
    plan_piece: PlanPiece,
) -> list[Call] | Clarification:
    """ "remove the TOTP, and remove the backup codes of user_A": a first order that asks
    for an id of a kind the later parts name just one of (user_A) acts on that one too."""
    wanted = _id_kind_of(asked.field, "") if asked.field else None
    if not wanted or any(_kind(i.group(0)) == wanted for i in CLERK_ID.finditer(piece)):
        return asked
    if not _JOINED_ON.search(joint):
        return asked  # (a heading, "Sign-in tokens" on a line of its own, orders nothing)
    later = {i.group(0) for i in CLERK_ID.finditer(after) if _kind(i.group(0)) == wanted}
    if len(later) != 1:
        return asked  # (two users said later: which one is meant is a question)
    again = plan_piece(f"{piece} {later.pop()}", before)
    return again if isinstance(again, list) and again else asked


def _dropped_change(
    piece: str, current: list[Call], following: Any, together: Callable[[], Any]
) -> bool:
    """ "show sign-up X and set its external_id to Y", where the second part cannot be
    planned: after reads, planned together, the parts are just the reads, so the order to
    change would vanish without a word. Its question is the honest answer."""
    if not isinstance(following, Clarification) or not orders_a_change(piece):
        return False
    if any(call.method != "GET" for call in current):
        return False  # "overwrite ... ; drop every other key" describes the write before
    joint = together()
    if not isinstance(joint, list) or len(joint) != len(current):
        return False
    return all(
        (j.method, j.path) == (c.method, c.path) and _values(j) == _values(c)
        for j, c in zip(joint, current, strict=True)
    )


_ASKS = re.compile(rf"^\W*(?:{_FILLER})*{_QUESTION}", re.IGNORECASE)


def _two_questions(piece: str, current: list[Call], following: Any) -> bool:
    """ "how many users match globex.com, and how many were created since May?": a second
    question that reads the same endpoint by filters of its own is a read of its own, never
    one read by both filters."""
    if not _ASKS.match(piece) or not isinstance(following, list) or len(following) != 1:
        return False
    if len(current) != 1 or {current[0].method, following[0].method} != {"GET"}:
        return False
    mine, theirs = set(following[0].query), set(current[0].query)
    return current[0].path == following[0].path and bool(mine) and not mine & theirs


def _separate(
    current: list[Call], following: list[Call] | Clarification, together: Callable[[], Any]
) -> bool:
    """Is the following part an order of its own, given what the current one plans?"""
    if not isinstance(following, list) or not following:
        return False
    if all(call in current for call in following):
        return False  # said twice
    if _made_again_of_another(current[-1], following[0]):
        return True  # ("add redirect URL A; add URL B": two made, each with its own value)
    if _restates(current[-1], following[0]):
        return False
    if _acts_on_another(current[-1], following[0]):
        return True  # "rename org_A ..., and change the slug of org_B": one call each
    if following[0].method == "DELETE" and all(c.method != "DELETE" for c in current):
        return True  # ("describe ak_A ..., and delete ak_B": a deletion is no detail of it)
    if following[0].method == current[-1].method == "DELETE":
        return True  # ("delete role rol_A, and delete permission perm_B": two deletions)
    reads = current[-1].method == following[0].method == "GET"
    if reads and current[-1].path != following[0].path and not lookup_kind(current[-1]):
        return True  # ("pull up the statement, and pull the payment attempts on it")
    if lookup_kind(current[-1]) and _FOUND.search(str(following[0].to_json())):
        return True  # ("find the waitlist entry for x and reject it": acts on what it found)
    joint = together()
    if not isinstance(joint, list):
        return True
    return not (_takes_more(joint, current) or _one_call_of_both(joint, current, following))


def _made_again_of_another(last: Call, following: Call) -> bool:
    """The same creation (method and path) sent again with the same fields set to other
    values: a second thing made, never a detail of the first."""
    same = last.method == following.method == "POST" and last.path == following.path
    bodies = [c.body for c in (last, following)]
    if not same or not all(isinstance(b, dict) and b for b in bodies):
        return False
    first, second = bodies[0], bodies[1]
    return set(first) == set(second) and first != second and not last.path_params


_NEW_THING = re.compile(r"\{\{\d+\.id\}\}")
_FOUND = re.compile(r"\{\{\d+\.0\.id\}\}")


def _describes_new(piece: str, following: list[Call], current: list[Call]) -> bool:
    """ "add +44... to user_x and make it their 2FA number": a change said of what the order
    before creates describes that creation; it is no order of its own. (So is a change
    that sends again the very address the order before created.)"""
    wanted = intents(lexicon.rewrite(piece.lower()))
    changes = bool(wanted) and wanted[0] in ("PATCH", "PUT")
    created = {
        v for call in current if created_prefix(call.method, call.path) for v in _values_sent(call)
    }
    return changes and any(
        call.method in ("PATCH", "PUT")
        and (_NEW_THING.search(str(call.to_json())) or created & set(_values_sent(call)))
        for call in following
    )


def _acts_on_another(current: Call, following: Call) -> bool:
    """The same endpoint on another target of its own: no one call can do both."""
    same = (current.method, current.path) == (following.method, following.path)
    mine, theirs = current.path_params, following.path_params
    return same and bool(theirs) and all(mine.get(k) not in (None, v) for k, v in theirs.items())


def _restates(current: Call, following: Call) -> bool:
    """The same endpoint on the same target: the follow-on says more about the same call."""
    same = (current.method, current.path) == (following.method, following.path)
    return same and current.path_params == following.path_params


def merged_with_last(steps: list[Call], following: list[Call]) -> tuple[list[Call], list[Call]]:
    """ "make a sign-in token for user_A that expires in 15 minutes, then drops them into
    org_B": a later clause's first call that is the last step again (same endpoint and
    target, no value said otherwise) with more values is that step said more fully: one
    call. ("create user a@x.io, then user b@x.io" says another email: two.)"""
    if not steps or not following or not _restates(steps[-1], following[0]):
        return steps, following
    if "{{" in str([call.to_json() for call in following[1:]]):
        return steps, following  # (they count steps with the one merged away)
    earlier, later = _params(steps[-1]), _params(following[0])
    shared = set(earlier) & set(later)
    if not shared or any(earlier[k] != later[k] for k in shared) or set(later) <= set(earlier):
        return steps, following
    body = {**_body(steps[-1]), **_body(following[0])}
    merged = replace(
        steps[-1],
        query={**steps[-1].query, **following[0].query},
        body=body if steps[-1].body is not None or body else None,
    )
    return [*steps[:-1], merged], following[1:]


def _body(call: Call) -> dict[str, Any]:
    return call.body if isinstance(call.body, dict) else {}


def _takes_more(joint: list[Call], current: list[Call]) -> bool:
    """Planned together, the parts are the current calls with more values: one call."""
    if [(c.method, c.path) for c in joint] != [(c.method, c.path) for c in current]:
        return False
    return any(_values(j) > _values(c) for j, c in zip(joint, current, strict=True))


def _one_call_of_both(joint: list[Call], current: list[Call], following: list[Call]) -> bool:
    """Planned together, one call that sends more than either part alone: "set the
    password to X and sign them out of other sessions" is one update of the user. (Two
    questions stay two reads: "list this week's sign-ups and tell me how many are banned"
    is no count of this week's banned users.)"""
    if len(joint) != 1 or len(current) != 1 or joint[0].method == "GET":
        return False
    return _values(joint[0]) > _values(current[0]) and _values(joint[0]) > _values(following[0])


def _values(call: Call) -> set[str]:
    body = call.body if isinstance(call.body, dict) else {}
    return {*call.path_params, *call.query, *body}


_READS = re.compile(rf"\b(?:{any_phrase(_VERB_DATA['clause_reads'])})\b", re.IGNORECASE)


def orders_a_change(piece: str) -> bool:
    """Does the part's first order verb ask for a change ("kick", "put", "flag"), not a
    read ("show", "give me")?"""
    wanted = intents(lexicon.rewrite(piece.lower()))
    return bool(wanted) and wanted[0] != "GET" and not _READS.search(piece)


# --------------------------------------------------------------------------- carried targets


def carried(steps: list[Call], own_ids: tuple[str, ...] | list[str] = ()) -> dict[str, str]:
    """What a later order may act on, by id prefix: the ids earlier steps named (the latest
    of each kind), what they create (`{{N.id}}`) and the user a lookup finds (`{{N.0.id}}`).

    An order that names its own id (`own_ids`; the speaker's is not one) replaces that
    one of an earlier call's and keeps only what contains it: after "remove perm_A from
    role_A", "delete role_B" carries no permission, while after "In org_A: remove user_A",
    "promote user_B" still acts in org_A.
    """
    own = {_kind(i) for i in own_ids}
    found: dict[str, str] = {}
    lookups: dict[str, str] = {}
    for number, call in enumerate(steps, 1):
        found.update(_named_ids(call, own))
        found.update(_fetched_by_name(call, number))
        gone = _deleted_kind(call)
        if gone is not None:
            found.pop(gone, None)  # ("delete role rol_A, and delete permission perm_B")
        made = created_prefix(call.method, call.path)
        if made:
            found[made] = f"{{{{{number}.id}}}}"
            found[f"{THING_MADE}{found[made]}"] = _singular(call.path.rstrip("/").split("/")[-1])
        found.update(_name_made(call))
        found_kind = lookup_kind(call)
        if found_kind:
            lookups[found_kind] = f"{{{{{number}.0.id}}}}"
    return {**found, **lookups}


def _fetched_by_name(call: Call, number: int) -> dict[str, str]:
    """ "look up the organization with the slug acme, and invite x@y.io into it": a read of
    one thing by a name that is no id (a slug) names it for later orders by what it
    returns, `{{N.id}}`."""
    if call.method != "GET" or len(call.path_params) != 1:
        return {}
    ((name, value),) = call.path_params.items()
    subject = name.removesuffix("_id")
    if subject == name or not isinstance(value, str) or CLERK_ID.fullmatch(value) or "{{" in value:
        return {}
    kind = next((k for k, nouns in lexicon.ID_KINDS.items() if subject in nouns), None)
    return {kind: f"{{{{{number}.id}}}}"} if kind else {}


def _deleted_kind(call: Call) -> str | None:
    """The kind of thing a call deletes outright (DELETE /organization_roles/{id}: a role),
    which no later order can act on; None for what it only unlinks (a membership)."""
    if call.method != "DELETE" or not call.path.endswith("}"):
        return None
    collection, last = call.path.rsplit("/", 1)
    if "{" in collection:
        return None  # (a role's permission unlinked: the permission is still there)
    kind = _id_kind_of(last.strip("{}"), call.path_params.get(last.strip("{}")))
    made = created_prefix("POST", collection)
    same = kind is not None and made is not None
    return kind if same and lexicon.ID_KINDS.get(kind) == lexicon.ID_KINDS.get(made) else None


def _name_made(call: Call) -> dict[str, str]:
    """POST /jwt_templates {"name": "convex"}: what later steps may call it by, as the
    {template_name} of /sessions/{session_id}/tokens/{template_name}."""
    body = call.body if isinstance(call.body, dict) else {}
    if call.method != "POST" or call.path.endswith("}") or not isinstance(body.get("name"), str):
        return {}
    return {f"{NAME_MADE}{_singular(call.path.rstrip('/').split('/')[-1])}": body["name"]}


_PRONOUNS = {
    group: re.compile(rf"\b(?:{any_phrase(words)})\b", re.IGNORECASE)
    for group, words in _VERB_DATA["clause_pronouns"].items()
}


def own_ids_replacing(piece: str, ids: list[str]) -> list[str]:
    """The ids a part names that replace an earlier order's ids of their kind: none when
    the part points back at a thing before naming them ("drop its scope to mch_B": "its" is
    the machine the order before acted on, mch_B another one)."""
    pronoun = _PRONOUNS["thing"].search(piece)
    first_id = min((piece.find(i) for i in ids if i in piece), default=len(piece))
    # ("then delete role_B entirely, nobody uses it": "it" said after is role_B itself)
    return [] if pronoun and pronoun.start() < first_id else ids


def pointed_at(piece: str, references: dict[str, str]) -> frozenset[str]:
    """The carried kinds a part's pronouns point at: "it" a thing, "her" a person."""
    kinds = set()
    if _PRONOUNS["thing"].search(piece):
        kinds |= {k for k in references if k != "user" and not k.startswith(THING_MADE)}
    if _PRONOUNS["person"].search(piece):
        kinds |= {k for k in references if k == "user"}
    return frozenset(kinds)


def things_named(piece: str, steps: list[Call]) -> str:
    """ "How many users signed up? Also list the 5 most recent ones": "ones" are the things
    the step before acted on (users), said again so the part names them."""
    if not steps:
        return piece
    things = _things_of(steps[-1].path)
    again = _PRONOUNS["thing_again"].search(piece)
    if again is not None:
        one = f"{again.group(0)[: -len('one')]}{_singular(things.replace(' ', '_'))}"
        piece = f"{piece[: again.start()]}{one.replace('_', ' ')}{piece[again.end() :]}"
    said = _PRONOUNS["things"].search(piece)
    if said is None:
        return piece
    return f"{piece[: said.start()]}{things}{piece[said.end() :]}"


def _things_of(path: str) -> str:
    """'/users/count' -> 'users', '/organizations/{id}/invitations/pending' -> 'invitations':
    the last collection a path names."""
    literal = [s for s in path.split("/") if s and "{" not in s]
    collections = [s for s in literal if s.endswith("s")] or literal
    return collections[-1].replace("_", " ") if collections else "ones"


def carried_scopes(steps: list[Call]) -> frozenset[str]:
    """The kinds of ids earlier steps acted inside (org_x in /organizations/{org}/...): the
    scope a later order still speaks of."""
    scopes: set[str] = set()
    for call in steps:
        path = sorted(call.path_params.items(), key=lambda i: call.path.find(f"{{{i[0]}}}"))
        kinds = [_id_kind_of(name, value) for name, value in path[:-1]]
        scopes |= {k for k in kinds if k}
    return frozenset(scopes)


def _kind(value: str) -> str:
    return lexicon.id_kind(value.split("_", 1)[0])


def _named_ids(call: Call, own: set[str]) -> dict[str, str]:
    """The ids a call acts on by kind: its path's outermost first, up to the first of a
    kind `own` replaces (what is inside that belongs to the replaced one), and the ids it
    sends in its body that `own` does not replace."""
    path = sorted(call.path_params.items(), key=lambda item: call.path.find(f"{{{item[0]}}}"))
    body = call.body if isinstance(call.body, dict) else {}
    named: dict[str, str] = {}
    replaced = False
    for name, value in path:
        kind = _id_kind_of(name, value)
        replaced = replaced or kind in own
        # (a person is inside nothing: after "remove user_A from org_A", "add her to
        # org_B" still means user_A)
        if kind and not (replaced and kind != "user") and kind not in own:
            named[kind] = value
        elif kind is None and name.endswith("_key_or_id") and "{{" not in str(value):
            named[f"{KEY_SAID}{name}"] = value  # ("..., then remove org:viewer from it")
    # (and the ids it filters a read by: after "show user_A's sessions", GET
    # /sessions?user_id=user_A, "list the devices on that account" is user_A's)
    for name, value in [*body.items(), *call.query.items()]:
        value = value[0] if isinstance(value, list) and len(value) == 1 else value
        kind = _id_kind_of(name, value)
        if kind and kind not in own:
            named.setdefault(kind, value)
    return named


def _id_kind_of(name: str, value: Any) -> str | None:
    """The kind of id a parameter holds: by the id's prefix, or for a test id the prefix
    does not show ("user_test_42") by the parameter's name (user_id)."""
    if not isinstance(value, str) or "{{" in value:
        return None
    # (a prefix no table knows, "csi_x" in subscription_item_id, is known by its field)
    if CLERK_ID.fullmatch(value) and _kind(value) in lexicon.ID_KINDS:
        return _kind(value)
    subject = name.removesuffix("_id")
    if subject == name:
        return None
    return next((p for p, words in lexicon.ID_KINDS.items() if subject in words), None)


def over_carried_targets(calls: list[Call], before: list[Call], refs: dict[str, str]) -> list[Call]:
    """'lock user_A and user_B and delete their profile images': a later order acting on a
    target carried from an order made once per listed target is made once per target too."""
    for value in refs.values():
        run = _targets_of_last_order(before, value)
        if len(run) > 1 and all(value in _params(call).values() for call in calls):
            return [_with_target(call, value, target) for target in run for call in calls]
    return calls


def _targets_of_last_order(steps: list[Call], value: str) -> list[str]:
    """The values the last order's calls (one per target) took where its last took `value`."""
    if not steps:
        return []
    last = steps[-1]
    name = next((n for n, v in _params(last).items() if v == value), None)
    if name is None:
        return []
    run: list[str] = []
    for call in reversed(steps):
        if lookup_kind(call):
            continue  # ("ban a@x.io and b@x.io": a lookup before each ban)
        if (call.method, call.path) != (last.method, last.path) or name not in _params(call):
            break
        run.insert(0, _params(call)[name])
    return list(dict.fromkeys(run))


def _params(call: Call) -> dict[str, Any]:
    body = call.body if isinstance(call.body, dict) else {}
    return {**call.path_params, **call.query, **body}


def _with_target(call: Call, value: str, target: str) -> Call:
    def swap(params: dict[str, Any]) -> dict[str, Any]:
        return {k: target if v == value else v for k, v in params.items()}

    body = swap(call.body) if isinstance(call.body, dict) else call.body
    return replace(call, path_params=swap(call.path_params), query=swap(call.query), body=body)


# (a role key a step sent: "create role X with key org:x and add it to role_set:y")
_CARRIED_SHAPES = (EMAIL, PHONE, URL, ROLE_KEY)


def carried_values(steps: list[Call]) -> list[str]:
    """The emails, phone numbers, URLs and role keys earlier steps used, latest first: what
    "that address" or "set that as the proxy URL" points at."""
    said = [v for call in steps for v in _values_sent(call)]
    return list(dict.fromkeys(reversed(said)))


def _values_sent(call: Call) -> list[str]:
    body = call.body if isinstance(call.body, dict) else {}
    found: list[str] = []
    for value in [*call.query.values(), *body.values()]:
        for one in value if isinstance(value, list) else [value]:
            if isinstance(one, str) and any(p.fullmatch(one) for p in _CARRIED_SHAPES):
                found.append(one)
    return found


_LOOKUP_FILTERS = ("email_address", "phone_number", "username", "external_id")


def lookup_kind(call: Call) -> str | None:
    """'user' for GET /users?email_address=..., 'org' for GET /organizations?query=...:
    a lookup whose first result later steps act on."""
    if call.method != "GET":
        return None
    if call.path == "/users" and any(key in call.query for key in _LOOKUP_FILTERS):
        return "user"
    if call.path == "/organizations" and "query" in call.query:
        return "org"
    # ("find her waitlist entry and send the invite", "find the app named X and rotate its
    # secret": a search of one collection finds the thing of its kind)
    searched = any(key == "query" or key.endswith("_query") for key in call.query)
    if searched and call.path.count("/") == 1:
        return created_prefix("POST", call.path)
    return None


def created_prefix(method: str, path: str) -> str | None:
    """POST /organizations creates an org: later steps may use `{{N.id}}` as org_ ids."""
    if method != "POST" or path.endswith("}"):
        return None
    resource = _singular(path.rstrip("/").split("/")[-1])
    for prefix, kinds in lexicon.ID_KINDS.items():
        if any(kind == resource for kind in kinds):
            return prefix
    # /organization_permissions creates a permission (perm_): the noun ends the name
    for prefix, kinds in lexicon.ID_KINDS.items():
        if any(resource.endswith(f"_{kind}") for kind in kinds):
            return prefix
    return None


def _singular(name: str) -> str:
    """'waitlist_entries' -> 'waitlist_entry', 'organizations' -> 'organization'."""
    if name.endswith("ies"):
        return name[:-3] + "y"
    if name.endswith("sses"):  # email_addresses -> email_address
        return name[:-2]
    return name.removesuffix("s")
