"""Long warehouse rows → one wide matrix per table → the derived frames the suites validate.

Input is what a batch stages (``reports`` and ``report_cells`` rows, Arrow or
pandas); everything is vectorized over the whole partition, so 100k reports
cost seconds, not minutes. Only ``status == 'ok'`` reports are checked.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..catalogue import CellKey, load
from ..relations import TOLERANCE
from . import plan

CHECKED_REPORT_COLUMNS = ("report_id", "issuer", "report_year", "template")
CELL_COLUMNS = ("report_id", "table_code", "row_code", "col_code", "value", "uncertain")  # what build reads


@dataclass
class TableValues:
    """One table's cells: a row per report whose template has the table, a column per cell (NaN = blank)."""

    plan: plan.TablePlan
    rows: np.ndarray  # positions in Frames.reports
    templates: np.ndarray  # each row's template code
    matrix: np.ndarray  # float64, column-major: members read whole columns
    uncertain: np.ndarray  # bool, same shape: cells the document leaves undecided
    _generation_masks: dict = field(default_factory=dict, repr=False)

    @functools.cached_property
    def index(self) -> dict[CellKey, int]:
        return {k: i for i, k in enumerate(self.plan.cells)}

    def block(self, keys, rows=slice(None)) -> np.ndarray:
        return self.matrix[rows][:, [self.index[k] for k in keys]]

    def any_uncertain(self, keys, rows=slice(None)) -> np.ndarray:
        return self.uncertain[rows][:, [self.index[k] for k in keys]].any(axis=1)

    def in_generations(self, generations: tuple[str, ...]) -> np.ndarray:
        """Rows whose template is one of ``generations`` (cached: many members share them)."""
        if generations not in self._generation_masks:
            self._generation_masks[generations] = np.isin(self.templates, generations)
        return self._generation_masks[generations]


@dataclass
class Frames:
    reports: pd.DataFrame  # CHECKED_REPORT_COLUMNS + unknown_cells + duplicate_cells, one row per ok report
    tables: dict[str, TableValues]
    unknown: pd.DataFrame  # report_id, cell ("table.row.col") of every cell not in its report's template


@functools.cache
def _layout():
    """Vocabularies of codes, and per template a lookup (table, row, col) code indices → global slot (-1: invalid)."""
    plans = plan.tables()
    vocab = [tuple(dict.fromkeys(k[i] for t in plans.values() for k in t.cells)) for i in range(3)]
    pos = [{c: i for i, c in enumerate(v)} for v in vocab]
    offsets, slot = {}, 0
    for code, t in plans.items():
        offsets[code] = slot
        slot += len(t.cells)
    gens = load().generations
    lut = np.full((len(gens) + 1, *map(len, vocab)), -1, dtype=np.int64)  # last plane: unknown template
    for g, gen in enumerate(gens):
        for t in load().template(gen).tables:
            index = {k: i for i, k in enumerate(plans[t.code].cells)}
            for k in t.cells:
                lut[(g, *(p[c] for p, c in zip(pos, k)))] = offsets[t.code] + index[k]
    return vocab, offsets, slot, gens, lut


def _arrow(t) -> pa.Table:
    return t if isinstance(t, pa.Table) else pa.Table.from_pandas(pd.DataFrame(t), preserve_index=False)


def _index_in(values: pa.ChunkedArray, vocab) -> np.ndarray:
    found = pc.index_in(values, value_set=pa.array(list(vocab), pa.string()))
    return found.fill_null(-1).to_numpy().astype(np.int64)


