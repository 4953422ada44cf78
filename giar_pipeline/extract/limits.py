"""Per-document bounds on time and size, kept outside the parsers.

Every caller that reads documents (``giar extract``, the staging steps of ``giar run``
and of Dagster) goes through :func:`extract_bounded` / :func:`bounded`: a document
over :attr:`Limits.max_bytes` is not read into memory at all, and one that takes
longer than :attr:`Limits.seconds` is stopped and quarantined with the reason. The
clock is ``SIGALRM`` (an interval timer), so a limit needs the main thread; elsewhere
(a thread pool) documents run unbounded in time, the size bound still holds.
"""

from __future__ import annotations

import hashlib
import os
import signal
import threading
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ..model import Report
from .document import extract_document, quarantined

T = TypeVar("T")
DEFAULT_SECONDS = 10.0
DEFAULT_MB = 20.0


@dataclass(frozen=True)
class Limits:
    seconds: float = DEFAULT_SECONDS  # per document and step; 0 = unbounded
    max_mb: float = DEFAULT_MB  # raw size per document; 0 = unbounded

    @property
    def max_bytes(self) -> int:
        return int(self.max_mb * 1_000_000)

    def too_large(self, size: int) -> str | None:
        """The reason a document of ``size`` bytes is not read, or None."""
        if self.max_mb and size > self.max_bytes:
            return (
                f"the file is {size / 1e6:.1f} MB, over the {self.max_mb:g} MB limit per document: "
                "annual reports are far smaller, so it is probably not one (raise the limit with "
                "--size-limit-mb to read it anyway)"
            )
        return None

    def too_slow(self) -> str:
        return (
            f"reading it took longer than the {self.seconds:g} s limit per document (the text may be huge or "
            "pathological); raise the limit with --time-limit to try harder"
        )


class DocumentTimeout(BaseException):
    """Raised inside a document's work when its time is up. A BaseException, so the parsers'
    ``except Exception`` guards (which turn their own bugs into quarantines) do not swallow it."""


def _alarm(_signum, _frame):
    raise DocumentTimeout()


@contextmanager
def deadline(seconds: float):
    """Raise :class:`DocumentTimeout` in this block after ``seconds`` (main thread only; else unbounded)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def bounded(work: Callable[[], T], limits: Limits) -> T | None:
    """``work()`` within the time limit; None when the time ran out."""
    try:
        with deadline(limits.seconds):
            return work()
    except DocumentTimeout:
        return None


def extract_bounded(raw: bytes, source: str, limits: Limits, sha: str | None = None) -> Report:
    """:func:`extract_document` within the limits: never raises, never runs past the time limit."""
    reason = limits.too_large(len(raw))
    report = None if reason else bounded(lambda: extract_document(raw, source), limits)
    if report is None:
        return quarantined(source, sha or hashlib.sha256(raw).hexdigest(), reason or limits.too_slow())
    return report


def read_bounded(path: Path, limits: Limits) -> tuple[bytes | None, str | None]:
    """(bytes, None) or (None, why not): a file over the size limit is never read into memory."""
    try:
        size = os.stat(path).st_size
        reason = limits.too_large(size)
        if reason:
            return None, reason
        with open(path, "rb") as f:
            raw = f.read(limits.max_bytes + 1) if limits.max_mb else f.read()
        reason = limits.too_large(len(raw))  # it grew since the stat
        return (None, reason) if reason else (raw, None)
    except OSError as e:
        return None, f"cannot read the file: {e.strerror or e}"
