"""Check eval batches against a spec: every step's path template and method exist, every
expected parameter is a path/query parameter or top-level body field, clarify <=> no steps.

    python bench/check_cases.py SPEC.yml FILE.jsonl [FILE.jsonl ...]

Prints one line per problem and exits 1 when there is any.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml


def _deref(node: dict, components: dict) -> dict:
    ref = node.get("$ref", "")
    if not ref:
        return node
    _, _, section, name = ref.split("/")
    return components[section][name]


def known_names(doc: dict, method: str, path: str) -> set[str]:
    """Parameter names and top-level JSON body fields of one operation."""
    item, components = doc["paths"][path], doc.get("components", {})
    operation = item[method.lower()]
    raw = item.get("parameters", []) + operation.get("parameters", [])
    names = {_deref(p, components)["name"] for p in raw}
    content = operation.get("requestBody", {}).get("content", {})
    schema = _deref(content.get("application/json", {}).get("schema", {}), components)
    return names | set(schema.get("properties", {}))


def problems(doc: dict, case: dict) -> list[str]:
    found = []
    if bool(case.get("clarify")) != (not case["steps"]):
        found.append(f"{case['id']}: clarify flag and steps disagree")
    for step in case["steps"]:
        method, path = step["method"], step["path"]
        if method.lower() not in doc["paths"].get(path, {}):
            found.append(f"{case['id']}: no {method} {path}")
            continue
        unknown = set(step["params"]) - known_names(doc, method, path)
        if unknown:
            found.append(f"{case['id']}: {method} {path} has no {sorted(unknown)}")
    return found


def main(argv: list[str]) -> int:
    doc = yaml.load(Path(argv[0]).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    found = []
    for name in argv[1:]:
        for line in Path(name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                found += problems(doc, json.loads(line))
    print("\n".join(found) or "all cases check out")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
