"""Resources of the warehouse domain: the DuckDB file (``duckdb``)."""
import dagster as dg
from dagster_duckdb import DuckDBResource

from ..settings import setting


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(resources={"duckdb": DuckDBResource(database=setting("warehouse"))})
