"""Small builders shared by the guardrail tests."""

from __future__ import annotations

from typing import Any

from assistant.guardrail import Policy, check, parse_scopes
from assistant.models import Call, Plan, Verdict
from assistant.spec import Catalog


def call(method: str, path: str, body: Any = None, **path_params: Any) -> Call:
    return Call(method, path, dict(path_params), {}, body)


def verdict_of(catalog: Catalog, step: Call, scopes: str | None = None, **policy: Any) -> Verdict:
    return check(Plan((step,)), Policy(parse_scopes(scopes), **policy), catalog)[0]
