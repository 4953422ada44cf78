"""Resources of the reports domain: the landing folder (``landing``)."""

from pathlib import Path

import dagster as dg

from ..settings import setting


class LandingFolder(dg.ConfigurableResource):
    """Where raw documents arrive (searched recursively, hidden files skipped).
    Its ``.giar/`` subfolder holds each batch's manifest and staged Parquet."""

    path: str = "data/landing"

    @property
    def root(self) -> Path:
        return Path(self.path)


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(resources={"landing": LandingFolder(path=setting("landing"))})
