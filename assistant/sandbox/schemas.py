"""The spec's schemas as JSON Schema: validators for requests and responses, and synthesis.

OpenAPI 3.0 schemas are almost JSON Schema draft 7; the two differences that matter here
are `nullable: true` (rewritten as `anyOf [..., {"type": "null"}]`) and the boolean
`exclusiveMinimum`/`exclusiveMaximum` of draft 4. The converted document is registered
once with `referencing`, so every `$ref` resolves against it by JSON pointer.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from ..spec import RefResolver

DOC_URI = "urn:clerk-bapi"
# A fixed instant (2026-01-01T00:00:00Z) so synthesized answers are reproducible.
FIXED_MS = 1767225600000


def to_json_schema(node: Any) -> Any:
    """Convert one OpenAPI 3.0 schema node (recursively) into draft-7 JSON Schema."""
    if isinstance(node, list):
        return [to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: to_json_schema(value) for key, value in node.items() if key != "nullable"}
    if isinstance(converted.get("$ref"), str) and converted["$ref"].startswith("#/"):
        converted["$ref"] = DOC_URI + converted["$ref"]  # absolute: valid from any schema
    for bound in ("Minimum", "Maximum"):
        if converted.get(f"exclusive{bound}") is True and bound.lower() in converted:
            converted[f"exclusive{bound}"] = converted.pop(bound.lower())
        elif isinstance(converted.get(f"exclusive{bound}"), bool):
            converted.pop(f"exclusive{bound}")
    if node.get("nullable") is True:
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


def pointer(*parts: str) -> str:
    escaped = (p.replace("~", "~0").replace("/", "~1") for p in parts)
    return f"{DOC_URI}#/" + "/".join(escaped)


class SchemaSet:
    """Validators for the spec's request bodies and responses, built lazily and cached."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.refs = RefResolver(document)  # follows the raw (OpenAPI) document's local $refs
        self.converted = to_json_schema(document)
        resource = Resource.from_contents(self.converted, default_specification=DRAFT7)
        self.registry: Registry = Registry().with_resource(DOC_URI, resource)
        self._validators: dict[str, Draft7Validator] = {}

    def validator(self, ref: str) -> Draft7Validator:
        """A validator for the schema at `ref` (a `pointer(...)` into the document)."""
        found = self._validators.get(ref)
        if found is None:
            found = Draft7Validator({"$ref": ref}, registry=self.registry)
            self._validators[ref] = found
        return found

    def component(self, name: str) -> dict[str, Any]:
        return self.document["components"]["schemas"][name]


# --------------------------------------------------------------------------- synthesis


