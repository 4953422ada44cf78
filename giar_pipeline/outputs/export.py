"""`giar export`: the contract tables and the marts, one file per table, as Parquet, CSV or XLSX.

Parquet and CSV are written by DuckDB itself (``COPY``). XLSX goes through openpyxl's write-only
workbook: DuckDB's excel extension is published for one DuckDB release at a time and will not
load into another (see README, Choices). A sheet holds at most 1,048,576 rows, so a larger table
continues on sheets ``<table>_2``, ``<table>_3``… of the same file: nothing is cut.
``manifest.json`` lists each file with its rows, column types and sha256.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from pathlib import Path

from ..warehouse.schema import TABLES
from .warehouse import WarehouseError, exported_tables, read_only

FORMATS = ("parquet", "csv", "xlsx")
SHEET_ROWS = 1_048_575  # Excel's limit less the header row
BATCH = 10_000


def _select(table: str) -> str:
    # rows in key order, so the same warehouse exports the same files (marts: their leading columns)
    key = TABLES[table].key if table in TABLES else (1, 2)
    return f"SELECT * FROM {table} ORDER BY {', '.join(map(str, key))}"


def _copy(conn, table: str, path: Path, fmt: str) -> None:
    options = "FORMAT parquet, COMPRESSION zstd" if fmt == "parquet" else "FORMAT csv, HEADER true"
    target = str(path).replace("'", "''")
    conn.execute(f"COPY ({_select(table)}) TO '{target}' ({options})")


def _excel_value(v):
    if isinstance(v, dt.datetime) and v.tzinfo is not None:
        return v.astimezone(dt.UTC).replace(tzinfo=None)  # Excel has no time zones: UTC, said in the header
    if isinstance(v, list | tuple | dict):  # a cell holds one value: a list (statement cells, names) as JSON
        return json.dumps(v, ensure_ascii=False, default=str)
    return v


def _xlsx(conn, table: str, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cur = conn.execute(_select(table))
    types = [str(d[1]) for d in cur.description]
    header = [d[0] + (" (UTC)" if "TIME ZONE" in t.upper() else "") for d, t in zip(cur.description, types)]
    wb = Workbook(write_only=True)
    sheet, used, part = None, SHEET_ROWS, 0
    while batch := cur.fetchmany(BATCH):
        for row in batch:
            if used == SHEET_ROWS:
                part += 1
                sheet = wb.create_sheet(table if part == 1 else f"{table}_{part}"[:31])
                sheet.append(header)
                used = 0
            sheet.append(
                [ILLEGAL_CHARACTERS_RE.sub("\ufffd", v) if isinstance(v, str) else _excel_value(v) for v in row]
            )
            used += 1
    if sheet is None:  # an empty table still gets its header
        wb.create_sheet(table).append(header)
    wb.save(path)


def export(warehouse: str | Path, out: str | Path, fmt: str) -> dict:
    """Write every exported table of ``warehouse`` into ``out``; return the manifest."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    manifest = {"warehouse": str(warehouse), "format": fmt, "tables": {}}
    with read_only(warehouse) as conn:
        for table in exported_tables(conn):
            path = out / f"{table}.{fmt}"
            _xlsx(conn, table, path) if fmt == "xlsx" else _copy(conn, table, path, fmt)
            (rows,) = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
            columns = {n: t for n, t, *_ in conn.execute(f"DESCRIBE {table}").fetchall()}
            manifest["tables"][table] = {
                "file": path.name,
                "rows": rows,
                "columns": columns,
                "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            }
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def main(args) -> int:
    try:
        manifest = export(args.warehouse, args.out, args.format)
    except WarehouseError as e:
        print(f"giar export: {e}", file=sys.stderr)
        return 2
    for t in manifest["tables"].values():
        print(f"{t['rows']:>9} rows  {Path(args.out) / t['file']}")
    print(f"manifest: {Path(args.out) / 'manifest.json'}", file=sys.stderr)
    return 0
