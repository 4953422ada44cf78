"""GX validation (giar_pipeline.quality) agrees with the extractor's relation checker, report by report.

Real Great Expectations runs, no mocks. The corpus is synthetic truth (no extractor involved) with
inconsistencies injected by the generator and more by these tests; the expected findings always
come from ``giar_pipeline.relations.check``, never from a relation restated here.
"""

from __future__ import annotations

import hashlib
import random

import duckdb
import numpy as np
import pandas as pd
import pytest

from giar_pipeline.catalogue import load
from giar_pipeline.model import Cell, Report
from giar_pipeline.quality import carry_over, plan, validate
from giar_pipeline.relations import TOLERANCE, check, evaluate
from giar_pipeline.synth import render_document
from giar_pipeline.warehouse.rows import to_tables
from giar_pipeline.warehouse.schema import create_all

CORPUS = 240


def report(values: dict, template: str, name: str, **meta) -> Report:
    """An ok report with these cell values and the violations the extractor would record."""
    tpl = load().template(template) if template in load().templates else None
    cells = [Cell(t, r, c, v) for (t, r, c), v in values.items()]
    return Report(
        name,
        hashlib.sha256(name.encode()).hexdigest(),
        "ok",
        None,
        template,
        meta.get("year", 2020),
        meta.get("issuer", f"issuer of {name}"),
        None,
        cells,
        check(tpl, values) if tpl else [],
    )


def perturb(values: dict, template: str, rng: random.Random) -> None:
    """Break things the generator does not: le members, blanks, values near the tolerance."""
    le = [m for m in load().template(template).members if m.op == "le"]
    kind = rng.random()
    cell = rng.choice(le).left[0] if le and kind < 0.5 else rng.choice(list(values))
    if kind < 0.3:
        values[cell] = None
    elif kind < 0.6:
        values[cell] = (values[cell] or 0) + rng.choice([1, 7, 100])
    else:  # decimals around TOLERANCE, where float rounding could make two checkers disagree
        values[cell] = (values[cell] or 0) + rng.choice([TOLERANCE, TOLERANCE / 2, 1.5 * TOLERANCE, 0.1, 0.2])


@pytest.fixture(scope="module")
def corpus() -> list[Report]:
    rng = random.Random(5)
    out = []
    for seed in range(CORPUS):
        truth = render_document(seed).truth
        values = {(c["table"], c["row"], c["col"]): c["value"] for c in truth["cells"]}
        for _ in range(rng.choice([0, 0, 1, 3])):
            perturb(values, truth["template"], rng)
        out.append(report(values, truth["template"], f"synth{seed}", year=truth["report_year"], issuer=truth["issuer"]))
    return out


def findings(outcomes, relations_only=True) -> set[tuple]:
    return {
        (f.report_id, f.check, f.severity, f.left_value, f.right_value)
        for o in outcomes
        for f in o.findings
        if f.relation or not relations_only
    }


def run(reports: list[Report]):
    tables = to_tables(reports)
    return tables, validate.check(tables["reports"], tables["report_cells"])


def test_findings_equal_extractor_violations_with_left_and_right(corpus):
    tables, outcomes = run(corpus)
    expected = {
        (
            r["report_id"],
            r["relation"] + (f"[{r['member']}]" if r["member"] else ""),
            r["severity"],
            r["left_value"],
            r["right_value"],
        )
        for r in tables["check_violations"].to_pylist()
        if r["relation"] not in plan.CELL_CHECKS
    }  # cell-rule rows: tests/test_reliability.py
    assert len(expected) > 50, "the corpus should violate plenty of relations"
    ops = {m.name: m.op for tpl in load().templates.values() for m in tpl.members}
    assert {ops[v.name] for r in corpus for v in r.violations} == {"eq", "le"}
    assert findings(outcomes) == expected


def test_each_relation_family_is_one_outcome_with_its_failing_reports(corpus):
    tables, outcomes = run(corpus)
    by_family = {o.family: o for o in outcomes}
    relations = {r.name for tpl in load().templates.values() for r in tpl.relations}
    assert relations <= by_family.keys()
    ids = tables["reports"]["report_id"].to_pylist()
    for name in relations:
        violating = sorted({i for i, r in zip(ids, corpus) for v in r.violations if v.relation == name})
        assert by_family[name].failing_reports == violating, name
        assert by_family[name].severity == "warning" and by_family[name].description.startswith(name)


