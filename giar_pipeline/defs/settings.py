"""Deployment settings, switched by environment as in hooli: ``GIAR_ENV`` picks a profile
(``dev`` by default); ``GIAR_<NAME>`` overrides one value of it (``GIAR_LANDING``, ``GIAR_WAREHOUSE``…).

``warehouse`` is a DuckDB file, or a DuckLake catalog (``ducklake:sqlite:PATH``,
``ducklake:postgres:CONNINFO``) whose Parquet files go to ``lake_data``; ``report`` is where
``quality_report`` goes (empty: beside the warehouse file or SQLite catalog); ``executor`` is
``in_process`` or ``k8s`` (dagster-k8s, ``execution.py``)."""

import os

DEFAULTS = {"lake_data": "", "report": "", "executor": "in_process"}
PROFILES = {
    "dev": {"landing": "data/landing", "warehouse": "giar.duckdb"},
    "demo": {"landing": "data/demo/landing", "warehouse": "data/demo/giar.duckdb"},
    # every pod sees the landing folder (a shared volume); the warehouse is a DuckLake that many runs write
    "cluster": {
        "landing": "/data/landing",
        "warehouse": "ducklake:postgres:dbname=giar",  # host and password from PGHOST, PGPASSWORD (a secret)
        "lake_data": "s3://giar-lake/data/",
        "report": "/data/quality_report.html",
        "executor": "k8s",
    },
}


def setting(name: str) -> str:
    env = os.environ.get("GIAR_ENV", "dev")
    if env not in PROFILES:
        raise ValueError(f"GIAR_ENV={env!r}: expected one of {', '.join(PROFILES)}")
    return os.environ.get(f"GIAR_{name.upper()}") or {**DEFAULTS, **PROFILES[env]}[name]
