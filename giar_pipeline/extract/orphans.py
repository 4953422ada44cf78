"""Value rows whose label stands elsewhere → the catalogue rows they belong to.

PDF text and converter markdown detach values from labels: a wrapped label's
values sit between its fragments or before it, and a table broken at a page
puts label-less rows (``| 0 | 0 | 0 |``) beside loose label text (values beside the first line
of a label not read whole there count as such a row too). Between two
anchors (rows whose label and values stand together) the detached rows keep
their order, so they are assigned in order: to the rows matched there without
values when the counts agree, else to every catalogue row between the anchors
when those counts agree. Otherwise the rows between are undecided: their cells
stay null and are marked uncertain — a wrong number is worse than none.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from ..normalize import BLANK, NUM, Token, key
from .labels import SlotIndex, same_but_lost
from .layout import Candidate, orphan
from .rows import NUMBERED, Match

# a section's numbering (一、 九, (二)); a structure label without one is a header's (信息内容, 统计数)
_SECTION_NUMBER = re.compile(r"\s*(?:[一二三四五六七八九十]{1,3}\s*[、,.]|\([一二三四五六七八九十]{1,3}\))")
FRAGMENT = 5  # characters of a label that show it is printed, though too broken to match


@dataclass(slots=True)
class Placement:
    rows: list[tuple[int, Candidate]] = field(default_factory=list)  # (slot, the value row) assigned
    undecided: set[int] = field(default_factory=set)  # slots whose values the document leaves open
    replaced: set[int] = field(default_factory=set)  # slots whose own lone value gave way to a row
    kept: dict[int, Candidate] = field(default_factory=dict)  # label candidates without the lone values taken


def _anchor(c: Candidate, ncols: int) -> bool:
    """Label and values together: a whole row on its line (a lone number in a wide table is not one)."""
    return ncols == 1 or c.multi or len(c.values) >= 2 or any(t.span for t in c.values)


def _has_values(c: Candidate) -> bool:
    """Values stand with the label: an empty line after it (a page break) is none, a grid's empty cell is."""
    return any(t.text or c.multi for t in c.values)


def _fits(c: Candidate, ncols: int) -> bool:
    """No more values than the block has columns (empty lines and cells are no values)."""
    return len([t for t in c.values if t.text]) <= ncols


def _starts(cands: list[Candidate], idx: SlotIndex) -> dict[int, dict[int, int]]:
    """Candidate → the blocks whose heading stands in it (an item label such as 第二十条第(五)项, or
    the table's title for its first block), with the heading's piece."""
    heads: dict[str, set[int]] = {}
    for slot in idx.slots:
        for label in slot.block.item:
            heads.setdefault(key(label), set()).add(id(slot.block))
        if slot.block is slot.table.blocks[0]:
            for title in slot.table.titles:
                heads.setdefault(key(title), set()).add(id(slot.block))
    out: dict[int, dict[int, int]] = {}
    for ci, c in enumerate(cands):
        for pi, p in enumerate(c.pieces):
            pk = key(p.text)
            # a heading whose first character stands apart (第 二十条第(五)项) reads as a vertical label's
            joined = key(c.pieces[pi - 1].text) + pk if pi and len(key(c.pieces[pi - 1].text)) == 1 else pk
            for k, blocks in heads.items():
                if k and (_ends_with(pk, k) or _ends_with(joined, k)):
                    for b in blocks:
                        out.setdefault(ci, {}).setdefault(b, pi)
    return out


def _ends_with(text: str, k: str) -> bool:
    """``text`` ends with ``k``, a '?' (a character lost) standing for any one (第二十?第(五)项)."""
    return text.endswith(k) or ("?" in text and same_but_lost(text[-len(k) :], k))


def _edges(
    block, mine: list[Match], matches: list[Match], idx: SlotIndex, starts: dict[int, dict[int, int]]
) -> tuple[Match, Match]:
    """Virtual anchors around a block: its heading or the other blocks' rows before it, and the next
    heading or row of another block after it, so value rows before its first or after its last
    labelled row are placed too."""
    slots = [s.index for s in idx.slots if s.block is block]
    first, last = min(m.cand for m in mine), max(m.cand for m in mine)
    others = [m.cand for m in matches if idx.slots[m.slot].block is not block]
    own = [ci for ci, blocks in starts.items() if id(block) in blocks and ci <= first]
    lo = max((c for c in [*others, *own] if c < first), default=-1)
    end = max(m.end for m in mine if m.cand == last)
    foreign = [
        ci
        for ci, blocks in starts.items()
        if any(b != id(block) and (ci > last or (ci == last and at >= end)) for b, at in blocks.items())
    ]
    hi = min([c for c in others if c > last] + foreign, default=1 << 30)
    return Match(lo, 0, 0, slots[0] - 1, 0), Match(hi, 0, 0, slots[-1] + 1, 0)


