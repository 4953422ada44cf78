"""Per-module mutation scores from mutmut's results in mutants/ (after `make mutate`).

A mutant counts as killed when a test failed or timed out on it; a module's score is killed over
the mutants checked so far. Mutants no selected test reaches count against the score.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

KILLED = {1, 3, 24, -24, 36, 37, 152, 255}  # a failing test, pytest's internal error, a timeout, the type checker
SURVIVED, NO_TESTS = {0}, {5, 33}


def scores(mutants: Path = Path("mutants")) -> list[tuple[str, int, int, int, int]]:
    """(module, checked, killed, survived, unreached) for every module with a checked mutant."""
    out = []
    for meta in sorted(mutants.rglob("*.py.meta")):
        codes = [
            c
            for c in json.loads(meta.read_text(encoding="utf-8")).get("exit_code_by_key", {}).values()
            if c is not None
        ]
        if codes:
            module = meta.relative_to(mutants).as_posix().removesuffix(".meta")
            out.append(
                (
                    module,
                    len(codes),
                    sum(c in KILLED for c in codes),
                    sum(c in SURVIVED for c in codes),
                    sum(c in NO_TESTS for c in codes),
                )
            )
    return out


def main() -> int:
    rows = scores()
    if not rows:
        print("no mutation results: run `make mutate` first", file=sys.stderr)
        return 1
    print(f"{'module':45} {'checked':>7} {'killed':>6} {'survived':>8} {'unreached':>9} {'score':>6}")
    for module, checked, killed, survived, unreached in rows:
        print(f"{module:45} {checked:7} {killed:6} {survived:8} {unreached:9} {killed / checked:6.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
