"""The landing sensor: new content in the landing folder becomes a batch (partition) and a run.

"New" is by sha256, not by name: a renamed or copied file is not new. A sweep
that finds many files makes several batches (``batch_documents`` each); on one
machine they are one run over their range, as ``giar run`` does. The sweep also
registers batches whose manifest exists on disk but which this
Dagster instance does not know yet (a tick that died after writing its
manifest, or batches made by ``giar run`` under another instance), so no
document is lost silently.
"""

import dagster as dg

from ...warehouse.landing import sweep
from ..warehouse.partitions import LAKE, PER_BATCH
from .partitions import ingest_batches
from .resources import LandingFolder

# A run covers its batches from landing to SQL models, asset checks included; on a DuckLake, up to its load
# (the warehouse_refresh sensor rebuilds the rest once no batch is loading: warehouse/partitions.py).
INGEST = PER_BATCH if LAKE else dg.AssetSelection.all()


def run_requests(keys: list[str]) -> list[dg.RunRequest]:
    """The runs of new batches (oldest first). On one machine (a DuckDB file), one run over their range:
    runs of several batches at once would only share its cores and memory. On a DuckLake, a run per
    batch: each has pods of its own, and many may load at once."""
    if LAKE or len(keys) < 2:
        return [dg.RunRequest(partition_key=k, run_key=k) for k in keys]
    return [
        dg.RunRequest(
            run_key=f"{keys[0]}...{keys[-1]}",
            tags={"dagster/asset_partition_range_start": keys[0], "dagster/asset_partition_range_end": keys[-1]},
        )
    ]


def unregistered_batches(instance: dg.DagsterInstance, landing: LandingFolder) -> list[str]:
    """Sweep the folder; return the batch keys on disk the instance has no partition for, oldest first."""
    if not landing.root.is_dir():
        return []
    on_disk, _new = sweep(landing.root, max_documents=landing.batch_documents)
    known = set(instance.get_dynamic_partitions(ingest_batches.name))
    return [k for k in on_disk if k not in known]


@dg.sensor(
    target=INGEST,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Every minute: files in the landing folder whose content (sha256) no batch holds become a new "
    "ingest_batch partition and one run of the whole graph, from raw_documents to quality_report.",
)
def landing_sensor(context: dg.SensorEvaluationContext, landing: LandingFolder) -> dg.SensorResult | dg.SkipReason:
    keys = unregistered_batches(context.instance, landing)
    if not keys:
        return dg.SkipReason(f"no new documents in {landing.root}")
    return dg.SensorResult(
        run_requests=run_requests(keys),
        dynamic_partitions_requests=[ingest_batches.build_add_request(keys)],
    )
