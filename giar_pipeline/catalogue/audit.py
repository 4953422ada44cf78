"""The auditor's data files, loaded once: narrative patterns, issuer rules and aliases, check settings.

narrative.yaml        what prose restates, as patterns (giar_pipeline.extract.narrative)
issuers.yaml          abbreviations and prefix rules of issuer_key (giar_pipeline.quality.issuer_key)
issuer_aliases.csv    alias → canonical issuer names; extend with GIAR_ISSUER_ALIASES=path[:path…]
audit.yaml            in_force_chains, yoy_anomaly, late_publication settings
"""

from __future__ import annotations

import csv
import functools
import io
import os
from importlib import resources
from pathlib import Path

import yaml

ALIASES_ENV = "GIAR_ISSUER_ALIASES"


def _text(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


@functools.cache
def narrative() -> dict:
    return yaml.safe_load(_text("narrative.yaml"))


@functools.cache
def issuers() -> dict:
    return yaml.safe_load(_text("issuers.yaml"))


@functools.cache
def checks() -> dict:
    return yaml.safe_load(_text("audit.yaml"))


def _alias_rows(text: str, where: str) -> dict[str, str]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {"alias", "canonical"} <= set(reader.fieldnames):
        raise ValueError(f"{where}: an issuer alias CSV needs the header 'alias,canonical' (got {reader.fieldnames})")
    out = {}
    for i, row in enumerate(reader, start=2):
        alias, canonical = (row.get("alias") or "").strip(), (row.get("canonical") or "").strip()
        if not alias or not canonical:
            raise ValueError(f"{where}, line {i}: both alias and canonical are needed")
        out[alias] = canonical
    return out


def aliases(extra: str | None = None) -> dict[str, str]:
    """alias → canonical: the package's CSV, then each CSV of ``extra`` (default: $GIAR_ISSUER_ALIASES,
    paths separated by os.pathsep); later files win."""
    out = _alias_rows(_text("issuer_aliases.csv"), "giar_pipeline/catalogue/issuer_aliases.csv")
    extra = os.environ.get(ALIASES_ENV, "") if extra is None else extra
    for p in filter(None, extra.split(os.pathsep)):
        path = Path(p)
        if not path.is_file():
            raise FileNotFoundError(f"{ALIASES_ENV} names {path}, which is not a file")
        out |= _alias_rows(path.read_text(encoding="utf-8-sig"), str(path))
    return out
