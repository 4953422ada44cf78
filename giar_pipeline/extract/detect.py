"""Which template generation a document uses, by its content (never its year)."""

from __future__ import annotations

import functools

from ..catalogue import load
from ..normalize import key

MIN_MARKERS = 2


@functools.cache
def _markers() -> dict[str, tuple[str, ...]]:
    return {
        code: tuple(key(m) for m in (*t.markers, *(m for v in t.variants for m in v.markers)))
        for code, t in load().templates.items()
    }


def rank(doc_key: str) -> list[tuple[int, str]]:
    """Generations to try, best first: those with at least MIN_MARKERS marker phrases; when none
    has (a report may carry only a table without markers), every generation, so the one whose
    rows read best can win."""
    scores = sorted(((sum(m in doc_key for m in ms), code) for code, ms in _markers().items()), key=lambda s: -s[0])
    strong = [s for s in scores if s[0] >= MIN_MARKERS]
    return strong or scores
