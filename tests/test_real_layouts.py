"""The mechanisms behind real scrapes, on small hand-built inputs: glued digit splits, glued lines,
value rows detached from their labels, blocks out of order, provincial variants."""

from __future__ import annotations

import re

import pytest

from giar_pipeline.catalogue import load
from giar_pipeline.extract import extract_document
from giar_pipeline.extract.splits import RowRelation, split_row
from giar_pipeline.normalize import NUM, TEXT, clean
from giar_pipeline.normalize.glued import glued_rows, is_glued
from giar_pipeline.normalize.tokens import Token
from giar_pipeline.synth import render_document

APPLICANTS_SUM = [RowRelation("eq", (0, 1, 2, 3, 4, 5), (6,))]


def _runs(*texts: str, lend: bool = False) -> list[Token]:
    toks = [Token(NUM, t, t, 1, int(t), glued=True) for t in texts]
    toks[-1].lend = lend
    return toks


def _values(cells) -> list:
    return [None if c is None else c.value for c in cells]


def test_a_split_that_fits_the_row_sum_is_read():
    cells, unsure = split_row(_runs("230", "000023"), 7, APPLICANTS_SUM)
    assert _values(cells) == [23, 0, 0, 0, 0, 0, 23] and not unsure


def test_the_next_rows_numbering_may_own_a_runs_last_digit():
    cells, unsure = split_row(_runs("70000072", lend=True), 7, APPLICANTS_SUM)
    assert _values(cells) == [7, 0, 0, 0, 0, 0, 7] and not unsure
    cells, unsure = split_row(_runs("70000072"), 7, APPLICANTS_SUM)  # without the numbering: no split fits
    assert not any(c is not None and c.value == 72 and i < 6 for i, c in enumerate(cells))


def test_several_splits_leave_exactly_the_disputed_cells_undecided():
    cells, unsure = split_row(_runs("898989"), 3, [])
    assert unsure == {0, 1, 2} and cells == [None, None, None]
    cells, unsure = split_row(_runs("000"), 3, [])
    assert _values(cells) == [0, 0, 0] and not unsure
    # 1|20|5 and 12|0|5 differ in the first two cells only; the last is 5 either way
    cells, unsure = split_row(_runs("1205"), 3, [])
    assert unsure == {0, 1} and _values(cells)[2] == 5


def test_no_leading_zeros_and_whole_decimals():
    cells, unsure = split_row(_runs("0023"), 3, [])
    assert _values(cells) == [0, 0, 23] and not unsure  # 0|02|3 and 00|2|3 are no numbers
    cells, unsure = split_row([Token(NUM, "12.5", "12.5", 1, 12.5, glued=True)], 2, [], money=frozenset({1}))
    assert _values(cells) == [1, 2.5] and not unsure  # 12|.5 and 12.|5 are no numbers
    cells, unsure = split_row([Token(NUM, "12.5", "12.5", 1, 12.5, glued=True)], 2, [])
    assert unsure == {0, 1}  # a decimal only in a money column: no split of a count row fits
    cells, unsure = split_row(_runs("0", "-3"), 2, [], signed=frozenset({1}))
    assert _values(cells) == [0, -3]


def test_too_many_splits_is_undecided_not_slow():
    cells, unsure = split_row(_runs("1" * 60), 15, [])
    assert unsure == set(range(15))


def test_glued_line_is_cut_at_known_labels_and_numbering():
    line = clean(
        "二、主动公开政府信息情况第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量"
        "规章000规范性文件898989" * 5 + "（三）不予公开1.属于国家秘密00000002.其他法律行政法规禁止公开0000000"
    )
    assert is_glued(line)
    rows = glued_rows(line, 7)
    labels = [r[0].text for r in rows if r[0].kind is TEXT]
    assert "规章" in labels and "规范性文件" in labels and "本年新制作数量" in labels
    secret = next(r for r in rows if r[0].text == "属于国家秘密")
    assert [(t.text, t.glued, t.lend) for t in secret[1:]] == [("00000002", True, True)]
    assert not is_glued("2019年1月1日至12月31日,收到申请23件。" * 3)


def _glued_report(body: str) -> bytes:
    head = "标题: 某某县某某局2020年度政府信息公开工作年度报告\n发布时间: 2021-01-18 10:00\n"
    prose = "根据《条例》编制本报告。本报告所列数据的统计期限自2020年1月1日起至2020年12月31日止。" * 3
    return (head + prose + body + "五、存在的主要问题及改进情况无。\n").encode()


def test_glued_report_end_to_end():
    rows = "".join(
        f"{r.labels[0]}{'1000001' if r.code == 'granted' else '0000000'}"
        for r in load().template("v2019").table("applications").rows
    )
    body = (
        "三、收到和处理政府信息公开申请情况申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织"
        "法律服务机构其他" + rows
    )
    r = extract_document(_glued_report(body), "glued.txt").to_json_dict()
    assert r["status"] == "ok" and r["issuer"] == "某某县某某局" and r["published_on"] == "2021-01-18"
    got = {(c["row"], c["col"]): c["value"] for c in r["cells"] if c["table"] == "applications"}
    assert got[("granted", "natural_person")] == 1 and got[("granted", "total")] == 1
    assert got[("new_received", "total")] == 0


PDF = """某某区人民政府2023年政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况
自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计
一、本年新收政府信息公开申请数量 5 0 0 0 0 0 5
二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0
（一）予以公开 1 0 0 0 0 0 1
（二）部分公开（区分处理的，只计这一情
2 0 0 0 0 0 2
形，不计其他情形）
3 0 0 0 0 0 3
1.属于国家秘密
三 2.其他法律行政法规禁止公开 0 0 0 0 0 0 0
、
0 0 0 0 0 0 0
本 3.危及“三安全一稳定”
年 4.保护第三方合法权益 0 0 0 0 0 0 0
"""


def test_detached_value_rows_follow_their_labels_in_order():
    r = extract_document(PDF.encode(), "pdf.txt").to_json_dict()
    got = {(c["row"], c["col"]): c["value"] for c in r["cells"] if c["table"] == "applications"}
    assert got[("partially_granted", "total")] == 2  # its values stand between the label's fragments
    assert got[("denied_state_secret", "total")] == 3  # its values stand before its label
    assert got[("denied_security_stability", "total")] == 0
    assert not any(c["uncertain"] for c in r["cells"])


