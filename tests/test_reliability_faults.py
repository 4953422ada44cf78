"""Faults injected into real `giar run` processes: kill -9 mid-extraction, inside the load
transaction and between SQL models (at named failpoints, giar_pipeline/failpoints.py), concurrent
runs on one folder and warehouse, and a SQL user holding the warehouse open.

:data:`FAULTS` is what the README's Reliability table says survived; each row is asserted below.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from giar_pipeline import runner
from giar_pipeline.failpoints import ENV, MARK
from giar_pipeline.synth import generate_corpus
from giar_pipeline.warehouse.schema import EXTRACTED, TABLES

ROOT = Path(__file__).resolve().parents[1]

FAULTS = [
    ("`kill -9` in the middle of extraction", "the rerun extracts the batch again and completes; no duplicate rows"),
    (
        "`kill -9` inside the warehouse load transaction",
        "DuckDB rolls the transaction back; the rerun loads every document once",
    ),
    ("`kill -9` between two SQL models", "the loaded rows stand; the rerun rebuilds the models; no duplicates"),
    (
        "two `giar run` at once on one folder and warehouse",
        "both exit 0; the work is done once (the other waits for the folder's run lock)",
    ),
    (
        "a SQL session holding the warehouse open",
        "giar retries with backoff; past the wait it exits 1 naming "
        "the holder's PID and what to do; once the session closes "
        "the run completes",
    ),
]


def _env(tmp: Path, **extra) -> dict:
    (tmp / "home").mkdir(exist_ok=True)
    (tmp / "home" / "dagster.yaml").touch()
    return {**os.environ, "DAGSTER_HOME": str(tmp / "home"), "GIAR_PROGRESS": "", **extra}


def _giar_run(land: Path, wh: Path, env: dict, **kw) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "giar_pipeline.cli", "run", str(land), "--warehouse", str(wh)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
        **kw,
    )


def _kill_at(land: Path, wh: Path, tmp: Path, point: str) -> str:
    """Start `giar run` with a failpoint, kill -9 it when it gets there; its stderr up to then."""
    proc = _giar_run(land, wh, _env(tmp, **{ENV: point}))
    seen = []
    deadline = time.monotonic() + 240
    for line in proc.stderr:
        seen.append(line)
        if f"{MARK} {point}" in line or time.monotonic() > deadline:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stderr.close()
    assert any(f"{MARK} {point}" in s for s in seen), "".join(seen)[-2000:]
    return "".join(seen)


def _rows(wh: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(wh), read_only=True) as c:
        return {
            t.name: c.execute(f"SELECT * EXCLUDE (loaded_at, batch) FROM {t.name} ORDER BY ALL").fetchall()
            for t in EXTRACTED
        }


def _no_duplicates(wh: Path) -> None:
    with duckdb.connect(str(wh), read_only=True) as c:
        for t in TABLES.values():
            dup = c.execute(
                f"SELECT count(*) FROM (SELECT {', '.join(t.key)} FROM {t.name} GROUP BY ALL HAVING count(*) > 1)"
            ).fetchone()[0]
            assert dup == 0, t.name


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """A landing folder and the warehouse an undisturbed run makes of it."""
    tmp = tmp_path_factory.mktemp("clean")
    land = tmp / "landing"
    generate_corpus(land, 12, seed=909, write_truth=False)
    with dg.DagsterInstance.ephemeral() as instance:
        assert runner.run(land, tmp / "w.duckdb", instance=instance) == 0
    return land, _rows(tmp / "w.duckdb")


def _copy_landing(src: Path, dst: Path) -> Path:
    dst.mkdir(parents=True)
    for p in src.iterdir():
        if p.is_file():
            (dst / p.name).write_bytes(p.read_bytes())
    return dst


def test_kill_9_during_extraction_load_and_models_then_reruns_complete(clean, tmp_path):
    src, want = clean
    land, wh = _copy_landing(src, tmp_path / "landing"), tmp_path / "w.duckdb"
    _kill_at(land, wh, tmp_path, "extract")  # killed after one document
    _kill_at(land, wh, tmp_path, "load")  # the rerun got past extraction, then is killed inside the transaction
    with duckdb.connect(str(wh), read_only=True) as c:
        assert c.execute("SELECT count(*) FROM reports").fetchone() == (0,)  # rolled back
    _kill_at(land, wh, tmp_path, "models")  # the next got past the load, then is killed between models
    _no_duplicates(wh)
    with dg.DagsterInstance.ephemeral() as instance:
        assert runner.run(land, wh, instance=instance) == 0
    _no_duplicates(wh)
    assert _rows(wh) == {
        t: [tuple(str(v).replace(str(src), str(land)) if isinstance(v, str) else v for v in r) for r in rows]
        for t, rows in want.items()
    }


def test_concurrent_runs_all_succeed_without_duplicates(clean, tmp_path):
    src, want = clean
    land, wh = _copy_landing(src, tmp_path / "landing"), tmp_path / "w.duckdb"
    procs = [_giar_run(land, wh, _env(tmp_path)) for _ in range(2)]
    errs = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errs
    assert sum("materializing" in e for e in errs) == 1  # one did the work; the others found it done
    _no_duplicates(wh)
    assert len(_rows(wh)["reports"]) == len(want["reports"])


def test_a_sql_session_holding_the_warehouse(clean, tmp_path, capsys, monkeypatch):
    src, _ = clean
    land, wh = _copy_landing(src, tmp_path / "landing"), tmp_path / "w.duckdb"
    duckdb.connect(str(wh)).close()
    hold = (
        "import duckdb, sys, time; c = duckdb.connect(sys.argv[1], read_only=True); print('open', flush=True); "
        "time.sleep(float(sys.argv[2]))"
    )
    reader = subprocess.Popen([sys.executable, "-c", hold, str(wh), "60"], stdout=subprocess.PIPE, text=True)
    assert reader.stdout.readline().strip() == "open"
    monkeypatch.setenv("GIAR_LOCK_WAIT", "1")
    with dg.DagsterInstance.ephemeral() as instance:
        assert runner.run(land, wh, instance=instance) == 1
    err = capsys.readouterr().err
    assert f"process {reader.pid}" in err and "Close that program's connection" in err and "Traceback" not in err
    reader.kill()
    reader.wait()
    # a session that closes within the wait: the run waits for it and completes
    reader = subprocess.Popen([sys.executable, "-c", hold, str(wh), "2"], stdout=subprocess.PIPE, text=True)
    assert reader.stdout.readline().strip() == "open"
    monkeypatch.setenv("GIAR_LOCK_WAIT", "60")
    with dg.DagsterInstance.ephemeral() as instance:
        assert runner.run(land, wh, instance=instance) == 0
    reader.wait()
    assert "retrying" in capsys.readouterr().err
    _no_duplicates(wh)
