"""Extraction throughput against its yardsticks, side by side in one run (`make bench`).

    python benchmarks/bench_extract.py [-n 3000] [--seed 7] [--jobs N] [--naive-python PATH]

One corpus of every layout (`generate_corpus`, classic and real-scrape layouts taken in turn) is
written to a temporary folder; every stack then reads the same files from disk, once untimed
(page cache warm, one-time set-up paid on a few documents), then once timed:

- giar extract, 1 core and N cores: `extract_many`, the path of `giar extract --jobs` (minus JSON
  printing). The 1-core pass also gives the per-layout table (time between documents yielded).
- the naive stack (bs4 + opencc-python-reimplemented + one regex), a subprocess in its own venv:
  see benchmarks/naive_stack.py; its row says why when that venv is missing or fails.
- the floor: read + decode + official OpenCC t2s + one regex, no parsing, in this process.

Targets (issue "Throughput"): giar on one core ≥ 1,000 documents/s, and ≥ 1/4 of the floor.
Other work on the machine slows every row; the ratios, taken in one run, are what compare.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import opencc

from giar_pipeline.extract.cli import extract_many
from giar_pipeline.synth import ALL_LAYOUTS, generate_corpus

sys.path.insert(0, str(Path(__file__).parent))
from naive_stack import WARM_UP, floor, seconds  # noqa: E402

NAIVE_PYTHON = Path(__file__).parent / ".naive-venv" / "bin" / "python"
TARGET_RATE, TARGET_FLOOR_SHARE = 1000, 0.25


def giar_one_core(paths: list[Path], layout: dict[Path, str]) -> tuple[float, dict[str, list[float]]]:
    """Seconds for `extract_many(paths, 1)`, and each document's seconds by layout."""
    list(extract_many(paths[:WARM_UP], 1))
    by_layout: dict[str, list[float]] = defaultdict(list)
    start = last = time.perf_counter()
    for p, _ in zip(paths, extract_many(paths, 1)):
        now = time.perf_counter()
        by_layout[layout[p]].append(now - last)
        last = now
    return last - start, by_layout


def giar_cores(paths: list[Path], jobs: int) -> float:
    t = time.perf_counter()
    for _ in extract_many(paths, jobs):
        pass
    return time.perf_counter() - t


def naive_seconds(folder: Path, python: Path) -> float | str:
    """The naive stack's seconds, or why there is no figure."""
    if not python.exists():
        return f"unavailable: no {python} (`make bench` builds it)"
    done = subprocess.run([python, Path(__file__).parent / "naive_stack.py", folder], capture_output=True, text=True)
    if done.returncode:
        return f"unavailable: {(done.stderr.strip().splitlines() or ['exit ' + str(done.returncode)])[-1]}"
    return json.loads(done.stdout)["seconds"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=3000, help="documents in the corpus")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--jobs", type=int, default=os.cpu_count(), help="processes of the all-cores row")
    ap.add_argument("--naive-python", type=Path, default=NAIVE_PYTHON)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = generate_corpus(folder, a.n, seed=a.seed, layouts=ALL_LAYOUTS, write_truth=False)
        layout = {p: ALL_LAYOUTS[i % len(ALL_LAYOUTS)] for i, p in enumerate(paths)}  # taken in turn
        n, mb = len(paths), sum(p.stat().st_size for p in paths) / 1e6
        print(
            f"corpus: {n} documents of {len(ALL_LAYOUTS)} layouts, {mb:.1f} MB, seed {a.seed}; {os.cpu_count()} cores"
        )

        one, by_layout = giar_one_core(paths, layout)
        rows = {"giar extract, 1 core": (one, 1), f"giar extract, {a.jobs} cores": (giar_cores(paths, a.jobs), a.jobs)}
        rows["naive stack, 1 core"] = (naive_seconds(folder, a.naive_python), 1)
        rows["floor, 1 core"] = (seconds(floor(opencc.OpenCC("t2s.json").convert), paths), 1)

    print(f"\n{'layout':<22}{'docs':>6}{'ms/doc':>9}{'docs/s':>9}")
    for name, ts in sorted(by_layout.items()):
        print(f"{name:<22}{len(ts):>6}{1000 * sum(ts) / len(ts):>9.2f}{len(ts) / sum(ts):>9.0f}")

    print(f"\n{'stack':<24}{'seconds':>9}{'docs/s':>9}{'per core':>10}{'MB/s':>8}")
    for name, (s, cores) in rows.items():
        if isinstance(s, str):
            print(f"{name:<24}{s}")
        else:
            print(f"{name:<24}{s:>9.2f}{n / s:>9.0f}{n / s / cores:>10.0f}{mb / s:>8.2f}")

    giar, share, nv = n / one, rows["floor, 1 core"][0] / one, rows["naive stack, 1 core"][0]
    print(
        f"\ngiar / floor (1 core)   {share:.3f}   target ≥ {TARGET_FLOOR_SHARE}: {verdict(share >= TARGET_FLOOR_SHARE)}"
    )
    print(f"giar, 1 core            {giar:.0f} docs/s   target ≥ {TARGET_RATE:,}: {verdict(giar >= TARGET_RATE)}")
    print(f"giar / naive (1 core)   {'n/a' if isinstance(nv, str) else f'{nv / one:.2f}×'}")


def verdict(met: bool) -> str:
    return "met" if met else "NOT MET"


if __name__ == "__main__":
    main()
