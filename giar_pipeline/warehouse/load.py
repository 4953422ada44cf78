"""Bulk, idempotent loading of batches into the warehouse.

Per call, one transaction: delete the batches' rows, then insert their staged
Arrow tables, so re-loading a batch replaces exactly its rows. A document that
another batch already loaded is skipped (a sha256 is one report, whichever
batch saw it first). DuckDB allows one writer per file: :func:`writer_lock`
makes concurrent writers wait their turn instead of failing on the file lock.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import tempfile
from collections.abc import Mapping
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa

from .schema import BATCH_DOCUMENTS, EXTRACTED, create_all


@contextmanager
def writer_lock(database: str | Path):
    """Exclusive, blocking lock for one DuckDB file (held for a whole load). It lives in the temp
    folder, keyed by the file's absolute path, so that it litters no data or repository folder."""
    digest = hashlib.sha256(str(Path(database).resolve()).encode()).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / "giar-locks" / f"{digest}.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


Staged = Mapping[str, pa.Table]  # one batch's rows, by warehouse table name


def _incoming(batches: Mapping[str, Staged], table: str) -> pa.Table:
    parts = [s[table].append_column("batch", pa.array([k] * s[table].num_rows, pa.string()))
             for k, s in batches.items()]
    return pa.concat_tables(parts)


def load_batches(conn, batches: Mapping[str, Staged], now: dt.datetime | None = None) -> dict[str, int]:
    """Replace the rows of ``batches`` (batch key → its staged tables); return the rows they now hold per table."""
    now = now or dt.datetime.now(dt.UTC)
    keys = list(batches)
    create_all(conn)
    conn.execute("BEGIN TRANSACTION")
    try:
        for t in (*EXTRACTED, BATCH_DOCUMENTS):
            conn.execute(f"DELETE FROM {t.name} WHERE batch IN (SELECT unnest(?))", [keys])
        for t in EXTRACTED:
            conn.register(f"incoming_{t.name}", _incoming(batches, t.name))
        # a report keeps the first batch that saw it, here or in an earlier load
        conn.execute("""CREATE TEMP TABLE kept AS
            SELECT report_id, min(batch) AS batch FROM incoming_reports
            WHERE report_id NOT IN (SELECT report_id FROM reports) GROUP BY report_id""")
        for t in EXTRACTED:
            cols = ", ".join(f"i.{c.name}" for c in t.staged)
            # by name: a warehouse migrated from an earlier release has new columns at the end
            conn.execute(f"INSERT INTO {t.name} BY NAME SELECT {cols}, i.batch, ?::TIMESTAMPTZ AS loaded_at "
                         f"FROM incoming_{t.name} AS i JOIN kept USING (report_id, batch)", [now])
        conn.execute(f"INSERT INTO {BATCH_DOCUMENTS.name} SELECT batch, report_id, source_path, ? "
                     "FROM incoming_reports", [now])
        conn.execute("DROP TABLE kept")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    finally:
        for t in EXTRACTED:
            conn.unregister(f"incoming_{t.name}")
    return row_counts(conn, keys)


def row_counts(conn, keys: list[str]) -> dict[str, int]:
    """Rows the given batches hold, per warehouse table."""
    return {t.name: conn.execute(f"SELECT count(*) FROM {t.name} WHERE batch IN (SELECT unnest(?))", [keys]).fetchall()[0][0]
            for t in EXTRACTED}


def loaded_batches(conn) -> set[str]:
    """Batches the warehouse holds (an empty or new warehouse holds none)."""
    create_all(conn)
    return {k for (k,) in conn.execute(f"SELECT DISTINCT batch FROM {BATCH_DOCUMENTS.name}").fetchall()}
