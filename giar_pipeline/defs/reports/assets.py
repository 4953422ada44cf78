"""raw_documents → normalized_documents → extracted_reports, per ingest batch.

Each asset stages Parquet files per batch beside the batch manifest (see
``giar_pipeline.warehouse.staging``), batch after batch, streaming within one,
and returns metadata only, tallied as it streams: staging by batch lets a
single-run backfill cover many batches, which an IO manager keyed by one
partition cannot store.
"""

from functools import reduce
from operator import iadd

import dagster as dg

from ...warehouse import staging
from ...warehouse.landing import read_batch
from ...warehouse.schema import REPORTS
from .. import metadata
from .partitions import ingest_batches, single_run
from .resources import LandingFolder

BATCH_ASSET = dict(
    partitions_def=ingest_batches, backfill_policy=single_run, group_name="reports", owners=metadata.OWNERS
)


def _definition_metadata(schema) -> dict:
    return {
        "partitions": dg.MetadataValue.text(metadata.PARTITIONS),
        "dagster/column_schema": schema,
        "staged_as": dg.MetadataValue.text("LANDING/.giar/batches/<batch>/*.parquet (one file per batch)"),
    }


@dg.asset(**BATCH_ASSET, kinds={"parquet"}, metadata=_definition_metadata(metadata.arrow_schema(staging.RAW_SCHEMA)))
def raw_documents(context: dg.AssetExecutionContext, landing: LandingFolder) -> dg.MaterializeResult:
    """The batch's documents as registered in its manifest: one row per distinct content, with its bytes."""
    keys = context.partition_keys
    raw = reduce(iadd, (staging.stage_raw(landing.root, k, landing.limits) for k in keys))
    context.log.info(f"snapshotted {raw.documents} documents of {len(keys)} batch(es)")
    return dg.MaterializeResult(
        metadata={
            **metadata.batches(keys),
            "documents": raw.documents,
            "bytes": raw.bytes,
            "unreadable": metadata.markdown(["source_path", "read_error"], raw.unreadable),
            "not_swept": metadata.markdown(
                ["problem"], [(p,) for k in keys for p in read_batch(landing.root, k).problems]
            ),
        }
    )


@dg.asset(
    **BATCH_ASSET,
    deps=[raw_documents],
    kinds={"parquet"},
    metadata=_definition_metadata(metadata.arrow_schema(staging.NORMALIZED_SCHEMA)),
)
def normalized_documents(context: dg.AssetExecutionContext, landing: LandingFolder) -> dg.MaterializeResult:
    """Each document decoded and normalized once: text lines (simplified script, unified width and
    punctuation), and the normalized document itself, which extraction reads."""
    keys = context.partition_keys
    done = reduce(iadd, (staging.stage_normalized(landing.root, k, landing.limits, landing.jobs) for k in keys))
    context.log.info(f"normalized {done.documents} documents")
    return dg.MaterializeResult(
        metadata={
            **metadata.batches(keys),
            "documents": done.documents,
            "encodings": metadata.counts({e or "undecodable": n for e, n in done.encodings.items()}, "encoding"),
            "decode_errors": metadata.counts(done.decode_errors, "error"),
            "preview": metadata.markdown(["report_id", "encoding", "lines"], [tuple(r.values()) for r in done.preview]),
        }
    )


@dg.asset(
    **BATCH_ASSET,
    deps=[raw_documents, normalized_documents],
    kinds={"parquet"},
    metadata=_definition_metadata(metadata.table_schema(REPORTS.staged)),
)
def extracted_reports(context: dg.AssetExecutionContext, landing: LandingFolder) -> dg.MaterializeResult:
    """Every normalized document through ``extract_normalized``: report metadata, cells and relation violations."""
    keys = context.partition_keys
    done = reduce(iadd, (staging.stage_extracted(landing.root, k, landing.limits, landing.jobs) for k in keys))
    quarantined = sum(n for (status, _), n in done.by_status_and_template.items() if status != "ok")
    context.log.info(f"extracted {done.reports} reports, {quarantined} quarantined")
    return dg.MaterializeResult(
        metadata={
            **metadata.batches(keys),
            "reports": done.reports,
            "cells": done.cells,
            "uncertain_cells": done.uncertain_cells,
            "replaced_bytes": done.replaced_bytes,  # damage decoding repaired
            "violations": done.violations,
            "by_status_and_template": metadata.counts(done.by_status_and_template, "status", "template"),
            "quarantine_reasons": metadata.counts(done.quarantine_reasons, "reason"),
            "violations_by_relation": metadata.counts(done.violations_by_relation, "relation"),
            "preview": metadata.markdown([c.name for c in REPORTS.staged], [tuple(r.values()) for r in done.preview]),
            "dagster/column_schema": metadata.table_schema(REPORTS.staged),
        }
    )
