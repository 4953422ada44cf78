"""Bulk, idempotent loading of batches into the warehouse.

Per call, one transaction: delete the batches' rows, then insert their staged
Arrow tables, so re-loading a batch replaces exactly its rows. A document that
another batch already loaded is skipped (a sha256 is one report, whichever
batch saw it first), but ``batch_documents`` keeps every name each batch found.
DuckDB allows one writer per file: :func:`~.locks.writer_lock` makes concurrent
writers wait their turn instead of failing on the file lock. A DuckLake (:mod:`.lake`) takes many
writers at once; a load that loses a commit race runs again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pyarrow as pa

from ..failpoints import failpoint
from .locks import writer_lock  # noqa: F401  (re-exported: callers import it from here)
from .schema import BATCH_DOCUMENTS, EXTRACTED, create_all
from .transaction import retry_conflicts, transaction

Staged = Mapping[str, pa.Table]  # one batch's rows, by warehouse table name


def _documents(staged: Staged) -> pa.Table:
    """A batch's ``batch_documents`` rows; batches staged before names were staged: one per report."""
    if BATCH_DOCUMENTS.name in staged:
        return staged[BATCH_DOCUMENTS.name]
    reports = staged["reports"]
    return pa.table(
        {
            "report_id": reports["report_id"],
            "source_path": reports["source_path"],
            "also_seen_as": pa.nulls(reports.num_rows, pa.list_(pa.string())),
        }
    )


def _incoming(batches: Mapping[str, Staged], table: str) -> pa.Table:
    parts = [
        s[table].append_column("batch", pa.array([k] * s[table].num_rows, pa.string())) for k, s in batches.items()
    ]
    return pa.concat_tables(parts)


def load_batches(conn, batches: Mapping[str, Staged], now: dt.datetime | None = None) -> dict[str, int]:
    """Replace the rows of ``batches`` (batch key → its staged tables); return the rows they now hold per table.
    On a DuckLake, a load that another writer's commit overtook runs again (:func:`.retry_conflicts`)."""
    now = now or dt.datetime.now(dt.UTC)
    keys = list(batches)
    try:
        for t in EXTRACTED:
            conn.register(f"incoming_{t.name}", _incoming(batches, t.name))
        conn.register("incoming_documents", _incoming({k: {"d": _documents(s)} for k, s in batches.items()}, "d"))
        retry_conflicts(lambda: _replace(conn, keys, now))
    finally:
        for t in EXTRACTED:
            conn.unregister(f"incoming_{t.name}")
        conn.unregister("incoming_documents")
    return row_counts(conn, keys)


def _replace(conn, keys: list[str], now: dt.datetime) -> None:
    create_all(conn)
    with transaction(conn):
        for t in (*EXTRACTED, BATCH_DOCUMENTS):
            conn.execute(f"DELETE FROM {t.name} WHERE batch IN (SELECT unnest(?))", [keys])
        # a report keeps the first batch that saw it, here or in an earlier load (batches of one landing
        # folder hold distinct content, so concurrent loads never contend for a report)
        conn.execute("""CREATE TEMP TABLE kept AS
            SELECT report_id, min(batch) AS batch FROM incoming_reports
            WHERE report_id NOT IN (SELECT report_id FROM reports) GROUP BY report_id""")
        for t in EXTRACTED:
            cols = ", ".join(f"i.{c.name}" for c in t.staged)
            # by name: a warehouse migrated from an earlier release has new columns at the end
            conn.execute(
                f"INSERT INTO {t.name} BY NAME SELECT {cols}, i.batch, ?::TIMESTAMPTZ AS loaded_at "
                f"FROM incoming_{t.name} AS i JOIN kept USING (report_id, batch)",
                [now],
            )
        conn.execute(
            f"INSERT INTO {BATCH_DOCUMENTS.name} BY NAME SELECT batch, report_id, source_path, "
            "also_seen_as, ?::TIMESTAMPTZ AS loaded_at FROM incoming_documents",
            [now],
        )
        conn.execute("DROP TABLE kept")
        failpoint("load")  # fault-injection tests kill the run here, inside the transaction


def row_counts(conn, keys: list[str]) -> dict[str, int]:
    """Rows the given batches hold, per warehouse table."""
    return {
        t.name: conn.execute(f"SELECT count(*) FROM {t.name} WHERE batch IN (SELECT unnest(?))", [keys]).fetchall()[0][
            0
        ]
        for t in EXTRACTED
    }


def loaded_batches(conn) -> set[str]:
    """Batches the warehouse holds (an empty or new warehouse holds none)."""
    create_all(conn)
    return {k for (k,) in conn.execute(f"SELECT DISTINCT batch FROM {BATCH_DOCUMENTS.name}").fetchall()}
