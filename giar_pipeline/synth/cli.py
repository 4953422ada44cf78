"""`giar synth OUT -n N --seed S --layouts a,b|all|real [--no-truth]` (all: the classic layouts;
real: the layouts of real scrapes; any name of either)."""

from __future__ import annotations

import sys

from tqdm import tqdm

from .corpus import generate_corpus
from .document import ALL_LAYOUTS, REAL_LAYOUTS


def main(args) -> int:
    if args.layouts in ("", "all"):
        layouts = None
    elif args.layouts == "real":
        layouts = list(REAL_LAYOUTS)
    else:
        layouts = [x.strip() for x in args.layouts.split(",") if x.strip()]
    unknown = [x for x in layouts or () if x not in ALL_LAYOUTS]
    if unknown:
        print(f"giar synth: unknown layouts {', '.join(unknown)}; known: {', '.join(ALL_LAYOUTS)}", file=sys.stderr)
        return 2
    with tqdm(total=args.count, unit="doc", desc="synth", file=sys.stderr) as bar:
        paths = generate_corpus(
            args.out, args.count, seed=args.seed, layouts=layouts, write_truth=not args.no_truth, progress=bar.update
        )
    print(f"wrote {len(paths)} documents to {args.out}", file=sys.stderr)
    return 0
