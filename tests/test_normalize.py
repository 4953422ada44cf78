"""Normalization edge cases: encodings, script, width, pinyin, blanks, HTML structure."""

from __future__ import annotations

import re

import pytest

from giar_pipeline.normalize import BLANK, NUM, TEXT, UNIT, DecodeError, clean, decode, key, normalize
from giar_pipeline.normalize.html import html_lines
from giar_pipeline.normalize.tokens import classify

TRAD = "政府信息公開工作年度報告\n一、本年新收政府信息公開申請數量 | 3 | 1\n"
SIMP = "政府信息公开工作年度报告\n一、本年新收政府信息公开申请数量 | 3 | 1\n"


@pytest.mark.parametrize(
    "text, encoding",
    [
        (SIMP, "utf-8"),
        (SIMP, "utf-8-sig"),
        (SIMP, "gb18030"),
        (TRAD, "big5"),
        (SIMP, "utf-16"),
    ],
)
def test_decodes_every_supported_encoding(text, encoding):
    got, _ = decode(text.encode(encoding))
    assert got == text


def test_utf16_without_bom_and_gbk_declared_in_html():
    assert decode(SIMP.encode("utf-16-le"))[0] == SIMP
    page = '<html><head><meta charset="gbk"></head><body><p>政府信息公开</p></body></html>'
    assert decode(page.encode("gb18030"))[0] == page


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (b"", "the file is empty"),
        (b"   \n", "the file is empty"),
        (bytes(range(256)) * 8, "convert it to UTF-8"),
        (b"\x00\x01\x02\x03" * 400, "convert it to UTF-8"),
    ],
)
def test_undecodable_input_raises_a_clear_error(raw, says):
    with pytest.raises(DecodeError, match=says):
        decode(raw)


def test_clean_removes_pinyin_and_marks_lost_letters():
    assert clean("大埔鎮(zhèn)人民政府") == "大埔鎮人民政府"
    assert clean("成果,F(xiàn)將") == "成果,?將"  # the letter stood for a lost character
    assert clean("网址(http)与(PDF)") == "网址(http)与(PDF)"  # no tone mark: not pinyin


def test_clean_unifies_width_spaces_and_dashes():
    assert clean("（一）主动　公开１２，３４５") == "(一)主动 公开12,345"
    assert clean("－－") == "——"
    assert clean("\xa0 x \u3000") == "x"


def test_page_breaks_and_control_characters_are_spaces():
    assert clean("\x0c一、本年新收\x0b申请数量\x00") == "一、本年新收 申请数量"
    doc = normalize("标题\n\x0c\n规章 | 1 | 2 | 3\n")
    assert [[t.kind for t in r.tokens] for r in doc.rows if r.multi] == [[TEXT, NUM, NUM, NUM]]
    assert not any(r.line == 2 for r in doc.rows)  # the page break is no (empty) cell


def test_key_ignores_numbering_punctuation_spaces_and_swaps():
    assert key(clean("（二）部分公开")) == key("2.部分公开") == key("二、部分 公开") == "部分公开"
    assert key("3.政务微博公开政府信息数") == key("3、政府微博公开政府信息数")
    assert key("不是《条列》所指政府信息") == key("不是《条例》所指政府信息")
    assert key("其中:主动公开规范性文件数") == "主动公开规范性文件数"


@pytest.mark.parametrize(
    "text, kind, value",
    [
        ("12", NUM, 12),
        ("1,234", NUM, 1234),
        ("0.5", NUM, 0.5),
        ("251000元", NUM, 251000),
        ("-3", NUM, -3),
        ("12.0", NUM, 12),
        ("", BLANK, None),
        ("/", BLANK, None),
        ("—", BLANK, None),
        ("-", BLANK, None),
        ("无", BLANK, None),
        ("万元", UNIT, None),
        ("人次", UNIT, None),
        ("计1条", TEXT, None),
        ("2019年", TEXT, None),
    ],
)
def test_cell_classification(text, kind, value):
    t = classify(text, text, 1)
    assert (t.kind, t.value) == (kind, value)


