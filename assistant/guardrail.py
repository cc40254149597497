"""The guardrail: a pure function from (plan, policy, catalog) to one verdict per step.

No I/O and no network: everything it knows comes from its arguments and from the policy
data in `policy_data.py`. A step with any validation problem, or without the scopes its
method needs (and no admin bypass), is blocked and must never be sent.

Scopes follow Clerk's agent skill: GET is always allowed; POST/PUT/PATCH need `write`;
DELETE needs `write` and `delete`; unset means read-only. `users:write` style grants limit
a grant to one API tag (resource).
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from . import policy_data as data
from . import sets
from .models import (
    HTTP_METHODS,
    BodyField,
    Call,
    ConfirmLevel,
    Endpoint,
    ForEach,
    Param,
    Plan,
    Risk,
    Verdict,
)
from .references import REFERENCE, has_reference, steps_referenced
from .settings import DEFAULT_SET_CAP, Settings
from .spec import Catalog, strip_version_prefix
from .wire import segment_problem

GRANTS = ("read", "write", "delete")

# --------------------------------------------------------------------------- scopes


def resource_slug(name: str) -> str:
    """`Organization Memberships` -> `organization_memberships` (also for user input)."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def _singular(slug: str) -> str:
    if slug.endswith("sses"):
        return slug[:-2]
    return slug[:-1] if slug.endswith("s") else slug


def resource_names(tag: str) -> set[str]:
    """Every spelling that names the resource of `tag` in a scope string."""
    slug = resource_slug(tag)
    names = {slug, *data.RESOURCE_ALIASES.get(slug, ())}
    return names | {_singular(n) for n in names} | {n.replace("_", "") for n in names}


@dataclass(frozen=True, slots=True)
class Scopes:
    """Granted scopes: global grants plus (resource, grant) pairs; read is always granted."""

    grants: frozenset[str] = frozenset({"read"})
    resources: frozenset[tuple[str, str]] = frozenset()
    unknown: tuple[str, ...] = ()
    text: str | None = None

    def allows(self, grant: str, tag: str) -> bool:
        if grant in self.grants:
            return True
        names = resource_names(tag)
        return any(res in names and g == grant for res, g in self.resources)

    def describe(self) -> list[str]:
        qualified = sorted(f"{res}:{g}" for res, g in self.resources)
        return [g for g in GRANTS if g in self.grants] + qualified

    def unknown_resources(self, tags: Iterable[str]) -> list[str]:
        known = set().union(*(resource_names(t) for t in tags))
        return sorted({res for res, _ in self.resources if res not in known})


def parse_scopes(text: str | None) -> Scopes:
    """Parse `CLERK_BAPI_SCOPES`: commas/spaces/semicolons, any case; unknown tokens kept."""
    grants = {"read"}
    resources: set[tuple[str, str]] = set()
    unknown: list[str] = []
    for token in (t for t in re.split(r"[\s,;]+", (text or "").strip().lower()) if t):
        parsed = _parse_token(token)
        if parsed is None:
            unknown.append(token)
        elif parsed[0] == "":
            grants.add(parsed[1])
        else:
            resources.add(parsed)
    return Scopes(frozenset(grants), frozenset(resources), tuple(unknown), text)


def unknown_scopes_message(text: str | None) -> str | None:
    """One line naming the tokens `parse_scopes` cannot read, or None when all are known."""
    unknown = parse_scopes(text).unknown
    if not unknown:
        return None
    return (
        f"unknown scope token(s) {', '.join(unknown)}: use read, write, delete or "
        "RESOURCE:GRANT (e.g. users:write, organizations:delete)"
    )


def _parse_token(token: str) -> tuple[str, str] | None:
    """`write` -> ("", "write"); `users:write` or `write:users` -> ("users", "write")."""
    if token in GRANTS:
        return "", token
    left, sep, right = token.partition(":")
    if not sep:
        return None
    if right in GRANTS and resource_slug(left):
        return resource_slug(left), right
    if left in GRANTS and resource_slug(right):
        return resource_slug(right), left
    return None


