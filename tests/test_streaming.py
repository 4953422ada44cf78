"""Staging at scale: a big sweep is several batches, the steps stream in row groups through worker
processes, and the staged tables are the same whatever the number of workers, equal to what
``extract_document`` reads from each document's bytes."""

from __future__ import annotations

import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from giar_pipeline.extract import extract_document
from giar_pipeline.extract.limits import Limits
from giar_pipeline.failpoints import ENV, MARK
from giar_pipeline.normalize import serial
from giar_pipeline.synth import generate_corpus
from giar_pipeline.warehouse import landing, rowgroups, staging, to_tables, work
from giar_pipeline.warehouse.schema import EXTRACTED

from .test_reliability_faults import _env, _giar_run

N = 3 * staging.TASK_DOCUMENTS + 5  # several worker tasks, a short last one


def _stage(land, key: str, jobs: int, limits: Limits = Limits()) -> dict:
    staging.stage_raw(land, key, limits)
    staging.stage_normalized(land, key, limits, jobs)
    staging.stage_extracted(land, key, limits, jobs)
    return {name: staging.read(land, key, name) for name in ("normalized", *(t.name for t in EXTRACTED))}


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    land = tmp_path_factory.mktemp("landing")
    generate_corpus(land, N, seed=77, write_truth=False)
    (land / "undecodable.bin").write_bytes(b"\xff\xfe\x00\xd8" * 3)
    (land / "empty.txt").write_bytes(b"")
    _, (b,) = landing.sweep(land)
    return land, b.key


def _documents(tables: dict) -> tuple[dict, list]:
    """The staged tables but the stored documents, and those documents read back. (Equal documents
    may be stored as different bytes: marshal shares the objects a process happens to share.)"""
    normalized = tables["normalized"]
    documents = [b and serial.loads(b) for b in normalized["document"].to_pylist()]
    return {**tables, "normalized": normalized.drop_columns(["document"])}, documents


def test_one_worker_and_two_stage_the_same_tables(batch, monkeypatch):
    monkeypatch.setattr(rowgroups, "ROW_GROUP_DOCUMENTS", 2 * staging.TASK_DOCUMENTS)  # several row groups
    one = _stage(*batch, jobs=1)
    two = _stage(*batch, jobs=2)
    assert _documents(one) == _documents(two)
    assert one["reports"].num_rows == N + 2
    assert pq.ParquetFile(staging.path(*batch, "report_cells")).num_row_groups > 1


def test_staged_reports_are_what_extract_document_reads_from_the_bytes(batch):
    land, key = batch
    _stage(land, key, jobs=2)
    raw = staging.read(land, key, "raw").to_pylist()
    want = to_tables(extract_document(r["content"], r["source_path"]) for r in raw)
    assert {name: staging.read(land, key, name) for name in want} == want
    reasons = {r["source_path"].rsplit("/", 1)[-1]: r["reason"] for r in want["reports"].to_pylist()}
    assert reasons["empty.txt"] == "cannot decode: the file is empty"


def test_the_time_limit_bounds_each_step_in_the_workers(batch, monkeypatch):
    land, key = batch
    staging.stage_raw(land, key)  # read below: this test must not rely on another having staged it
    slow = staging.read(land, key, "raw")["source_path"][7].as_py()
    extract = work.extract_normalized

    def sometimes_slow(doc, source, *args):
        if source == slow:
            time.sleep(30)
        return extract(doc, source, *args)

    monkeypatch.setattr(work, "extract_normalized", sometimes_slow)  # the forked workers inherit it
    started = time.monotonic()
    reports = _stage(land, key, jobs=2, limits=Limits(seconds=1))["reports"].to_pylist()
    assert time.monotonic() - started < 25
    (stopped,) = [r for r in reports if r["source_path"] == slow]
    assert stopped["status"] == "quarantined" and stopped["reason"] == Limits(seconds=1).too_slow()
    assert sum(r["status"] == "ok" for r in reports) == N - 1


def test_a_big_sweep_makes_batches_of_bounded_size(tmp_path):
    for i in range(7):
        (tmp_path / f"{i}.txt").write_text(f"报告{i}", encoding="utf-8")
    (tmp_path / "0-copy.txt").write_text("报告0", encoding="utf-8")
    problems: list[str] = []
    every, made = landing.sweep(tmp_path, problems, max_documents=3)
    assert [len({e.sha256 for e in b.entries}) for b in made] == [3, 3, 1]
    assert sorted(e.path for b in made for e in b.entries) == sorted(p.name for p in tmp_path.glob("*.txt"))
    assert any({e.path for e in b.entries} >= {"0.txt", "0-copy.txt"} for b in made)  # copies stay together
    assert list(every) == sorted(b.key for b in made) == [b.key for b in made]
    assert all(landing.read_batch(tmp_path, b.key) == b for b in made)
    assert landing.sweep(tmp_path, max_documents=3) == (every, [])


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="lists worker processes in /proc (Linux)")
def test_kill_9_of_a_run_takes_its_workers_with_it(batch, tmp_path):
    """Workers inherit the run's lock files: one left behind would hold them for the next run."""
    land, _ = batch
    proc = _giar_run(land, tmp_path / "w.duckdb", _env(tmp_path, **{ENV: "extract"}))
    try:
        for line in proc.stderr:
            if f"{MARK} extract" in line:
                break
        tasks = Path(f"/proc/{proc.pid}/task")
        children = [int(c) for t in tasks.iterdir() for c in (t / "children").read_text().split()]
        run = Path(f"/proc/{proc.pid}/cmdline").read_bytes()
        workers = [c for c in children if Path(f"/proc/{c}/cmdline").read_bytes() == run]  # forked: the same command
        assert len(workers) == 2 and all(_alive(w) for w in workers)
    finally:
        proc.kill()
        proc.wait()
        proc.stderr.close()
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers)


def test_the_sensor_runs_the_batches_of_a_big_sweep_as_one_range(tmp_path):
    import dagster as dg

    from giar_pipeline.defs.reports.resources import LandingFolder
    from giar_pipeline.defs.reports.sensors import landing_sensor

    generate_corpus(tmp_path, 5, seed=3, write_truth=False)
    with dg.instance_for_test() as instance:
        landing_folder = LandingFolder(path=str(tmp_path), batch_documents=2)
        result = landing_sensor(dg.build_sensor_context(instance=instance, resources={"landing": landing_folder}))
    (added,) = result.dynamic_partitions_requests
    keys = list(added.partition_keys)
    assert keys == sorted(landing.batches(tmp_path)) and len(keys) == 3
    (run,) = result.run_requests  # not three runs at once, each with its worker processes
    assert run.partition_key_range == dg.PartitionKeyRange(keys[0], keys[-1])