def test_detached_rows_that_fit_no_order_are_uncertain():
    # three value lines for two unvalued rows between the anchors: which one is stray is undecided
    text = PDF.replace("3 0 0 0 0 0 3\n", "3 0 0 0 0 0 3\n4 0 0 0 0 0 4\n")
    r = extract_document(text.encode(), "pdf.txt").to_json_dict()
    cells = {(c["row"], c["col"]): c for c in r["cells"] if c["table"] == "applications"}
    for row in ("partially_granted", "denied_state_secret"):
        assert cells[(row, "total")]["value"] is None and cells[(row, "total")]["uncertain"]
    assert cells[("granted", "total")]["value"] == 1 and not cells[("granted", "total")]["uncertain"]


MARKDOWN = """某某市某某委员会
2022 年政府信息公开工作
年度报告
二、主动公开政府信息情况
第二十条第（五）项
信息内容本年处理决定数量
行政许可 12
第二十条第（六）项
信息内容本年处理决定数量
行政处罚 3
行政强制 0
## 表二
| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
|---|---|---|---|
| 规章 | 0 | 0 | 0 |
| 规范性文件 | 4 | 1 | 20 |
"""


@pytest.mark.parametrize("generation", ["v2021"])
def test_blocks_out_of_order_and_a_title_over_two_lines(generation):
    r = extract_document(MARKDOWN.encode(), "md.md").to_json_dict()
    assert r["template"] == generation and r["issuer"] == "某某市某某委员会" and r["report_year"] == 2022
    got = {(c["row"], c["col"]): c["value"] for c in r["cells"] if c["table"] == "active_disclosure"}
    assert got[("administrative_licensing", "decisions")] == 12
    assert got[("normative_documents", "in_force")] == 20 and got[("normative_documents", "issued")] == 4


def test_provincial_variant_maps_rows_and_leaves_combined_ones_undecided():
    body = (
        "某某县人民政府办公室2013年度政府信息公开工作年度报告\n政府信息公开情况统计表\n"
        "指标名称 计量单位 2013年度 历年累计\n主动公开文件数 条 120 900\n其中：1、政府网站公开数 条 100 800\n"
        "受理依申请公开信息总数 条 3 9\n其中：1、当面申请数 条 1 4\n2、网上申请数 条 1 3\n"
        "3、信函、传真申请数 条 1 2\n政府信息公开收费减免金额 元 500 500\n行政复议数 件 0 1\n"
    )
    r = extract_document(body.encode(), "prov.txt").to_json_dict()
    assert r["status"] == "ok" and r["template"] == "v2008"
    cells = {c["row"]: c for c in r["cells"]}
    assert cells["active_items"]["value"] == 120 and cells["channel_website"]["value"] == 100  # this year's
    assert cells["applications_in_person"]["value"] == 1 and cells["review_total"]["value"] == 0
    assert cells["fees_10k_yuan"]["value"] == 0.05  # printed in 元
    for part in ("applications_mail", "applications_fax"):
        assert cells[part]["value"] is None and cells[part]["uncertain"]
    assert cells["channel_gazette"]["value"] is None and not cells["channel_gazette"]["uncertain"]  # absent
    assert "received_by_channel" not in r["violations"]  # its combined members are undecided


def _grid_export(seed: int) -> tuple[str, dict]:
    """Applications exported from an HTML grid to pipes: the label's colspan kept as empty cells,
    the cells a rowspan covered (三、本年度办理结果, the group labels) dropped, blank values empty."""
    import random

    rng = random.Random(seed)
    lines = [
        "某某区人民政府2022年政府信息公开工作年度报告",
        "三、收到和处理政府信息公开申请情况",
        "| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | | | 申请人情况 | | | | | | |",
        "| 自然人 | 法人或其他组织 | | | | | 总计 |",
        "| 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |",
    ]
    truth, group, first = {}, None, True
    for r in load().template("v2021").table("applications").rows:
        vals = [rng.choice([0, 0, 1, 2, ""]) for _ in range(6)]
        vals.append(sum(v for v in vals if v != ""))
        truth[r.code] = [None if v == "" else v for v in vals]
        if r.code in ("new_received", "carried_over", "carried_forward"):
            cells = [r.labels[0], "", ""]
        else:
            cells = (["三、本年度办理结果"] if first else []) + (
                [r.group, r.labels[0]]
                if r.group and r.group != group
                else [r.labels[0]]
                if r.group
                else [r.labels[0], ""]
            )
            first = False
        group = r.group
        lines.append("| " + " | ".join(map(str, cells + vals)) + " |")
    return "\n".join(lines) + "\n\n", truth


@pytest.mark.parametrize("seed", range(8))
def test_grid_exports_keep_colspan_padding_and_drop_rowspan_cells(seed):
    text, truth = _grid_export(seed)
    r = extract_document(text.encode(), "grid.txt").to_json_dict()
    got: dict[str, list] = {}
    for c in r["cells"]:
        if c["table"] == "applications":
            got.setdefault(c["row"], []).append(c["value"])
    assert got == truth


def test_markdown_heading_title_and_html_tables_inside_markdown():
    rows = "".join(
        f"<tr><td>{r.labels[0]}</td>" + "<td>1</td>" + "<td>0</td>" * 5 + "<td>1</td></tr>"
        for r in load().template("v2021").table("applications").rows
    )
    md = (
        "# **某某市某某局2023年政府信息公开工作年度报告**\n\n发布日期：2024-01-10\n\n"
        "三、收到和处理政府信息公开申请情况\n\n"
        "<table><tr><td>申请人情况</td><td>自然人</td><td>商业企业</td><td>科研机构</td><td>社会公益组织</td>"
        f"<td>法律服务机构</td><td>其他</td><td>总计</td></tr>{rows}</table>\n"
    )
    r = extract_document(md.encode(), "x.md").to_json_dict()
    assert (r["issuer"], r["report_year"], r["published_on"]) == ("某某市某某局", 2023, "2024-01-10")
    assert {c["value"] for c in r["cells"] if c["table"] == "applications" and c["col"] == "total"} == {1}