@dataclass(frozen=True, slots=True)
class Policy:
    scopes: Scopes = field(default_factory=Scopes)
    admin: bool = False
    auto_reads: bool = False
    production: bool = False
    page_cap: int = 1000  # most items an all-pages walk collects (CLERK_ASSISTANT_PAGE_CAP)
    set_cap: int = DEFAULT_SET_CAP  # most items one set step touches (CLERK_ASSISTANT_SET_CAP)


def required_scopes(method: str) -> tuple[str, ...]:
    method = method.upper()
    if method == "GET":
        return ("read",)
    return ("write", "delete") if method == "DELETE" else ("write",)


def missing_scopes(method: str, scopes: Scopes, tag: str) -> tuple[str, ...]:
    return tuple(g for g in required_scopes(method) if not scopes.allows(g, tag))


# --------------------------------------------------------------------------- risk, effects


def risk_of(method: str, endpoint: Endpoint | None) -> Risk:
    method = method.upper()
    if method == "DELETE":
        return "destructive"
    if endpoint is not None and endpoint.key in data.IRREVERSIBLE_EFFECTS:
        return "destructive"
    return "read" if method == "GET" else "write"


def effects_for(endpoint: Endpoint) -> list[str]:
    """What a destructive operation loses; [] for reads and ordinary writes."""
    known = data.DELETE_EFFECTS.get(endpoint.key) or data.IRREVERSIBLE_EFFECTS.get(endpoint.key)
    if known:
        return [known]
    if risk_of(endpoint.method, endpoint) != "destructive":
        return []
    # A DELETE from another spec version that the data does not name yet.
    what = endpoint.summary.rstrip(".") or f"{endpoint.method} {endpoint.path}"
    return [f"{what}: the removed data cannot be restored."]


# --------------------------------------------------------------------------- validation


def id_prefixes(param: Param) -> tuple[str, ...]:
    """The Clerk id prefixes a path parameter's values must carry (() when unchecked)."""
    description = param.description.lower()
    if any(hint in description for hint in data.ID_OR_NAME_HINTS):
        return ()
    return data.ID_PREFIXES.get(param.name, ())


def reference_problems(call: Call, step: int) -> list[str]:
    values = [call.path_params, call.query, call.body]
    return [
        f"{{{{{n}...}}}} refers to step {n}; a step may only use responses of earlier steps"
        for n in sorted(steps_referenced(values))
        if not 1 <= n < step
    ]


def path_problems(call: Call, endpoint: Endpoint) -> list[str]:
    template = {p.name: p for p in endpoint.path_params}
    problems = [
        f"path parameter {name!r} is not part of {endpoint.path}"
        for name in call.path_params
        if name not in template
    ]
    for name, param in template.items():
        problems += _path_value_problems(param, call.path_params.get(name))
    return problems


def _path_value_problems(param: Param, value: Any) -> list[str]:
    if value is None or value == "":
        return [f"missing path parameter {param.name!r}"]
    if has_reference(value):
        return []
    text = str(value)
    if text.startswith("{") and text.endswith("}"):
        return [f"path parameter {param.name!r} is still the placeholder {text}"]
    problem = segment_problem(param.name, text)  # the executor asks the same question
    if problem:
        return [problem]
    prefixes = id_prefixes(param)
    if prefixes and not text.startswith(prefixes):
        shape = " or ".join(f"{p}..." for p in prefixes)
        return [f"{param.name} should be a Clerk id like {shape}, got {text!r}"]
    return []


def query_problems(call: Call, endpoint: Endpoint) -> list[str]:
    params = {p.name: p for p in endpoint.query_params}
    problems = [
        f"missing required query parameter {p.name!r}"
        for p in params.values()
        if p.required and p.name not in call.query
    ]
    for name, value in call.query.items():
        param = params.get(name)
        if param is None:
            problems.append(_unknown(name, "query parameter", list(params), endpoint))
        else:
            problems += _query_value_problems(param, value)
    return problems


def _unknown(name: str, what: str, known: list[str], endpoint: Endpoint) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown {what} {name!r} for {endpoint.key}{hint}"


def _query_value_problems(param: Param, value: Any) -> list[str]:
    if isinstance(value, list | tuple) and not param.is_array:
        return [f"query parameter {param.name!r} takes one value, got a list"]
    items = list(value) if isinstance(value, list | tuple) else [value]
    return [p for item in items for p in _scalar_problems(param, item)]


