"""The landing folder and its ingest batches.

A batch is the set of documents whose content (sha256) was new when the folder
was swept: a sensor tick, the daily schedule or ``giar run`` call :func:`sweep`.
A sweep that finds more than :data:`MAX_BATCH_DOCUMENTS` new documents makes several
batches, so a large arrival is several partitions of bounded size. Each batch's
manifest (relative paths + sha256) is written once, atomically, to
``<state>/batches/<key>/manifest.json`` and never changes, so a batch
(= a Dagster partition) can be re-materialized deterministically. The state
folder is ``LANDING/.giar`` when the landing folder can be written, else a
folder of the user's cache (a read-only landing folder still works). It
lives beside the files rather than in the warehouse so that sensors never open
DuckDB, which allows one writer at a time. Keys are ``YYYYMMDDTHHMMSSZ-<8 hex>``:
ASCII, sortable by arrival time, unique per content set.

Known content under a new name is no new document, but the batch records the
name (``aliases``), so the warehouse can answer "where did my file go?". A file
that cannot be read gets an entry with the OS reason (it becomes a quarantined
report), and a folder that cannot be listed is a problem the sweep reports.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from ..files import find_documents
from .locks import file_lock

STATE_DIR = ".giar"  # hidden, so scans (and `giar extract`) skip it
MAX_BATCH_DOCUMENTS = 5000  # distinct documents per batch a sweep makes: bounds what a step stages at once
STATE_ENV = "GIAR_STATE_HOME"  # where state goes when a landing folder is read-only (default ~/.cache/giar)


@dataclass(frozen=True)
class Entry:
    path: str  # relative to the landing folder, POSIX separators
    sha256: str
    size: int
    mtime_ns: int
    error: str | None = None  # the file could not be read (sha256 then names the path, not the bytes)


@dataclass(frozen=True)
class Batch:
    key: str
    created_at: str
    entries: tuple[Entry, ...]  # new content
    aliases: tuple[Entry, ...] = ()  # new names of content an earlier batch holds
    problems: tuple[str, ...] = ()  # what the sweep could not look at (unlistable folders)

    @property
    def shas(self) -> set[str]:
        return {e.sha256 for e in self.entries}


def fallback_state_dir(landing: Path) -> Path:
    """The state folder of a landing folder giar may not write into: per absolute path, in the user's cache."""
    home = Path(os.environ.get(STATE_ENV) or Path.home() / ".cache" / "giar")
    digest = hashlib.sha256(str(Path(landing).resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return home / "landing-state" / digest


def state_dir(landing: Path) -> Path:
    """``LANDING/.giar`` when it exists or can be made; else (read-only folder) :func:`fallback_state_dir`.
    A fallback already in use stays in use, so batches never split between two places."""
    inside, outside = Path(landing) / STATE_DIR, fallback_state_dir(landing)
    if inside.is_dir() and os.access(inside, os.W_OK | os.X_OK):
        return inside
    if outside.is_dir() or inside.exists() or not os.access(landing, os.W_OK | os.X_OK):
        return outside  # read-only folder, or its .giar is taken (a file, or a folder giar may not write)
    return inside


def batch_dir(landing: Path, key: str) -> Path:
    return state_dir(landing) / "batches" / key


def _entries(rows) -> tuple[Entry, ...]:
    return tuple(Entry(**e) for e in rows or ())


def read_batch(landing: Path, key: str) -> Batch:
    d = json.loads((batch_dir(landing, key) / "manifest.json").read_text(encoding="utf-8"))
    return Batch(
        d["key"], d["created_at"], _entries(d["entries"]), _entries(d.get("aliases")), tuple(d.get("problems") or ())
    )


def batches(landing: Path) -> dict[str, Batch]:
    """Every batch of the folder, oldest first."""
    root = state_dir(landing) / "batches"
    keys = sorted(p.parent.name for p in root.glob("*/manifest.json")) if root.is_dir() else []
    out = {}
    for k in keys:
        try:
            out[k] = read_batch(landing, k)
        except (ValueError, KeyError, TypeError) as e:  # damaged by hand or disk: it must not stop every run
            print(
                f"giar: warning: ignoring the damaged batch manifest {batch_dir(landing, k) / 'manifest.json'} "
                f"({type(e).__name__}: {e}); its documents count as new. Move the folder away to silence this.",
                file=sys.stderr,
            )
    return out


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def unreadable_sha(rel: str) -> str:
    """The stand-in digest of a file that cannot be read: of its name, so each sweep finds the same one."""
    return hashlib.sha256(b"giar:unreadable\0" + os.fsencode(rel)).hexdigest()


def _entry(landing: Path, p: Path, known: dict[tuple[str, int, int], str]) -> Entry:
    rel = p.relative_to(landing).as_posix()  # undecodable name bytes stay as surrogate escapes: lossless
    try:
        st = p.stat()
    except OSError as e:
        return Entry(rel, unreadable_sha(rel), 0, 0, f"cannot read the file: {e.strerror or e}")
    try:
        sha = known.get((rel, st.st_size, st.st_mtime_ns)) or sha256_file(p)
    except OSError as e:
        return Entry(rel, unreadable_sha(rel), st.st_size, st.st_mtime_ns, f"cannot read the file: {e.strerror or e}")
    return Entry(rel, sha, st.st_size, st.st_mtime_ns)


def _scan(landing: Path, known: dict[tuple[str, int, int], str], problems: list[str]) -> list[Entry]:
    """Every document with its digest; a file unchanged since a manifest (path, size, mtime) is not re-read."""
    return [_entry(landing, p, known) for p in find_documents([str(landing)], problems)]


def _dumps(batch: Batch) -> bytes:
    # names that are not valid UTF-8 are kept as JSON escapes of their surrogates: read back, they are the bytes
    return json.dumps(asdict(batch), ensure_ascii=False, indent=1).encode("utf-8", "backslashreplace")


def new_key(entries: list[Entry], now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.UTC)
    digest = hashlib.sha256("".join(sorted({e.sha256 for e in entries})).encode()).hexdigest()[:8]
    return f"{now:%Y%m%dT%H%M%SZ}-{digest}"


def _after(existing: dict[str, Batch], now: dt.datetime) -> dt.datetime:
    """``now``, or one second after the newest batch: keys sort in arrival order even within a second."""
    if existing:
        last = dt.datetime.strptime(max(existing).split("-")[0], "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
        if now < last + dt.timedelta(seconds=1):
            return last + dt.timedelta(seconds=1)
    return now


def _split(new: list[Entry], max_documents: int) -> list[list[Entry]]:
    """``new`` in batches of at most ``max_documents`` distinct contents (0: one batch); copies stay together."""
    by_sha: dict[str, list[Entry]] = {}
    for e in new:
        by_sha.setdefault(e.sha256, []).append(e)
    groups = list(by_sha.values())
    size = max_documents or len(groups) or 1
    return [[e for g in groups[i : i + size] for e in g] for i in range(0, len(groups), size)] or [[]]


def _register(landing: Path, batch: Batch) -> None:
    d = batch_dir(landing, batch.key)
    d.mkdir(parents=True, exist_ok=True)
    tmp = d / f"manifest.json.{os.getpid()}.tmp"
    tmp.write_bytes(_dumps(batch))
    os.replace(tmp, d / "manifest.json")  # atomic: a manifest is whole or absent


def sweep(
    landing: Path, problems: list[str] | None = None, max_documents: int = MAX_BATCH_DOCUMENTS
) -> tuple[dict[str, Batch], list[Batch]]:
    """All batches of the folder, and the batches of new content or names it just registered (none: nothing new).

    New content makes batches of at most ``max_documents`` documents (0: no limit), one second apart,
    so that a sweep of many files is several partitions no step has to hold at once. New names of
    known content and what could not be looked at (folders that cannot be listed, also appended to
    ``problems``) are recorded in the first."""
    landing = Path(landing)
    if not landing.is_dir():
        raise FileNotFoundError(f"landing folder {landing} does not exist")
    found: list[str] = []
    state = state_dir(landing)
    try:
        state.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise PermissionError(
            f"cannot create giar's state folder {state} ({e.strerror or e}): make the landing "
            f"folder writable, or set {STATE_ENV} to a writable folder"
        ) from e
    with file_lock(state / "sweep.lock", f"the sweep of {landing}"):
        existing = batches(landing)
        known_sha = {s for b in existing.values() for s in b.shas}
        known_names = {(e.path, e.sha256) for b in existing.values() for e in (*b.entries, *b.aliases)}
        cache = {(e.path, e.size, e.mtime_ns): e.sha256 for b in existing.values() for e in b.entries if not e.error}
        scanned = _scan(landing, cache, found)
        if problems is not None:
            problems += found
        new = [e for e in scanned if e.sha256 not in known_sha]
        aliases = [e for e in scanned if e.sha256 in known_sha and (e.path, e.sha256) not in known_names]
        if not new and not aliases:
            return existing, []
        start = _after(existing, dt.datetime.now(dt.UTC))
        made = []
        for i, entries in enumerate(_split(new, max_documents)):
            now = start + dt.timedelta(seconds=i)
            named = aliases if i == 0 else []
            batch = Batch(
                new_key(entries + named, now),
                now.isoformat(timespec="seconds"),
                tuple(entries),
                tuple(named),
                tuple(found) if i == 0 else (),
            )
            _register(landing, batch)
            made.append(batch)
        return {**existing, **{b.key: b for b in made}}, made
