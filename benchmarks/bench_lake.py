"""Loading batches into a DuckDB file and into a DuckLake (SQLite catalog, local data path), one
writer and several at once; and rebuilding the SQL models over each.

    .venv/bin/python benchmarks/bench_lake.py [--reports 2000] [--batches 4] [--writers 2] [--out DIR]
        [--postgres CONNINFO_ONE CONNINFO_MANY]   # two empty databases: a Postgres catalog too

Reports are generated documents, extracted once, and tiled to ``--reports`` under new digests,
as staged Arrow tables. Each writer is a process of its own (as partition runs are) loading its
share of the batches one after another; the load that loses a commit race runs again, and the
retries are counted. Prints one row per case.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq


def staged(n: int, pool: int = 40) -> dict[str, pa.Table]:
    from giar_pipeline.extract import extract_document
    from giar_pipeline.synth import render_document
    from giar_pipeline.warehouse import to_tables

    docs = [extract_document(render_document(seed).data, f"d{seed}.txt") for seed in range(pool)]
    tiled = [dataclasses.replace(docs[i % pool], sha256=hashlib.sha256(f"{i}".encode()).hexdigest()) for i in range(n)]
    return to_tables(tiled)


def batches(tables: dict[str, pa.Table], count: int) -> dict[str, dict[str, pa.Table]]:
    """``count`` batches of consecutive reports, their cells, violations and statements with them."""
    ids = tables["reports"]["report_id"].to_pylist()
    size = -(-len(ids) // count)
    out = {}
    for b in range(count):
        keep = pa.array(ids[b * size : (b + 1) * size])
        out[f"b{b}"] = {name: t.filter(pc.is_in(t["report_id"], value_set=keep)) for name, t in tables.items()}
    return out


def write(folder: Path, parts: dict[str, dict[str, pa.Table]]) -> None:
    for key, tables in parts.items():
        for name, t in tables.items():
            (folder / key).mkdir(parents=True, exist_ok=True)
            pq.write_table(t, folder / key / f"{name}.parquet")


def read(folder: Path, key: str) -> dict[str, pa.Table]:
    return {p.stem: pq.read_table(p) for p in sorted((folder / key).glob("*.parquet"))}


def connect(warehouse: str, data: str):
    from giar_pipeline.warehouse import lake

    return lake.connect(warehouse, data) if lake.is_lake(warehouse) else duckdb.connect(warehouse)


def child(staging: Path, warehouse: str, data: str, keys: list[str]) -> None:
    """One writer: its batches, one load each; prints when its loads started and ended."""
    from giar_pipeline.warehouse import load_batches

    with connect(warehouse, data) as conn:
        start = time.time()
        for key in keys:
            load_batches(conn, {key: read(staging, key)})
        print(start, time.time())


def writers(staging: Path, warehouse: str, data: str, keys: list[str], n: int) -> tuple[float, int]:
    """From the first load's start to the last one's end, over ``n`` writer processes sharing ``keys``
    (interpreter start and imports left out), and the retries they reported."""
    procs = [
        subprocess.Popen(
            [sys.executable, __file__, "--child", str(staging), warehouse, data, *keys[i::n]],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(n)
    ]
    outs = [p.communicate() for p in procs]
    if any(p.returncode for p in procs):
        raise SystemExit("\n".join(err for _, err in outs))
    spans = [tuple(map(float, out.split())) for out, _ in outs]
    retries = sum(err.count("another writer committed first") for _, err in outs)
    return max(e for _, e in spans) - min(s for s, _ in spans), retries


def models(warehouse: str, data: str) -> float:
    from giar_pipeline.warehouse import run_all
    from giar_pipeline.warehouse.load import loaded_batches

    with connect(warehouse, data) as conn:
        loaded_batches(conn)  # the tables exist
        start = time.perf_counter()
        run_all(conn)
        return time.perf_counter() - start


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        staging, warehouse, data, *keys = sys.argv[2:]
        child(Path(staging), warehouse, data, keys)
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=2000)
    ap.add_argument("--batches", type=int, default=4)
    ap.add_argument("--writers", type=int, default=2)
    ap.add_argument("--out", type=Path, default=None, help="work folder (default: a temporary one)")
    ap.add_argument("--postgres", nargs=2, default=[], help="libpq conninfo of two empty databases")
    args = ap.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="bench-lake-"))
    tables = staged(args.reports)
    parts = batches(tables, args.batches)
    write(out / "staging", parts)
    keys = list(parts)
    cells = tables["report_cells"].num_rows
    print(f"{args.reports:,} reports, {cells:,} cells, {len(keys)} batches; work folder {out}")
    print(f"{'warehouse':<28} {'writers':>7} {'load s':>7} {'reports/s':>9} {'retries':>7} {'models s':>8}")
    cases = [
        ("DuckDB file", str(out / "w.duckdb"), "", 1),
        ("DuckLake, SQLite catalog", f"ducklake:sqlite:{out / 'one' / 'catalog.sqlite'}", str(out / "one" / "data"), 1),
        (
            "DuckLake, SQLite catalog",
            f"ducklake:sqlite:{out / 'many' / 'catalog.sqlite'}",
            str(out / "many" / "data"),
            args.writers,
        ),
        *(
            ("DuckLake, Postgres catalog", f"ducklake:postgres:{conninfo}", str(out / f"pg{n}" / "data"), n)
            for conninfo, n in zip(args.postgres, (1, args.writers))
        ),
    ]
    for name, warehouse, data, n in cases:
        seconds, retries = writers(out / "staging", warehouse, data, keys, n)
        rebuild = models(warehouse, data)
        print(f"{name:<28} {n:>7} {seconds:>7.1f} {args.reports / seconds:>9.0f} {retries:>7} {rebuild:>8.1f}")


if __name__ == "__main__":
    main()