def _scalar_problems(param: Param, value: Any) -> list[str]:
    if isinstance(value, str) and has_reference(value):
        return []
    number = _as_type(param.type, value)
    if number is _WRONG:
        return [f"query parameter {param.name!r} must be {_a(param.type)}, got {value!r}"]
    if param.enum and _wire(value) not in param.enum:
        return [f"{param.name}={value!r} is not one of {', '.join(param.enum)}"]
    return _range_problems(param, number)


_WRONG = object()


def _as_type(kind: str, value: Any) -> Any:
    """The value as the spec's type (query strings arrive as text), or _WRONG."""
    if kind in ("integer", "number"):
        if isinstance(value, bool):
            return _WRONG
        if isinstance(value, int) or (kind == "number" and isinstance(value, float)):
            return value
        pattern = r"-?\d+" if kind == "integer" else r"-?\d+(\.\d+)?"
        if isinstance(value, str) and re.fullmatch(pattern, value.strip()):
            return float(value) if "." in value else int(value)
        return _WRONG
    if kind == "boolean":
        ok = isinstance(value, bool) or str(value).lower() in ("true", "false")
        return value if ok else _WRONG
    if kind == "string" and isinstance(value, dict | list | bool):
        return _WRONG
    return value


def _wire(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _a(kind: str) -> str:
    return f"an {kind}" if kind[:1] in "aeiou" else f"a {kind}"


def _range_problems(param: Param, number: Any) -> list[str]:
    if not isinstance(number, int | float):
        return []
    if param.minimum is not None and number < param.minimum:
        return [f"{param.name}={number} is below the minimum {param.minimum:g}"]
    if param.maximum is not None and number > param.maximum:
        return [f"{param.name}={number} is above the maximum {param.maximum:g}"]
    return []


def body_problems(call: Call, endpoint: Endpoint) -> list[str]:
    spec = endpoint.body
    if spec is None:
        return [] if call.body in (None, {}, []) else [f"{endpoint.key} takes no request body"]
    if call.body is None:
        needed = [f.name for f in spec.fields if f.required]
        if spec.required or needed:
            return [f"{endpoint.key} needs a JSON body with: {', '.join(needed) or 'fields'}"]
        return []
    if has_reference(call.body) and isinstance(call.body, str):
        return []
    return (
        _array_body_problems(call.body, endpoint)
        if spec.is_array
        else _object_problems(call.body, endpoint, "")
    )


def _array_body_problems(body: Any, endpoint: Endpoint) -> list[str]:
    assert endpoint.body is not None
    if not isinstance(body, list):
        return [f"{endpoint.key} takes a JSON array body, got {type(body).__name__}"]
    problems: list[str] = []
    if endpoint.body.max_items is not None and len(body) > endpoint.body.max_items:
        problems.append(f"{len(body)} items exceed the maximum of {endpoint.body.max_items}")
    for index, item in enumerate(body, 1):
        problems += _object_problems(item, endpoint, f"item {index}: ")
    return problems


def _object_problems(body: Any, endpoint: Endpoint, where: str) -> list[str]:
    assert endpoint.body is not None
    if not isinstance(body, dict):
        return [f"{where}{endpoint.key} takes a JSON object body, got {type(body).__name__}"]
    fields = {f.name: f for f in endpoint.body.fields}
    problems = [
        f"{where}missing required body field {f.name!r}"
        for f in fields.values()
        if f.required and body.get(f.name) is None
    ]
    for name, value in body.items():
        spec = fields.get(name)
        if spec is None and fields:
            problems.append(where + _unknown(name, "body field", list(fields), endpoint))
        elif spec is not None:
            problems += [where + p for p in _field_problems(spec, value)]
    return problems


_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "object": (dict,),
    "array": (list,),
}


def _field_problems(spec: BodyField, value: Any) -> list[str]:
    if value is None or (isinstance(value, str) and REFERENCE.fullmatch(value.strip())):
        return []  # null clears an optional field; a reference takes the referenced type
    if not _json_type_ok(spec.type, value):
        return [f"body field {spec.name!r} must be {_a(spec.type)}, got {_json_name(value)}"]
    if spec.is_array:
        return [p for item in value for p in _item_problems(spec, item)]
    if spec.enum and str(value) not in spec.enum:
        return [f"{spec.name}={value!r} is not one of {', '.join(spec.enum)}"]
    return []