def _lone_values(block_matches: list[Match], owners: dict[int, Match], cands: list[Candidate], idx: SlotIndex) -> dict:
    """A one-column block whose lone values may stand before their labels (PDF text puts one before
    its label as often as after it): {candidate: its values on later lines}, each placed as a row of
    its own. That is so when a label holds a value beside it and another below it, a value row stands
    just before a label whose values stand below it, or a value stands under the block's header before
    any label; otherwise empty, and "label ⏎ value" is read."""
    lone: dict[int, list[Token]] = {}
    mixed = False
    for m in block_matches:
        c = cands[m.cand]
        if owners.get(m.cand) is not m or c.multi or not c.pieces:
            continue
        below = _below(c)
        if below:
            lone[m.cand] = below
            beside = _beside(c)
            # a value row just before a label whose values all stand below it: values precede labels
            prev = cands[m.cand - 1] if m.cand else None
            ahead = prev is not None and orphan(prev) and not prev.multi and any(t.kind is NUM for t in prev.values)
            mixed = mixed or beside or ahead
    # PDF text prints some values beside their labels; a layout of one cell per line never does
    inline = any(_beside(cands[m.cand]) for m in block_matches if owners.get(m.cand) is m)
    before = _value_before_first(block_matches, owners, cands, idx, inline)
    if before is not None:  # a value under the block's header, before any label: values precede labels
        lone[before] = _below(cands[before])
    elif not mixed:
        return {}
    # the values under a label's unmatched fragment (its wrapped end, a group's line) stand loose too
    first, last = min(m.cand for m in block_matches), max(m.cand for m in block_matches)
    for ci in range(first + 1, last):
        c = cands[ci]
        if ci not in owners and c.pieces and not c.multi and (below := _below(c)):
            lone[ci] = below
    return lone


def _by_line(values: list[Token]) -> list[list[Token]]:
    """Lone values grouped by their line: each line is a row of its own."""
    rows: dict[int, list[Token]] = {}
    for t in values:
        rows.setdefault(t.line, []).append(t)
    return list(rows.values())


def _below(c: Candidate) -> list[Token]:
    """Values on lines after the candidate's last label piece."""
    return [t for t in c.values if t.line > c.pieces[-1].line and t.text] if c.pieces else []


def _beside(c: Candidate) -> bool:
    return bool(c.pieces) and any(t.line == c.pieces[-1].line and t.text for t in c.values)


def _value_before_first(
    block_matches: list[Match], owners: dict[int, Match], cands: list[Candidate], idx: SlotIndex, inline: bool
) -> int | None:
    """The candidate just before a one-column block's first label when it is no row but ends in a
    lone value (信息内容 本年处理决定数量 ⏎ 99 ⏎ 行政处罚 ⏎ 5 ⏎ 行政强制): that value is the first label's.
    Under a section's line too when the block prints values beside labels (PDF text); one cell per
    line, what stands under a section's line is its own (a stray number, printed blanks)."""
    ci = min(m.cand for m in block_matches) - 1
    if ci < 0 or ci in owners or cands[ci].multi or not cands[ci].pieces:
        return None
    last = cands[ci].pieces[-1].text
    section = bool(_SECTION_NUMBER.match(last)) and idx.is_structure(key(last))  # 信息内容 is a header
    if section and not inline:
        return None
    below = _below(cands[ci])
    # a printed blank (/ —) under a table's header is a row's too; under a section's line, its own
    return ci if below and all(t.kind is NUM or (t.kind is BLANK and not section) for t in below) else None


