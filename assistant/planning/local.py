"""LocalPlanner: plans without a network or a model.

1. Explicit `METHOD /path ...` requests go to the explicit parser.
2. Questions the Clerk notes cover (rate limits, metadata, pagination) get an Answer.
3. Everything else is split into clauses ("create an org, then invite ..."); each clause
   is matched to the endpoint that best fits its words, verbs and values, and filled from
   the text by that endpoint's schema. A missing required value becomes a question.
"""

from __future__ import annotations

import re
from typing import Any

from .. import vocabulary as vocab
from ..language.patterns import pattern
from ..language.spec_words import speller_for
from ..language.text import digits_for_spelled_numbers
from ..models import Answer, Call, Clarification, Endpoint, Plan, PlannerOutput
from ..sentences import sentences, split_focus
from ..weights import ID_UNUSED_COST
from . import lexicon, referring
from .base import PlanContext, open_slot
from .clauses import (
    CLAUSE_VERBS,
    NamesCall,
    PlanPiece,
    carried,
    carried_scopes,
    carried_values,
    in_scope_said_first,
    lookup_kind,
    merged_with_last,
    order_spans,
    orders_a_change,
    orders_without_scene,
    over_carried_targets,
    own_ids_replacing,
    plan_orders,
    pointed_at,
    repeated_order,
    replanned_with_said,
    same_value_again,
)
from .explicit import explicit_plan
from .filling import THING_MADE, Field, Filled, Request, creating_word, fields_of, fill
from .gapping import role_said_again
from .orders import action_of, removes, removing_order, reverses
from .pages import mark_all_pages
from .parents import without_removed_parents
from .prompts import clerk_notes
from .ranking import (
    Scored,
    deletes_the_container,
    ignores_named,
    intents,
    looked_up_fields,
    rank,
)
from .segments import per_target
from .sets import set_plan
from .slots import CLERK_ID, EMAIL, PHONE, Slots, extract, labelled_value, names_countries
from .targets import fan_out, listed_with
from .unmet import ask_for_the_target
from .unplanned import with_unplanned_orders

NAME = "local"
# Below this score nothing in the spec really matched the words: ask, do not guess.
MIN_SCORE = 6.0
_LOOK_ONLY = pattern("look-only")  # "just look, don't change anything"
_QUOTED_MESSAGE = pattern("quoted-whole-message")  # 'Fwd from IT: "Please revoke ..."'
_THEN = re.compile(
    # ("she printed her codes and then lost them": a story; "then invite ...": an order)
    r"(?:[,;.]\s*|\s+)(?:and\s+)?(?:then|after that|afterwards)\b(?=\s*,?\s*"
    rf"(?:please\s+|also\s+|immediately\s+|just\s+)?(?:{'|'.join(sorted(CLAUSE_VERBS))})\b)\s*,?",
    re.IGNORECASE,
)
# "create X and invite Y", and "set up org X, add user_B as admin": a comma alone joins a
# follow-on order that names its own target
_AND_VERB = re.compile(r"(?:,?\s+and\s+|,\s+)(?=(\w+)\b)", re.IGNORECASE)
# "can you pull ...", "could you please ban ...": an order said politely ("can you explain"
# and "can you tell me" stay questions)
_POLITE_ORDER = re.compile(
    r"^\W*(?:\w+\W+){0,12}?(?:can|could|would|will)\s+(?:you|someone)\s+(?:please\s+|just\s+)?"
    r"(?!explain|tell|describe|help|clarify|confirm whether)[a-z]+"
)
_QUESTION_START = re.compile(r"^\s*(what|how|why|when|is|are|does|do|can|should|explain|tell)\b")
# "delete it", "revoke them both": the order's own object is a pronoun ("lock the account
# while we look into it" names its object)
_POINTS_BACK_EARLY = re.compile(
    r"^\W*(?:\w+\W+){0,3}?(?:it|its|them|this one|that one)\b", re.IGNORECASE
)
_STATES_AN_ID = re.compile(
    r"^\W*(?:the|their|its|his|her|our)\s+[\w\s-]{1,40}?\s+(?:id\s+)?(?:is|=|:)\s+"
    r"[a-z]{2,8}_[A-Za-z0-9]{5,}\W*$",
    re.IGNORECASE,
)
_POINTS_BACK_NEXT = re.compile(r"\w+\s+(?:me\s+)?(?:it|its|them|their)\b", re.IGNORECASE)
# "find bob@x.io and ban him", "Look her up, then add her to ...", "locate the account
# with that phone number and delete it": a lookup order, then an order acting on the person
_FIND_AND = re.compile(
    r"(?:^|(?<=[.!?;:—-])\s*|(?<=\s))(?:please\s+|pls\s+|can you\s+|could you\s+)?"
    r"(?:find|look\s+(?:up\s+)?|lookup|locate|search\s+for|pull\s+up|grab)"
    r"(?:\s+(?:him|her|them)\s+up)?\b(?P<found>(?:[^.;!?]|\.(?=\S))*?)"
    r"(?:,\s*|\s+)(?:and(?:\s+then)?|then)\s+(?P<act>.+)$",
    re.IGNORECASE | re.DOTALL,
)
_METHOD_NOTE = re.compile(
    r"(?<=[.;,!])\s*(?:please\s+|and\s+)?(?:look|find)\s+(?:the user|the account|them|him|her)"
    r"\s+up(?:\s+by\s+(?:their\s+)?(?:email|phone)(?:\s+address)?)?\s+first\b\W*$",
    re.IGNORECASE,
)


# a checklist's box at the start of a line ("[ ] create the org", "- [x] invite ...")
_CHECKBOX = re.compile(r"^[ \t]*(?:[-*•][ \t]*)?\[[ xX✓✔]?\][ \t]*", re.MULTILINE)


# an item number of a list written on one line: "1) lock A 2) revoke B", "(1) ...", "1. ..."
_ITEM_NUMBER = re.compile(r"(?:(?<=\s)|^)\(?([1-9])[.)]\s+(?=[A-Za-z])")


def _numbered_items_apart(text: str) -> str:
    """Items numbered 1, 2, 3... in order are orders apart ("; " between them), however
    the lines run; numbers out of that order are values ("limit 2) ..."), left alone."""
    marks = list(_ITEM_NUMBER.finditer(text))
    if len(marks) < 2 or [int(m.group(1)) for m in marks] != list(range(1, len(marks) + 1)):
        return text
    out, position = [], 0
    for number, mark in enumerate(marks):
        before = text[position : mark.start()].rstrip()
        joined = not before or before.endswith((";", ",", ".", ":"))
        # (a title before the first item ends as a heading: "JWT template swap: create ...")
        out.append(
            before + ("" if joined else ":" if number == 0 else ";") + (" " if before else "")
        )
        position = mark.end()
    return "".join(out) + text[position:]


