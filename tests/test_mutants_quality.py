"""quality/ behaviour that mutation testing showed no test asserted (issue 13): validation over many
batches in bounded parts, the details a person reads on an integrity finding, the audit thresholds'
edges. Real GX runs, real rows, no mocks."""

from __future__ import annotations

import hashlib

import duckdb
import pandas as pd
import pyarrow as pa
import pytest

from giar_pipeline.catalogue import audit as audit_data
from giar_pipeline.catalogue import load
from giar_pipeline.model import Cell, Report
from giar_pipeline.quality import audit, audit_store, plan, validate
from giar_pipeline.relations import check
from giar_pipeline.warehouse import load_batches, run_all
from giar_pipeline.warehouse.rows import to_tables
from tests.test_warehouse import make_report


def _report(name: str, values: dict, template: str = "v2021", extra: tuple[Cell, ...] = ()) -> Report:
    tpl = load().template(template)
    cells = [Cell(t, r, c, v) for (t, r, c), v in values.items()] + list(extra)
    return Report(
        name, hashlib.sha256(name.encode()).hexdigest(), "ok", None, template, 2022, f"issuer {name}", None, cells,
        check(tpl, values),
    )  # fmt: skip


def _broken(name: str) -> Report:
    """A v2021 report breaking a relation (and so a member of it)."""
    values = dict.fromkeys(load().template("v2021").cells, 0)
    values[("applications", "new_received", "natural_person")] = 5
    return _report(name, values)


def _findings(outcomes) -> set[tuple]:
    return {
        (o.family, f.report_id, f.check, f.left_value, f.right_value, f.detail) for o in outcomes for f in o.findings
    }


# -- validate: many batches, validated in parts ----------------------------------------------------


def _batches(reports: list[Report]) -> list[tuple[pa.Table, pa.Table]]:
    out = []
    for r in reports:
        t = to_tables([r])
        out.append((t["reports"], t["report_cells"]))
    return out


def test_batches_validated_in_parts_find_what_one_validation_of_all_finds(monkeypatch):
    reports = [_broken(f"b{i}") for i in range(5)]
    whole = to_tables(reports)
    expected = _findings(validate.check(whole["reports"], whole["report_cells"]))
    assert len({f[1] for f in expected}) == 5  # every report breaks something
    monkeypatch.setattr(validate, "PART_REPORTS", 2)  # five one-report batches: parts of 2, 2 and 1
    outcomes, checked = validate.validate_batches(_batches(reports))
    assert _findings(outcomes) == expected
    assert sorted(checked["report_id"]) == sorted(whole["reports"]["report_id"].to_pylist())


def test_no_part_holds_more_reports_than_the_bound_when_batches_are_smaller(monkeypatch):
    monkeypatch.setattr(validate, "PART_REPORTS", 2)
    batches = _batches([_broken(f"p{i}") for i in range(5)])
    parts = list(validate._parts(batches))
    assert [r.num_rows for r, _ in parts] == [2, 2, 1]
    assert [r["report_id"].to_pylist() for r, _ in parts] == [
        [i for r, _ in batches[a:b] for i in r["report_id"].to_pylist()] for a, b in ((0, 2), (2, 4), (4, 5))
    ]
    assert [c.num_rows for _, c in parts] == [
        sum(c.num_rows for _, c in batches[a:b]) for a, b in ((0, 2), (2, 4), (4, 5))
    ]


# -- validate: what an integrity finding tells a person ----------------------------------------------


def test_every_offending_cell_and_every_unknown_code_of_a_report_is_named():
    tpl = load().template("v2021")
    zeros = dict.fromkeys(tpl.cells, 0)
    apps = [k for k in plan.tables()["applications"].cells if k in tpl.cells]
    foreign = [k for k in plan.tables()["applications"].cells if k not in tpl.cells][:2]
    r = _report("two_of_each", {**zeros, apps[0]: -2, apps[1]: -3}, extra=tuple(Cell(*k, 1) for k in foreign))
    t = to_tables([r])
    got = {(f.check, f.detail) for o in validate.check(t["reports"], t["report_cells"]) for f in o.findings}
    assert ("negative_values", f"{apps[0][1]}.{apps[0][2]}=-2, {apps[1][1]}.{apps[1][2]}=-3") in got
    assert ("unknown_cells", ", ".join(".".join(k) for k in foreign)) in got


# -- audit: the thresholds' edges -------------------------------------------------------------------


def _yoy(before: float, now: float) -> list[str]:
    rep = pd.DataFrame(
        [("a", "k", "k", 2022, "v2021", None, True), ("b", "k", "k", 2023, "v2021", None, True)],
        columns=["report_id", "issuer_key", "issuer", "report_year", "template", "published_on", "speaks"],
    )
    cell = ("applications", "new_received", "total")
    return [f.rule for f in audit.yoy_anomaly(rep, {("a", cell): (before, False), ("b", cell): (now, False)})]


def test_a_total_falling_to_zero_fires_from_its_threshold_on_and_only_at_zero():
    (rule,) = [r for r in audit_data.checks()["yoy_anomaly"]["rules"] if r["name"] == "total_to_zero"]
    at_least, at_most = rule["previous_at_least"], rule["current_at_most"]
    assert _yoy(at_least, at_most) == ["total_to_zero"]
    assert "total_to_zero" not in _yoy(at_least - 1, at_most)  # (a fall from 19 to 0 is tenfold)
    assert _yoy(at_least + 5, at_most + 3) == []  # fell, but not to zero (nor tenfold)


# -- audit_store: the checks' own cells are read from the warehouse ------------------------------------


def test_the_audit_reads_each_checks_cells_from_the_warehouse_and_writes_its_findings(tmp_path):
    """in_force_chains and yoy_anomaly read cells no statement names: the warehouse side must fetch them."""
    a, lic = "active_disclosure", ("active_disclosure", "administrative_licensing", "decisions")
    before = {(a, "regulations", "in_force"): 10, lic: 40}
    now = {(a, "regulations", "in_force"): 15, (a, "regulations", "issued"): 2, lic: 400}  # 10 + 2 ≠ 15; x10
    reports = [make_report("y22", year=2022, values=before), make_report("y23", year=2023, values=now)]
    with duckdb.connect(str(tmp_path / "w.duckdb")) as c:
        load_batches(c, {"b1": to_tables(reports)})
        audit_store.write_issuer_keys(c, {})
        run_all(c)
        found = audit_store.run(c)
        rid = dict(c.execute("SELECT report_year, report_id FROM reports").fetchall())
        assert [(f.report_id, f.member, f.left_value, f.right_value) for f in found["in_force_chains"]] == [
            (rid[2023], "regulations.in_force", 15.0, 12.0)
        ]
        assert [(f.report_id, f.rule) for f in found["yoy_anomaly"]] == [(rid[2023], "tenfold")]
        rows = c.execute(
            "SELECT relation, report_id, severity, left_value, right_value, batch FROM check_violations "
            "WHERE relation IN ('in_force_chains', 'yoy_anomaly') ORDER BY ALL"
        ).fetchall()
        assert rows == [
            ("in_force_chains", rid[2023], "warning", 15.0, 12.0, "b1"),
            ("yoy_anomaly", rid[2023], "warning", 400.0, 40.0, "b1"),
        ]
        assert c.execute("SELECT count(*) FROM audit_findings").fetchone()[0] == 2
        # the caller's connection is left as it was: no name registered for the run stays behind
        for name in ("wanted_cells", "incoming_audit", "incoming_issuer_keys"):
            with pytest.raises(duckdb.CatalogException):
                c.execute(f"SELECT * FROM {name}")
