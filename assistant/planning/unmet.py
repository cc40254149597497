"""A plan that only reads, for a request that only writes, has lost what to change; a
plan that makes a user the request never asked for has misread it.

"Remove the user from the organization" with no user named, "revoke the invitation I sent
by mistake": the ranking still finds a list endpoint (GET /users, GET
/organization_invitations) and the plan reads it, which is not what was asked. Reading
quietly in place of a change hides that the target is missing; asking which one is the
conversation the person expects.
"""

from __future__ import annotations

from ..language.patterns import pattern
from ..models import Call, Clarification, Plan, PlannerOutput
from .slots import CLERK_ID, EMAIL, PHONE

NAME = "local"
_CHANGES_ONE = pattern("order-changes-one")
_MAKES_AN_ACCOUNT = pattern("makes-an-account")
_ORG_WITHOUT_NAME = pattern("org-said-without-name")
_ANOTHER_ORG = pattern("another-org")


def ask_for_the_target(text: str, output: PlannerOutput) -> PlannerOutput:
    """`output`, or a question when its reads stand in for the writes the text orders, or
    when it would make a user the text never asked to make."""
    if not isinstance(output, Plan):
        return output
    lost = _lost_org(text, output)
    if lost:
        return Clarification(
            f'Which organization is "{lost}"? Give its id (org_...).', planner=NAME
        )
    if _makes_a_user(output) and not _MAKES_AN_ACCOUNT.search(text):
        return Clarification(
            "Should I create a new user? The request does not say to make one; to act on "
            "someone who has an account, name them (id or email) and say what to do.",
            planner=NAME,
        )
    if _CHANGES_ONE.match(text) and not _states_a_value(text) and _carries_nothing(output):
        # ("Delete these three test accounts from staging": no id, email or phone said,
        # and a plan that takes no value from the words acts on nothing they name)
        return Clarification(
            "Which ones do you mean? The request names none to change: give their ids "
            "(for a user, an email address works too).",
            planner=NAME,
        )
    if not _reads_only(output):
        return output
    if not _CHANGES_ONE.match(text):
        return output  # only an order that starts by changing one thing has lost it
    if any(_names_its_target(step, text) for step in output.steps):
        return output  # "is user_x banned?"-like reads of a named thing stay reads
    noun = _listed_noun(output.steps[0].path)
    return Clarification(
        f"Which {noun} do you mean? The request names none to change: give its id "
        "(for a user, an email address works too).",
        planner=NAME,
    )


def _lost_org(text: str, plan: Plan) -> str | None:
    """ "add x@y to the org as admin": an organization said only as "the org", with no org
    id in the text and no step acting in one (a step made earlier would be it). Returns
    the words that said it."""
    said = _ORG_WITHOUT_NAME.search(text)
    if said is None:
        return None
    words = said.group("phrase")
    if _ANOTHER_ORG.search(said.group(0)):
        # ("take her out of org_A, then add her to the new organization": another one
        # than the org named, which no step makes)
        made = any(s.method == "POST" and s.path == "/organizations" for s in plan.steps)
        return None if made else words
    if "org_" in text:
        return None
    acts_in_one = any(
        "organization_id" in {**step.path_params, **step.query, **_body(step)}
        for step in plan.steps
    )
    return None if acts_in_one else words


def _body(step: Call) -> dict[str, object]:
    return step.body if isinstance(step.body, dict) else {}


def _listed_noun(path: str) -> str:
    """ "/organization_invitations" lists organization invitations: one is "organization
    invitation"."""
    literal = [part for part in path.split("/") if part and not part.startswith("{")]
    plural = literal[-1].replace("_", " ") if literal else "one"
    return plural.removesuffix("s")


def _makes_a_user(plan: Plan) -> bool:
    return any(step.method == "POST" and step.path == "/users" for step in plan.steps)


def _reads_only(plan: Plan) -> bool:
    return bool(plan.steps) and all(
        step.method == "GET" and step.for_each is None for step in plan.steps
    )


def _carries_nothing(plan: Plan) -> bool:
    return not any(step.path_params or step.query or _body(step) for step in plan.steps)


def _states_a_value(text: str) -> bool:
    return bool(CLERK_ID.search(text) or EMAIL.search(text) or PHONE.search(text))


def _names_its_target(step: Call, text: str) -> bool:
    """A step that carries a value the text states (an id, an email, a phone number)."""
    stated = {m.group(0) for m in CLERK_ID.finditer(text)} | {*EMAIL.findall(text)}
    stated |= set(PHONE.findall(text))
    values = [*step.path_params.values(), *step.query.values()]
    flat = [v for value in values for v in (value if isinstance(value, list) else [value])]
    return any(str(v) in stated for v in flat)
