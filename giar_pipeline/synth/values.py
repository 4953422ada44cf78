"""Cell values with exactly known relations, and how a report leaves some out.

Free cells are drawn (many zeros, small counts, a few big ones); every ``eq``
relation member then defines one derived cell (usually its lone total) as the
sum of the others, so all of them hold; ``le`` members are met by shrinking
their left side. Blanks, missing rows and missing columns only ever take cells
that are zero, so a document stays consistent unless an inconsistency is
injected on purpose.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass, field

from ..catalogue import CellKey, Member, load
from ..relations import check, evaluate

Values = dict[CellKey, "int | float | None"]


@dataclass(frozen=True)
class Plan:
    """Derived cells in evaluation order: cell = sum(plus) - sum(minus)."""

    derived: tuple[tuple[CellKey, tuple[CellKey, ...], tuple[CellKey, ...]], ...]
    free: tuple[CellKey, ...]
    money: frozenset[CellKey]  # cells whose values may be decimal
    signed: frozenset[CellKey]  # cells whose values may be negative


@functools.cache
def plan(gen: str) -> Plan:
    tpl = load().template(gen)
    rules: dict[CellKey, tuple[tuple[CellKey, ...], tuple[CellKey, ...]]] = {}
    for m in tpl.members:
        if m.op != "eq":
            continue
        if len(m.right) == 1:
            target, plus, minus = m.right[0], m.left, ()
        elif len(m.left) == 1:
            target, plus, minus = m.left[0], m.right, ()
        else:  # a balance of two sums: derive the first left cell not derived yet
            open_left = [c for c in m.left if c not in rules]
            if not open_left:
                continue
            target = open_left[0]
            plus, minus = m.right, tuple(c for c in m.left if c != target)
        if target in rules:
            continue  # already defined by another member; linearity makes this one hold too
        rules[target] = (tuple(plus), tuple(minus))
    order: list[CellKey] = []
    seen: set[CellKey] = set()

    def visit(cell: CellKey) -> None:
        if cell in seen or cell not in rules:
            return
        seen.add(cell)
        for dep in rules[cell][0] + rules[cell][1]:
            visit(dep)
        order.append(cell)

    for cell in tpl.cells:
        visit(cell)
    tables = {t.code: t for t in tpl.tables}
    money = frozenset(k for k in tpl.cells if tables[k[0]].is_money(k[1], k[2]))
    signed = frozenset(k for k in tpl.cells if tables[k[0]].is_signed(k[1], k[2]))
    return Plan(tuple((c, *rules[c]) for c in order), tuple(c for c in tpl.cells if c not in rules), money, signed)


@dataclass
class Profile:
    """How active an issuer is: the share of zero cells and the size of the rest."""

    zero_share: float
    big_share: float

    @classmethod
    def draw(cls, rng: random.Random) -> Profile:
        return cls(rng.uniform(0.55, 0.97), rng.choice([0.0, 0.0, 0.01, 0.05]))

    @classmethod
    def busy(cls, rng: random.Random) -> Profile:
        """A body with few zeros and many two-digit counts (so glued rows run long, but not endlessly)."""
        return cls(rng.uniform(0.25, 0.5), rng.choice([0.0, 0.01, 0.03]))

    def count(self, rng: random.Random) -> int:
        r = rng.random()
        if r < self.zero_share:
            return 0
        r = (r - self.zero_share) / (1 - self.zero_share)  # reuse the draw: this runs for every cell
        if r < self.big_share:
            return 100 + int(r / self.big_share * 4900)
        return 1 + int(r * 9) if r < 0.85 else 10 + int((r - 0.85) / 0.15 * 90)


def _draw(p: Plan, cell: CellKey, rng: random.Random, profile: Profile) -> int | float:
    if cell in p.money:
        if rng.random() < profile.zero_share:
            return 0
        return round(rng.uniform(0.1, 500), rng.choice([0, 1, 2]))
    if cell in p.signed:
        return rng.choice([0, 0, 0, 1, 2, -1, -3, 5])
    return profile.count(rng)


def consistent(gen: str, rng: random.Random, profile: Profile | None = None) -> Values:
    """Values of every cell of ``gen`` that satisfy all its relations."""
    tpl, p = load().template(gen), plan(gen)
    profile = profile or Profile.draw(rng)
    for _ in range(100):
        values: Values = {c: _draw(p, c, rng, profile) for c in p.free}
        for _round in range(10):
            _derive(values, p)
            broken = [m for m in tpl.members if m.op == "le" and evaluate(m, values)]
            if not broken:
                break
            for m in broken:
                _shrink(m, values, p, rng)
        if all(v >= 0 for c, v in values.items() if c not in p.signed) and not check(tpl, values):
            return {c: _tidy(values[c]) for c in tpl.cells}
    raise RuntimeError(f"no consistent values for {gen}")  # pragma: no cover - the catalogue is solvable


def _derive(values: Values, p: Plan) -> None:
    for cell, plus, minus in p.derived:
        values[cell] = sum(values[c] for c in plus) - sum(values[c] for c in minus)


def _shrink(m: Member, values: Values, p: Plan, rng: random.Random) -> None:
    derived = {c for c, _, _ in p.derived}
    free = [c for c in m.left if c not in derived]
    if not free:
        return
    cell = rng.choice(free)
    room = sum(values[c] for c in m.right) - (sum(values[c] for c in m.left) - values[cell])
    values[cell] = rng.randint(0, max(0, int(room)))


def _tidy(v):
    if isinstance(v, float):
        v = round(v, 6)
        return int(v) if v.is_integer() else v
    return v


@dataclass
class Omissions:
    """What the rendered document leaves out: cells shown blank, rows and columns not rendered."""

    blank: set[CellKey] = field(default_factory=set)
    missing_rows: set[tuple[str, str]] = field(default_factory=set)  # (table, row)
    missing_cols: set[tuple[str, str]] = field(default_factory=set)  # (table, col)
    noises: list[str] = field(default_factory=list)

    def truth(self, values: Values) -> Values:
        return {
            k: None if k in self.blank or k[:2] in self.missing_rows or (k[0], k[2]) in self.missing_cols else v
            for k, v in values.items()
        }


def omit(gen: str, values: Values, rng: random.Random) -> Omissions:
    """Choose blanks, blank rows/columns and unrendered rows/columns, among zero cells only."""
    tpl = load().template(gen)
    omissions = Omissions()
    for table in tpl.tables:
        cells = table.cells
        zero = {k for k in cells if values[k] == 0}
        rows = [r.code for r in table.rows]
        cols = [c.code for c in table.cols]
        zero_rows = [r for r in rows if all((table.code, r, c) in zero for c in cols if (table.code, r, c) in values)]
        zero_cols = [c for c in cols if all((table.code, r, c) in zero for r in rows if (table.code, r, c) in values)]
        if rng.random() < 0.25 and zero:
            omissions.blank |= {k for k in cells if k in zero and rng.random() < 0.3}
            omissions.noises.append("blank_cells")
        if rng.random() < 0.2 and zero_rows and len(cols) > 1:
            omissions.blank |= {(table.code, r, c) for r in rng.sample(zero_rows, min(3, len(zero_rows))) for c in cols}
            omissions.noises.append("blank_rows")
        if rng.random() < 0.2 and zero_cols and len(cols) > 1:
            omissions.blank |= {(table.code, r, c) for c in rng.sample(zero_cols, min(5, len(zero_cols))) for r in rows}
            omissions.noises.append("blank_columns")
        single_row_blocks = {b.rows[0].code for b in table.blocks if len(b.rows) == 1}
        droppable = [r for r in zero_rows if r not in single_row_blocks]
        if rng.random() < 0.1 and droppable and len(rows) > 1:
            omissions.missing_rows |= {(table.code, r) for r in rng.sample(droppable, min(2, len(droppable)))}
            omissions.noises.append("missing_rows")
        # a block keeps at least two columns, so its header still shows which one went missing
        narrow = {c.code for b in table.blocks if len(b.cols) <= 2 for c in b.cols}
        omissible = [c for c in zero_cols if c not in narrow]
        if rng.random() < 0.1 and omissible:
            omissions.missing_cols.add((table.code, rng.choice(omissible)))
            omissions.noises.append("missing_columns")
    omissions.noises = list(dict.fromkeys(omissions.noises))
    return omissions


def inject(gen: str, truth: Values, rng: random.Random, keep: frozenset[str] = frozenset()) -> bool:
    """Break one rendered ``eq`` relation member in place (never one of those named in ``keep``, nor
    through a cell of theirs); True when the values now violate it."""
    tpl = load().template(gen)
    kept = {k for m in tpl.members if m.name in keep for k in (*m.left, *m.right)}
    members = [m for m in tpl.members if m.op == "eq" and m.name not in keep]
    rng.shuffle(members)
    for m in members:
        shown = [c for c in m.left + m.right if truth[c] is not None and c not in kept]
        if not shown:
            continue
        cell = rng.choice(shown)
        delta = rng.choice([1, 2, 3, 5, 10])
        truth[cell] = truth[cell] + delta if truth[cell] < delta or rng.random() < 0.5 else truth[cell] - delta
        truth[cell] = _tidy(truth[cell])
        if evaluate(m, truth):
            return True
    return False
