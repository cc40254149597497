"""Find, download, verify and compile a Clerk BAPI spec into a cached `Catalog`.

Resolution order (first hit wins), as documented in the README:
  1. an explicit file (`--spec FILE`)
  2. `CLERK_ASSISTANT_SPEC` (a file)
  3. `CLERK_ASSISTANT_SPECS_DIR/<version>.yml`
  4. the repository's `specs/<version>.yml`
  5. the user cache dir's `specs/<version>.yml`
  6. download from the manifest URL, verify sha256, store in the user cache

The compiled catalog is cached as JSON data (never pickle: see `datacache`) in the user
cache, keyed by the spec's sha256 and `COMPILER_VERSION`, so a warm start reads no YAML.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import astuple, dataclass, field, fields
from pathlib import Path
from typing import Any

from .datacache import read_data, write_data
from .endpoints import HTTP_METHODS, BodyField, Endpoint, Param, RequestBody, ResponseInfo
from .errors import SpecError

# Bump whenever the compiled shape changes, so stale caches are ignored.
COMPILER_VERSION = 3

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_SPECS_DIR = PACKAGE_DIR.parent / "specs"
# Tags of the Platform API, which is not part of the Backend API the assistant drives.
SKIPPED_TAGS = frozenset({"Platform", "Platform API"})


# --------------------------------------------------------------------------- manifest


@dataclass(frozen=True, slots=True)
class KnownVersion:
    version: str
    url: str
    sha256: str


@dataclass(frozen=True, slots=True)
class Manifest:
    default: str
    versions: tuple[KnownVersion, ...]

    def get(self, version: str) -> KnownVersion | None:
        return next((v for v in self.versions if v.version == version), None)

    @property
    def names(self) -> list[str]:
        return [v.version for v in self.versions]


def manifest_path() -> Path:
    # In a clone (or editable install) the manifest lives in specs/; a wheel carries a copy.
    repo = REPO_SPECS_DIR / "manifest.json"
    return repo if repo.is_file() else PACKAGE_DIR / "specs_manifest.json"


def load_manifest() -> Manifest:
    data = json.loads(manifest_path().read_text(encoding="utf-8"))
    versions = tuple(KnownVersion(v["version"], v["url"], v["sha256"]) for v in data["versions"])
    return Manifest(default=data["default"], versions=versions)


# --------------------------------------------------------------------------- resolution


def user_cache_dir(env: Mapping[str, str] | None = None) -> Path:
    # The given mapping first, then the process: a partial env must not reach the real cache.
    override = (env or {}).get("CLERK_ASSISTANT_CACHE_DIR") or os.environ.get(
        "CLERK_ASSISTANT_CACHE_DIR"
    )
    if override:
        return Path(override)
    import platformdirs  # deferred: only needed when no override is set

    return Path(platformdirs.user_cache_dir("clerk-assistant"))


@dataclass(frozen=True, slots=True)
class SpecSource:
    path: Path
    version: str
    origin: str  # "--spec" | "CLERK_ASSISTANT_SPEC" | "CLERK_ASSISTANT_SPECS_DIR" | "repo" | ...


def candidate_dirs(env: Mapping[str, str]) -> list[tuple[str, Path]]:
    dirs: list[tuple[str, Path]] = []
    if env.get("CLERK_ASSISTANT_SPECS_DIR"):
        dirs.append(("CLERK_ASSISTANT_SPECS_DIR", Path(env["CLERK_ASSISTANT_SPECS_DIR"])))
    dirs.append(("repo", REPO_SPECS_DIR))
    dirs.append(("cache", user_cache_dir(env) / "specs"))
    return dirs


def resolve_spec(
    version: str | None = None,
    spec_file: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    download: bool = True,
) -> SpecSource:
    """Find the spec file to use, downloading it as the last resort."""
    env = os.environ if env is None else env
    if spec_file:
        return _explicit_file(Path(spec_file), "--spec")
    if env.get("CLERK_ASSISTANT_SPEC"):
        return _explicit_file(Path(env["CLERK_ASSISTANT_SPEC"]), "CLERK_ASSISTANT_SPEC")
    manifest = load_manifest()
    version = version or manifest.default
    for origin, folder in candidate_dirs(env):
        for suffix in (".yml", ".yaml"):
            path = folder / f"{version}{suffix}"
            if path.is_file():
                return SpecSource(path, version, origin)
    known = manifest.get(version)
    if known is None:
        raise SpecError(
            f"unknown spec version {version!r}; known: {', '.join(manifest.names)} "
            "(or pass --spec FILE)"
        )
    if not download:
        raise SpecError(_offline_hint(version))
    return SpecSource(pull(known, env=env), version, "download")


def _explicit_file(path: Path, origin: str) -> SpecSource:
    if not path.is_file():
        raise SpecError(f"spec file not found: {path} (from {origin})")
    return SpecSource(path, _version_from_name(path), origin)


def _version_from_name(path: Path) -> str:
    match = re.search(r"\d{4}-\d{2}-\d{2}", path.name)
    return match.group(0) if match else path.stem


def _offline_hint(version: str) -> str:
    return (
        f"spec {version} is not available offline; set CLERK_ASSISTANT_SPECS_DIR to a folder "
        f"holding {version}.yml, CLERK_ASSISTANT_SPEC to a file, pass --spec FILE, "
        "or connect and run `clerk-assistant specs pull`"
    )


def pull(known: KnownVersion, timeout: float = 30.0, env: Mapping[str, str] | None = None) -> Path:
    """Download one spec version into the user cache, verifying its sha256."""
    import httpx  # deferred: the warm path never downloads

    try:
        response = httpx.get(known.url, timeout=timeout, follow_redirects=True)
        response.raise_for_status()
    except httpx.HTTPError as exc:
        raise SpecError(f"{_offline_hint(known.version)} (download failed: {exc})") from None
    verify_bytes(response.content, known)
    target = user_cache_dir(env) / "specs" / f"{known.version}.yml"
    from .files import atomic_write  # deferred: tempfile + shutil cost a warm start ~5 ms

    atomic_write(target, response.content)
    return target


def verify_bytes(data: bytes, known: KnownVersion) -> None:
    digest = hashlib.sha256(data).hexdigest()
    if digest != known.sha256:
        raise SpecError(
            f"checksum mismatch for spec {known.version}: expected {known.sha256[:12]}…, "
            f"got {digest[:12]}…; delete the file and run `clerk-assistant specs pull "
            f"{known.version}`"
        )


def verify_file(path: Path, known: KnownVersion) -> None:
    if _sha256_file(path) != known.sha256:
        raise SpecError(
            f"checksum mismatch for {path}: it is not the published {known.version}; "
            f"delete it and run `clerk-assistant specs pull {known.version}`"
        )


# --------------------------------------------------------------------------- catalog


@dataclass(slots=True)
class Catalog:
    """The compiled endpoints of one spec version."""

    version: str
    sha256: str
    source: str
    endpoints: tuple[Endpoint, ...]
    tag_descriptions: dict[str, str] = field(default_factory=dict)
    _by_key: dict[str, Endpoint] = field(default_factory=dict, repr=False)
    _patterns: list[tuple[re.Pattern[str], Endpoint]] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._by_key = {e.key: e for e in self.endpoints}

    def _template_patterns(self) -> list[tuple[re.Pattern[str], Endpoint]]:
        """Compiled on first use: 250 regexes are a third of `search --json`'s start-up,
        and search never matches a concrete path."""
        if not self._patterns:
            # Literal segments outrank parameters: /users/count must beat /users/{user_id}.
            ordered = sorted(self.endpoints, key=lambda e: e.path.count("{"))
            built = [(_template_regex(e.path), e) for e in ordered]
            # One assignment, never a list filled item by item: the sandbox's server threads
            # match paths at once, and one that saw a half-built list answered 404.
            self._patterns[:] = built
        return self._patterns

    def __iter__(self) -> Iterator[Endpoint]:
        return iter(self.endpoints)

    def __len__(self) -> int:
        return len(self.endpoints)

    def get(self, method: str, path: str) -> Endpoint | None:
        return self._by_key.get(f"{method.upper()} {strip_version_prefix(path)}")

    def match(self, method: str, concrete_path: str) -> tuple[Endpoint, dict[str, str]] | None:
        """Match a concrete path (`/users/user_123`) to its template and path params."""
        path = strip_version_prefix(concrete_path.split("?", 1)[0])
        exact = self.get(method, path)
        if exact is not None:
            return exact, {}
        for pattern, endpoint in self._template_patterns():
            if endpoint.method != method.upper():
                continue
            found = pattern.fullmatch(path)
            if found:
                return endpoint, dict(found.groupdict())
        return None

    def tags(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for endpoint in self.endpoints:
            counts[endpoint.tag] = counts.get(endpoint.tag, 0) + 1
        return dict(sorted(counts.items(), key=lambda item: item[0].lower()))

    def by_tag(self, tag: str) -> list[Endpoint]:
        return [e for e in self.endpoints if e.tag == tag]

    def closest(self, method: str, path: str, n: int = 3) -> list[Endpoint]:
        """Nearest real endpoints to a method+path that does not exist (for error messages)."""
        keys = list(self._by_key)
        wanted = f"{method.upper()} {strip_version_prefix(path)}"
        names = difflib.get_close_matches(wanted, keys, n=n, cutoff=0.3)
        if len(names) < n:
            same_path = [k for k in keys if k.split(" ", 1)[1] == wanted.split(" ", 1)[1]]
            names += [k for k in same_path if k not in names][: n - len(names)]
        return [self._by_key[k] for k in names]


def strip_version_prefix(path: str) -> str:
    path = path if path.startswith("/") else f"/{path}"
    return path[3:] if path.startswith("/v1/") or path == "/v1" else path


def _template_regex(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template)
    regex = "".join(
        f"(?P<{p[1:-1]}>[^/]+)" if p.startswith("{") else re.escape(p) for p in parts if p
    )
    return re.compile(regex)


# --------------------------------------------------------------------------- compiling


def _load_yaml(path: Path) -> Any:
    import yaml  # deferred: a warm start reads the cached catalog instead

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        with path.open("rb") as handle:
            return yaml.load(handle, Loader=loader)
    except OSError as exc:
        raise SpecError(f"cannot read spec {path}: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise SpecError(f"{path} is not valid YAML{where}; re-download it") from None


def load_document(path: Path) -> dict[str, Any]:
    """Parse a spec file and check that it is an OpenAPI 3 document."""
    doc = _load_yaml(path)
    if not isinstance(doc, dict) or not str(doc.get("openapi", "")).startswith("3"):
        raise SpecError(f"{path} is not an OpenAPI 3 document (no `openapi: 3.x` key)")
    if not isinstance(doc.get("paths"), dict):
        raise SpecError(f"{path} has no `paths`; is it a Clerk BAPI spec?")
    return doc


class RefResolver:
    """Follows local `$ref`s (`#/components/...`); 20 hops at most, so a cycle cannot hang."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc

    def deref(self, node: Any) -> Any:
        seen = 0
        while isinstance(node, dict) and "$ref" in node and seen < 20:
            node = self.lookup(node["$ref"])
            seen += 1
        return node

    def lookup(self, ref: str) -> Any:
        if not ref.startswith("#/"):
            raise SpecError(f"unsupported external $ref {ref!r}")
        node: Any = self.doc
        for part in ref[2:].split("/"):
            node = node.get(part.replace("~1", "/").replace("~0", "~"), {})
        return node


