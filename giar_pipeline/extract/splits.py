"""Digit runs of glued text → a row's cells, or null and uncertain where the text allows several.

``230 000023`` for a row of seven columns: every way to cut the runs into seven
numbers is searched (no leading zeros; a decimal point only in a money column, a
minus sign only in front and only in a signed column; a space or a blank marker
always separates two cells), keeping the cuts under which the row's own relations
hold (the applicant columns add up to 总计). A cell that all surviving cuts agree on
is read; any other is undecided. A run right before the next row's numbering
(``70000072.没有…``) lends it its last one or two digits (a label never starts with a
dot). The search checks each relation as soon as its cells are cut, and gives up
(the whole row undecided) past a step budget, so a row costs milliseconds at most.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..normalize import NUM, Token
from ..normalize.tokens import number

BUDGET = 50_000  # search states per row; beyond, the row is undecided as a whole
TOLERANCE = 1e-6


@dataclass(frozen=True, slots=True)
class RowRelation:
    """A relation member whose cells all lie in one row: sums over column positions."""

    op: str  # "eq" | "le"
    left: tuple[int, ...]
    right: tuple[int, ...]
    total: int | None = None  # a constant right side: the row's total, once it is cut off first


class _OverBudget(Exception):
    pass


def _valid(part: str, money: bool, signed: bool) -> bool:
    """A number as a report prints it in that column."""
    body = part.removeprefix("-")
    if body != part and (not signed or part == "-0"):
        return False
    whole, point, frac = body.partition(".")
    if point and (not money or not frac.isdigit()):
        return False
    return whole.isdigit() and (whole == "0" or not whole.startswith("0"))


def _options(tok: Token) -> list[str]:
    """The digit strings a token may stand for: itself, or, when the next label starts with a dot,
    less the one or two digits of that label's numbering (possibly all of them)."""
    if not tok.glued or not tok.lend:
        return [tok.text]
    s = tok.text
    return [s[:-n] for n in (1, 2) if len(s) >= n and not s[-n:].startswith("0") and s[-n:].isdigit()]


