"""The blind writers' checker: python bench/blind/writer_check.py FILE.jsonl PREFIX STYLE

A copy of the one the writers run from outside the repo (brief.md tells them where); kept
here so the procedure survives a new machine. Checks the spec (paths, methods, parameter
names, via bench/check_cases.py), 60 ids PREFIX{STYLE}001..060 in order, exactly 3 clarify
cases, at least 50 multi-step cases in style 1 and 45 endpoints in style 4. Prints the
problems and the counts; exits 1 on any problem.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from check_cases import problems  # type: ignore[import-not-found]

SPEC = Path(os.environ.get("CLERK_ASSISTANT_SPECS_DIR", "../shared/specs/bapi")) / "2026-05-12.yml"


def read_cases(name: str, doc: dict[str, Any]) -> tuple[list[dict[str, Any]], list[str]]:
    found: list[str] = []
    cases: list[dict[str, Any]] = []
    for number, line in enumerate(Path(name).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
        except json.JSONDecodeError as error:
            found.append(f"line {number}: not JSON ({error})")
            continue
        missing = [key for key in ("id", "request", "steps") if key not in case]
        found += [f"line {number}: no {key}" for key in missing]
        if "id" in case and "steps" in case:
            cases.append(case)
            try:
                found += problems(doc, case)
            except Exception as error:  # a malformed step
                found.append(f"{case['id']}: malformed step ({error})")
    return cases, found


def counted(cases: list[dict[str, Any]], prefix: str, style: int) -> tuple[list[str], str]:
    found: list[str] = []
    want = [f"{prefix}{style}{k:03d}" for k in range(1, 61)]
    if [c["id"] for c in cases] != want:
        found.append(f"ids must be exactly {want[0]} .. {want[-1]} in order ({len(cases)} cases)")
    clarify = sum(1 for c in cases if c.get("clarify"))
    if clarify != 3:
        found.append(f"exactly 3 clarify cases wanted, got {clarify}")
    multi = sum(1 for c in cases if len(c["steps"]) > 1)
    if style == 1 and multi < 50:
        found.append(f"style 1 wants at least 50 multi-step cases, got {multi}")
    steps = [s for c in cases for s in c["steps"]]
    bare = [s for s in steps if not isinstance(s.get("params"), dict)]
    found += ["a step without a params object" for _ in bare]
    endpoints = {(s["method"], s["path"]) for s in steps}
    if style == 4 and len(endpoints) < 45:
        found.append(f"style 4 wants at least 45 distinct endpoints, got {len(endpoints)}")
    summary = f"cases {len(cases)}, multi-step {multi}, clarify {clarify}"
    summary += f", endpoints {len(endpoints)}"
    return found, summary


def main(argv: list[str]) -> int:
    name, prefix, style = argv[0], argv[1], int(argv[2])
    doc = yaml.load(SPEC.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    cases, found = read_cases(name, doc)
    more, summary = counted(cases, prefix, style)
    found += more
    print("\n".join(found) or "all cases check out")
    print(summary)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
