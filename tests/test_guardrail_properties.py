"""Property tests: random plans from the catalog and random scope strings."""

from __future__ import annotations

import string
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant import policy_data as data
from assistant.guardrail import Policy, check, parse_scopes, resource_slug
from assistant.models import Call, Endpoint, Param, Plan
from assistant.spec import open_catalog
from tests.conftest import NEWEST, SPECS_DIR

CATALOG = open_catalog(NEWEST, env={"CLERK_ASSISTANT_SPECS_DIR": str(SPECS_DIR)}, download=False)
ENDPOINTS = list(CATALOG)
RESOURCES = sorted({resource_slug(t) for t in CATALOG.tags()} | {"user", "orgs", "gadgets"})
PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --------------------------------------------------------------------------- strategies

text = st.text(string.ascii_letters + string.digits + "_-@. /{}", max_size=12)


def _valid_id(param: Param) -> str:
    return data.ID_PREFIXES.get(param.name, ("x_",))[0] + "2abc"


def path_value(param: Param, step: int) -> st.SearchStrategy[Any]:
    reference = st.integers(0, step + 1).map(lambda n: f"{{{{{n}.id}}}}")
    return st.one_of(st.just(_valid_id(param)), reference, text, st.none())


def scalar_for(kind: str, enum: tuple[str, ...]) -> st.SearchStrategy[Any]:
    good = {
        "integer": st.integers(-5, 600),
        "number": st.floats(-5, 600, allow_nan=False),
        "boolean": st.booleans(),
        "object": st.dictionaries(st.sampled_from(["a", "b"]), st.integers(), max_size=2),
        "array": st.lists(st.text(max_size=3), max_size=3),
    }.get(kind, st.sampled_from(enum) if enum else st.text(max_size=6))
    junk = st.one_of(st.integers(), st.text(max_size=4), st.booleans(), st.none(), st.just([1]))
    return st.one_of(good, good, junk)


def query_for(endpoint: Endpoint) -> st.SearchStrategy[dict[str, Any]]:
    params = endpoint.query_params
    if not params:
        return st.just({})
    names = st.sampled_from([p.name for p in params] + ["bogus"])
    return st.dictionaries(
        names, st.integers(-1, 600) | st.text(max_size=5) | st.booleans(), max_size=3
    )


@st.composite
def body_for(draw: st.DrawFn, endpoint: Endpoint) -> Any:
    spec = endpoint.body
    if spec is None or draw(st.booleans()):
        return draw(st.sampled_from([None, None, {}, {"stray": 1}]))
    fields = list(spec.fields)
    chosen = draw(st.lists(st.sampled_from(fields), max_size=4)) if fields else []
    obj = {f.name: draw(scalar_for(f.type, f.enum)) for f in chosen}
    return [obj] if spec.is_array else obj


@st.composite
def steps(draw: st.DrawFn, number: int) -> Call:
    endpoint = draw(st.sampled_from(ENDPOINTS))
    method = draw(st.sampled_from([endpoint.method] * 4 + ["GET", "POST", "DELETE", "PATCH"]))
    path_params = {
        p.name: value
        for p in endpoint.path_params
        if (value := draw(path_value(p, number))) is not None
    }
    return Call(
        method, endpoint.path, path_params, draw(query_for(endpoint)), draw(body_for(endpoint))
    )


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    count = draw(st.integers(1, 4))
    return Plan(tuple(draw(steps(i)) for i in range(1, count + 1)))


def _case(token: str, upper: bool) -> str:
    return token.upper() if upper else token


@st.composite
def scope_strings(draw: st.DrawFn, grants: tuple[str, ...] = ("read", "write", "delete")) -> str:
    plain = st.sampled_from(grants)
    qualified = st.builds(lambda r, g: f"{r}:{g}", st.sampled_from(RESOURCES), plain)
    junk = st.sampled_from(["admin", "all", "*", "users:nuke", "x:y", "rw"])
    tokens = draw(st.lists(st.one_of(plain, qualified, junk), max_size=5))
    tokens = [_case(t, draw(st.booleans())) for t in tokens]
    separator = draw(st.sampled_from([",", ", ", " ", ";", " ,  "]))
    return separator.join(tokens)


