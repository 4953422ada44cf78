"""PDF text whose values come loose from their labels: annotations broken over lines, values under
a label's unmatched fragment, a later label's first line holding its values (issue 8, class 2)."""

from __future__ import annotations

from giar_pipeline.catalogue import load
from giar_pipeline.extract import extract_document
from giar_pipeline.normalize import normalize

ROWS = {r.code: r.labels[0] for r in load().template("v2008").table("statistics").rows}
TITLE = "某某县某某局2012年政府信息公开工作年度报告"


def _texts(text: str) -> list[list[str]]:
    return [[t.text for t in row.tokens] for row in normalize(text).rows]


def _statistics(lines: list[str]) -> dict:
    r = extract_document(("\n".join([TITLE, *lines]) + "\n").encode(), "pdf.txt")
    assert r.template == "v2008"
    return {c.row: c for c in r.cells if c.table == "statistics"}


def test_annotation_halves_around_values_debris_and_page_breaks_leave_no_cells():
    """An annotation the line break cut keeps neither half, whatever stands between them: a line of
    values, a vertical label's debris, units; halves a page break parted go too; an annotation wrapped
    alone onto its own line is no empty cell; a lost character after a half stays label text."""
    got = _texts(
        "要求行政機關確認(rèn\n0 0 0\n)或重新出具\n申請(qǐ\né\nj ng)人\n公眾( 次 5\nzhòng)關注\n"
        "繳納費(fè\n第 3 页\ni)用\n數\n(shù)\n複議數(sh\n件 0\nù)?"
    )
    assert got == [
        ["要求行政机关确认"], ["0", "0", "0"], ["或重新出具"], ["申请"], ["人"], ["公众", "次", "5"],
        ["关注"], ["缴纳费"], ["用"], ["数"], ["复议数"], ["件", "0"], ["ù)?"],
    ]  # fmt: skip


def test_values_under_a_labels_unmatched_fragment_and_two_value_lines_under_one_label():
    """One-column PDF text, values before their labels: a value under the second line of a wrapped
    label (too little of it to match) and two value lines under one label are loose values, each
    placed in order, not lost with the fragment or read as one two-value row that fits no column."""
    public = ROWS["answers_already_public"]
    lines = [f"{ROWS[c]} 1" for c in list(ROWS)[:8]]
    lines += [
        f"{ROWS['applications_completed']} 9\n5",  # beside and below: values stand before labels
        ROWS["applications_on_time"],
        "4",
        "3",  # two value lines under one label: applications_extended's and answers_total's
        ROWS["applications_extended"],
        ROWS["answers_total"],
        public[:5],
        "2",  # between the lines of its label
        public[5:],
        "8",  # under the unmatched second line: answers_granted's
        ROWS["answers_granted"],
        f"{ROWS['answers_partially_granted']} 7",
    ]
    got = _statistics(lines)
    expected = {
        "applications_on_time": 5, "applications_extended": 4, "answers_total": 3,
        "answers_already_public": 2, "answers_granted": 8, "answers_partially_granted": 7,
    }  # fmt: skip
    assert {k: got[k].value for k in expected} == expected


def test_a_number_beside_a_section_label_with_a_lost_character_is_not_the_row_before_it():
    """(四)…专项经费 ⏎ 九,政府信息公开会?和培训情况 279: the section label lost a character, yet it
    is a section's, and the number beside it no value of the label before."""
    budget = ROWS["budget_10k_yuan"]
    lines = [f"{ROWS[c]} 1" for c in list(ROWS)[:8]]
    lines += [
        f"{ROWS['staff_part_time']} 0",
        budget[:14],
        budget[14:],
        "九,政府信息公开会?和培训情况 279",  # numbered with a comma: only the label shows a section
        f"{ROWS['meetings']} 8",
    ]
    got = _statistics(lines)
    assert got["budget_10k_yuan"].value != 279 and got["meetings"].value == 8


PDF_LONG_WRAP = """某某区人民政府2023年政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况
自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计
一、本年新收政府信息公开申请数量 5 0 0 0 1 0 6
二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0
(六)其他处理
1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 1 0 0 0 0 0 1
2.申请人逾期 2 0 0 0 1 0 3
未按收费通知要求
缴纳费用、行政机关
不再处理其政府信息
公开申请
3.其他 0 0 0 0 2 0 2
"""


def test_a_label_wrapped_over_more_lines_than_a_span_keeps_the_values_on_its_first():
    """2.申请人逾期 2 0 … ⏎ and four more lines of its label, then 3.其他 in the same run of text: the
    label is read whole past the usual four pieces, so its values are its own and 3.其他 keeps its."""
    r = extract_document(PDF_LONG_WRAP.encode(), "pdf.txt")
    got = {(c.row, c.col): c for c in r.cells if c.table == "applications"}
    assert got[("other_fee_unpaid", "total")].value == 3 and got[("other_other", "total")].value == 2
    assert not got[("other_fee_unpaid", "total")].uncertain
