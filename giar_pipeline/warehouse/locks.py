"""One kind of lock for everything giar serializes, and patient DuckDB connections.

:func:`file_lock` is an exclusive ``flock`` on a small file that also records the
holder's PID, so a process that has to wait can say for whom. It guards a landing
folder's sweep, a whole ``giar run`` and each warehouse write (DuckDB allows one
writer per file). ``flock`` locks die with their process: ``kill -9`` never
leaves a stale lock behind.

:func:`connect` opens a DuckDB file, retrying with bounded backoff while another
process (a SQL user's session, say) holds it, then fails with a message that
names that process and what to do.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import duckdb

WAIT_ENV = "GIAR_LOCK_WAIT"  # seconds to wait for a warehouse another program holds (default 60)
DEFAULT_WAIT = 60.0


def _say(msg: str) -> None:
    print(f"giar: {msg}", file=sys.stderr, flush=True)


def _holder(f) -> str:
    f.seek(0)
    pid = f.read().strip()
    return f"PID {pid}" if pid.isdigit() else "another process"


@contextmanager
def file_lock(path: Path, what: str, say: Callable[[str], None] | None = _say):
    """Hold an exclusive lock on ``path`` (created if absent) for the block; wait for a holder, saying so."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if say:
                say(f"waiting for {what}: {_holder(f)} holds it")
            fcntl.flock(f, fcntl.LOCK_EX)
        try:
            f.seek(0)
            f.truncate()
            f.write(str(os.getpid()))
            f.flush()
            yield
        finally:
            f.truncate(0)
            fcntl.flock(f, fcntl.LOCK_UN)


def lock_path(key: str | Path, kind: str) -> Path:
    """A lock file in the temp folder, keyed by an absolute path (no litter in data or repository folders)."""
    digest = hashlib.sha256(str(Path(key).resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    # per user: a lock file another user created could not be opened (DuckDB's own lock still guards the file)
    return Path(tempfile.gettempdir()) / f"giar-locks-{os.getuid()}" / f"{kind}-{digest}.lock"


def writer_lock(database: str | Path):
    """Exclusive, blocking lock for one DuckDB file, held for a whole write."""
    return file_lock(lock_path(database, "warehouse"), f"the warehouse {database} (another giar step writes it)")


class WarehouseBusy(RuntimeError):
    """Another program holds the DuckDB file open past the wait."""


_PID = re.compile(r"PID (\d+)")


def _is_lock_conflict(e: Exception) -> bool:
    return isinstance(e, duckdb.IOException) and "lock" in str(e).lower()


def busy_message(database: str | Path, error: Exception, waited: float) -> str:
    m = _PID.search(str(error))
    who = f"process {m.group(1)}" if m else "another process"
    return (
        f"the warehouse {database} is held open by {who} (DuckDB: {str(error).splitlines()[0]}); waited "
        f"{waited:.0f} s. Close that program's connection (or stop it: kill {m.group(1) if m else '<PID>'}) "
        f"and run again; to read while giar writes, query a snapshot copy (README, 'Querying'). "
        f"{WAIT_ENV}=SECONDS sets how long giar waits."
    )


def wait_seconds() -> float:
    try:
        return max(0.0, float(os.environ.get(WAIT_ENV, DEFAULT_WAIT)))
    except ValueError:
        return DEFAULT_WAIT


def connect(
    database: str | Path,
    read_only: bool = False,
    wait: float | None = None,
    config: dict | None = None,
    say: Callable[[str], None] | None = _say,
):
    """``duckdb.connect`` that waits (backoff 0.1 s doubling to 5 s, ``wait`` seconds in all) while another
    process holds the file, then raises :class:`WarehouseBusy` naming that process."""
    wait = wait_seconds() if wait is None else wait
    start, delay, told = time.monotonic(), 0.1, False
    while True:
        try:
            return duckdb.connect(str(database), read_only=read_only, config=config or {})
        except duckdb.IOException as e:
            if not _is_lock_conflict(e):
                raise
            waited = time.monotonic() - start
            if waited >= wait:
                raise WarehouseBusy(busy_message(database, e, waited)) from None
            if say and not told:
                m = _PID.search(str(e))
                say(
                    f"the warehouse {database} is open in process {m.group(1) if m else '?'}; "
                    f"retrying for up to {wait:.0f} s"
                )
                told = True
            time.sleep(min(delay, max(0.0, wait - waited)))
            delay = min(delay * 2, 5.0)
