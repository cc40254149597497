"""Handlers for the catalog commands: search, tags, browse, detail, specs.

Plain text or JSON on stdout, nothing terminal-specific: these are the commands scripts
and benchmarks call, so the import list stays short (no rich, no prompt_toolkit, no
httpx unless `specs pull` downloads).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ..endpoints import HTTP_METHODS, BodyField, Endpoint, Param
from ..environment import Environment
from ..errors import ConfigError, SpecError
from ..lookup import find_endpoint, find_tag
from ..settings import layered_env
from ..spec import (
    Catalog,
    candidate_dirs,
    compile_summary,
    load_manifest,
    open_catalog,
    pull,
    verify_file,
)
from .common import (
    catalog_for,
    catalog_from_args,
    settings_from_args,
    stdin_lines,
    wants_json,
)

# --------------------------------------------------------------------------- search


def run_search(args: argparse.Namespace, env: Environment) -> int:
    from ..retrieval import search  # deferred: only search needs rank-bm25 and numpy

    if args.k < 1:
        raise ConfigError(f"-k must be at least 1, got {args.k}")
    if not args.text.strip():
        raise ConfigError('nothing to search for; try: clerk-assistant search "ban a user"')
    catalog = catalog_from_args(args, env)
    if args.text == "-":
        for line in stdin_lines(env):
            hits = search(catalog, line, k=args.k)
            env.print(json.dumps([hit.to_json() for hit in hits]))
        return 0
    hits = search(catalog, args.text, k=args.k)
    if wants_json(args):
        env.print(json.dumps([hit.to_json() for hit in hits], indent=2))
        return 0
    for rank, hit in enumerate(hits, 1):
        env.print(f"{rank:>2}. {_endpoint_line(hit.endpoint)}  ({hit.score:.2f})")
        if args.explain:
            for reason in hit.reasons:
                env.print(f"      {reason}")
    return 0


def _endpoint_line(endpoint: Endpoint) -> str:
    flag = "  [deprecated]" if endpoint.deprecated else ""
    return f"{endpoint.method:<6} {endpoint.path}  {endpoint.summary}{flag}"


# --------------------------------------------------------------------------- tags, browse


def run_tags(args: argparse.Namespace, env: Environment) -> int:
    catalog = catalog_from_args(args, env)
    counts = catalog.tags()
    if wants_json(args):
        rows = [
            {"tag": tag, "endpoints": n, "description": catalog.tag_descriptions.get(tag, "")}
            for tag, n in counts.items()
        ]
        env.print(json.dumps(rows, indent=2))
        return 0
    width = max(map(len, counts), default=0)
    for tag, n in counts.items():
        env.print(f"{tag:<{width}}  {n:>3}")
    env.print(f"\n{len(counts)} tags, {len(catalog)} endpoints (spec {catalog.version})")
    return 0


def run_browse(args: argparse.Namespace, env: Environment) -> int:
    catalog = catalog_from_args(args, env)
    tag = find_tag(catalog, args.tag, listing="`clerk-assistant tags`")
    endpoints = catalog.by_tag(tag)
    if wants_json(args):
        env.print(json.dumps([_endpoint_summary(e) for e in endpoints], indent=2))
        return 0
    env.print(f"{tag} ({len(endpoints)} endpoints)")
    description = _first_paragraph(catalog.tag_descriptions.get(tag, ""))
    if description:
        env.print(description)
    env.print()
    for endpoint in endpoints:
        env.print(f"  {_endpoint_line(endpoint)}")
    return 0


def _endpoint_summary(endpoint: Endpoint) -> dict[str, Any]:
    return {
        "method": endpoint.method,
        "path": endpoint.path,
        "operation_id": endpoint.operation_id,
        "summary": endpoint.summary,
        "deprecated": endpoint.deprecated,
    }


# --------------------------------------------------------------------------- detail


def run_detail(args: argparse.Namespace, env: Environment) -> int:
    settings = settings_from_args(args, env)
    catalog = catalog_for(settings, env)
    endpoint = find_endpoint(catalog, args.method, args.path)
    curl = curl_template(endpoint, settings.api_url)
    if wants_json(args):
        env.print(json.dumps({**endpoint_json(endpoint), "curl": curl}, indent=2))
        return 0
    for line in detail_lines(endpoint):
        env.print(line)
    env.print("curl:")
    env.print(curl)
    return 0


def endpoint_json(endpoint: Endpoint) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(endpoint)


def detail_lines(endpoint: Endpoint) -> list[str]:
    lines = [f"{endpoint.method} {endpoint.path}  ({endpoint.operation_id}, tag {endpoint.tag})"]
    if endpoint.deprecated:
        lines.append("DEPRECATED")
    lines.append(endpoint.summary)
    description = _first_paragraph(endpoint.description)
    if description and description != endpoint.summary:
        lines.append(description)
    for location in ("path", "query", "header"):
        params = [p for p in endpoint.params if p.location == location]
        if params:
            lines.append(f"\n{location.capitalize()} parameters:")
            lines.extend(f"  {_param_line(p)}" for p in params)
    lines.extend(_body_lines(endpoint))
    lines.append("\nResponses:")
    lines.extend(
        f"  {r.status}  {r.shape}{f' {r.schema_name}' if r.schema_name else ''}"
        f"  {_first_paragraph(r.description)}".rstrip()
        for r in endpoint.responses
    )
    lines.append("")
    return lines


def _param_line(param: Param) -> str:
    kind = f"array of {param.type}" if param.is_array else param.type
    facts = [param.name, kind, "required" if param.required else "optional"]
    if param.enum:
        facts.append(f"one of {'|'.join(param.enum)}")
    if param.minimum is not None or param.maximum is not None:
        facts.append(f"range {_num(param.minimum)}..{_num(param.maximum)}")
    if param.default is not None:
        facts.append(f"default {param.default}")
    return _with_description("  ".join(facts), param.description)


def _body_lines(endpoint: Endpoint) -> list[str]:
    body = endpoint.body
    if body is None:
        return []
    shape = f"JSON array (max {body.max_items}) of objects" if body.is_array else body.content_type
    need = "required" if body.required else "optional"
    lines = [f"\nBody ({shape}, {need}):"]
    lines.extend(f"  {_field_line(f)}" for f in body.fields)
    return lines


def _field_line(field: BodyField) -> str:
    kind = f"array of {field.item_type}" if field.is_array else field.type
    facts = [field.name, kind, "required" if field.required else "optional"]
    if field.nullable:
        facts.append("nullable")
    if field.enum:
        facts.append(f"one of {'|'.join(field.enum)}")
    return _with_description("  ".join(facts), field.description)


def _with_description(head: str, description: str) -> str:
    from ..render import clip

    text = clip(_first_paragraph(description), 100)
    return f"{head}  - {text}" if text else head


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _first_paragraph(text: str) -> str:
    return " ".join(text.strip().split("\n\n", 1)[0].split()) if text else ""


def curl_template(endpoint: Endpoint, api_url: str) -> str:
    """A copy-paste curl with placeholders; the key stays in the environment."""
    lines = [
        f'curl -X {endpoint.method} "{api_url.rstrip("/")}{_query_template(endpoint)}"',
        '  -H "Authorization: Bearer $CLERK_SECRET_KEY"',
    ]
    body = _body_template(endpoint)
    if body is not None:
        lines.append('  -H "Content-Type: application/json"')
        lines.append(f"  -d '{json.dumps(body)}'")
    return " \\\n".join(lines)


def _query_template(endpoint: Endpoint) -> str:
    required = [p for p in endpoint.query_params if p.required]
    query = "&".join(f"{p.name}=<{p.type}>" for p in required)
    return endpoint.path + (f"?{query}" if query else "")


def _body_template(endpoint: Endpoint) -> Any:
    body = endpoint.body
    if body is None or body.content_type != "application/json":
        return None
    chosen = [f for f in body.fields if f.required] or list(body.fields[:2])
    item = {f.name: _placeholder(f) for f in chosen}
    return [item] if body.is_array else item


def _placeholder(field: BodyField) -> Any:
    if field.enum:
        return field.enum[0]
    samples: dict[str, Any] = {"integer": 0, "number": 0, "boolean": False, "object": {}}
    if field.is_array:
        return [samples.get(field.item_type or "string", f"<{field.item_type}>")]
    return samples.get(field.type, f"<{field.name}>")


# --------------------------------------------------------------------------- specs


def run_specs(args: argparse.Namespace, env: Environment) -> int:
    if args.action == "pull":
        return _pull(args, env)
    rows = spec_rows(env)
    if wants_json(args):
        env.print(json.dumps(rows, indent=2))
        return 0
    for row in rows:
        mark = "*" if row["default"] else " "
        where = f"{row['path']}  ({row['origin']})" if row["present"] else "not downloaded"
        env.print(f"{mark} {row['version']}  {where}")
    env.print("\n* default.  Download with `clerk-assistant specs pull [VERSION]`.")
    spec_file = env.env.get("CLERK_ASSISTANT_SPEC")
    if spec_file:
        env.print(f"CLERK_ASSISTANT_SPEC={spec_file} is used instead of any version.")
    in_use = _catalog_in_use(args, env)
    if in_use is not None:
        env.print(_compiled_line(in_use))
    return 0


def _catalog_in_use(args: argparse.Namespace, env: Environment) -> Catalog | None:
    """The catalog other commands would use, if it is here already (listing never downloads)."""
    settings = settings_from_args(args, env)
    try:
        return open_catalog(
            settings.spec_version,
            settings.spec_file,
            env=layered_env(env.env, env.cwd),
            download=False,
        )
    except SpecError:
        return None


def _compiled_line(catalog: Catalog) -> str:
    counts = compile_summary(catalog)
    methods = ", ".join(f"{m} {counts[m.lower()]}" for m in HTTP_METHODS if m.lower() in counts)
    return (
        f"In use: {catalog.version} ({catalog.source}): {counts['operations']} operations "
        f"in {counts['tags']} tags, {counts['deprecated']} deprecated; {methods}"
    )


def spec_rows(env: Environment) -> list[dict[str, Any]]:
    """Every known version, where (if anywhere) it is present locally, which is default."""
    manifest = load_manifest()
    rows = []
    for known in manifest.versions:
        found = _local_copy(known.version, env)
        rows.append(
            {
                "version": known.version,
                "default": known.version == manifest.default,
                "present": found is not None,
                "path": str(found[1]) if found else None,
                "origin": found[0] if found else None,
                "url": known.url,
                "sha256": known.sha256,
            }
        )
    return rows


def _local_copy(version: str, env: Environment) -> tuple[str, Path] | None:
    for origin, folder in candidate_dirs(env.env):
        for suffix in (".yml", ".yaml"):
            path = folder / f"{version}{suffix}"
            if path.is_file():
                return origin, path
    return None


def _pull(args: argparse.Namespace, env: Environment) -> int:
    manifest = load_manifest()
    version = args.target_version or getattr(args, "spec_version", None) or manifest.default
    known = manifest.get(version)
    if known is None:
        raise SpecError(f"unknown spec version {version!r}; known: {', '.join(manifest.names)}")
    present = _local_copy(version, env)
    if present and present[0] == "cache":
        verify_file(present[1], known)
        env.print(f"{version} is already in the cache: {present[1]} (sha256 verified)")
        return 0
    path = pull(known, env=env.env)
    env.print(f"downloaded {version} to {path} (sha256 verified)")
    return 0


__all__ = ["run_browse", "run_detail", "run_search", "run_specs", "run_tags"]