def test_value_rows_before_the_first_and_after_the_last_label():
    """No row of the table keeps its values on its label's line: the whole block is one stretch."""
    rows = [r for r in load().template("v2021").table("applications").rows][:4]
    lines = [
        "某某区人民政府2023年政府信息公开工作年度报告",
        "三、收到和处理政府信息公开申请情况",
        "自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计",
    ]
    for i, r in enumerate(rows):  # values first, then the label, for every row
        lines += [f"{i + 1} 0 0 0 0 0 {i + 1}", r.labels[0]]
    text = "\n".join(lines + ["四、政府信息公开行政复议、行政诉讼情况", " ".join(["0"] * 15)]) + "\n"
    r = extract_document(text.encode(), "pdf.txt").to_json_dict()
    got = {c["row"]: c["value"] for c in r["cells"] if c["table"] == "applications" and c["col"] == "total"}
    assert [got[row.code] for row in rows] == [1, 2, 3, 4]


def test_a_bordered_row_of_empty_cells_is_a_row_of_blanks_and_fragments_name_columns():
    """Converter markdown prints a blank row as `| label |  |  |`; a PDF header breaks 商业企业 over two
    lines, and a column absent from it (科研机构) is absent from the rows."""
    rows = [r for r in load().template("v2021").table("applications").rows]
    lines = [
        "某某区人民政府2023年政府信息公开工作年度报告",
        "三、收到和处理政府信息公开申请情况",
        "自然人  法人或其他组织  总计",
        "商业  社会  法律",
        "企业  公益  服务  其他",
        "组织  机构",
    ]
    for r in rows:
        lines.append(f"{r.labels[0]} 1 0 0 0 0 1")
    md = lines[:2] + [
        "| 申请人情况 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        if r.code == "partially_granted":  # its label loose, its values in a label-less row after it
            md += [r.labels[0], "", "| 2 | 0 | 0 | 0 | 0 | 0 | 2 |", ""]
        else:
            md.append(f"| {r.labels[0]} |" + ("  |" * 7 if r.code == "granted" else " 1 | 0 | 0 | 0 | 0 | 0 | 1 |"))
    pdf = extract_document("\n".join(lines).encode(), "pdf.txt").to_json_dict()
    cells = {(c["row"], c["col"]): c["value"] for c in pdf["cells"] if c["table"] == "applications"}
    assert cells[("granted", "research")] is None and cells[("granted", "total")] == 1
    assert cells[("granted", "other_org")] == 0 and cells[("granted", "natural_person")] == 1
    r = extract_document("\n".join(md).encode(), "md.md").to_json_dict()
    cells = {(c["row"], c["col"]): c for c in r["cells"] if c["table"] == "applications"}
    assert all(
        cells[("granted", col.code)]["value"] is None and not cells[("granted", col.code)]["uncertain"]
        for col in load().template("v2021").table("applications").cols
    )
    # the blank row stands with its label: the detached row goes to the one loose label after it
    assert cells[("partially_granted", "total")]["value"] == 2


def test_glued_digits_after_unexplained_words_are_not_the_rows():
    """A damaged label whose blank glued to it ('接受培人员数/') leaves its row valueless; the digits
    after the signature block (联系电话2637509) are no cell of it: the cell stays empty, not guessed."""
    rows = load().template("v2008").table("statistics").rows
    body = "".join(f"{r.labels[0]}{'/' if r.code == 'trainees' else '1'}" for r in rows)
    body = body.replace("接受培训人员数", "接受培人员数") + "单位负责人:张三审核人:李四填报人:王五联系电话:2637509"
    assert is_glued(body)
    r = extract_document(_glued_report(body), "glued.txt")
    cells = {c.row: c.value for c in r.cells if c.table == "statistics"}
    assert r.template == "v2008" and cells["trainings"] == 1 and cells["trainees"] is None


PDF_WRAPPED = """某某区人民政府2023年政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况
自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计
一、本年新收政府信息公开申请数量 9 0 0 0 0 0 9
二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0
（一）予以公开 1 0 0 0 0 0 1
（四）无法提供 1.本机关不掌握相关政府信息 2 0 0 0 0 0 2
2.没有现成信息需要另行制作 0 0 0 0 0 0 0
3.补正后申请内容仍不明确 0 0 0 0 0 0 0
（五）不予处理 1.信访举报投诉类申请 0 0 0 0 0 0 0
2.重复申请 0 0 0 0 0 0 0
3.要求提供公开 4 0 0 0 0 0 4
出版物
4.无正当理由大量反复申请 0 0 0 0 0 0 0
5.要求行政机关( 5 0 0 0 0 0 5
guān)确认或重新出具已获取信息
（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不
再处理其政府信息公开申请
2.申请人逾期未按收费(f 6 0 0 0 0 0 6
èi)通知要求缴纳费用、行政机关不再处理其政府信息公开申请
"""


def test_pdf_labels_wrapped_after_their_values_and_pinyin_broken_over_lines():
    """Values printed on a wrapped label's first line belong to it (要求提供公开 4 … ⏎ 出版物), an
    annotation broken by the line (收费(f ⏎ èi)通知) is dropped, and the values that stand beside the
    next numbered label (2.申请人逾期… 6) are never given to the row before it."""
    assert clean("收费(f\nèi)通知\n机关( 5 0\nguān)确认", keep_lines=True) == "收费\n通知\n机关 5 0\n确认"
    r = extract_document(PDF_WRAPPED.encode(), "pdf.txt")
    got = {(c.row, c.col): c.value for c in r.cells if c.table == "applications"}
    assert got[("not_processed_publication", "total")] == 4
    assert got[("not_processed_confirmation", "total")] == 5
    assert got[("other_no_correction", "total")] != 6


def test_one_column_pdf_with_lone_values_before_their_labels():
    """A one-column table whose lone values stand before their labels, which shows once a label with
    its value beside it has another below it: the lone values go to the value-less labels in order,
    not each to the label above it."""
    rows = {r.code: r.labels[0] for r in load().template("v2008").table("statistics").rows}
    lines = []
    for code in list(rows)[:8]:  # the first rows, each with its value beside it
        lines.append(f"{rows[code]} 1")
    lines += [
        f"{rows['applications_completed']} 9",
        f"{rows['applications_on_time']} 9",
        "0",  # applications_extended's, before its label
        rows["applications_extended"],
        "7",  # answers_total's
        rows["answers_total"],
        "3",  # answers_already_public's
        rows["answers_already_public"],
        f"{rows['answers_granted']} 4",
    ]
    text = "某某县某某局2012年政府信息公开工作年度报告\n" + "\n".join(lines) + "\n"
    r = extract_document(text.encode(), "pdf.txt")
    got = {c.row: c.value for c in r.cells if c.table == "statistics"}
    assert r.template == "v2008"
    assert (got["applications_on_time"], got["applications_extended"], got["answers_total"]) == (9, 0, 7)
    assert (got["answers_already_public"], got["answers_granted"]) == (3, 4)


def test_a_header_in_narrow_columns_tells_which_column_is_missing():
    """商业企业 is absent from this table; the header prints the other labels in narrow columns, their
    characters interleaved over lines. The six values go to the six columns it names, in order."""
    text = PDF.replace(
        "自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计\n",
        "申请\n人情\n况\n自 然人 法人或其他组织 总计\n科 社会 法律 其\n研机 公益 服务 他\n构 组织 机构\n",
    )
    text = re.sub(r"(\d+) \d+ (\d+ \d+ \d+ \d+ \d+)$", r"\1 \2", text, flags=re.M)  # no 商业企业 values
    text = text.replace("申请数量 5 0 0 0 0 5", "申请数量 3 1 1 0 0 5", 1)
    r = extract_document(text.encode(), "pdf.txt")
    got = {c.col: c.value for c in r.cells if c.table == "applications" and c.row == "new_received"}
    assert got == {
        "natural_person": 3,
        "commercial": None,
        "research": 1,
        "public_interest": 1,
        "legal_service": 0,
        "other_org": 0,
        "total": 5,
    }


@pytest.mark.parametrize("seed", [70017, 70114, 70138])
def test_grid_export_padding_beside_a_table_without_one_column(seed):
    """Generated grid exports whose applications table lacks 商业企业 and whose label spans padding
    cells: the empty cells are padding, not blanks of the missing column."""
    doc = render_document(seed, layout="grid_export")
    r = extract_document(doc.data, doc.name)
    truth = {(c["row"], c["col"]): c["value"] for c in doc.truth["cells"] if c["table"] == "applications"}
    assert {(c.row, c.col): c.value for c in r.cells if c.table == "applications"} == truth


def test_cutting_the_total_off_first_finds_what_the_plain_search_finds():
    """split_row cuts a run's total off first (extract/splits.py): on random glued rows it must keep
    exactly the cuts the plain search keeps, and read the row it was made from where that is unique."""
    import random

    from giar_pipeline.extract.splits import _Search

    rng = random.Random(3)
    for _ in range(60):
        parts = [
            rng.choice([0, 0, rng.randint(1, 9), rng.randint(10, 999), rng.randint(1000, 20000)]) for _ in range(6)
        ]
        run = "".join(map(str, [*parts, sum(parts)]))
        cells, unsure = split_row([Token(NUM, run, run, 1, int(run), glued=True)], 7, APPLICANTS_SUM)
        plain = _Search([Token(NUM, run, run, 1, int(run), glued=True)], 7, APPLICANTS_SUM, frozenset(), frozenset())
        plain.budget = 10**7
        seen = plain.run()
        assert unsure == {i for i in range(7) if len(seen.get(i, {})) != 1}, run
        assert all(_values(cells)[i] == [*parts, sum(parts)][i] for i in range(7) if i not in unsure), run


PDF_PAGES = """某某区人民政府2023年政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况
自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计
一、本年新收政府信息公开申请数量 5 0 0 0 0 0 5
（三）不予公开
8.属于行政查询事项 0 0 0 0 0 0 0
1.本机关不掌握相关政府
（四）无法提供
信息 4 0 0 0 0 0 4
2.没有现成信息需要另行制
- 2 -

某某区人民政府2023年政府信息公开工作年度报告
作 1 0 0 0 0 0 1
3.补正后申请内容仍不明确 0 0 0 0 0 0 0
- 3 -

某某区人民政府2023年政府信息公开工作年度报告
（七）总计 5 0 0 0 0 0 5
"""


def test_a_label_cut_by_a_page_break_and_a_running_header_keeps_its_values():
    """PDF text: the report's title printed atop every page, and the empty lines around a page number,
    are no part of the table, so 2.没有现成信息需要另行制 ⏎ - 2 - ⏎ ⏎ title ⏎ 作 1 … is one row; and a
    section label printed between a label's lines (政府 ⏎ (四)无法提供 ⏎ 信息 4 …) leaves the values
    with the row whose label they end."""
    r = extract_document(PDF_PAGES.encode(), "pdf.txt")
    got = {(c.row, c.col): c for c in r.cells if c.table == "applications"}
    assert got[("unavailable_needs_creation", "natural_person")].value == 1
    assert got[("unavailable_not_held", "natural_person")].value == 4
    assert got[("unavailable_unclear", "total")].value == 0
    assert r.issuer == "某某区人民政府"  # the title on the first page is still the title
    assert not any(c.uncertain for c in got.values())


def test_a_line_repeated_after_page_numbers_is_a_running_header_but_not_after_markdown_rules():
    from giar_pipeline.normalize import normalize

    texts = lambda doc: [t.text for row in doc.rows for t in row.tokens]  # noqa: E731
    header = "某某区人民政府2023年政府信息公开工作年度报告"
    pages = normalize(f"{header}\n规章 1\n\n- 1 -\n\n{header}\n规范性文件 2\n第2页\n\n{header}\n行政许可 3")
    assert texts(pages).count(header) == 1 and "" not in texts(pages)
    assert "" not in texts(normalize("规章 1\n\n- 1 -\n\n规范性文件 2"))  # the break's empty lines: no cells
    rules = normalize("| a | 1 |\n|---|---|\n| 0 | 0 |\n|---|---|\n| 0 | 0 |\n")
    assert texts(rules).count("0") == 4  # a table row repeated after markdown rules is no header


PDF_SLASHES = """某某区人民政府2023年政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况
自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计
三
0 0 0 0 4 0 4
.
(一)予以公开
(二)部分公开(区分处理的,
、
只计这一情形,不计其他情形) 7 0 83 0 0 7 97
（三）不予公开
1.属于国家秘密 0 0 3 0 0 2 5
2.其他法律行政法规禁止
7 7 0 0 0 4 18
公开
0 0 6 95 3 7 111
3.危及“三安全一稳定”
/ / / / / / /
4.保护第三方合法权益
5 2 0 0 0 6 13
5.属于三类内部事务信息
6.属于四类过程性信息 6 6 0 5 0 0 17
"""


def test_printed_blanks_are_a_detached_row_and_a_vertical_labels_comma_no_blank():
    """PDF text puts a row's values before its label as often as after it, and a row of printed
    blanks (/ / /) too: it is a value row of its own, not the values of the label above it. The 、 of
    a group label printed one character per line (三 ⏎ 、) is no blank value between a label's lines,
    nor is a lone mark (.) under a row printed whole on its line."""
    r = extract_document(PDF_SLASHES.encode(), "pdf.txt")
    got = {(c.row, c.col): c for c in r.cells if c.table == "applications"}
    assert got[("granted", "total")].value == 4 and got[("partially_granted", "total")].value == 97
    assert got[("denied_prohibited_by_law", "total")].value == 18
    assert got[("denied_security_stability", "total")].value == 111
    assert got[("denied_third_party_rights", "total")].value is None
    assert got[("denied_internal_affairs", "total")].value == 13
    assert not any(c.uncertain for c in got.values())


PDF_LOST_HEADING = """某某县人民政府2020年政府信息公开工作年度报告
二、主动公开政府信息情况
第二十条第(一)项
信息内容 本年新制作数量 本年新公开数量 对外公开总数量
- 17 0
规范性文件
第二十?第(五)项
信息内容 上一年项目数量 本年增/减 处理决定数量
- 2 0
行政许可
其他对外管理服务事项 0 1 0
"""


def test_a_block_heading_with_a_lost_character_still_bounds_its_detached_rows():
    """第二十?第(五)项 is the next block's heading: the value row after it is that block's, so the one
    before it goes to 规范性文件 (the only label of its block; 规章 is not printed), not in order to
    规章 and 规范性文件."""
    r = extract_document(PDF_LOST_HEADING.encode(), "pdf.txt")
    got = {(c.row, c.col): c.value for c in r.cells if c.table == "active_disclosure"}
    assert r.template == "v2019"
    assert got[("normative_documents", "published")] == 17 and got[("regulations", "published")] is None
    assert got[("administrative_licensing", "change")] == 2


def _penalty_block(values_and_labels: str) -> dict:
    text = (
        "某某县人民政府2023年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第(一)项\n"
        "信息内容 本年制发件数 本年废止件数 现行有效件数\n规章 0 0 1\n第二十条第(六)项\n"
        f"信息内容 本年处理决定数量\n{values_and_labels}\n"
        "第二十条第(八)项\n信息内容 本年收费金额(单位:万元)\n行政事业性收费 0\n"
    )
    r = extract_document(text.encode(), "pdf.txt")
    return {c.row: c for c in r.cells if c.table == "active_disclosure"}


def test_one_column_values_under_the_header_stand_before_their_labels():
    """A lone value under a one-column block's header, before any label, shows the values precede
    their labels; without one, "label ⏎ value" is read; with one value too many, the rows between
    are undecided rather than guessed."""
    before = _penalty_block("99\n行政处罚\n5\n行政强制")
    assert (before["administrative_penalty"].value, before["administrative_coercion"].value) == (99, 5)
    after = _penalty_block("行政处罚\n5\n行政强制\n7")
    assert (after["administrative_penalty"].value, after["administrative_coercion"].value) == (5, 7)
    extra = _penalty_block("99\n行政处罚\n5\n行政强制\n7")
    for row in ("administrative_penalty", "administrative_coercion"):
        assert extra[row].value is None and extra[row].uncertain
    assert extra["administrative_fees"].value == 0


def _regulations_block(header: str, rows: str) -> dict:
    text = (
        "某某县人民政府2023年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第(一)项\n"
        f"{header}\n{rows}\n第二十条第(五)项\n信息内容 本年处理决定数量\n行政许可 3\n"
    )
    r = extract_document(text.encode(), "pdf.txt")
    return {(c.row, c.col): c for c in r.cells if c.table == "active_disclosure"}


def test_short_rows_under_a_header_that_names_no_column_are_undecided():
    """Two values a row in a three-column block: under a header naming every column the last cells
    are blanks; under one that names none, a column may as well be absent (which, nothing tells),
    so the cells are undecided; a header naming two columns places the values under those."""
    named = _regulations_block("信息内容 本年制发件数 本年废止件数 现行有效件数", "规章 0 1\n规范性文件 2 3")
    assert [named[("normative_documents", c)].value for c in ("issued", "repealed", "in_force")] == [2, 3, None]
    assert not named[("normative_documents", "in_force")].uncertain
    unnamed = _regulations_block("信息内容 甲 乙", "规章 0 1\n规范性文件 2 3")
    for col in ("issued", "repealed", "in_force"):
        assert unnamed[("normative_documents", col)].value is None and unnamed[("normative_documents", col)].uncertain
    assert unnamed[("administrative_licensing", "decisions")].value == 3
    two = _regulations_block("信息 本年 现行\n内容 制发 有效\n件数 件数", "规章 0 1\n规范性文件 2 3")
    assert [two[("normative_documents", c)].value for c in ("issued", "repealed", "in_force")] == [2, None, 3]


def _active_disclosure(text: str, name: str) -> dict:
    r = extract_document(text.encode(), name)
    return {(c.row, c.col): c.value for c in r.cells if c.table == "active_disclosure"}


def test_a_grid_rows_empty_cells_count_as_columns_under_a_broken_header():
    """Converter markdown: a header broken into fragments names one column outright, but the grid row
    has a cell for each of three columns, so its one number is the first column's, not that one's."""
    text = (
        "某某县人民政府2019年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第(一)项\n"
        "信息内本年新本年新对外公\n容制作数公开数开总数\n| 容 | 量 | 量 | 量 |\n|---|---|---|---|\n| 规章 | 3 |  |  |\n"
        "| 规范性文件 | 1 |  |  |\n第二十条第(五)项\n信息内容 上一年项目数量 本年增/减 处理决定数量\n"
        "行政许可 0 1 2\n其他对外管理服务事项 0 0 0\n第二十条第(六)项\n信息内容 上一年项目数量 本年增/减 处理决定数量\n"
        "行政处罚 0 1 1\n行政强制 0 0 0\n"
    )
    got = _active_disclosure(text, "md.md")
    assert (got[("regulations", "made")], got[("regulations", "total_published")]) == (3, None)


PDF_INTERLEAVED = """某某区人民政府2023年政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况
自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计
一、本年新收政府信息公开申请数量 5 0 0 0 1 0 6
二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0
(六)其他处理
1.申请人无正当理由逾期 1 0 0 0 0 0 1
理
不补正、行政机关不再处理
其政府信息公开申请
2.申请人逾期未按收费通
2 0 0 0 1 0 3
知要求缴纳费用、行政机关
不再处理其政府信息公开申
请
3.其他 0 0 0 0 2 0 2
"""


def test_a_label_wrapped_after_its_values_past_a_vertical_group_character():
    """逾期 1 0 … ⏎ 理 ⏎ 不补正…: the 理 of 三、本年度办理结果 printed one character per line stands
    between the label's lines; the values still belong to the label they start, and the value row
    between the next label's fragments to that one."""
    r = extract_document(PDF_INTERLEAVED.encode(), "pdf.txt")
    got = {(c.row, c.col): c for c in r.cells if c.table == "applications"}
    assert got[("other_no_correction", "total")].value == 1
    assert got[("other_fee_unpaid", "total")].value == 3
    assert got[("other_other", "total")].value == 2
    assert not any(c.uncertain for c in got.values())


PDF_SPLIT_BY_VALUES = """某某区人民政府2023年政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况
自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计
一、本年新收政府信息公开申请数量 5 0 0 0 1 0 6
二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0
(五)不予处理
3.要求提供公开出版物 0 0 0 0 0 0 0
0 5 0 7 0 0 12
5.要求行政机关确认或重新出具已获
取信息
(六)其他处理
1 0 0 0 0 0 1
1.申请人无正当理由逾期不补正、行
政机关不再处理其政府信息公开申请
2.申请人逾期未按收费通知要求缴纳
0 0 6 1 0 47 54
费用、行政机关不再处理其政府信息公
开申请
3.其他 0 5 0 0 2 0 7
"""


def test_a_label_split_by_its_own_value_row_is_one_row_of_the_order():
    """缴纳 ⏎ 0 0 6 … ⏎ 费用、…: the value row stands between the label's lines. The label is still
    read, so the three detached rows go in order to the three labels without values beside them
    (4.无正当理由大量反复申请 is not printed: counting catalogue rows would not fit)."""
    r = extract_document(PDF_SPLIT_BY_VALUES.encode(), "pdf.txt")
    got = {(c.row, c.col): c for c in r.cells if c.table == "applications"}
    assert got[("not_processed_confirmation", "total")].value == 12
    assert got[("other_no_correction", "total")].value == 1
    assert got[("other_fee_unpaid", "total")].value == 54
    assert got[("not_processed_excessive", "total")].value is None


def test_a_printed_blank_beside_a_label_stays_its_own_when_the_value_below_is_the_next_rows():
    """传真申请数 / ⏎ 0 ⏎ 网络申请数: the 0 below stands before the next label (values precede their
    labels in this block); the label's own cell is the blank printed beside it, not that 0."""
    rows = {r.code: r.labels[0] for r in load().template("v2008").table("statistics").rows}
    lines = [f"{rows[code]} 1" for code in list(rows)[:8]]
    lines += [
        f"{rows['applications_completed']} /",
        "0",
        rows["applications_on_time"],
        f"{rows['applications_extended']} 2",
    ]
    text = "某某县某某局2012年政府信息公开工作年度报告\n" + "\n".join(lines) + "\n"
    r = extract_document(text.encode(), "pdf.txt")
    got = {c.row: c for c in r.cells if c.table == "statistics"}
    assert r.status == "ok" and got["applications_completed"].value is None
    assert got["applications_on_time"].value == 0 and got["applications_extended"].value == 2


@pytest.mark.parametrize("group", ["行政复议", "行政复 议"])
def test_a_glued_review_row_of_a_table_without_one_column_is_still_its_row(group):
    """行政复议 without its 结果维持 column: fourteen digits for fifteen catalogue columns are still
    the label-less row after the table's title (header words glued after it, a space inside one),
    and the header says which column is absent."""
    rows = "".join(
        f"{r.labels[0]}{'1000001' if r.code == 'granted' else '0000000'}"
        for r in load().template("v2019").table("applications").rows
    )
    body = (
        "三、收到和处理政府信息公开申请情况申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织"
        "法律服务机构其他" + rows + f"四、政府信息公开行政复议、行政诉讼情况{group}行政诉讼结果纠正其他结果"
        "尚未审结总计未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果"
        "尚未审结总计00000500500022"
    )
    r = extract_document(_glued_report(body), "glued.txt")
    got = {c.col: c for c in r.cells if c.table == "review_litigation"}
    assert got["review_upheld"].value is None and got["review_total"].value == 0
    assert (got["direct_suit_corrected"].value, got["direct_suit_total"].value) == (5, 5)
    assert (got["suit_after_review_pending"].value, got["suit_after_review_total"].value) == (2, 2)


def _glued_applications(rows: list[str], last_columns: str) -> dict:
    """Table 三 of a glued report: its header up to 社会公益组织, then ``last_columns``, then the rows."""
    body = (
        "三、收到和处理政府信息公开申请情况申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织"
        + last_columns
        + "".join(rows)
    )
    r = extract_document(_glued_report(body), "glued.txt")
    return {(c.row, c.col): c for c in r.cells if c.table == "applications"}


def test_a_glued_section_label_before_a_numbered_row_is_no_row_of_its_own():
    """(四)无法提供2.没有现成…: with 1.本机关不掌握… not printed, the section label and the 2 of the next
    row's numbering are no row with a value: the absent row is absent (null, not uncertain)."""
    rows = []
    for r in load().template("v2021").table("applications").rows:
        if r.code == "unavailable_not_held":
            continue
        group = "(四)无法提供" if r.code == "unavailable_needs_creation" else ""
        rows.append(f"{group}{r.labels[0]}{'1000001' if r.code == 'granted' else '0000000'}")
    got = _glued_applications(rows, "法律服务机构其他")
    assert got[("unavailable_not_held", "total")].value is None
    assert not got[("unavailable_not_held", "total")].uncertain
    assert got[("unavailable_needs_creation", "total")].value == 0


def test_glued_rows_of_a_table_without_a_column_and_a_blank_row_before_a_numbered_one():
    """法律服务机构 left out of the table: six digits a row. A row of printed blanks runs into the next
    row's numbering (//////4.保护…): that 4 is no seventh cell, so the table still has six columns."""
    rows = []
    for r in load().template("v2019").table("applications").rows:
        cells = {"granted": "100001", "denied_security_stability": "//////"}.get(r.code, "000000")
        rows.append(f"{r.labels[0]}{cells}")
    got = _glued_applications(rows, "其他")
    assert (got[("granted", "natural_person")].value, got[("granted", "total")].value) == (1, 1)
    assert got[("granted", "legal_service")].value is None and not got[("granted", "legal_service")].uncertain
    assert got[("denied_third_party_rights", "total")].value == 0


def test_a_double_space_among_single_ones_is_an_empty_cell():
    """A converter joins a row's cells with one space, so an empty cell leaves two: 其他对外管理服务事项
    ⎵⎵-1 0 is (blank, -1, 0) and 行政处罚 0⎵⎵0 is (0, blank, 0). A row of single gaps keeps the
    left-aligned reading, and a table of wide gaps (fixed width) is read by its columns instead."""
    from giar_pipeline.normalize import normalize

    text = (
        "某某县人民政府2019年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第(五)项\n"
        "信息内容上一年项目数量本年增/减处理决定数量\n行政许可 7 2\n其他对外管理服务事项  -1 0\n"
        "第二十条第(六)项\n信息内容上一年项目数量本年增/减处理决定数量\n行政处罚 0  0\n行政强制 3 5 6\n"
        "第二十条第(九)项\n信息内容采购项目数量采购总金额\n政府集中采购  9\n"
    )
    got = _active_disclosure(text, "a.txt")
    assert [got[("other_external_services", c)] for c in ("prior_year_items", "change", "decisions")] == [None, -1, 0]
    assert [got[("administrative_penalty", c)] for c in ("prior_year_items", "change", "decisions")] == [0, None, 0]
    assert [got[("administrative_licensing", c)] for c in ("prior_year_items", "change", "decisions")] == [7, 2, None]
    # one double gap alone on its line: an empty cell too, in a document whose rows mix them
    assert [got[("centralized_procurement", c)] for c in ("procurement_items", "procurement_amount")] == [None, 9]
    wide = [t.text for row in normalize("行政处罚  0  0").rows for t in row.tokens]
    assert wide == ["行政处罚", "0", "0"]  # every gap double: alignment, no empty cell
    broken = [t.text for row in normalize("规范性文 件  0  0  6").rows for t in row.tokens]
    assert "" not in broken  # the single gap is inside the label (件 reads as a unit), not among cells


V2008_LABELS = {r.code: r.labels[0] for r in load().template("v2008").table("statistics").rows}


def _v2008_markdown(first_rows: int, rest: str) -> dict:
    """A converter's markdown of the 2008-era table: its first rows as a grid (each 1), then ``rest``."""
    grid = "".join(f"| {V2008_LABELS[code]} | 1 |\n" for code in list(V2008_LABELS)[:first_rows])
    text = "某某县某某局2012年政府信息公开工作年度报告\n| 统计指标 | 统计数 |\n|---|---|\n" + grid + rest
    return {c.row: c.value for c in extract_document(text.encode(), "a.md").cells if c.table == "statistics"}


def test_a_one_cell_table_after_a_grid_row_is_a_detached_row_not_a_second_cell():
    """Converter markdown breaks a one-column table at page breaks: | 15 | after | 4.…微信… | 49 | is
    the value row of the loose label after it (5.其他方式…), not a second value of the row above."""
    rows = V2008_LABELS
    got = _v2008_markdown(
        6,  # up to channel_weibo
        f"| {rows['channel_wechat']} | 49 |\n\n| 15 |\n|---|\n\n{rows['channel_other'][:-3]}\n"
        f"{rows['channel_other'][-3:]}\n| {rows['response_hotspots']} | 3 |\n",
    )
    assert (got["channel_wechat"], got["channel_other"], got["response_hotspots"]) == (49, 15, 3)


def test_an_annotation_printed_one_character_per_line_leaves_no_cells_or_label_words():
    """三、本年度辦(bàn)理結果 printed vertically puts ( b à n ) on lines of their own or before a
    row's label: in a text with pinyin annotations they are debris, neither blank cells nor label words."""
    from giar_pipeline.normalize import normalize

    doc = normalize("機關(guān)\n辦\n(\nb\nà\n2.其他 0 1\nn\n) 3.其他法律 4 5\n規章(guī) 6")
    texts = [t.text for row in doc.rows for t in row.tokens]
    assert texts == ["机关", "办", "2.其他", "0", "1", "3.其他法律", "4", "5", "规章", "6"]
    plain = normalize("办\nb\n2.其他 0 1")  # no annotation anywhere: a letter is kept
    assert "b" in [t.text for row in plain.rows for t in row.tokens]


def test_a_label_wrapped_after_its_values_with_a_character_lost_on_its_next_line():
    """2.申请人逾期未按收费通知 4 0 … ⏎ 要求缴纳?用、…: the lost character (?) stands for any one, so the
    wrapped label is still read whole, with the values on its first line."""
    text = PDF_INTERLEAVED.replace("2.申请人逾期未按收费通\n2 0 0 0 1 0 3\n知要求缴纳费用、行政机关\n", "")
    text = text.replace(
        "不再处理其政府信息公开申\n请\n",
        "2.申请人逾期未按收费通知 2 0 0 0 1 0 3\n要求缴纳?用、行政机关不再\n处理其政府信息公开申请\n",
    )
    r = extract_document(text.encode(), "pdf.txt")
    got = {(c.row, c.col): c for c in r.cells if c.table == "applications"}
    assert got[("other_fee_unpaid", "total")].value == 3 and got[("other_other", "total")].value == 2


def test_a_one_cell_table_before_a_loose_label_shows_values_precede_labels():
    """| 0 | ⏎ (4)信函申请数 ⏎ | 72 | ⏎ 二、申请办结数: the value before the loose label is its own, so the
    one after it is the next label's, not this one's (which would leave the 0 to no row)."""
    rows = V2008_LABELS
    got = _v2008_markdown(
        8,
        f"| {rows['applications_online']} | 4 |\n\n| 0 |\n|---|\n\n{rows['applications_mail']}\n| 72 |\n|---|\n\n"
        f"{rows['applications_completed']}\n| {rows['applications_on_time']} | 70 |\n",
    )
    assert (got["applications_online"], got["applications_mail"], got["applications_completed"]) == (4, 0, 72)


def test_a_label_printed_one_character_per_line_keeps_characters_that_read_as_units():
    """涉 ⏎ 及 ⏎ 个 ⏎ 人 ⏎ 私 件 4 (涉及个人隐私, 隐 dropped): 个 and 人 alone read as units, yet they are the
    label's characters; the run is one label, its last character beside the unit and value."""
    from giar_pipeline.normalize import normalize

    texts = [t.text for row in normalize("涉\n及\n个\n人\n私 件 4").rows for t in row.tokens]
    assert texts[0] == "涉及个人" and texts[-1] == "4"
    blank = [t.text for row in normalize("秘\n密   件\n涉\n及\n个\n人\n隐\n私   件   10").rows for t in row.tokens]
    assert blank[:3] == ["秘", "密", "件"] and "涉及个人隐" in blank  # 密 件: a label's end and its unit
    split = [t.text for row in normalize("府信息公开申\n果 请").rows for t in row.tokens]
    assert split == ["府信息公开申", "果", "请"]  # a group's character, then the label's last one
    units = [t.text for row in normalize("件\n条\n个\n0").rows for t in row.tokens]
    assert units[:3] == ["件", "条", "个"]  # units alone: no label to join


def test_a_glued_header_word_stuck_to_the_first_label_still_names_its_column():
    """…上一年项目数量本年增/减行政 事业性收费30: the space inside the label kept the cut from falling
    before it, so 本年增/减 stands in the label's piece; it is still the header's, and 30 is 3 and 0."""
    rows = [f"{r.labels[0]}0000000" for r in load().template("v2019").table("applications").rows]
    body = (
        "二、主动公开政府信息情况第二十条第(八)项信息内容上一年项目数量本年增/减行政 事业性收费30"
        "第二十条第(九)项信息内容采购项目数量采购总金额政府集中采购10"
    )
    r = extract_document(_glued_report(body + "三、收到和处理政府信息公开申请情况" + "".join(rows)), "glued.txt")
    fees = {c.col: c.value for c in r.cells if c.table == "active_disclosure" and c.row == "administrative_fees"}
    assert fees == {"prior_year_items": 3, "change": 0}


PDF_GLIMPSED = """某某区人民政府2023年政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况
自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计
一、本年新收政府信息公开申请数量 5 0 0 0 1 0 6
二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0
3.要求提供公开出版物 0 0 0 0 0 0 0
4.无正当理由大量反复申请 3 0 0 0 0 0 3
或重新出具已获取信息
5 0 0 0 0 0 5
(六)其他处理
1.申请人无正当理由逾期
不补正、行政机关不再处理其政府信息公开申请
2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 7 0 0 0 0 0 7
"""


def test_a_row_whose_broken_label_still_shows_counts_among_the_labels_of_detached_rows():
    """或重新出具已获取信息 (a line without values) is too little of 5.要求行政机关确认… to match, but
    words no other label has show the row is printed: the one detached row (5 … 5) may be its or
    1.申请人无正当理由逾期…'s, so both are undecided, not the 5s given to the only label matched."""
    r = extract_document(PDF_GLIMPSED.encode(), "pdf.txt")
    got = {(c.row, c.col): c for c in r.cells if c.table == "applications"}
    for row in ("not_processed_confirmation", "other_no_correction"):
        assert got[(row, "total")].value is None and got[(row, "total")].uncertain
    assert got[("other_fee_unpaid", "total")].value == 7 and got[("not_processed_excessive", "total")].value == 3


def test_a_glued_review_row_under_a_header_without_one_column_keeps_that_groups_sum():
    """Glued text (seed 70006): the header leaves out 未经复议直接起诉's 结果纠正, and the row's digits
    0084120134796610146 are cut into the 14 columns printed. The group's sum still holds over its
    printed parts (the absent one counts nothing), so its cut is unique; only 复议后起诉's 66 1 | 6 61
    is left undecided, as the truth has it."""
    doc = render_document(70006, layout="glued_text", template="v2019")
    truth = {
        c["col"]: (c["value"], bool(c.get("uncertain")))
        for c in doc.truth["cells"]
        if c["table"] == "review_litigation"
    }
    got = {
        c.col: (c.value, c.uncertain)
        for c in extract_document(doc.data, doc.name).cells
        if c.table == "review_litigation"
    }
    assert truth["direct_suit_corrected"] == (None, False) and truth["direct_suit_total"] == (4, False)
    assert got == truth


def test_a_glued_remark_that_lost_its_unit_keeps_its_digit():
    """(不同渠道和方式公开相同信息计1?)条4: the remark's 条 was lost to '?'; its 1 is still the label's,
    and the row's value the 4 after its unit."""
    rows = glued_rows(
        "一、主动公开情况(一)主动公开政府信息数(不同渠道和方式公开相同信息计1?)条4其中:主动公开规范性文件数条0", 1
    )
    first = next(r for r in rows if any("相同信息" in t.text for t in r))
    assert [t.text for t in first if t.kind is NUM] == ["4"]


def test_a_glued_label_spelled_with_the_other_word_is_still_cut_off_the_header():
    """采购总金额政务集中采购40: 政务 for 政府 (a spelling reports use either way) still starts a label, so
    the row is not glued to the header word before it."""
    rows = glued_rows(
        "第二十条第(九)项信息内容采购项目数量采购总金额政务集中采购40三、收到和处理政府信息公开申请情况", 1
    )
    assert [t.text for t in next(r for r in rows if any(t.kind is NUM for t in r))] == ["政务集中采购", "40"]