class LocalPlanner:
    name = NAME

    def plan(self, text: str, context: PlanContext) -> PlannerOutput:
        explicit = explicit_plan(text, context) or embedded_plan(text, context)
        if explicit is not None:
            return explicit
        text = _CHECKBOX.sub("- ", text)  # "[ ] invite x@y.io": a list item like "- ..."
        text = _numbered_items_apart(text)  # "1) lock A 2) revoke B": two orders
        text = _unquoted_message(text)
        text = speller_for(context.catalog).correct(text)  # "delte usr" is "delete user"
        text = digits_for_spelled_numbers(text)  # "the twenty newest": "the 20 newest"
        text = lexicon.restated(text)  # "banned and locked ... both undone": two orders
        planned_set = set_plan(text, context)  # "ban every user at spam.io": a set step
        if planned_set is not None:
            return planned_set
        answer = _answer(text)
        if answer is not None:
            return answer
        # "... look the user up by email first": how to do it, which the lookup step does
        text = _METHOD_NOTE.sub(" ", text).strip() or text
        planned = _plan_clauses(_with_follow_up(text, context), context)
        return mark_all_pages(text, ask_for_the_target(text, planned), context.catalog)


def _unquoted_message(text: str) -> str:
    """A forwarded request quoted whole: its quotes would read as one long value."""
    quoted = _QUOTED_MESSAGE.match(text)
    if quoted is None:
        return text
    return f"{quoted.group('label')}: {quoted.group('message')}"


def embedded_plan(text: str, context: PlanContext) -> Plan | Clarification | None:
    """`METHOD /path` inside a sentence ("please run: DELETE /users/user_1") is that call
    when nothing else is asked; with more around it, a question. Never another call
    planned from the words around it."""
    from .explicit import embedded_call, embedded_calls

    call = embedded_call(text, context.catalog)
    if call is not None:
        return Plan((call,), planner="explicit")
    written = [f"{m.group('method').upper()} {m.group('target')}" for m in embedded_calls(text)]
    if not written:
        return None
    return Clarification(
        f"You wrote {' and '.join(written)} inside a sentence. To send exactly that, type the "
        "call on its own line (METHOD /path [JSON body]); or say in words what to do.",
        planner=NAME,
    )


# --------------------------------------------------------------------------- answers


def _answer(text: str) -> Answer | None:
    """An answer from the Clerk notes, for a question that names no object to act on."""
    lowered = text.lower()
    if CLERK_ID.search(text) or "@" in text:
        return None
    if not (text.rstrip().endswith("?") or _QUESTION_START.match(lowered)):
        return None
    if _POLITE_ORDER.match(lowered):
        return None  # "can you pull every user who ...?" asks for a call, not an explanation
    best = max(clerk_notes(), key=lambda n: sum(k in lowered for k in n.keywords))
    if not any(k in lowered for k in best.keywords):
        return None
    return Answer(f"{best.title}: {best.text}", planner=NAME)


# --------------------------------------------------------------------------- follow-ups


def _with_follow_up(text: str, context: PlanContext) -> str:
    """'ban the second one' -> 'ban the second one user_...' using the last results."""
    digest = context.last_digest()
    if digest is None or CLERK_ID.search(text) or "@" in text:
        return text
    # ("in the last 7 days" and "first name" point at nothing: see referring.py)
    position = referring.ordinal_position(text)
    if position is not None and -len(digest.ids) <= position < len(digest.ids):
        return f"{text} {digest.ids[position]}"
    if referring.refers_to_many(text):
        wanted = digest.emails if referring.wants_addresses(text) else ()
        return f"{text} {' '.join(wanted or digest.ids or digest.emails)}"
    return text


def _earlier_ids(context: PlanContext) -> list[str]:
    """Ids from earlier requests and results, newest first: a follow-up's missing context."""
    found: list[str] = []
    for item in reversed(context.recent()):
        found += [m.group(0) for m in CLERK_ID.finditer(item.request)]
        found += list(item.digest.ids)
    return list(dict.fromkeys(found))


# --------------------------------------------------------------------------- clauses


def split_clauses(text: str) -> list[str]:
    """'create X, then Y' and 'create X and invite Y' are two steps; anything else one."""
    parts = [p.strip() for p in _THEN.split(text) if p.strip()]
    clauses: list[str] = []
    for part in parts:
        clauses += [piece for said in _split_create_and(part) for piece in _repeat_apart(said)]
    return clauses


_NAMED = re.compile(f"{CLERK_ID.pattern}|{EMAIL.pattern}|{PHONE.pattern}")
_CLAUSE_BOUNDARY = re.compile(r"[,;.]\s*|\s+(?=(?:and|then)\b)", re.IGNORECASE)


def _repeat_apart(part: str) -> list[str]:
    """ "make A an admin of org_x, and then the same for B": the order said again for
    another target (patterns.yml done-again) is a clause of its own."""
    for boundary in _CLAUSE_BOUNDARY.finditer(part):
        tail = part[boundary.end() :]
        # (a repeat names the other target: "do the same" alone repeats nothing new)
        repeats = pattern("done-again").match(tail)
        # (and says only the repeat: "..., and one called X that expires in 90 days" is
        # planned whole, its own order after the repeat)
        alone = len(order_spans(tail)) == 1
        if boundary.start() and repeats and _NAMED.search(tail) and alone:
            return [part[: boundary.start()].strip(), part[boundary.end() :].strip()]
    return [part]


def _split_create_and(part: str) -> list[str]:
    for match in _AND_VERB.finditer(part):
        # "find x@y.io and add her to ...": nothing is created before the "and"
        before = {lexicon.stem(w) for w in re.findall(r"[a-z]+", part[: match.start()].lower())}
        if not before & {lexicon.stem(v) for v in lexicon.CREATE_VERBS}:
            continue
        rest = part[match.end() :]
        # "... and let it access X": an order pointing back at what was just created
        verb = match.group(1).lower()
        if "and" not in match.group(0).lower() and not _names_own_target(verb, rest):
            continue
        # ("... and mark it verified" changes the same call: an update verb stays with it)
        # (a phrase that names a flag, "sign them out of their other sessions", keeps no
        # pronoun once rewritten: it describes the same call)
        pointing = _POINTS_BACK_NEXT.match(rest) and _POINTS_BACK_NEXT.match(lexicon.rewrite(rest))
        # ("..., and reserve it for X": a verb with no intent describes the same call)
        new_order = pointing and not _updates(verb) and _orders(verb)
        if verb in lexicon.FOLLOW_ON_VERBS or new_order:
            return [part[: match.start()], *_split_create_and(rest)]
    return [part]


