"""Warehouse contract checks (CONTRACT.md), in SQL after each load, over the whole tables:
keys unique, every document of every loaded batch has its ``reports`` row, and every
quarantined report says why."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from ...warehouse.schema import EXTRACTED

_QUERIES = {  # (asset, check) → SQL counting the offending rows
    (t.name, "key_unique"): f"SELECT count(*) FROM (SELECT {', '.join(t.key)} FROM {t.name} GROUP BY ALL "
                            "HAVING count(*) > 1)"
    for t in EXTRACTED
} | {
    ("reports", "every_document_reported"): "SELECT count(*) FROM batch_documents ANTI JOIN reports USING (report_id)",
    ("reports", "quarantine_has_reason"): "SELECT count(*) FROM reports WHERE status <> 'ok' AND reason IS NULL",
}


@dg.multi_asset_check(specs=[dg.AssetCheckSpec(check, asset=asset) for asset, check in _QUERIES])
def warehouse_contract(duckdb: DuckDBResource):
    with duckdb.get_connection() as conn:
        for (asset, check), sql in _QUERIES.items():
            bad = conn.execute(sql).fetchall()[0][0]
            yield dg.AssetCheckResult(asset_key=asset, check_name=check, passed=bad == 0,
                                      metadata={"offending_rows": bad})
