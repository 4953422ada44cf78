"""Partitions of the warehouse domain, and which assets a batch's run covers.

The loaded tables (reports, report_cells, check_violations) are partitioned by
the reports domain's ingest batches, re-exported here; the SQL models are not
partitioned: each rebuilds from the whole tables, which is cheap and cannot drift.

On a DuckDB file a batch's run covers the whole graph. On a DuckLake, where batches
load at once, a batch's run covers it up to its load (``PER_BATCH``), and the assets
over the whole warehouse (issuer keys, SQL models, audit, report) refresh in one run
once no load is in progress: their automation condition ``REFRESH``, evaluated by
the ``warehouse_refresh`` sensor. So a refresh never races another, and the last one
sees every batch.
"""

import dagster as dg

from ...warehouse.lake import is_lake
from ...warehouse.schema import EXTRACTED
from ..reports.partitions import ingest_batches, single_run
from ..settings import setting

LAKE = is_lake(setting("warehouse"))
PER_BATCH = dg.AssetSelection.groups("reports") | dg.AssetSelection.assets(*(t.name for t in EXTRACTED))
REFRESH = (
    (
        dg.AutomationCondition.any_deps_updated().since_last_handled()
        & ~dg.AutomationCondition.any_deps_in_progress()
        & ~dg.AutomationCondition.in_progress()
    ).with_label("refresh after loads")
    if LAKE
    else None
)

__all__ = ["LAKE", "PER_BATCH", "REFRESH", "ingest_batches", "single_run"]
