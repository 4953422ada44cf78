"""Extraction of small hand-built documents, one tricky case each."""

from __future__ import annotations

import pytest

from giar_pipeline.catalogue import load
from giar_pipeline.extract import extract_document


def _extract(text: str, encoding: str = "utf-8") -> dict:
    return extract_document(text.encode(encoding), "case.txt").to_json_dict()


def _cells(report: dict, table: str) -> dict:
    return {(c["row"], c["col"]): c["value"] for c in report["cells"] if c["table"] == table}


V2008_ROWS = [(r.code, r.labels[0], r.unit) for r in load().template("v2008").table("statistics").rows]


def _v2008(values: dict[str, object], sep: str = " | ", extra: str = "") -> str:
    lines = [
        "某某县某某局2016年政府信息公开工作年度报告",
        "政府信息公开情况统计表",
        f"统计指标{sep}单位{sep}统计数",
        f"一、主动公开情况{sep}——{sep}57",
    ]  # a stray number on a section row is no cell
    for code, label, unit in V2008_ROWS:
        v = values.get(code, 0)
        lines.append(f"{label}{sep}{unit}{sep}{'' if v is None else v}")
    return "\n".join(lines) + extra


def test_v2008_pipes_with_stray_section_number_and_digit_in_label():
    r = _extract(_v2008({"active_items": 12, "channel_website": 12}))
    assert r["template"] == "v2008" and r["report_year"] == 2016 and r["issuer"] == "某某县某某局"
    cells = _cells(r, "statistics")
    assert cells[("active_items", "value")] == 12  # not the 1 of 计1条, not the stray 57
    assert cells[("channel_website", "value")] == 12
    assert r["violations"] == []


def test_v2008_whitespace_with_blanks_absent_and_violation():
    r = _extract(_v2008({"staff_total": 5, "staff_full_time": 1, "staff_part_time": 1, "meetings": None}, sep=" "))
    cells = _cells(r, "statistics")
    assert cells[("meetings", "value")] is None
    assert cells[("staff_total", "value")] == 5
    assert "staff_by_kind" in r["violations"]


def _applications_only(gen: str, values) -> str:
    """A report whose only table is 收到和处理政府信息公开申请情况, in pipe rows."""
    header = "申请人情况 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计"
    rows = [header]
    for row in load().template(gen).table("applications").rows:
        label = (row.group + " | " if row.group else "") + row.labels[0]
        rows.append(label + " | " + " | ".join(map(str, values(row.code))))
    return (
        "某市某区人民政府2022年政府信息公开工作年度报告\n发布日期:2023-01-20\n"
        "三、收到和处理政府信息公开申请情况\n" + "\n".join(rows) + "\n"
    )


def test_a_report_with_only_the_applications_table_is_read_by_its_rows():
    """No marker phrase names v2019 there: the generation whose rows read best wins."""
    for gen in ("v2019", "v2021"):
        r = _extract(_applications_only(gen, lambda code: [1, 0, 0, 0, 0, 0, 1]))
        assert r["status"] == "ok" and r["template"] == gen
        assert _cells(r, "applications")[("carried_forward", "total")] == 1


def test_relation_failures_name_their_member():
    def values(code):
        if code == "granted":
            return [1, 0, 0, 0, 0, 0, 2]  # the applicant columns do not add up to 总计
        return [1, 0, 0, 0, 0, 0, 1] if code in ("new_received", "total_handled") else [0] * 7

    r = _extract(_applications_only("v2021", values))
    assert r["template"] == "v2021" and r["published_on"] == "2023-01-20"
    cells = _cells(r, "applications")
    assert cells[("granted", "total")] == 2 and cells[("denied_state_secret", "natural_person")] == 0
    assert "applications_applicants_sum_to_total[granted]" in r["violations"]
    assert "applications_outcomes_sum_to_total[total]" in r["violations"]


def test_missing_rows_are_null_and_absent_template_is_quarantined():
    r = _extract(_v2008({}).replace("2.传真申请数 | 件 | 0\n", ""))
    assert _cells(r, "statistics")[("applications_fax", "value")] is None
    q = _extract("这是一份普通的通知,没有任何统计表。\n2019年1月1日")
    assert q["status"] == "quarantined" and "no statistics table" in q["reason"] and q["cells"] == []


