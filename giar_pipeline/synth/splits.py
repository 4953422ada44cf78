"""Which cells a glued row of digits decides.

Glued text (`规章000规范性文件898989`) leaves the boundaries between a row's cells
unsaid. ``decide`` enumerates every way to cut the row's text into its cells and
keeps those consistent with the relations checkable within the row; a cell is
decided when every surviving split gives it the same value. The rules:

- a space or a blank marker is always a boundary; each `/` is a blank cell, and so is a
  run of dashes (`——`);
- a cell is a number without a leading zero (unless it is exactly ``0``); a decimal
  point only in a money cell; a minus sign only at the start of a run, in a signed cell;
- ``lend``: the run is followed by `.`/`、` and a label, so its last 1–2 digits may be
  the next row's numbering (`70000072.没有…`), and at least one digit is;
- ``members``: ``eq`` relations over the row's cells, ``(left, right)`` cell indices; a
  split must make each hold (cells outside the row count 0). When no split holds (the
  report itself breaks a sum) the relations are dropped rather than the row.

Memoized search over (run, offset, cell, partial sums), pruned where the digits left
cannot close a sum; a row whose search exceeds ``BUDGET`` steps is left wholly undecided
(the generator keeps rows short enough that this does not happen in practice).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

UNDECIDED = object()  # a cell more than one consistent split disagrees on
BUDGET = 200_000  # search steps per row


class TooManySplits(Exception):
    """The row has more splits than the search budget allows."""


BLANK_MARKERS = "/／—"
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?")
_CHUNK = re.compile(r"\s+|[/／]|—+|-?[0-9.]+")

Member = tuple[Sequence[int], Sequence[int]]


def chunks(text: str) -> list[str | None]:
    """Runs of digits (a leading minus kept) and blank markers (None), spaces dropped."""
    out: list[str | None] = []
    pos = 0
    while pos < len(text):
        m = _CHUNK.match(text, pos)
        if not m:
            raise ValueError(f"{text[pos]!r} at {pos} of {text!r} is neither a digit, a space nor a blank marker")
        s = m.group(0)
        if s[0] in BLANK_MARKERS:
            out.append(None)
        elif not s.isspace():
            out.append(s)
        pos = m.end()
    return out


def decide(
    text: str,
    n: int,
    *,
    money: frozenset[int] = frozenset(),
    signed: frozenset[int] = frozenset(),
    members: Sequence[Member] = (),
    lend: bool = False,
) -> list:
    """Each of the row's ``n`` cells: its value (int, float, or None for a blank marker) when
    every consistent split agrees, else ``UNDECIDED``. Raises ValueError when no split exists."""
    runs = chunks(text)
    for constrained in (members, ()) if members else ((),):
        seen: list[set] = [set() for _ in range(n)]
        for variant in _lendings(runs) if lend else (runs,):
            try:
                _search_from_the_right(variant, n, money, signed, constrained, seen)
            except TooManySplits:
                return [UNDECIDED] * n
        if all(seen):
            return [next(iter(s)) if len(s) == 1 else UNDECIDED for s in seen]
    raise ValueError(f"{text!r} cannot be cut into {n} cells")


def _lendings(runs: list[str | None]) -> list[list[str | None]]:
    """The runs with the last 1 or 2 digits given to the next row's numbering."""
    if not runs or runs[-1] is None:
        return []
    last, out = runs[-1], []
    for k in (1, 2):
        lent, rest = last[-k:], last[:-k]
        if len(last) < k or not lent.isdigit() or lent[0] == "0" or rest == "-":
            continue
        out.append(runs[:-1] + ([rest] if rest else []))
    return out


def _number(s: str, money: bool, signed: bool):
    if not _NUMBER.fullmatch(s) or (s[0] == "-" and (not signed or s == "-0")) or ("." in s and not money):
        return None
    return float(s) if "." in s else int(s)