def test_members_with_an_uncertain_cell_are_not_evaluated():
    tpl = load().template("v2021")
    values = {k: 0 for k in tpl.cells}
    values[("applications", "new_received", "natural_person")] = 5  # breaks balance and applicants sums
    broken = {v.name for v in check(tpl, values)}
    assert {"applications_balance[natural_person]", "applications_applicants_sum_to_total[new_received]"} <= broken
    unsure = ("applications", "new_received", "commercial")
    skipped = {v.name for v in check(tpl, values, {unsure})}
    assert broken - skipped == {"applications_applicants_sum_to_total[new_received]"}  # the one touching it
    # GX sees the same: the member touching the uncertain cell is not evaluated
    r = report(values, "v2021", "unsure")
    r.cells = [
        Cell(t, rr, c, None if (t, rr, c) == unsure else v, uncertain=(t, rr, c) == unsure)
        for (t, rr, c), v in values.items()
    ]
    r.violations = check(tpl, {(c.table, c.row, c.col): c.value for c in r.cells}, {unsure})
    tables, outcomes = run([r])
    expected = {(f"{r.sha256[:16]}", v.name, v.severity, v.left_value, v.right_value) for v in r.violations}
    assert findings(outcomes) == expected
    assert not any("[new_received]" in f[1] and "applicants" in f[1] for f in findings(outcomes))


def _member(table: str, op: str, wide: bool) -> plan.MemberCheck:
    """A member of the catalogue with the wanted operator, with several left cells if ``wide``."""
    return next(m for m in plan.tables()[table].members if m.op == op and (len(m.left) > 1) == wide)


def test_blank_rules_match_the_spec():
    gen = "v2008"
    tpl = load().template(gen)
    eq, le = _member("statistics", "eq", True), _member("statistics", "le", False)
    zeros = dict.fromkeys(tpl.cells, 0)
    cases = {
        "eq_all_blank": ({k: None for k in eq.left + eq.right}, None),
        "eq_partial_blank_counts_zero": ({eq.left[0]: 5, **{k: None for k in eq.left[1:]}, eq.right[0]: 5}, None),
        "eq_partial_blank_violated": ({eq.left[0]: 5, **{k: None for k in eq.left[1:]}, eq.right[0]: None}, (5.0, 0.0)),
        "le_left_blank": ({**{k: None for k in le.left}, **{k: 9 for k in le.right}}, None),
        "le_right_blank": ({**{k: 9 for k in le.left}, **{k: None for k in le.right}}, None),
        "le_violated": ({**{k: 9 for k in le.left}, **{k: 1 for k in le.right}}, (9.0, float(len(le.right)))),
    }
    reports = [report({**zeros, **change}, gen, name) for name, (change, _) in cases.items()]
    tables, outcomes = run(reports)
    ids = dict(zip(cases, tables["reports"]["report_id"].to_pylist()))
    got = {(f.report_id, f.check): (f.left_value, f.right_value) for o in outcomes for f in o.findings if f.relation}
    for name, (_, sums) in cases.items():
        m = eq if name.startswith("eq") else le
        assert got.get((ids[name], m.name)) == sums, name
        values = {(c.table, c.row, c.col): c.value for c in reports[list(cases).index(name)].cells}
        ref = evaluate(m, values)
        assert (ref and (ref.left_value, ref.right_value)) == sums, name  # the reference agrees


