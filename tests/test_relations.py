"""The spec's blank rules for one relation member (relations.evaluate), case by case.

Written from the reference spec's words (../shared/spec/templates.yaml): in an ``eq`` relation blanks
count 0 and the member is skipped only when every cell in it is blank; an ``le`` member is skipped
when either side is entirely blank, whatever the other side holds (a signed column may be negative).
"""

from __future__ import annotations

import pytest

from giar_pipeline.catalogue import Member, load
from giar_pipeline.relations import check, evaluate

A, B, C = ("t", "a", "v"), ("t", "b", "v"), ("t", "c", "v")


def _member(op: str) -> Member:
    return Member("r", None, op, "t", (A, B), (C,))


@pytest.mark.parametrize(
    ("op", "values", "violated"),
    [
        ("eq", {}, None),  # every cell blank: skipped
        ("eq", {A: 1}, (1.0, 0.0)),  # blanks count 0
        ("eq", {C: 2}, (0.0, 2.0)),
        ("eq", {A: 1, C: 1}, None),
        ("eq", {A: 1, B: 2, C: 3}, None),
        ("eq", {A: 1.5, B: 0.25, C: 1.75}, None),  # money: decimal sums within tolerance
        ("eq", {A: 1, B: 2, C: 4}, (3.0, 4.0)),
        ("le", {C: -5}, None),  # left all blank: skipped even though 0 > -5
        ("le", {A: 5}, None),  # right all blank: skipped
        ("le", {A: -1, C: -3}, (-1.0, -3.0)),
        ("le", {A: 2, B: None, C: 2}, None),  # equal holds
        ("le", {A: 2, B: 1, C: 2}, (3.0, 2.0)),
    ],
)
def test_blank_rules_and_sums(op, values, violated):
    v = evaluate(_member(op), values)
    assert (v and (v.left_value, v.right_value)) == violated
    if v:
        assert (v.relation, v.severity) == ("r", "error" if op == "eq" else "warning")


def test_uncertain_cells_skip_only_the_members_they_touch():
    tpl = load().template("v2021")
    values = {k: 1 for k in tpl.cells}  # every sum off: everything violated
    broken = {v.name for v in check(tpl, values)}
    unsure = next(m for m in tpl.members if m.name in broken).left[0]
    skipped = {v.name for v in check(tpl, values, {unsure})}
    touching = {m.name for m in tpl.members if unsure in (*m.left, *m.right)}
    assert touching and broken - skipped == touching & broken
