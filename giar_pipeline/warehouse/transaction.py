"""One DuckDB transaction: committed when the block ends, rolled back when anything (even a kill
signal's exception) leaves it, so a warehouse never holds half a load."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def transaction(conn) -> Iterator:
    conn.execute("BEGIN TRANSACTION")
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