def test_traditional_gb18030_and_chinese_numeral_signature_date():
    text = _v2008({"trainees": 30}, extra="\n\n某某县某某局\n二〇一七年一月十五日\n")
    r = _extract(text, "gb18030")
    assert r["published_on"] == "2017-01-15"
    assert _cells(r, "statistics")[("trainees", "value")] == 30


def test_fill_in_date_is_no_publication_date():
    r = _extract(_v2008({}, extra="\n填报日期:2017年3月9日\n"))
    assert r["published_on"] is None


def test_a_period_broken_over_lines_is_no_signature_and_an_attachment_glued_to_one_is_cut_off():
    r = _extract(_v2008({}, extra="\n所列数据统计期限为2017年1月1日至\n2017年12月31日。\n"))
    assert r["published_on"] is None
    r = _extract(_v2008({}, extra="\n某某县某某局\n二〇一八年二月二十七日附件：政府信息公开情况统计表\n"))
    assert r["published_on"] == "2018-02-27"
    r = _extract(_v2008({}, extra="\n某某县某某局\n- 2 -\n\n2018-01-02\n"))  # a page number is no period
    assert r["published_on"] == "2018-01-02"


def test_titles_that_wrap_the_issuer_in_other_words_and_a_portals_bare_date_line():
    body = _v2008({}).split("\n", 1)[1]
    r = _extract("某某市生态环境局关于2020年度政府信息公开工作年度报告的公告\n" + body)
    assert (r["issuer"], r["report_year"]) == ("某某市生态环境局", 2020)
    r = _extract("2020年度某某县人民政府信息公开工作年度报告\n" + body)  # one 政府 for both words
    assert r["issuer"] == "某某县人民政府"
    r = _extract("关于印发《某某市2020年政府信息公开工作年度报告》的通知\n" + body)
    assert r["issuer"] == "某某市"
    r = _extract("某某市卫生健康委员会2020年政府信息公开工作年度报告\n日期：2021年01月28日 来源：本网\n" + body)
    assert r["published_on"] == "2021-01-28"
    r = _extract("日期 2021-01-29\n某某市人民政府 关于 2020 年度政府信息公开工作年度报告的公告\n" + body)
    assert (r["issuer"], r["published_on"]) == ("某某市人民政府", "2021-01-29")
    r = _extract("某某市卫生健康委员会2020年政府信息公开工作年度报告\n统计日期：2021年01月28日\n" + body)
    assert r["published_on"] is None  # a date of something else


def test_title_over_two_lines_and_year_first():
    body = _v2008({}).split("\n", 1)[1]
    r = _extract("某某市某某局\n2018年政府信息公开工作年度报告\n" + body)
    assert (r["issuer"], r["report_year"]) == ("某某市某某局", 2018)
    r = _extract("2018年某某市人民政府政府信息公开工作年度报告\n" + body)
    assert (r["issuer"], r["report_year"]) == ("某某市人民政府", 2018)
    # the body's first sentence names the report too, but a title broken over two lines comes first
    r = _extract(
        "2018 年度某某乡人民政府信息公开工作\n年度报告\n现?某某乡人民政府2018年度政府信息公开工作情况报告如下。\n"
        + body
    )
    assert (r["issuer"], r["report_year"]) == ("某某乡人民政府", 2018)


def test_labels_without_their_parenthetical_remark():
    text = _v2008(
        {"active_items": 7, "staff_full_time": 2, "staff_part_time": 1, "staff_total": 3, "budget_10k_yuan": 1.5}
    )
    for _code, label, _unit in V2008_ROWS:
        if label.endswith(")"):
            text = text.replace(label, label[: label.rindex("(")])
    cells = _cells(_extract(text), "statistics")
    assert (
        cells[("active_items", "value")],
        cells[("staff_full_time", "value")],
        cells[("budget_10k_yuan", "value")],
    ) == (7, 2, 1.5)


