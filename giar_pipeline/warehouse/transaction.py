"""One DuckDB transaction: committed when the block ends, rolled back when anything (even a kill
signal's exception) leaves it, so a warehouse never holds half a load.

Many processes write a DuckLake at once, and a commit may lose to another writer's:
:func:`retry_conflicts` runs the whole transaction again, a bounded number of times."""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import duckdb

T = TypeVar("T")
# what DuckDB says when another writer committed first: DuckLake's "Transaction conflict", DuckDB's own
# write-write "conflict", a SQLite catalog's "database is locked" (of two overlapping writers, its WAL
# lets the first commit), a Postgres catalog's unique violation (two processes creating it; measured),
# a DuckLake table another process created at the same moment ("Table entry … does not have any
# columns" on commit: seen once in `make test` of two batch runs at once; created again, it exists)
RETRYABLE = ("conflict", "database is locked", "duplicate key value violates", "does not have any columns")
ATTEMPTS = 8  # pauses of 0.05 s doubling, with jitter: about 10 s in all


@contextmanager
def transaction(conn) -> Iterator:
    conn.execute("BEGIN TRANSACTION")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")  # a failed COMMIT ends the transaction itself: nothing is left to roll back


def retry_conflicts(work: Callable[[], T], attempts: int = ATTEMPTS, pause: float = 0.05) -> T:
    """``work()`` (a whole transaction), run again after a growing pause while it fails because another
    writer committed first; any other error, or the last attempt's, is raised."""
    for attempt in range(1, attempts):
        try:
            return work()
        except duckdb.Error as e:
            if not any(m in str(e).lower() for m in RETRYABLE):
                raise
            reason = str(e).strip().splitlines()[-1][:100]
            say = f"giar: another writer committed first ({reason}); retry {attempt} of {attempts - 1}"
            print(say, file=sys.stderr)
            time.sleep(pause * 2 ** (attempt - 1) * random.uniform(1, 2))
    return work()  # the last attempt: its error is raised as it is
