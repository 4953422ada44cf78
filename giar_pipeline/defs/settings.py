"""Deployment settings, switched by environment as in hooli: ``GIAR_ENV`` picks a profile
(``dev`` by default); ``GIAR_LANDING`` / ``GIAR_WAREHOUSE`` override one value of it."""

import os

PROFILES = {
    "dev": {"landing": "data/landing", "warehouse": "giar.duckdb"},
    "demo": {"landing": "data/demo/landing", "warehouse": "data/demo/giar.duckdb"},
}


def setting(name: str) -> str:
    env = os.environ.get("GIAR_ENV", "dev")
    if env not in PROFILES:
        raise ValueError(f"GIAR_ENV={env!r}: expected one of {', '.join(PROFILES)}")
    return os.environ.get(f"GIAR_{name.upper()}") or PROFILES[env][name]
