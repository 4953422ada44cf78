"""extract/splits.py against a brute force: on small random glued rows, the memoized, pruned search
must leave undecided exactly the cells on which the valid whole cuts disagree, and read the others
as every valid cut does. The brute force lists every cut of every run; the rules it applies are the
module's documented ones, written out independently here."""

from __future__ import annotations

import random
import re
from itertools import combinations

import pytest

from giar_pipeline.extract.splits import RowRelation, split_row
from giar_pipeline.normalize import BLANK, NUM
from giar_pipeline.normalize.tokens import Token

_NUMBER = re.compile(r"(-?)(0|[1-9]\d*)(\.\d+)?")


def _printable(part: str, money: bool, signed: bool) -> bool:
    """A cell as a report prints it: no leading zeros, a point only in money, a minus only in a
    signed column and never on zero."""
    m = _NUMBER.fullmatch(part)
    if not m:
        return False
    minus, _, point = m.groups()
    return (not minus or (signed and part != "-0")) and (not point or money)


def _cuts(s: str):
    """Every way to cut ``s`` into non-empty pieces (none for the empty string)."""
    if not s:
        yield ()
        return
    for k in range(len(s)):
        for ends in combinations(range(1, len(s)), k):
            bounds = (0, *ends, len(s))
            yield tuple(s[a:b] for a, b in zip(bounds, bounds[1:]))


def _lent(tok: Token) -> list[str]:
    """What a run before the next row's numbering may stand for: less that numbering (1–99)."""
    if not tok.lend:
        return [tok.text]
    s = tok.text
    return [s[:-n] for n in (1, 2) if len(s) >= n and s[-n] != "0"]


def _rows(tokens: list[Token], ncols: int):
    """Every reading of the tokens as ``ncols`` cells: a run's pieces (str) or a whole token."""

    def go(i: int, acc: tuple):
        if len(acc) > ncols:
            return
        if i == len(tokens):
            if len(acc) == ncols:
                yield acc
            return
        t = tokens[i]
        if not t.glued:
            yield from go(i + 1, (*acc, t))
            return
        for option in _lent(t):
            for pieces in _cuts(option):
                yield from go(i + 1, acc + pieces)

    yield from go(0, ())


def _value(cell) -> float:
    if isinstance(cell, str):
        return float(cell)
    return cell.value if cell.kind is NUM else 0.0


def _holds(rel: RowRelation, row) -> bool:
    left = sum(_value(row[i]) for i in rel.left)
    right = sum(_value(row[i]) for i in rel.right)
    return abs(left - right) <= 1e-6 if rel.op == "eq" else left <= right + 1e-6


def brute(tokens, ncols, relations, money=frozenset(), signed=frozenset()):
    """(cells, undecided) as split_row's docstring promises, by listing every cut."""
    valid = [
        row
        for row in _rows(tokens, ncols)
        if all(not isinstance(c, str) or _printable(c, i in money, i in signed) for i, c in enumerate(row))
    ]
    fitting = [row for row in valid if all(_holds(r, row) for r in relations)]
    if not fitting and relations:
        fitting = valid  # a report that breaks its own sums is still read where that is unique
    cells, undecided = [], set()
    for i in range(ncols):
        options = {c if isinstance(c, str) else id(c) for c in (row[i] for row in fitting)}
        if len(options) != 1:
            cells.append(None)
            undecided.add(i)
        else:
            c = fitting[0][i]
            cells.append(float(c) if isinstance(c, str) else c)
    return cells, undecided


def _run(text: str, lend: bool = False) -> Token:
    return Token(NUM, text, text, 1, None, glued=True, lend=lend)


def _whole(text: str) -> Token:
    if not text:
        return Token(BLANK, "", "", 1)
    return Token(NUM, text, text, 1, float(text))


def _random_row(rng: random.Random):
    """A row of 3–6 cells with sums among them, printed as glued runs and whole tokens."""
    ncols = rng.randint(3, 6)
    shape = rng.choice(["none", "total", "two", "le", "inner"])
    relations = {
        "none": [],
        "total": [RowRelation("eq", tuple(range(ncols - 1)), (ncols - 1,))],
        "two": [RowRelation("eq", (0, 1), (2,))]
        + ([RowRelation("eq", tuple(range(3, ncols - 1)), (ncols - 1,))] if ncols >= 5 else []),
        "le": [RowRelation("le", (0,), (ncols - 1,))],
        "inner": [RowRelation("eq", (0, 1), (2,))],
    }[shape]
    money = frozenset(i for i in range(ncols) if rng.random() < 0.15)
    signed = frozenset(i for i in range(ncols) if rng.random() < 0.15)
    values = []
    for i in range(ncols):
        v = rng.choice([0, 0, rng.randint(1, 9), rng.randint(10, 99)])
        if i in money and rng.random() < 0.5:
            v += 0.5
        if i in signed and rng.random() < 0.5:
            v = -v
        values.append(v)
    for r in relations:  # make most rows add up, leave some broken
        if rng.random() < 0.8 and r.op == "eq":
            values[r.right[0]] = sum(values[i] for i in r.left)
    texts = [f"{v:g}" for v in values]
    tokens, i = [], 0
    while i < ncols:
        n = rng.randint(1, 4)
        piece = texts[i : i + n]
        if n == 1 and rng.random() < 0.4:
            tokens.append(_whole(piece[0] if rng.random() < 0.8 else ""))
        else:
            tokens.append(_run("".join(piece)))
        i += n
    if tokens[-1].glued and rng.random() < 0.3:  # the next row's numbering glued on
        tokens[-1] = _run(tokens[-1].text + str(rng.randint(1, 12)), lend=True)
    return tokens, ncols, relations, money, signed


