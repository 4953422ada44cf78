"""How long the quality checks take for 10k and 100k reports, on one core.

    .venv/bin/python benchmarks/bench_checks.py [--sizes 10000,100000] [--pool 300]

Reports are synthetic truth (giar_pipeline.synth) drawn from a pool and tiled,
with one in five changed by a cell so that checks find violations, as staged
Arrow rows (what a partition holds). Stages: GX import and context (paid once
per process), frame building, validation of every suite (derived columns, one
GX run per suite, findings), and the carry_over_chains check on a mart of the
same size. Prints one row per size.
"""

from __future__ import annotations

import argparse
import os
import random
import time

import numpy as np
import pandas as pd
import pyarrow as pa


def one_core() -> None:
    os.environ["OMP_NUM_THREADS"] = "1"
    pa.set_cpu_count(1)
    pa.set_io_thread_count(1)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def pool(size: int) -> list[dict]:
    from giar_pipeline.synth import render_document

    return [render_document(seed).truth for seed in range(size)]


CODES = {"table_code": "table", "row_code": "row", "col_code": "col"}


def tables(truths: list[dict], n: int, rng: np.random.Generator) -> tuple[pa.Table, pa.Table]:
    """``n`` reports tiled from ``truths``; a fifth get one cell increased by 1 (a violation, mostly)."""
    picks = rng.integers(0, len(truths), n)
    ids = np.char.mod("%016x", np.arange(n))
    reports = pa.table(
        {
            "report_id": ids,
            "status": ["ok"] * n,
            "template": [truths[p]["template"] for p in picks],
            "issuer": [truths[p]["issuer"] for p in picks],
            "report_year": [truths[p]["report_year"] for p in picks],
        }
    )
    codes = [pa.table({k: [c[key] for c in t["cells"]] for k, key in CODES.items()}) for t in truths]
    values = [np.array([c["value"] for c in t["cells"]], dtype=float) for t in truths]
    sizes = np.array([len(values[p]) for p in picks])
    # report by report, like the extractor's rows; in few chunks, as a staged Parquet file reads back
    cells = pa.concat_tables([codes[p] for p in picks]).combine_chunks()
    value = np.concatenate([values[p] for p in picks])
    broken = np.flatnonzero(rng.random(n) < 0.2)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    value[starts[broken] + rng.integers(0, sizes[broken])] += 1
    cells = cells.append_column("report_id", pa.array(np.repeat(ids, sizes))).append_column("value", pa.array(value))
    return reports, cells


def mart(n: int, rng: np.random.Generator) -> pd.DataFrame:
    """A carry-over mart: one row per report and applications column, 5% of them broken."""
    from giar_pipeline.quality.plan import carry_over

    cols = carry_over()[0].cols
    prev = rng.integers(0, 20, (n, len(cols))).astype(float)
    cur = prev + (rng.random((n, len(cols))) < 0.05)
    ids = np.char.mod("%016x", np.arange(n))
    return pd.DataFrame(
        {
            "issuer": np.repeat(ids, len(cols)),
            "report_year": 2022,
            "col_code": np.tile(cols, n),
            "report_id": np.repeat(ids, len(cols)),
            "previous_report_id": np.repeat(np.char.add("p", ids), len(cols)),
            "carried_over": cur.ravel(),
            "previous_carried_forward": prev.ravel(),
        }
    )


def timed(f, *args):
    t = time.perf_counter()
    out = f(*args)
    return out, time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--pool", type=int, default=300)
    args = ap.parse_args()
    one_core()
    from giar_pipeline.quality import carry_over, matrices, validate

    (_, warm) = timed(lambda: validate.check(*tables(pool(2), 2, np.random.default_rng(0))))
    truths = pool(args.pool)
    random.seed(0)
    header = ("reports", "cells", "frames s", "validate s", "carry-over s", "checks s", "reports/s", "findings")
    rows = []
    for n in map(int, args.sizes.split(",")):
        rng = np.random.default_rng(n)
        reports, cells = tables(truths, n, rng)
        built, t_frames = timed(matrices.build, reports, cells)
        outcomes, t_validate = timed(validate.validate_suites, built)
        chains, t_carry = timed(carry_over.check, mart(n, rng))
        total = t_frames + t_validate + t_carry
        found = sum(len(o.findings) for o in outcomes + chains)
        rows.append(
            (
                f"{n:,}",
                f"{cells.num_rows:,}",
                f"{t_frames:.2f}",
                f"{t_validate:.2f}",
                f"{t_carry:.2f}",
                f"{total:.2f}",
                f"{n / total:,.0f}",
                f"{found:,}",
            )
        )
    print(f"GX import, context and a first 2-report validation (once per process): {warm:.2f} s")
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    for r in (header, *rows):
        print("  ".join(v.rjust(w) for v, w in zip(r, widths)))


if __name__ == "__main__":
    main()
