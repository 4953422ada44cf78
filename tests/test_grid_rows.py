"""Delimited rows whose empty cells are blanks, not padding: a block narrower than its grid, and a
detached row that lacks the label's cell (issue 8: grid exports and converter markdown)."""

from __future__ import annotations

from giar_pipeline.extract import extract_document

from .test_pdf_loose_units import APPLICATIONS


def _active(text: str) -> dict:
    r = extract_document(("某某区人民政府2020年政府信息公开工作年度报告\n" + text + APPLICATIONS).encode(), "t.txt")
    assert r.template == "v2019"
    return {(c.row, c.col): c.value for c in r.cells if c.table == "active_disclosure"}


def test_an_empty_first_value_cell_is_a_blank_where_another_row_fills_that_cell():
    """规章 ⇥ ⇥ 0 ⇥: the block's header (characters dropped) names two columns of a four-cell grid;
    规范性文件 fills the first value cell, so 规章's empty one there is a blank, its trailing one padding."""
    got = _active(
        "二、主动公开政府信息情况\n第二十条第(一)项\t\t\t\n信息内容\t本年新制作数\t本年新开数量\t\n"
        "规章\t\t0\t\n规范性文件\t1\t0\t\n第二十条第(五)项\t\t\t\n"
        "信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n行政许可\t84\t5\t7\n"
    )
    assert (got[("regulations", "made")], got[("regulations", "published")]) == (None, 0)
    assert (got[("normative_documents", "made")], got[("normative_documents", "published")]) == (1, 0)


def test_a_detached_row_without_the_labels_cell_lines_up_with_the_headers_last_cells():
    """A converter put 行政许可 apart from its row, | | 5 | 95 |, three cells under a four-cell header:
    the row lacks the label's cell, so its empty first cell is the first column's blank."""
    got = _active(
        "二、主动公开政府信息情况\n第二十条第(五)项\n"
        "| 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n|---|---|---|---|\n\n"
        "行政许可\n|  | 5 | 95 |\n|---|---|---|\n\n| 其他对外管理服务事项 | 0 | 5 | 0 |\n|---|---|---|---|\n"
    )
    licensing = [got[("administrative_licensing", c)] for c in ("prior_year_items", "change", "decisions")]
    assert licensing == [None, 5, 95]


def test_a_header_cell_that_dropped_a_character_still_names_its_column():
    """信息内容 ⇥ 本年新公开数量 ⇥ 对外公总数量 (开 dropped): the grid's header cells name the block's
    second and third columns, so the first is absent, not each row's first value."""
    got = _active(
        "二、主动公开政府信息情况\n第二十条第(一)项\t\t\t\n信息内容\t本年新公开数量\t对外公总数量\t\n"
        "规章\t0\t3\t\n规范性文件\t1\t4\t\n第二十条第(五)项\t\t\t\n"
        "信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n行政许可\t84\t5\t7\n"
    )
    regulations = [got[("regulations", c)] for c in ("made", "published", "total_published")]
    assert regulations == [None, 0, 3]


def test_a_detached_row_under_a_broken_header_keeps_its_leading_blank():
    """The header's cells are fragments (发件数 止件数 效件数) that name no column, and the detached
    row | | 2 | 2 | has as many cells as the block has columns: all are values, the empty one the
    first column's blank (not a label's cell to skip because another row has one)."""
    r = extract_document(
        (
            "某某区人民政府2022年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第(一)项\n"
            "信 息本年制本年废现行有\n| 内容 | 发件数 | 止件数 | 效件数 |\n|---|---|---|---|\n\n"
            "|  | 2 | 2 |\n|---|---|---|\n\n规章\n| 规范性文件 | 0 |  | 4 |\n|---|---|---|---|\n"
            "第二十条第(五)项\n信息内容 本年处理决定数量\n行政许可 0\n" + APPLICATIONS
        ).encode(),
        "t.md",
    )
    got = {(c.row, c.col): c.value for c in r.cells if c.table == "active_disclosure"}
    assert r.template == "v2021"
    assert [got[("regulations", c)] for c in ("issued", "repealed", "in_force")] == [None, 2, 2]
