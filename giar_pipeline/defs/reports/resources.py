"""Resources of the reports domain: the landing folder (``landing``)."""

from pathlib import Path

import dagster as dg

from ...extract.limits import DEFAULT_MB, DEFAULT_SECONDS, Limits
from ...warehouse.landing import MAX_BATCH_DOCUMENTS
from ..settings import setting


class LandingFolder(dg.ConfigurableResource):
    """Where raw documents arrive (searched recursively, hidden files skipped).
    Its ``.giar/`` subfolder holds each batch's manifest and staged Parquet."""

    path: str = "data/landing"
    time_limit_seconds: float = DEFAULT_SECONDS  # per document and step; past it, quarantined (0: none)
    size_limit_mb: float = DEFAULT_MB  # larger documents are quarantined unread (0: none)
    batch_documents: int = MAX_BATCH_DOCUMENTS  # new documents per batch a sweep makes (0: no limit)
    jobs: int = 0  # worker processes per staging step (0: all cores; 1: none, in the step's process)

    @property
    def root(self) -> Path:
        return Path(self.path)

    @property
    def limits(self) -> Limits:
        return Limits(self.time_limit_seconds, self.size_limit_mb)


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(resources={"landing": LandingFolder(path=setting("landing"))})
