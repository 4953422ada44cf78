"""The code location: every module of ``giar_pipeline/defs`` (the folder ``[tool.dg]`` names),
merged into one Definitions. ``workspace.yaml`` and ``giar run`` load this module."""
from pathlib import Path

import dagster as dg

defs = dg.load_from_defs_folder(path_within_project=Path(__file__).parent)
