"""``warehouse_refresh`` (a DuckLake only): rebuilds the assets over the whole warehouse once no batch
is loading (``REFRESH`` in partitions.py). On a DuckDB file every ingest run rebuilds them itself."""

import dagster as dg

from .partitions import LAKE, PER_BATCH


@dg.definitions
def sensors() -> dg.Definitions:
    if not LAKE:
        return dg.Definitions()
    refresh = dg.AutomationConditionSensorDefinition(
        "warehouse_refresh",
        target=dg.AssetSelection.all() - PER_BATCH,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="DuckLake: after batches load, and once none is loading, one run rebuilds issuer keys, "
        "the SQL models, the audit findings and the quality report over the whole warehouse.",
    )
    return dg.Definitions(sensors=[refresh])
