"""``quality_report``: the self-contained HTML data-quality report, rebuilt after the marts."""

import dagster as dg

from ...outputs import report
from ...warehouse import storage
from ...warehouse.models import discover
from .. import metadata
from ..reports.partitions import single_run
from ..warehouse.partitions import REFRESH
from ..warehouse.resources import WarehouseResource
from .resources import report_file

MARTS = [m for m in discover() if m.startswith("mart_")]


@dg.asset(
    deps=["reports", "report_cells", "check_violations", *MARTS],
    group_name="report",
    kinds={"html", "duckdb"},
    owners=metadata.OWNERS,
    pool="giar_warehouse",
    backfill_policy=single_run,  # as every asset: ranges are one run
    automation_condition=REFRESH,
    # lowest priority: among ready steps the asset checks that write check_violations rows
    # (carry_over_chains and later cross-report checks) run first, so the report shows their findings
    op_tags={"dagster/priority": "-100"},
    metadata={
        "sections": metadata.markdown(["section", "id"], [(s.title, s.id) for s in report.sections()]),
        # an HTML file, not a table: its "columns" are its sections, each with the query behind it
        "dagster/column_schema": dg.TableSchema(
            columns=[dg.TableColumn(s.id, "html section", description=s.title) for s in report.sections()]
        ),
        "built_by": dg.MetadataValue.text("giar report --warehouse FILE --out FILE (the same code)"),
    },
)
def quality_report(context: dg.AssetExecutionContext, duckdb: WarehouseResource) -> dg.MaterializeResult:
    """One HTML file people open without a network: reports by template and year, quarantine reasons,
    uncertain cells, violations by relation and year, the worst issuers, carry-over and in-force breaks,
    late publications; each plot with its table and the SQL behind every number."""
    with duckdb.writer() as conn:  # reads only, but after any writer in flight has finished
        built = report.build(conn, source=duckdb.database)
    out = storage.write_text(report_file(duckdb.database), built.html)
    context.log.info(f"wrote {out} ({len(built.html):,} bytes, {built.plots} plots)")
    titles = {s.id: s.title for s in report.sections()}
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(out)),
            "open": dg.MetadataValue.url(out.as_uri()),
            "bytes": len(built.html.encode()),
            "plots": built.plots,
            "rows_by_section": metadata.markdown(
                ["section", "rows"], [(titles[k], n) for k, n in built.sections.items()]
            ),
            "empty_sections": dg.MetadataValue.text(
                ", ".join(titles[k] for k, n in built.sections.items() if not n) or "none"
            ),
        }
    )
