"""Checks a report's cells against its template's relations (勾稽关系).

Blank rules, as the catalogue states them: in an ``eq`` relation blanks count
0 and the member is skipped only when every cell in it is blank; an ``le``
member is skipped when either side is entirely blank. A member that involves an
uncertain cell (a value the document leaves undecided) is not evaluated at all.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from .catalogue import CellKey, Member, Template
from .model import Number, Violation

TOLERANCE = 1e-6  # money columns are decimal; counts are exact either way


def broken(op: str, left: Sequence[Number | None], right: Sequence[Number | None]) -> tuple[float, float] | None:
    """(left sum, right sum) when ``left op right`` fails under the blank rules; None when it holds
    or is skipped. None values are blanks."""
    left_blank = all(v is None for v in left)
    right_blank = all(v is None for v in right)
    if op == "eq":
        if left_blank and right_blank:
            return None
    elif left_blank or right_blank:
        return None
    lsum = float(sum(v for v in left if v is not None))
    rsum = float(sum(v for v in right if v is not None))
    holds = abs(lsum - rsum) <= TOLERANCE if op == "eq" else lsum <= rsum + TOLERANCE
    return None if holds else (lsum, rsum)


def evaluate(member: Member, values: Mapping[CellKey, Number | None]) -> Violation | None:
    """The violation of one relation member, or None when it holds or is skipped."""
    sums = broken(member.op, [values.get(k) for k in member.left], [values.get(k) for k in member.right])
    if sums is None:
        return None
    return Violation(member.relation, member.member, member.name, member.severity, *sums)


def check(
    template: Template, values: Mapping[CellKey, Number | None], uncertain: Collection[CellKey] = frozenset()
) -> list[Violation]:
    """Every violated relation member of ``template``, in catalogue order; members touching an
    ``uncertain`` cell are not evaluated."""
    return [
        v
        for m in template.members
        if not (uncertain and any(k in uncertain for k in (*m.left, *m.right)))
        and (v := evaluate(m, values)) is not None
    ]
