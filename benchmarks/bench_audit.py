"""How long the auditor's steps take over a whole warehouse: issuer keys, the SQL models, the four checks.

    .venv/bin/python benchmarks/bench_audit.py [--sizes 10000,50000] [--pool 200]

Reports are synthetic truth (giar_pipeline.synth) tiled over bodies of five consecutive years each,
named in three spellings (as is, abbreviated, with a city prefix), with two restated numbers per
report, loaded into a fresh DuckDB file. Prints one row per size: seconds per step.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa


def warehouse(path: Path, n: int, pool: int, rng: np.random.Generator) -> None:
    from giar_pipeline.synth import render_document
    from giar_pipeline.warehouse import load_batches
    from giar_pipeline.warehouse.schema import EXTRACTED

    truths = [render_document(seed, template="v2021").truth for seed in range(pool)]
    picks = rng.integers(0, pool, n)
    ids = [f"{i:016x}" for i in range(n)]
    body, year = np.arange(n) // 5, 2021 + np.arange(n) % 5
    spelling = rng.integers(0, 3, n)
    names = [
        (f"{b}号示范县人民政府", f"{b}号示范县政府", f"安平市{b}号示范县人民政府")[s] for b, s in zip(body, spelling)
    ]
    published = [dt.date(int(y) + 1, int(m), 10) for y, m in zip(year, rng.integers(1, 5, n))]
    schema = {t.name: t.arrow_schema for t in EXTRACTED}
    reports = pa.table(
        {
            "report_id": ids,
            "source_path": ids,
            "sha256": ids,
            "status": ["ok"] * n,
            "reason": [None] * n,
            "template": ["v2021"] * n,
            "report_year": year.astype("int32"),
            "issuer": names,
            "published_on": published,
        },
        schema=schema["reports"],
    )
    cells = [
        (rid, c["table"], c["row"], c["col"], None if c["value"] is None else float(c["value"]), None, 1, False)
        for rid, p in zip(ids, picks)
        for c in truths[p]["cells"]
    ]
    said = [
        (rid, k + 1, "restated", "applications", f"{row}.total", [f"{row}|total"], float(rng.integers(0, 50)), "…", 1)
        for rid in ids
        for k, row in enumerate(("new_received", "carried_over"))
    ]
    tables = {
        "reports": reports,
        "report_cells": pa.Table.from_pylist(
            [dict(zip(schema["report_cells"].names, c)) for c in cells], schema["report_cells"]
        ),
        "report_statements": pa.Table.from_pylist(
            [dict(zip(schema["report_statements"].names, s)) for s in said], schema["report_statements"]
        ),
        "check_violations": schema["check_violations"].empty_table(),
    }
    with duckdb.connect(str(path)) as conn:
        load_batches(conn, {"bench": tables})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,50000")
    ap.add_argument("--pool", type=int, default=200)
    a = ap.parse_args()
    from giar_pipeline.quality import audit_store
    from giar_pipeline.warehouse.models import run_all

    print(f"{'reports':>8} {'issuer keys':>12} {'SQL models':>11} {'audit checks':>13} {'findings':>9}")
    for n in map(int, a.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "w.duckdb"
            warehouse(path, n, a.pool, np.random.default_rng(0))
            with duckdb.connect(str(path)) as conn:
                t0 = time.perf_counter()
                audit_store.write_issuer_keys(conn)
                t1 = time.perf_counter()
                run_all(conn)
                t2 = time.perf_counter()
                found = audit_store.run(conn)
                t3 = time.perf_counter()
        print(f"{n:>8} {t1 - t0:>11.2f}s {t2 - t1:>10.2f}s {t3 - t2:>12.2f}s {sum(map(len, found.values())):>9}")


if __name__ == "__main__":
    main()
