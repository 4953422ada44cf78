"""The auditor's assets and checks: ``issuer_keys`` after each load, then ``audit_findings`` with four
WARN asset checks (in_force_chains, narrative_mismatch, yoy_anomaly, late_publication).

The checks are computed inside the asset (``check_specs``) because ``mart_issuer_year`` counts their
findings: the findings must be in the warehouse before that mart builds.
"""

import dagster as dg

from ...quality import audit, audit_store
from ...warehouse.schema import AUDIT_FINDINGS, ISSUER_KEYS
from .. import metadata
from .assets import POOL
from .partitions import REFRESH, single_run
from .resources import WarehouseResource

OWNERS = metadata.OWNERS
# what both audit assets share: the warehouse's writer pool, one run for all batches
AUDIT_ASSET = dict(
    pool=POOL,
    backfill_policy=single_run,
    automation_condition=REFRESH,
    group_name="warehouse",
    kinds={"duckdb"},
    owners=OWNERS,
)
DATA = {  # where each check's settings live
    "in_force_chains": "catalogue/audit.yaml (in_force_chains), catalogue/narrative.yaml (adjustments)",
    "narrative_mismatch": "catalogue/narrative.yaml",
    "yoy_anomaly": "catalogue/audit.yaml (yoy_anomaly)",
    "late_publication": "catalogue/audit.yaml (late_publication)",
}
DESCRIPTIONS = {
    "in_force_chains": "v2021 active_disclosure: this year's in_force = last year's in_force + issued - repealed, "
    "per row, for the same issuer_key in consecutive years",
    "narrative_mismatch": "a number the prose restates (收到政府信息公开申请34件 …) differs from its table cells",
    "yoy_anomaly": "year-over-year jumps per issuer_key and measure, and within-year implausibilities",
    "late_publication": "published after the 条例's deadline for the issuer's class (government / department)",
}


@dg.asset(
    deps=["reports"],
    **AUDIT_ASSET,
    metadata={"dagster/column_schema": metadata.table_schema(ISSUER_KEYS.columns)},
    description="issuer name → issuer_key over the whole warehouse (catalogue/issuers.yaml, "
    "issuer_aliases.csv, $GIAR_ISSUER_ALIASES); also sets reports.issuer_key",
)
def issuer_keys(context: dg.AssetExecutionContext, duckdb: WarehouseResource) -> dg.MaterializeResult:
    with duckdb.writer() as conn:
        rules = audit_store.write_issuer_keys(conn)
        merged = conn.execute("SELECT count(*) FROM issuer_keys WHERE issuer <> issuer_key").fetchone()[0]
        sample = conn.execute(
            "SELECT issuer, issuer_key, rule FROM issuer_keys WHERE issuer <> issuer_key "
            f"OR rule = 'ambiguous' ORDER BY rule, issuer LIMIT {metadata.PREVIEW_ROWS}"
        ).fetchall()
    context.log.info(f"{sum(rules.values())} issuer names, {merged} resolved to another spelling")
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": sum(rules.values()),
            "by rule": metadata.markdown(["rule", "names"], sorted(rules.items())),
            "resolved_to_another_spelling": merged,
            "preview": metadata.markdown(["issuer", "issuer_key", "rule"], sample),
        }
    )


@dg.asset(
    deps=["int_issuer_year_report", "report_cells", "report_statements"],
    **AUDIT_ASSET,
    metadata={"dagster/column_schema": metadata.table_schema(AUDIT_FINDINGS.columns)},
    description="Cross-report audit findings (also in check_violations as warnings); settings in catalogue data",
    check_specs=[
        dg.AssetCheckSpec(name, asset="audit_findings", description=DESCRIPTIONS[name]) for name in audit.CHECKS
    ],
)
def audit_findings(context: dg.AssetExecutionContext, duckdb: WarehouseResource):
    with duckdb.writer() as conn:
        findings = audit_store.run(conn)
        who = dict(
            (
                (rid, (i, y))
                for rid, i, y in conn.execute("SELECT report_id, issuer, report_year FROM stg_reports").fetchall()
            )
        )
        missing = conn.execute("SELECT count(*) FROM stg_reports WHERE is_ok AND published_on IS NULL").fetchone()[0]
    total = sum(map(len, findings.values()))
    context.log.info(", ".join(f"{name} {len(fs)}" for name, fs in findings.items()))
    yield dg.MaterializeResult(
        metadata={
            "dagster/row_count": total,
            "by check": metadata.markdown(["check", "findings"], [(n, len(f)) for n, f in findings.items()]),
        }
    )
    for name, fs in findings.items():
        worst = sorted(fs, key=lambda f: -abs(f.left_value - f.right_value))[: metadata.PREVIEW_ROWS]
        extra = {"reports_without_publication_date": missing} if name == "late_publication" else {}
        yield dg.AssetCheckResult(
            asset_key="audit_findings",
            check_name=name,
            passed=not fs,
            severity=dg.AssetCheckSeverity.WARN,
            description=DESCRIPTIONS[name],
            metadata={
                "data": dg.MetadataValue.text(DATA[name]),
                "findings": len(fs),
                "failing_report_count": len({f.report_id for f in fs}),
                "worst_offenders": metadata.markdown(
                    ["issuer", "year", "report_id", "member", "left", "right", "detail"],
                    [
                        (
                            *who.get(f.report_id, (None, None)),
                            f.report_id,
                            f.member,
                            f.left_value,
                            f.right_value,
                            f.detail,
                        )
                        for f in worst
                    ],
                ),
                "failing_reports": dg.MetadataValue.json(sorted({f.report_id for f in fs})),
                **extra,
            },
        )
