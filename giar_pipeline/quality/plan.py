"""What the quality checks check, derived from the catalogue (relations are written there once).

A suite validates one *derived* frame per table: one row per report, one
column per relation member (``sum(left) - sum(right)`` with the blank rules
applied, NaN when the member is skipped) and a few integrity columns. GX then
only compares numbers with bounds: the meaning lives here and in
:mod:`.frames`, the bounds in :mod:`.suites`.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass

from ..catalogue import CellKey, Relation, Table, load

REPORTS = "reports"  # the report-level suite: identity, template and cell codes
INTEGRITY = "integrity"  # pipeline breakage: blocking
VALUES = "values"  # a report's own cell values breaking a catalogue integrity rule: findings, never blocking
CELL_CHECKS = tuple(load().integrity)  # per table: counts of offending cells per report (catalogue rules)
REPORT_CHECKS = ("unknown_cells", "duplicate_cells")  # per report: counts of cells with bad codes / repeated


@dataclass(frozen=True)
class CellRule:
    """A catalogue integrity rule (``integrity:`` in templates.yaml): a test every value cell passes
    unless its row or column code is in the table's ``exempt`` list (``signed``, ``money``)."""

    name: str
    test: str  # below_zero | not_whole
    exempt: str  # the catalogue table's codes it spares: money | signed
    severity: str  # error | warning, as check_violations records it
    meaning: str


@functools.cache
def cell_rules() -> tuple[CellRule, ...]:
    return tuple(
        CellRule(name, r["test"], r["except"], r["severity"], r["meaning"]) for name, r in load().integrity.items()
    )


@dataclass(frozen=True)
class MemberCheck:
    """One relation member, shared by every generation whose member has the same cells."""

    table: str
    relation: str
    member: str | None
    name: str  # relation[member], as the extractor names violations
    op: str  # "eq" | "le"
    severity: str  # the member's own severity: error (eq) | warning (le)
    generations: tuple[str, ...]
    left: tuple[CellKey, ...]
    right: tuple[CellKey, ...]

    @property
    def column(self) -> str:
        """The derived column; generation-suffixed only where generations disagree on the cells."""
        return self.name if _unique_name(self) else f"{self.name}@{'+'.join(self.generations)}"


@dataclass(frozen=True)
class TablePlan:
    code: str
    generations: tuple[str, ...]
    cells: tuple[CellKey, ...]  # union over generations, catalogue order
    table: Table  # its first generation's view, for the money and signed codes (table-wide, in every view)
    relations: tuple[Relation, ...]
    members: tuple[MemberCheck, ...]

    @functools.cached_property
    def by_column(self) -> dict[str, MemberCheck]:
        return {m.column: m for m in self.members}

    @property
    def integrity_family(self) -> str:
        return f"{self.code}_{INTEGRITY}"

    @property
    def values_family(self) -> str:
        return f"{self.code}_{VALUES}"

    def exempt(self, rule: CellRule, row: str, col: str) -> bool:
        return self.table.marks(rule.exempt, row, col)


def _merged_members(code: str, generations: tuple[str, ...]) -> tuple[MemberCheck, ...]:
    merged: dict[tuple, list[str]] = {}
    for gen in generations:
        for m in load().template(gen).members:
            if m.table == code:
                merged.setdefault((m.relation, m.member, m.name, m.op, m.severity, m.left, m.right), []).append(gen)
    return tuple(
        MemberCheck(code, rel, mem, name, op, sev, tuple(gens), left, right)
        for (rel, mem, name, op, sev, left, right), gens in merged.items()
    )


@functools.cache
def _name_counts() -> Counter:
    return Counter(m.name for t in tables().values() for m in t.members)


def _unique_name(m: MemberCheck) -> bool:
    return _name_counts()[m.name] == 1


@functools.cache
def tables() -> dict[str, TablePlan]:
    """Every catalogue table with its cells and relation members over all generations."""
    out = {}
    for code, views in load().tables().items():
        gens = tuple(g for g, tpl in load().templates.items() if any(t.code == code for t in tpl.tables))
        rels = {r.name: r for g in gens for r in load().template(g).relations if r.table == code}
        out[code] = TablePlan(
            code=code,
            generations=gens,
            cells=tuple(dict.fromkeys(k for v in views for k in v.cells)),
            table=views[0],
            relations=tuple(rels.values()),
            members=_merged_members(code, gens),
        )
    return out


def describe(rel: Relation) -> str:
    """The relation in words, for people reading a check (no links, no code)."""
    sign = "=" if rel.op == "eq" else "≤"
    each = {"col": f"for each column of {rel.table}", "row": f"for each row of {rel.table}"}.get(
        rel.for_each or "", f"in {rel.table}"
    )
    blanks = (
        "blank cells count as 0 and a member is skipped only when all its cells are blank"
        if rel.op == "eq"
        else "a member is skipped when either side is entirely blank"
    )
    return f"{rel.name}: {' + '.join(rel.left)} {sign} {' + '.join(rel.right)}, {each}; {blanks}."


@dataclass(frozen=True)
class CarryOver:
    """The cross-report relation: year Y's ``carried_over`` equals year Y-1's ``carried_forward``, per column."""

    name: str
    table: str
    current_row: str
    previous_row: str
    cols: tuple[str, ...]

    def column(self, col: str) -> str:
        return f"{self.name}[{col}]"

    @property
    def description(self) -> str:
        return (
            f"{self.name}: an issuer's {self.table}.{self.current_row} of year Y equals its "
            f"{self.table}.{self.previous_row} of year Y-1, for each column; blank cells count as 0 "
            "and a column is skipped when both are blank."
        )


@functools.cache
def carry_over() -> tuple[CarryOver, ...]:
    out = []
    for spec in load().cross_report:
        table = tables()[spec["table"]]
        cur, prev = spec["eq"]
        out.append(CarryOver(spec["name"], table.code, cur, prev, tuple(dict.fromkeys(c for _, _, c in table.cells))))
    return tuple(out)
