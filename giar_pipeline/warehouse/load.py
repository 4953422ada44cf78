"""Bulk, idempotent loading of batches into the warehouse.

Per call, one transaction: delete the batches' rows, then insert their staged
rows (DuckDB reads the staged Parquet files itself, never through Python objects;
Arrow tables work too), so re-loading a batch replaces exactly its rows. A
document that another batch already loaded is skipped (a sha256 is one report,
whichever batch saw it first), but ``batch_documents`` keeps every name each
batch found.
DuckDB allows one writer per file: :func:`~.locks.writer_lock` makes concurrent
writers wait their turn instead of failing on the file lock. A DuckLake (:mod:`.lake`) takes many
writers at once; a load that loses a commit race runs again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa

from ..failpoints import failpoint
from .schema import BATCH_DOCUMENTS, EXTRACTED, create_all
from .transaction import retry_conflicts, transaction

Staged = Mapping[str, pa.Table | Path]  # a batch's rows by warehouse table name: Arrow, or a staged Parquet file


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _source(conn, rows: pa.Table | Path, registered: list[str]) -> str:
    """A FROM item for ``rows``: DuckDB reads a staged file as it inserts, never through Python."""
    if isinstance(rows, pa.Table):
        registered.append(f"staged_{len(registered)}")
        conn.register(registered[-1], rows)
        return registered[-1]
    return f"read_parquet({_literal(str(rows))})"


def _incoming(conn, batches: Mapping[str, Staged], table: str, registered: list[str]) -> str:
    """A temporary view of the table's incoming rows of every batch, each with its ``batch``."""
    parts = []
    for key, staged in batches.items():
        if table in staged:
            rows = _source(conn, staged[table], registered)
        else:  # batch_documents of a batch staged before names were: one per report
            reports = _source(conn, staged["reports"], registered)
            rows = f"(SELECT report_id, source_path, NULL::VARCHAR[] AS also_seen_as FROM {reports})"
        parts.append(f"SELECT *, {_literal(key)} AS batch FROM {rows}")
    conn.execute(f"CREATE OR REPLACE TEMP VIEW incoming_{table} AS " + " UNION ALL BY NAME ".join(parts))
    return f"incoming_{table}"


def load_batches(conn, batches: Mapping[str, Staged], now: dt.datetime | None = None) -> dict[str, int]:
    """Replace the rows of ``batches`` (batch key → its staged tables); return the rows they now hold per table.
    On a DuckLake, a load that another writer's commit overtook runs again (:func:`.retry_conflicts`)."""
    now = now or dt.datetime.now(dt.UTC)
    keys = list(batches)
    registered: list[str] = []
    tables = (*EXTRACTED, BATCH_DOCUMENTS)
    try:
        incoming = {t.name: _incoming(conn, batches, t.name, registered) for t in tables}
        retry_conflicts(lambda: _replace(conn, keys, now, incoming))
    finally:
        for t in tables:
            conn.execute(f"DROP VIEW IF EXISTS incoming_{t.name}")
        for name in registered:
            conn.unregister(name)
    return row_counts(conn, keys)


def _replace(conn, keys: list[str], now: dt.datetime, incoming: dict[str, str]) -> None:
    create_all(conn)
    with transaction(conn):
        for t in (*EXTRACTED, BATCH_DOCUMENTS):
            conn.execute(f"DELETE FROM {t.name} WHERE batch IN (SELECT unnest(?))", [keys])
        # a report keeps the first batch that saw it, here or in an earlier load (batches of one landing
        # folder hold distinct content, so concurrent loads never contend for a report)
        conn.execute(f"""CREATE TEMP TABLE kept AS
            SELECT report_id, min(batch) AS batch FROM {incoming["reports"]}
            WHERE report_id NOT IN (SELECT report_id FROM reports) GROUP BY report_id""")
        for t in EXTRACTED:
            cols = ", ".join(f"i.{c.name}" for c in t.staged)
            # by name: a warehouse migrated from an earlier release has new columns at the end
            conn.execute(
                f"INSERT INTO {t.name} BY NAME SELECT {cols}, i.batch, ?::TIMESTAMPTZ AS loaded_at "
                f"FROM {incoming[t.name]} AS i JOIN kept USING (report_id, batch)",
                [now],
            )
        conn.execute(
            f"INSERT INTO {BATCH_DOCUMENTS.name} BY NAME SELECT batch, report_id, source_path, "
            f"also_seen_as, ?::TIMESTAMPTZ AS loaded_at FROM {incoming[BATCH_DOCUMENTS.name]}",
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
