"""Reads every cell of a template from a normalized document.

1. Candidates (label pieces + values) come from the layout step.
2. Every span of up to four consecutive pieces is matched to slots by exact or
   suffix key; the heaviest chain increasing in both document order and
   catalogue order is kept, so a row label quoted in prose, or a repeated label
   (两个 "被依法纠错数"), cannot pull the reading out of order.
3. Slots left between two chained rows are matched fuzzily to the unmatched
   pieces between them (typos, lost characters).
4. Values go to the block's columns in catalogue order; columns absent from
   the header are skipped when the rows confirm it.
"""
from __future__ import annotations

import functools
import heapq
import re
from collections import Counter
from dataclasses import dataclass

from ..catalogue import CellKey, Template
from ..normalize import BLANK, NUM, Document, Token, key
from .labels import EXACT, FUZZY, FUZZY_RATIO, SUFFIX, Slot, SlotIndex, slot_index
from .layout import Candidate, candidates

MAX_SPAN = 4  # pieces a wrapped or grouped label may be split into
GAP_WINDOW = 40  # candidates searched fuzzily before the first / after the last chained row


@dataclass(slots=True)
class Match:
    cand: int
    start: int
    end: int
    slot: int
    score: int


def _spans(cands: list[Candidate], idx: SlotIndex) -> list[Match]:
    out = []
    limit = idx.max_key + 12
    for ci, c in enumerate(cands):
        n = len(c.pieces)
        for i in range(n):
            joined = ""
            for j in range(i, min(n, i + MAX_SPAN)):
                joined += c.pieces[j].text
                k = key(joined)
                if len(k) > limit:
                    break
                if not k or k in idx.structure:
                    continue
                hits, score = idx.exact(k), EXACT
                if not hits:
                    hits, score = idx.suffix(k), SUFFIX
                out.extend(Match(ci, i, j + 1, s, score) for s in hits)
    return out


def _weight(m: Match) -> int:
    """An exact span explains all its pieces (a wrapped label); a suffix match only its tail."""
    return m.score * (m.end - m.start + 2) if m.score == EXACT else m.score * 3


def _chain(matches: list[Match], n_slots: int) -> list[Match]:
    """Heaviest chain increasing in document and slot order: a weighted LIS in O(M log S).

    A match may follow another when it starts at or after the other's end (same
    candidate) or in a later candidate, and its slot is later. Matches enter the
    prefix-max tree only once the scan has passed their end, so overlapping
    spans of one candidate never chain.
    """
    matches.sort(key=lambda m: (m.cand, m.start, m.end, m.slot))
    tree = [(0, -1)] * (n_slots + 1)  # Fenwick prefix max of (score, match index) by slot

    def update(slot: int, item: tuple[int, int]) -> None:
        i = slot + 1
        while i <= n_slots:
            if item > tree[i]:
                tree[i] = item
            i += i & -i

    def query(slot: int) -> tuple[int, int]:  # best over slots < slot
        best, i = (0, -1), slot
        while i > 0:
            if tree[i] > best:
                best = tree[i]
            i -= i & -i
        return best

    score = [0] * len(matches)
    prev = [-1] * len(matches)
    pending: list[tuple[int, int, int]] = []  # (cand, end, index) waiting to enter the tree
    for i, m in enumerate(matches):
        while pending and (pending[0][0], pending[0][1]) <= (m.cand, m.start):
            _, _, j = heapq.heappop(pending)
            update(matches[j].slot, (score[j], j))
        best, j = query(m.slot)
        score[i], prev[i] = best + _weight(m), j
        heapq.heappush(pending, (m.cand, m.end, i))
    if not matches:
        return []
    i = max(range(len(matches)), key=score.__getitem__)
    out = []
    while i >= 0:
        out.append(matches[i])
        i = prev[i]
    return out[::-1]


