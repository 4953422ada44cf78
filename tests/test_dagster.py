"""The Dagster layer end to end: real Definitions, a generated corpus, a temporary DuckDB file
and a temporary Dagster instance (no mocks)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from giar_pipeline import runner
from giar_pipeline.definitions import defs
from giar_pipeline.defs.reports.resources import LandingFolder
from giar_pipeline.defs.reports.schedules import daily_landing_sweep
from giar_pipeline.defs.reports.sensors import landing_sensor
from giar_pipeline.extract import extract_document
from giar_pipeline.synth import generate_corpus
from giar_pipeline.warehouse import landing as landing_mod

from .dagster_ui import validate_definitions

ROOT = Path(__file__).resolve().parents[1]
TABLES = ("reports", "report_cells", "check_violations")


def snapshot(wh: Path) -> dict[str, list[tuple]]:
    """Every row of the contract tables, without the load timestamp."""
    with duckdb.connect(str(wh), read_only=True) as c:
        return {t: c.execute(f"SELECT * EXCLUDE (loaded_at) FROM {t} ORDER BY ALL").fetchall() for t in TABLES}


@pytest.fixture(scope="module")
def instance():
    # in-memory storage: a run costs half what it does on instance_for_test's SQLite
    # (the sensor and schedule tests below use instance_for_test, as the daemon would)
    return dg.DagsterInstance.ephemeral()


@pytest.fixture(scope="module")
def ran(tmp_path_factory, instance):
    """A landing folder of 16 generated reports, a copy of one, and an undecodable file, run once."""
    tmp = tmp_path_factory.mktemp("run")
    land = tmp / "landing"
    docs = generate_corpus(land, 16, seed=11, write_truth=False)
    shutil.copy(docs[0], land / "same-bytes-again.txt")
    (land / "broken.bin").write_bytes(b"\xff\xfe\x00\xd8" * 3)
    rc = runner.run(land, tmp / "w.duckdb", tmp / "checks.json", instance=instance)
    return land, tmp / "w.duckdb", tmp / "checks.json", rc


def test_definitions_load_as_dagster_dev_loads_them(tmp_path):
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path)}  # dagster needs an existing home folder
    out = validate_definitions(env)
    assert out.returncode == 0, out.stdout + out.stderr


def test_definitions_equal_what_load_from_defs_folder_finds_in_a_checkout():
    found = dg.load_from_defs_folder(path_within_project=ROOT / "giar_pipeline")

    def names(d: dg.Definitions) -> dict[str, set[str]]:
        graph = d.resolve_asset_graph()
        return {
            "assets": {k.to_user_string() for k in graph.get_all_asset_keys()},
            "checks": {str(k) for k in graph.asset_check_keys},
            "sensors": {s.name for s in d.sensors or []},
            "schedules": {s.name for s in d.schedules or []},
            "jobs": {j.name for j in d.jobs or []},
            "resources": set(d.resources or {}),
        }

    assert names(defs) == names(found)
    assert names(defs)["assets"] and names(defs)["checks"] and names(defs)["sensors"]


def test_graph_follows_the_data():
    graph = defs.resolve_asset_graph()

    def parents(key: str) -> set[str]:
        return {k.to_user_string() for k in graph.get(dg.AssetKey(key)).parent_keys}

    assert parents("normalized_documents") == {"raw_documents"}
    assert "normalized_documents" in parents("extracted_reports")
    assert all(parents(t) == {"extracted_reports"} for t in TABLES)
    assert parents("stg_reports") == {"reports", "issuer_keys"} and "int_issuer_year_report" in parents(
        "mart_carry_over"
    )
    partitioned = [k for k in graph.get_all_asset_keys() if graph.get(k).partitions_def]
    assert {k.to_user_string() for k in partitioned} == {
        "raw_documents",
        "normalized_documents",
        "extracted_reports",
        *TABLES,
        "report_statements",
    }
    # every asset single-run: a partition range is one run (one warehouse transaction), also from the CLI
    assert all(graph.get(k).backfill_policy == dg.BackfillPolicy.single_run() for k in graph.get_all_asset_keys())


def test_run_loads_the_warehouse_contract(ran):
    land, wh, checks_json, rc = ran
    assert rc == 0
    files = [p for p in land.rglob("*") if p.is_file() and ".giar" not in p.parts]
    shas = {hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    with duckdb.connect(str(wh), read_only=True) as c:
        assert sorted(r[0] for r in c.execute("SELECT sha256 FROM reports").fetchall()) == sorted(shas)
        assert c.execute("SELECT count(*) FROM reports WHERE report_id <> sha256[:16]").fetchall() == [(0,)]
        ((status, reason),) = c.execute(
            "SELECT status, reason FROM reports WHERE source_path LIKE '%broken.bin'"
        ).fetchall()
        assert status == "quarantined" and reason.startswith("cannot decode: ")
        dupes = c.execute(
            "SELECT count(*) FROM (SELECT report_id, table_code, row_code, col_code FROM report_cells "
            "GROUP BY ALL HAVING count(*) > 1)"
        ).fetchall()
        assert dupes == [(0,)]
        for p in files:  # the warehouse holds exactly what the extractor says about the same bytes
            rep = extract_document(p.read_bytes(), str(p))
            got = c.execute(
                "SELECT table_code, row_code, col_code, value, raw_text, source_line FROM report_cells "
                "WHERE report_id = ? ORDER BY ALL",
                [rep.sha256[:16]],
            ).fetchall()
            want = sorted(
                (x.table, x.row, x.col, None if x.value is None else float(x.value), x.raw, x.line) for x in rep.cells
            )
            assert got == want, p
            assert (
                sorted(
                    c.execute(
                        "SELECT relation, member FROM check_violations WHERE report_id = ? "
                        "AND detail IS NULL",  # the audit checks' rows say why; the extractor's don't
                        [rep.sha256[:16]],
                    ).fetchall(),
                    key=str,
                )
                == sorted(((v.relation, v.member) for v in rep.violations), key=str)
            )
        issuer_years = c.execute(
            "SELECT DISTINCT issuer, report_year FROM reports WHERE status = 'ok' "
            "AND issuer IS NOT NULL AND report_year IS NOT NULL ORDER BY ALL"
        ).fetchall()
        assert (
            issuer_years
            and c.execute("SELECT issuer, report_year FROM mart_issuer_year ORDER BY ALL").fetchall() == issuer_years
        )
    checks = json.loads(checks_json.read_text())
    assert checks and all(
        set(e) == {"check", "asset", "partition", "passed", "severity", "failing_reports"} for e in checks
    )
    assert {"key_unique", "every_document_reported"} <= {e["check"] for e in checks}
    assert {e["severity"] for e in checks} <= {"error", "warning"}
    assert all(e["passed"] for e in checks if e["asset"] in TABLES)
    (batch,) = landing_mod.batches(land)
    assert {e["partition"] for e in checks if e["asset"] == "extracted_reports"} == {batch}


def test_rematerializing_a_partition_changes_nothing(ran, instance):
    land, wh, _, _ = ran
    before = snapshot(wh)
    (key,) = landing_mod.batches(land)
    result = runner.execute(defs, instance, land, wh, [key])
    assert result.success
    assert snapshot(wh) == before


def test_rerun_adds_only_new_files(ran, instance, tmp_path):
    land, wh, _, _ = ran
    before = snapshot(wh)
    assert runner.run(land, wh, tmp_path / "c.json", instance=instance) == 0
    assert snapshot(wh) == before and len(landing_mod.batches(land)) == 1
    new = generate_corpus(tmp_path / "more", 3, seed=99, write_truth=False)
    for p in new:
        shutil.copy(p, land / f"new-{p.name}")
    assert runner.run(land, wh, None, instance=instance) == 0
    after = snapshot(wh)
    assert len(after["reports"]) == len(before["reports"]) + 3
    assert set(before["reports"]) <= set(after["reports"])  # earlier rows untouched


def _ctx(instance, land: Path):
    return dg.build_sensor_context(instance=instance, resources={"landing": LandingFolder(path=str(land))})


def test_sensor_gives_exactly_the_new_files_a_partition(tmp_path):
    land = tmp_path / "landing"
    first = generate_corpus(land, 3, seed=5, write_truth=False)
    with dg.instance_for_test() as instance:
        result = landing_sensor(_ctx(instance, land))
        (req,) = result.dynamic_partitions_requests
        (key,) = req.partition_keys
        assert [r.partition_key for r in result.run_requests] == [key]
        assert {e.path for e in landing_mod.read_batch(land, key).entries} == {p.name for p in first}
        instance.add_dynamic_partitions("ingest_batch", [key])  # what the daemon does with the request

        assert isinstance(landing_sensor(_ctx(instance, land)), dg.SkipReason)
        more = generate_corpus(tmp_path / "more", 2, seed=6, write_truth=False)
        for p in more:
            shutil.copy(p, land / p.name.replace(".", "-new."))
        shutil.copy(first[0], land / "renamed-copy.txt")  # old content under a new name is not new
        result = landing_sensor(_ctx(instance, land))
        (req,) = result.dynamic_partitions_requests
        (key2,) = req.partition_keys
        assert key2 != key
        assert {e.path for e in landing_mod.read_batch(land, key2).entries} == {
            p.name.replace(".", "-new.") for p in more
        }


def test_daily_schedule_registers_and_requests_the_sweep(tmp_path):
    land = tmp_path / "landing"
    docs = generate_corpus(land, 2, seed=8, write_truth=False)
    with dg.instance_for_test() as instance:
        ctx = dg.build_schedule_context(instance=instance, resources={"landing": LandingFolder(path=str(land))})
        assert instance.get_dynamic_partitions("ingest_batch") == []
        requests = daily_landing_sweep(ctx)
        (key,) = landing_mod.batches(land)  # the batch the sweep wrote beside the files, not the instance's list
        assert [(r.partition_key, r.run_key) for r in requests] == [(key, key)]
        assert {e.path for e in landing_mod.read_batch(land, key).entries} == {p.name for p in docs}
        assert instance.get_dynamic_partitions("ingest_batch") == [key]  # registered before the run is requested
        assert isinstance(daily_landing_sweep(ctx), dg.SkipReason)  # the next morning: nothing new
