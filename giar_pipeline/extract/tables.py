"""Reads every cell of a template from a normalized document: rows are matched to the
catalogue (rows.py), then each block's values are placed in its columns (columns.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..catalogue import CellKey, Template
from ..normalize import BLANK, NUM, TEXT, Document, Token, key
from .columns import (
    align_tables,
    by_header_cells,
    filled,
    names_columns,
    present_cols,
    row_values,
    trim_padding,
    two_level,
    two_level_present,
    value_start,
)
from .labels import Slot, SlotIndex
from .layout import Candidate, candidates
from .orphans import place
from .rows import NUMBERED, Match, match_rows
from .shifts import fit_short_row
from .splits import RowRelation, split_row
from .stacking import header_lines, stack

UNEXPLAINED_WORDS = 4  # CJK characters between a label and glued digits that make the digits theirs
_CJK = re.compile("[\u4e00-\u9fff]")
HEADER_REACH = 30  # candidates a block's header may span before its first row

BlockRows = list[tuple[Slot, Candidate, bool]]  # each matched row, its candidate, whether it owns the values


def _value_owners(matches: list[Match], cands: list[Candidate], idx: SlotIndex) -> dict[int, Match]:
    """Per candidate, the match its values belong to: the last label matched in it, unless a
    section label follows that label (then the numbers are the section's, not a cell's), or, in
    glued text, words no label explains stand between the label and the digits (单位负责人…联系电话
    2637509 after a row whose own cell was a blank that glued to its label)."""
    owners = {m.cand: m for m in matches}
    return {ci: m for ci, m in owners.items() if not _taken_by_what_follows(m, cands[ci], idx)}


def _taken_by_what_follows(m: Match, c: Candidate, idx: SlotIndex) -> bool:
    after = c.pieces[m.end :]
    if any(_starts_row(p, idx) for p in after) and not _label_goes_on_last(m, c, idx):
        return True  # a section's numbers, or those of the next numbered row whose label was not read
    return any(v.glued for v in c.values) and len(_CJK.findall("".join(p.text for p in after))) >= UNEXPLAINED_WORDS


def _starts_row(p: Token, idx: SlotIndex) -> bool:
    k = key(p.text)  # a section label may have lost a character (会?和培训情况): the near test is slow
    return k in idx.structure or bool(NUMBERED.match(p.text)) or ("?" in k and idx.is_structure(k))


def _label_goes_on_last(m: Match, c: Candidate, idx: SlotIndex) -> bool:
    """The candidate's last piece ends the matched label, past a section label printed between its
    lines (PDF text: 1.本机关不掌握相关政府 ⏎ (四)无法提供 ⏎ 信息 0 4 …): the values are the row's."""
    tail = c.pieces[-1]
    if m.end >= len(c.pieces) or _starts_row(tail, idx):
        return False
    label, slot = key("".join(p.text for p in c.pieces[m.start : m.end])), idx.slots[m.slot]
    return idx.similarity(label + key(tail.text), slot) > idx.similarity(label, slot)


def _header_pieces(cands: list[Candidate], a: Match | None, b: Match, keys: tuple[str, ...]) -> list[Token]:
    """The label pieces after match ``a`` and before match ``b``: the header of b's block, with
    what stands before b's own words in its piece (glued text: …本年增/减行政 事业性收费30)."""
    out = []
    for ci in range(max(a.cand if a else 0, b.cand - HEADER_REACH), b.cand + 1):
        pieces = cands[ci].pieces
        out += pieces[a.end if a is not None and ci == a.cand else 0 : b.start if ci == b.cand else len(pieces)]
    if b.start < len(cands[b.cand].pieces):
        first = cands[b.cand].pieces[b.start]
        pk = key(first.text)
        head = next((pk[: -len(k)] for k in keys if k and len(pk) > len(k) and pk.endswith(k)), "")
        if head:
            out.append(Token(TEXT, head, head, first.line))
    return out


def _row_relations(template: Template, table: str, row: str, cols: tuple) -> list[RowRelation]:
    """The template's relation members whose cells all lie in one row, by column position. A part in
    a column the table does not print counts nothing (the printed total sums the printed parts); a
    relation whose total (or every part) is not printed checks nothing."""
    at = {c.code: i for i, c in enumerate(cols)}
    out = []
    for m in template.members:
        cells = (*m.left, *m.right)
        if all(t == table and r == row for t, r, _ in cells) and all(c in at for _, _, c in m.right):
            left = tuple(at[c] for _, _, c in m.left if c in at)
            if left:
                out.append(RowRelation(m.op, left, tuple(at[c] for _, _, c in m.right)))
    return out


