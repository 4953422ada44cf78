"""Row values → the block's columns.

Which columns a block has comes from its header (one-level labels, or the
leaf runs of a two-level header), confirmed by the rows. Where values stand
depends on the layout: right after the labels (ragged exports), at the grid
column the header names (TSV, markdown), or on fixed-width column edges
(text tables whose blanks are only missing positions).
"""

from __future__ import annotations

import functools
import re

from ..normalize import BLANK, NUM, Token, key
from .layout import Candidate


def _without_groups(header: str, table) -> str:
    """A header without the table's group labels: a column label may hide inside one
    (其他 in 法人或其他组织)."""
    for k in sorted((key(s) for s in table.structure), key=len, reverse=True):
        if len(k) >= 4:  # also with a character lost or dropped (法人其他组织)
            header = _header_pattern(k).sub("|", header)
    return header


def _lost_char_variants(k: str) -> list[str]:
    """Regex alternatives for ``k`` with one character lost to '?'."""
    return [re.escape(k[:i]) + r"\?" + re.escape(k[i + 1 :]) for i in range(len(k))]


@functools.lru_cache(maxsize=512)
def _header_pattern(k: str) -> re.Pattern:
    """A column label in a header where one character may be lost to '?' or dropped."""
    dropped = [re.escape(k[:i] + k[i + 1 :]) for i in range(len(k))] if len(k) >= 4 else []
    return re.compile("|".join([re.escape(k), *_lost_char_variants(k), *dropped]))


@functools.lru_cache(maxsize=512)
def _lost_char_pattern(k: str) -> re.Pattern:
    return re.compile("|".join(_lost_char_variants(k)))


@functools.lru_cache(maxsize=512)
def _fragments_pattern(k: str) -> re.Pattern | None:
    pieces = [k[i : i + 2] for i in range(0, len(k), 2)]
    return re.compile(".*?".join(map(re.escape, pieces))) if len(pieces) > 1 else None


def _in_fragments(k: str, header: str) -> bool:
    """A label whose two-character pieces stand in the header in order (a label broken over lines)."""
    pattern = _fragments_pattern(k)
    return pattern is not None and pattern.search(header) is not None


