"""normalize/ in small: what a stale stored document says (normalize/serial.py)."""

from __future__ import annotations

import pytest

from giar_pipeline.normalize import normalize, serial


def test_a_stored_document_of_another_format_names_its_format():
    data = serial.dumps(normalize("一、总体情况\n收到申请3件"))
    other = serial.VERSION + 1
    with pytest.raises(serial.StaleDocument, match=f"of format {other}, this giar reads {serial.VERSION}: materialize"):
        serial.loads(bytes([other]) + data[1:])
    with pytest.raises(serial.StaleDocument, match=f"of format none, this giar reads {serial.VERSION}"):
        serial.loads(b"")


def _row_texts(text: str) -> list[list[str]]:
    return [[t.text for t in row.tokens] for row in normalize(text).rows if any(t.text for t in row.tokens)]


def test_a_lone_double_gap_is_an_empty_cell_only_in_a_document_of_single_gaps():
    """规章 0 0 0 and 其他对外管理服务事项 0 1 0 part their cells by single spaces, so 行政事业性收费  -1
    left its first cell empty. Where a row aligns its columns with wider runs (fixed width), or the
    double gap stands before a section's printed blank (情况  ——), it is no cell."""
    single = "规章 0 0 0\n其他对外管理服务事项 0 1 0\n行政事业性收费  -1\n"
    assert _row_texts(single)[-1] == ["行政事业性收费", "", "-1"]
    aligned = single + "行政处罚     0     2\n"
    assert _row_texts(aligned)[2] == ["行政事业性收费", "-1"]
    section = "规章 0\n规范性文件 1\n八、机构建设和保障经费情况  ——\n"
    assert _row_texts(section)[-1] == ["八、机构建设和保障经费情况", "——"]
