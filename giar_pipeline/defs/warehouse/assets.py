"""Warehouse assets: the three contract tables, loaded per batch in one transaction, then one
asset per ``dbt_like_sql`` model with the dependencies parsed from its SQL."""

import dagster as dg

from ...warehouse import staging
from ...warehouse.load import load_batches
from ...warehouse.models import Model, discover, run_model
from ...warehouse.schema import EXTRACTED
from .. import metadata
from ..reports.assets import extracted_reports
from ..reports.resources import LandingFolder
from .partitions import REFRESH, ingest_batches, single_run
from .resources import WarehouseResource

POOL = "giar_warehouse"  # a DuckDB file has one writer: `dagster instance concurrency set giar_warehouse 1`

_SUMMARIES = {  # per table: a breakdown worth seeing on each materialization
    "reports": (
        "status, template",
        "SELECT status, template, count(*) FROM reports WHERE batch IN (SELECT unnest(?)) GROUP BY ALL ORDER BY ALL",
    ),
    "report_cells": (
        "table_code",
        "SELECT table_code, count(*) FROM report_cells WHERE batch IN (SELECT unnest(?)) GROUP BY ALL ORDER BY ALL",
    ),
    "check_violations": (
        "relation, severity",
        "SELECT relation, severity, count(*) FROM check_violations "
        "WHERE batch IN (SELECT unnest(?)) GROUP BY ALL ORDER BY 3 DESC",
    ),
    "report_statements": (
        "kind, member",
        "SELECT kind, member, count(*) FROM report_statements "
        "WHERE batch IN (SELECT unnest(?)) GROUP BY ALL ORDER BY 3 DESC",
    ),
}


def _table_metadata(conn, name: str, keys: list[str], rows: int) -> dict:
    by, sql = _SUMMARIES[name]
    table = next(t for t in EXTRACTED if t.name == name)
    total = conn.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]
    sample = conn.execute(
        f"SELECT * FROM {name} WHERE batch IN (SELECT unnest(?)) LIMIT {metadata.PREVIEW_ROWS}", [keys]
    )
    meta = {
        **metadata.batches(keys),
        "batch_rows": rows,
        "dagster/row_count": total,
        f"by {by}": metadata.markdown([*by.split(", "), "count"], conn.execute(sql, [keys]).fetchall()),
        "preview": metadata.markdown([d[0] for d in sample.description], sample.fetchall()),
        "dagster/column_schema": metadata.table_schema(table.columns),
    }
    if name == "reports":
        reasons = conn.execute(
            "SELECT reason, count(*) FROM reports WHERE batch IN (SELECT unnest(?)) "
            "AND status <> 'ok' GROUP BY ALL ORDER BY 2 DESC",
            [keys],
        ).fetchall()
        meta["quarantine_reasons"] = metadata.markdown(["reason", "count"], reasons)
    return meta


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            t.name,
            deps=[extracted_reports],
            description=t.description,
            kinds={"duckdb"},
            group_name="warehouse",
            owners=metadata.OWNERS,
            metadata={
                "dagster/column_schema": metadata.table_schema(t.columns),
                "key": ", ".join(t.key),
                "partitions": dg.MetadataValue.text(metadata.PARTITIONS),
            },
        )
        for t in EXTRACTED
    ],
    partitions_def=ingest_batches,
    backfill_policy=single_run,
    pool=POOL,
)
def warehouse_tables(context: dg.AssetExecutionContext, duckdb: WarehouseResource, landing: LandingFolder):
    """Replace the batches' rows of reports, report_cells and check_violations in one transaction."""
    keys = context.partition_keys
    batches = {k: staging.extracted_files(landing.root, k) for k in keys}  # DuckDB reads the files
    with duckdb.writer() as conn:
        rows = load_batches(conn, batches)
        context.log.info("loaded " + ", ".join(f"{n} {name} rows" for name, n in rows.items()))
        for name, n in rows.items():
            yield dg.MaterializeResult(asset_key=name, metadata=_table_metadata(conn, name, keys, n))


def model_asset(model: Model) -> dg.AssetsDefinition:
    """The Dagster asset of one SQL model: rebuilds it and reports its rows and columns."""

    # single_run on an unpartitioned asset: lets `--partition-range` select the whole graph
    @dg.asset(
        name=model.name,
        deps=list(model.deps),
        description=model.description,
        pool=POOL,
        backfill_policy=single_run,
        automation_condition=REFRESH,
        group_name="marts" if model.name.startswith("mart_") else "staging",
        kinds={"duckdb", "sql"},
        owners=metadata.OWNERS,
        metadata={
            "materialized": model.materialized,
            "path": dg.MetadataValue.path(str(model.path)),
            "dagster/column_schema": metadata.model_schemas()[model.name],
            "sql": dg.MetadataValue.md(f"```sql\n{model.sql}\n```"),
        },
    )
    def _model(context: dg.AssetExecutionContext, duckdb: WarehouseResource) -> dg.MaterializeResult:
        with duckdb.writer() as conn:
            rows = run_model(conn, model)
            context.log.info(f"built {model.materialized} {model.name}: {rows} rows")
            sample = conn.execute(f"SELECT * FROM {model.name} LIMIT {metadata.PREVIEW_ROWS}")
            return dg.MaterializeResult(
                metadata={
                    "dagster/row_count": rows,
                    "dagster/column_schema": metadata.duckdb_schema(conn, model.name),
                    "preview": metadata.markdown([d[0] for d in sample.description], sample.fetchall()),
                }
            )

    return _model


@dg.definitions
def warehouse_assets() -> dg.Definitions:
    # a module with a @definitions function contributes only what that function returns
    return dg.Definitions(assets=[warehouse_tables, *(model_asset(m) for m in discover().values())])