def _names_own_target(verb: str, rest: str) -> bool:
    """', add user_B as admin': after a bare comma, a follow-on order with its own id or
    email starts a step (', give him the name Bob' describes the same one)."""
    own = CLERK_ID.search(rest) or EMAIL.search(rest) or PHONE.search(rest)
    return verb in lexicon.FOLLOW_ON_VERBS and bool(own) and not _POINTS_BACK_NEXT.match(rest)


def _orders(verb: str) -> bool:
    """Is the verb an order either vocabulary knows ("revoke", "let"), not a describing one?"""
    if lexicon.intent_of(verb) or verb in ("let",):
        return True
    return any(re.fullmatch(pattern, verb) for pattern, _, _ in vocab.INTENTS)


def _updates(verb: str) -> bool:
    """Does the verb change a value ("mark", "make", "set")? Either vocabulary may say so."""
    if lexicon.intent_of(verb) in ("PATCH", "PUT"):
        return True
    return any(
        "PATCH" in methods and re.fullmatch(pattern, verb) for pattern, methods, _ in vocab.INTENTS
    )


def _plan_clauses(text: str, context: PlanContext) -> PlannerOutput:
    steps: list[Call] = []
    # ("I'm user_..." said once applies to every clause: `text` goes along whole)
    planner, stands_alone = _piece_planner(text, context), _own_words_name(context)
    last: tuple[str, int] | None = None  # (the clause before, where its steps start)
    said = split_clauses(text)
    clauses = _clauses_in_context(said)
    for number, clause in enumerate(clauses):
        # ("..., then do the same for B": the order before, as said, with B in A's place)
        outcome = repeated_order(said[number], steps) or _lookup_then_act(
            clause, text, context, len(steps)
        )
        if outcome is None:
            outcome = _per_target_orders(clause, steps, planner, stands_alone)
        if outcome is None:
            outcome = plan_orders(clause, steps, planner, stands_alone)
        if isinstance(outcome, Clarification) and steps:
            # ("... delete it. Then add his new number": "his" is the user said before)
            said_before = " ".join(clauses[:number])
            outcome = replanned_with_said(clause, said_before, steps, outcome, planner)
        if isinstance(outcome, Clarification):
            return outcome
        if last is not None and outcome and all(call in steps for call in outcome):
            steps = _without_its_scene(last, steps, planner, stands_alone)
        last = (clause, len(steps))
        steps, outcome = merged_with_last(steps, outcome)
        steps += [call for call in outcome if call not in steps]  # said twice, sent once
    # (an id no order took: the order around it got lost between the others)
    steps = with_unplanned_orders(text, steps, planner, extract(text, context.today).self_id)
    steps = without_removed_parents(steps)  # (never delete what the plan works inside)
    return Plan(tuple(steps), planner=NAME, note=_note(steps))


def _per_target_orders(
    clause: str, steps: list[Call], planner: PlanPiece, stands_alone: NamesCall
) -> list[Call] | None:
    """ "merge into private metadata: org_A -> id "1", org_B -> id "2" ": the order once per
    target with the target's own values, when every piece plans (else None)."""
    pieces = per_target(clause)
    if pieces is None:
        return None
    planned: list[Call] = []
    for piece in pieces:
        acting = [call for call in planned if not lookup_kind(call)]
        again = role_said_again(acting[-1], piece) if acting else None
        if again is not None:  # ("..., and B as normal member": the same order for B)
            planned.append(again)
            continue
        outcome = plan_orders(piece, steps + planned, planner, stands_alone)
        if not isinstance(outcome, list) or not outcome or _removes_unasked(outcome, piece):
            return None
        planned += [call for call in outcome if call not in planned]
    return planned


def _removes_unasked(calls: list[Call], piece: str) -> bool:
    """ "Profile fixes: user_A ..., and change the username of user_B": a piece that says no
    removing word plans no removal (a reading that would is no reading of the request)."""
    asked = _removal_asked(lexicon.rewrite(piece.lower()))
    return not asked and any(c.method == "DELETE" for c in calls)


def _removal_asked(order_text: str) -> bool:
    """Does the text ask for a removal (a DELETE intent, or a removing verb leading)?"""
    return "DELETE" in intents(order_text) or removing_order(order_text) is not None


def _without_its_scene(
    last: tuple[str, int], steps: list[Call], planner: PlanPiece, stands_alone: NamesCall
) -> list[Call]:
    """ "Card got charged twice. Pull up statement X, and then list the payment attempts on
    it": when a later clause only says again what the clause before planned, that clause
    listened to its scene (charged -> payment attempts); its orders are planned alone."""
    clause, start = last
    orders = orders_without_scene(clause)
    again = plan_orders(orders, steps[:start], planner, stands_alone) if orders else None
    # (as many steps, so the later clause's references still count right)
    if not isinstance(again, list) or len(again) != len(steps[start:]):
        return steps
    return steps[:start] + again


def _clauses_in_context(clauses: list[str]) -> list[str]:
    """Later clauses with what the first says they act in ("In org_x: ..., then promote
    user_y") and the address they call "the same" one said before."""
    return clauses[:1] + [
        same_value_again(in_scope_said_first(clauses[0], clause), " ".join(clauses[:number]))
        for number, clause in enumerate(clauses[1:], 1)
    ]


def _piece_planner(whole: str, context: PlanContext) -> PlanPiece:
    """Plans one order after the steps before it, acting on what they named."""

    def plan_piece(piece: str, before: list[Call]) -> list[Call] | Clarification:
        said = extract(piece, context.today)
        own = [i for i in said.ids if i != said.self_id]
        references = carried(before, own_ids_replacing(piece, own))
        worded = carried_scopes(before) | pointed_at(piece, references)
        outcome = _plan_clause(piece, whole, context, references, len(before), worded)
        values = carried_values(before) if isinstance(outcome, Clarification) else []
        if values and not _names_a_value(piece):
            # "ban whoever owns x@y.io and put that address on the blocklist"
            again = _plan_clause(
                f"{piece} {values[0]}", whole, context, references, len(before), worded
            )
            return again if isinstance(again, list) else outcome
        if isinstance(outcome, list):
            return over_carried_targets(outcome, before, references)
        return outcome

    return plan_piece


