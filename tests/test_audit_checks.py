"""The audit checks' rules on hand-made rows (giar_pipeline.quality.audit; settings in catalogue/audit.yaml):
blanks, uncertain cells, thresholds, issuer classes and the two regulations' deadlines."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from giar_pipeline.catalogue import audit as audit_data
from giar_pipeline.quality import audit

D, A = "active_disclosure", "applications"


def reports(*rows) -> pd.DataFrame:
    cols = ["report_id", "issuer_key", "issuer", "report_year", "template", "published_on", "speaks"]
    return pd.DataFrame([dict(zip(cols, r)) for r in rows], columns=cols)


NO_STATEMENTS = pd.DataFrame(
    columns=["report_id", "kind", "cells", "member", "table_code", "value", "raw_text", "source_line", "statement_no"]
)


def test_in_force_chain_blanks_count_as_zero_and_uncertain_cells_are_not_judged():
    rep = reports(("a", "k", "k", 2022, "v2021", None, True), ("b", "k", "k", 2023, "v2021", None, True))
    row = "normative_documents"
    values = {
        ("a", (D, row, "in_force")): (10, False),
        ("b", (D, row, "in_force")): (12, False),
        ("b", (D, row, "issued")): (2, False),
    }  # repealed blank: 0
    assert audit.in_force_chains(rep, values, NO_STATEMENTS) == []
    values[("b", (D, row, "in_force"))] = (13, False)
    (f,) = audit.in_force_chains(rep, values, NO_STATEMENTS)
    assert (f.report_id, f.previous_report_id, f.member, f.left_value, f.right_value) == (
        "b",
        "a",
        "normative_documents.in_force",
        13,
        12,
    )
    values[("b", (D, row, "issued"))] = (None, True)
    assert audit.in_force_chains(rep, values, NO_STATEMENTS) == []


def test_only_consecutive_v2021_years_of_speaking_reports_chain():
    values = {(r, (D, "regulations", "in_force")): (v, False) for r, v in (("a", 1), ("b", 9), ("c", 20))}
    gap = reports(("a", "k", "k", 2021, "v2021", None, True), ("b", "k", "k", 2023, "v2021", None, True))
    older = reports(("a", "k", "k", 2020, "v2019", None, True), ("b", "k", "k", 2021, "v2021", None, True))
    silent = reports(("a", "k", "k", 2022, "v2021", None, True), ("b", "k", "k", 2023, "v2021", None, False))
    for rep in (gap, older, silent):
        assert audit.in_force_chains(rep, values, NO_STATEMENTS) == []


def test_yoy_thresholds_come_from_the_data():
    rules = {r["name"]: r for r in audit_data.checks()["yoy_anomaly"]["rules"]}
    base, factor = rules["tenfold"]["base_at_least"], rules["tenfold"]["factor"]
    rep = reports(("a", "k", "k", 2022, "v2021", None, True), ("b", "k", "k", 2023, "v2021", None, True))
    cell = (D, "administrative_licensing", "decisions")

    def run(before, now):
        return [f.rule for f in audit.yoy_anomaly(rep, {("a", cell): (before, False), ("b", cell): (now, False)})]

    assert run(base, base * factor) == ["tenfold"]
    assert run(base, base * factor - 1) == []
    assert run(base - 1, (base - 1) * factor * 3) == []  # below the base: not judged
    assert run(base * factor, base) == ["tenfold"]  # down as well as up


def test_yoy_compares_a_measure_across_generations():
    rep = reports(("a", "k", "k", 2019, "v2008", None, True), ("b", "k", "k", 2020, "v2021", None, True))
    values = {
        ("a", ("statistics", "applications_received", "value")): (40, False),
        ("b", (A, "new_received", "total")): (0, False),
    }
    (f,) = audit.yoy_anomaly(rep, values)
    assert (f.member, f.left_value, f.right_value, f.rule) == ("new_received.total", 0, 40, "total_to_zero")


def test_issuer_classes_and_deadlines():
    assert audit.issuer_class("某县人民政府") == "government"
    assert audit.issuer_class("某县人民政府办公室") == "government"
    assert audit.issuer_class("某市教育局") == "department"
    assert audit.issuer_class("某镇人民政府") == audit.issuer_class("某街道办事处") == "unknown"
    assert audit.issuer_class("某某") == "unknown"
    assert audit.deadline(2023, "department")[0] == dt.date(2024, 1, 31)
    assert audit.deadline(2023, "government")[0] == dt.date(2024, 3, 31)
    assert audit.deadline(2023, "unknown")[0] is None
    assert audit.deadline(2015, "unknown")[0] == dt.date(2016, 3, 31)


def test_late_publication_flags_late_dates_only():
    rep = reports(
        ("late", "某市教育局", "某市教育局", 2023, "v2021", dt.date(2024, 2, 1), True),
        ("ok", "某市教育局", "某市教育局", 2022, "v2021", dt.date(2023, 1, 31), True),
        ("nodate", "某市教育局", "某市教育局", 2021, "v2021", None, True),
        ("town", "某镇人民政府", "某镇人民政府", 2023, "v2021", dt.date(2024, 12, 1), True),
    )
    (f,) = audit.late_publication(rep)
    assert (f.report_id, f.left_value, f.right_value) == ("late", 20240201, 20240131)
    assert "1 days after" in f.detail and "department" in f.detail


def test_narrative_flags_a_member_only_when_no_statement_agrees():
    said = pd.DataFrame(
        [
            {
                "report_id": "r",
                "statement_no": 1,
                "kind": "restated",
                "table_code": A,
                "member": "new_received.total",
                "cells": ["new_received|total"],
                "value": 30.0,
                "raw_text": "收到政府信息公开申请30件",
                "source_line": 3,
            },
            {
                "report_id": "r",
                "statement_no": 2,
                "kind": "restated",
                "table_code": A,
                "member": "granted.total",
                "cells": ["granted|total"],
                "value": 5.0,
                "raw_text": "予以公开5件",
                "source_line": 4,
            },
            {
                "report_id": "r",
                "statement_no": 3,
                "kind": "restated",
                "table_code": A,
                "member": "granted.total",
                "cells": ["granted|total"],
                "value": 4.0,
                "raw_text": "予以公开4件",
                "source_line": 9,
            },
        ]
    )
    values = {("r", (A, "new_received", "total")): (6.0, False), ("r", (A, "granted", "total")): (4.0, False)}
    (f,) = audit.narrative_mismatch(said, values)
    assert (f.member, f.left_value, f.right_value, f.source_line) == ("new_received.total", 30, 6, 3)
    values[("r", (A, "new_received", "total"))] = (None, True)
    assert audit.narrative_mismatch(said, values) == []
