"""`giar run` end to end at several corpus sizes, side by side in one run (`make bench-run`).

    python benchmarks/bench_run.py [--sizes 10000,100000] [--seed 11] [--corpus DIR]

Corpus (untimed): the largest size's worth of distinct documents of every layout, by
`generate_corpus` in folders of 2,000 with seeds of their own, written by all cores at once (about
280 documents/s per quiet core: 100k took 7.5 minutes on 2 busy cores; distinct documents rather
than altered copies, so that no report identity repeats more than chance makes it). Each size's landing
folder holds hard links to the first N documents (in those folders), with its own state and
warehouse in a temporary folder. --corpus keeps the generated documents for the next call.

Each size: `giar run LANDING --warehouse FILE` as a subprocess, DAGSTER_HOME unset (an ephemeral
instance). Wall seconds from start to exit; peak memory both as wait4 gives it (the largest single
process) and as the sum over the process tree, sampled from /proc every 0.2 s; the larger counts.

Targets (issue "Throughput"), for the largest size scaled from 100k: ≤ 180 s per 100k documents,
peak ≤ 2 GiB, and time growing ≤ 1.1 × as fast as the documents (100k/10k ≤ 11×).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import duckdb

from giar_pipeline.synth import ALL_LAYOUTS, generate_corpus

FOLDER = 2000  # documents per generated folder
PAGE = os.sysconf("SC_PAGE_SIZE")
GIAR = Path(sys.executable).parent / "giar"
SECONDS_PER_100K, MAX_BYTES, GROWTH = 180, 2 << 30, 1.1


def _generate(folder: Path, n: int, seed: int) -> None:
    part = folder.with_suffix(".part")
    generate_corpus(part, n, seed=seed, layouts=ALL_LAYOUTS, write_truth=False)
    part.rename(folder)  # a folder under its final name is complete


def corpus(root: Path, n: int, seed: int) -> list[Path]:
    """``n`` documents under ``root/seed<seed>/``, generating the folders that are not there yet."""
    base = root / f"seed{seed}"
    folders = [(base / f"{k:03d}", min(FOLDER, n - k * FOLDER), seed * 1000 + k) for k in range(-(-n // FOLDER))]
    todo = [f for f in folders if not f[0].is_dir()]
    if todo:
        base.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        with ProcessPoolExecutor() as pool:
            list(pool.map(_generate, *zip(*todo)))
        print(f"generated {sum(f[1] for f in todo)} documents in {time.perf_counter() - t:.0f} s (untimed)")
    return [p for folder, _, _ in folders for p in sorted(folder.iterdir())][:n]


def tree_rss(root: int) -> int:
    """Bytes resident in ``root`` and all its descendants now."""
    children, rss = defaultdict(list), {}
    for d in os.scandir("/proc"):
        if d.name.isdigit():
            try:
                stat, statm = (Path(d.path, f).read_text() for f in ("stat", "statm"))
            except OSError:
                continue  # gone meanwhile
            children[int(stat.rsplit(")", 1)[1].split()[1])].append(int(d.name))
            rss[int(d.name)] = int(statm.split()[1]) * PAGE
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children[pid]
    return total


def giar_run(landing: Path, warehouse: Path, log: Path) -> tuple[int, float, int, int]:
    """(exit code, wall seconds, largest process's peak RSS, sampled peak of the tree's RSS)."""
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    with open(log, "wb") as out:
        t = time.perf_counter()
        proc = subprocess.Popen([GIAR, "run", landing, "--warehouse", warehouse], stdout=out, stderr=out, env=env)
        tree = 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            tree = max(tree, tree_rss(proc.pid))
            time.sleep(0.2)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, time.perf_counter() - t, usage.ru_maxrss * 1024, tree


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,100000", help="comma-separated document counts")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--corpus", type=Path, help="keep the generated documents here (reused when present)")
    a = ap.parse_args()
    sizes = sorted(int(s) for s in a.sizes.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        docs = corpus(a.corpus or Path(tmp) / "corpus", sizes[-1], a.seed)
        mb = sum(p.stat().st_size for p in docs) / 1e6
        print(f"corpus: {len(docs)} documents of {len(ALL_LAYOUTS)} layouts, {mb:.0f} MB; {os.cpu_count()} cores")
        print(f"\n{'docs':>8}{'reports':>9}{'wall s':>9}{'docs/s':>8}{'peak MiB':>10}  (largest process / tree)")
        runs = {}
        for n in sizes:
            landing, warehouse, log = (Path(tmp) / f"{x}-{n}" for x in ("landing", "warehouse.duckdb", "log.txt"))
            for p in docs[:n]:
                (landing / p.parent.name).mkdir(parents=True, exist_ok=True)
                os.link(p, landing / p.parent.name / p.name)
            code, wall, one, tree = giar_run(landing, warehouse, log)
            if code:
                print(
                    f"{n:>8}  giar run exited {code}; the end of its output:\n{log.read_text(errors='replace')[-3000:]}"
                )
                return
            with duckdb.connect(str(warehouse), read_only=True) as conn:
                (reports,) = conn.execute("SELECT count(*) FROM reports").fetchone()
            runs[n] = wall, max(one, tree)
            print(f"{n:>8}{reports:>9}{wall:>9.1f}{n / wall:>8.0f}{runs[n][1] >> 20:>10}  ({one >> 20} / {tree >> 20})")

    big, small = sizes[-1], sizes[0]
    limit = SECONDS_PER_100K * big / 100_000
    print(f"\n{big} documents in {runs[big][0]:.0f} s, target ≤ {limit:.0f} s: {verdict(runs[big][0] <= limit)}")
    peak = max(m for _, m in runs.values())
    print(f"peak memory {peak / 2**30:.2f} GiB, target ≤ {MAX_BYTES / 2**30:.0f} GiB: {verdict(peak <= MAX_BYTES)}")
    if big > small:
        growth, docs_growth = runs[big][0] / runs[small][0], big / small
        print(
            f"time {big}/{small}: {growth:.1f}× for {docs_growth:.0f}× the documents, target ≤ "
            f"{GROWTH * docs_growth:.0f}×: {verdict(growth <= GROWTH * docs_growth)}; "
            f"memory {runs[big][1] / runs[small][1]:.2f}× (flat is 1)"
        )


def verdict(met: bool) -> str:
    return "met" if met else "NOT MET"


if __name__ == "__main__":
    main()
