"""Progress bars for long per-document loops, shown only when a terminal command asks.

`giar run` sets GIAR_PROGRESS=1 before it materializes the graph in-process, so the
same library loops draw a bar on stderr there and stay silent in Dagster UI runs.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")
ENV = "GIAR_PROGRESS"


def track(items: Iterable[T], desc: str, total: int | None = None) -> Iterator[T]:
    if not os.environ.get(ENV):
        yield from items
        return
    yield from tqdm(items, desc=desc, total=total, unit="doc", file=sys.stderr, leave=False)
