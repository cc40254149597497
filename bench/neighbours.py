"""Does the nearest-labelled-request signal help the local planner? (prints numbers)

    python bench/neighbours.py [--weights 0 3 6] [--k 5] [--first-step-only]
        [--shipped FILE ...] [--leave-out FILE ...]

--shipped files are planned with the shipped evidence (assistant/language/data/
neighbours.json, which holds neither round DD nor the shared evals). --leave-out files are
planned with evidence rebuilt WITHOUT the file measured (leave one batch out), so a batch
never votes for its own requests. Each line is bench/planner.py's figures at one weight
(weight 0 is the planner without the signal).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import weights  # noqa: E402
from assistant.planning import neighbours  # noqa: E402
from assistant.spec import open_catalog  # noqa: E402


def _bench_module(name: str) -> ModuleType:
    """A sibling bench script, loaded by its path (bench/ is no package)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


planner_bench = _bench_module("planner")
builder = _bench_module("build_neighbours")


def without(path: Path) -> neighbours.Neighbours:
    """Evidence rebuilt from every source but the batch measured."""
    files = builder.evidence_files(exclude=(path.stem,))
    assert path.name not in {f.name for f in files}
    cases = [case for f in files for case in builder.load_cases(f)]
    return neighbours.Neighbours(neighbours.labelled_from_cases(cases))


def measure(catalog: object, path: Path, grid: list[float], index: object) -> None:
    neighbours.use(index)  # type: ignore[arg-type]
    cases = planner_bench.load_cases(path)
    for weight in grid:
        weights.NEIGHBOUR_WEIGHT = weight
        result = planner_bench.bench_local(catalog, cases, show=False)
        evidence = "shipped" if index is None else "without this batch"
        print(f"{path.name} weight={weight} ({evidence}): {json.dumps(result)}", flush=True)
    neighbours.use(None)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--weights", nargs="+", type=float, default=[0.0, 3.0, 6.0])
    parser.add_argument("--k", type=int, default=weights.NEIGHBOUR_K)
    parser.add_argument("--first-step-only", action="store_true")
    parser.add_argument("--shipped", nargs="*", type=Path, default=[])
    parser.add_argument("--leave-out", nargs="*", type=Path, default=[])
    args = parser.parse_args()
    weights.NEIGHBOUR_K = args.k
    weights.NEIGHBOUR_FIRST_STEP_ONLY = args.first_step_only
    default_specs = str(planner_bench.SHARED / "specs" / "bapi")
    specs = os.environ.get("CLERK_ASSISTANT_SPECS_DIR", default_specs)
    catalog = open_catalog("2026-05-12", env={"CLERK_ASSISTANT_SPECS_DIR": specs}, download=False)
    print(f"k={args.k} first_step_only={args.first_step_only}", flush=True)
    for path in args.shipped:
        measure(catalog, path, args.weights, None)
    for path in args.leave_out:
        measure(catalog, path, args.weights, without(path))


if __name__ == "__main__":
    main()
