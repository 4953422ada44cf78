"""Rows → candidates (extract/layout.py), one rule at a time: which tokens are label pieces, which are
values, and where a delimited row's values start."""

from __future__ import annotations

from giar_pipeline.extract.layout import candidates
from giar_pipeline.normalize import TokenRow
from giar_pipeline.normalize.tokens import classify


def row(*cells: str, multi: bool = True, line: int = 1) -> TokenRow:
    return TokenRow([classify(c, c, line) for c in cells], line, multi)


def _seen(cands) -> list[tuple]:
    return [([p.text for p in c.pieces], [v.text for v in c.values], c.multi, c.first_value_at) for c in cands]


def test_a_delimited_label_row_skips_group_spans_and_units():
    got = candidates([row("9", "一、本年新收", "(注)", "3", "件", "4")])
    assert _seen(got) == [(["一、本年新收", "(注)"], ["3", "4"], True, 3)]


def test_a_delimited_row_ending_in_its_label():
    assert _seen(candidates([row("1", "合计")])) == [(["合计"], [], True, 2)]


def test_a_header_row_takes_every_text_cell_and_its_values_start_after_the_last():
    got = candidates([row("项目", "", "自然人", "总计", "")])
    assert _seen(got) == [(["项目", "自然人", "总计"], [""], True, 4)]


def test_a_delimited_row_without_a_label_is_a_row_of_its_own():
    got = candidates([row("一、本年新收", "3"), row("", "5", "件", "6")])
    assert _seen(got) == [(["一、本年新收"], ["3"], True, 1), ([], ["", "5", "6"], True, 0)]


def test_free_lines_gather_label_pieces_until_values():
    got = candidates([row("标题行", multi=False), row("二、上年结转", "7", "件", multi=False)])
    assert _seen(got) == [(["标题行", "二、上年结转"], ["7"], False, None)]
    assert candidates([row("5", "6", multi=False)])[0].first_value_at is None  # a free value line: no cells
