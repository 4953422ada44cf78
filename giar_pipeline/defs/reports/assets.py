"""raw_documents → normalized_documents → extracted_reports, per ingest batch.

Each asset stages one Parquet file per batch beside the batch manifest (see
``giar_pipeline.warehouse.staging``) and returns metadata only: staging by
batch lets a single-run backfill cover many batches, which an IO manager
keyed by one partition cannot store.
"""

import dagster as dg

from ...warehouse import staging
from ...warehouse.landing import read_batch
from ...warehouse.rows import to_tables
from ...warehouse.schema import REPORTS
from .. import metadata as md
from .partitions import ingest_batches, single_run
from .resources import LandingFolder

BATCH_ASSET = dict(partitions_def=ingest_batches, backfill_policy=single_run, group_name="reports", owners=md.OWNERS)


def _definition_metadata(schema) -> dict:
    return {
        "partitions": dg.MetadataValue.text(md.PARTITIONS),
        "dagster/column_schema": schema,
        "staged_as": dg.MetadataValue.text("LANDING/.giar/batches/<batch>/*.parquet (one file per batch)"),
    }


@dg.asset(**BATCH_ASSET, kinds={"parquet"}, metadata=_definition_metadata(md.arrow_schema(staging.RAW_SCHEMA)))
def raw_documents(context: dg.AssetExecutionContext, landing: LandingFolder) -> dg.MaterializeResult:
    """The batch's documents as registered in its manifest: one row per distinct content, with its bytes."""
    keys = context.partition_keys
    raw = [staging.stage_raw(landing.root, k, landing.limits) for k in keys]
    context.log.info(f"snapshotted {sum(t.num_rows for t in raw)} documents of {len(keys)} batch(es)")
    unread = [r for t in raw for r in t.select(["source_path", "read_error"]).to_pylist() if r["read_error"]]
    return dg.MaterializeResult(
        metadata={
            **md.batches(keys),
            "documents": sum(t.num_rows for t in raw),
            "bytes": sum(len(b or b"") for t in raw for b in t.column("content").to_pylist()),
            "unreadable": md.markdown(["source_path", "read_error"], [tuple(r.values()) for r in unread]),
            "not_swept": md.markdown(["problem"], [(p,) for k in keys for p in read_batch(landing.root, k).problems]),
        }
    )


@dg.asset(
    **BATCH_ASSET,
    deps=[raw_documents],
    kinds={"parquet"},
    metadata=_definition_metadata(md.arrow_schema(staging.NORMALIZED_SCHEMA)),
)
def normalized_documents(context: dg.AssetExecutionContext, landing: LandingFolder) -> dg.MaterializeResult:
    """Decoded and normalized text lines (simplified script, unified width and punctuation)."""
    keys = context.partition_keys
    tables = [staging.stage_normalized(landing.root, k, landing.limits) for k in keys]
    rows = [r for t in tables for r in t.select(["report_id", "encoding", "lines", "decode_error"]).to_pylist()]
    context.log.info(f"normalized {len(rows)} documents")
    return dg.MaterializeResult(
        metadata={
            **md.batches(keys),
            "documents": len(rows),
            "encodings": md.counts((r["encoding"] or "undecodable" for r in rows), "encoding"),
            "decode_errors": md.counts((r["decode_error"] for r in rows if r["decode_error"]), "error"),
            "preview": md.markdown(["report_id", "encoding", "lines"], [tuple(r.values())[:3] for r in rows[:10]]),
        }
    )


@dg.asset(
    **BATCH_ASSET,
    deps=[raw_documents, normalized_documents],
    kinds={"parquet"},
    metadata=_definition_metadata(md.table_schema(REPORTS.staged)),
)
def extracted_reports(context: dg.AssetExecutionContext, landing: LandingFolder) -> dg.MaterializeResult:
    """Every document through ``extract_document``: report metadata, cells and relation violations."""
    keys = context.partition_keys
    reports = [r for k in keys for r in staging.stage_extracted(landing.root, k, landing.limits)]
    context.log.info(f"extracted {len(reports)} reports, {sum(r.status != 'ok' for r in reports)} quarantined")
    return dg.MaterializeResult(
        metadata={
            **md.batches(keys),
            "reports": len(reports),
            "cells": sum(len(r.cells) for r in reports),
            "uncertain_cells": sum(c.uncertain for r in reports for c in r.cells),
            "replaced_bytes": sum(r.replaced_bytes or 0 for r in reports),  # damage decoding repaired
            "violations": sum(len(r.violations) for r in reports),
            "by_status_and_template": md.counts(((r.status, r.template) for r in reports), "status", "template"),
            "quarantine_reasons": md.counts((r.reason for r in reports if r.status != "ok"), "reason"),
            "violations_by_relation": md.counts((v.relation for r in reports for v in r.violations), "relation"),
            "preview": md.preview(to_tables(reports[: md.PREVIEW_ROWS])["reports"]),
            "dagster/column_schema": md.table_schema(REPORTS.staged),
        }
    )