def compile_document(doc: dict[str, Any], version: str, sha256: str, source: str) -> Catalog:
    resolver = RefResolver(doc)
    endpoints: list[Endpoint] = []
    for raw_path, item in doc["paths"].items():
        item = resolver.deref(item)
        shared = item.get("parameters", [])
        for method in HTTP_METHODS:
            op = item.get(method.lower())
            if not isinstance(op, dict):
                continue
            endpoint = _compile_operation(resolver, method, raw_path, op, shared)
            if not SKIPPED_TAGS.intersection(endpoint.tags):
                endpoints.append(endpoint)
    tags = {t["name"]: t.get("description", "") for t in doc.get("tags", []) if "name" in t}
    return Catalog(version, sha256, source, tuple(endpoints), tags)


def _compile_operation(
    resolver: RefResolver, method: str, raw_path: str, op: dict[str, Any], shared: list[Any]
) -> Endpoint:
    return Endpoint(
        method=method,
        path=strip_version_prefix(raw_path),
        operation_id=str(op.get("operationId", "")),
        tags=tuple(op.get("tags", [])),
        summary=str(op.get("summary", "")).strip(),
        description=str(op.get("description", "")).strip(),
        deprecated=bool(op.get("deprecated", False)),
        params=_compile_params(resolver, shared, op.get("parameters", [])),
        body=_compile_body(resolver, op.get("requestBody")),
        responses=_compile_responses(resolver, op.get("responses", {})),
        sdk_group=op.get("x-speakeasy-group"),
        sdk_name=op.get("x-speakeasy-name-override"),
    )