def _own_words_name(context: PlanContext) -> NamesCall:
    """Does a later part stand as an order of its own with this call: its own words (its
    nouns, its own ids' kinds, an action the spec names) name the call's endpoint, not only
    what it carries from before; the call sends something; and a part that orders a change
    ("kick all their sessions") is not planned as a read."""

    def names_call(piece: str, call: Call) -> bool:
        endpoint = context.catalog.get(call.method, call.path)
        if endpoint is None:
            return False
        # (a call that sends nothing stands alone only where its endpoint takes nothing:
        # "..., and create a fresh Svix app")
        if not (call.path_params or call.query or call.body) and fields_of(endpoint):
            return False
        if call.method == "GET" and orders_a_change(piece):
            return False
        said = extract(piece, context.today)
        words = set(lexicon.tokens(lexicon.rewrite(said.words))) | _id_kinds(said.ids, {})
        words |= _value_kinds(said)
        spec = " ".join([endpoint.path, endpoint.summary, *(f.name for f in fields_of(endpoint))])
        named = set(lexicon.tokens(lexicon.rewrite(spec.lower().replace("_", " "))))
        # (an id's kind said as one word, "apikey" for ak_, names /api_keys/{apiKeyID})
        joined = re.sub(r"[\s_]", "", spec.lower())
        kinds = {kind for kind in _id_kinds(said.ids, {}) if len(kind) > 3 and kind in joined}
        return bool((words & named) - lexicon.GENERIC_VERBS) or bool(kinds)

    return names_call


def _value_kinds(said: Slots) -> set[str]:
    """The kinds of values a part gives, as words: a URL says "url", an email "email"."""
    kinds = {"url": said.urls, "email": said.emails, "phone": said.phones}
    return {token for kind, given in kinds.items() if given for token in lexicon.tokens(kind)}


def _names_a_value(text: str) -> bool:
    return any(p.search(text) for p in (CLERK_ID, EMAIL, PHONE))


def _lookup_then_act(
    clause: str, whole: str, context: PlanContext, before: int
) -> list[Call] | Clarification | None:
    """'find bob@x.io and ban him', 'look her up, then add her to org_x': the person is
    looked up first (GET /users by email, phone, username or external id) and the order
    acts on `{{N.0.id}}`; the order never takes the email itself (an invitation by email
    is not what "look him up and add him" asks for). None when the clause is not that."""
    found = _FIND_AND.search(clause)
    lookup = context.catalog.get("GET", "/users")
    if found is None or lookup is None or before:
        return None
    key = _user_identifier(found.group("found"), clause)
    act = found.group("act")
    if key is None or not intents(lexicon.rewrite(act)):
        return None
    name, value = key
    if name not in {f.name for f in fields_of(lookup)}:
        return None
    first = Call("GET", "/users", query={name: [value]}, why=f"find the user with {value}")
    references = {"user": "{{1.0.id}}"}
    rest = act + _scene(clause, found)
    outcome = _plan_clause(rest, whole, context, references, before=1)
    if isinstance(outcome, Clarification) or not _uses_reference(outcome):
        return None
    return [first, *outcome]


def _scene(clause: str, found: re.Match[str]) -> str:
    """Sentences before the 'find ...' order stay as context, without their values."""
    before = clause[: found.start()]
    for value in (EMAIL, PHONE):
        before = value.sub(" ", before)
    return f" {before.strip()}" if before.strip() else ""


def _uses_reference(calls: list[Call]) -> bool:
    return any("{{1.0.id}}" in str(call.to_json()) for call in calls)


def _user_identifier(found: str, clause: str) -> tuple[str, str] | None:
    """The email, phone, username or external id that names the person to look up: said
    in the 'find ...' part, or (for 'find that account') the only one in the clause."""
    for text in (found, clause):
        named = _identifiers(text)
        if len(named) == 1 or (named and text is found):
            return named[0]
    return None


def _identifiers(text: str) -> list[tuple[str, str]]:
    found = [("email_address", e) for e in EMAIL.findall(text)]
    found += [("phone_number", p) for p in PHONE.findall(text)]
    for name in ("username", "external_id"):
        value = labelled_value(name, text)
        if value:
            found.append((name, value))
    return found


def _plan_clause(
    clause: str,
    whole: str,
    context: PlanContext,
    references: dict[str, str],
    before: int = 0,
    worded: frozenset[str] = frozenset(),
) -> list[Call] | Clarification:
    request = _request(clause, whole, context, references, worded)
    ranked = _unreversed(rank(context.catalog, request), removing_order(request.order_text))
    ranked = _deletes_only_when_asked(ranked, request)
    ranked = _reads_only_when_told(ranked, request)
    best = _as_asked(ranked, request, context) if ranked else None
    best = _list_kept_whole(best, ranked, request.raw) if best else None
    best = _removes_what_was_named(best, ranked) if best else None
    best = _runnable_over_a_question(best, ranked) if best else None
    best = _change_over_an_unasked_creation(best, ranked, request) if best else None
    if best is None or max(ranked[0].score, _matched(best)) < MIN_SCORE:
        if best is not None and _removal_of_named_kind(best, request):
            return _question(best.endpoint, best.filled.missing)  # "delete the user": which?
        return _cannot_match(clause)
    if _deletes_a_destination(best, request):
        return _cannot_match(clause)  # "move user_x out of org_A and into org_B": never org_B
    searched = _found_by_search(best, ranked, request, context)
    if searched is not None:
        return _with_search(*searched, request, before)
    if best.filled.needs_lookup:
        return _with_lookup(best, request, context, before)
    if best.filled.lookup_org:
        return _with_org_lookup(best, request, context, before)
    if best.filled.missing:
        return _question(best.endpoint, best.filled.missing)
    if _changes_nothing(best.endpoint, best.filled, context):
        runnable = _removal_as_ordered(best, ranked, request)
        runnable = runnable or _runnable_over_nothing_to_change(best, ranked, context)
        if runnable is None:
            return _what_to_change(best.endpoint)
        best = runnable
    return fan_out(_call(best.endpoint, best.filled), clause, split_focus(clause)[0])


def _deletes_only_when_asked(ranked: list[Scored], request: Request) -> list[Scored]:
    """A question deletes nothing unless it asks for a removal: "is the backup code X valid
    for user_Y?" names the backup codes, it never plans DELETE .../backup_code."""
    said = sentences(request.order_text.strip())
    last = said[-1].strip() if said else ""
    first = last.split(maxsplit=1)[0].lower() if last else ""
    asked = last.endswith("?") and first in lexicon.STATE_QUESTIONS
    if not asked or _removal_asked(request.order_text):
        return ranked
    return [s for s in ranked if s.endpoint.method != "DELETE"]


def _reads_only_when_told(ranked: list[Scored], request: Request) -> list[Scored]:
    """ "Just look, don't change anything": a request that forbids changes plans a read or
    nothing (a question about 2FA must never plan DELETE .../mfa)."""
    if not _LOOK_ONLY.search(request.raw):
        return ranked
    return [s for s in ranked if s.endpoint.method == "GET"]


