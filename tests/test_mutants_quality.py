"""quality/ behaviour that mutation testing showed no test asserted (issue 13): validation over many
batches in bounded parts, the details a person reads on an integrity finding, the audit thresholds'
edges. Real GX runs, real rows, no mocks."""

from __future__ import annotations

import datetime as dt
import hashlib

import duckdb
import pandas as pd
import pyarrow as pa
import pytest

from giar_pipeline.catalogue import audit as audit_data
from giar_pipeline.catalogue import load
from giar_pipeline.model import Cell, Report
from giar_pipeline.quality import audit, audit_store, issuer_key, plan, validate
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
    got = {(f.check, f.detail, f.severity) for o in validate.check(t["reports"], t["report_cells"]) for f in o.findings}
    assert ("negative_values", f"{apps[0][1]}.{apps[0][2]}=-2, {apps[1][1]}.{apps[1][2]}=-3", "error") in got
    assert ("unknown_cells", ", ".join(".".join(k) for k in foreign), "error") in got  # pipeline integrity


def test_a_member_finding_names_its_relation_and_member():
    t = to_tables([_broken("m")])
    members = {m.name: m for tpl in load().templates.values() for m in tpl.members}
    found = [f for o in validate.check(t["reports"], t["report_cells"]) for f in o.findings if f.relation]
    assert found and all((f.relation, f.member) == (members[f.check].relation, members[f.check].member) for f in found)
    assert any(f.member for f in found)


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
    now |= {("applications", "carried_forward", "total"): 9, ("applications", "new_received", "total"): 3}
    reports = [make_report("y22", year=2022, values=before), make_report("y23", year=2023, values=now)]
    with duckdb.connect(str(tmp_path / "w.duckdb")) as c:
        load_batches(c, {"b1": to_tables(reports)})
        assert audit_store.write_issuer_keys(c, {}) == {"name": 1}  # names per rule: one name, taken as it is
        run_all(c)
        found = audit_store.run(c)
        rid = dict(c.execute("SELECT report_year, report_id FROM reports").fetchall())
        assert [(f.report_id, f.member, f.left_value, f.right_value) for f in found["in_force_chains"]] == [
            (rid[2023], "regulations.in_force", 15.0, 12.0)
        ]
        assert sorted((f.report_id, f.rule) for f in found["yoy_anomaly"]) == [
            (rid[2023], "carried_forward_exceeds_received"),
            (rid[2023], "tenfold"),
        ]
        rows = c.execute(
            "SELECT relation, report_id, severity, left_value, right_value, batch FROM check_violations "
            "WHERE relation IN ('in_force_chains', 'yoy_anomaly') ORDER BY ALL"
        ).fetchall()
        assert rows == [
            ("in_force_chains", rid[2023], "warning", 15.0, 12.0, "b1"),
            ("yoy_anomaly", rid[2023], "warning", 9.0, 3.0, "b1"),
            ("yoy_anomaly", rid[2023], "warning", 400.0, 40.0, "b1"),
        ]
        assert c.execute("SELECT count(*) FROM audit_findings").fetchone()[0] == 3
        # the caller's connection is left as it was: no name registered for the run stays behind
        for name in ("wanted_cells", "incoming_audit", "incoming_issuer_keys"):
            with pytest.raises(duckdb.CatalogException):
                c.execute(f"SELECT * FROM {name}")


# -- audit: every field of a finding, and the rows around a skipped one ------------------------------

COLUMNS = ["report_id", "issuer_key", "issuer", "report_year", "template", "published_on", "speaks"]
APPS = "applications"


def _reports(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=COLUMNS, dtype=object)  # None stays None, as DuckDB's rows give it


def _stated(*rows) -> pd.DataFrame:
    """restated statements: (member, cells, value, line)."""
    return pd.DataFrame(
        [
            {
                "report_id": "r",
                "statement_no": line,
                "kind": "restated",
                "table_code": APPS,
                "member": member,
                "cells": cells,
                "value": value,
                "raw_text": f"said {value:g}",
                "source_line": line,
            }
            for member, cells, value, line in rows
        ]
    )


def test_a_narrative_finding_names_the_report_member_table_and_the_sentence():
    said = _stated(("granted.total", ["granted|total"], 5.0, 2))
    (f,) = audit.narrative_mismatch(said, {("r", (APPS, "granted", "total")): (4.0, False)})
    assert f == audit.Finding(
        "r",
        "narrative_mismatch",
        "granted.total",
        APPS,
        5.0,
        4.0,
        None,
        "restated",
        "the prose says 5 (line 2: said 5), the table says 4",
        "said 5",
        2,
    )


