"""Materialization metadata built from Arrow tables and DuckDB results (no data logic)."""

from collections import Counter
from collections.abc import Iterable

import dagster as dg
import pyarrow as pa

from ..warehouse.schema import Column

PREVIEW_ROWS = 10
OWNERS = ["team:giar"]  # who answers for every asset and check (shown in the UI)


def markdown(columns: list[str], rows: Iterable[tuple]) -> dg.MetadataValue:
    """A markdown table (cells cut to 60 characters)."""
    def cell(v) -> str:
        s = "" if v is None else str(v).replace("|", "\\|").replace("\n", " ")
        return s if len(s) <= 60 else s[:59] + "…"

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(v) for v in r) + " |" for r in rows]
    return dg.MetadataValue.md("\n".join(lines))


def counts(values: Iterable, *names: str) -> dg.MetadataValue:
    """A markdown table of how often each value occurs, most frequent first."""
    rows = [(*(k if isinstance(k, tuple) else (k,)), n) for k, n in Counter(values).most_common()]
    return markdown([*names, "count"], rows)


def preview(table: pa.Table, columns: list[str] | None = None) -> dg.MetadataValue:
    t = table.select(columns or table.column_names).slice(0, PREVIEW_ROWS)
    return markdown(t.column_names, [tuple(r.values()) for r in t.to_pylist()])


def table_schema(columns: Iterable[Column]) -> dg.TableSchema:
    return dg.TableSchema(columns=[dg.TableColumn(c.name, c.sql, description=c.description) for c in columns])


def duckdb_schema(conn, relation: str) -> dg.TableSchema:
    rows = conn.execute(f"DESCRIBE {relation}").fetchall()
    return dg.TableSchema(columns=[dg.TableColumn(name, typ) for name, typ, *_ in rows])


def batches(keys: list[str]) -> dict[str, dg.MetadataValue]:
    """Which batches the materialization covered (a single-run backfill covers many)."""
    return {"batches": dg.MetadataValue.text(", ".join(keys)), "batch_count": len(keys)}
