"""The committed GX suites (expectations/) are exactly what the catalogue generates, and GX reads them."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

from giar_pipeline.catalogue import load
from giar_pipeline.cli import main
from giar_pipeline.quality import plan
from giar_pipeline.quality.cli import build, differences
from giar_pipeline.quality.suites import all_suites

COMMITTED = Path(__file__).resolve().parents[1] / "expectations"


def test_committed_suites_equal_the_generated_ones():
    assert differences(COMMITTED) == [], "run `giar expectations build` and commit expectations/"
    assert main(["expectations", "build", "--check", "--out", str(COMMITTED)]) == 0


def test_build_check_reports_drift_and_stale_files(tmp_path, capsys):
    args = SimpleNamespace(out=str(tmp_path), check=False)
    assert build(args) == 0
    assert build(SimpleNamespace(out=str(tmp_path), check=True)) == 0
    suite = tmp_path / "applications.json"
    suite.write_text(suite.read_text(encoding="utf-8").replace("1e-06", "0.5"), encoding="utf-8")
    (tmp_path / "old_table.json").write_text("{}", encoding="utf-8")
    assert build(SimpleNamespace(out=str(tmp_path), check=True)) == 1
    err = capsys.readouterr().err
    assert "applications.json: differs" in err and "old_table.json: not generated" in err
    assert build(args) == 0 and not (tmp_path / "old_table.json").exists()
    assert differences(tmp_path) == []


def test_every_relation_member_of_every_generation_has_its_expectation():
    suites = all_suites()
    for gen, tpl in load().templates.items():
        for m in tpl.members:
            suite = suites[m.table]
            (column,) = [
                c
                for c, doc in suite["meta"]["members"].items()
                if doc["relation"] == m.relation and doc["member"] == m.member and gen in doc["generations"]
            ]
            doc = suite["meta"]["members"][column]
            assert (doc["op"], doc["severity"]) == (m.op, m.severity)
            assert doc["left"] == [f"{r}.{c}" for _, r, c in m.left] and doc["right"] == [
                f"{r}.{c}" for _, r, c in m.right
            ]
            (e,) = [e for e in suite["expectations"] if e["kwargs"]["column"] == column]
            assert e["severity"] == "warning" and e["meta"] == {"family": m.relation, "check": m.name}


def test_pipeline_integrity_is_critical_and_cell_rules_warn_in_every_suite():
    for name, suite in all_suites().items():
        critical = {e["meta"]["check"] for e in suite["expectations"] if e["severity"] == "critical"}
        if name == plan.REPORTS:
            assert critical == {"report_id_unique", "template_known", "template_valid", *plan.REPORT_CHECKS}
        elif name in plan.tables():
            assert critical == {"report_id_unique"}
            rules = {e["meta"]["check"]: e for e in suite["expectations"] if e["meta"]["check"] in plan.CELL_CHECKS}
            assert set(rules) == set(plan.CELL_CHECKS) and {e["severity"] for e in rules.values()} == {"warning"}
            assert {k: e["meta"]["severity"] for k, e in rules.items()} == {
                r.name: r.severity for r in plan.cell_rules()
            }
        else:  # cross-report relations are findings only
            assert critical == set()


def test_gx_reads_every_committed_suite_unchanged():
    from great_expectations.core import ExpectationSuite

    from giar_pipeline.quality.validate import gx_suite

    paths = sorted(COMMITTED.glob("*.json"))
    assert {p.stem for p in paths} == set(all_suites())  # every suite, so the loop below is never empty
    for path in paths:
        d = json.loads(path.read_text(encoding="utf-8"))
        gx = gx_suite(d["name"]).to_json_dict()
        assert isinstance(gx_suite(d["name"]), ExpectationSuite)
        assert [{k: e[k] for k in ("type", "kwargs", "meta", "severity")} for e in gx["expectations"]] == d[
            "expectations"
        ]
        assert gx["meta"] | d["meta"] == gx["meta"]
