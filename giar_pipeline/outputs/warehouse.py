"""Opening a warehouse for reading: read-only, so a reader never takes DuckDB's writer lock."""

from __future__ import annotations

from pathlib import Path

import duckdb

from ..warehouse.models import discover
from ..warehouse.schema import EXTRACTED


class WarehouseError(Exception):
    """A warehouse that cannot be read, said in words a person can act on."""


def read_only(path: str | Path) -> duckdb.DuckDBPyConnection:
    p = Path(path)
    if not p.is_file():
        raise WarehouseError(
            f"{p}: no warehouse there (build one with `giar run LANDING_DIR --warehouse {p}` "
            "or `make demo`, which writes data/demo/giar.duckdb)"
        )
    try:
        conn = duckdb.connect(str(p), read_only=True)
    except duckdb.Error as e:
        raise WarehouseError(f"{p}: cannot open it read-only: {e}") from e
    conn.execute("SET enable_progress_bar = false")  # output is ours: no bar on the terminal
    return conn


def relations(conn) -> set[str]:
    return {n for (n,) in conn.execute("SELECT table_name FROM information_schema.tables").fetchall()}


def exported_tables(conn) -> list[str]:
    """The contract tables, then the mart tables the warehouse holds, in model order."""
    have = relations(conn)
    missing = [t.name for t in EXTRACTED if t.name not in have]
    if missing:
        raise WarehouseError(f"not a giar warehouse: table(s) {', '.join(missing)} missing")
    return [t.name for t in EXTRACTED] + [m for m in discover() if m.startswith("mart_") and m in have]
