"""Boundaries of two small decisions: which generations to try (extract/detect.py) and when a text
is traditional Chinese (normalize/text.py), plus clean's line handling. Marker phrases come from the
catalogue, so the tests follow it."""

from __future__ import annotations

import pytest

from giar_pipeline.catalogue import load
from giar_pipeline.extract.detect import MIN_MARKERS, rank
from giar_pipeline.normalize import clean, key
from giar_pipeline.normalize.text import is_traditional


def _doc(**markers: int) -> str:
    """A document key holding the first n marker phrases of each named generation."""
    tpl = load().templates
    return "某某".join(key(m) for gen, n in markers.items() for m in tpl[gen].markers[:n])


def test_generations_with_enough_markers_only_best_first():
    assert rank(_doc(v2019=MIN_MARKERS, v2021=MIN_MARKERS + 1)) == [(MIN_MARKERS + 1, "v2021"), (MIN_MARKERS, "v2019")]
    assert rank(_doc(v2008=MIN_MARKERS, v2021=MIN_MARKERS - 1)) == [(MIN_MARKERS, "v2008")]  # exactly enough


def test_without_enough_markers_every_generation_is_tried_best_first():
    got = rank(_doc(v2019=MIN_MARKERS - 1))
    assert got[0] == (MIN_MARKERS - 1, "v2019")
    assert sorted(code for _, code in got) == sorted(load().templates)
    assert [n for n, _ in got] == sorted((n for n, _ in got), reverse=True)


FILLER = "人"  # the same in both scripts
TRAD = "鎮東陽"  # 镇 东 阳


@pytest.mark.parametrize(
    ("text", "traditional"),
    [
        ("", False),
        (TRAD[:1], True),
        (FILLER * 49 + TRAD[:1], True),  # one in 50 characters is enough ...
        (FILLER * 50 + TRAD[:1], False),  # ... one in 51 is not
        (FILLER * 98 + TRAD[:2], True),
        (FILLER * 99 + TRAD[:2], False),
        (FILLER * 5000 + TRAD, True),  # three anywhere
        (FILLER * 5000, False),
    ],
)
def test_traditional_by_count_and_density(text, traditional):
    assert is_traditional(text) is traditional


def test_clean_strips_a_line_and_with_keep_lines_each_line_of_a_text():
    assert clean(" 一、本年新收 \n") == "一、本年新收"
    assert clean(" a \n b \n", keep_lines=True) == "a\nb\n"


def test_a_tie_in_rows_found_goes_to_the_generation_that_reads_more_cells():
    """v2019 and v2021 share most row labels: when a document's markers are broken (PDF text prints
    本年 / 制发 / 件数 in narrow columns) both may find as many rows, and the one whose rows read
    more cells explains more of the document."""
    from giar_pipeline.extract.document import _reads_more
    from giar_pipeline.extract.tables import Reading

    few, many = Reading({("t", "r", "a"): None}, 31, set()), Reading({("t", "r", c): None for c in "ab"}, 31, set())
    assert _reads_more(many, few) and not _reads_more(few, many) and not _reads_more(few, few)
    assert _reads_more(Reading({}, 32, set()), many)  # more rows found still comes first