def _split_glued(template: Template, slots, values: list[list[Token]], cols: tuple, unsure: set[CellKey]) -> list:
    """Rows of glued text: digit runs cut into the row's cells (extract/splits.py)."""
    out = []
    for slot, vals in zip(slots, values):
        if any(t is not None and t.glued for t in vals):
            table, row = slot.table.code, slot.row.code
            t = slot.table
            money = frozenset(i for i, c in enumerate(cols) if t.is_money(row, c.code))
            signed = frozenset(i for i, c in enumerate(cols) if t.is_signed(row, c.code))
            vals, undecided = split_row(vals, len(cols), _row_relations(template, table, row, cols), money, signed)
            unsure.update((table, row, cols[i].code) for i in undecided)
        out.append(vals)
    return out


def _columns(valued: list[Candidate], start, header: str, block, table) -> tuple[list[list[Token]], tuple]:
    """The rows' values and the block's columns present. A grid's padding (a label's colspan) is
    trimmed down to the columns the block has, or, when the header names fewer columns and the rows
    still begin with empty cells, down to those: then those cells were padding, not blanks."""

    # a detached row (| | 2 | 2 |) with no more cells than the block has columns is values only
    raw = [row_values(c, start if c.pieces or len(c.values) > len(block.cols) else None) for c in valued]
    # the first cell any row fills: an empty cell there is a blank, not a label's padding
    first = min((t.cell for vals in raw for t in vals if t.cell is not None and filled(t)), default=None)
    at_first = [first is not None and bool(vals) and vals[0].cell == first for vals in raw]

    def trimmed(n: int) -> list[list[Token]]:
        return [trim_padding(v, n, gaps_only=not c.multi, lead=not f) for c, v, f in zip(valued, raw, at_first)]

    values = trimmed(len(block.cols))
    cols = present_cols(values, header, block, table)
    padded = any(vals and vals[0].kind is BLANK and not vals[0].text for vals in values)
    for n in range(len(block.cols) - 1, 0, -1) if padded and len(cols) == len(block.cols) else ():
        fewer = present_cols(trimmed(n), header, block, table)
        if len(fewer) == n and names_columns(header, fewer, table, block):
            return trimmed(n), fewer
    return values, cols


def _column_missing_unnamed(values: list[list[Token]], cols: tuple, block, named: bool) -> bool:
    """Every row holds fewer values than the block has columns and the header is too broken to say
    which are there (not ``named``): a column may be absent from the table (which one, nothing
    tells) as well as the rows' last cells blank, so the rows' cells are undecided."""
    return (
        not named
        and len(cols) == len(block.cols) > 1
        and all(0 < len(vals) < len(cols) and not any(t.glued for t in vals) for vals in values)
    )


def _after_heading(header: str, block) -> str:
    """The header from the block's own heading on (第二十条第(一)项): the prose before it is no header."""
    at = max((header.rfind(k) + len(k) for k in map(key, block.item) if k in header), default=0)
    return header[at:]


def _header_text(header: list[Token], block, table) -> str:
    """The block's header as one key; a two-level header printed in narrow columns (结果 结果 ⏎ 维持
    纠正 …) as its words read column by column (extract/stacking.py)."""
    text = _after_heading("".join(key(p.text) for p in header), block)
    if not two_level(block.cols):
        return text
    lines: dict[int, list[str]] = {}
    for p in header:
        lines.setdefault(p.line, []).extend(k for w in p.text.split() if (k := key(w)))
    words = frozenset(key(w) for c in block.cols for w in c.labels[0].split(" ")) | {key(s) for s in table.structure}
    stacked = stack(header_lines(list(lines.values()), words), words)
    if stacked:
        return "".join(stacked)
    if two_level_present(text, block.cols) is None:  # converters: the header glued on one line above broken cells
        whole = ("".join(line) for line in reversed(lines.values()))
        return next((t for t in whole if len(two_level_present(t, block.cols) or ()) * 2 > len(block.cols)), text)
    return text