class Synthesizer:
    """Builds a value that is valid against an OpenAPI schema (all properties present)."""

    max_depth = 10

    def __init__(self, schemas: SchemaSet) -> None:
        self.schemas = schemas

    def value(self, schema: Any, name: str = "", depth: int = 0) -> Any:
        raw = schema if isinstance(schema, dict) else {}
        schema = self.schemas.refs.deref(raw)
        if "allOf" in schema:
            return self._all_of(schema, name, depth)
        for key in ("oneOf", "anyOf"):
            if schema.get(key):
                return self._one_of(schema, key, name, depth)
        if "enum" in schema:
            return next((v for v in schema["enum"] if v is not None), None)
        kind = _kind(schema)
        maker = getattr(self, f"_{kind}", None)
        return maker(schema, name, depth) if maker else {}

    def _all_of(self, schema: dict[str, Any], name: str, depth: int) -> Any:
        merged: dict[str, Any] = {}
        rest = {k: v for k, v in schema.items() if k != "allOf"}
        for part in [*schema["allOf"], rest]:
            part_value = self.value(part, name, depth)
            if isinstance(part_value, dict):
                merged.update(part_value)
        return merged

    def _one_of(self, schema: dict[str, Any], key: str, name: str, depth: int) -> Any:
        # Variants may only add `required` to shared properties (SAMLConnection's anyOf), so
        # each candidate is the shared part merged with the variant; the first candidate
        # valid against the whole choice wins (oneOf needs exactly one match).
        shared = {k: v for k, v in schema.items() if k not in (key, "discriminator")}
        base = self.value(shared, name, depth) if _kind(shared) != "any" else None
        candidates = [_merge(base, self.value(v, name, depth)) for v in schema[key]]
        whole = to_json_schema({k: v for k, v in schema.items() if k != "nullable"})
        check = Draft7Validator(whole, registry=self.schemas.registry)
        return next((c for c in candidates if check.is_valid(c)), candidates[0])

    def _object(self, schema: dict[str, Any], name: str, depth: int) -> dict[str, Any]:
        required = set(schema.get("required", []))
        result: dict[str, Any] = {}
        for prop, sub in schema.get("properties", {}).items():
            if depth >= self.max_depth and prop not in required:
                continue
            resolved = self.schemas.refs.deref(sub)
            nullable = isinstance(resolved, dict) and resolved.get("nullable") is True
            if nullable:  # Clerk answers null for most unset nullable fields
                result[prop] = None
            else:
                result[prop] = self.value(sub, prop, depth + 1)
        for missing in required - set(result):  # required but never described: any value
            result[missing] = None
        return result

    def _array(self, schema: dict[str, Any], name: str, depth: int) -> list[Any]:
        count = int(schema.get("minItems", 0))
        return [self.value(schema.get("items", {}), name, depth + 1) for _ in range(count)]

    def _string(self, schema: dict[str, Any], name: str, depth: int) -> str:
        example = schema.get("example")
        pattern = schema.get("pattern")
        if isinstance(example, str) and (not pattern or re.search(pattern, example)):
            return example
        text = string_for_pattern(pattern) if pattern else None
        text = text or _string_by_format(schema.get("format")) or _string_by_name(name)
        return text.ljust(int(schema.get("minLength", 0)), "x")

    def _integer(self, schema: dict[str, Any], name: str, depth: int) -> int:
        return int(self._number(schema, name, depth))

    def _number(self, schema: dict[str, Any], name: str, depth: int) -> float | int:
        example = schema.get("example")
        if isinstance(example, int | float) and not isinstance(example, bool):
            return example
        if name.endswith("_at") or name in ("expire_at", "abandon_at"):
            return FIXED_MS
        low = schema.get("minimum")
        if low is None:
            return 0
        return low + 1 if schema.get("exclusiveMinimum") is True else low

    def _boolean(self, schema: dict[str, Any], name: str, depth: int) -> bool:
        return bool(schema.get("example", False))


def _merge(base: Any, variant: Any) -> Any:
    if isinstance(base, dict) and isinstance(variant, dict):
        return {**base, **variant}
    return variant if base is None or variant not in ({}, None) else base


def _kind(schema: dict[str, Any]) -> str:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind:
        return str(kind)
    return "object" if "properties" in schema else "any"


def _string_by_format(fmt: str | None) -> str | None:
    return {
        "date-time": "2026-01-01T00:00:00Z",
        "date": "2026-01-01",
        "email": "someone@example.com",
        "uri": "https://example.com",
        "binary": "",
    }.get(fmt or "")


def _string_by_name(name: str) -> str:
    if name == "id" or name.endswith("_id"):
        return "sandbox_" + "0" * 27
    if name.endswith("url"):
        return "https://example.com"
    if "email" in name:
        return "someone@example.com"
    return name or "string"


_TOKEN = re.compile(r"\\[a-zA-Z]|\[[^\]]+\]|\([^()]+\)|\\.|[^{}*+?]")
_QUANTIFIER = re.compile(r"\{(\d+)(?:,\d*)?\}|[*+?]")


@lru_cache(maxsize=256)
def string_for_pattern(pattern: str) -> str:
    """A string matching the simple anchored patterns Clerk uses (`^org_\\w{27}$`)."""
    body = pattern.removeprefix("^").removesuffix("$")
    out: list[str] = []
    position = 0
    while position < len(body):
        token = _TOKEN.match(body, position)
        if token is None:
            break
        char = _char_for(token.group(0))
        quantifier = _QUANTIFIER.match(body, token.end())
        position = quantifier.end() if quantifier else token.end()
        repeat = 1
        if quantifier:
            repeat = (
                int(quantifier.group(1)) if quantifier.group(1) else int(quantifier.group(0) == "+")
            )
        out.append(char * repeat)
    return "".join(out)


def _char_for(token: str) -> str:
    if token in (r"\w", r"\d"):
        return "0"
    if token.startswith("["):
        return _first_in_class(token[1:-1])
    if token.startswith("("):
        return token[1:-1].split("|")[0]
    if token.startswith("\\"):
        return token[1:]
    return token


def _first_in_class(members: str) -> str:
    if members.startswith("^"):
        return "a" if "a" not in members else "b"
    return members[0]
