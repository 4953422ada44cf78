"""Placeholder until the extractor lands (same signature)."""
from __future__ import annotations

import hashlib

from ..model import Report


def extract_document(raw: bytes, source: str) -> Report:
    return Report(source=source, sha256=hashlib.sha256(raw).hexdigest(), status="quarantined",
                  reason="extractor not implemented yet")
