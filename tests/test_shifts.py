"""Short rows (extract/shifts.py): which columns a row skips, decided by the row's own relations."""

from __future__ import annotations

from giar_pipeline.extract.shifts import fit_short_row
from giar_pipeline.extract.splits import RowRelation
from giar_pipeline.normalize.tokens import classify

# two groups of (a, b, total): 行政复议 / 行政诉讼 in small
GROUPS = [RowRelation("eq", (0, 1), (2,)), RowRelation("eq", (3, 4), (5,))]


def _row(*values):
    return [classify(str(v), str(v), 1) for v in values]


def _read(vals):
    return [None if t is None else t.value for t in vals]


def test_a_row_that_adds_up_left_aligned_is_read_as_printed():
    vals, undecided = fit_short_row(_row(1, 2, 3, 4, 5), 6, GROUPS)
    assert _read(vals) == [1, 2, 3, 4, 5] and not undecided


def test_the_group_with_the_gap_is_found_but_not_which_of_its_parts_is_missing():
    """1 2 3 | 4 4: left-aligned, the second total would be blank and 4 + 4 breaks it. Only a column
    skipped in the second group adds up, and a sum never says which of its parts is absent: the first
    group and the second total are read, the second group's parts stay undecided."""
    vals, undecided = fit_short_row(_row(1, 2, 3, 4, 4), 6, GROUPS)
    assert _read(vals) == [1, 2, 3, None, None, 4] and undecided == {3, 4}


def test_a_gap_in_a_row_of_three_groups_moves_the_later_groups_back_into_place():
    three = [*GROUPS, RowRelation("eq", (6, 7), (8,))]
    vals, undecided = fit_short_row(_row(1, 2, 3, 5, 5, 1, 1, 2), 9, three)
    assert _read(vals) == [1, 2, 3, None, None, 5, 1, 1, 2] and undecided == {3, 4}


def test_numbers_that_add_up_nowhere_are_read_as_printed():
    vals, undecided = fit_short_row(_row(1, 2, 9, 4, 7), 6, GROUPS)
    assert _read(vals) == [1, 2, 9, 4, 7] and not undecided


def test_a_blank_total_confirms_a_reading_only_under_a_header_naming_every_column():
    """0 0 0 0 0 for (a, b, total) × 2: left-aligned, the second total is blank. Under a header naming
    all six columns that is a blank cell; under one that does not, a column may be absent as well, and
    where it is nothing in the numbers tells: of the readings that fill both totals, the cells they
    disagree on are undecided."""
    vals, undecided = fit_short_row(_row(0, 0, 0, 0, 0), 6, GROUPS, named=True)
    assert _read(vals) == [0, 0, 0, 0, 0] and not undecided
    vals, undecided = fit_short_row(_row(0, 0, 0, 0, 0), 6, GROUPS, named=False)
    assert undecided == {0, 1, 3, 4}  # any part may be the absent one; a total is never left blank
    assert _read(vals) == [None, None, 0, None, None, 0]
