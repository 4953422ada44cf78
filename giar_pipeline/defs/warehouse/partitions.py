"""Partitions of the warehouse domain.

The loaded tables (reports, report_cells, check_violations) are partitioned by
the reports domain's ingest batches, re-exported here; the SQL models are not
partitioned: each rebuilds from the whole tables, which is cheap and cannot drift.
"""

from ..reports.partitions import ingest_batches, single_run

__all__ = ["ingest_batches", "single_run"]
