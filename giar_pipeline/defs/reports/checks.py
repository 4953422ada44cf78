"""Great Expectations asset checks on ``extracted_reports``: one check per relation family and one
integrity check per suite (giar_pipeline.quality; suites in expectations/).

One multi-asset check validates the run's batches as one frame per table (one GX run per suite,
not one per report: GX's fixed cost per run is seconds), in parts of a bounded number of reports.
Relation findings and the catalogue's per-cell rules (``<table>_values``: signs, integral counts)
are facts about single reports: WARN, never blocking, and the same cells are ``check_violations``
rows. Pipeline integrity (codes valid for the template, unique ids) is ERROR and blocking: the
warehouse tables do not load broken data."""

import dagster as dg

from ...quality import validate
from ...quality.suites import CRITICAL, all_suites
from ...warehouse import staging
from .. import metadata
from ..check_results import result
from .assets import extracted_reports
from .partitions import ingest_batches
from .resources import LandingFolder


def _families() -> list[validate.Outcome]:
    return [o for name in validate.PARTITION_SUITES for o in validate.empty_outcomes(all_suites()[name]).values()]


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(
            o.family,
            asset=extracted_reports,
            description=o.description,
            blocking=o.severity == CRITICAL,
            partitions_def=ingest_batches,
            metadata={"suite": f"expectations/{o.suite}.json", "severity": o.severity},
        )
        for o in _families()
    ],
)
def extracted_tables_quality(context: dg.AssetCheckExecutionContext, landing: LandingFolder):
    """Every suite of expectations/ on the run's batches, with the extractor's relation semantics."""
    keys = context.partition_keys
    outcomes, checked = validate.validate_batches(staging.read_checked(landing.root, k) for k in keys)
    context.log.info(
        f"{len(outcomes)} checks on {len(checked)} ok reports of {len(keys)} batch(es): "
        f"{sum(not o.passed for o in outcomes)} with findings"
    )
    for o in outcomes:
        yield result(extracted_reports.key, o, checked, metadata.batches(keys))