def test_text_layout_rows_keep_source_lines():
    doc = normalize("标题\n\n规章 | 1 | 2 | 3\n行政许可\t4\t\t6\n其中:主动公开规范性文件数 19\n- 3 -\n|---|---|\n")
    rows = [(r.line, r.multi, [(t.kind, t.value) for t in r.tokens]) for r in doc.rows]
    assert (3, True, [(TEXT, None), (NUM, 1), (NUM, 2), (NUM, 3)]) in rows
    assert (4, True, [(TEXT, None), (NUM, 4), (BLANK, None), (NUM, 6)]) in rows
    assert (5, False, [(TEXT, None), (NUM, 19)]) in rows
    assert not any(r.line in (6, 7) for r in doc.rows)  # page number and markdown rule dropped


def test_spaced_layout_counts_extra_blank_lines_as_empty_cells():
    # cells are separated by one blank line; each empty cell adds one more
    text = "一、本年新收政府信息公开申请数量\n\n16\n\n\n\n16\n\n二、上年结转政府信息公开申请数量\n\n0\n\n0\n\n"
    doc = normalize(text * 3)
    kinds = [t.kind for r in doc.rows for t in r.tokens][:6]
    assert kinds == [TEXT, NUM, BLANK, BLANK, NUM, TEXT]


def test_broken_pdf_labels_are_joined():
    doc = normalize("\n".join("不予公开") + "\n5\n")
    assert [t.text for r in doc.rows for t in r.tokens if t.kind is TEXT] == ["不予公开"]


def test_traditional_documents_are_simplified():
    doc = normalize(TRAD)
    assert doc.traditional and doc.lines[0] == "政府信息公开工作年度报告"


def test_html_rows_cells_spans_and_lines():
    page = """<html><body>
<p class=MsoNormal><span>政府信息</span><span>公开</span><o:p></o:p></p>
<table>
<tr><td rowspan=2><p class=MsoNormal><span>(三)不予</span><span>公开</span></p></td>
    <td>1.属于<br>国家秘密</td><td>0</td><td colspan=3></td></tr>
<tr><td>2.其他法律&nbsp;行政法规禁止公开</td><td>1</td></tr>
</table></body></html>"""
    lines = html_lines(page)
    assert lines[0] == (["政府信息公开"], [2], False)
    assert lines[1] == (["(三)不予公开", "1.属于 国家秘密", "0", "", "", ""], [4, 5, 5, 5, 5, 5], True)
    assert lines[2] == (["2.其他法律 行政法规禁止公开", "1"], [6, 6], True)


def test_cleaning_by_runs_equals_converting_the_whole_text():
    """clean() converts only the runs NFKC and the dash map can change: on random mixes of ideographs,
    ASCII, full-width forms, dashes, odd spaces and combining marks (which compose with the character
    before them), the result must equal converting the whole text at once."""
    import random
    import unicodedata

    from giar_pipeline.normalize import text as text_module

    pool = (
        list("政府信息公开申请abcXYZ019 ,.()|\t\n")
        + list("（）：，１２ＡＢ－—–―　\xa0\u2003\u200b\ufeff\x0c")
        + [
            "\u0301",  # combining acute: e + ́ → é only when converted together
            "\u0308",
            "\u1100\u1161",  # Hangul jamo that compose
            "ｶﾞ",  # half-width katakana with a voiced mark
            "鎮(zhèn)",
            "F(xiàn)",
        ]
    )
    rng = random.Random(7)

    def reference(s: str) -> str:
        s = unicodedata.normalize("NFKC", s.translate(text_module._DASHES))
        if "(" in s:
            s = text_module._PINYIN.sub(lambda m: "?" if m.group(1) else "", s)
        return re.sub(r"[ \u2000-\u200b]+", " ", s).strip()

    for _ in range(10000):
        s = "".join(rng.choice(pool) for _ in range(rng.randint(1, 30)))
        assert clean(s) == reference(s), repr(s)


def test_cell_kinds_are_cached_but_tokens_are_not_shared():
    a, b = classify("12", "12", 1), classify("12", "１２", 2)
    a.cell = 3
    assert (a.kind, a.value, b.value, b.raw, b.line, b.cell) == ("num", 12, 12, "１２", 2, None)
