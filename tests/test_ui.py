"""The Dagster UI as people see it: the real webserver, asked over GraphQL for the asset graph, the
checks, the sensor and the schedule (all there, all documented), then the asset graph page in
headless Chromium. The server starts once for the module."""

from __future__ import annotations

import pytest

from giar_pipeline.definitions import defs
from tests import chromium, dagster_ui

ASSETS = """{ assetNodes { assetKey { path } groupName description kinds
  owners { ... on TeamAssetOwner { team } ... on UserAssetOwner { email } }
  dependencyKeys { path } partitionDefinition { type name }
  metadataEntries { label __typename }
  assetChecksOrError { ... on AssetChecks { checks { name description } } } } }"""
AUTOMATION = """{ repositoriesOrError { ... on RepositoryConnection { nodes { name location { name }
  sensors { name description sensorState { status } }
  schedules { name description cronSchedule scheduleState { status } } } } } }"""


@pytest.fixture(scope="module")
def server():
    with dagster_ui.serve() as base:
        yield base


@pytest.fixture(scope="module")
def nodes(server):
    return {"/".join(n["assetKey"]["path"]): n for n in dagster_ui.graphql(server, ASSETS)["assetNodes"]}


def test_the_ui_shows_every_asset_documented(nodes):
    graph = defs.resolve_asset_graph()
    assert set(nodes) == {k.to_user_string() for k in graph.get_all_asset_keys()}
    for name, n in nodes.items():
        assert n["description"] and n["groupName"] and n["kinds"], name
        assert n["owners"], f"{name} has no owner"
        labels = {m["label"]: m["__typename"] for m in n["metadataEntries"]}
        assert labels.get("dagster/column_schema") == "TableSchemaMetadataEntry", f"{name}: no column schema"
        if n["partitionDefinition"]:
            assert n["partitionDefinition"]["name"] == "ingest_batch" and "partitions" in labels, name
    marts = {k for k in nodes if k.startswith("mart_")}
    assert marts and marts <= {"/".join(d["path"]) for d in nodes["quality_report"]["dependencyKeys"]}


def test_the_ui_shows_every_check_documented(nodes):
    shown = {(a, c["name"]): c["description"] for a, n in nodes.items() for c in n["assetChecksOrError"]["checks"]}
    expected = {(k.asset_key.to_user_string(), k.name) for k in defs.resolve_asset_graph().asset_check_keys}
    assert set(shown) == expected and expected
    assert [k for k, d in shown.items() if not d] == []


def test_the_ui_shows_the_sensor_and_the_schedule(server):
    (repo,) = dagster_ui.graphql(server, AUTOMATION)["repositoriesOrError"]["nodes"]
    sensors = {s["name"]: s for s in repo["sensors"]}
    schedules = {s["name"]: s for s in repo["schedules"]}
    assert sensors["landing_sensor"]["description"] and sensors["landing_sensor"]["sensorState"]["status"] == "RUNNING"
    sweep = schedules["daily_landing_sweep"]
    assert sweep["description"] and sweep["cronSchedule"] == "0 6 * * *"
    assert sweep["scheduleState"]["status"] == "STOPPED"


def test_the_asset_graph_page_renders_in_headless_chromium(server, tmp_path):
    with chromium.Browser(timeout=60) as browser:
        page = dagster_ui.graph_screenshot(browser, server, tmp_path / "asset_graph.png")
        shown = page.evaluate("document.body.innerText")
    missing = [
        k for k in ("raw_documents", "extracted_reports", "check_violations", "quality_report") if k not in shown
    ]
    assert not missing
    host = server.removeprefix("http://")
    assert any(u.startswith(server) for u in page.requests)
    assert chromium.off_machine(page.requests, (host,)) == []
    assert (tmp_path / "asset_graph.png").stat().st_size > 20_000
