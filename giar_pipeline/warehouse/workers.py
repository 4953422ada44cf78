"""Worker processes for staging: chunks of documents in, results out in input order.

Forked, so a worker starts at once with what the parent has loaded (catalogue, extractor), and
``gc.freeze`` keeps the collector from writing to, and so copying, the pages it shares with the
parent. A worker dies with its parent (Linux ``PR_SET_PDEATHSIG``): a ``kill -9`` of a run
leaves no worker behind holding the run's lock files, whose ``flock`` it inherited. At most
``2 × jobs`` chunks are in flight, so memory stays bounded however large the batch; results
come back in input order, so the output does not depend on ``jobs``. Work runs in each
worker's main thread, where the ``SIGALRM`` time limits apply.
"""

from __future__ import annotations

import ctypes
import gc
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import TypeVar

from ..catalogue import load as load_catalogue

T = TypeVar("T")
R = TypeVar("R")
_PR_SET_PDEATHSIG = 1


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _start_worker(parent: int) -> None:
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
    load_catalogue()
    gc.freeze()


def ordered_map(work: Callable[[T], R], chunks: Iterable[T], jobs: int) -> Iterator[R]:
    """``work`` over ``chunks``, results in input order: in this process when ``jobs`` is 1, else in
    ``jobs`` forked worker processes."""
    if jobs <= 1:
        yield from map(work, chunks)
        return
    pool = ProcessPoolExecutor(jobs, mp_context=get_context("fork"), initializer=_start_worker, initargs=(os.getpid(),))
    try:
        pending = deque()
        for chunk in chunks:
            pending.append(pool.submit(work, chunk))
            if len(pending) >= 2 * jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
