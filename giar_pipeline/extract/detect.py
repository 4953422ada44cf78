"""Which template generation a document uses, by its content (never its year)."""
from __future__ import annotations

import functools

from ..catalogue import load
from ..normalize import key

MIN_MARKERS = 2


@functools.cache
def _markers() -> dict[str, tuple[str, ...]]:
    return {code: tuple(key(m) for m in t.markers) for code, t in load().templates.items()}


def rank(doc_key: str) -> list[tuple[int, str]]:
    """Generations by the number of their markers found, best first (only those reaching MIN_MARKERS)."""
    scores = [(sum(m in doc_key for m in ms), code) for code, ms in _markers().items()]
    return sorted((s for s in scores if s[0] >= MIN_MARKERS), key=lambda s: -s[0])