def test_a_signature_glued_to_a_short_last_sentence():
    body = _v2008({}).split("\n", 1)[1]
    r = _extract("根据条例编制本报告。\n" + body + "\n六、其他需要报告的事项无。某某县统计局二〇二四年二月十五日\n")
    assert (r["issuer"], r["published_on"]) == ("某某县统计局", "2024-02-15")


def test_issuer_from_the_signature_when_nothing_else_names_it():
    body = _v2008({}).split("\n", 1)[1]  # no title line, no 发布机构 or 填报单位
    r = _extract("根据条例编制本报告。\n" + body + "\n\n某某县某某镇人民政府\n2017年2月3日\n")
    assert (r["issuer"], r["published_on"]) == ("某某县某某镇人民政府", "2017-02-03")


def test_an_internal_error_quarantines_one_document(monkeypatch):
    import giar_pipeline.extract.document as document

    def broken(doc, template):
        raise RuntimeError("simulated parser bug")

    monkeypatch.setattr(document, "read_cells", broken)
    r = _extract(_v2008({}))
    assert r["status"] == "quarantined" and "simulated parser bug" in r["reason"] and r["sha256"]


def test_lost_characters_that_fit_two_neighbouring_rows_take_the_first():
    """3.政务微?公开… fits 微博 and 微信 alike (a '?' stands for any character); read in order, it is
    微博's, and 4.政务微信公开政?信息数 after it is 微信's."""
    text = _v2008({"channel_weibo": 3, "channel_wechat": 4})
    text = text.replace("3.政务微博公开政府信息数", "3.政务微?公开政府信息数").replace(
        "4.政务微信公开政府信息数", "4.政务微信公开政?信息数"
    )
    cells = _cells(_extract(text), "statistics")
    assert (cells[("channel_weibo", "value")], cells[("channel_wechat", "value")]) == (3, 4)


def _fixed_width(label: str, values: list) -> str:
    """A fixed-width text row: the label padded to 60 display columns, each value right-aligned in 6."""
    width = sum(2 if ord(ch) > 0x2E80 else 1 for ch in label)
    return label + " " * (60 - width) + "".join(f"{'' if v is None else v:>6}" for v in values)


APPLICATIONS_WITHOUT_OTHER = "\n".join(
    [
        "某某县人民政府2021年政府信息公开工作年度报告",
        "三、收到和处理政府信息公开申请情况",
        "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)   申请人情况",
        "自然人   法人其他组织   总计",
        "商业企业   科研机构   社会公益组织   法律服务机构",
        _fixed_width("一、本年新收政府信息公开申请数量", [73, 12, 84, 15, 73, 257]),
        _fixed_width("二、上年结转政府信息公开申请数量", [None, None, 1, 6, 0, 7]),
        _fixed_width("三、本年度办理结果   (一)予以公开", [0, 0, 0, 0, 4, 4]),
        _fixed_width("(二)部分公开(区分处理的,只计这一情形,不计其他情形)", [0, 0, 0, 0, 4, 4]),
    ]
)


def test_a_fixed_width_table_without_one_column_and_a_group_label_missing_a_character():
    """其他 left out of the table: six columns, the widest rows fix their edges, and a short row is
    placed by its numbers' positions. 法人其他组织 (或 dropped) is still the group label, so the 其他
    inside it names no column."""
    cells = _cells(_extract(APPLICATIONS_WITHOUT_OTHER), "applications")
    row = [cells[("carried_over", c)] for c in ("natural_person", "commercial", "research", "legal_service", "total")]
    assert row == [None, None, 1, 0, 7]
    assert cells[("new_received", "other_org")] is None and cells[("new_received", "total")] == 257