def _list_kept_whole(best: Scored, ranked: list[Scored], raw: str) -> Scored:
    """ "delete machines mch_A and mch_B": values said as one list play one part, once
    each; a call that takes two of them in different fields (machine_id and
    other_machine_id) misreads the list. A close call of the same method that takes one of
    them (and is then made once per listed value) is the one meant."""
    if not _splits_a_list(best, raw):
        return best
    close = (
        s
        for s in ranked[1:6]
        if s.endpoint.method == best.endpoint.method
        and not s.filled.missing
        and not _splits_a_list(s, raw)
        and s.score >= best.score - 8.0
    )
    return next(close, best)


def _removes_something_else(scored: Scored) -> bool:
    """A DELETE that leaves an id the person gave unused removes something else."""
    return scored.endpoint.method == "DELETE" and bool(scored.filled.ids_unused)


def _removes_what_was_named(best: Scored, ranked: list[Scored]) -> Scored:
    """ "user_X is done. remove from org_Y": a DELETE that leaves an id the person gave
    unused removes something else (here the whole user). A close DELETE that uses every id
    given, and can run, is the one meant (here the membership)."""
    if not _removes_something_else(best):
        return best
    close = (
        s
        for s in ranked[:8]
        if s.endpoint.method == "DELETE"
        and not s.filled.ids_unused
        and not s.filled.missing
        and s.score >= best.score - 6.0
    )
    return next(close, best)


def _open_questions(scored: Scored) -> list[Field]:
    """What a step would still have to ask: missing values no lookup supplies."""
    looked_up = looked_up_fields(scored.filled)
    return [f for f in scored.filled.missing if f.name not in looked_up]


def _runnable_over_a_question(best: Scored, ranked: list[Scored]) -> Scored:
    """ "add user_X as admin in the org whose slug is Y": the best match (create an org)
    would have to ask for a name nobody gave; a close call of the same method on the same
    resource that can run (add a member, the org read by its slug) is the one meant."""
    asks = _open_questions(best)
    if not asks or any(f.location == "path" for f in asks):
        return best  # (what to act on is not known: that question stays)
    close = (
        s
        for s in ranked[1:4]
        if s.endpoint.method == best.endpoint.method
        and _resource(s.endpoint.path) == _resource(best.endpoint.path)
        and not _open_questions(s)
        and not s.filled.ids_unused
        and s.score >= best.score - 6.0
    )
    return next(close, best)


def _change_over_an_unasked_creation(
    best: Scored, ranked: list[Scored], request: Request
) -> Scored:
    """ "plus-addressed emails like a+1@x.io ... that kind of address should be refused":
    the best match creates (an email address) though no creating word was said, and would
    have to ask for everything; a close change that took its values from the text and can
    run (block_email_subaddresses) is the one meant."""
    creates = best.endpoint.method == "POST" and "{" not in best.endpoint.path
    if not creates or not _open_questions(best) or creating_word(request.text, []):
        return best
    close = (
        s
        for s in ranked[1:6]
        if s.endpoint.method in _UPDATES
        and s.filled.values
        and not s.filled.missing
        and not s.filled.path_referenced  # (what it acts on is said here, not before)
        and not s.filled.ids_unused
        and s.score >= best.score - 6.0
    )
    return next(close, best)


def _runnable_over_nothing_to_change(
    best: Scored, ranked: list[Scored], context: PlanContext
) -> Scored | None:
    """ "in role set X, retire org:a and move everyone to org:b": the best match (update
    the role set) takes none of the values said and would ask what to change; a close call
    on the same resource that takes more of them and can run is the one meant (replace the
    role). Never a removal (a DELETE is proposed only when a removal ranked best), and never
    a read where a change was asked ("it should never sign in again" is no list of bans)."""
    close = [
        s
        for s in ranked[1:8]
        if s.endpoint.method not in ("DELETE", "GET")
        and _resource(s.endpoint.path) == _resource(best.endpoint.path)
        and not s.filled.missing
        and not s.filled.needs_lookup
        and not s.filled.ids_unused
        and s.filled.used > best.filled.used
        and not _changes_nothing(s.endpoint, s.filled, context)
        and s.score >= best.score - 16.0  # (wide: the best one can run with is asking)
    ]
    return max(close, key=lambda s: s.filled.used) if close else None  # (first of the most)


def _cannot_match(clause: str) -> Clarification:
    return Clarification(
        f"I could not match {clause!r} to a Clerk API call. Could you rephrase it, or "
        "name the endpoint (e.g. GET /users)?",
        planner=NAME,
    )


def _deletes_a_destination(best: Scored, request: Request) -> bool:
    """A DELETE of a whole thing (/organizations/{id}) whose id is said as where something
    goes ("into org_B", "to org_B") removes what the person is moving things to: never
    planned."""
    path = best.endpoint.path
    if best.endpoint.method != "DELETE" or not path.endswith("}") or path.count("{") != 1:
        return False  # (only a thing of its own: "its scope to mch_B" removes a scope)
    value = best.filled.values.get(path.rsplit("{", 1)[-1].rstrip("}"))
    return isinstance(value, str) and _said_as_destination(value, request.raw)


_DESTINATION_MARKERS = "|".join(re.escape(m) for m in lexicon.DESTINATION_MARKERS)


def _said_as_destination(value: str, raw: str) -> bool:
    found = re.search(rf"\b(?:{_DESTINATION_MARKERS})\s+{re.escape(value)}\b", raw, re.I)
    return found is not None


def _removal_as_ordered(best: Scored, ranked: list[Scored], request: Request) -> Scored | None:
    """ "her account should no longer have any TOTP authenticator on it" (remove totp): an
    update that would change nothing, where the order removes, gives way to a close removal
    that can run and whose own thing (the path's last word, "totp") the text names."""
    if removing_order(request.order_text) is None:
        return None
    close = (
        s
        for s in ranked[1:8]
        if removes(s.endpoint)
        and not s.filled.missing
        and not s.filled.needs_lookup
        and not s.filled.ids_unused
        and _own_thing_said(s.endpoint, request)
        and s.score >= best.score - 16.0  # (wide, as for any update that would ask)
    )
    return next(close, None)


def _own_thing_said(endpoint: Endpoint, request: Request) -> bool:
    """Is the part a removal takes away (.../totp) named? Never a whole thing by its id
    (DELETE /machines/{id}): "tokens of machine X should expire sooner" deletes no machine."""
    if endpoint.path.endswith("}"):
        return False
    words = lexicon.tokens(endpoint.path.rsplit("/", 1)[-1].replace("_", " "))
    return bool(words) and set(words) <= request.tokens