def place(matches: list[Match], owners: dict[int, Match], cands: list[Candidate], idx: SlotIndex) -> Placement:
    """Assign label-less value rows between each block's anchors (see the module docstring)."""
    out = Placement()
    orphans = [ci for ci, c in enumerate(cands) if ci not in owners and (orphan(c) or _lent(c, idx))]
    by_block: dict[int, list[Match]] = {}
    for m in matches:
        by_block.setdefault(id(idx.slots[m.slot].block), []).append(m)
    taken: set[int] = set()  # a detached row belongs to one block at most
    starts: dict[int, dict[int, int]] | None = None  # worked out once a block has rows to place
    for block_matches in sorted(by_block.values(), key=lambda ms: min(m.cand for m in ms)):
        block = idx.slots[block_matches[0].slot].block
        ncols = len(block.cols)
        block_matches.sort(key=lambda m: m.slot)
        lone = _lone_values(block_matches, owners, cands, idx) if ncols == 1 else {}
        # each line of lone values is a row of its own, just after its candidate: placed like the others
        pool = [(ci, cands[ci]) for ci in orphans]
        for ci, v in lone.items():
            rows = _by_line(v)
            pool += [(ci + (k + 1) / (len(rows) + 1), Candidate(values=row)) for k, row in enumerate(rows)]
        pool.sort(key=lambda r: r[0])
        if not pool:
            continue
        valued = {
            m.slot
            for m in block_matches
            if owners.get(m.cand) is m and _has_values(cands[m.cand]) and not _only_below(m.cand, lone, cands)
        }
        out.replaced.update(m.slot for m in block_matches if _only_below(m.cand, lone, cands))
        for ci, below in lone.items():  # what stands beside the label stays its own (a printed blank: /)
            c = cands[ci]
            out.kept[ci] = Candidate(c.pieces, [t for t in c.values if all(t is not v for v in below)], c.multi)
        anchors = [m for m in block_matches if m.slot in valued and _anchor(cands[m.cand], ncols)]
        starts = _starts(cands, idx) if starts is None else starts
        start, end = _edges(block, block_matches, matches, idx, starts)
        for a, b in zip([start, *anchors], [*anchors, end]):
            rows = [(at, c) for at, c in pool if a.cand < at < b.cand and at not in taken and _fits(c, ncols)]
            if not rows:
                continue
            between = [s.index for s in idx.slots[a.slot + 1 : b.slot] if s.block is block]
            unvalued = [m.slot for m in block_matches if a.slot < m.slot < b.slot and m.slot not in valued]
            weak = [m.slot for m in block_matches if a.slot < m.slot < b.slot and m.slot in valued]
            matched = {m.slot for m in block_matches}
            seen = _glimpsed([s for s in between if s not in matched], a, b, cands, matches, idx)
            labelled = sorted(unvalued + weak + seen)
            if len(rows) == len(labelled):
                chosen = labelled
            elif len(rows) == len(between):
                chosen = between
            else:
                out.undecided.update(s for s in between if s not in valued)
                continue
            out.rows += zip(chosen, (c for _, c in rows))
            taken.update(at for at, _ in rows)
            out.replaced.update(s for s in chosen if s in valued)
    return out


def _lent(c: Candidate, idx: SlotIndex) -> bool:
    """Values beside the first line of a numbered label that is not read whole there: PDF text prints
    a wrapped label's values on its first line (一、本年新收…数量 ⏎ 二、上年结转 0 1 5 … ⏎
    政府信息公开申请数量), so they are a detached row of their own (glued text cuts its own rows)."""
    if not c.pieces or not any(t.kind is NUM for t in c.values) or any(t.glued for t in c.values):
        return False
    tail = c.pieces[-1]
    return bool(NUMBERED.match(tail.text)) and not idx.is_structure(key(tail.text))


def _glimpsed(free: list[int], a: Match, b: Match, cands: list[Candidate], matches: list[Match], idx: SlotIndex):
    """Rows not matched whose label shows between the anchors in a piece no match explains (要求行政
    机关确认(r ⏎ èn)或重新出具已获取信: an annotation broke it): printed, so they count among the
    labels the detached rows go to. A fragment is five characters of the label or more."""
    if not free:
        return []
    covered = {(m.cand, p) for m in matches if a.cand <= m.cand <= b.cand for p in range(m.start, m.end)}

    loose = [  # only where no values stand: beside a label, values are its own and no detached row
        key(p.text)
        for ci in range(max(a.cand, 0), min(b.cand, len(cands) - 1) + 1)
        if not any(t.text for t in cands[ci].values)
        for pi, p in enumerate(cands[ci].pieces)
        if (ci, pi) not in covered
    ]
    loose = [k for k in loose if len(k) >= FRAGMENT]
    block = idx.slots[free[0]].block
    others = {s.index: list(s.keys) for s in idx.slots if s.block is block}
    return [s for s in free if any(_own_words(k, s, others) for k in loose)]


def _own_words(text: str, slot: int, keys: dict[int, list[str]]) -> bool:
    """``text`` shares with the slot's label a run of FRAGMENT characters no other row's label has
    (政府信息公开申请 is every other label's; 或重新出具已获取 is one's)."""
    for sk in keys[slot]:
        m = difflib.SequenceMatcher(None, text, sk, autojunk=False).find_longest_match(0, len(text), 0, len(sk))
        run = sk[m.b : m.b + m.size]
        if m.size >= FRAGMENT and not any(run in k for s, ks in keys.items() if s != slot for k in ks):
            return True
    return False


def _only_below(ci: int, lone: dict[int, list[Token]], cands: list[Candidate]) -> bool:
    """The candidate's values all stand below its label (they were taken out as lone values)."""
    return ci in lone and len(lone[ci]) == len([t for t in cands[ci].values if t.text])
