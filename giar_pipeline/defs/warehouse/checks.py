"""Warehouse contract checks (CONTRACT.md), in SQL after each load, over the whole tables:
keys unique, every document of every loaded batch has its ``reports`` row, and every
quarantined report says why; and the cross-report relation carry_over_chains on the carry-over mart."""

import dagster as dg

from ...quality import carry_over as chains
from ...quality.plan import carry_over as carry_over_relations
from ...warehouse.schema import EXTRACTED
from ..check_results import result
from .resources import WarehouseResource

_QUERIES = {  # (asset, check) → SQL counting the offending rows
    (t.name, "key_unique"): f"SELECT count(*) FROM (SELECT {', '.join(t.key)} FROM {t.name} GROUP BY ALL "
    "HAVING count(*) > 1)"
    for t in EXTRACTED
} | {
    ("reports", "every_document_reported"): "SELECT count(*) FROM batch_documents ANTI JOIN reports USING (report_id)",
    ("reports", "quarantine_has_reason"): "SELECT count(*) FROM reports WHERE status <> 'ok' AND reason IS NULL",
}


_DESCRIPTIONS = {  # (asset, check) → what passing means, as the UI shows it
    **{(t.name, "key_unique"): f"({', '.join(t.key)}) identifies one row of {t.name}" for t in EXTRACTED},
    ("reports", "every_document_reported"): "every document of every loaded batch has its reports row: "
    "nothing is lost silently (CONTRACT.md)",
    ("reports", "quarantine_has_reason"): "every quarantined report says why, in words a person can act on",
}


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(
            check,
            asset=asset,
            description=_DESCRIPTIONS.get((asset, check)),
            metadata={"sql": dg.MetadataValue.md(f"```sql\n{sql}\n```")},
        )
        for (asset, check), sql in _QUERIES.items()
    ]
)
def warehouse_contract(duckdb: WarehouseResource):
    with duckdb.get_connection() as conn:
        for (asset, check), sql in _QUERIES.items():
            bad = conn.execute(sql).fetchall()[0][0]
            yield dg.AssetCheckResult(
                asset_key=asset, check_name=check, passed=bad == 0, metadata={"offending_rows": bad}
            )


# Across reports: the carry_over_chains relation on the carry-over mart (giar_pipeline.quality).


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(
            c.name,
            asset="mart_carry_over",
            description=c.description,
            metadata={"writes": "check_violations rows with relation = " + c.name},
        )
        for c in carry_over_relations()
    ],
)
def carry_over_chains(duckdb: WarehouseResource):
    """An issuer's year-Y carried_over equals its year Y-1 carried_forward, per column (WARN: findings,
    not failures). Violations replace the relation's rows in check_violations, so they sit beside the
    extractor's per-report violations."""
    with duckdb.writer() as conn:
        mart = conn.execute("SELECT * FROM mart_carry_over").df()
        outcomes = chains.check(mart)
        chains.replace_violations(conn, outcomes)
    for o in outcomes:
        yield result(dg.AssetKey("mart_carry_over"), o, mart)
