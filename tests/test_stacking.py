"""Headers printed in narrow columns, read column by column (extract/stacking.py), and the review
table read through them when a column is left out."""

from __future__ import annotations

from giar_pipeline.catalogue import load
from giar_pipeline.extract import extract_document
from giar_pipeline.extract.stacking import header_lines, stack

from .test_pdf_loose_units import APPLICATIONS

WORDS = frozenset(
    ["行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"]
)


def test_pieces_stacked_in_columns_are_read_left_to_right_across_rows():
    """Three header rows: two words over two lines; leaves centred between a four-line and a
    three-line group word; a row whose second group lacks 尚未审结."""
    lines = [
        ["行政", "行政"],
        ["复议", "诉讼"],
        ["未经", "复议"],
        ["结果", "结果", "其他", "尚未", "总计", "复议", "后起"],
        ["维持", "纠正", "结果", "审结", "直接", "诉"],
        ["起诉"],
        ["结果", "结果", "其他", "总计", "结果", "结果", "其他", "总计"],
        ["维持", "纠正", "结果", "维持", "纠正", "结果"],
    ]
    leaves = ["结果维持", "结果纠正", "其他结果"]
    assert stack(lines, WORDS) == [
        "行政复议", "行政诉讼", *leaves, "尚未审结", "总计", "未经复议直接起诉", "复议后起诉",
        *leaves, "总计", *leaves, "总计",
    ]  # fmt: skip


def test_a_word_a_space_broke_on_a_line_of_words_is_joined_again():
    """其他结 果 on a line of whole words (an annotation stood in the space) is 其他结果; on a stacked
    line 结果 维持 stay two columns' pieces though 结果维持 is a word."""
    lines = [["其他", "结果"], ["结果", "维持"], ["结果维持", "其他结", "果", "总计"]]
    assert stack(lines, WORDS) == ["其他结果", "结果维持", "结果维持", "其他结果", "总计"]


def test_pieces_that_spell_no_words_give_no_reading():
    assert stack([["结果", "其他"], ["维持", "审结"]], WORDS) is None  # 其他审结 is no word
    assert stack([["结果", "结果"], ["维持"]], WORDS) is None  # a piece left over
    assert stack([["结果维持", "总计"]], WORDS) is None  # one line: nothing stacked


def test_header_lines_are_the_trailing_lines_of_word_pieces():
    lines = [["政府信息公开行政复议行政诉讼情况"], ["行政", "行政"], ["复议", "诉讼"]]
    assert header_lines(lines, WORDS) == lines[1:]
    assert header_lines([["行政", "行政"], ["附注"]], WORDS) == []


REVIEW = (
    "某某区人民政府2020年政府信息公开工作年度报告\n"
    + APPLICATIONS
    + """1.本机关不掌握相关政府信息 0 0 0 0 0 0 0
2.没有现成信息需要另行制作 0 0 0 0 0 0 0
(七)总计 5 0 0 0 1 0 6
四、结转下年度继续办理 0 0 0 0 0 0 0
四、政府信息公开行政复议、行政诉讼情况
行政 行政
复议 诉讼
结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉
结果 结果 其他 尚未 总计 结果 结果 其他 总计
维持 纠正 结果 审结 维持 纠正 结果
1 2 3 4 10 5 6 7 8 26 0 1 2 3
五、存在的主要问题及改进情况
"""
)


def test_a_narrow_header_tells_which_column_the_values_leave_out():
    """The third group's header has no 尚未审结, and the row 14 values: each value is read into its
    column and the missing one stays empty, not every value after the gap shifted."""
    r = extract_document(REVIEW.encode(), "pdf.txt")
    assert r.template == "v2019"
    got = {c.col: c.value for c in r.cells if c.table == "review_litigation"}
    codes = [c.code for c in load().template("v2019").table("review_litigation").blocks[0].cols]
    expected = dict(
        zip([c for c in codes if c != "suit_after_review_pending"], [1, 2, 3, 4, 10, 5, 6, 7, 8, 26, 0, 1, 2, 3])
    )
    assert {k: got.get(k) for k in codes} == {**expected, "suit_after_review_pending": None}


def test_a_converters_header_glued_on_one_line_names_the_columns():
    """A converter glued the whole header on one line and kept broken cells below it: the glued line
    names the columns (the third group without 结果纠正), the broken cells do not."""
    glued = "行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉"
    glued += "结果维持结果纠正其他结果尚未审结总计结果维持其他结果尚未审结总计"
    text = REVIEW.replace(
        "行政 行政\n复议 诉讼\n结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉\n"
        "结果 结果 其他 尚未 总计 结果 结果 其他 总计\n维持 纠正 结果 审结 维持 纠正 结果\n"
        "1 2 3 4 10 5 6 7 8 26 0 1 2 3\n",
        f"{glued}\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 总计 |"
        " | | | | |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
        "| 1 | 2 | 3 | 4 | 10 | 5 | 6 | 7 | 8 | 26 | 1 | / | 1 | / |\n",  # blanks: no sum tells the gap
    )
    r = extract_document(text.encode(), "converted.md")
    got = {c.col: c for c in r.cells if c.table == "review_litigation"}
    after = [got[f"suit_after_review_{k}"].value for k in ("upheld", "corrected", "other", "pending", "total")]
    assert got["direct_suit_total"].value == 26 and after == [1, None, None, 1, None]
    assert not any(c.uncertain for c in got.values())
