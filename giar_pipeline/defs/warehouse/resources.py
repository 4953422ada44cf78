"""Resources of the warehouse domain: the DuckDB file (``duckdb``)."""

from contextlib import contextmanager

import dagster as dg
from dagster_duckdb import DuckDBResource

from ...warehouse.locks import connect
from ..settings import setting


class Warehouse(DuckDBResource):
    """DuckDBResource whose connections wait (bounded backoff) while another program holds the file,
    then fail with a message naming that program's PID and what to do."""

    lock_wait_seconds: float | None = None  # None: $GIAR_LOCK_WAIT, else 60
    # DuckDB's memory per connection, past which it spills to disk (a file beside the warehouse):
    # its own default, 80% of the machine's memory, bounds nothing when other steps share the machine
    memory_limit: str = "1GB"

    @contextmanager
    def get_connection(self):
        conn = connect(
            self.database,
            config={"custom_user_agent": "dagster", "memory_limit": self.memory_limit, **self.connection_config},
            wait=self.lock_wait_seconds,
        )
        try:
            yield conn
        finally:
            conn.close()


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(resources={"duckdb": Warehouse(database=setting("warehouse"))})
