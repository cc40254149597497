"""Do the labelled examples give the Claude planner evidence its prompt lacked? (prints)

    python bench/claude_examples.py [--evals FILE ...]

Offline, without the model (the Messages API needs the network): for each request of
the given rounds (by default the blind rounds the shipped evidence leaves out, so no
request is its own example) it counts how often every endpoint the correct plan needs is
named by (a) the candidate cards the prompt already carries, (b) the examples'
calls, (c) either; and the tokens the examples add to the uncached part (characters / 4).
Higher (c) than (a) is evidence the model did not have; whether the model uses it well
can only be measured against the real API.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.planning.claude import CARD_COUNT  # noqa: E402
from assistant.planning.examples import example_block, example_lines  # noqa: E402
from assistant.planning.ranking import candidates  # noqa: E402
from assistant.spec import open_catalog  # noqa: E402

DEFAULT = sorted((ROOT / "bench" / "data").glob("blind_dd*.jsonl"))


def needed(case: dict) -> set[str]:
    return {f"{s['method']} {s['path']}" for s in case["steps"]}


def from_examples(lines: list[str]) -> set[str]:
    return {key.strip() for line in lines for key in line.rsplit(" -> ", 1)[1].split(";")}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--evals", nargs="*", type=Path, default=DEFAULT)
    args = parser.parse_args()
    catalog = open_catalog(None)
    for path in args.evals:
        cases = [json.loads(x) for x in path.read_text().splitlines() if x.strip()]
        cases = [c for c in cases if c.get("steps") and not c.get("clarify")]
        cards = examples = either = 0
        tokens = []
        for case in cases:
            want = needed(case)
            shown = {e.key for e in candidates(catalog, case["request"], CARD_COUNT)}
            said = from_examples(example_lines(catalog, case["request"]))
            cards += want <= shown
            examples += want <= said
            either += want <= shown | said
            tokens.append(len(example_block(catalog, case["request"])) // 4)
        n = len(cases)
        print(
            f"{path.name}: "
            + json.dumps(
                {
                    "cases": n,
                    "all_needed_in_cards": round(cards / n, 3),
                    "all_needed_in_examples": round(examples / n, 3),
                    "all_needed_in_either": round(either / n, 3),
                    "example_tokens_median": statistics.median(tokens),
                    "example_tokens_max": max(tokens),
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
