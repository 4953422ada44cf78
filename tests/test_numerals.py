"""Chinese numerals: what the generator writes, extraction reads back (one module does both)."""

from __future__ import annotations

import pytest

from giar_pipeline.numerals import cn_digits, cn_number, to_cn_digits, to_cn_number


@pytest.mark.parametrize(("text", "value"), [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23)])
def test_numbering_reads_as_reports_write_it(text, value):
    assert cn_number(text) == value
    assert to_cn_number(value) == text


def test_every_number_below_a_hundred_reads_back():
    assert [cn_number(to_cn_number(n)) for n in range(1, 100)] == list(range(1, 100))


@pytest.mark.parametrize("year", [2008, 2019, 2020, 2024])
def test_years_digit_by_digit_read_back(year):
    assert cn_digits(to_cn_digits(year)) == year
    assert cn_digits("二零二四") == cn_digits("二〇二四") == 2024  # both zeros reports use


def test_unknown_numbering_is_zero_not_a_guess():
    assert cn_number("百") == 0
