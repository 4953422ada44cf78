"""Writing a corpus of synthetic documents and their truth files."""

from __future__ import annotations

import json
import pathlib
from collections.abc import Callable, Iterable

from .document import ALL_LAYOUTS, LAYOUTS, render_document


def generate_corpus(
    out_dir,
    n: int,
    seed: int = 0,
    layouts: Iterable[str] | None = None,
    write_truth: bool = True,
    progress: Callable[[int], object] | None = None,
) -> list[pathlib.Path]:
    """Write ``n`` documents into ``out_dir`` (layouts taken in turn; by default the classic ones) and,
    unless told not to, ``out_dir/truth/<stem>.json`` for each. Returns the document paths."""
    names = list(layouts or LAYOUTS)
    unknown = [x for x in names if x not in ALL_LAYOUTS]
    if unknown:
        raise ValueError(f"unknown layouts {unknown}; known: {', '.join(ALL_LAYOUTS)}")
    out = pathlib.Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if write_truth:
        (out / "truth").mkdir(exist_ok=True)
    digits = max(5, len(str(n - 1)))
    paths = []
    for i in range(n):
        doc = render_document(seed * 1_000_003 + i, layout=names[i % len(names)])
        path = out / f"{i:0{digits}d}_{doc.name}"  # the index makes names unique within the corpus
        path.write_bytes(doc.data)
        if write_truth:
            text = json.dumps(doc.truth, ensure_ascii=False, indent=1)
            (out / "truth" / f"{path.stem}.json").write_text(text + "\n", encoding="utf-8")
        paths.append(path)
        if progress:
            progress(1)
    return paths