def _item_problems(spec: BodyField, item: Any) -> list[str]:
    if isinstance(item, str) and REFERENCE.fullmatch(item.strip()):
        return []
    if spec.item_type and not _json_type_ok(spec.item_type, item):
        wanted = _a(spec.item_type)
        return [f"items of {spec.name!r} must each be {wanted}, got {_json_name(item)}"]
    if spec.enum and str(item) not in spec.enum:
        return [f"{spec.name} item {item!r} is not one of {', '.join(spec.enum)}"]
    return []


def _json_type_ok(kind: str, value: Any) -> bool:
    allowed = _JSON_TYPES.get(kind)
    if allowed is None:
        return True  # "any" or a type the compiler could not name
    if isinstance(value, bool) and kind != "boolean":
        return False  # bool is an int in Python, never in JSON
    return isinstance(value, allowed)


def _json_name(value: Any) -> str:
    names = {bool: "a boolean", str: "a string", dict: "an object", list: "an array"}
    return next((n for t, n in names.items() if isinstance(value, t)), f"{value!r}")


def endpoint_problems(call: Call, endpoint: Endpoint | None, catalog: Catalog) -> list[str]:
    if call.method.upper() not in HTTP_METHODS:
        return [f"unknown HTTP method {call.method!r}; use one of {', '.join(HTTP_METHODS)}"]
    if endpoint is not None:
        return []
    closest = catalog.closest(call.method, call.path, 3)
    hint = f"; closest: {', '.join(e.key for e in closest)}" if closest else ""
    return [f"no endpoint {call.method.upper()} {call.path} in spec {catalog.version}{hint}"]


def validate(call: Call, step: int, catalog: Catalog) -> list[str]:
    """Every reason the step does not fit the spec (empty: it fits)."""
    endpoint = catalog.get(call.method, call.path)
    problems = endpoint_problems(call, endpoint, catalog) + reference_problems(call, step)
    if endpoint is None:
        return problems
    return (
        problems
        + path_problems(call, endpoint)
        + query_problems(call, endpoint)
        + body_problems(call, endpoint)
        + all_pages_problems(call, endpoint)
    )


def pageable(endpoint: Endpoint) -> bool:
    """A list GET that takes `limit`: the only kind of call an all-pages walk can page."""
    limit = endpoint.param("limit")
    return endpoint.method == "GET" and limit is not None and limit.location == "query"


def all_pages_problems(call: Call, endpoint: Endpoint) -> list[str]:
    if not call.all_pages or pageable(endpoint):
        return []
    return [f"all pages: {endpoint.key} is not a paginated list (no limit parameter)"]


# --------------------------------------------------------------------------- warnings


def metadata_warnings(call: Call, endpoint: Endpoint) -> list[str]:
    items = call.body if isinstance(call.body, list) else [call.body]
    keys = sorted({k for item in items if isinstance(item, dict) for k in item})
    return [
        f"writes {key} ({data.METADATA_MEANING[key]}); {_metadata_mode(endpoint, key)}"
        for key in keys
        if key in data.METADATA_MEANING
    ]


def _metadata_mode(endpoint: Endpoint, key: str) -> str:
    spec = endpoint.body.field(key) if endpoint.body else None
    description = spec.description.lower() if spec else ""
    if "replaced entirely" in description or endpoint.method == "PUT":
        return "PUT replaces the whole object: keys you leave out are deleted"
    if "merged" in description or endpoint.path.endswith("/metadata"):
        return "PATCH merges: given keys are added or overwritten, null removes a key"
    if endpoint.method == "POST":
        return "sets the initial value"
    return "overwrites the stored object; use PATCH .../metadata to merge instead"


def bulk_warnings(call: Call, write_steps: int) -> list[str]:
    warnings: list[str] = []
    if isinstance(call.body, list) and len(call.body) >= data.BULK_ITEMS:
        warnings.append(f"bulk: {len(call.body)} items in one call")
    if isinstance(call.body, dict):
        warnings += [
            f"bulk: {len(v)} {k} in one call"
            for k, v in call.body.items()
            if isinstance(v, list) and len(v) >= data.BULK_ITEMS
        ]
    if call.method.upper() != "GET" and write_steps >= data.BULK_STEPS:
        warnings.append(f"bulk: this plan has {write_steps} write steps")
    return warnings