def _resource(path: str) -> str:
    return path.strip("/").split("/")[0]


def _splits_a_list(scored: Scored, raw: str) -> bool:
    taken = [v for v in scored.filled.values.values() if isinstance(v, str)]
    return any(len({t.value for t in listed_with(raw, v)} & set(taken)) > 1 for v in taken)


def _removal_of_named_kind(best: Scored, request: Request) -> bool:
    """ "delete the user": a removing order whose best removing step lacks only the id of
    the kind of thing the person named. It ranks low (there is nothing to fill), yet the
    honest answer is that step's question, never "could not match"."""
    missing = best.filled.missing
    if best.filled.needs_lookup or not missing or not removes(best.endpoint):
        return False
    if not removing_order(request.order_text):
        return False
    kind = missing[0].name.removesuffix("_id")
    return len(missing) == 1 and kind in request.order_text.split()


def _matched(best: Scored) -> float:
    """How well the words matched, the ids listed with the one it took not counted against
    it ("delete user_A, user_B, user_C and user_D" is one DELETE per id)."""
    return best.score + ID_UNUSED_COST * best.filled.ids_listed


def _unreversed(ranked: list[Scored], order: str | None) -> list[Scored]:
    """An order is never reversed: "delete the user with email x" never creates one.

    When a reversal ranked first, what stays must remove as asked: the best removing step
    leads (its questions, if any, are the honest answer); with none close, nothing is
    planned and the person is asked to rephrase.
    """
    kept = [s for s in ranked if not reverses(order, s.endpoint)]
    if not ranked or kept[:1] == ranked[:1]:
        return kept
    removing = [s for s in kept[:8] if removes(s.endpoint)]
    return removing[:1] + [s for s in kept if s not in removing[:1]] if removing else []


def _as_asked(ranked: list[Scored], request: Request, context: PlanContext) -> Scored:
    """A change was asked for but a read ranks first: take the close write and its questions.

    And the other way round: a read verb ("pull up", "show") takes a close GET over a write.
    """
    wanted = intents(request.order_text)
    best = ranked[0]
    twin = _same_path_as_asked(ranked, wanted)
    if twin is not None:
        return twin
    if not wanted or (wanted[0] == "GET") == (best.endpoint.method == "GET"):
        return best
    if wanted[0] == "GET" and (set(wanted) != {"GET"} or best.filled.needs_lookup):
        return best  # "find him and ban him": the read is the lookup before the write
    close = [
        s
        for s in ranked[1:8]
        if s.endpoint.method == wanted[0]
        and not ignores_named(context.catalog, s.endpoint, request)
        and not deletes_the_container(s.endpoint, s.filled, request)
        and not _removes_something_else(s)
        # a read is taken over a write only when it can run as it stands
        and not (wanted[0] == "GET" and s.filled.missing)
    ]
    window = _window(best, wanted, removing_order(request.order_text) is not None)
    return close[0] if close and close[0].score >= best.score - window else best


_UPDATES = {"PUT", "PATCH"}


def _same_path_as_asked(ranked: list[Scored], wanted: list[str]) -> Scored | None:
    """'someone uploaded a bad logo. remove it': the story names PUT .../logo, the order
    DELETE; the same path with the method asked for, when it can run, is the one meant."""
    best = ranked[0]
    if not wanted or best.endpoint.method == wanted[0] or wanted[0] == "GET":
        return None
    if {best.endpoint.method, wanted[0]} <= _UPDATES:
        return None  # (both change it: whether to merge or replace, the ranking said)
    if best.endpoint.path.endswith("}"):
        return None  # only a part of something (.../logo), never the thing itself (org_x)
    return next(
        (
            s
            for s in ranked[1:8]
            if s.endpoint.path == best.endpoint.path
            and s.endpoint.method == wanted[0]
            and not s.filled.missing
            and s.score >= best.score - 8.0
        ),
        None,
    )


def _window(best: Scored, wanted: list[str], removing: bool) -> float:
    """How far below the read a write the request orders may rank and still be taken.

    A read that takes nothing from the text ("remove a member from an org" -> list the
    memberships) answers no part of a write order: the write and its questions are the
    honest answer even from further down. Nor does a read when the order takes something
    away ("the invitation we sent to x must not work anymore": revoke, never a list of the
    revoked ones).
    """
    reads_blindly = best.endpoint.method == "GET" and not best.filled.values
    return 10.0 if (reads_blindly or removing) and "GET" not in wanted else 6.0


def _changes_nothing(endpoint: Endpoint, filled: Filled, context: PlanContext) -> bool:
    """An update with no field to change would send an empty body: ask instead.

    So would a creation at a collection (POST /users, POST /organizations/{id}/domains: a
    path the spec also lists with GET) whose body fields the text gave none of: the spec
    lets it send {}, but nothing the person asked for would be in it.
    """
    lists = context.catalog.get("GET", endpoint.path) is not None
    creates = endpoint.method == "POST" and ("{" not in endpoint.path or lists)
    if (endpoint.method not in ("PATCH", "PUT") and not creates) or endpoint.body is None:
        return False
    body_fields = {f.name for f in endpoint.body.fields}
    return bool(body_fields) and not body_fields & set(filled.values)


def _what_to_change(endpoint: Endpoint) -> Clarification:
    assert endpoint.body is not None
    names = ", ".join(f.name for f in endpoint.body.fields[:8])
    action = "change" if endpoint.method != "POST" else "be created with"
    return Clarification(f"What should {endpoint.key} {action}? It takes: {names}.", planner=NAME)


def _request(
    clause: str,
    whole: str,
    context: PlanContext,
    references: dict[str, str],
    worded: frozenset[str] = frozenset(),
) -> Request:
    slots = extract(clause, context.today)
    slots.self_id = slots.self_id or extract(whole, context.today).self_id
    rewritten = lexicon.rewrite(slots.words)
    # (earlier ids only through a reference: "this month" and "users that ..." are none)
    earlier = _earlier_ids(context) if referring.refers_back(clause) else []
    orders, scene = split_focus(clause)
    return Request(
        focus=lexicon.rewrite(orders) if scene else "",
        context_tokens=_context_only(orders, scene, context),
        slots=slots,
        raw=clause,
        text=lexicon.rewrite(clause),
        negated=lexicon.negated_words(slots.words),
        tokens=set(lexicon.tokens(rewritten))
        | _metadata_mode(rewritten)
        | _id_kinds(slots.ids + earlier[:2], _worded(references, worded), _things_made(references))
        | _email_names_user(slots)
        | _kinds_said_before_ids(clause)
        | _countries_named(clause),
        references=dict(references),
        fallback_ids=earlier,
        now=context.today,
    )