def _fill_gaps(chain: list[Match], cands: list[Candidate], idx: SlotIndex) -> list[Match]:
    """Match slots skipped by the chain to the pieces between its neighbours, fuzzily."""
    out: list[Match] = []
    bounds = [Match(max(0, (chain[0].cand if chain else 0) - GAP_WINDOW), 0, 0, -1, 0), *chain,
              Match(min(len(cands), (chain[-1].cand if chain else 0) + GAP_WINDOW), 0, 0, len(idx.slots), 0)]
    for lo, hi in zip(bounds, bounds[1:]):
        if lo.slot >= 0:
            out.append(lo)
        free = [s for s in idx.slots[lo.slot + 1:hi.slot] if s.keys]
        if not free:
            continue
        last_slot = lo.slot
        for ci in range(lo.cand, min(hi.cand + 1, len(cands))):
            c = cands[ci]
            i = lo.end if ci == lo.cand and lo.slot >= 0 else 0
            end = hi.start if ci == hi.cand and hi.slot < len(idx.slots) else len(c.pieces)
            while i < end:
                found = _fuzzy(c, i, end, [s for s in free if s.index > last_slot], idx)
                if not found:
                    break
                slot, start, i = found
                out.append(Match(ci, start, i, slot.index, FUZZY))
                last_slot = slot.index
    return out


def _fill_singles(matches: list[Match], cands: list[Candidate], idx: SlotIndex) -> list[Match]:
    """Where exactly one labelled row is missing between two matched neighbours and exactly one
    unread row with values stands between them, that row is it (its label was too damaged)."""
    matches = sorted(matches, key=lambda m: m.slot)
    out = list(matches)
    for lo, hi in zip(matches, matches[1:]):
        free = [s for s in idx.slots[lo.slot + 1:hi.slot] if s.keys]
        if len(free) == 1 and lo.cand < hi.cand:
            only = _only_row_between(lo, hi, cands, idx)
            if only is not None:
                out.append(Match(only, 0, len(cands[only].pieces), free[0].index, FUZZY))
    return out


def _only_row_between(lo: Match, hi: Match, cands: list[Candidate], idx: SlotIndex) -> int | None:
    """The one candidate strictly between two chained rows that has a label and values."""
    between = [ci for ci in range(lo.cand + 1, hi.cand)
               if cands[ci].pieces and cands[ci].values
               and not all(idx.is_structure(key(p.text)) for p in cands[ci].pieces)]
    return between[0] if len(between) == 1 else None


def _fuzzy(c: Candidate, i: int, end: int, free: list[Slot], idx: SlotIndex) -> tuple[Slot, int, int] | None:
    """The best fuzzy (slot, start, end) among spans starting at or after piece ``i``;
    on a tie the later, shorter span wins, so header words before a label stay header."""
    best: tuple[float, int, Slot, int] | None = None
    for a in range(i, end):
        joined = ""
        for j in range(a, min(end, a + MAX_SPAN)):
            joined += c.pieces[j].text
            k = key(joined)
            if len(k) > idx.max_key + 12:
                break
            if len(k) < 2 or k in idx.structure:
                continue
            for s in free[:12]:  # rows are rarely missing in long runs
                r = idx.similarity(k, s)
                if r >= FUZZY_RATIO and (best is None or (r, a) >= best[:2]):
                    best = (r, a, s, j + 1)
    return (best[2], best[1], best[3]) if best else None


def _labelless(idx: SlotIndex, cands: list[Candidate], chain: list[Match]) -> list[Match]:
    """Rows without a label (the one row of 行政复议/诉讼): the first value row after the table title."""
    out = []
    for slot in idx.slots:
        if slot.keys:
            continue
        titles = {k for k, code in idx.titles.items() if code == slot.table.code}
        start = next((ci for ci, c in enumerate(cands) for p in c.pieces
                      if (pk := key(p.text)) and any(pk.endswith(t) for t in titles)), None)
        if start is None:
            continue
        for ci in range(start, len(cands)):
            if sum(t.kind is NUM for t in cands[ci].values) >= 3 or len(cands[ci].values) >= len(slot.block.cols):
                out.append(Match(ci, len(cands[ci].pieces), len(cands[ci].pieces), slot.index, EXACT))
                break
    return out


def _without_groups(header: str, table) -> str:
    """A header without the table's group labels: a column label may hide inside one
    (其他 in 法人或其他组织)."""
    for k in sorted((key(s) for s in table.structure), key=len, reverse=True):
        if len(k) >= 4:
            header = header.replace(k, "|")
    return header


@functools.lru_cache(maxsize=512)
def _header_pattern(k: str) -> re.Pattern:
    """A column label in a header where one character may be lost to '?' or dropped."""
    chars = [re.escape(c) for c in k]
    alts = ["".join(f"[{c}?]" if j == i else c for j, c in enumerate(chars)) for i in range(len(chars))]
    alts += ["".join(chars[:i] + chars[i + 1:]) for i in range(len(chars))] if len(k) >= 4 else []
    return re.compile("|".join(alts))


