"""Document labels → catalogue rows.

Every span of up to four consecutive label pieces is matched to slots by exact
or suffix key; the heaviest chain increasing in both document and catalogue
order is kept, so a row label quoted in prose, or a repeated label (the two
"被依法纠错数" of v2008), cannot pull the reading out of order. Slots the chain
skipped are then matched fuzzily between their neighbours, a single damaged
row is pinned by its neighbours, and label-less rows follow their table title.
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass

from ..catalogue import Template
from ..normalize import NUM, key
from .labels import EXACT, FUZZY, FUZZY_RATIO, NUMERALS, SUFFIX, Slot, SlotIndex, slot_index
from .layout import Candidate, orphan

# a label that starts with its numbering (2.申请人… / (六)其他处理 / 三、…): the start of a row of its own
NUMBERED = re.compile(r"\d{1,2}[.、]\D|\([一二三四五六七八九十]{1,3}\)|[一二三四五六七八九十]{1,3}、")
MAX_SPAN = 4  # pieces a wrapped or grouped label may be split into
# PDF text breaks a long label (with annotations, over a page) into more pieces still: matched in
# full up to this many, never by a suffix (a header's cells would end in a row's 总计)
LONG_SPAN = 8

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
        titled = _titled(c, idx.unlabelled_titles) if n > 1 and idx.unlabelled_titles else None
        for i in range(n):
            joined = ""
            for j in range(i, min(n, i + LONG_SPAN)):
                joined += c.pieces[j].text
                if len(joined) > 2 * limit:  # prose: a key is never under half its text (spaces, numbering)
                    break
                k = key(joined)
                if len(k) > limit:
                    break
                if not k or k in idx.structure:
                    continue
                hits, score = idx.exact(k), EXACT
                if not hits and j - i >= MAX_SPAN:
                    continue
                if not hits:
                    hits, score = idx.suffix(k), SUFFIX
                    if not hits:
                        continue
                other = idx.header_words.get(key(c.pieces[i - 1].text), ()) if i else ()
                # after another table's header word (行政复议 … 总计) or title a word is that table's, not a row
                if titled and titled[i]:
                    other = (titled[i],)
                out.extend(Match(ci, i, j + 1, s, score) for s in hits if not other or idx.slots[s].table.code in other)
        if c.values and ci + 1 < len(cands):
            out += _wrapped_after_values(ci, ci + 1, cands, idx)
        elif c.pieces and ci + 2 < len(cands) and orphan(cands[ci + 1]):
            out += _wrapped_after_values(ci, ci + 2, cands, idx)  # 缴纳 ⏎ 0 6 1 … ⏎ 费用、…: values between
    return out


def _titled(c: Candidate, titles: tuple[tuple[str, str], ...]) -> list[str | None]:
    """Per piece, the label-less table (行政复议/诉讼: its ``titles``) whose title stands before it in the
    candidate, or None: a header run on after that title (… 尚 未审结 总计) names its columns, not
    another table's rows."""
    out, table = [], None
    for p in c.pieces:
        out.append(table)
        pk = key(p.text)
        table = next((code for t, code in titles if t in pk), table)
    return out


def _wrapped_after_values(ci: int, nxt: int, cands: list[Candidate], idx: SlotIndex) -> list[Match]:
    """PDF text prints a wrapped label's values on its first line: 要求行政机关 8 0 7 ⏎ 确认或 ⏎
    重新出具已获取信息, or on a line of their own between its lines. A label that ends candidate ``ci``
    and goes on at the start of candidate ``nxt`` is that row, matched in ``ci`` (the next one's values
    stay its own labels'): exact spellings only."""
    head, tail = cands[ci].pieces, cands[nxt].pieces
    if not head or not tail or idx.exact(key(tail[0].text)) or NUMBERED.match(tail[0].text):
        return []  # the next candidate starts a label of its own (the common case: checked first)
    out = []
    # a group label printed one character per line may stand between the fragments (逾期 ⏎ 理 ⏎ 不补正)
    kept = [p for p in tail[:-1] if len(key(p.text)) != 1] + tail[-1:]
    for rest in (tail, kept) if len(kept) < len(tail) else (tail,):
        for i in range(max(0, len(head) - MAX_SPAN + 1), len(head)):
            joined = "".join(p.text for p in head[i:])
            for p in rest[: LONG_SPAN - (len(head) - i)]:
                joined += p.text
                out.extend(Match(ci, i, len(head), s, EXACT) for s in idx.exact_or_lost(key(joined)))
    return out


