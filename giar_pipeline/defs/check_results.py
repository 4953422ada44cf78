"""Asset check results shared by the domains: one shape for every GX outcome, so the UI and
``giar run --checks-json`` read every check alike."""

import dagster as dg

from ..quality import offenders, validate
from ..quality.suites import CRITICAL
from . import metadata


def severity(outcome: validate.Outcome) -> dg.AssetCheckSeverity:
    return dg.AssetCheckSeverity.ERROR if outcome.severity == CRITICAL else dg.AssetCheckSeverity.WARN


def result(asset, outcome: validate.Outcome, who, extra: dict | None = None) -> dg.AssetCheckResult:
    """A check result a person can act on; ``failing_reports`` is what ``giar run --checks-json`` lists."""
    failing = outcome.failing_reports
    return dg.AssetCheckResult(
        asset_key=asset,
        check_name=outcome.family,
        passed=outcome.passed,
        severity=severity(outcome),
        description=outcome.description,
        metadata={
            "description": dg.MetadataValue.text(outcome.description),
            "suite": dg.MetadataValue.text(f"expectations/{outcome.suite}.json"),
            "expectations": outcome.expectations,
            "failing_report_count": len(failing),
            "findings": len(outcome.findings),
            "worst_offenders": metadata.markdown(list(offenders.COLUMNS), offenders.worst(outcome, who)),
            "failing_reports": dg.MetadataValue.json(failing),
            **(extra or {}),
        },
    )
