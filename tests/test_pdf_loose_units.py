"""PDF text whose values come loose from their labels: annotations broken over lines, values under
a label's unmatched fragment, a later label's first line holding its values (issue 8, class 2)."""

from __future__ import annotations

from giar_pipeline.catalogue import load
from giar_pipeline.extract import extract_document
from giar_pipeline.normalize import normalize
from giar_pipeline.synth import render_document

ROWS = {r.code: r.labels[0] for r in load().template("v2008").table("statistics").rows}
TITLE = "某某县某某局2012年政府信息公开工作年度报告"
APPLICATIONS = """三、收到和处理政府信息公开申请情况
自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计
一、本年新收政府信息公开申请数量 5 0 0 0 1 0 6
二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0
(一)予以公开 5 0 0 0 1 0 6
"""  # enough of a v2019/v2021 applications table to tell the generation


def _texts(text: str) -> list[list[str]]:
    return [[t.text for t in row.tokens] for row in normalize(text).rows]


def _statistics(lines: list[str]) -> dict:
    r = extract_document(("\n".join([TITLE, *lines]) + "\n").encode(), "pdf.txt")
    assert r.template == "v2008"
    return {c.row: c for c in r.cells if c.table == "statistics"}


def test_annotation_halves_around_values_debris_and_page_breaks_leave_no_cells():
    """An annotation the line break cut keeps neither half, whatever stands between them: a line of
    values, a vertical label's debris or character, units; halves a page break parted go too; an annotation wrapped
    alone onto its own line is no empty cell; a lost character after a half stays label text."""
    got = _texts(
        "要求行政機關確認(rèn\n0 0 0\n)或重新出具\n申請(qǐ\né\nj ng)人\n公眾( 次 5\nzhòng)關注\n"
        "繳納費(fè\n第 3 页\ni)用\n數\n(shù)\n複議數(sh\n件 0\nù)?\n確認(r\n0 0\n理 èn)或"
    )
    assert got == [
        ["要求行政机关确认"], ["0", "0", "0"], ["或重新出具"], ["申请"], ["人"], ["公众", "次", "5"],
        ["关注"], ["缴纳费"], ["用"], ["数"], ["复议数"], ["件", "0"], ["ù)?"],
        ["确认"], ["0", "0"], ["理"], ["或"],  # a vertical label's 理 before the second half stays
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


PDF_LENT = """某某区人民政府2020年政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况
自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计
50 49 32 97 14 44 286
一、本年新收政府信息公开申请数量
二、上年结转 0 1 5 4 39 6 55
政至信息公开申请数量
(一)予以公开 1 2 3 4 5 6 21
(三)不予公开
8.属于行政查询事项 0 0 0 0 1 0 1
0 0 2 0 0 0 2
1.本机关
不掌握相关政府信息
(四)无法提供
2.没有正成信息 0 0 0 0 4 0 4
需要另行制作
3 0 0 0 0 0 3
1.信访举报投诉类申请
2.重复申请 0 0 0 0 0 0 0
"""


def test_values_beside_the_first_line_of_a_label_not_read_whole_are_its_detached_row():
    """二、上年结转 0 1 5 … ⏎ 政至信息公开申请数量 (a typo): the values stand beside the first line of a
    numbered label the run's matched label (一、本年新收…) does not own, so they are a detached row of
    their own, placed in order with the row before them. 2.没有正成信息 0 0 … ⏎ 需要另行制作: the
    label's end on the next line shows the row is printed, so it counts among the detached rows' labels."""
    r = extract_document(PDF_LENT.encode(), "pdf.txt")
    got = {(c.row, c.col): c.value for c in r.cells if c.table == "applications" and c.col == "total"}
    assert (got[("new_received", "total")], got[("carried_over", "total")]) == (286, 55)
    assert got[("unavailable_not_held", "total")] == 2 and got[("unavailable_needs_creation", "total")] == 4
    assert got[("not_processed_complaint", "total")] == 3


PDF_SIX_PIECES = """某某区人民政府2023年政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况
自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计
一、本年新收政府信息公开申请数量 5 0 0 0 1 0 6
二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0
(六)其他处理
1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 1 0 0 0 0 0 1
2.申请人逾
期未按收费通知
要求缴纳费用、
行政机关
不再处理其
政府信息公开申请 2 0 0 0 1 0 3
3.其他 0 0 0 0 2 0 2
"""


def test_a_label_broken_over_six_lines_is_read_whole():
    """A long label that annotations and a page break cut into six short lines is matched in full
    (past the four pieces a suffix match may span), so its values beside the last line are its own."""
    r = extract_document(PDF_SIX_PIECES.encode(), "pdf.txt")
    got = {c.row: c for c in r.cells if c.table == "applications" and c.col == "total"}
    assert (got["other_fee_unpaid"].value, got["other_other"].value) == (3, 2)
    assert not got["other_fee_unpaid"].uncertain


def test_long_spans_match_only_whole_labels_not_suffixes():
    """Converter markdown (seed 70022): the review table's header cells 结果维持 … 尚未审结 总计 after
    四、结转?年度继续办理 end in 总计, the suffix of (七)总计. Spans past four pieces match whole
    labels only, so that header is no total row and the row before it keeps its values."""
    doc = render_document(70022, layout="converter_markdown", template="v2021")
    truth = {(c["row"], c["col"]): c["value"] for c in doc.truth["cells"] if c["table"] == "applications"}
    r = extract_document(doc.data, doc.name)
    got = {(c.row, c.col): c.value for c in r.cells if c.table == "applications" and c.row == "carried_forward"}
    assert got and all(v == truth[k] for k, v in got.items())


PDF_BROKEN_BY_GROUP = """某某区人民政府2023年政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况
自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计
一、本年新收政府信息公开申请数量 5 0 0 0 1 0 6
二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0
5.要求行政机关确认或重新出具已获取信息 0 0 0 0 0 0 0
1.申请人无正当 9 0 0 0 0 0 9
理由逾期不补正、行政机
(六)其他处理
关不再处理其政府信息公开申请
2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 3 0 0 0 0 0 3
3.其他 1 0 0 0 0 0 1
"""


def test_values_beside_a_first_line_no_label_was_read_in_are_a_detached_row():
    """1.申请人无正当 9 0 … ⏎ 理由逾期… ⏎ (六)其他处理 ⏎ 关不再处理…: the group label printed inside
    the wrapped label keeps it from being read whole on the values' line; the values, beside a
    numbered first line, are still the row's, placed in order as a detached row."""
    r = extract_document(PDF_BROKEN_BY_GROUP.encode(), "pdf.txt")
    got = {c.row: c for c in r.cells if c.table == "applications" and c.col == "total"}
    assert [got[k].value for k in ("other_no_correction", "other_fee_unpaid", "other_other")] == [9, 3, 1]


def test_a_line_of_values_first_on_two_pages_is_no_running_header():
    """件 0 may open two pages by chance; a running header has words. Both lines stay values."""
    text = "涉及商业秘密\n— 4 —\n\n件 0\n涉及个人隐私\n件 1\n原告诉讼请求数\n— 5 —\n\n件 0\n(二)被依法纠错数\n"
    assert [r for r in _texts(text) if r == ["件", "0"]] == [["件", "0"], ["件", "0"]]
    head = "某某县政府信息公开年度报告"
    headed = f"报告\n{head}\n甲 1\n第 1 页\n{head}\n乙 2\n第 2 页\n{head}\n"
    assert not any([head] == r for r in _texts(headed)[2:])  # a header that has words still goes


def test_a_value_under_a_section_line_leads_only_where_values_also_stand_beside_labels():
    """PDF text (some values beside their labels): a value under 一、主动公开情况, before any label,
    shows values stand before their labels. One cell per line (none beside), a number under the
    section's line is its own (a stray), and each label's value follows it."""
    section, items, published, issued = "一、主动公开情况", *(ROWS[c] for c in list(ROWS)[:3])
    pdf = [section, "0", items, "5", published, "2", issued, f"{ROWS['channel_gazette']} 7"]
    got = _statistics([*pdf, f"{ROWS['channel_website']} 8"])
    assert [got[c].value for c in list(ROWS)[:5]] == [0, 5, 2, 7, 8]
    cells = [section, "18", items, "0", published, "5", issued, "2", ROWS["channel_gazette"], "7"]
    got = _statistics([*cells, ROWS["channel_website"], "8"])
    assert [got[c].value for c in list(ROWS)[:5]] == [0, 5, 2, 7, 8]


PDF_GAP = """某某区人民政府2023年政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况
自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计
一、本年新收政府信息公开申请数量 5 0 0 0 1 0 6
二、上年结转政府信息公开申请数量 0 0 0  0 0 0
1.本机关不掌握相关政府信息 4 0 0 0 32 0 36
2.没有现成信息需要另  0 0 2 0 1 0 3
行制作
3.补正后申请内容仍不明确 0 1 0 0 0 0 1
"""


def test_a_double_space_is_no_empty_cell_when_the_row_has_all_its_cells_after_it():
    """Single spaces part the cells and a double one shows an empty cell (结转 … 0 0 0  0 0 0); but a
    row with all seven cells after a double space has no empty cell there: its values stay put."""
    r = extract_document(PDF_GAP.encode(), "pdf.txt")
    got = {(c.row, c.col): c.value for c in r.cells if c.table == "applications"}
    assert [got[("unavailable_needs_creation", c)] for c in ("natural_person", "research", "total")] == [0, 2, 3]
    assert got[("carried_over", "public_interest")] is None and got[("carried_over", "other_org")] == 0


PDF_HEADINGS = (
    """某某区人民政府2020年政府信息公开工作年度报告
二、主动公开政府信息情况
第 二十条第(一)项
信息内容 本年新制作数量 本年新公开数量 对外公开总数量
0 0 0
规范性文件
第 二十条第(五)项
信息内容 上一年项目数量 本年增/减 处理决定数量
行政许可 6 0 0
0 2 0
其他对外管理服务事项
第二十条第(六)项
信息内容 上一年项目数量 本年增/减 处理决定数量
行政处罚 1 0 0
行政强制 2 0 0
"""
    + APPLICATIONS
)


def test_a_block_heading_whose_first_character_stands_apart_still_bounds_its_block():
    """第 二十条第(五)项 reads as a vertical label's 第 and the rest: joined, it is still the heading
    that ends 第(一)项's block, so the value row under 行政许可 (其他对外管理服务事项's, before its
    label) is not the first block's, and that block's one value row goes to its one printed label."""
    r = extract_document(PDF_HEADINGS.encode(), "pdf.txt")
    got = {(c.row, c.col): c.value for c in r.cells if c.table == "active_disclosure"}
    assert r.template == "v2019"
    assert [got[("normative_documents", c)] for c in ("made", "published", "total_published")] == [0, 0, 0]
    assert got[("regulations", "made")] is None
    assert [got[("other_external_services", c)] for c in ("prior_year_items", "change", "decisions")] == [0, 2, 0]


PDF_BLANK_FIRST = (
    """某某区人民政府2022年政府信息公开工作年度报告
二、主动公开政府信息情况
第二十条第(五)项
信息内容 本年处理决定数量
行政许可 7
第二十条第(六)项
信息内容 本年处理决定数量
/
行政处罚
8
行政强制
第二十条第(八)项
信息内容 本年收费金额(单位:万元)
行政事业性收费 0
"""
    + APPLICATIONS
)


def test_a_printed_blank_under_a_header_shows_values_stand_before_their_labels():
    """信息内容 本年处理决定数量 ⏎ / ⏎ 行政处罚 ⏎ 8 ⏎ 行政强制: the printed blank under the header is
    行政处罚's, so the 8 is 行政强制's."""
    r = extract_document(PDF_BLANK_FIRST.encode(), "pdf.txt")
    got = {c.row: c.value for c in r.cells if c.table == "active_disclosure"}
    assert (got["administrative_penalty"], got["administrative_coercion"]) == (None, 8)


PDF_ROW_ABSENT = (
    """某某区人民政府2022年政府信息公开工作年度报告
二、主动公开政府信息情况
第二十条第(五)项
信息内容 本年处理决定数量
行政许可 7
第二十条第(六)项
信息内容 本年处理决定数量
行政处罚 1
第二十条第(八)项
本年收费金额(单
位:万元)
信息内容
0
行政事业性收费
"""
    + APPLICATIONS
)


def test_an_absent_row_is_not_pinned_to_the_next_blocks_header_and_its_value_before_a_label():
    """行政强制 is not printed. Between 行政处罚 and 行政事业性收费 stands only 第二十条第(八)项's header
    with a value under it: that is no damaged 行政强制 row (it holds another block's heading), and
    the value under the header 信息内容 (a header, not a numbered section) is 行政事业性收费's."""
    r = extract_document(PDF_ROW_ABSENT.encode(), "pdf.txt")
    got = {c.row: c.value for c in r.cells if c.table == "active_disclosure"}
    assert (got["administrative_penalty"], got["administrative_coercion"], got["administrative_fees"]) == (1, None, 0)


def test_a_row_left_out_is_not_pinned_to_a_section_line_and_its_stray_number():
    """1.参加或举办新闻发布会总次数 is not printed; between its neighbours stands only the end of the
    row before, wrapped onto the line of section (二) with a stray number beside it (情况 —— 18):
    values beside a section's line are the section's, so the row left out stays empty."""
    lines = [f"{ROWS[c]} 条 1" for c in list(ROWS)[:8]]
    hotspots = ROWS["response_hotspots"]
    lines += [
        "二、回应解读情况",
        hotspots[:20],
        "次 0",
        hotspots[20:],
        "(二)通过不同渠道和方式回应解读的情况  ——  18",
        f"{ROWS['response_press_conferences_leaders']} 次 0",
        f"{ROWS['response_online_interviews']} 次 2",
    ]
    got = _statistics(lines)
    assert got["response_press_conferences"].value is None
    assert (got["response_hotspots"].value, got["response_online_interviews"].value) == (0, 2)


def test_a_row_left_out_is_not_pinned_to_the_header_line_of_its_block():
    """信息内容 本年处理决定数量 ⏎ 3 ⏎ 行政强制, 行政处罚 not printed: the header line is made of header
    words only, so it is no damaged 行政处罚 row; the 3 under it is 行政强制's, before its label."""
    text = PDF_BLANK_FIRST.replace("/\n行政处罚\n8\n行政强制", "3\n行政强制")
    r = extract_document(text.encode(), "pdf.txt")
    got = {c.row: c.value for c in r.cells if c.table == "active_disclosure"}
    assert (got["administrative_penalty"], got["administrative_coercion"]) == (None, 3)


PDF_TOTAL_TYPO = (
    "某某区人民政府2020年政府信息公开工作年度报告\n"
    + APPLICATIONS
    + """(六)其他处理 0 0 0 0 0 0 0
七、总正
5 0 0 0 1 0 6
四、 结转之 0 0 0 0 1 0 1
年度继续办理
"""
)


def test_a_row_left_out_is_not_pinned_to_a_line_numbered_for_another_row():
    """七、总正 (a typo) is too broken to read; the only unread line with values after it, 四、 结转之
    0 0 … 1, is numbered 四 — carried-forward's start, not (七)总计's — so the total is not given the
    carried-forward row's numbers: the detached row under 七、总正 is the total's, the 1 carried on."""
    r = extract_document(PDF_TOTAL_TYPO.encode(), "pdf.txt")
    got = {c.row: c.value for c in r.cells if c.table == "applications" and c.col == "total"}
    assert (got["total_handled"], got["carried_forward"]) == (6, 1)