def _place(
    rows: BlockRows, header: list[Token], fixed_width, template: Template, unsure: set[CellKey]
) -> dict[CellKey, Token]:
    """The cells of one block: each row's values in the block's columns (undecided ones go to ``unsure``)."""
    slot0 = rows[0][0]
    table, block = slot0.table, slot0.block
    valued = [c for _, c, owns in rows if owns]
    slots = [s for s, _, owns in rows if owns]
    start = value_start(valued)
    header_text = _header_text(header, block, table)
    values, cols = _columns(valued, start, header_text, block, table)
    out: dict[CellKey, Token] = {}
    if table.unit_column:  # 单位 then 统计数: the value is the first number of the two
        values = _split_glued(template, slots, values, cols, unsure)
        for slot, vals in zip(slots, values):
            tok = next(
                (v for v in vals[:2] if v is not None and v.kind is NUM),
                vals[1] if len(vals) > 1 else vals[0] if vals else None,
            )
            if tok is not None:
                out[(table.code, slot.row.code, cols[0].code)] = tok
        return out
    grid = by_header_cells(block.cols, header, valued)
    cols, values = grid or (cols, fixed_width or values)
    named = names_columns(header_text, cols, table, block)
    if (
        not grid
        and not fixed_width
        and _column_missing_unnamed(values, cols, block, named)
        and not any(_row_relations(template, table.code, s.row.code, cols) for s in slots)  # else shifts.py
    ):
        unsure.update((table.code, slot.row.code, c.code) for slot in slots for c in cols)
        return {}
    values = _split_glued(template, slots, values, cols, unsure)
    values = _fit_short_rows(template, slots, values, cols, unsure, named)
    for slot, vals in zip(slots, values):
        out.update(((table.code, slot.row.code, col.code), tok) for col, tok in zip(cols, vals) if tok is not None)
    return out


def _fit_short_rows(
    template: Template, slots, values: list[list[Token]], cols: tuple, unsure: set[CellKey], named: bool
) -> list:
    """Rows with fewer values than columns whose left-aligned reading breaks their relations, or under
    a header that does not name every column, leaves their total blank (extract/shifts.py)."""
    out = []
    for slot, vals in zip(slots, values):
        if len(vals) < len(cols):
            table, row = slot.table.code, slot.row.code
            vals, undecided = fit_short_row(vals, len(cols), _row_relations(template, table, row, cols), named)
            unsure.update((table, row, cols[i].code) for i in undecided)
        out.append(vals)
    return out


@dataclass(slots=True)
class Reading:
    tokens: dict[CellKey, Token]  # the token read for each cell found
    found: int  # catalogue rows found
    undecided: set[CellKey]  # cells the document leaves open (values that fit more than one row)


def read_cells(doc: Document, template: Template) -> Reading:
    """Tokens read for the template's cells, how many catalogue rows were found, and the undecided cells."""
    cands = candidates(doc.rows, any(t.unit_column for t in template.tables))
    idx, matches = match_rows(cands, template)
    owners = _value_owners(matches, cands, idx)
    placed = place(matches, owners, cands, idx)
    blocks: dict[int, BlockRows] = {}
    first: dict[int, int] = {}  # block → index of its first match
    for i, m in enumerate(matches):
        slot = idx.slots[m.slot]
        first.setdefault(id(slot.block), i)
        owns = owners.get(m.cand) is m and m.slot not in placed.replaced
        blocks.setdefault(id(slot.block), []).append((slot, placed.kept.get(m.cand, cands[m.cand]), owns))
    for s, row in placed.rows:
        slot = idx.slots[s]
        if id(slot.block) in blocks:
            blocks[id(slot.block)].append((slot, row, True))
    aligned = align_tables(blocks)
    out: dict[CellKey, Token] = {}
    undecided = {
        (idx.slots[s].table.code, idx.slots[s].row.code, c.code)
        for s in placed.undecided
        for c in idx.slots[s].block.cols
    }
    for b, rows in blocks.items():
        i = first[b]
        header = _header_pieces(cands, matches[i - 1] if i else None, matches[i], idx.slots[matches[i].slot].keys)
        out.update(_place(rows, header, aligned.get(b), template, undecided))
    return Reading(out, len(matches), undecided - out.keys())