def build(reports, cells) -> Frames:
    """The partition's ok reports as per-table matrices, with per-report counts of invalid and repeated cells."""
    reports, cells = _arrow(reports), _arrow(cells)
    ok = reports.filter(pc.equal(reports["status"], "ok"))
    meta = ok.select(list(CHECKED_REPORT_COLUMNS)).to_pandas()
    n = len(meta)
    vocab, offsets, width, gens, lut = _layout()

    gen = _index_in(ok["template"], gens)
    gen[gen < 0] = len(gens)
    rid = _index_in(cells["report_id"], ok["report_id"].to_pylist())
    codes = [_index_in(cells[c], v) for c, v in zip(("table_code", "row_code", "col_code"), vocab)]
    mine = rid >= 0  # cells of quarantined or unknown reports are the warehouse contract's business
    known = mine & (codes[0] >= 0) & (codes[1] >= 0) & (codes[2] >= 0)
    slot = np.full(len(rid), -1, dtype=np.int64)
    slot[known] = lut[gen[rid[known]], codes[0][known], codes[1][known], codes[2][known]]
    bad = mine & (slot < 0)
    meta["unknown_cells"] = np.bincount(rid[bad], minlength=n)
    unknown = cells.filter(pa.array(bad)).to_pandas()
    unknown = pd.DataFrame(
        {
            "report_id": unknown["report_id"],
            "cell": unknown["table_code"].str.cat([unknown["row_code"], unknown["col_code"]], sep="."),
        }
    )

    flat = rid[slot >= 0] * width + slot[slot >= 0]
    values = cells["value"].to_numpy().astype(np.float64)[slot >= 0]  # null → NaN
    seen = np.bincount(flat, minlength=n * width).reshape(n, width)
    meta["duplicate_cells"] = (seen > 1).sum(axis=1)
    matrix = np.full(n * width, np.nan)
    matrix[flat] = values
    matrix = matrix.reshape(n, width)
    unsure = np.zeros(n * width, dtype=bool)
    if "uncertain" in cells.column_names:  # staged by releases that know undecided cells
        unsure[flat] = cells["uncertain"].fill_null(False).to_numpy(zero_copy_only=False)[slot >= 0]
    unsure = unsure.reshape(n, width)

    tables = {}
    for code, t in plan.tables().items():
        rows = np.flatnonzero(np.isin(gen, [gens.index(g) for g in t.generations]))
        span = slice(offsets[code], offsets[code] + len(t.cells))
        tables[code] = TableValues(
            t,
            rows,
            meta["template"].to_numpy()[rows],
            np.asfortranarray(matrix[rows, span]),
            np.asfortranarray(unsure[rows, span]),
        )
    return Frames(meta, tables, unknown)


def _side(block: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sum left to right with blanks as 0 (Python's ``sum`` order, so floats agree bit for bit) and all-blank."""
    blank = np.isnan(block)
    total = np.zeros(len(block))
    for j in range(block.shape[1]):
        total = total + np.where(blank[:, j], 0.0, block[:, j])
    return total, blank.all(axis=1)


def sides(op: str, left_block: np.ndarray, right_block: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Left sum, right sum and whether the blank rules skip the member (eq: all blank; le: a side all blank)."""
    left, left_blank = _side(left_block)
    right, right_blank = _side(right_block)
    return left, right, (left_blank & right_blank) if op == "eq" else (left_blank | right_blank)


def difference(op: str, left: np.ndarray, right: np.ndarray, skipped: np.ndarray) -> np.ndarray:
    """What the suites bound: eq ``left - right`` within ±TOLERANCE; le ``left - (right + TOLERANCE)`` ≤ 0.

    Written so each comparison is the reference checker's to the last bit (relations.evaluate);
    skipped members are NaN, which GX leaves unchecked."""
    diff = left - right if op == "eq" else left - (right + TOLERANCE)
    diff[skipped] = np.nan
    return diff


def sums(table_values: TableValues, m: plan.MemberCheck, rows=slice(None)) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Left sum, right sum and whether the member is skipped (another generation, blank by the rules,
    or an uncertain cell in it)."""
    left, right, skipped = sides(m.op, table_values.block(m.left, rows), table_values.block(m.right, rows))
    unsure = table_values.any_uncertain((*m.left, *m.right), rows)
    return left, right, skipped | unsure | ~table_values.in_generations(m.generations)[rows]


TESTS = {  # the catalogue's integrity tests, on a matrix of values (NaN = blank, never offending)
    "below_zero": lambda x: x < 0,
    "not_whole": lambda x: ~np.isnan(x) & (np.mod(x, 1) != 0),
}


def integrity_masks(table_values: TableValues, rows=slice(None)) -> dict[str, np.ndarray]:
    """Per catalogue integrity rule, a row × cell mask of offending cells (exempt codes never offend)."""
    t = table_values.plan
    x = table_values.matrix[rows]
    out = {}
    with np.errstate(invalid="ignore"):
        for rule in plan.cell_rules():
            exempt = np.array([t.exempt(rule, r, c) for _, r, c in t.cells], dtype=bool)
            out[rule.name] = TESTS[rule.test](x) & ~exempt
    return out


def derive(frames: Frames, table: str) -> pd.DataFrame:
    """The frame a table's suite validates: report_id, one difference per member, integrity counts."""
    table_values = frames.tables[table]
    cols = {"report_id": frames.reports["report_id"].to_numpy()[table_values.rows]}
    cols |= {k: mask.sum(axis=1) for k, mask in integrity_masks(table_values).items()}
    cols |= {m.column: difference(m.op, *sums(table_values, m)) for m in table_values.plan.members}
    return pd.DataFrame(cols)


def derive_reports(frames: Frames) -> pd.DataFrame:
    return frames.reports[["report_id", "template", "unknown_cells", "duplicate_cells"]].reset_index(drop=True)