def _compile_params(resolver: RefResolver, shared: list[Any], own: list[Any]) -> tuple[Param, ...]:
    # Operation parameters override path-item parameters with the same name and location.
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for raw in [*shared, *own]:
        param = resolver.deref(raw)
        merged[(param["name"], param.get("in", "query"))] = param
    return tuple(_compile_param(resolver, p) for p in merged.values())


def _compile_param(resolver: RefResolver, param: dict[str, Any]) -> Param:
    schema = resolver.deref(param.get("schema", {}))
    is_array = schema.get("type") == "array"
    value_schema = resolver.deref(schema.get("items", {})) if is_array else schema
    return Param(
        name=param["name"],
        location=param.get("in", "query"),
        required=bool(param.get("required", False)) or param.get("in") == "path",
        type=_type_of(value_schema),
        is_array=is_array,
        enum=tuple(str(v) for v in value_schema.get("enum", []) if v is not None),
        description=str(param.get("description", "")).strip(),
        minimum=schema.get("minimum"),
        maximum=schema.get("maximum"),
        default=schema.get("default"),
    )


def _type_of(schema: dict[str, Any]) -> str:
    kind = schema.get("type")
    if isinstance(kind, list):  # OpenAPI 3.1 style ["string", "null"]
        kind = next((k for k in kind if k != "null"), None)
    if kind:
        return str(kind)
    if "properties" in schema:
        return "object"
    return "any"