@functools.lru_cache(maxsize=512)
def _lost_char_pattern(k: str) -> re.Pattern:
    return re.compile("|".join(re.escape(k[:i]) + r"\?" + re.escape(k[i + 1:]) for i in range(len(k))))


def _in_header(k: str, header: str) -> bool:
    return k in header or bool(_header_pattern(k).search(header))


def _two_level(header: str, cols: tuple) -> tuple | None:
    """Columns named "group leaf" (行政复议 结果维持 …): the header lists each group's leaves in
    order, so a run of leaves restarts at every group and a missing column is a gap in its run."""
    parts = [tuple(key(w) for w in c.labels[0].split(" ")) for c in cols]
    groups = list(dict.fromkeys(g for g, _ in parts))
    leaves = list(dict.fromkeys(leaf for _, leaf in parts))
    for leaf in leaves:  # a leaf with a character lost to '?' is still that leaf
        header = _lost_char_pattern(leaf).sub(leaf, header)
    pattern = re.compile("|".join(map(re.escape, sorted(leaves, key=len, reverse=True))))
    runs: list[list[str]] = []
    for m in pattern.finditer(header):
        if not runs or leaves.index(m.group()) <= leaves.index(runs[-1][-1]):
            runs.append([])
        runs[-1].append(m.group())
    if len(runs) != len(groups):
        return None
    present = {(g, leaf) for g, run in zip(groups, runs) for leaf in run}
    return tuple(c for c, p in zip(cols, parts) if p in present)


def _present_cols(rows: list[list[Token]], header: str, block, table) -> tuple:
    """Columns of a block in catalogue order, minus those the header and the rows both say are absent."""
    cols = block.cols
    if all(c.labels and len(c.labels[0].split(" ")) == 2 for c in cols):
        found = _two_level(header, cols)
    else:
        header = _without_groups(header, table)
        found = tuple(c for c in cols if any(_in_header(key(label), header) for label in c.labels if key(label)))
    if not found or len(found) == len(cols):
        return cols
    widths = [max((i + 1 for i, t in enumerate(vals) if t and t.kind is NUM), default=0) for vals in rows]
    return found if widths and max(widths) <= len(found) else cols


def _visible(t: Token) -> bool:
    """A number or a printed blank marker (——, /): a cell someone filled in."""
    return t.kind is NUM or (t.kind is BLANK and bool(t.text))


def _by_header_cells(block, cols: tuple, header_cands: list[Candidate], rows: list[Candidate]):
    """In a true grid each column label stands in its column: values are read by cell index.

    Used only when every present column's label is found once in the header rows, in
    catalogue order, and every filled value of the rows stands in one of those cells.
    """
    at: dict[str, int] = {}
    for c in header_cands:
        for p in c.pieces:
            pk = key(p.text)
            for col in cols:
                if p.cell is not None and any(pk == key(label) for label in col.labels):
                    at.setdefault(col.code, p.cell)
    if len(at) != len(cols) or [at[c.code] for c in cols] != sorted(set(at.values())):
        return None
    cells = set(at.values())
    if not all(t.cell in cells for r in rows for t in r.values if _visible(t)):
        return None
    if not any(r.multi for r in rows):
        return None
    return [[next((t for t in r.values if t.cell == at[c.code]), None) for c in cols] for r in rows]


def _value_start(rows: list[Candidate]) -> int | None:
    """Where values start in a delimited table that is a full grid, else None.

    Full rows (the most filled cells) show it: in a grid the first value sits in
    the same column whatever the labels span, so empty cells after a short label
    are padding; in a ragged export values follow the labels directly.
    """
    grid = [c for c in rows if c.multi and c.first_value_at is not None]
    counts = [sum(map(_visible, c.values)) for c in grid]
    if not counts or max(counts) == 0:
        return None
    full = [c for c, n in zip(grid, counts) if n == max(counts)]
    firsts = [next(i for i, t in enumerate(c.values) if _visible(t)) for c in full]
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