class _Search:
    """Memoized depth-first search over (token, offset, cell, running sums of open relations).

    Each state is expanded once; a cut is kept when the state after it can still reach a whole
    row. The kept cuts of the states reachable from the start give every cell's possible values
    without listing the (possibly millions of) whole splits."""

    def __init__(self, tokens: list[Token], ncols: int, relations: list[RowRelation], money, signed):
        self.tokens, self.ncols, self.money, self.signed = tokens, ncols, money, signed
        self.relations = [r for r in relations if r.left or r.right]
        self.last = [max((*r.left, *r.right)) for r in self.relations]
        self.steps = 0
        self.budget = BUDGET
        self.memo: dict[tuple, bool] = {}
        self.seen: dict[int, dict[str | int, str | Token]] = {}  # position → cuts kept there
        self.rooms = [self._room(i) for i in range(len(tokens) + 1)]
        # a sum closed by one later cell (the 总计 of the applicants): the parts cannot outgrow the
        # largest number the characters left could still print there
        self.closing = [
            r.right[0] if r.op == "eq" and len(r.right) == 1 and max(r.left) < r.right[0] else None
            for r in self.relations
        ]
        self.chars = [
            sum(max(len(o) for o in _options(t)) if t.glued else max(1, len(t.text)) for t in tokens[i:])
            for i in range(len(tokens) + 1)
        ]  # characters tokens[i:] may still print
        # per column position: (relation, +1 for a left cell / -1 for a right one), and the relations
        # it closes; sums stay integers unless a money column brings decimals
        self.terms = [
            [(k, 1 if p in r.left else -1) for k, r in enumerate(self.relations) if p in r.left or p in r.right]
            for p in range(ncols)
        ]
        self.plain = [p not in money and p not in signed for p in range(ncols)]
        # when the last column closes a sum and the row ends in a digit run, that cell is a suffix of
        # the run: the parts can never outgrow the number its last d characters print (2839…11382:
        # the parts stay ≤ 11382 with five characters left, not < 100000)
        last = tokens[-1] if tokens else None
        self.tail = (
            [o for o in _options(last) if o.isdigit()]
            if last is not None and last.glued and ncols - 1 in {c for c in self.closing if c is not None}
            else []
        )
        self.exact = not money

    def _room(self, i: int) -> tuple[int, int]:
        """Fewest and most cells tokens[i:] can still fill."""
        lo = hi = 0
        for t in self.tokens[i:]:
            if t.glued:
                lengths = [len(o) for o in _options(t)]
                lo += min(1 if n else 0 for n in lengths)
                hi += max(lengths)
            else:
                lo, hi = lo + 1, hi + 1
        return lo, hi

    def _sums(self, sums: tuple[float, ...], pos: int, value: float, chars_left: int) -> tuple[float, ...] | None:
        """Running left − right of each relation after cell ``pos``; None when one closes broken, or
        when its parts already exceed what its closing cell could hold (``chars_left`` characters
        remain for the cells after ``pos``)."""
        out = list(sums)
        for k, sign in self.terms[pos]:
            out[k] += sign * value
            if self.relations[k].total is not None and not self.signed:
                after = self.ncols - 1 - pos  # cells still to cut, each at least one character
                if out[k] > TOLERANCE:
                    return None  # the parts already exceed the total cut off first
                if after and out[k] + 10 ** (chars_left - after + 1) + 9 * after < 0:
                    return None  # the characters left cannot print what the parts still lack
        for k, r in enumerate(self.relations):
            if pos == self.last[k]:
                broken = abs(out[k]) > TOLERANCE if r.op == "eq" else out[k] > TOLERANCE
                if broken:
                    return None
            elif (close := self.closing[k]) is not None and pos < close:
                digits = chars_left - (self.ncols - 1 - pos - 1)  # every other cell takes a character
                if digits < 1 or out[k] > self._most(close, digits):
                    return None
        return tuple(out) if self.exact else tuple(round(v, 6) for v in out)

    def _most(self, close: int, digits: int) -> int:
        """The largest number the closing cell can print in at most ``digits`` characters."""
        if close == self.ncols - 1 and self.tail and all(digits <= len(o) for o in self.tail):
            return max(int(o[-digits:]) for o in self.tail)
        return 10**digits - 1

    def feasible(self, i: int, s: str | None, at: int, pos: int, sums: tuple[float, ...]) -> bool:
        state = (i, s, at, pos, sums)
        if state in self.memo:
            return self.memo[state]
        self.steps += 1
        if self.steps > self.budget:
            raise _OverBudget
        self.memo[state] = ok = self._expand(i, s, at, pos, sums)
        return ok

    def _keep(self, pos: int, cell: str | Token) -> None:
        self.seen.setdefault(pos, {})[_key(cell)] = cell

    def _expand(self, i: int, s: str | None, at: int, pos: int, sums: tuple[float, ...]) -> bool:
        if s is not None and at == len(s):  # this run is cut: the next token
            return self.feasible(i + 1, None, 0, pos, sums)
        if s is None:
            lo, hi = self.rooms[i]
            if not lo <= self.ncols - pos <= hi:
                return False
            if i == len(self.tokens):
                return True
            tok = self.tokens[i]
            if not tok.glued:
                value = tok.value if tok.kind is NUM else 0  # a blank counts 0 in a sum
                after = self._sums(sums, pos, value, self.chars[i + 1])
                ok = after is not None and self.feasible(i + 1, None, 0, pos + 1, after)
                if ok:
                    self._keep(pos, tok)
                return ok
            return any([self.feasible(i, o, 0, pos, sums) for o in _options(tok)])
        if pos >= self.ncols:
            return False
        ok = False
        # every cell after this one needs a character: the cut ends early enough to leave them one
        last_end = min(len(s), len(s) + self.chars[i + 1] - (self.ncols - pos - 1))
        plain = self.plain[pos]
        for end in range(at + 1, last_end + 1):
            part = s[at:end]
            if plain:
                if (end > at + 1 and s[at] == "0") or not part.isdigit():
                    break  # no leading zeros, no point, no sign here: nor in any longer cut
                value = int(part) if self.exact else float(part)
            elif _valid(part, pos in self.money, pos in self.signed):
                value = float(part)
            else:
                continue
            after = self._sums(sums, pos, value, len(s) - end + self.chars[i + 1])
            if after is not None and self.feasible(i, s, end, pos + 1, after):
                self._keep(pos, part)
                ok = True
        return ok

    def run(self) -> dict[int, dict[str | int, str | Token]] | None:
        """Each position's possible cells, or None when no cut makes a whole row."""
        if not self.feasible(0, None, 0, 0, tuple(-(r.total or 0) for r in self.relations)):
            return None
        return self.seen