def _merge_object_schema(resolver: RefResolver, schema: dict[str, Any]) -> dict[str, Any]:
    """Flatten allOf and collect properties of anyOf/oneOf variants into one view."""
    schema = resolver.deref(schema)
    properties: dict[str, Any] = dict(schema.get("properties", {}))
    required = set(schema.get("required", []))
    for part in schema.get("allOf", []):
        sub = _merge_object_schema(resolver, part)
        properties.update(sub["properties"])
        required |= set(sub["required"])
    for key in ("anyOf", "oneOf"):
        for part in schema.get(key, []):
            # Variants add optional fields; a field required by only one variant is optional.
            properties.update(_merge_object_schema(resolver, part)["properties"])
    return {
        "properties": properties,
        "required": required,
        "closed": schema.get("additionalProperties") is False,
        "type": schema.get("type"),
    }


def _compile_body(resolver: RefResolver, raw: Any) -> RequestBody | None:
    if not raw:
        return None
    body = resolver.deref(raw)
    content = body.get("content", {})
    if not content:
        return None
    content_type = "application/json" if "application/json" in content else next(iter(content))
    schema = resolver.deref(content[content_type].get("schema", {}))
    is_array = schema.get("type") == "array"
    max_items = schema.get("maxItems") if is_array else None
    obj = _merge_object_schema(resolver, schema.get("items", {}) if is_array else schema)
    fields = tuple(
        _compile_field(resolver, name, prop, name in obj["required"])
        for name, prop in obj["properties"].items()
    )
    return RequestBody(
        content_type=content_type,
        required=bool(body.get("required", False)),
        fields=fields,
        is_array=is_array,
        max_items=max_items,
        closed=obj["closed"],
    )


def _compile_field(resolver: RefResolver, name: str, prop: Any, required: bool) -> BodyField:
    prop = resolver.deref(prop)
    kind = _type_of(prop)
    items = resolver.deref(prop.get("items", {})) if kind == "array" else {}
    enum_source = items if kind == "array" else prop
    return BodyField(
        name=name,
        type=kind,
        required=required,
        is_array=kind == "array",
        item_type=_type_of(items) if kind == "array" else None,
        enum=tuple(str(v) for v in enum_source.get("enum", []) if v is not None),
        nullable=bool(prop.get("nullable", False)),
        description=str(prop.get("description", "")).strip(),
    )


def _compile_responses(resolver: RefResolver, raw: dict[str, Any]) -> tuple[ResponseInfo, ...]:
    return tuple(_compile_response(resolver, str(s), r) for s, r in raw.items())


def _compile_response(resolver: RefResolver, status: str, raw: Any) -> ResponseInfo:
    response = resolver.deref(raw)
    content = response.get("content", {})
    media = content.get("application/json") or next(iter(content.values()), None)
    if not media or "schema" not in media:
        return ResponseInfo(status, "empty", None, str(response.get("description", "")))
    schema_raw = media["schema"]
    name = schema_raw["$ref"].rsplit("/", 1)[-1] if "$ref" in schema_raw else None
    schema = resolver.deref(schema_raw)
    props = schema.get("properties", {})
    if schema.get("type") == "array":
        items = schema.get("items", {})
        name = items["$ref"].rsplit("/", 1)[-1] if "$ref" in items else name
        shape = "array"
    elif "data" in props and "total_count" in props:
        shape = "list"
    elif schema.get("type") == "object" or props or "allOf" in schema:
        shape = "object"
    else:
        shape = "other"
    return ResponseInfo(status, shape, name, str(response.get("description", "")))


# --------------------------------------------------------------------------- cache


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _cache_file(sha256: str, env: Mapping[str, str] | None = None) -> Path:
    return user_cache_dir(env) / "catalogs" / f"{sha256[:32]}-c{COMPILER_VERSION}.json"