def _align_tables(by_block: dict) -> dict[int, list[list[Token | None]]]:
    """Fixed-width text tables, where blanks are only missing positions: per block, its rows
    placed on the column edges of the table's full rows (narrower blocks use the first ones)."""
    out = {}
    tables: dict[str, list] = {}
    for rows in by_block.values():
        tables.setdefault(rows[0][0].table.code, []).append(rows)
    for blocks in tables.values():
        valued = [[[t for t in c.values if t.span or t.kind is not BLANK] for _, c, has in rows if has]
                  for rows in blocks]
        flat = [r for vs in valued for r in vs]
        if not all(t.span for r in flat for t in r) or any(len({t.line for t in r}) > 1 for r in flat):
            continue  # positions only mean something when a row's values share one line
        ncols = max(len(rows[0][0].block.cols) for rows in blocks)
        found = _lattice(flat, ncols)
        if not found or all(len(r) == len(rows[0][0].block.cols) for rows, vs in zip(blocks, valued) for r in vs):
            continue
        edge, marks = found
        placed_blocks = []
        for rows, vs in zip(blocks, valued):
            lattice = marks[:len(rows[0][0].block.cols)]
            placed = [[next((t for t in r if t.span[edge] == m), None) for m in lattice] for r in vs]
            if any(sum(t is not None for t in p) != len(r) for p, r in zip(placed, vs)):
                break
            placed_blocks.append((rows, placed))
        else:
            out.update((id(rows[0][0].block), placed) for rows, placed in placed_blocks)
    return out


def _values(c: Candidate, start: int | None) -> list[Token]:
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


def _text_between(cands: list[Candidate], a: Match | None, b: Match, limit: int = 30) -> str:
    """The label text after match ``a`` and before match ``b`` (a block's header)."""
    parts = []
    for ci in range(max(a.cand if a else 0, b.cand - limit), b.cand + 1):
        pieces = cands[ci].pieces
        lo = a.end if a is not None and ci == a.cand else 0
        hi = b.start if ci == b.cand else len(pieces)
        parts += [key(p.text) for p in pieces[lo:hi]]
    return "".join(parts)


def read_cells(doc: Document, template: Template) -> tuple[dict[CellKey, Token], int]:
    """Tokens read for the template's cells, and how many catalogue rows were found."""
    idx = slot_index(template)
    cands = candidates(doc.rows)
    chain = _chain(_spans(cands, idx), len(idx.slots))
    matches = sorted(_fill_singles(_fill_gaps(chain, cands, idx), cands, idx) + _labelless(idx, cands, chain),
                     key=lambda m: (m.cand, m.end, m.slot))
    # values belong to the last label matched in a candidate
    last_in_cand: dict[int, Match] = {}
    for m in matches:
        last_in_cand[m.cand] = m
    for ci, m in list(last_in_cand.items()):  # a section label after the row owns the numbers
        if any(key(p.text) in idx.structure for p in cands[ci].pieces[m.end:]):
            del last_in_cand[ci]
    by_block: dict[tuple[str, int], list[tuple[Slot, Candidate, bool]]] = {}
    for m in matches:
        slot = idx.slots[m.slot]
        bkey = (slot.table.code, id(slot.block))
        by_block.setdefault(bkey, []).append((slot, cands[m.cand], last_in_cand.get(m.cand) is m))
    out: dict[CellKey, Token] = {}
    aligned = _align_tables(by_block)
    for rows in by_block.values():
        slot0 = rows[0][0]
        first = next(i for i, m in enumerate(matches) if idx.slots[m.slot] is slot0)
        header = _text_between(cands, matches[first - 1] if first else None, matches[first])
        valued = [(s, c) for s, c, has in rows if has]
        start = _value_start([c for _, c in valued])
        values = [_values(c, start) for _, c in valued]
        cols = _present_cols(values, header, slot0.block, slot0.table)
        if not slot0.table.unit_column:
            lo = matches[first - 1].cand if first else max(0, matches[first].cand - 30)
            gridded = _by_header_cells(slot0.block, cols, cands[lo:matches[first].cand + 1], [c for _, c in valued])
            values = gridded or aligned.get(id(slot0.block)) or values
        for (slot, _), vals in zip(valued, values):
            t = slot.table.code
            if slot.table.unit_column:
                head = vals[:2]
                tok = next((v for v in head if v.kind is NUM), head[-1] if head else None)
                if tok is not None:
                    out[(t, slot.row.code, cols[0].code)] = tok
                continue
            for col, tok in zip(cols, vals):
                if tok is not None:
                    out[(t, slot.row.code, col.code)] = tok
    return out, len(matches)
