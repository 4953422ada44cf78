"""The quality checks inside Dagster: real definitions, real GX, a temporary DuckDB file.

Two ways in: ``giar run`` on a generated corpus (extractor included), and a partition whose
extracted rows are written by a stand-in for the extractor asset, so the test decides exactly
which reports are broken (the checks, warehouse assets and SQL models are the real ones).
"""

from __future__ import annotations

import json

import dagster as dg
import duckdb
import pyarrow.parquet as pq
import pytest

from giar_pipeline import runner
from giar_pipeline.catalogue import load
from giar_pipeline.definitions import defs
from giar_pipeline.defs.reports.partitions import ingest_batches, single_run
from giar_pipeline.defs.reports.resources import LandingFolder
from giar_pipeline.defs.warehouse.resources import Warehouse
from giar_pipeline.quality import plan
from giar_pipeline.synth import generate_corpus
from giar_pipeline.warehouse.landing import batch_dir
from giar_pipeline.warehouse.rows import to_tables

from .test_quality import report

UPSTREAM = {"raw_documents", "normalized_documents", "extracted_reports"}


def test_giar_run_checks_json_agrees_with_check_violations(tmp_path):
    land = tmp_path / "landing"
    generate_corpus(land, 24, seed=7, write_truth=False)
    wh, out = tmp_path / "w.duckdb", tmp_path / "checks.json"
    with dg.DagsterInstance.ephemeral() as instance:
        assert runner.run(land, wh, out, instance=instance) == 0
    checks = json.loads(out.read_text(encoding="utf-8"))
    assert all(set(c) == {"check", "asset", "partition", "passed", "severity", "failing_reports"} for c in checks)
    with duckdb.connect(str(wh), read_only=True) as c:
        violated = dict(
            c.execute(
                "SELECT relation, list(DISTINCT report_id ORDER BY report_id) FROM check_violations GROUP BY relation"
            ).fetchall()
        )
    relations = {r.name for tpl in load().templates.values() for r in tpl.relations}
    by_check = {c["check"]: c for c in checks if c["asset"] == "extracted_reports"}
    assert relations <= by_check.keys()
    for name in relations:
        assert by_check[name]["failing_reports"] == violated.get(name, []), name
        assert by_check[name]["severity"] == "warning" and by_check[name]["passed"] == (name not in violated)
    assert any(violated.get(name) for name in relations), "the generator injects inconsistencies"


@pytest.fixture(scope="module")
def instance():
    # entered, so Dagster's current defs-state storage is this instance's (not one an earlier test left
    # behind), and kept for the module: results read their events lazily
    with dg.DagsterInstance.ephemeral() as inst:
        yield inst


def _fixture_run(instance, tmp_path, reports, key="20260101T000000Z-0000abcd"):
    """Materialize the graph from stand-in extracted rows for one batch; the run's result."""

    @dg.asset(key="extracted_reports", partitions_def=ingest_batches, backfill_policy=single_run)
    def extracted_reports(context, landing: LandingFolder):
        for k in context.partition_keys:
            d = batch_dir(landing.root, k)
            d.mkdir(parents=True, exist_ok=True)
            for name, table in to_tables(reports).items():
                pq.write_table(table, d / f"{name}.parquet")

    assets = [extracted_reports, *(a for a in defs.assets if not {k.to_user_string() for k in a.keys} & UPSTREAM)]
    instance.add_dynamic_partitions(ingest_batches.name, [key])
    resources = {
        "landing": LandingFolder(path=str(tmp_path)),
        "duckdb": Warehouse(database=str(tmp_path / "w.duckdb")),
    }
    return dg.materialize(
        [*assets, *defs.asset_checks], instance=instance, partition_key=key, resources=resources, raise_on_error=False
    )


