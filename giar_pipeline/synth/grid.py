"""A catalogue table laid out as a grid of cells with row and column spans.

This is the one place that knows how the national forms look: multi-level
column headers, a corner cell, block captions (第二十条第(一)项), section and
group labels spanning the rows below them (三、本年度办理结果 / (三)不予公开), or
as rows of their own in single-value tables (v2008), and a 单位 column.
Layouts only serialize a :class:`Grid`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ..catalogue import Table
from ..numerals import cn_number
from .style import Style
from .values import Omissions, Values

# Header cells the catalogue lists among a table's structure labels without saying
# which columns they span (rendering knowledge only: their codes are catalogue codes).
SPANNING_HEADERS: dict[str, tuple[str, ...]] = {
    "申请人情况": ("*",),
    "法人或其他组织": ("commercial", "research", "public_interest", "legal_service", "other_org"),
    "行政诉讼": ("direct_suit_*", "suit_after_review_*"),
}
UNIT_HEADER = "单位"
SECTION_DASH = "——"
_LEVELS = (
    (1, re.compile(r"^([一二三四五六七八九十]+)、")),
    (2, re.compile(r"^\(([一二三四五六七八九十]+)\)")),
    (3, re.compile(r"^(\d+)\.")),
)

# cell kinds
CAPTION, CORNER, HEAD, SECTION, GROUP, LABEL, UNIT, VALUE = (
    "caption",
    "corner",
    "head",
    "section",
    "group",
    "label",
    "unit",
    "value",
)


@dataclass(slots=True)
class GridCell:
    """One cell of a rendered grid (caption, header, label, unit or value), with its spans."""

    text: str
    kind: str
    rowspan: int = 1
    colspan: int = 1
    key: tuple[str, str, str] | None = None  # a value cell's (table, row, col)


@dataclass(slots=True)
class GridRow:
    """One row of a rendered grid."""

    cells: list[GridCell]  # anchor cells only, left to right; positions covered by spans are omitted
    kind: str  # "caption" | "head" | "body" | "section"


@dataclass
class Grid:
    table: str
    width: int
    rows: list[GridRow] = field(default_factory=list)

    def slots(self) -> list[list[tuple[GridCell, bool] | None]]:
        """Every row as `width` positions: (cell, True) at an anchor, (cell, False) where a span covers."""
        out: list[list[tuple[GridCell, bool] | None]] = [[None] * self.width for _ in self.rows]
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row.cells:
                while c < self.width and out[r][c] is not None:
                    c += 1
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        if r + dr < len(out) and c + dc < self.width:
                            out[r + dr][c + dc] = (cell, dr == 0 and dc == 0)
                c += cell.colspan
        return out


@functools.lru_cache(maxsize=4096)
def _level(label: str) -> tuple[int, int]:
    for level, rx in _LEVELS:
        if m := rx.match(label):
            n = m.group(1)
            return level, int(n) if n.isdigit() else cn_number(n)
    return 0, 0


@functools.cache  # catalogue tables live as long as the process
def sections(table: Table) -> dict[str, str]:
    """Row code → numbered structure label that opens a section just before that row.

    The catalogue lists section labels in document order without positions; their
    numbering places them: 三、… goes before the first (一) row after section 二,
    (二)… before the first 1. row after sub-section (一).
    """
    groups = {r.group for r in table.rows if r.group}
    pending = [s for s in table.structure if _level(s)[0] and s not in groups]
    out: dict[str, str] = {}
    top = sub = 0
    for row in table.rows:
        level, n = _level(row.labels[0]) if row.labels else (0, 0)
        if pending and n == 1 and level in (2, 3):
            s_level, s_n = _level(pending[0])
            if s_level == level - 1 and s_n == (top if s_level == 1 else sub) + 1:
                out[row.code] = pending.pop(0)
                top, sub = (s_n, 0) if s_level == 1 else (top, s_n)
        if level == 1:
            top, sub = n, 0
        elif level == 2:
            sub = n
    return out


def _shown_sections(table: Table, omissions: Omissions) -> dict[str, list[str]]:
    """Sections opening before each rendered row; those whose first row is not rendered move down."""
    out: dict[str, list[str]] = {}
    carry: list[str] = []
    starts = sections(table)
    for r in table.rows:
        if r.code in starts:
            carry.append(starts[r.code])
        if carry and (table.code, r.code) not in omissions.missing_rows:
            out[r.code], carry = carry, []
    return out


def _header_paths(table: Table, cols) -> list[list[str]]:
    paths = []
    for col in cols:
        path = [h for h, pats in SPANNING_HEADERS.items() if h in table.structure and _matches(col.code, pats)]
        parts = col.labels[0].split(" ") if col.labels else [""]
        if len(parts) > 1 and all(p in table.structure for p in parts[:-1]):
            path += parts  # "行政复议 结果维持" is a path down the header, not a spelling
        else:
            path.append(None)  # the leaf: the column's own (noisy) label, spelled below
        paths.append(path)
    return paths


def _matches(code: str, patterns: tuple[str, ...]) -> bool:
    return any(code.startswith(p[:-1]) if p.endswith("*") else code == p for p in patterns)


def _header_rows(paths: list[list[str | None]], cols, style: Style) -> list[list[GridCell]]:
    depth = max(len(p) for p in paths)
    rows: list[list[GridCell]] = [[] for _ in range(depth)]
    for level in range(depth):
        i = 0
        while i < len(paths):
            path = paths[i]
            if len(path) <= level:
                i += 1
                continue
            j = i + 1
            leaf = len(path) == level + 1
            if not leaf:
                while j < len(paths) and len(paths[j]) > level + 1 and paths[j][: level + 1] == path[: level + 1]:
                    j += 1
            text = path[level]
            if text is None:
                text = style.label(cols[i].labels)
            elif leaf:
                text = style.label((text,))
            else:
                text = style.label((text,), wrap=False)
            rows[level].append(GridCell(text, HEAD, rowspan=depth - level if leaf else 1, colspan=j - i))
            i = j
    return rows


def _corner(table: Table) -> str | None:
    used = set(SPANNING_HEADERS) | {p for c in table.cols for lab in c.labels for p in lab.split(" ")}
    used.add(UNIT_HEADER)
    groups = {r.group for r in table.rows if r.group}
    for s in table.structure:
        if not _level(s)[0] and s not in used and s not in groups:
            return f"({s})" if len(s) > 12 else s  # the long 勾稽关系 note is printed in brackets
    return None


def build(table: Table, truth: Values, omissions: Omissions, style: Style, stray: bool = False) -> Grid:
    """The grid of one table as this document renders it."""
    return _Builder(table, truth, omissions, style, stray).grid()


class _Builder:
    """Lays out one table: blocks of (caption, header rows, body rows) over a common width."""

    def __init__(self, table: Table, truth: Values, omissions: Omissions, style: Style, stray: bool):
        self.table, self.truth, self.style, self.stray = table, truth, style, stray
        self.list_form = len(table.cols) == 1  # one value column: sections are rows of their own
        self.unit_col = table.unit_column and style.unit_column != "absent"
        self.section_at = _shown_sections(table, omissions)
        self.blocks = [
            (
                block,
                [c for c in block.cols if (table.code, c.code) not in omissions.missing_cols],
                [r for r in block.rows if (table.code, r.code) not in omissions.missing_rows],
            )
            for block in table.blocks
        ]
        has_labels = any(r.labels for r in table.rows)
        has_section = has_labels and not self.list_form and bool(self.section_at)
        has_group = has_labels and any(r.group for r in table.rows)
        self.label_width = (1 + has_section + has_group) if has_labels else 0
        self.value_width = max(len(cols) for _, cols, _ in self.blocks)
        self.width = self.label_width + self.unit_col + self.value_width
        self.corner = _corner(table) if has_labels else None

    def grid(self) -> Grid:
        grid = Grid(self.table.code, self.width)
        for block, cols, rows in self.blocks:
            if block.item:
                grid.rows.append(
                    GridRow([GridCell(self.style.label(block.item), CAPTION, colspan=self.width)], "caption")
                )
            grid.rows += self.head(cols)
            grid.rows += self.body(rows, cols)
        return grid

    def head(self, cols) -> list[GridRow]:
        style = self.style
        head = _header_rows(_header_paths(self.table, cols), cols, style)
        depth = len(head)
        lead: list[GridCell] = []
        if self.label_width:
            corner = style.label((self.corner,)) if self.corner else ""
            lead.append(GridCell(corner, CORNER, rowspan=depth, colspan=self.label_width))
        if self.unit_col:
            lead.append(GridCell(style.label((UNIT_HEADER,)), HEAD, rowspan=depth))
        if depth == 1:  # a block narrower than the table: its last column spans the rest (第二十条第(五)项)
            head[0][-1].colspan += self.value_width - sum(c.colspan for c in head[0])
        return [GridRow((lead if i == 0 else []) + cells, "head") for i, cells in enumerate(head)]

    def spans(self, rows) -> dict[str, tuple[str, int, str]]:
        """Row code → (kind, rows spanned, text) of the section or group label opening at that row."""
        out: dict[str, tuple[str, int, str]] = {}
        for i, r in enumerate(rows):
            if r.code in self.section_at and not self.list_form:
                j = i + 1  # a section runs to the next top-level row
                while j < len(rows) and _level(rows[j].labels[0])[0] != 1:
                    j += 1
                out[r.code] = (SECTION, j - i, self.section_at[r.code][0])
            if r.group and (i == 0 or rows[i - 1].group != r.group):
                n = 1
                while i + n < len(rows) and rows[i + n].group == r.group:
                    n += 1
                out["group:" + r.code] = (GROUP, n, r.group)
        return out

    def body(self, rows, cols) -> list[GridRow]:
        table, style = self.table, self.style
        spans = self.spans(rows)
        units_in_values = "value_units" in style.on
        out: list[GridRow] = []
        covered = {SECTION: 0, GROUP: 0}  # index of the first row after each open span
        for i, r in enumerate(rows):
            if self.list_form:
                out += [self.section_row(text) for text in self.section_at.get(r.code, ())]
            cells: list[GridCell] = []
            if self.label_width:
                for key in (r.code, "group:" + r.code):
                    if key in spans:
                        kind, n, text = spans[key]
                        cells.append(GridCell(style.label((text,)), kind, rowspan=n))
                        covered[kind] = i + n
                nested = (i < covered[SECTION]) + (i < covered[GROUP])
                cells.append(GridCell(style.label(r.labels), LABEL, colspan=self.label_width - nested))
            if self.unit_col:
                cells.append(GridCell(style.fixed(r.unit) if r.unit and style.unit_column == "units" else "", UNIT))
            for c in cols:
                unit = (r.unit or _unit_of(table, r.code, c.code)) if units_in_values else None
                key = (table.code, r.code, c.code)
                cells.append(GridCell(style.value(self.truth[key], unit), VALUE, key=key))
            cells[-1].colspan = self.value_width - len(cols) + 1
            out.append(GridRow(cells, "body"))
        return out

    def section_row(self, text: str) -> GridRow:
        rng = self.style.rng
        dash = rng.choice([SECTION_DASH, ""])
        cells = [GridCell(self.style.label((text,)), SECTION)]
        if self.unit_col:
            cells.append(GridCell(dash, UNIT))
        # a stray total printed on a section row is not a cell of the template
        cells.append(GridCell(str(rng.randint(1, 300)) if self.stray and rng.random() < 0.5 else dash, SECTION))
        return GridRow(cells, "section")


def _unit_of(table: Table, row: str, col: str) -> str:
    """The unit a value cell may carry: the row's own (v2008), else 万元 for money, 件 for counts."""
    return "万元" if table.is_money(row, col) else "件"
