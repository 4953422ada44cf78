"""Shared fixtures. ../shared (the reference spec and the real seed reports) sits beside the
repository in CI; tests that need it skip with a clear message where it is absent."""
from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def shared_path(*parts: str) -> Path:
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} is absent: clone the repository with ../shared beside it to run this test")
    return p