def _context_only(orders: str, scene: str, context: PlanContext) -> set[str]:
    """Words of context sentences that the orders do not repeat: they weigh less.

    An order that points back ("delete it", "revoke them") takes its object from the
    context, so then the context counts in full.
    """
    if not scene or any(_POINTS_BACK_EARLY.match(o) for o in sentences(orders)):
        return set()
    # "The external account id is eac_...": a sentence naming an id names what is acted on
    scene = " ".join(s for s in sentences(scene) if not _STATES_AN_ID.match(s))
    said = set(lexicon.tokens(lexicon.rewrite(extract(orders, context.today).words)))
    return set(lexicon.tokens(lexicon.rewrite(extract(scene, context.today).words))) - said


def _email_names_user(slots: Slots) -> set[str]:
    """An email with no user id in sight is how the request names its user; a phone number
    beside a user id is a phone number of theirs ("add +44... to user_x")."""
    if slots.emails and not slots.ids_with_prefix("user"):
        return {lexicon.canonical("user")}
    if slots.phones and slots.ids_with_prefix("user"):
        return {lexicon.canonical("phone")}
    return set()


def _countries_named(text: str) -> set[str]:
    """'Nigeria (NG) and Pakistan (PK)' says country codes as the words would."""
    return set(lexicon.tokens("country code")) if names_countries(text) else set()


def _worded(references: dict[str, str], kinds: frozenset[str]) -> dict[str, str]:
    """The references that say their kind as a word of the order: what earlier steps create
    or look up ("it" after creating an org says "organization"), and the carried `kinds`
    the order speaks of: the scope earlier orders acted in ("In org_x: remove A, and
    promote B": B's order is about org_x too) and what its pronouns point at.
    Another id an earlier order named is carried to fill a field, but is no word of this
    order: "delete wle_x and allowlist her address" allowlists, it makes no waitlist entry."""
    return {k: ref for k, ref in references.items() if "{{" in ref or k in kinds}


def _kinds_said_before_ids(clause: str) -> set[str]:
    """ "the number idn_X": an id whose kind names several things (idn_: email address,
    phone number, passkey ...) is the one the word right before it names."""
    kinds: set[str] = set()
    for found in CLERK_ID.finditer(clause):
        before = re.search(r"([a-z]+)\W*$", clause[: found.start()].lower())
        nouns = lexicon.ID_KINDS.get(found.group(0).split("_", 1)[0], ())
        if before is None or len(nouns) < 2:
            continue
        named = [n for n in nouns if before.group(1) in n.split("_")]
        if len(named) == 1:
            kinds.add(lexicon.canonical(named[0].split("_")[0]))
    return kinds


def _id_kinds(
    ids: list[str], references: dict[str, str], made: dict[str, str] | None = None
) -> set[str]:
    """An org_ id (or "it" after creating an org) says "organization" as the word would;
    "it" after adding a phone number says "phone", not the first noun of idn_ ids."""
    kinds = {i.split("_", 1)[0] for i in ids} | set(references)
    nouns = [_noun_of(k, references, made or {}) for k in kinds if k in lexicon.ID_KINDS]
    return {lexicon.canonical(noun.split("_")[0]) for noun in nouns}


def _noun_of(kind: str, references: dict[str, str], made: dict[str, str]) -> str:
    """The one of the id kind's words naming what a step made (idn_ ids name email
    addresses, phone numbers ...: "phone_number"), else the kind's first word. (Never the
    made thing's own name beyond the kind's words: "it" after a new allowlist entry, said
    of the blocklist, must not pull the order to the allowlist.)"""
    nouns = lexicon.ID_KINDS[kind]
    noun = made.get(references.get(kind, ""), "")
    return noun if noun in nouns else nouns[0]


def _things_made(references: dict[str, str]) -> dict[str, str]:
    """`{{N.id}}` -> what step N made ("phone_number")."""
    return {
        key.removeprefix(THING_MADE): noun
        for key, noun in references.items()
        if key.startswith(THING_MADE)
    }


def _metadata_mode(text: str) -> set[str]:
    """Metadata requests merge unless the text asks to replace (the documented preference)."""
    if "metadata" not in text:
        return set()
    replace = any(cue in text for cue in lexicon.REPLACE_CUES)
    return {lexicon.canonical("replace" if replace else "merge")}


def _with_lookup(
    best: Scored, request: Request, context: PlanContext, before: int = 0
) -> list[Call] | Clarification:
    """No user id but an email (or phone): GET /users?email_address=... then {{N.0.id}};
    for "delete bob@x.io and carol@x.io" one lookup and one call per person, in order.
    (`before`: how many steps the plan has already, so references count from there.)"""
    lookup = context.catalog.get("GET", "/users")
    key = best.filled.needs_lookup
    if lookup is None or key is None:
        return _question(best.endpoint, best.filled.missing)
    by = best.filled.lookup_by or ("email_address" if "@" in key else "phone_number")
    if by not in {f.name for f in fields_of(lookup)}:
        return _question(best.endpoint, best.filled.missing)  # this spec cannot search by it
    if best.endpoint == lookup:  # "which user has +1415...": the lookup is the whole answer
        return [Call("GET", "/users", query={by: [key]}, why=f"find the user with {key}")]
    run = [t.value for t in listed_with(request.raw, key)]
    people = run if len(run) > 1 else [key]
    request.slots.emails = [e for e in request.slots.emails if e not in people]
    request.slots.phones = [p for p in request.slots.phones if p not in people]
    carried_in = {k: v for k, v in request.references.items() if k != "user"}
    steps: list[Call] = []
    for person in people:
        found = f"{{{{{before + len(steps) + 1}.0.id}}}}"
        request.references = {**carried_in, "user": found}  # (what earlier orders named)
        filled = fill(best.endpoint, request)
        if filled.missing:
            return _question(best.endpoint, filled.missing)
        _filter_by_found_user(best.endpoint, filled, found)
        first = Call("GET", "/users", query={by: [person]}, why=f"find the user with {person}")
        steps += [first, _call(best.endpoint, filled)]
    return steps