def _chain(issuer: str, years: dict[int, tuple[int, int]]) -> list:
    """v2021 reports of one issuer: per year (carried_over, carried_forward) in every applications column."""
    tpl = load().template("v2021")
    out = []
    for year, (over, forward) in years.items():
        values = {k: over if k[1] == "carried_over" else forward if k[1] == "carried_forward" else 0 for k in tpl.cells}
        out.append(report(values, "v2021", f"{issuer}{year}", issuer=issuer, year=year))
    return out


@pytest.fixture(scope="module")
def chained(tmp_path_factory, instance):
    # 2022 carries over 5 where 2021 carried forward 4: one carry_over_chains finding per column;
    # 2021's own balance breaks too (carries 4 forward with nothing received), 2022's holds
    reports = _chain("甲市", {2021: (0, 4), 2022: (5, 5)})
    return reports, _fixture_run(instance, tmp_path_factory.mktemp("chain"), reports)


def _evaluations(result) -> dict[str, dg.AssetCheckEvaluation]:
    return {e.check_name: e for e in result.get_asset_check_evaluations()}


def test_relation_findings_warn_and_the_warehouse_still_loads(chained):
    reports, result = chained
    assert result.success
    ev = _evaluations(result)
    balance = ev["applications_balance"]
    assert not balance.passed and balance.severity == dg.AssetCheckSeverity.WARN
    ids = to_tables(reports)["reports"]["report_id"].to_pylist()
    assert balance.metadata["failing_reports"].value == ids[:1]
    worst = balance.metadata["worst_offenders"].value
    assert "甲市" in worst and "2021" in worst and "applications_balance[total]" in worst
    assert balance.metadata["description"].value.startswith("applications_balance:")
    assert ev["applications_integrity"].passed and ev["reports_integrity"].passed
    assert result.asset_materializations_for_node("warehouse_tables")


def test_carry_over_findings_land_in_check_violations(chained, tmp_path_factory):
    reports, result = chained
    ev = _evaluations(result)["carry_over_chains"]
    assert not ev.passed and ev.severity == dg.AssetCheckSeverity.WARN
    later = to_tables(reports)["reports"]["report_id"].to_pylist()[1]
    assert ev.metadata["failing_reports"].value == [later]
    wh = next(p for p in tmp_path_factory.getbasetemp().glob("chain*/w.duckdb"))
    with duckdb.connect(str(wh), read_only=True) as c:
        rows = c.execute(
            "SELECT report_id, member, severity, left_value, right_value FROM check_violations "
            "WHERE relation = 'carry_over_chains' ORDER BY member"
        ).fetchall()
    cols = plan.carry_over()[0].cols
    assert rows == sorted((later, col, "error", 5.0, 4.0) for col in cols)


def test_a_bad_value_in_one_report_is_a_finding_about_it_and_the_batch_loads(tmp_path):
    tpl = load().template("v2021")
    count = next(k for k in tpl.cells if k[0] == "applications")
    broken = report({**dict.fromkeys(tpl.cells, 0), count: -3}, "v2021", "broken")
    others = _chain("乙县", {2023: (0, 0)})
    with dg.DagsterInstance.ephemeral() as instance:  # its own: the module's instance has run other graphs
        result = _fixture_run(instance, tmp_path, [broken, *others])
        evaluations = _evaluations(result)
        materialized = result.success and result.asset_materializations_for_node("warehouse_tables")
    ev = evaluations["applications_values"]
    assert not ev.passed and ev.severity == dg.AssetCheckSeverity.WARN
    broken_id = to_tables([broken])["reports"]["report_id"][0].as_py()
    assert ev.metadata["failing_reports"].value == [broken_id]
    assert "=-3" in ev.metadata["worst_offenders"].value
    assert evaluations["applications_integrity"].passed
    assert materialized
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as c:
        assert c.execute("SELECT count(*) FROM reports").fetchone()[0] == 1 + len(others)
        row = c.execute(
            "SELECT report_id, member, severity, left_value FROM check_violations WHERE relation = 'negative_values'"
        ).fetchall()
    rule = next(r for r in plan.cell_rules() if r.name == "negative_values")
    assert row == [(broken_id, ".".join(count), rule.severity, -3.0)]
