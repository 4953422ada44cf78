"""The warehouse side of giar, with no Dagster import: landing-folder batches,
per-batch staging, the DuckDB schema, idempotent bulk loading and the SQL models,
into a DuckDB file or a DuckLake.

    landing.sweep(folder)                 register new content as batches (manifests)
    staging.stage_raw / stage_normalized / stage_extracted(folder, batch)   streamed, worker processes
    load.load_batches(conn, {batch: files or tables})   delete-then-insert, one transaction
    models.discover() / run_model / run_all    dbt_like_sql/*.sql in dependency order
    lake.connect(catalog, data_path)           the same tables in a DuckLake: many writers at once
    storage.write_text(path_or_url, text)      a whole file on a local path or an fsspec URL
"""

from .landing import Batch, Entry, batches, sweep
from .load import Staged, load_batches, loaded_batches
from .locks import writer_lock
from .models import Model, discover, run_all, run_model
from .rows import report_id, to_tables
from .schema import EXTRACTED, TABLES, create_all

__all__ = [
    "Batch",
    "Entry",
    "EXTRACTED",
    "Model",
    "Staged",
    "TABLES",
    "batches",
    "create_all",
    "discover",
    "load_batches",
    "loaded_batches",
    "report_id",
    "run_all",
    "run_model",
    "sweep",
    "to_tables",
    "writer_lock",
]