def _weight(m: Match, valued: bool) -> int:
    """An exact span explains all its pieces (a wrapped label); a suffix match only its tail. A label
    standing with values outweighs loose label text, which converters scatter out of order."""
    w = m.score * (m.end - m.start + 2) if m.score == EXACT else m.score * 3
    return 2 * w if valued else w


def _chain(matches: list[Match], n_slots: int, valued: list[bool]) -> list[Match]:
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
        score[i], prev[i] = best + _weight(m, valued[m.cand]), j
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
    bounds = [
        Match(max(0, (chain[0].cand if chain else 0) - GAP_WINDOW), 0, 0, -1, 0),
        *chain,
        Match(min(len(cands), (chain[-1].cand if chain else 0) + GAP_WINDOW), 0, 0, len(idx.slots), 0),
    ]
    for lo, hi in zip(bounds, bounds[1:]):
        if lo.slot >= 0:
            out.append(lo)
        free = [s for s in idx.slots[lo.slot + 1 : hi.slot] if s.keys]
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
        free = [s for s in idx.slots[lo.slot + 1 : hi.slot] if s.keys]
        if len(free) == 1 and lo.cand < hi.cand:
            only = _only_row_between(lo, hi, cands, idx, free[0])
            if only is not None:
                out.append(Match(only, 0, len(cands[only].pieces), free[0].index, FUZZY))
    return out


def _only_row_between(lo: Match, hi: Match, cands: list[Candidate], idx: SlotIndex, free: Slot) -> int | None:
    """The one candidate strictly between two chained rows that has a label and values, holds no other
    block's heading (第二十条第(八)项 … 信息内容 ⏎ 0: that block's header and its first value) and is
    no header (| 信息内容 | 上一年项目数量 | 本年增/减 | |: a grid's header row has empty cells)."""
    heads = {key(h) for s in idx.slots if s.block is not free.block for h in s.block.item}
    words = {key(w) for c in free.table.cols for label in c.labels for w in (label, *label.split(" "))}
    words |= {key(w) for w in free.table.structure}
    columns = sorted(filter(None, words), key=len, reverse=True)  # the longest first, sorted once
    between = [
        ci
        for ci in range(lo.cand + 1, hi.cand)
        if any(len(key(p.text)) >= (1 if _full(cands[ci]) else 2) for p in cands[ci].pieces)  # (七)总 0 1 2
        and cands[ci].values
        and not all(
            idx.is_structure(k) or not _without(k, columns) or not k.strip(NUMERALS)
            for k in (key(p.text) for p in cands[ci].pieces)
        )
        and not any(key(p.text) in heads for p in cands[ci].pieces)
        and not idx.is_structure(key(cands[ci].pieces[-1].text))  # values beside a section's line are its
        and not _numbered_otherwise(cands[ci].pieces[0].text, free)
    ]
    return between[0] if len(between) == 1 else None


_NUMERAL = re.compile(r"\s*\(?([一二三四五六七八九十]{1,3}|\d{1,2})[)、.,]")


def _numbered_otherwise(text: str, slot: Slot) -> bool:
    """The line starts with another number than the row's label (四、结转… is not (七)总计)."""
    m = _NUMERAL.match(text)
    own = [n.group(1) for label in slot.row.labels if (n := _NUMERAL.match(label))]
    return m is not None and bool(own) and m.group(1) not in own


def _without(k: str, words: list[str]) -> str:
    """``k`` less every header word in it (信息内容本年处理决定数量 → ""), ``words`` longest first:
    what is left is a label's."""
    for w in words:
        k = k.replace(w, "")
    return k


