"""Resources of the warehouse domain: ``duckdb``, a DuckDB file or a DuckLake, by the ``warehouse`` setting."""

from contextlib import contextmanager

import dagster as dg
from dagster_duckdb import DuckDBResource

from ...warehouse import lake
from ...warehouse.locks import connect, writer_lock
from ..settings import setting


class WarehouseResource(DuckDBResource):
    """What the warehouse assets take: ``get_connection()`` to read, ``writer()`` to write."""

    @contextmanager
    def writer(self):
        with self.get_connection() as conn:
            yield conn


class Warehouse(WarehouseResource):
    """A DuckDB file. Connections wait (bounded backoff) while another program holds the file, then fail
    with a message naming that program's PID and what to do; writers take turns (one writer per file)."""

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

    @contextmanager
    def writer(self):
        with writer_lock(self.database), self.get_connection() as conn:
            yield conn


class Lake(WarehouseResource):
    """A DuckLake (``giar_pipeline.warehouse.lake``): ``database`` is its catalog, ``ducklake:sqlite:PATH``
    or ``ducklake:postgres:CONNINFO``, ``data_path`` where its Parquet files go. Writers do not take turns:
    each commits a snapshot, and a commit that loses a race runs again."""

    data_path: str = ""  # empty: the path the catalog was created with

    @contextmanager
    def get_connection(self):
        conn = lake.connect(self.database, self.data_path, {"custom_user_agent": "dagster", **self.connection_config})
        try:
            yield conn
        finally:
            conn.close()


def warehouse_resource() -> WarehouseResource:
    warehouse = setting("warehouse")
    if lake.is_lake(warehouse):
        return Lake(database=warehouse, data_path=setting("lake_data"))
    return Warehouse(database=warehouse)


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(resources={"duckdb": warehouse_resource()})