def pagination_warnings(call: Call, endpoint: Endpoint, page_cap: int = 1000) -> list[str]:
    if not pageable(endpoint):
        return []
    if call.all_pages:
        return [
            f"all pages: one request per page, stopping at {page_cap} items "
            "(the page cap, CLERK_ASSISTANT_PAGE_CAP)"
        ]
    limit = endpoint.param("limit")
    assert limit is not None  # pageable() checked it
    given = call.query.get("limit")
    if given is None:
        cap = f", max {limit.maximum:g}" if limit.maximum is not None else ""
        return [f"returns one page of at most {limit.default} items (limit{cap}); more may exist"]
    if has_reference(given):
        return []
    return [f"returns at most {given} items; use offset or starting_after for more pages"]


def deprecation_warnings(endpoint: Endpoint, catalog: Catalog) -> list[str]:
    if not endpoint.deprecated:
        return []
    replacement = data.REPLACEMENTS.get(endpoint.key)
    method, _, path = (replacement or "").partition(" ")
    if replacement and catalog.get(method, path) is not None:
        return [f"deprecated endpoint; use {replacement} instead"]
    return ["deprecated endpoint: it may be removed in a future API version"]


def scope_warnings(
    method: str, missing: tuple[str, ...], policy: Policy, tag: str, valid: bool = True
) -> list[str]:
    warnings: list[str] = []
    scopes = policy.scopes
    if scopes.unknown and method.upper() != "GET":
        warnings.append(f"ignored unknown scope token(s): {', '.join(scopes.unknown)}")
    if not missing:
        return warnings
    if policy.admin:  # the bypass only matters (and is only claimed) for a valid step
        bypass = f"admin mode: scope check bypassed (missing {', '.join(missing)})"
        return [*warnings, bypass] if valid else warnings
    slug = resource_slug(tag)
    grant = ",".join(required_scopes(method))
    qualified = ",".join(f"{slug}:{g}" for g in required_scopes(method))
    hint = f"needs CLERK_BAPI_SCOPES={grant} (or {qualified}), or --admin"
    return [*warnings, f"missing scope {', '.join(missing)}: {hint}"]


@dataclass(frozen=True, slots=True)
class _PlanContext:
    """What every step's check needs to know about the whole plan."""

    catalog: Catalog
    write_steps: int
    scope_notes: list[str]


def step_warnings(
    call: Call, endpoint: Endpoint, policy: Policy, context: _PlanContext
) -> list[str]:
    warnings = metadata_warnings(call, endpoint) + bulk_warnings(call, context.write_steps)
    warnings += pagination_warnings(call, endpoint, policy.page_cap)
    warnings += deprecation_warnings(endpoint, context.catalog)
    if policy.production and call.method.upper() != "GET":
        warnings.append("production instance (sk_live_ key): this changes live data")
    return warnings + context.scope_notes


# --------------------------------------------------------------------------- verdicts


def confirm_level(risk: Risk, policy: Policy) -> ConfirmLevel:
    if risk == "destructive":
        return "typed"
    return "none" if risk == "read" and policy.auto_reads else "yes"


def typed_token(call: Call, endpoint: Endpoint | None) -> str:
    """The resource id from the path (last concrete path parameter), else `delete`."""
    names = [p.name for p in endpoint.path_params] if endpoint else list(call.path_params)
    for name in reversed(names):
        value = call.path_params.get(name)
        if value not in (None, "") and not has_reference(value):
            return str(value)
    return "delete"


def tag_of(call: Call, endpoint: Endpoint | None) -> str:
    if endpoint is not None:
        return endpoint.tag
    first = strip_version_prefix(call.path).strip("/").split("/", 1)[0]
    return first or "other"


