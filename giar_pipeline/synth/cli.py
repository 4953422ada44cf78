"""`giar synth OUT -n N --seed S --layouts a,b|all [--no-truth]`."""
from __future__ import annotations

import sys

from tqdm import tqdm

from .corpus import generate_corpus
from .document import LAYOUTS


def main(args) -> int:
    layouts = None if args.layouts in ("", "all") else [x.strip() for x in args.layouts.split(",") if x.strip()]
    unknown = [x for x in layouts or () if x not in LAYOUTS]
    if unknown:
        print(f"giar synth: unknown layouts {', '.join(unknown)}; known: {', '.join(LAYOUTS)}", file=sys.stderr)
        return 2
    with tqdm(total=args.count, unit="doc", desc="synth", file=sys.stderr) as bar:
        paths = generate_corpus(args.out, args.count, seed=args.seed, layouts=layouts,
                                write_truth=not args.no_truth, progress=bar.update)
    print(f"wrote {len(paths)} documents to {args.out}", file=sys.stderr)
    return 0
