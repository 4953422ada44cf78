"""``giar expectations build [--out DIR] [--check]``: write the generated suites, or verify them."""

from __future__ import annotations

import sys
from pathlib import Path

from .suites import all_suites, dumps


def expected_files() -> dict[str, str]:
    """File name → content of every suite, as the catalogue generates them."""
    return {f"{name}.json": dumps(suite) for name, suite in all_suites().items()}


def differences(out: Path) -> list[str]:
    """What differs between ``out`` and the generated suites, one line per file."""
    want = expected_files()
    have = {p.name for p in out.glob("*.json")}  # nothing when the folder is absent
    problems = {n: "missing" for n in want.keys() - have}
    problems |= {n: "not generated from the catalogue" for n in have - want.keys()}
    problems |= {
        n: "differs from the catalogue" for n in want.keys() & have if (out / n).read_text(encoding="utf-8") != want[n]
    }
    return [f"{out / n}: {why}" for n, why in sorted(problems.items())]


def build(args) -> int:
    out = Path(args.out)
    if args.check:
        diff = differences(out)
        for line in diff:
            print(line, file=sys.stderr)
        if diff:
            print("the suites are out of date: run `giar expectations build`", file=sys.stderr)
        return 1 if diff else 0
    out.mkdir(parents=True, exist_ok=True)
    want = expected_files()
    for name in {p.name for p in out.glob("*.json")} - set(want):  # the folder holds generated suites only
        (out / name).unlink()
    for name, text in want.items():
        path = out / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    print(f"{len(want)} suites in {out}/: {', '.join(sorted(want))}", file=sys.stderr)
    return 0
