"""`clerk-assistant transcripts list | show FILE | verify FILE | export FILE --format md|json`.

Plain text output; FILE is a path or a name in the transcripts folder.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ..anchors import anchors_dir
from ..environment import Environment
from ..errors import EXIT_API, EXIT_OK, ConfigError
from ..safe_text import clean
from ..settings import transcripts_dir
from ..transcript import read_records, verify
from .common import settings_from_args


def run_transcripts(args: argparse.Namespace, env: Environment) -> int:
    settings = settings_from_args(args, env)
    folder, anchors = transcripts_dir(settings), anchors_dir(settings)
    if args.action == "list":
        return list_transcripts(folder, anchors, env)
    path = resolve_file(args.file, folder, env.cwd)
    if args.action == "verify":
        return verify_transcript(path, anchors, env)
    if args.action == "show":
        return show_transcript(path, env)
    return export_transcript(path, args.format, anchors, env)


def resolve_file(name: str | None, folder: Path, cwd: Path) -> Path:
    """A path as given, else a file (with or without .jsonl) in the transcripts folder."""
    if not name:
        raise ConfigError("give a transcript FILE (see `clerk-assistant transcripts list`)")
    for candidate in (cwd / name, folder / name, folder / f"{name}.jsonl"):
        if candidate.is_file():
            return candidate
    raise ConfigError(f"no transcript {name!r} here or in {folder}")


def list_transcripts(folder: Path, anchors: Path, env: Environment) -> int:
    files = sorted(folder.glob("*.jsonl")) if folder.is_dir() else []
    if not files:
        env.print(f"no transcripts in {folder}")
        return EXIT_OK
    for path in files:
        records = read_records(path)
        started = records[0].get("time", "?") if records else "?"
        state = verify(path, anchors).state()
        env.print(f"{path.name}  {started}  {len(records)} records  {state}")
    return EXIT_OK


def verify_transcript(path: Path, anchors: Path, env: Environment) -> int:
    """Exit 0 only for an intact, closed transcript that is exactly what its anchor lists."""
    report = verify(path, anchors)
    env.print(report.summary(path.name))
    return EXIT_OK if report.passed else EXIT_API


def _records(path: Path) -> list[dict[str, Any]]:
    """What `show` and `export` print; a file without a single record is not a transcript."""
    records = read_records(path)
    if not records:
        raise ConfigError(f"{path} has no transcript records; is it a transcript?")
    return records


def show_transcript(path: Path, env: Environment) -> int:
    for record in _records(path):
        env.print(f"#{record.get('seq')} {record.get('time')} {record.get('kind')}")
        # recorded response text may hold control sequences: stripped before shown
        env.print("  " + clean(summarize(record.get("kind", ""), record.get("data") or {})))
    return EXIT_OK


def summarize(kind: str, data: dict[str, Any]) -> str:
    """One line per record kind, for `show`."""
    if kind == "request":
        retry = (
            f" (attempt {data['attempt']}, after {data.get('after')})" if "attempt" in data else ""
        )
        return f"step {data.get('step')}: {data.get('method')} {data.get('url')}{retry}"
    if kind == "response":
        return f"step {data.get('step')}: HTTP {data.get('status')} in {data.get('duration_ms')} ms"
    if kind == "error":
        return f"step {data.get('step')}: {data.get('outcome', 'error')}: {data.get('error')}"
    if kind == "plan":
        steps = data.get("steps") or []
        return "; ".join(f"{s.get('method')} {s.get('path')}" for s in steps) or "no steps"
    if kind == "input":
        return repr(data.get("text"))
    if kind == "before":
        return _before_line(data)
    if kind == "decision":
        return f"step {data.get('step')}: {data.get('answer')} (by {data.get('by')})"
    return json.dumps(data, ensure_ascii=False, sort_keys=True)[:300]


def _before_line(data: dict[str, Any]) -> str:
    """A change's state before: what undo takes back (by this record's number)."""
    call, diff = data.get("call") or {}, data.get("diff") or {}
    what = f"step {data.get('step')}: {call.get('method')} {call.get('path')}"
    if not diff.get("available"):
        return f"{what}; state before not read: {diff.get('reason')}"
    return f"{what}; state before recorded (undo takes this record's number)"


def export_transcript(path: Path, fmt: str, anchors: Path, env: Environment) -> int:
    records = _records(path)
    if fmt == "json":
        env.print(json.dumps(records, indent=2, ensure_ascii=False))
        return EXIT_OK
    env.print(f"# Transcript {path.name}\n")
    env.print(verify(path, anchors).summary(path.name) + "\n")
    for record in records:
        env.print(f"## {record.get('seq')}. {record.get('kind')} — {record.get('time')}\n")
        env.print("```json")
        env.print(clean(json.dumps(record.get("data"), indent=2, ensure_ascii=False)))
        env.print("```\n")
    return EXIT_OK