def _cache_key(sha256: str) -> str:
    return f"{sha256}:c{COMPILER_VERSION}:{_row_layout()}"


@functools.cache
def _row_layout() -> str:
    """The field names the rows below are written in: a changed dataclass is a stale cache."""
    classes = (Endpoint, Param, RequestBody, BodyField, ResponseInfo)
    names = ",".join(f.name for cls in classes for f in fields(cls))
    return hashlib.sha256(names.encode()).hexdigest()[:12]


def catalog_data(catalog: Catalog) -> dict[str, Any]:
    """The catalog as plain JSON-able data (what the cache stores): each endpoint one row
    of its fields in order, nested dataclasses as rows too (a third of the parse cost of
    objects with named keys)."""
    return {
        "version": catalog.version,
        "sha256": catalog.sha256,
        "endpoints": [astuple(e) for e in catalog.endpoints],
        "tags": catalog.tag_descriptions,
    }


def catalog_from_data(data: Any, source: str) -> Catalog | None:
    """The inverse of `catalog_data`; None for anything of another shape."""
    try:
        endpoints = tuple(_endpoint(row) for row in data["endpoints"])
        return Catalog(data["version"], data["sha256"], source, endpoints, dict(data["tags"]))
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _endpoint(row: list[Any]) -> Endpoint:
    (method, path, operation_id, tags, summary, description, deprecated) = row[:7]
    params, body, responses, sdk_group, sdk_name = row[7:]
    return Endpoint(
        method,
        path,
        operation_id,
        tuple(tags),
        summary,
        description,
        deprecated,
        tuple(_param(p) for p in params),
        _request_body(body) if body is not None else None,
        tuple(ResponseInfo(*r) for r in responses),
        sdk_group,
        sdk_name,
    )


def _param(row: list[Any]) -> Param:
    name, location, required, kind, is_array, enum, description, low, high, default = row
    return Param(
        name, location, required, kind, is_array, tuple(enum), description, low, high, default
    )


def _request_body(row: list[Any]) -> RequestBody:
    content_type, required, body_fields, is_array, max_items, closed = row
    parsed = tuple(_body_field(f) for f in body_fields)
    return RequestBody(content_type, required, parsed, is_array, max_items, closed)


def _body_field(row: list[Any]) -> BodyField:
    name, kind, required, is_array, item_type, enum, nullable, description = row
    return BodyField(name, kind, required, is_array, item_type, tuple(enum), nullable, description)


def _read_cache(path: Path, sha256: str, source: str) -> Catalog | None:
    # Data, not code: a corrupt or foreign file (even a crafted pickle) is just rebuilt.
    catalog = catalog_from_data(read_data(path, "catalog", _cache_key(sha256)), source)
    return catalog if catalog is not None and catalog.sha256 == sha256 else None


def load_catalog(
    source: SpecSource, use_cache: bool = True, env: Mapping[str, str] | None = None
) -> Catalog:
    """Compile (or load the cached compilation of) the spec at `source`."""
    sha256 = _sha256_file(source.path)  # ~2 ms for 0.7 MB: cheaper than any shortcut
    known = load_manifest().get(source.version)
    if known and source.origin in ("repo", "cache", "download") and known.sha256 != sha256:
        verify_file(source.path, known)
    cache = _cache_file(sha256, env)
    if use_cache:
        cached = _read_cache(cache, sha256, str(source.path))
        if cached is not None:
            # Same bytes, maybe another file name: report where this run read it from.
            cached.version = source.version
            return cached
    catalog = compile_document(load_document(source.path), source.version, sha256, str(source.path))
    if use_cache:  # caching is an optimisation; a read-only cache dir is not an error
        write_data(cache, "catalog", _cache_key(sha256), catalog_data(catalog))
    return catalog


def open_catalog(
    version: str | None = None,
    spec_file: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    download: bool = True,
) -> Catalog:
    """Resolve and load in one step: what most callers want."""
    return load_catalog(resolve_spec(version, spec_file, env, download), env=env)


def compile_summary(catalog: Catalog) -> dict[str, int]:
    """Counts for `specs list --verbose` and tests."""
    methods: dict[str, int] = {}
    for endpoint in catalog:
        methods[endpoint.method] = methods.get(endpoint.method, 0) + 1
    return {
        "operations": len(catalog),
        "tags": len(catalog.tags()),
        "deprecated": sum(e.deprecated for e in catalog),
        **{m.lower(): c for m, c in sorted(methods.items())},
    }