def test_pipeline_integrity_is_critical_and_cell_values_are_findings_that_name_the_cells():
    tpl = load().template("v2021")
    ok = dict.fromkeys(tpl.cells, 0)
    active = plan.tables()["active_disclosure"]
    money = next(k for k in active.cells if active.table.is_money(k[1], k[2]) and k in tpl.cells)
    signed = next(k for k in active.cells if active.table.is_signed(k[1], k[2]))
    apps = plan.tables()["applications"].cells
    v2019_only = next(k for k in apps if k not in tpl.cells)
    reports = [
        report({**ok, apps[0]: -2}, "v2021", "negative"),
        report({**ok, apps[1]: 1.5}, "v2021", "fraction"),
        report({**ok, money: 2.75}, "v2021", "money_decimal"),  # allowed
        report({**ok, v2019_only: 1}, "v2021", "foreign_code"),
        report(ok, "v2030", "unknown_template"),
        report(ok, "v2021", "clean"),
        report({**dict.fromkeys(load().template("v2019").cells, 0), signed: -3}, "v2019", "signed_negative"),  # allowed
    ]
    dup = report(ok, "v2021", "dup_cell")
    dup.cells.append(Cell(*apps[0], 3))
    twin = report(ok, "v2021", "clean")  # same sha256: the same report twice
    tables, outcomes = run([*reports, dup, twin])
    rid = dict(zip([r.source for r in [*reports, dup]], tables["reports"]["report_id"].to_pylist()))
    failed = {(f.check, f.report_id): f.detail for o in outcomes if o.severity == "critical" for f in o.findings}
    # a report's own bad values are findings about it (WARN, the catalogue's severity), never blocking
    found = {
        (f.check, f.report_id): (f.detail, f.severity)
        for o in outcomes
        if o.severity == "warning"
        for f in o.findings
        if not f.relation
    }
    rules = {r.name: r.severity for r in plan.cell_rules()}
    assert found[("negative_values", rid["negative"])] == (f"{apps[0][1]}.{apps[0][2]}=-2", rules["negative_values"])
    assert found[("non_integral_counts", rid["fraction"])] == (
        f"{apps[1][1]}.{apps[1][2]}=1.5",
        rules["non_integral_counts"],
    )
    assert not {rid["negative"], rid["fraction"]} & {r for _, r in failed}
    assert failed[("unknown_cells", rid["foreign_code"])] == ".".join(v2019_only)
    assert failed[("template_valid", rid["unknown_template"])] == "template=v2030"
    assert ("duplicate_cells", rid["dup_cell"]) in failed
    assert ("report_id_unique", rid["clean"]) in failed
    assert not {rid["money_decimal"], rid["signed_negative"]} & {r for _, r in [*failed, *found]}
    by_family = {o.family: o for o in outcomes}
    assert not by_family["applications_values"].passed and by_family["applications_values"].severity == "warning"
    assert by_family["active_disclosure_integrity"].passed is False  # the twin's repeated report_id
    assert by_family["statistics_integrity"].passed  # no v2008 report at all: nothing to check


def test_an_empty_partition_passes_every_check():
    _, outcomes = run([])
    assert outcomes and all(o.passed for o in outcomes)


def _mart(rows) -> pd.DataFrame:
    cols = [
        "issuer",
        "report_year",
        "col_code",
        "report_id",
        "previous_report_id",
        "carried_over",
        "previous_carried_forward",
    ]
    return pd.DataFrame(rows, columns=cols)


def test_carry_over_chains_per_column_with_eq_blank_rules():
    c = plan.carry_over()[0]
    a, b, *_ = c.cols
    mart = _mart(
        [
            ("甲", 2022, a, "r22", "r21", 3, 3),
            ("甲", 2022, b, "r22", "r21", None, 4),
            ("乙", 2023, a, "s23", "s22", None, None),
            ("乙", 2023, b, "s23", "s22", 2.0, 1.0),
        ]
    )
    (outcome,) = carry_over.check(mart)
    assert outcome.family == c.name and outcome.severity == "warning"
    got = {(f.report_id, f.member): (f.left_value, f.right_value) for f in outcome.findings}
    assert got == {("r22", b): (0.0, 4.0), ("s23", b): (2.0, 1.0)}
    assert all(f.detail for f in outcome.findings)


def test_carry_over_violations_land_in_check_violations():
    c = plan.carry_over()[0]
    conn = duckdb.connect()
    create_all(conn)
    conn.execute("INSERT INTO reports (report_id, status, batch) VALUES ('r22', 'ok', 'b1')")
    conn.execute(
        "INSERT INTO check_violations (report_id, relation, member, batch) "
        f"VALUES ('r22', '{c.name}', 'stale', 'b0'), ('r22', 'other', NULL, 'b1')"
    )
    outcomes = carry_over.check(_mart([("甲", 2022, c.cols[0], "r22", "r21", 1, 2)]))
    assert carry_over.replace_violations(conn, outcomes) == 1
    rows = conn.execute(
        "SELECT report_id, relation, member, severity, left_value, right_value, batch "
        "FROM check_violations ORDER BY relation"
    ).fetchall()
    assert rows == [("r22", c.name, c.cols[0], "error", 1.0, 2.0, "b1"), ("r22", "other", None, None, None, None, "b1")]


def test_gx_receives_only_numeric_numpy_columns(corpus):
    """GX vectorizes between-checks only on int/float dtypes; anything else runs a Python function per value."""
    tables = to_tables(corpus[:20])
    from giar_pipeline.quality import matrices

    f = matrices.build(tables["reports"], tables["report_cells"])
    for table in plan.tables():
        d = matrices.derive(f, table)
        numeric = [c for c in d.columns if c != "report_id"]
        assert numeric and all(d[c].dtype in (np.float64, np.int64) for c in numeric), table
