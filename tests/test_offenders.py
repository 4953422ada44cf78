"""The worst offenders a failed check shows (quality/offenders.py): largest |left - right| first."""

from __future__ import annotations

import random

import pandas as pd

from giar_pipeline.quality.offenders import worst
from giar_pipeline.quality.validate import Finding, Outcome


def _outcome(findings) -> Outcome:
    return Outcome("applications_balance", "applications", "warning", "d", 1, list(findings))


def test_relation_findings_are_listed_worst_first_and_cut_at_the_limit():
    gaps = [3, -50, 0.5, 7, -1, 12, 2, -9]  # signed left - right, shuffled
    random.Random(4).shuffle(gaps)
    findings = [
        Finding(f"r{i}", f"applications_balance[c{i}]", "warning", left_value=100 + g, right_value=100)
        for i, g in enumerate(gaps)
    ]
    reports = pd.DataFrame(
        {
            "report_id": [f.report_id for f in findings],
            "issuer": [f"甲{i}" for i in range(len(findings))],
            "report_year": [2020 + i for i in range(len(findings))],
        }
    )
    rows = worst(_outcome(findings), reports, limit=5)
    assert [abs(r[4] - r[5]) for r in rows] == [50, 12, 9, 7, 3]
    by_id = {f.report_id: i for i, f in enumerate(findings)}
    assert [(r[0], r[1]) for r in rows] == [(f"甲{by_id[r[2]]}", 2020 + by_id[r[2]]) for r in rows]


def test_integrity_findings_keep_report_order_and_unknown_reports_have_no_identity():
    findings = [Finding(f"r{i}", "whole_counts", "error", detail=f"cell {i}") for i in range(4)]
    reports = pd.DataFrame({"report_id": ["r1"], "issuer": ["乙"], "report_year": [2022.0]})
    rows = worst(_outcome(findings), reports)
    assert [r[2] for r in rows] == ["r0", "r1", "r2", "r3"]
    assert [(r[0], r[1]) for r in rows] == [(None, None), ("乙", 2022), (None, None), (None, None)]
    assert isinstance(rows[1][1], int)


def test_a_report_on_several_rows_of_the_mart_is_named_once():
    """The carry-over mart has one row per issuer, year and column: a report repeats with other columns."""
    findings = [Finding("r1", "carry_over_chains[total]", "warning", left_value=3, right_value=5)]
    mart = pd.DataFrame(
        {
            "report_id": ["r1", "r1", "r2"],
            "issuer": ["丙", "丙", "丁"],
            "report_year": [2021] * 3,
            "column": ["total", "natural_person", "total"],
        }
    )
    assert worst(_outcome(findings), mart) == [("丙", 2021, "r1", "carry_over_chains[total]", 3, 5, None)]