def test_a_column_label_with_a_space_before_a_unit_like_word_is_still_its_label():
    """自然 人 (a space inside the label) must not read as the label 自然 and the unit 人: the header
    then names all six columns the table has (法律服务机构 left out)."""
    cells = ["自然 人", "法人或其他组织", "总计", "商业企业", "科研机构", "社会公益组织", "其他"]
    rows = [("一、本年新收政府信息公开申请数量", [13, 4, 11, 1911, 3, 1942])]
    rows += [("二、上年结转政府信息公开申请数量", [0, 0, 0, 0, 1, 1]), ("(一)予以公开", [1, 0, 0, 0, 0, 1])]
    lines = ["某某县人民政府2021年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况", *cells]
    for label, values in rows:
        lines += [label, *map(str, values)]
    got = _cells(_extract("\n".join(lines)), "applications")
    assert [got[("new_received", c)] for c in ("natural_person", "public_interest", "other_org", "total")] == [
        13,
        1911,
        3,
        1942,
    ]
    assert got[("new_received", "legal_service")] is None


@pytest.mark.parametrize("granted", ["三、本年度办理结果 (一)予以公?", "三、本年度办理结果 (一)予以开"])
def test_a_grouped_label_with_a_lost_character_and_a_total_cut_to_one_character(granted):
    """三、本年度办理结果 (一)予以公? or 予以开 is 予以公开 after its group (a character lost to '?' or
    dropped: the row's own words are compared without the group's), and (七)、总 with
    its numbers is the one row missing between its neighbours (总计 lost its 计)."""
    lines = [
        "某某县人民政府2020年政府信息公开工作年度报告",
        "自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计",
    ]
    for r in load().template("v2019").table("applications").rows:
        if r.code == "carried_over":
            continue  # not printed: 予以公? is not the only row between its neighbours
        label = {"granted": granted, "total_handled": "(七)、总"}.get(r.code, r.labels[0])
        values = "1 0 0 0 0 0 1" if r.code in ("granted", "total_handled") else "0 0 0 0 0 0 0"
        lines.append(f"{label} {values}")
    got = _cells(_extract("\n".join(lines)), "applications")
    assert got[("granted", "natural_person")] == 1 and got[("granted", "total")] == 1
    assert got[("total_handled", "natural_person")] == 1 and got[("total_handled", "total")] == 1


def test_a_header_word_after_the_review_tables_title_is_no_row_of_another_table():
    """(七)总 ? (计 lost), a damaged row after it, and the review table's header ending … 尚 ⏎ 未审结 ⏎
    总计: that 总计 is a column of 行政复议/诉讼, after its title, not the row 总计 of table 三."""
    lines = [
        "某某县人民政府2021年政府信息公开工作年度报告",
        "自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计",
    ]
    for r in load().template("v2021").table("applications").rows:
        label = {"total_handled": "(七)总 ?", "carried_forward": "四、结转下 年度?续办理"}.get(r.code, r.labels[0])
        lines.append(f"{label} {'2 0 0 0 0 0 2' if r.code in ('granted', 'total_handled') else '0 0 0 0 0 0 0'}")
    lines += [
        "四、政府信息公开行政复议、行政诉讼情况",
        "行政复议",
        "结果维持",
        "结果纠正",
        "其他结果",
        "尚",
        "未审结",
        "总计",
    ]
    lines.append(" ".join(["0"] * 15))
    got = _cells(_extract("\n".join(lines)), "applications")
    assert got[("total_handled", "natural_person")] == 2 and got[("total_handled", "total")] == 2


def test_a_row_label_after_its_group_label_missing_a_character_in_another_cell():
    """三、本年度办理结 ⎵⎵⎵ (一)予以公开 0 …: the group label lost its 果, so it is no known prefix; the
    numbering inside the label still marks where the row's own words begin."""
    lines = [
        "某某县人民政府2020年政府信息公开工作年度报告",
        "自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计",
    ]
    for r in load().template("v2021").table("applications").rows:
        if r.code == "carried_over":
            continue  # 予以公开 is then not the only row between its neighbours
        label = "三、本年度办理结   (一)予以公开" if r.code == "granted" else r.labels[0]
        lines.append(f"{label}   {'4   0   0   0   0   0   4' if r.code == 'granted' else '0   0   0   0   0   0   0'}")
    got = _cells(_extract("\n".join(lines)), "applications")
    assert got[("granted", "natural_person")] == 4 and got[("granted", "total")] == 4
