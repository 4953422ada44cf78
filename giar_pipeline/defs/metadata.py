"""Materialization metadata built from Arrow tables and DuckDB results (no data logic)."""

import functools
from collections import Counter
from collections.abc import Iterable

import dagster as dg
import duckdb
import pyarrow as pa

from ..warehouse.models import discover, run_all
from ..warehouse.schema import WarehouseColumn, create_all

PREVIEW_ROWS = 10
OWNERS = ["team:giar"]  # who answers for every asset (shown in the UI)
PARTITIONS = (
    "one partition per ingest batch (dynamic partitions `ingest_batch`, keys "
    "YYYYMMDDTHHMMSSZ-<8 hex>): the documents whose content was new when the landing folder was swept; "
    "the batch manifest in LANDING/.giar/batches/<key>/ names them, so a re-run re-reads exactly them"
)


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


def table_schema(columns: Iterable[WarehouseColumn]) -> dg.TableSchema:
    return dg.TableSchema(columns=[dg.TableColumn(c.name, c.sql, description=c.description) for c in columns])


def duckdb_schema(conn, relation: str) -> dg.TableSchema:
    rows = conn.execute(f"DESCRIBE {relation}").fetchall()
    return dg.TableSchema(columns=[dg.TableColumn(name, typ) for name, typ, *_ in rows])


def batches(keys: list[str]) -> dict[str, dg.MetadataValue]:
    """Which batches the materialization covered (a single-run backfill covers many)."""
    return {"batches": dg.MetadataValue.text(", ".join(keys)), "batch_count": len(keys)}


def arrow_schema(schema: pa.Schema, docs: dict[str, str] | None = None) -> dg.TableSchema:
    docs = docs or {}
    return dg.TableSchema(columns=[dg.TableColumn(f.name, str(f.type), description=docs.get(f.name)) for f in schema])


@functools.cache
def model_schemas() -> dict[str, dg.TableSchema]:
    """Every SQL model's columns, known before any run: the models built once on an empty in-memory warehouse."""
    with duckdb.connect() as conn:
        create_all(conn)
        run_all(conn, discover())
        return {name: duckdb_schema(conn, name) for name in discover()}
