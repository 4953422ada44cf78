"""The code location: every module of ``giar_pipeline/defs`` (the folder ``[tool.dg]`` names),
merged into one Definitions. ``workspace.yaml`` and ``giar run`` load this module.

This is what ``dg.load_from_defs_folder`` builds, minus its search for pyproject.toml or dg.toml
above this file: an installed wheel has neither in site-packages, so the defs package and the
project root are given directly (a test checks both ways give the same definitions in a checkout).
"""

from pathlib import Path

import dagster as dg

from . import defs as defs_package

CODE_LOCATION = "giar"  # [tool.dg.project] code_location_name

defs = dg.ComponentTree(
    defs_module=defs_package, project_root=Path(__file__).resolve().parent.parent, code_location_name=CODE_LOCATION
).build_defs()