def check_step(call: Call, step: int, policy: Policy, context: _PlanContext) -> Verdict:
    catalog = context.catalog
    endpoint = catalog.get(call.method, call.path)
    problems = validate(call, step, catalog)
    risk = risk_of(call.method, endpoint)
    tag = tag_of(call, endpoint)
    missing = missing_scopes(call.method, policy.scopes, tag)
    warnings = step_warnings(call, endpoint, policy, context) if endpoint else []
    warnings += scope_warnings(call.method, missing, policy, tag, valid=not problems)
    return Verdict(
        allowed=not problems and (not missing or policy.admin),
        risk=risk,
        confirm=confirm_level(risk, policy),
        required_scopes=required_scopes(call.method),
        missing_scopes=missing,
        problems=tuple(problems),
        effects=tuple(effects_for(endpoint) if endpoint else _unknown_effects(risk)),
        warnings=tuple(warnings),
        admin_bypass=policy.admin and bool(missing) and not problems,
        typed_token=typed_token(call, endpoint) if risk == "destructive" else None,
        resource=resource_slug(tag),
    )


def _unknown_effects(risk: Risk) -> list[str]:
    return ["unknown endpoint: what it destroys cannot be known"] if risk == "destructive" else []


def check(plan: Plan, policy: Policy, catalog: Catalog) -> list[Verdict]:
    """One verdict per step, in order. Pure: same inputs, same verdicts."""
    context = _plan_context(plan, policy, catalog)
    return [_check_any(plan, i, policy, context) for i in range(1, len(plan.steps) + 1)]


def recheck_filled(
    plan: Plan, step: int, filled: Call, policy: Policy, catalog: Catalog
) -> Verdict:
    """The verdict for step `step` (1-based) once its `{{N.path}}` references hold the
    values a response gave: those values are checked like typed ones (a `..` id is a
    dot segment, a `user_` id must look like one), and the typed token is the real id."""
    return check_step(filled, step, policy, _plan_context(plan, policy, catalog))


def _plan_context(plan: Plan, policy: Policy, catalog: Catalog) -> _PlanContext:
    write_steps = sum(1 for s in plan.steps if s.method.upper() != "GET")
    unknown = policy.scopes.unknown_resources(catalog.tags())
    notes = [f"scope names no API resource, ignored: {', '.join(unknown)}"] if unknown else []
    return _PlanContext(catalog, write_steps, notes)


def policy_for(settings: Settings, auto_reads: bool = False) -> Policy:
    """The policy a session runs under: scopes, admin and production from its settings."""
    return Policy(
        scopes=parse_scopes(settings.scopes),
        admin=settings.admin,
        auto_reads=auto_reads,
        production=settings.instance_kind == "production",
        page_cap=settings.page_cap,
        set_cap=settings.set_cap,
    )


# --------------------------------------------------------------------------- set steps
# A set step (`for_each`) is checked once, as a template whose `{{item.x}}` values come
# from the listed step; its size is judged when the list is known (`sized_verdict`), and
# every filled-in call is checked again before it is sent (`check_unit`).


def _check_any(plan: Plan, step: int, policy: Policy, context: _PlanContext) -> Verdict:
    call = plan.steps[step - 1]
    if call.for_each is not None:
        return check_set_step(plan, step, policy, context)
    verdict = check_step(call, step, policy, context)
    if not sets.has_item_reference(call):
        return verdict
    stray = "{{item...}} values are only for set steps (for_each)"
    return _with_problems(verdict, [stray])


def _with_problems(verdict: Verdict, problems: list[str]) -> Verdict:
    if not problems:
        return verdict
    return dataclasses.replace(
        verdict,
        allowed=False,
        problems=verdict.problems + tuple(problems),
        admin_bypass=False,
    )


def check_set_step(plan: Plan, step: int, policy: Policy, context: _PlanContext) -> Verdict:
    call = plan.steps[step - 1]
    verdict = check_step(sets.template_view(call), step, policy, context)
    verdict = _with_problems(verdict, set_problems(plan, step, context.catalog))
    assert call.for_each is not None
    note = f"set: one call per {_unit_word(call.for_each)} of step {call.for_each.step}"
    note += f", at most {policy.set_cap} items (CLERK_ASSISTANT_SET_CAP)"
    token = f"{set_verb(call)} <count>" if verdict.risk == "destructive" else None
    return dataclasses.replace(verdict, warnings=(*verdict.warnings, note), typed_token=token)


