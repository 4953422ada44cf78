"""decode() names the encoding it used, by each path: byte-order mark, declared charset, content."""

from __future__ import annotations

import codecs

import pytest

from giar_pipeline.normalize import DecodeError, decode

TRAD = "政府信息公開工作年度報告\n一、本年新收政府信息公開申請數量 | 3 | 1\n"
SIMP = "政府信息公开工作年度报告\n一、本年新收政府信息公开申请数量 | 3 | 1\n"


@pytest.mark.parametrize(
    ("data", "text", "name"),
    [
        (SIMP.encode("utf-8"), SIMP, "utf-8"),
        (codecs.BOM_UTF8 + SIMP.encode("utf-8"), SIMP, "utf-8-sig"),
        (SIMP.encode("utf-16"), SIMP, "utf-16"),  # with its byte-order mark
        (SIMP.encode("utf-16-le"), SIMP, "utf-16-le"),
        (SIMP.encode("utf-16-be"), SIMP, "utf-16-be"),
        (SIMP.encode("gb18030"), SIMP, "gb18030"),
        (TRAD.encode("big5"), TRAD, "big5"),
    ],
)
def test_names_the_encoding_of_each_path(data, text, name):
    assert decode(data) == (text, name)


@pytest.mark.parametrize(
    ("declared", "codec", "name"),
    [
        ("gbk", "gbk", "gb18030"),
        ("GB2312", "gb2312", "gb18030"),
        ("x-gbk", "gbk", "gb18030"),
        ("Big5", "big5", "big5"),
        ("big5-hkscs", "big5hkscs", "big5hkscs"),  # a tie: the declared one wins
    ],
)
def test_a_declared_charset_is_read_under_the_name_python_knows(declared, codec, name):
    body = TRAD if "big5" in codec else SIMP
    page = f'<html><head><meta charset="{declared}"></head><body><p>{body}</p></body></html>'
    assert decode(page.encode(codec)) == (page, name)


def test_a_broken_utf16_byte_order_mark_says_so():
    with pytest.raises(DecodeError, match="starts with a UTF-16 byte-order mark but "):
        decode(codecs.BOM_UTF16_LE + b"\x00\xd8" * 3)


def test_undecodable_bytes_get_the_whole_message():
    with pytest.raises(DecodeError) as e:
        decode(bytes(range(256)) * 8)
    assert str(e.value) == (
        "not valid UTF-8, UTF-16, GB18030 or Big5 text (the bytes may be binary, "
        "truncated or in another encoding): convert it to UTF-8 and re-ingest"
    )


RARE = "龘"  # a CJK character that reports hardly use


@pytest.mark.parametrize(
    ("text", "readable"),
    [
        ("的" + RARE * 19, True),  # one common character in 20 is enough ...
        ("的" + RARE * 20, False),  # ... one in 21 is not
        ("的" * 6 + RARE * 14 + "\ue000", True),  # an undecodable (private-use) character cancels five common ones
        ("的" * 5 + RARE * 15 + "\ue000", False),
    ],
)
def test_content_guess_needs_enough_common_characters(text, readable):
    data = text.encode("gb18030")  # not UTF-8, no byte-order mark, no declared charset: content decides
    if readable:
        assert decode(data) == (text, "gb18030")
    else:
        with pytest.raises(DecodeError):
            decode(data)
