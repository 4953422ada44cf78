"""One small demo warehouse for the output tests (report, export, sql), built once per session:
the demo's landing folder (generated reports, one issuer's three consecutive years, two files that
cannot be reports) through the real pipeline (`giar run`), on an in-memory Dagster instance."""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

import dagster as dg

from giar_pipeline import runner
from giar_pipeline.demo import build_landing

DOCUMENTS = 24


@functools.cache
def build() -> tuple[Path, Path, dg.DagsterInstance]:
    """(landing folder, warehouse file, the instance that ran it)."""
    root = Path(tempfile.mkdtemp(prefix="giar-outputs-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    landing, warehouse = root / "landing", root / "giar.duckdb"
    build_landing(landing, DOCUMENTS)
    instance = dg.DagsterInstance.ephemeral()
    assert runner.run(landing, warehouse, instance=instance) == 0
    return landing, warehouse, instance
