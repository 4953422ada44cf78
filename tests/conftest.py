"""Shared fixtures. ../shared (the reference spec and the real seed reports) sits beside the
repository. Locally, tests that need it skip with a clear message where it is absent; under
``CI=true`` its absence fails them, so a CI run never passes by skipping the reference checks."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

# GIAR_SHARED: where it is when the tests run from a copy of the tree (`make mutate` runs them in mutants/)
SHARED = Path(os.environ.get("GIAR_SHARED") or Path(__file__).resolve().parents[1].parent / "shared")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def shared_path(*parts: str) -> Path:
    p = SHARED.joinpath(*parts)
    if not p.exists():
        message = f"{p} is absent: clone the repository with ../shared beside it to run this test"
        if in_ci():
            pytest.fail(f"CI=true: {message}", pytrace=False)
        pytest.skip(message)
    return p


def pytest_runtest_setup(item):
    """Under `make mutate`, forget what the library cached before each test.

    mutmut records which tests reach each function, then forks every mutant's run from a process
    that already ran the suite: with a ``functools.cache`` warm, a function would seem reached only
    by the first test that filled it, and a mutant in it would answer with the unmutated result."""
    if not os.environ.get("MUTANT_UNDER_TEST"):
        return
    for name, module in list(sys.modules.items()):
        if name.startswith("giar_pipeline") and module is not None:
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()
