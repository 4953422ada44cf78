"""The narrative parser (giar_pipeline.extract.narrative): numbers the prose restates, on real reports and
on sentences written here, with the patterns of catalogue/narrative.yaml."""

from __future__ import annotations

import json

import pytest

from giar_pipeline.extract import extract_document
from giar_pipeline.extract.narrative import ADJUSTMENT, statements
from giar_pipeline.normalize import decode, normalize
from tests.conftest import shared_path


def _real() -> list[tuple[str, str]]:
    out = []
    for folder, truth in (("real/docs", "real/truth"), ("seeds", "seeds/truth")):
        for doc in sorted(shared_path(folder).iterdir()):
            if doc.is_file():
                out.append((str(doc), str(shared_path(truth) / (doc.stem + ".json"))))
    return out


def _lines(path: str) -> list[str]:
    with open(path, "rb") as f:
        return normalize(decode(f.read())[0]).lines


def test_stated_numbers_of_real_reports_agree_with_their_hand_checked_tables():
    found = 0
    for doc, truth_path in _real():
        with open(truth_path, encoding="utf-8") as f:
            truth = json.load(f)
        cells = {(c["table"], c["row"], c["col"]): c["value"] for c in truth["cells"]}
        lines = _lines(doc)
        for s in statements(lines, truth["template"]):
            assert f"{s.value:g}" in s.raw.replace(",", ""), s  # the raw words hold the number
            assert lines[s.line - 1].strip(), s  # and the line it names is a line of the document
            values = [cells.get(k) for k in s.cells]
            if None in values:
                continue  # the truth leaves a cell out (unreadable in that text)
            assert s.value == sum(values), (doc, s)
            found += 1
    assert found >= 10, "the shared reports restate at least a dozen numbers in their prose"


def test_a_converted_report_restates_its_applications_in_prose():
    doc, truth_path = next(p for p in _real() if "converter_markdown" in p[0])
    with open(truth_path, encoding="utf-8") as f:
        truth = json.load(f)
    said = {s.member: s for s in statements(_lines(doc), truth["template"])}
    total = {c["row"]: c["value"] for c in truth["cells"] if c["table"] == "applications" and c["col"] == "total"}
    assert said["new_received.total"].value == total["new_received"]
    assert said["carried_over.total"].value == total["carried_over"]
    assert said["granted.total"].value == total["granted"]
    denied = next(s for m, s in said.items() if m.startswith("denied_"))  # 不予公开 is the sum of eight rows
    assert denied.value == sum(v for r, v in total.items() if r.startswith("denied_"))


def test_wrapped_sentences_and_number_first_phrasing():
    lines = [
        "一、总体情况",
        "本年度全年共收到政府信息公开申请 1,234",
        "- 3 -",
        "件，上年结转政府信息公开申请 2 件。",
        "本机关有 3 件涉及政府信息公开的行政复议。",
        "行政规范性文件现行有效 80 件，其中自然失效 4 件。",
    ]
    got = {(s.member, s.value, s.line, s.kind) for s in statements(lines, "v2021")}
    assert ("new_received.total", 1234, 2, "restated") in got
    assert ("carried_over.total", 2, 4, "restated") in got  # across a page footer
    assert ("count.review_total", 3, 5, "restated") in got
    assert ("normative_documents.in_force", 4, 6, ADJUSTMENT) in got


def test_parts_tables_and_other_generations_are_not_statements():
    lines = [
        "全年主动公开政府信息 500 条。其中，各部门主动公开政府信息 300 条，各乡镇主动公开政府信息 200 条。",
        "一、本年新收政府信息公开申请数量 21 0 0 0 0 0 21",
        "| 收到政府信息公开申请 | 5件 |",
        "收到政府信息公开申请",
        "7件",
    ]
    assert [(s.member, s.value) for s in statements(lines, "v2008")] == [("active_items.value", 500)]
    assert statements(lines, "v2021") == []  # v2021 has no cell for items made public


def test_figures_that_are_parts_are_read_after_qizhong():
    lines = ["全年共收到政府信息公开申请 12 件，其中当面申请 3 件、网上申请 7 件、信函申请 2 件。"]
    got = [(s.member, s.value) for s in statements(lines, "v2008")]
    assert got == [
        ("applications_received.value", 12),
        ("applications_in_person.value", 3),
        ("applications_online.value", 7),
        ("applications_mail.value", 2),
    ]


def test_the_extractor_stages_the_statements():
    doc, _ = next(p for p in _real() if "pdf_text_district" in p[0])
    with open(doc, "rb") as f:
        report = extract_document(f.read(), doc)
    assert report.statements == statements(_lines(doc), report.template)
    assert any(s.cell == ("applications", "new_received", "total") for s in report.statements)


@pytest.mark.parametrize("template", ["v2008", "v2019", "v2021"])
def test_every_pattern_names_cells_of_its_template(template):
    from giar_pipeline.catalogue import load
    from giar_pipeline.extract.narrative import rules

    cells = set(load().template(template).cells)
    assert rules(template) and all(set(r.cells) <= cells for r in rules(template))
