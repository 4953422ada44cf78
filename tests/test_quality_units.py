"""quality/ in small: the per-cell integrity rules (quality/integrity.py) on hand-built reports."""

from __future__ import annotations

import math

from giar_pipeline.model import Cell, Report
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
