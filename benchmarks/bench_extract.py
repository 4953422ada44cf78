"""Extraction throughput: documents per second, per layout and for a mixed corpus, in one run.

    python benchmarks/bench_extract.py [-n 2000] [--jobs 1,2]

Renders a synthetic corpus from the catalogue (so figures are comparable across
machines and commits), then times `extract_document` in-process per layout, and
`extract_many` over the mixed corpus with each --jobs value. Target: ≥ 1,000
documents/s per core on mixed layouts.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from giar_pipeline.extract import extract_document
from giar_pipeline.extract.cli import extract_many
from giar_pipeline.synth import generate_corpus


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=2000)
    ap.add_argument("--jobs", default=f"1,{os.cpu_count()}")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = sorted(generate_corpus(Path(tmp), a.n, seed=7))
        docs = [(p, p.read_bytes()) for p in paths]
        layout = {p: (Path(tmp) / "truth" / f"{p.stem}.json").read_text(encoding="utf-8") for p in paths}
        by_layout: dict[str, list[float]] = defaultdict(list)
        t0 = time.perf_counter()
        for p, raw in docs:
            t = time.perf_counter()
            extract_document(raw, str(p))
            name = layout[p].split('"layout": "', 1)[-1].split('"', 1)[0]
            by_layout[name].append(time.perf_counter() - t)
        total = time.perf_counter() - t0
        mb = sum(len(r) for _, r in docs) / 1e6
        print(f"{'layout':<22}{'docs':>6}{'ms/doc':>9}{'docs/s':>9}")
        for name, ts in sorted(by_layout.items()):
            print(f"{name:<22}{len(ts):>6}{1000 * sum(ts) / len(ts):>9.2f}{len(ts) / sum(ts):>9.0f}")
        print(
            f"{'mixed, in-process':<22}{len(docs):>6}{1000 * total / len(docs):>9.2f}{len(docs) / total:>9.0f}"
            f"   ({mb / total:.2f} MB/s)"
        )
        for jobs in map(int, a.jobs.split(",")):
            t = time.perf_counter()
            n = sum(1 for _ in extract_many(paths, jobs))
            dt = time.perf_counter() - t
            print(
                f"{f'giar extract --jobs {jobs}':<22}{n:>6}{1000 * dt / n:>9.2f}{n / dt:>9.0f}"
                f"   ({n / dt / jobs:.0f} docs/s per core)"
            )


if __name__ == "__main__":
    main()