def test_a_narrative_check_goes_on_past_agreeing_and_unsure_statements():
    v = {
        ("r", (APPS, "granted", "total")): (4.0, False),
        ("r", (APPS, "partly_granted", "total")): (2.0, True),  # a value, but undecided
        ("r", (APPS, "new_received", "total")): (6.0, False),
    }
    said = _stated(
        ("granted.total", ["granted|total"], 4.0, 1),  # agrees
        ("granted.total", ["granted|total"], 4.0, 2),  # agrees again
        ("partly_granted.total", ["partly_granted|total"], 9.0, 3),  # unsure: not judged
        ("new_received.total", ["new_received|total"], 7.0, 4),  # differs
    )
    assert [(f.member, f.source_line) for f in audit.narrative_mismatch(said, v)] == [("new_received.total", 4)]


def test_a_blank_cell_of_a_stated_sum_counts_zero():
    v = {("r", (APPS, "granted", "total")): (4.0, False)}  # partly_granted blank
    said = _stated(("granted+partly", ["granted|total", "partly_granted|total"], 4.0, 1))
    assert audit.narrative_mismatch(said, v) == []
    said = _stated(("granted+partly", ["granted|total", "partly_granted|total"], 5.0, 1))
    assert [(f.left_value, f.right_value) for f in audit.narrative_mismatch(said, v)] == [(5.0, 4.0)]


def test_a_yoy_finding_names_both_reports_the_cell_and_the_rule():
    rep = _reports(("a", "k", "k", 2022, "v2021", None, True), ("b", "k", "k", 2023, "v2021", None, True))
    cell = ("active_disclosure", "administrative_licensing", "decisions")
    (f,) = audit.yoy_anomaly(rep, {("a", cell): (40, False), ("b", cell): (400, False)})
    assert f == audit.Finding(
        "b",
        "yoy_anomaly",
        "administrative_licensing.decisions",
        "active_disclosure",
        400.0,
        40.0,
        "a",
        "tenfold",
        "licensing_decisions: 40 in 2022 → 400 in 2023 (tenfold)",
    )


def test_a_yoy_pair_with_a_blank_or_one_undecided_side_is_not_judged():
    rep = _reports(("a", "k", "k", 2022, "v2021", None, True), ("b", "k", "k", 2023, "v2021", None, True))
    cell = ("active_disclosure", "administrative_licensing", "decisions")
    for before, now in (((40, True), (400, False)), ((40, False), (400, True)), ((None, False), (400, False))):
        assert audit.yoy_anomaly(rep, {("a", cell): before, ("b", cell): now}) == [], (before, now)
    assert audit.yoy_anomaly(rep, {("a", cell): (40, False)}) == []  # this year's cell blank


def test_more_carried_forward_than_received_is_a_finding_within_one_year():
    rep = _reports(("a", "k", "k", 2022, "v2021", None, True), ("s", "k2", "k2", 2022, "v2021", None, False))
    fwd, new = (APPS, "carried_forward", "total"), (APPS, "new_received", "total")
    values = {("a", fwd): (9, False), ("a", new): (3, False), ("s", fwd): (9, False), ("s", new): (3, False)}
    (f,) = audit.yoy_anomaly(rep, values)  # the report that does not speak for its issuer-year is not judged
    assert f == audit.Finding(
        "a",
        "yoy_anomaly",
        "carried_forward.total",
        APPS,
        9.0,
        3.0,
        None,
        "carried_forward_exceeds_received",
        "carried_forward.total 9 > new_received.total 3 in 2022 (carried_forward_exceeds_received)",
    )
    for a, b in (
        ((9, True), (3, False)),
        ((9, False), (3, True)),
        ((9, False), (None, False)),
        ((3, False), (3, False)),
    ):
        assert audit.yoy_anomaly(_reports(rep.iloc[0].tolist()), {("a", fwd): a, ("a", new): b}) == [], (a, b)


def test_each_regulation_covers_its_first_and_last_year():
    assert audit.deadline(2018, "department") == (dt.date(2019, 3, 31), "条例(2008) 第三十一条")
    assert audit.deadline(2019, "department") == (dt.date(2020, 1, 31), "条例(2019) 第四十九条")
    assert audit.deadline(2019, "unknown") == (None, "条例(2019) 第四十九条")