def _search_from_the_right(runs, n, money, signed, members, seen) -> None:
    """Totals stand after their parts, so cutting from the right fixes a total first and
    bounds every part by it."""
    flip = [r[::-1] if r else None for r in reversed(runs)]
    back = [set() for _ in range(n)]

    def m(idx):
        return {n - 1 - i for i in idx}

    _Search(flip, n, frozenset(m(money)), frozenset(m(signed)), [(m(a), m(b)) for a, b in members], back).run()
    for i in range(n):
        seen[i] |= back[n - 1 - i]


class _Search:
    """Cuts reversed runs left to right (see _search_from_the_right)."""

    def __init__(self, runs, n, money, signed, members, seen):
        self.runs, self.n, self.money, self.signed, self.seen = runs, n, money, signed, seen
        self.coef = [tuple((1 if k in left else -1 if k in right else 0) for left, right in members) for k in range(n)]
        ends = [max((*left, *right), default=-1) for left, right in members]
        self.closing = [tuple(i for i, e in enumerate(ends) if e == k) for k in range(n)]
        self.width = len(members)
        self.memo: dict = {}
        self.steps = 0
        # characters left after each (run, offset), and per cell how many later cells each member adds
        # on each side and whether one of them may be negative (then its sum is not bounded)
        self.left_after = [sum(len(r) for r in runs[i + 1 :] if r) for i in range(len(runs))]
        self.blanks_from = [sum(r is None for r in runs[i:]) for i in range(len(runs) + 1)]
        self.after = [self.left_after[i] + self.blanks_from[i + 1] for i in range(len(runs))]
        self.open = [
            [
                (
                    sum(1 for j in range(k + 1, n) if self.coef[j][i] > 0),
                    sum(1 for j in range(k + 1, n) if self.coef[j][i] < 0),
                    any(self.coef[j][i] and j in signed for j in range(k + 1, n)),
                )
                for i in range(self.width)
            ]
            for k in range(n)
        ]

    def run(self) -> None:
        self.go(0, 0, 0, (Decimal(0),) * self.width)

    def go(self, ri: int, pos: int, k: int, sums: tuple) -> bool:
        key = (ri, pos, k, sums)
        if key in self.memo:
            return self.memo[key]
        self.memo[key] = ok = self._go(ri, pos, k, sums)
        return ok

    def reachable(self, ri: int, pos: int, k: int, sums: tuple) -> bool:
        """Whether the cells after ``k`` can still bring every open sum to zero: no cell has
        more characters than are left beyond one for each other remaining non-blank cell."""
        rest = self.n - k - 1
        if not rest:
            return True
        chars = (len(self.runs[ri]) - pos if ri < len(self.runs) and self.runs[ri] else 0) + (
            self.left_after[ri] if ri < len(self.runs) else 0
        )
        bound = Decimal(10) ** max(0, chars - (rest - self.blanks_from[ri]) + 1)
        for s, (plus, minus, unbounded) in zip(sums, self.open[k]):
            if not unbounded and not (-plus * bound < s < minus * bound or s == 0):
                return False
        return True

    def _go(self, ri, pos, k, sums) -> bool:
        if ri == len(self.runs):
            return k == self.n
        if k == self.n:
            return False
        run = self.runs[ri]
        if run is None:
            steps = [(None, ri + 1, 0)]
        else:
            # every later cell takes at least one character or one blank marker
            last = min(len(run), len(run) + self.after[ri] - (self.n - k - 1))
            steps = []
            for end in range(pos + 1, last + 1):
                v = _number(run[pos:end][::-1], k in self.money, k in self.signed)
                if v is not None:
                    steps.append((v, *((ri + 1, 0) if end == len(run) else (ri, end))))
        self.steps += 1
        if self.steps > BUDGET:
            raise TooManySplits
        ok = False
        for v, nri, npos in steps:
            nsums = sums
            if self.width and v:
                d = Decimal(str(v))
                nsums = tuple(s + c * d for s, c in zip(sums, self.coef[k]))
                if not self.reachable(nri, npos, k, nsums):
                    continue
            if self.closing[k] and any(nsums[i] != 0 for i in self.closing[k]):
                continue
            if self.go(nri, npos, k + 1, nsums):
                self.seen[k].add(v)
                ok = True
        return ok
