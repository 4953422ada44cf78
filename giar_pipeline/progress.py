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


def track(chunks: Iterable[list[T]], desc: str, total: int) -> Iterator[list[T]]:
    """``chunks`` of documents as they come; the bar counts documents, ``total`` of them."""
    if not os.environ.get(ENV):
        yield from chunks
        return
    with tqdm(desc=desc, total=total, unit="doc", file=sys.stderr, leave=False) as bar:
        for chunk in chunks:
            yield chunk
            bar.update(len(chunk))