@functools.lru_cache(maxsize=64)
def _any_of(words: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


def _in_order(k: str, header: str) -> bool:
    """Every character of the label stands in the header in order (a lost one, '?', stands for any)."""
    at = 0
    for ch in k:
        at = min((i for i in (header.find(ch, at), header.find("?", at)) if i >= 0), default=-1) + 1
        if not at:
            return False
    return True


def _in_header(k: str, header: str) -> bool:
    return bool(_header_pattern(k).search(header))


def two_level(cols: tuple) -> bool:
    """Columns named "group leaf" (行政复议 结果维持 …)."""
    return all(c.labels and len(c.labels[0].split(" ")) == 2 for c in cols)


def two_level_present(header: str, cols: tuple) -> tuple | None:
    """Columns named "group leaf" (行政复议 结果维持 …): the header lists each group's leaves in
    order, so a run of leaves restarts at every group and a missing column is a gap in its run."""
    parts = [tuple(key(w) for w in c.labels[0].split(" ")) for c in cols]
    groups = list(dict.fromkeys(g for g, _ in parts))
    leaves = list(dict.fromkeys(leaf for _, leaf in parts))
    for leaf in leaves:  # a leaf with a character lost to '?' is still that leaf
        header = _lost_char_pattern(leaf).sub(leaf, header)
    pattern = _any_of(tuple(leaves))
    runs: list[list[str]] = []
    for m in pattern.finditer(header):
        if not runs or leaves.index(m.group()) <= leaves.index(runs[-1][-1]):
            runs.append([])
        runs[-1].append(m.group())
    if len(runs) != len(groups):
        return None
    present = {(g, leaf) for g, run in zip(groups, runs) for leaf in run}
    return tuple(c for c, p in zip(cols, parts) if p in present)


def names_columns(header: str, cols: tuple, table, block) -> bool:
    """The header spells out each of these columns of the block (not only its characters in order);
    a two-level header (行政复议 结果维持 …) exactly these."""
    if two_level(block.cols):
        return two_level_present(header, block.cols) == cols
    header = _without_groups(header, table)
    return all(any(_in_header(k, header) for label in c.labels if (k := key(label))) for c in cols)


def present_cols(rows: list[list[Token]], header: str, block, table) -> tuple:
    """Columns of a block in catalogue order, minus those the header and the rows both say are absent."""
    cols = block.cols
    loose: tuple = ()
    if two_level(cols):
        found = two_level_present(header, cols)
    else:
        header = _without_groups(header, table)
        keys = {c: [k for label in c.labels if (k := key(label))] for c in cols}
        found = tuple(c for c in cols if any(_in_header(k, header) for k in keys[c]))
        if len(found) < len(cols):  # PDF headers break labels over lines: 商业 社会 / 企业 公益
            found = tuple(c for c in cols if c in found or any(_in_fragments(k, header) for k in keys[c]))
            # a header printed in narrow columns interleaves their words (科 社会 / 研机 公益 / 构 组织):
            # looser, so asked only when the columns found cannot hold the rows' values
            loose = tuple(c for c in cols if c in found or any(_in_order(k, header) for k in keys[c]))
    if not (found or loose) or len(found) == len(cols):
        return cols
    widths = [_width(vals) for vals in rows]
    if not widths:
        return cols
    for candidate in (found, loose):
        if candidate and len(candidate) < len(cols) and max(widths) <= len(candidate):
            return candidate
    return cols


def _width(vals: list[Token]) -> int:
    """Columns a row fills: a grid row every cell it has (an empty one is a blank), a text row up to
    its last number or printed blank."""
    if any(t is not None and t.cell is not None for t in vals):
        return len(vals)
    if vals and vals[-1] is not None and vals[-1].lend and len(vals[-1].text) == 1:
        vals = vals[:-1]  # glued text: a lone digit before 4.保护… is the next row's numbering
    return max((i + 1 for i, t in enumerate(vals) if t and filled(t)), default=0)


def filled(t: Token) -> bool:
    """A number or a printed blank marker (——, /): a cell someone filled in."""
    return t.kind is NUM or (t.kind is BLANK and bool(t.text))


def by_header_cells(cols: tuple, header: list[Token], rows: list[Candidate]):
    """In a true grid each column label stands in its column: (columns found, values by cell).

    Used only when the labels found stand in catalogue order and every filled value of the
    rows stands under one of them; a column the header lacks is absent from the table.
    """
    if not any(r.multi for r in rows):
        return None
    at: dict[str, int] = {}
    for p in header:
        pk = key(p.text)
        for col in cols:
            if p.cell is not None and any(_same_label(pk, key(label)) for label in col.labels):
                at.setdefault(col.code, p.cell)
    found = tuple(c for c in cols if c.code in at)
    if not found or [at[c.code] for c in found] != sorted(set(at.values())):
        return None
    cells = set(at.values())
    width = 1 + max(p.cell for p in header if p.cell is not None)
    # a detached row (| | 5 | 95 |) lacks the label's cells: its cells line up with the header's last
    shift = [width - len(r.values) if not r.pieces and len(r.values) < width else 0 for r in rows]
    placed = [{t.cell + d: t for t in reversed(r.values) if t.cell is not None} for r, d in zip(rows, shift)]
    under = sum(filled(t) for row in placed for cell, t in row.items() if cell in cells)
    if under != sum(filled(t) for r in rows for t in r.values):
        return None  # a filled value outside the header's columns (or in a text row, without a cell)
    return found, [[row.get(at[c.code]) for c in found] for row in placed]


def _same_label(text: str, label: str) -> bool:
    """Equal, or equal but for one character lost to '?' or dropped (对外公总数量)."""
    if text == label:
        return True
    if len(text) == len(label) - 1 > 2:
        return any(label[:i] + label[i + 1 :] == text for i in range(len(label)))
    return "?" in text and len(text) == len(label) and bool(_lost_char_pattern(label).fullmatch(text))


def value_start(rows: list[Candidate]) -> int | None:
    """Where values start in a delimited table that is a full grid, else None.

    Full rows (the most filled cells) show it: in a grid the first value sits in
    the same column whatever the labels span, so empty cells after a short label
    are padding; in a ragged export values follow the labels directly.
    """
    grid = [c for c in rows if c.multi and c.first_value_at is not None]
    counts = [sum(map(filled, c.values)) for c in grid]
    if not counts or max(counts) == 0:
        return None
    full = [c for c, n in zip(grid, counts) if n == max(counts)]
    firsts = [next(i for i, t in enumerate(c.values) if filled(t)) for c in full]
    absolute = {c.first_value_at + i for c, i in zip(full, firsts)}
    return absolute.pop() if len(absolute) == 1 and len(set(firsts)) > 1 else None


def _lattice(rows: list[list[Token]], ncols: int) -> tuple[int, tuple[int, ...]] | None:
    """(edge, column edges) shared exactly by at least two full rows of a fixed-width table."""
    full = [r for r in rows if len(r) == ncols]
    if len(full) < 2:
        return None
    for edge in (1, 0):  # right-aligned numbers first
        marks = {tuple(t.span[edge] for t in r) for r in full}
        if len(marks) == 1:
            return edge, marks.pop()
    return None


def align_tables(by_block: dict) -> dict[int, list[list[Token | None]]]:
    """Fixed-width text tables, where blanks are only missing positions: per block, its rows
    placed on the column edges of the table's full rows (narrower blocks use the first ones)."""
    out = {}
    tables: dict[str, list] = {}
    for rows in by_block.values():
        tables.setdefault(rows[0][0].table.code, []).append(rows)
    for blocks in tables.values():
        valued = [
            [[t for t in c.values if t.span or t.kind is not BLANK] for _, c, has in rows if has] for rows in blocks
        ]
        flat = [r for vs in valued for r in vs]
        if not all(t.span for r in flat for t in r) or any(len({t.line for t in r}) > 1 for r in flat):
            continue  # positions only mean something when a row's values share one line
        # the widest rows, a column the table leaves out or not: a lattice needs two that agree
        ncols = min(max(len(rows[0][0].block.cols) for rows in blocks), max(map(len, flat), default=0))
        found = _lattice(flat, ncols)
        if not found or all(len(r) == len(rows[0][0].block.cols) for rows, vs in zip(blocks, valued) for r in vs):
            continue
        edge, marks = found
        placed_blocks = []
        for rows, vs in zip(blocks, valued):
            lattice = marks[: len(rows[0][0].block.cols)]
            placed = [[next((t for t in r if t.span[edge] == m), None) for m in lattice] for r in vs]
            if any(sum(t is not None for t in p) != len(r) for p, r in zip(placed, vs)):
                break
            placed_blocks.append((rows, placed))
        else:
            out.update((id(rows[0][0].block), placed) for rows, placed in placed_blocks)
    return out


def row_values(c: Candidate, start: int | None) -> list[Token]:
    """A row's value tokens, without padding cells before a grid's value columns."""
    vals = c.values
    lines = [t.line for t in vals if t.span]
    if len(lines) != len(set(lines)):  # a row of values on one line: blank lines are no cells
        vals = [t for t in vals if t.span or t.kind is not BLANK]
    if c.multi and start is not None and c.first_value_at is not None:
        skip = start - c.first_value_at
        while skip > 0 and vals and vals[0].kind is BLANK:
            vals = vals[1:]
            skip -= 1
    return vals


def trim_padding(vals: list[Token], ncols: int, gaps_only: bool = False, lead: bool = True) -> list[Token]:
    """A grid exported from HTML keeps a label's colspan as empty cells after it: a delimited row
    with more cells than the block has columns loses its leading empty cells, then trailing ones.
    ``gaps_only`` (a text row): only the empty cells a double space made (需要另  0 0 2 0 1 0 3 has
    all seven cells after the gap, so the gap was no cell); an empty line stays a blank. Not ``lead``:
    the row's first cell is where the block's values start, so trailing empty cells go first."""
    if not lead:
        while len(vals) > ncols and _padding(vals[-1], gaps_only):
            vals = vals[:-1]
    extra = len(vals) - ncols
    skip = 0
    while skip < min(extra, len(vals)) and _padding(vals[skip], gaps_only):
        skip += 1
    vals = vals[skip:]
    while len(vals) > ncols and _padding(vals[-1], gaps_only):
        vals = vals[:-1]
    return vals


def _padding(t: Token, gaps_only: bool) -> bool:
    return t.kind is BLANK and not t.text and (not gaps_only or t.span is not None)