def test_a_late_finding_names_the_dates_the_regulation_and_the_class():
    rep = _reports(
        ("nodate", "某市教育局", "某市教育局", 2023, "v2021", None, True),  # skipped, and the next still judged
        ("late", None, "某市教育局", 2023, "v2021", dt.date(2024, 2, 3), True),  # no issuer_key: its issuer decides
    )
    (f,) = audit.late_publication(rep)
    assert f == audit.Finding(
        "late",
        "late_publication",
        "published_on",
        None,
        20240203.0,
        20240131.0,
        None,
        "条例(2019) 第四十九条",
        "published 2024-02-03, 3 days after the 2024-01-31 deadline (条例(2019) 第四十九条, issuer class department)",
    )


def test_a_missing_date_or_year_from_the_warehouse_is_skipped():
    """DuckDB hands missing dates to pandas as NaT and missing years as NaN."""
    rep = _reports(
        ("nat", "某市教育局", "某市教育局", 2023, "v2021", pd.NaT, True),
        ("nan", "某市教育局", "某市教育局", float("nan"), "v2021", pd.Timestamp("2024-12-01"), True),
    )
    assert audit.late_publication(rep) == []


def test_an_in_force_finding_names_both_reports_the_sum_and_a_stated_adjustment():
    ad = "active_disclosure"
    rep = _reports(("a", "k", "k", 2022, "v2021", None, True), ("b", "k", "k", 2023, "v2021", None, True))
    values = {
        ("a", (ad, "regulations", "in_force")): (10, False),
        ("b", (ad, "regulations", "in_force")): (8, False),
        ("b", (ad, "regulations", "issued")): (2, False),
        ("b", (ad, "regulations", "repealed")): (1, False),
        ("a", (ad, "normative_documents", "in_force")): (5, False),
        ("b", (ad, "normative_documents", "in_force")): (9, False),
    }
    adjustment = {"report_id": "b", "kind": "adjustment", "value": 3.0, "raw_text": "失效3件", "source_line": 7}
    restated = {**adjustment, "kind": "restated", "value": 8.0, "raw_text": "现行有效8件", "source_line": 6}
    statements = pd.DataFrame([{**s, "cells": ["regulations|in_force"]} for s in (restated, adjustment)])
    regulations, normative = audit.in_force_chains(rep, values, statements)
    assert regulations == audit.Finding(
        "b",
        "in_force_chains",
        "regulations.in_force",
        ad,
        8.0,
        11.0,
        "a",
        "in_force_chain",
        "regulations: in_force 8 in 2023, but 2022's in_force 10 + issued 2 - repealed 1 = 11; the report states "
        "an adjustment '失效3件' (line 7): 11 - 3 = 8, which accounts for the difference",
        "失效3件",
        7,
    )
    assert normative == audit.Finding(
        "b",
        "in_force_chains",
        "normative_documents.in_force",
        ad,
        9.0,
        5.0,
        "a",
        "in_force_chain",
        "normative_documents: in_force 9 in 2023, but 2022's in_force 5 + issued 0 - repealed 0 = 5",
    )
    statements = pd.DataFrame([{**adjustment, "value": 1.0, "cells": ["regulations|in_force"]}])
    assert audit.in_force_chains(rep, values, statements)[0].detail.endswith(
        "11 - 1 = 10, which does not account for it"
    )


def test_a_pair_outside_the_chains_templates_does_not_stop_the_next_pair():
    ad = "active_disclosure"
    rep = _reports(
        ("old1", "o", "o", 2019, "v2019", None, True),
        ("old2", "o", "o", 2020, "v2019", None, True),
        ("a", "k", "k", 2022, "v2021", None, True),
        ("b", "k", "k", 2023, "v2021", None, True),
    )
    values = {
        (r, (ad, "regulations", "in_force")): (v, False) for r, v in (("old1", 1), ("old2", 9), ("a", 1), ("b", 9))
    }
    assert [f.report_id for f in audit.in_force_chains(rep, values, pd.DataFrame())] == ["b"]


def test_an_in_force_chain_with_either_years_count_undecided_is_not_judged():
    cell = ("active_disclosure", "regulations", "in_force")
    rep = _reports(("a", "k", "k", 2022, "v2021", None, True), ("b", "k", "k", 2023, "v2021", None, True))
    for before, now in (((1, True), (9, False)), ((1, False), (9, True)), ((None, False), (9, False))):
        assert audit.in_force_chains(rep, {("a", cell): before, ("b", cell): now}, pd.DataFrame()) == []
    assert audit.in_force_chains(rep, {("a", cell): (1, False)}, pd.DataFrame()) == []  # this year's blank


