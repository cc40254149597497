"""Build the planner's nearest-neighbour evidence from the project's labelled requests.

    python bench/build_neighbours.py [--check]

Writes assistant/language/data/neighbours.json: each labelled request's text, the
"METHOD /path" of its steps and its planner words (stored so the first plan need not
tokenize them all; re-run this when the language tables change, a test checks). The
evidence is bench/requests_*.jsonl and the blind rounds in bench/data, EXCEPT the rounds in
HELD_OUT (a round sealed for its one measuring run, and the weak-style rounds DD-KK, whose
votes overrule designed behaviour: bench/data/README.md) and the shared evals (never in the
package).
bench/planner.py measures every batch with its own round left out of this evidence.
--check only reports whether the file is up to date.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.planning.neighbours import labelled_from_cases  # noqa: E402

OUT = ROOT / "assistant" / "language" / "data" / "neighbours.json"
HELD_OUT = (
    "blind_dd",
    "blind_ee",
    "blind_ff",
    "blind_hh",
    "blind_ii",
    "blind_jj",
    "blind_kk",
    "blind_ll",
    "blind_mm",
    "blind_nn",
    "blind_oo",
    "blind_pp",
    "blind_qq",
    "blind_rr",
    "blind_ss",
    "blind_tt",
    "blind_uu",
    "blind_vv",
    "blind_ww",
    "blind_xx",
    "blind_yy",
    "blind_zz",
    "blind_zy",
    "blind_zx",
    "blind_zw",
    "blind_zv",
    "blind_zu",
)  # kept out of the evidence: TT-ZU sealed for their one run; DD-KK, LL-SS: bench/data/README


def evidence_files(exclude: tuple[str, ...] = ()) -> list[Path]:
    files = sorted((ROOT / "bench").glob("requests_*.jsonl"))
    files += sorted((ROOT / "bench" / "data").glob("blind_*.jsonl"))
    held = HELD_OUT + exclude
    return [f for f in files if not any(f.name.startswith(h) for h in held)]


def load_cases(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def evidence_json(files: list[Path]) -> str:
    cases = [case for path in files for case in load_cases(path)]
    rows = [
        [item.text, list(item.endpoints), " ".join(item.words)]
        for item in labelled_from_cases(cases)
    ]
    sources = [f.name for f in files]
    doc = {"built_by": "bench/build_neighbours.py", "sources": sources, "requests": rows}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    text = evidence_json(evidence_files())
    if args.check:
        current = OUT.read_text() if OUT.exists() else ""
        print("up to date" if current == text else "stale: run bench/build_neighbours.py")
        sys.exit(0 if current == text else 1)
    OUT.write_text(text)
    print(f"wrote {OUT.relative_to(ROOT)}: {len(json.loads(text)['requests'])} requests")


if __name__ == "__main__":
    main()