def _key(part: str | Token) -> str | int:
    return part if isinstance(part, str) else id(part)  # a whole token is the same cell in every cut


def _total_first(tokens: list[Token], ncols: int, relations: list[RowRelation]) -> dict | None:
    """The same search, with the row's total cut off first when the row ends in a digit run that
    holds it (230 000023 → 23 | 230 0000 ...): each total's search only keeps parts that stay under
    it, where the plain search carries every running sum to the end (a 25-digit run: 27,000 states
    the plain way). ``seen`` as :meth:`_Search.run` gives it, over every total that fits."""
    run = tokens[-1].text
    last = ncols - 1
    others = [r for r in relations if last not in r.left and last not in r.right]
    (closing,) = [r for r in relations if r not in others]
    seen: dict[int, dict] | None = None
    budget = BUDGET
    for d in range(1, len(run) + 1):
        total, head = run[-d:], run[:-d]
        if d > 1 and total.startswith("0"):
            continue
        rest = tokens[:-1] + ([Token(NUM, head, head, tokens[-1].line, glued=True)] if head else [])
        parts_make_total = RowRelation("eq", closing.left, (), int(total))
        search = _Search(rest, last, [*others, parts_make_total], frozenset(), frozenset())
        search.budget = budget
        found = search.run()
        budget -= search.steps
        if found is None:
            continue
        seen = seen or {}
        for pos, cuts in found.items():
            seen.setdefault(pos, {}).update(cuts)
        seen.setdefault(last, {})[total] = total
    return seen


def _total_first_applies(tokens: list[Token], ncols: int, relations: list[RowRelation], money, signed) -> bool:
    touching = [r for r in relations if ncols - 1 in r.left or ncols - 1 in r.right]
    return (
        bool(tokens)
        and tokens[-1].glued
        and not tokens[-1].lend
        and tokens[-1].text.isdigit()
        and not money
        and not signed
        and len(touching) == 1
        and touching[0].op == "eq"
        and touching[0].right == (ncols - 1,)
        and max(touching[0].left) < ncols - 1
    )


def split_row(
    tokens: list[Token],
    ncols: int,
    relations: list[RowRelation],
    money: frozenset[int] = frozenset(),
    signed: frozenset[int] = frozenset(),
) -> tuple[list[Token | None], set[int]]:
    """The row's cells (None where undecided) and the undecided column positions."""
    undecided = [None] * ncols, set(range(ncols))
    try:
        if _total_first_applies(tokens, ncols, relations, money, signed):
            seen = _total_first(tokens, ncols, relations)
        else:
            seen = _Search(tokens, ncols, relations, money, signed).run()
        if seen is None and relations:  # a report that breaks its own sums is still read where that is unique
            seen = _Search(tokens, ncols, [], money, signed).run()
    except _OverBudget:
        return undecided
    if seen is None:
        return undecided
    line = tokens[0].line
    cells: list[Token | None] = []
    unsure = set()
    for i in range(ncols):
        options = seen.get(i, {})
        if len(options) != 1:
            cells.append(None)
            unsure.add(i)
            continue
        (part,) = options.values()
        cells.append(part if isinstance(part, Token) else Token(NUM, part, part, line, number(part)))
    return cells, unsure