def set_verb(call: Call) -> str:
    """The word a destructive set's typed confirmation starts with: `delete` for DELETE,
    else the action at the end of the path (`ban`, `revoke`, ...)."""
    if call.method.upper() == "DELETE":
        return "delete"
    words = [p for p in call.path.strip("/").split("/") if p and not p.startswith("{")]
    return words[-1] if words else call.method.lower()


def _unit_word(for_each: ForEach) -> str:
    return f"batch of up to {for_each.batch} items" if for_each.batch else "item"


def set_problems(plan: Plan, step: int, catalog: Catalog) -> list[str]:
    """Why a set step cannot run as written (empty: it can)."""
    call = plan.steps[step - 1]
    assert call.for_each is not None
    source = call.for_each.step
    if not 1 <= source < step:
        return [f"for_each.step {source} must be an earlier step (1 to {step - 1})"]
    problems = _source_problems(plan.steps[source - 1], source, catalog)
    problems += sets.where_problems(call.for_each.where)
    problems += _reference_kind_problems(call)
    endpoint = catalog.get(call.method, call.path)
    if endpoint is not None:
        problems += _batch_problems(call.for_each, endpoint)
    return problems


def _source_problems(listed: Call, source: int, catalog: Catalog) -> list[str]:
    endpoint = catalog.get(listed.method, listed.path)
    if endpoint is None or not pageable(endpoint) or listed.for_each is not None:
        return [f"for_each: step {source} must be a list GET (a paginated list endpoint)"]
    if not listed.all_pages:
        return [f"for_each: step {source} must walk all pages (all_pages: true)"]
    return []


def _reference_kind_problems(call: Call) -> list[str]:
    kinds = {kind for kind, _ in sets.item_references([call.path_params, call.query, call.body])}
    assert call.for_each is not None
    if not kinds:
        return ["a set step must use {{item.<field>}} (or {{items.<field>}} with batch)"]
    if "items" in kinds and call.for_each.batch is None:
        return ["{{items...}} takes a batch: set for_each.batch"]
    return []


def _batch_problems(for_each: ForEach, endpoint: Endpoint) -> list[str]:
    if for_each.batch is None:
        return []
    limit = sets.batch_limit(endpoint)
    if limit is None:
        return [f"for_each.batch: {endpoint.key} is not a bulk endpoint; drop batch"]
    if not 1 <= for_each.batch <= limit:
        return [f"for_each.batch {for_each.batch}: {endpoint.key} takes 1 to {limit} items"]
    return []


def sized_verdict(
    call: Call, verdict: Verdict, count: int, policy: Policy, list_capped: bool = False
) -> Verdict:
    """The set step's verdict once the list is known: over the cap it is blocked; a
    destructive set is confirmed by typing the count (`delete 37`). A list cut short by
    the page cap is blocked too: the set would silently miss the items past it."""
    token = f"{set_verb(call)} {count}" if verdict.risk == "destructive" else None
    sized = dataclasses.replace(verdict, typed_token=token)
    if list_capped:
        cut = (
            f"the list stopped at the page cap ({policy.page_cap} items), so the set would "
            "miss the rest: raise CLERK_ASSISTANT_PAGE_CAP, or narrow the request"
        )
        return _with_problems(sized, [cut])
    if count <= policy.set_cap:
        return sized
    over = (
        f"the set has {count} items, over the cap of {policy.set_cap}: raise "
        "CLERK_ASSISTANT_SET_CAP to run it, or narrow the request"
    )
    return _with_problems(sized, [over])


def check_unit(call: Call, step: int, policy: Policy, catalog: Catalog) -> Verdict:
    """One filled-in call of a set, checked again before it is sent: item values came
    from a response, so they get the same checks as any typed value (one path segment,
    id prefix, body types, batch size)."""
    context = _PlanContext(catalog, 1, [])
    verdict = check_step(call, step, policy, context)
    endpoint = catalog.get(call.method, call.path)
    limit = sets.batch_limit(endpoint) if endpoint else None
    field = sets.BULK_FIELD_LIMITS.get(endpoint.key if endpoint else "", ("", 0))[0]
    values = call.body.get(field) if isinstance(call.body, dict) and field else call.body
    too_many = isinstance(values, list) and limit is not None and len(values) > limit
    return _with_problems(verdict, [f"{len(values)} items exceed {limit}"] if too_many else [])
