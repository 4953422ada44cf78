"""Resources of the report domain: where the HTML report goes (``report_output``)."""
from pathlib import Path

import dagster as dg


class ReportOutput(dg.ConfigurableResource):
    """The report file. Empty ``path``: ``quality_report.html`` beside the warehouse, so the demo's
    report lands in ``data/demo/`` and a ``giar run --warehouse X`` report beside X."""

    path: str = ""

    def file(self, warehouse: str) -> Path:
        return Path(self.path) if self.path else Path(warehouse).with_name("quality_report.html")


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(resources={"report_output": ReportOutput()})
