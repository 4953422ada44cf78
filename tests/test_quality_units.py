"""quality/ in small: the per-cell integrity rules (quality/integrity.py) on hand-built reports, and
`giar expectations build` (quality/cli.py)."""

from __future__ import annotations

import math
import os
from types import SimpleNamespace

from giar_pipeline.model import Cell, Report
from giar_pipeline.quality.cli import build, differences, expected_files
from giar_pipeline.quality.integrity import cell_findings


def _report(*cells: Cell, status: str = "ok") -> Report:
    return Report(source="r.txt", sha256="0" * 64, status=status, template="v2021", cells=list(cells))


def test_a_negative_count_and_a_fractional_one_are_findings_with_the_nearest_allowed_value():
    found = cell_findings(
        _report(
            Cell("applications", "new_received", "total", -3),
            Cell("applications", "granted", "total", 2.6),
            Cell("applications", "granted", "natural_person", 4),
        )
    )
    assert found == [
        ("negative_values", "error", "applications", "applications.new_received.total", -3.0, 0.0),
        ("non_integral_counts", "error", "applications", "applications.granted.total", 2.6, 3.0),
    ]


def test_a_negative_fraction_breaks_both_rules():
    found = cell_findings(_report(Cell("applications", "granted", "total", -0.4)))
    assert [(f[0], f[5]) for f in found] == [("negative_values", 0.0), ("non_integral_counts", 0.0)]


def test_signed_and_money_cells_are_exempt_from_their_rule_only():
    found = cell_findings(
        _report(
            Cell("active_disclosure", "rules", "change", -2),  # a change may fall
            Cell("statistics", "x", "fees_10k_yuan", 1.5),  # money may be decimal
            Cell("active_disclosure", "rules", "change", 1.5),  # a change is still a count
            Cell("statistics", "x", "fees_10k_yuan", -1),  # money is never negative
        )
    )
    assert [(f[0], f[3]) for f in found] == [
        ("non_integral_counts", "active_disclosure.rules.change"),
        ("negative_values", "statistics.x.fees_10k_yuan"),
    ]


def test_blank_non_finite_unknown_table_and_quarantined_reports_give_no_finding():
    assert cell_findings(_report(Cell("applications", "granted", "total", None))) == []
    assert cell_findings(_report(Cell("applications", "granted", "total", math.nan))) == []
    assert cell_findings(_report(Cell("applications", "granted", "total", -math.inf))) == []
    assert cell_findings(_report(Cell("no_such_table", "r", "c", -1))) == []
    assert cell_findings(_report(Cell("applications", "granted", "total", -1), status="quarantined")) == []
    assert cell_findings(_report(Cell("applications", "granted", "total", 0))) == []


def test_expectations_check_names_each_problem_and_what_to_run(tmp_path, capsys):
    """quality/cli.py: a missing suite and a stray file are both named, then the command to run."""
    out = tmp_path / "a" / "b"  # a folder that does not exist yet: built with its parents
    assert build(SimpleNamespace(out=str(out), check=False)) == 0
    want = sorted(expected_files())
    assert capsys.readouterr().err == f"{len(want)} suites in {out}/: {', '.join(want)}\n"
    (out / want[0]).unlink()
    (out / "stray.json").write_text("{}", encoding="utf-8")
    assert differences(out) == [f"{out / want[0]}: missing", f"{out / 'stray.json'}: not generated from the catalogue"]
    assert build(SimpleNamespace(out=str(out), check=True)) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == "the suites are out of date: run `giar expectations build`"
    assert differences(tmp_path / "absent") == [f"{tmp_path / 'absent' / n}: missing" for n in want]


def test_a_rebuild_rewrites_only_what_differs(tmp_path):
    build(SimpleNamespace(out=str(tmp_path), check=False))
    name = sorted(expected_files())[0]
    kept, changed = tmp_path / sorted(expected_files())[1], tmp_path / name
    changed.write_text("{}", encoding="utf-8")
    os.utime(kept, (1, 1))  # a file left alone keeps its time
    build(SimpleNamespace(out=str(tmp_path), check=False))
    assert changed.read_text(encoding="utf-8") == expected_files()[name] and kept.stat().st_mtime == 1
