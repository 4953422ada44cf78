"""The auditor's checks on the shared real reports, loaded into a warehouse as the pipeline loads them:
where the prose and the table read disagree, the prose agrees with the hand-checked truth."""

from __future__ import annotations

import json

import duckdb

from giar_pipeline.extract import extract_document
from giar_pipeline.quality import audit_store
from giar_pipeline.warehouse import load_batches, run_all, to_tables
from tests.conftest import shared_path


def test_narrative_findings_on_real_reports_point_at_misread_cells(tmp_path):
    reports, truths = [], {}
    for folder, truth in (("real/docs", "real/truth"), ("seeds", "seeds/truth")):
        for doc in sorted(p for p in shared_path(folder).iterdir() if p.is_file()):
            r = extract_document(doc.read_bytes(), str(doc))
            reports.append(r)
            with open(shared_path(truth) / (doc.stem + ".json"), encoding="utf-8") as f:
                truths[r.sha256[:16]] = {(c["table"], c["row"], c["col"]): c["value"] for c in json.load(f)["cells"]}
    with duckdb.connect(str(tmp_path / "w.duckdb")) as c:
        load_batches(c, {"real": to_tables(reports)})
        audit_store.write_issuer_keys(c)
        run_all(c)
        findings = audit_store.run(c)
        stated = c.execute("SELECT count(*) FROM report_statements").fetchone()[0]
    assert stated >= 5  # the reports' prose restates numbers, staged with the extraction
    for f in findings["narrative_mismatch"]:
        report = next(r for r in reports if r.sha256[:16] == f.report_id)
        said = next(s for s in report.statements if s.member == f.member and s.line == f.source_line)
        truth = [truths[f.report_id].get(k) for k in said.cells]
        if None not in truth:
            assert sum(truth) == f.left_value != f.right_value, f  # the prose is right, the table was misread
    # no body has two consecutive years here: nothing to chain or compare
    assert findings["in_force_chains"] == [] and [f for f in findings["yoy_anomaly"] if f.previous_report_id] == []
