"""The cluster profile in a process of its own (its settings are read when the Definitions load), for
tests/test_cluster.py. With ``GIAR_ENV=cluster`` in the environment:

    python -m tests.cluster_run probe         the executor, run config and automation facts, as JSON
    python -m tests.cluster_run batch KEY     one batch's run, up to its load (what landing_sensor starts)
    python -m tests.cluster_run refresh       the whole-warehouse assets (what warehouse_refresh starts)

Runs use the in-process executor (``GIAR_EXECUTOR=in_process``): a test has no Kubernetes.
"""

from __future__ import annotations

import json
import sys

import dagster as dg

from giar_pipeline.definitions import defs
from giar_pipeline.defs.reports.sensors import INGEST
from giar_pipeline.defs.warehouse.partitions import PER_BATCH

RUN_CONFIG = {  # a partition run's config, as the launchpad would send it
    "resources": {
        "duckdb": {"config": {"database": "ducklake:postgres:dbname=giar", "data_path": "s3://giar-lake/data/"}},
        "landing": {"config": {"path": "/data/landing", "time_limit_seconds": 10}},
    }
}


def names(keys) -> list[str]:
    return sorted(k.to_user_string() for k in keys)


def probe() -> dict:
    job = defs.resolve_implicit_global_asset_job_def()
    graph = defs.resolve_asset_graph()
    execution = dg.validate_run_config(job, RUN_CONFIG)["execution"]
    try:
        dg.validate_run_config(job, {"resources": {"duckdb": {"config": {"catalog": "x"}}}})
        wrong_key = "accepted"
    except dg.DagsterInvalidConfigError as e:
        wrong_key = str(e)
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("ingest_batch", ["b1", "b2"])
        before = dg.evaluate_automation_conditions(defs=defs, instance=instance)
        for key in PER_BATCH.resolve(graph):
            instance.report_runless_asset_event(dg.AssetMaterialization(key, partition="b1"))
        after = dg.evaluate_automation_conditions(defs=defs, instance=instance, cursor=before.cursor)
        again = dg.evaluate_automation_conditions(defs=defs, instance=instance, cursor=after.cursor)
    return {
        "executor": job.executor_def.name,
        "execution": execution,
        "wrong_key": wrong_key,
        "resource": type(defs.resources["duckdb"]).__name__,
        "sensors": sorted(s.name for s in defs.sensors),
        "per_batch": names(PER_BATCH.resolve(graph)),
        "sensor_target": names(INGEST.resolve(graph)),
        "requested": {"before": before.total_requested, "after": after.total_requested, "again": again.total_requested},
        "refreshed": names(r.key for r in after.results if r.true_subset.size),
        "unpartitioned": names(k for k in graph.get_all_asset_keys() if graph.get(k).partitions_def is None),
    }


def run(what: str, key: str | None = None) -> int:
    job = defs.resolve_implicit_global_asset_job_def()
    graph = defs.resolve_asset_graph()
    per_batch = PER_BATCH.resolve(graph)
    instance = dg.DagsterInstance.ephemeral()
    if what == "batch":
        instance.add_dynamic_partitions("ingest_batch", [key])
        result = job.execute_in_process(
            instance=instance, partition_key=key, asset_selection=list(per_batch), raise_on_error=False
        )
    else:
        result = job.execute_in_process(
            instance=instance, asset_selection=list(graph.get_all_asset_keys() - per_batch), raise_on_error=False
        )
    return 0 if result.success else 1


if __name__ == "__main__":
    if sys.argv[1] == "probe":
        print(json.dumps(probe()))
    else:
        sys.exit(run(*sys.argv[1:]))