def _with_org_lookup(
    best: Scored, request: Request, context: PlanContext, before: int = 0
) -> list[Call] | Clarification:
    """No org id but its name: GET /organizations?query=NAME, then {{N.0.id}} (N counted
    after the `before` steps the plan already has)."""
    name = best.filled.lookup_org
    if context.catalog.get("GET", "/organizations") is None or name is None:
        return _question(best.endpoint, best.filled.missing)
    if best.filled.lookup_org_by == "slug":
        first = _org_by_slug(name)
        request.references = {**request.references, "org": f"{{{{{before + 1}.id}}}}"}
    else:
        first = Call("GET", "/organizations", query={"query": name}, why=f"find the org {name!r}")
        request.references = {**request.references, "org": f"{{{{{before + 1}.0.id}}}}"}
    request.slots.name = None
    request.slots.quoted = [q for q in request.slots.quoted if q != name]
    filled = fill(best.endpoint, request)
    if filled.missing:
        return _question(best.endpoint, filled.missing)
    if filled.values.get("slug") == name:
        del filled.values["slug"]  # (the slug it was found by names it; it is no change)
    return [first, _call(best.endpoint, filled)]


def _org_by_slug(slug: str) -> Call:
    """GET /organizations/{organization_id} takes a slug in place of the id (the spec says
    so); writes do not, so the org is read first and acted on by `{{N.id}}`."""
    path = "/organizations/{organization_id}"
    return Call("GET", path, path_params={"organization_id": slug}, why=f"find the org {slug}")


# (users and organizations have lookups of their own: by email, phone or name)
_OWN_LOOKUPS = ("user_id", "organization_id")


def _search_for(scored: Scored, context: PlanContext) -> tuple[Field, Endpoint] | None:
    """The one path id a step lacks and the list it can be found in by a `query` filter:
    waitlist_entry_id -> GET /waitlist_entries?query=..., invitation_id -> /invitations."""
    missing = scored.filled.missing
    if len(missing) != 1 or missing[0].location != "path" or missing[0].name in _OWN_LOOKUPS:
        return None
    kind = missing[0].name.removesuffix("_id")
    for collection in (f"/{kind}s", f"/{kind[:-1]}ies" if kind.endswith("y") else ""):
        listing = context.catalog.get("GET", collection) if collection else None
        if listing is not None and any(f.name == "query" for f in fields_of(listing)):
            return missing[0], listing
    return None


def _found_by_search(
    best: Scored, ranked: list[Scored], request: Request, context: PlanContext
) -> tuple[Scored, Field, Endpoint] | None:
    """ "let marisol@x.io in from the waitlist", "revoke the invitation we sent to tom@x.io":
    a step whose action the text names, lacking only the id of a thing the email finds in
    its list. Taken when the best match would ask, or would create one of that kind
    though no creating word was said."""
    if len(request.slots.emails) != 1:
        return None
    creates = best.endpoint.method == "POST" and "{" not in best.endpoint.path
    said = set(lexicon.tokens(request.text))
    # (how far down: the id it lacks costs a step 8 points its search will pay)
    for scored in ranked[:16]:
        action = action_of(scored.endpoint)
        named = lexicon.tokens(action)
        if not named or named[0] not in said:
            continue
        # a creation no creating word asked for gives way to the action the text names
        unasked = creates and not creating_word(request.text, [action])
        close = scored.score >= best.score - 10.0
        found = _search_for(scored, context) if unasked or (best.filled.missing and close) else None
        if found is not None:
            return scored, *found
    return None


def _with_search(
    scored: Scored, fld: Field, listing: Endpoint, request: Request, before: int
) -> list[Call] | Clarification:
    """GET the list by its `query` filter for the email, then the step on `{{N.0.id}}`."""
    email = request.slots.emails[0]
    first = Call("GET", listing.path, query={"query": email}, why=f"find the one for {email}")
    request.references = {**request.references, fld.name: f"{{{{{before + 1}.0.id}}}}"}
    request.slots.emails = []
    filled = fill(scored.endpoint, request)
    filled.values.setdefault(fld.name, f"{{{{{before + 1}.0.id}}}}")
    filled.missing = [f for f in filled.missing if f.name != fld.name]
    if filled.missing:
        return _question(scored.endpoint, filled.missing)
    return [first, _call(scored.endpoint, filled)]


def _filter_by_found_user(endpoint: Endpoint, filled: Filled, found: str) -> None:
    """An optional user_id filter the lookup answers: GET /organizations?user_id={{1.0.id}}."""
    if "user_id" in filled.values:
        return
    fld = next((f for f in fields_of(endpoint) if f.name == "user_id"), None)
    if fld is not None:
        filled.values["user_id"] = [found] if fld.is_array else found


def _question(endpoint: Endpoint, missing: list[Field]) -> Clarification:
    wanted = ", ".join(_describe(f) for f in missing[:3])
    return Clarification(
        f"To {endpoint.summary.lower() or endpoint.key} ({endpoint.key}) I need {wanted}. "
        "What should I use?",
        planner=NAME,
        **open_slot(missing[0]),
    )


def _describe(fld: Field) -> str:
    if fld.name.endswith("_id") or fld.name.endswith("ID"):
        kind = fld.name.removesuffix("_id").removesuffix("ID").replace("_", " ")
        return f"the {kind} ({fld.name}: an id, or an email for a user)"
    if fld.enum:
        return f"{fld.name} (one of {', '.join(fld.enum[:6])})"
    if "date" in fld.description.lower() or fld.name.endswith(("_at", "_to")):
        return f"{fld.name} (a date, e.g. 2026-06-30)"
    if fld.type in ("integer", "number"):
        return f"{fld.name} (a number)"
    return fld.name


def _call(endpoint: Endpoint, filled: Filled) -> Call:
    from .filling import fields_of

    where = {f.name: f.location for f in fields_of(endpoint)}
    path = {k: v for k, v in filled.values.items() if where.get(k) == "path"}
    query = {k: v for k, v in filled.values.items() if where.get(k) == "query"}
    body = {k: v for k, v in filled.values.items() if where.get(k) == "body"}
    has_body = endpoint.body is not None or bool(body)
    return Call(
        method=endpoint.method,
        path=endpoint.path,
        path_params=path,
        query=query,
        body=_bulk(body)
        if endpoint.body and endpoint.body.is_array
        else (body if has_body else None),
        why=endpoint.summary,
    )


def _bulk(body: dict[str, Any]) -> list[dict[str, Any]]:
    """Array bodies take one item per listed value: [{email_address: a, ...}, ...]."""
    listed = next((k for k, v in body.items() if isinstance(v, list)), None)
    if listed is None:
        return [body]
    return [{**body, listed: value} for value in body[listed]]


def _note(steps: list[Call]) -> str:
    for step in steps:
        body = step.body if isinstance(step.body, dict) else {}
        kinds = [k for k in ("public_metadata", "private_metadata", "unsafe_metadata") if k in body]
        if kinds:
            how = "replaces the whole object" if step.method == "PUT" else "merges the keys"
            return f"{kinds[0]} chosen as the text asked; {step.method} {how}."
    return ""
