"""Digit runs of glued text → a row's cells, or null and uncertain where the text allows several.

``230 000023`` for a row of seven columns: every way to cut the runs into seven
numbers (no leading zeros, decimals kept whole; a space always separates two
cells) is tried, and those that break the row's own relations (the applicant
columns add up to 总计) are dropped. A cell that all surviving splits agree on is
read; any other is undecided. A run just before the next row's numbering
(``70000072.没有…``) may lend it its last one or two digits.
"""
from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from ..normalize import NUM, Token
from ..normalize.tokens import number

MAX_SPLITS = 20_000  # beyond this a row is undecided as a whole (no document needs more)
TOLERANCE = 1e-6


@dataclass(frozen=True, slots=True)
class RowRelation:
    """A relation member whose cells all lie in one row: sums over column positions."""

    op: str  # "eq" | "le"
    left: tuple[int, ...]
    right: tuple[int, ...]

    def holds(self, values: tuple[float, ...]) -> bool:
        lsum, rsum = sum(values[i] for i in self.left), sum(values[i] for i in self.right)
        return abs(lsum - rsum) <= TOLERANCE if self.op == "eq" else lsum <= rsum + TOLERANCE


def _valid(part: str) -> bool:
    """A number as a report prints it: no leading zero, a decimal point only between digits."""
    whole, point, frac = part.partition(".")
    return bool(whole) and (whole == "0" or not whole.startswith("0")) and (not point or frac.isdigit())


def _cuts(s: str, k: int) -> Iterator[tuple[str, ...]]:
    """Every way to cut ``s`` into ``k`` valid numbers."""
    if k == 1:
        if _valid(s):
            yield (s,)
        return
    for i in range(1, len(s) - k + 2):
        head = s[:i]
        if not _valid(head):
            continue
        for rest in _cuts(s[i:], k - 1):
            yield (head, *rest)


def _options(tok: Token) -> list[str]:
    """The digit strings a token may stand for: itself, or less the next row's numbering it lends."""
    if not tok.glued or not tok.lend:
        return [tok.text]
    s = tok.text
    return [s] + [s[:-n] for n in (1, 2) if len(s) > n and not s[-n:].startswith("0") and "." not in s[-n:]]


def _count(tokens: list[Token], ncols: int) -> int:
    """An upper bound on the cuts to try."""
    total = 0
    lengths = [[len(o) for o in _options(t)] if t.glued else [0] for t in tokens]
    for choice in _product(lengths):
        parts = sum(1 for n in choice if n == 0)
        digits = [n for n in choice if n > 0]
        free = ncols - parts
        if digits and free >= len(digits):
            total += math.comb(sum(digits) - len(digits), free - len(digits))
    return total


def _product(options: list[list[int]]) -> Iterator[tuple[int, ...]]:
    if not options:
        yield ()
        return
    for head in options[0]:
        for rest in _product(options[1:]):
            yield (head, *rest)


def _splits(tokens: list[Token], ncols: int) -> Iterator[tuple[str, ...]]:
    if not tokens:
        if ncols == 0:
            yield ()
        return
    tok, rest = tokens[0], tokens[1:]
    if not tok.glued:
        for tail in _splits(rest, ncols - 1):
            yield (tok.text, *tail)
        return
    for s in _options(tok):
        for k in range(1, min(len(s), ncols - len(rest)) + 1):
            for head in _cuts(s, k):
                for tail in _splits(rest, ncols - k):
                    yield (*head, *tail)


def split_row(tokens: list[Token], ncols: int, relations: list[RowRelation]) -> tuple[list[Token | None], set[int]]:
    """The row's cells (None where undecided) and the undecided column positions."""
    numbers = [t for t in tokens if t.kind is NUM]
    undecided = (([None] * ncols), set(range(ncols)))
    if len(numbers) != len(tokens) or _count(tokens, ncols) > MAX_SPLITS:
        return undecided
    splits = list(dict.fromkeys(_splits(tokens, ncols)))
    consistent = [s for s in splits if all(r.holds(tuple(float(v) for v in s)) for r in relations)]
    splits = consistent or splits  # a report that breaks its own sums is still read where that is unique
    if not splits:
        return undecided
    line = tokens[0].line
    cells: list[Token | None] = []
    unsure = set()
    for i in range(ncols):
        seen = {s[i] for s in splits}
        if len(seen) == 1:
            (text,) = seen
            cells.append(Token(NUM, text, text, line, number(text)))
        else:
            cells.append(None)
            unsure.add(i)
    return cells, unsure