def _full(c: Candidate) -> bool:
    """A grid row, or a line of three numbers or more: a label cut to one character is still its label."""
    return c.multi or sum(t.kind is NUM for t in c.values) >= 3


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
            grouped = idx.group_prefix.match(k)  # 本年度办理结果 + 予以开: the row's words alone compare
            own = k[grouped.end() :] if grouped else k
            for s in free[:12]:  # rows are rarely missing in long runs
                r = max(idx.similarity(k, s), idx.similarity(own, s)) if grouped else idx.similarity(k, s)
                # on a full tie the earlier slot: 政务微?… fits 微博 and 微信 alike, and 微信 comes next
                if r >= FUZZY_RATIO and (best is None or (r, a, j + 1) > (best[0], best[1], best[3])):
                    best = (r, a, s, j + 1)
    return (best[2], best[1], best[3]) if best else None


def _width(c: Candidate) -> int:
    """Cells a candidate's values may fill: a glued digit run may hold one per digit."""
    return sum(len(t.text) if t.glued else 1 for t in c.values)


def _labelless(idx: SlotIndex, cands: list[Candidate], chain: list[Match]) -> list[Match]:
    """Rows without a label (the one row of 行政复议/诉讼): the first value row after the table title."""
    out = []
    for slot in idx.slots:
        if slot.keys:
            continue
        titles = {k for k, code in idx.titles.items() if code == slot.table.code}
        start = next(
            (
                ci
                for ci, c in enumerate(cands)
                for p in c.pieces
                if (pk := key(p.text)) and any(t in pk for t in titles)  # glued: header words may follow
            ),
            None,
        )
        if start is None:
            continue
        for ci in range(start, len(cands)):  # (a glued run may lack a column or two the table leaves out)
            if sum(t.kind is NUM for t in cands[ci].values) >= 3 or _width(cands[ci]) >= len(slot.block.cols) - 2:
                out.append(Match(ci, len(cands[ci].pieces), len(cands[ci].pieces), slot.index, EXACT))
                break
    return out


def _block_order(
    spans: list[Match], cands: list[Candidate], idx: SlotIndex, tables
) -> tuple[tuple[int, ...], ...] | None:
    """Each table's blocks in the order the document prints them (by the median place of their
    exact row labels standing with values), or None when that is the catalogue's order."""
    where: dict[int, list[int]] = {}
    loose: dict[int, list[int]] = {}  # exact labels without values: the place of a block that has no other
    for m in spans:
        if m.score == EXACT:
            (where if cands[m.cand].values else loose).setdefault(id(idx.slots[m.slot].block), []).append(m.cand)
    for b, places in loose.items():
        where.setdefault(b, places)
    order = []
    for table in tables:
        places, last = [], -1.0
        for b in table.blocks:
            seen = sorted(where.get(id(b), ()))
            last = seen[len(seen) // 2] if seen else last + 1e-3  # unseen blocks keep their neighbour
            places.append(last)
        order.append(tuple(sorted(range(len(places)), key=places.__getitem__)))
    return None if all(o == tuple(range(len(o))) for o in order) else tuple(order)


def _matches(spans: list[Match], cands: list[Candidate], idx: SlotIndex) -> list[Match]:
    chain = _chain(spans, len(idx.slots), [bool(c.values) for c in cands])
    found = _fill_singles(_fill_gaps(chain, cands, idx), cands, idx) + _labelless(idx, cands, chain)
    return sorted(found, key=lambda m: (m.cand, m.end, m.slot))


def match_rows(cands: list[Candidate], template: Template) -> tuple[SlotIndex, list[Match]]:
    """Every catalogue row found, as matches sorted in document order, with the slot index they
    refer to: the catalogue's order, or the document's order of a table's blocks when a converter
    printed them out of order and that order finds more rows."""
    idx = slot_index(template)
    spans = _spans(cands, idx)
    order = _block_order(spans, cands, idx, template.tables)
    matches = _matches(spans, cands, idx)
    if order is not None:
        reordered = slot_index(template, order)
        other = _matches(_spans(cands, reordered), cands, reordered)
        if len(other) > len(matches):
            return reordered, other
    return idx, matches
