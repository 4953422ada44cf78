"""Without ../shared a reference test skips on a laptop but fails in CI (CI=true)."""

from __future__ import annotations

import pytest

from . import conftest


@pytest.mark.parametrize(("ci", "outcome"), [("true", pytest.fail.Exception), ("", pytest.skip.Exception)])
def test_missing_shared_fails_in_ci_and_skips_elsewhere(monkeypatch, tmp_path, ci, outcome):
    monkeypatch.setattr(conftest, "SHARED", tmp_path / "no-shared-here")
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match="no-shared-here"):
        conftest.shared_path("spec", "templates.yaml")


def test_present_shared_is_returned(monkeypatch, tmp_path):
    (tmp_path / "spec").mkdir()
    (tmp_path / "spec" / "templates.yaml").write_text("generations: []\n", encoding="utf-8")
    monkeypatch.setattr(conftest, "SHARED", tmp_path)
    monkeypatch.setenv("CI", "true")
    assert conftest.shared_path("spec", "templates.yaml") == tmp_path / "spec" / "templates.yaml"