policies = st.builds(
    Policy,
    scopes=scope_strings().map(parse_scopes),
    admin=st.booleans(),
    auto_reads=st.booleans(),
    production=st.booleans(),
)

# --------------------------------------------------------------------------- properties


@PROPERTY
@given(plan=plans(), policy=policies)
def test_verdicts_obey_the_rules(plan: Plan, policy: Policy) -> None:
    verdicts = check(plan, policy, CATALOG)
    assert len(verdicts) == len(plan.steps)
    for call, verdict in zip(plan.steps, verdicts, strict=True):
        blocked = bool(verdict.problems) or (bool(verdict.missing_scopes) and not policy.admin)
        assert verdict.allowed is not blocked  # a blocked step is never allowed
        if call.method == "GET" and not verdict.problems:
            assert verdict.allowed and verdict.missing_scopes == ()
        if policy.admin and not verdict.problems:
            assert verdict.allowed
        assert verdict.admin_bypass == (verdict.allowed and bool(verdict.missing_scopes))
        _confirm_matches_risk(call, verdict, policy)


def _confirm_matches_risk(call: Call, verdict, policy: Policy) -> None:
    if call.method == "DELETE":
        assert verdict.risk == "destructive"
    if call.method == "GET":
        assert verdict.risk == "read"
    if verdict.risk == "destructive":
        assert verdict.confirm == "typed" and verdict.typed_token and verdict.effects
    else:
        assert verdict.typed_token is None
    if verdict.risk == "write":
        assert verdict.confirm == "yes"
    if verdict.risk == "read":
        assert verdict.confirm == ("none" if policy.auto_reads else "yes")


@PROPERTY
@given(plan=plans(), scopes=scope_strings(grants=("read", "write")))
def test_delete_never_allowed_with_write_alone(plan: Plan, scopes: str) -> None:
    for call, verdict in zip(
        plan.steps, check(plan, Policy(parse_scopes(scopes)), CATALOG), strict=True
    ):
        if call.method == "DELETE":
            assert not verdict.allowed
            assert "delete" in verdict.missing_scopes


@PROPERTY
@given(plan=plans(), scopes=scope_strings(grants=("read", "delete")))
def test_non_get_never_allowed_without_write(plan: Plan, scopes: str) -> None:
    for call, verdict in zip(
        plan.steps, check(plan, Policy(parse_scopes(scopes)), CATALOG), strict=True
    ):
        if call.method != "GET":
            assert not verdict.allowed
            assert "write" in verdict.missing_scopes


VALID_GETS = [
    e for e in ENDPOINTS if e.method == "GET" and not any(p.required for p in e.query_params)
]


@PROPERTY
@given(endpoint=st.sampled_from(VALID_GETS), policy=policies, limit=st.integers(1, 10))
def test_a_valid_get_is_always_allowed(endpoint: Endpoint, policy: Policy, limit: int) -> None:
    params = {p.name: _valid_id(p) for p in endpoint.path_params}
    query = {"limit": limit} if endpoint.param("limit") else {}
    (verdict,) = check(Plan((Call("GET", endpoint.path, params, query),)), policy, CATALOG)
    assert verdict.problems == ()
    assert verdict.allowed and verdict.risk == "read"


@PROPERTY
@given(plan=plans(), scopes=scope_strings())
def test_admin_allows_exactly_the_steps_without_problems(plan: Plan, scopes: str) -> None:
    verdicts = check(plan, Policy(parse_scopes(scopes), admin=True), CATALOG)
    for verdict in verdicts:
        assert verdict.allowed is (verdict.problems == ())


@PROPERTY
@given(scopes=scope_strings())
def test_parse_scopes_never_fails_and_round_trips(scopes: str) -> None:
    parsed = parse_scopes(scopes)
    assert "read" in parsed.grants
    again = parse_scopes(",".join(parsed.describe()))
    assert (again.grants, again.resources) == (parsed.grants, parsed.resources)
