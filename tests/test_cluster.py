"""GIAR_ENV=cluster: its Definitions load as `dagster dev` loads them, its run config validates with
dagster-k8s's executor, and two batch runs at once (two processes) load one local DuckLake (SQLite
catalog, data in a temp folder), whose rows then equal those of the single-file warehouse built
from the same documents. No mocks: real Dagster runs, a real DuckLake, generated documents."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from giar_pipeline import runner
from giar_pipeline.synth import generate_corpus
from giar_pipeline.warehouse import lake
from giar_pipeline.warehouse.landing import sweep

from .dagster_ui import validate_definitions

ROOT = Path(__file__).resolve().parents[1]
TABLES = ("reports", "report_cells", "check_violations")


def cluster_env(tmp: Path, **settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIAR_")}
    return {
        **env,
        "GIAR_ENV": "cluster",
        "DAGSTER_HOME": str(tmp),
        **{f"GIAR_{k.upper()}": v for k, v in settings.items()},
    }


def test_cluster_definitions_load_as_dagster_dev_loads_them(tmp_path):
    out = validate_definitions(cluster_env(tmp_path))
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.fixture(scope="module")
def probe(tmp_path_factory) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "tests.cluster_run", "probe"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        env=cluster_env(tmp_path_factory.mktemp("home")),
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_cluster_run_config_validates_with_the_k8s_executor(probe):
    assert probe["executor"] == "giar_k8s"  # k8s_job_executor, configured by defs/k8s_executor.yaml
    k8s = probe["execution"]["giar_k8s"]
    assert k8s["max_concurrent"] == 4 and k8s["env_secrets"] == ["giar-lake"]
    assert k8s["step_k8s_config"]["container_config"]["resources"]["requests"] == {"cpu": "1", "memory": "2Gi"}
    assert probe["resource"] == "Lake"
    assert 'unexpected config entry "catalog"' in probe["wrong_key"]  # the config is checked, not waved through


def test_a_batch_run_stops_at_its_load_and_one_refresh_follows(probe):
    assert probe["sensor_target"] == probe["per_batch"]
    assert {"raw_documents", "extracted_reports", "reports", "report_cells", "check_violations"} <= set(
        probe["per_batch"]
    )
    assert "warehouse_refresh" in probe["sensors"]
    # nothing before a load; after batch b1 loaded, every whole-warehouse asset once; then nothing more
    assert probe["requested"] == {"before": 0, "after": len(probe["unpartitioned"]), "again": 0}
    assert probe["refreshed"] == probe["unpartitioned"]


def rows(conn) -> dict[str, list[tuple]]:
    return {t: conn.execute(f"SELECT * EXCLUDE (loaded_at) FROM {t} ORDER BY ALL").fetchall() for t in TABLES}


def test_two_batch_runs_at_once_load_a_ducklake_equal_to_the_single_file_warehouse(tmp_path):
    land = tmp_path / "landing"
    generate_corpus(land / "a", 8, seed=5, write_truth=False)
    generate_corpus(land / "b", 8, seed=6, write_truth=False)
    (land / "b" / "broken.bin").write_bytes(b"\xff\xfe\x00\xd8" * 3)  # quarantined in both
    (land / "a" / "b-again.txt").write_bytes(next((land / "b").glob("*.txt")).read_bytes())  # one report
    keys = list(sweep(land)[0])
    assert len(keys) == 1
    generate_corpus(land / "c", 8, seed=7, write_truth=False)
    keys = list(sweep(land)[0])
    assert len(keys) == 2

    assert runner.run(land, tmp_path / "w.duckdb", instance=dg.DagsterInstance.ephemeral()) == 0
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as conn:
        single_file = rows(conn)

    catalog = f"ducklake:sqlite:{tmp_path / 'lake' / 'catalog.sqlite'}"
    env = cluster_env(
        tmp_path,
        landing=str(land),
        warehouse=catalog,
        lake_data=str(tmp_path / "lake" / "data"),
        report=str(tmp_path / "lake" / "quality_report.html"),
        executor="in_process",
    )

    def start(*args: str) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "tests.cluster_run", *args], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True
        )

    batch_runs = [start("batch", k) for k in keys]  # at once, as the cluster runs them
    for p in batch_runs:
        assert p.wait(timeout=180) == 0, p.stderr.read()[-3000:]
    refresh = start("refresh")
    assert refresh.wait(timeout=180) == 0, refresh.stderr.read()[-3000:]

    with lake.connect(catalog, "") as conn:
        in_lake = rows(conn)
        batches = {k for (k,) in conn.execute("SELECT DISTINCT batch FROM reports").fetchall()}
    assert {t: len(r) for t, r in in_lake.items()} == {t: len(r) for t, r in single_file.items()}
    assert in_lake == single_file
    assert batches == set(keys)
    assert (tmp_path / "lake" / "quality_report.html").stat().st_size > 10_000
