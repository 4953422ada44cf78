"""Short rows: which columns a row skips when it holds fewer values than the block has columns.

Left-aligned is the reading by default (a row that stops early left its last cells blank). When that
reading breaks one of the row's own relations (a group's total) and skipping one or two columns
somewhere makes every relation hold, the row's values were shifted: a column absent from the table
under a header too broken to say which. One fitting placement is taken; several leave the cells on
which they disagree undecided (null, uncertain), never guessed.
"""

from __future__ import annotations

from itertools import combinations

from ..normalize import NUM, Token
from ..relations import broken
from .splits import RowRelation

MAX_SKIPPED = 2  # columns a short row may skip: C(15, 2) = 105 placements at most


def _value(t: Token | None) -> float | None:
    return t.value if t is not None and t.kind is NUM else None


def _holds(rel: RowRelation, vals: list[Token | None]) -> bool:
    return broken(rel.op, [_value(vals[i]) for i in rel.left], [_value(vals[i]) for i in rel.right]) is None


def _same(a: Token | None, b: Token | None) -> bool:
    return a is b or (a is not None and b is not None and a.kind is NUM and b.kind is NUM and a.value == b.value)


def _filled(rel: RowRelation, vals: list[Token | None]) -> bool:
    """The relation's total stands in the reading: a total left blank confirms no reading."""
    return all(vals[i] is not None for i in rel.right)


def _placements(vals: list[Token | None], ncols: int):
    for skipped in combinations(range(ncols), ncols - len(vals)):
        it = iter(vals)
        yield [None if i in skipped else next(it) for i in range(ncols)]


def fit_short_row(
    vals: list[Token | None], ncols: int, relations: list[RowRelation], named: bool = True
) -> tuple[list[Token | None], set[int]]:
    """(the row's values by column position, positions left undecided). ``named``: the header names
    every column, so the last cells may be blanks; otherwise a reading that leaves a relation's total
    blank confirms nothing (a column may be absent as well)."""
    if not relations or not 0 < ncols - len(vals) <= MAX_SKIPPED:
        return vals, set()
    aligned = vals + [None] * (ncols - len(vals))
    if all(_holds(r, aligned) and (named or _filled(r, aligned)) for r in relations):
        return vals, set()
    fitting = [p for p in _placements(vals, ncols) if all(_holds(r, p) and (named or _filled(r, p)) for r in relations)]
    if not fitting:
        return vals, set()  # the document's numbers do not add up: read as printed
    first = fitting[0]
    # a cell every fitting reading gives the same number (or leaves blank) is read, whichever token it is
    undecided = {i for i in range(ncols) if any(not _same(q[i], first[i]) for q in fitting[1:])}
    return [None if i in undecided else first[i] for i in range(ncols)], undecided
