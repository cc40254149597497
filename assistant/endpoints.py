"""The catalog's plain data: endpoints and their parameters, as compiled from a spec.

Apart from the plan data in `models` so that a warm `search --json`, which reads only the
catalog, does not pay for creating the plan dataclasses (a dataclass costs its creation at
import). `models` re-exports all of these.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

HttpMethod = Literal["GET", "POST", "PUT", "PATCH", "DELETE"]
HTTP_METHODS: tuple[str, ...] = ("GET", "POST", "PUT", "PATCH", "DELETE")


# --------------------------------------------------------------------------- catalog


@dataclass(frozen=True, slots=True)
class Param:
    """One path or query parameter of an endpoint (after `$ref` resolution)."""

    name: str
    location: str  # "path" | "query" | "header"
    required: bool
    type: str  # JSON-schema type of the value (of the items when is_array)
    is_array: bool = False
    enum: tuple[str, ...] = ()
    description: str = ""
    minimum: float | None = None
    maximum: float | None = None
    default: Any = None


@dataclass(frozen=True, slots=True)
class BodyField:
    """A top-level property of a JSON (or form) request body."""

    name: str
    type: str  # "string" | "integer" | "number" | "boolean" | "object" | "array" | "any"
    required: bool
    is_array: bool = False
    item_type: str | None = None
    enum: tuple[str, ...] = ()
    nullable: bool = False
    description: str = ""


@dataclass(frozen=True, slots=True)
class RequestBody:
    content_type: str  # "application/json" | "multipart/form-data" | ...
    required: bool
    fields: tuple[BodyField, ...] = ()
    is_array: bool = False  # the body is a JSON array (bulk endpoints); fields describe items
    max_items: int | None = None
    closed: bool = False  # additionalProperties: false -> unknown fields are errors

    def field(self, name: str) -> BodyField | None:
        return next((f for f in self.fields if f.name == name), None)


@dataclass(frozen=True, slots=True)
class ResponseInfo:
    status: str  # "200", "4XX", "default", ...
    shape: str  # "object" | "array" | "list" (data + total_count) | "empty" | "other"
    schema_name: str | None = None  # component name, e.g. "User", when the schema is a $ref
    description: str = ""


@dataclass(frozen=True, slots=True)
class Endpoint:
    method: str  # upper case
    path: str  # spec template without /v1, e.g. "/users/{user_id}"
    operation_id: str
    tags: tuple[str, ...]
    summary: str
    description: str
    deprecated: bool
    params: tuple[Param, ...]
    body: RequestBody | None
    responses: tuple[ResponseInfo, ...]
    sdk_group: str | None = None  # x-speakeasy-group, e.g. "users"
    sdk_name: str | None = None  # x-speakeasy-name-override, e.g. "get"

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def tag(self) -> str:
        return self.tags[0] if self.tags else "Other"

    @property
    def path_params(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if p.location == "path")

    @property
    def query_params(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if p.location == "query")

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    @property
    def success(self) -> ResponseInfo | None:
        return next((r for r in self.responses if r.status.startswith("2")), None)
