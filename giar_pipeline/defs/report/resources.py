"""No resources of its own: the report reads the warehouse through the ``duckdb`` resource and is
written beside it as ``quality_report.html`` (``GIAR_REPORT`` names another file), so the demo's
report lands in ``data/demo/`` and a ``giar run --warehouse X`` report beside X."""

import os
from pathlib import Path


def report_file(warehouse: str) -> Path:
    return Path(os.environ.get("GIAR_REPORT") or Path(warehouse).with_name("quality_report.html"))