def test_the_search_keeps_exactly_the_cuts_a_brute_force_keeps():
    rng = random.Random(13)
    checked = 0
    for _ in range(400):
        tokens, ncols, relations, money, signed = _random_row(rng)
        if sum(len(t.text) for t in tokens) > 12:
            continue  # the brute force lists 2^(n-1) cuts per run
        want = brute(tokens, ncols, relations, money, signed)
        cells, undecided = split_row(tokens, ncols, relations, money, signed)
        row = ([t.text for t in tokens], ncols, relations, sorted(money), sorted(signed))
        assert undecided == want[1], row
        assert [c if c is None else _value(c) if c.glued or c.kind is NUM else c for c in cells] == [
            c if c is None or isinstance(c, float) else _value(c) if c.kind is NUM else c for c in want[0]
        ], row
        checked += 1
    assert checked > 250


@pytest.mark.parametrize(
    ("run", "money", "signed", "want", "why"),
    [
        ("1-5", {1}, set(), {0, 1}, "a minus sign outside a signed column: no cut fits"),
        ("1-0", set(), {1}, {0, 1}, "minus zero is no number a report prints"),
        ("21.5", set(), {1}, {0, 1}, "a decimal outside a money column: no cut fits"),
        ("105", {1}, set(), set(), "10|5: a money cell has no leading zero either (1|05)"),
        ("1.", {1}, set(), {0, 1}, "a point needs digits after it"),
    ],
)
def test_what_a_cell_may_print(run, money, signed, want, why):
    cells, undecided = split_row([_run(run)], 2, [], frozenset(money), frozenset(signed))
    assert undecided == want, why
    assert (cells == [None, None]) == bool(want)


def test_a_total_is_never_cut_with_a_leading_zero():
    """1405 in three cells summing to the last: 1|4|05 would add up, but 05 is no number; no valid cut
    adds up, so the row is read where its cuts agree (the last cell, 5) and the rest stays open."""
    cells, undecided = split_row([_run("1405")], 3, [RowRelation("eq", (0, 1), (2,))])
    assert undecided == {0, 1} and cells[2].value == 5


def test_two_whole_tokens_that_may_stand_in_one_cell_leave_it_undecided():
    """34 7 8 56 in five cells: 3|4|7|8|56 or 34|7|8|5|6; the third cell is 7 or 8."""
    seven, eight = _whole("7"), _whole("8")
    cells, undecided = split_row([_run("34"), seven, eight, _run("56")], 5, [])
    assert undecided == {0, 1, 2, 3, 4} and cells == [None] * 5


def test_a_sum_closed_before_the_last_cell_is_bounded_by_its_width_not_by_the_runs_end():
    """7+1=8 and 1=1, glued before the next row's numbering 12: the run's last digits (1) say nothing
    of the inner total 8."""
    relations = [RowRelation("eq", (0, 1), (2,)), RowRelation("eq", (1,), (3,))]
    cells, undecided = split_row([_run("718112", lend=True)], 4, relations)
    assert [c.value for c in cells] == [7, 1, 8, 1] and not undecided


def test_a_long_run_before_the_next_numbering_is_decided_within_the_budget():
    """24 454 38 309 11682 567 | 13074, glued before the numbering 1: 24 digits, too many to cut
    every way within the budget; bounding each running sum by what its total can still print keeps
    the search small enough to read the row."""
    parts = [24, 454, 38, 309, 11682, 567]
    run = "".join(map(str, [*parts, sum(parts)])) + "1"
    cells, undecided = split_row([_run(run, lend=True)], 7, [RowRelation("eq", tuple(range(6)), (6,))])
    assert [c.value for c in cells] == [*parts, sum(parts)] and not undecided


def _applicants(parts: list[int], numbering: str) -> tuple[list[Token | None], set[int]]:
    run = "".join(map(str, [*parts, sum(parts)])) + numbering
    return split_row([_run(run, lend=True)], 7, [RowRelation("eq", tuple(range(6)), (6,))])


def test_the_budget_is_spent_on_states_not_on_steps_twice():
    """A 27-digit row that takes some 35,000 search states: within the budget, so read."""
    parts = [160, 6547, 11410, 398, 215, 742]
    cells, undecided = _applicants(parts, "2")
    assert [c.value for c in cells] == [*parts, sum(parts)] and not undecided


def test_a_row_past_the_budget_is_undecided_as_a_whole():
    """A 29-digit row that needs some 60,000 states: the search gives up, nothing is guessed."""
    cells, undecided = _applicants([18863, 802, 917, 838, 20611, 646], "12")
    assert cells == [None] * 7 and undecided == set(range(7))


def test_a_long_run_ending_in_its_total_is_read_by_cutting_the_total_off_first():
    """28 digits ending in the applicants' total: cutting every way while carrying the running sum
    goes past the budget; with the total cut off first, the parts are bounded by it and the row is read."""
    parts = [519, 3171, 673, 14136, 19365, 152]
    run = "".join(map(str, [*parts, sum(parts)]))
    cells, undecided = split_row([_run(run)], 7, [RowRelation("eq", tuple(range(6)), (6,))])
    assert [c.value for c in cells] == [*parts, sum(parts)] and not undecided


def test_cut_cells_keep_their_digits_and_line():
    """A cell cut from a run is reported with its own digits as text and source, on the run's line."""
    run = Token(NUM, "230000023", "230000023", 42, None, glued=True)
    cells, _ = split_row([run], 7, [RowRelation("eq", tuple(range(6)), (6,))])
    assert [(c.text, c.raw, c.line) for c in cells] == [("23", "23", 42), *[("0", "0", 42)] * 5, ("23", "23", 42)]
