"""The landing folder and its ingest batches.

A batch is the set of documents whose content (sha256) was new when the folder
was swept: a sensor tick, the daily schedule or ``giar run`` call :func:`sweep`.
Its manifest (relative paths + sha256) is written once, atomically, to
``LANDING/.giar/batches/<key>/manifest.json`` and never changes, so a batch
(= a Dagster partition) can be re-materialized deterministically. The manifest
lives beside the files rather than in the warehouse so that sensors never open
DuckDB, which allows one writer at a time. Keys are ``YYYYMMDDTHHMMSSZ-<8 hex>``:
ASCII, sortable by arrival time, unique per content set.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from ..extract.cli import find_documents

STATE_DIR = ".giar"  # hidden, so scans (and `giar extract`) skip it


@dataclass(frozen=True)
class Entry:
    path: str  # relative to the landing folder, POSIX separators
    sha256: str
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Batch:
    key: str
    created_at: str
    entries: tuple[Entry, ...]

    @property
    def shas(self) -> set[str]:
        return {e.sha256 for e in self.entries}


def state_dir(landing: Path) -> Path:
    return Path(landing) / STATE_DIR


def batch_dir(landing: Path, key: str) -> Path:
    return state_dir(landing) / "batches" / key


def read_batch(landing: Path, key: str) -> Batch:
    d = json.loads((batch_dir(landing, key) / "manifest.json").read_text(encoding="utf-8"))
    return Batch(d["key"], d["created_at"], tuple(Entry(**e) for e in d["entries"]))


def batches(landing: Path) -> dict[str, Batch]:
    """Every batch of the folder, oldest first."""
    root = state_dir(landing) / "batches"
    keys = sorted(p.parent.name for p in root.glob("*/manifest.json")) if root.is_dir() else []
    return {k: read_batch(landing, k) for k in keys}


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@contextmanager
def _locked(landing: Path):
    """Sensor, schedule and `giar run` may sweep at once: one at a time per folder."""
    state_dir(landing).mkdir(parents=True, exist_ok=True)
    with open(state_dir(landing) / "sweep.lock", "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _scan(landing: Path, known: dict[tuple[str, int, int], str]) -> list[Entry]:
    """Every document with its digest; a file unchanged since a manifest (path, size, mtime) is not re-read."""
    out = []
    for p in find_documents([str(landing)]):
        st = p.stat()
        rel = p.relative_to(landing).as_posix()
        sha = known.get((rel, st.st_size, st.st_mtime_ns)) or sha256_file(p)
        out.append(Entry(rel, sha, st.st_size, st.st_mtime_ns))
    return out


def new_key(entries: list[Entry], now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.UTC)
    digest = hashlib.sha256("".join(sorted({e.sha256 for e in entries})).encode()).hexdigest()[:8]
    return f"{now:%Y%m%dT%H%M%SZ}-{digest}"


def sweep(landing: Path) -> tuple[dict[str, Batch], Batch | None]:
    """All batches of the folder, and the batch of new content it just registered (None: nothing new)."""
    landing = Path(landing)
    if not landing.is_dir():
        raise FileNotFoundError(f"landing folder {landing} does not exist")
    with _locked(landing):
        existing = batches(landing)
        known_sha = {s for b in existing.values() for s in b.shas}
        cache = {(e.path, e.size, e.mtime_ns): e.sha256 for b in existing.values() for e in b.entries}
        new = [e for e in _scan(landing, cache) if e.sha256 not in known_sha]
        if not new:
            return existing, None
        now = dt.datetime.now(dt.UTC)
        batch = Batch(new_key(new, now), now.isoformat(timespec="seconds"), tuple(new))
        d = batch_dir(landing, batch.key)
        d.mkdir(parents=True, exist_ok=True)
        tmp = d / "manifest.json.tmp"
        tmp.write_text(json.dumps(asdict(batch), ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, d / "manifest.json")  # atomic: a manifest is whole or absent
        return {**existing, batch.key: batch}, batch
