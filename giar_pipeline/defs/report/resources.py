"""No resources of its own: the report reads the warehouse through the ``duckdb`` resource and goes
where the ``report`` setting says (``GIAR_REPORT``; the cluster profile: object storage), else beside
the warehouse file (or a lake's SQLite catalog) as ``quality_report.html``, so the demo's report lands
in ``data/demo/`` and a ``giar run --warehouse X`` report beside X."""

from pathlib import Path

from ...warehouse.lake import PREFIX
from ..settings import setting


def report_file(warehouse: str) -> str:
    beside = Path(warehouse.removeprefix(f"{PREFIX}sqlite:")).with_name("quality_report.html")
    return setting("report") or str(beside)
