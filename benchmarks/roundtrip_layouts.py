"""Exact-match rate of extraction on the layouts of real scrapes, per layout (and generation).

    python benchmarks/roundtrip_layouts.py [--seeds 0:200] [--layouts glued_text,pdf_loose] [--by-generation]

A document is exact when template, year, issuer, date, every cell's value and uncertain
flag, and the violations all match its truth. For each layout it prints the rate and the
most frequent kinds of mismatch (counted once per document) with one example each.
"""

from __future__ import annotations

import argparse
import time

from giar_pipeline.catalogue import load
from giar_pipeline.synth import REAL_LAYOUTS
from giar_pipeline.synth.roundtrip import run


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", default="0:200", help="START:STOP (seeds of render_document)")
    ap.add_argument("--layouts", default=",".join(REAL_LAYOUTS))
    ap.add_argument("--by-generation", action="store_true")
    ap.add_argument("--top", type=int, default=5, help="mismatch kinds shown per layout")
    a = ap.parse_args()
    start, stop = (int(x) for x in a.seeds.split(":"))
    templates = sorted(load().templates) if a.by_generation else [None]
    for layout in a.layouts.split(","):
        for template in templates:
            t0 = time.perf_counter()
            exact, kinds, examples = run(layout, range(start, stop), template)
            n = stop - start
            name = layout + (f" {template}" if template else "")
            print(f"{name:<28} exact {exact:>5}/{n:<5} {100 * exact / n:6.1f} %   ({time.perf_counter() - t0:.1f} s)")
            for k, count in kinds.most_common(a.top):
                print(f"    {count:>5} docs  {k}\n               e.g. {examples[k][:160]}")


if __name__ == "__main__":
    main()
