"""Short rows (extract/shifts.py) at the limits of the search: how many columns a row may skip."""

from __future__ import annotations

from giar_pipeline.extract.shifts import MAX_SKIPPED, fit_short_row
from giar_pipeline.extract.splits import RowRelation
from giar_pipeline.normalize.tokens import classify

THREE_GROUPS = [RowRelation("eq", (0, 1), (2,)), RowRelation("eq", (3, 4), (5,)), RowRelation("eq", (6, 7), (8,))]


def _row(*values):
    return [classify(str(v), str(v), 1) for v in values]


def _read(vals):
    return [None if t is None else t.value for t in vals]


def test_a_row_that_skips_two_columns_is_placed():
    """1 2 3 | 5 5 | 2 2 in nine columns: 5 and 2 are the second and third totals, their parts absent."""
    assert MAX_SKIPPED == 2
    vals, undecided = fit_short_row(_row(1, 2, 3, 5, 5, 2, 2), 9, THREE_GROUPS)
    assert _read(vals) == [1, 2, 3, None, None, 5, None, None, 2] and undecided == {3, 4, 6, 7}


def test_a_row_that_would_skip_more_than_two_columns_is_read_as_printed():
    """3 3 5 5 2 2 in nine columns: _ 3 3 | _ 5 5 | _ 2 2 would add up (a blank part counts 0), but
    three gaps are too many to place without guessing: the values stay left-aligned."""
    vals, undecided = fit_short_row(_row(3, 3, 5, 5, 2, 2), 9, THREE_GROUPS)
    assert _read(vals) == [3, 3, 5, 5, 2, 2] and not undecided
