"""Tool inputs checked for shape before they become calls, questions or answers.

The model's tool input is JSON it wrote; the schema in the request is guidance, not a
guarantee (propose_plan cannot be a `strict` tool: path_params, query and body are open
maps, which strict schemas cannot express). A string where an object belongs, "true" for
a boolean or an empty question goes back to the model as a problem line in the correction
round, instead of becoming an internal error or being silently dropped.
"""

from __future__ import annotations

from typing import Any

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
_MAPS = ("path_params", "query")


def input_problems(name: str, data: Any) -> list[str]:
    """Every way `data` does not have the shape tool `name` takes (empty: it does)."""
    if not isinstance(data, dict):
        return [f"{name}: the input must be a JSON object, got {_kind(data)}"]
    check = _CHECKS.get(name)
    return check(data) if check else []


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    return names.get(type(value), "a number" if isinstance(value, int | float) else "null")


def _text(data: dict[str, Any], tool: str, field: str) -> list[str]:
    value = data.get(field)
    if not isinstance(value, str):
        return [f"{tool}: {field} must be a string, got {_kind(value)}"]
    if not value.strip():
        return [f"{tool}: {field} must not be empty"]
    return []


def _plan(data: dict[str, Any]) -> list[str]:
    steps = data.get("steps")
    problems = [] if data.get("note") is None else _optional_text(data, "note", "propose_plan")
    if not isinstance(steps, list) or not steps:
        return [*problems, f"propose_plan: steps must be a non-empty array, got {_kind(steps)}"]
    for number, step in enumerate(steps, 1):
        problems += _step(number, step)
    return problems


def _step(number: int, step: Any) -> list[str]:
    where = f"step {number}"
    if not isinstance(step, dict):
        return [f"{where}: must be an object with method and path, got {_kind(step)}"]
    problems = _method_and_path(where, step)
    for field in _MAPS:
        if field in step and step[field] is not None and not isinstance(step[field], dict):
            problems.append(f"{where}: {field} must be an object, got {_kind(step[field])}")
    body = step.get("body")
    if body is not None and not isinstance(body, dict | list):
        problems.append(f"{where}: body must be a JSON object (or array), got {_kind(body)}")
    if "all_pages" in step and not isinstance(step["all_pages"], bool):
        problems.append(f"{where}: all_pages must be true or false, got {_kind(step['all_pages'])}")
    return problems + _optional_text(step, "why", where)


def _method_and_path(where: str, step: dict[str, Any]) -> list[str]:
    problems = []
    method = step.get("method")
    if not isinstance(method, str) or method.upper() not in METHODS:
        problems.append(f"{where}: method must be one of {', '.join(METHODS)}, got {method!r}")
    path = step.get("path")
    if not isinstance(path, str) or not path.startswith("/"):
        problems.append(f"{where}: path must be a spec path such as /users/{{user_id}}")
    return problems


def _optional_text(data: dict[str, Any], field: str, where: str) -> list[str]:
    value = data.get(field)
    if value is None or isinstance(value, str):
        return []
    return [f"{where}: {field} must be a string, got {_kind(value)}"]


def _lookup(data: dict[str, Any]) -> list[str]:
    return _text(data, "get_endpoint", "method") + _text(data, "get_endpoint", "path")


_CHECKS = {
    "propose_plan": _plan,
    "ask_user": lambda data: _text(data, "ask_user", "question"),
    "answer": lambda data: _text(data, "answer", "text"),
    "search_endpoints": lambda data: _text(data, "search_endpoints", "query"),
    "get_endpoint": _lookup,
}