def test_a_row_whose_chain_holds_does_not_stop_the_next_row():
    ad = "active_disclosure"
    rep = _reports(("a", "k", "k", 2022, "v2021", None, True), ("b", "k", "k", 2023, "v2021", None, True))
    counts = (("a", "regulations", 3), ("b", "regulations", 3), ("a", "normative_documents", 3))
    values = {(r, (ad, row, "in_force")): (v, False) for r, row, v in (*counts, ("b", "normative_documents", 4))}
    assert [f.member for f in audit.in_force_chains(rep, values, pd.DataFrame())] == ["normative_documents.in_force"]


# -- issuer_key: spellings of one body -----------------------------------------------------------------


def test_clean_makes_width_brackets_and_spaces_uniform():
    assert issuer_key.clean("某县 （新区）　教育局 ") == "某县(新区)教育局"


def test_each_abbreviation_is_written_out_where_it_stands_unless_its_full_form_is_there():
    full = "某开发区管理委员会人力资源和社会保障局"
    assert issuer_key.expand("某开发区管委会人社局") == issuer_key.expand("某开发区管理委员会人社局") == full
    assert issuer_key.expand("某区管委会办公室") == "某区管理委员会办公室"  # anywhere in the name
    assert issuer_key.expand("某街道社区居民委员会") == "某街道社区居民委员会"  # 街道 only as the name's end


def test_the_rule_says_how_a_name_reached_its_key():
    keys = issuer_key.resolve(
        ["某县人民政府", "某县政府", "某县人民政府 ", "某区管委会"], {"某区管理委员会": "某区人民政府"}
    )
    assert {n: (k.issuer_key, k.rule) for n, k in keys.items()} == {
        "某县人民政府": ("某县人民政府", issuer_key.NAME),
        "某县政府": ("某县人民政府", issuer_key.ABBREVIATION),
        "某县人民政府 ": ("某县人民政府", issuer_key.ABBREVIATION),
        "某区管委会": ("某区人民政府", issuer_key.ALIAS),  # the alias of its written-out form
    }


def test_a_name_that_is_all_prefix_has_no_shorter_form():
    assert issuer_key.tails("福建省福州市") == ["福州市"]
    assert issuer_key.tails("福建省") == []


def test_only_a_bare_place_joins_the_body_named_after_it_and_an_ambiguous_one_stays_apart():
    keys = issuer_key.resolve(["青山", "青山管理委员会"], {})
    assert keys["青山"].issuer_key == "青山"  # no place name: no body of it
    keys = issuer_key.resolve(["福州市鼓楼区", "南京市鼓楼区", "鼓楼区", "福州市鼓楼区人民政府"], {})
    assert keys["鼓楼区"] == issuer_key.Key("鼓楼区", issuer_key.AMBIGUOUS, ("南京市鼓楼区", "福州市鼓楼区"))


def test_a_bare_place_joins_its_one_body_or_stays_apart_between_the_widest_ones():
    keys = issuer_key.resolve(["青山新区", "青山新区管理委员会"], {})
    assert keys["青山新区"] == issuer_key.Key("青山新区管理委员会", issuer_key.BODY)
    keys = issuer_key.resolve(["鼓楼区", "鼓楼区人民政府", "福州市鼓楼区人民政府", "南京市鼓楼区人民政府"], {})
    widest = ("南京市鼓楼区人民政府", "福州市鼓楼区人民政府")  # not 鼓楼区人民政府, itself either of them
    assert keys["鼓楼区人民政府"] == issuer_key.Key("鼓楼区人民政府", issuer_key.AMBIGUOUS, widest)
    assert keys["鼓楼区"] == issuer_key.Key("鼓楼区", issuer_key.AMBIGUOUS, widest)


def test_an_expectation_gx_cannot_evaluate_fails_loudly():
    """A frame missing a column the suite checks: GX 1.x files the error under the metric's id, and
    the suite run raises with GX's message instead of finding no failing rows (a silent pass)."""
    from giar_pipeline.quality.suites import all_suites

    columns = sorted({e["kwargs"]["column"] for e in all_suites()["active_disclosure"]["expectations"]})
    frame = pd.DataFrame({c: [0.0] for c in columns[1:]})
    with pytest.raises(RuntimeError, match=rf"GX could not evaluate .*{columns[0]}.*does not exist"):
        validate.run_suite("active_disclosure", frame)
    assert validate.run_suite("active_disclosure", pd.DataFrame({c: [0.0] for c in columns}))  # all there: runs
