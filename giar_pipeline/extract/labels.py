"""Catalogue rows as matchable slots, and label → slot matching.

Slots are every (table, block, row) of a template in catalogue order. A label
piece matches a slot exactly (same key), by suffix (a group label or noise in
front of the row's own words) or, only inside gaps of the exact chain, fuzzily.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass

from ..catalogue import Block, Row, Table, Template
from ..normalize import key

EXACT, SUFFIX, FUZZY = 3, 2, 1
MIN_SUFFIX = 2  # shortest row key accepted at the end of a longer label
FUZZY_RATIO = 0.72
NUMERALS = "0123456789一二三四五六七八九十"  # numbering left between a group label and its row
_NUMBERING = re.compile(f"(?<![{NUMERALS}])[{NUMERALS}]+")  # numbering inside a key: 本年度办理结一予以公开


@dataclass(frozen=True, slots=True)
class Slot:
    index: int
    table: Table
    block: Block
    row: Row
    keys: tuple[str, ...]  # every spelling's key, with and without its group


def same_but_lost(k: str, other: str) -> bool:
    """``k`` equals ``other`` where each '?' of ``k`` (a lost character) stands for any one character."""
    return len(k) == len(other) and all(a == b or a == "?" for a, b in zip(k, other))


@dataclass(frozen=True)
class SlotIndex:
    slots: tuple[Slot, ...]
    by_key: dict[str, tuple[int, ...]]  # key → slot indices
    structure: frozenset[str]  # keys of labels that are no rows (sections, groups, headers)
    titles: dict[str, str]  # title key → table code
    max_key: int
    group_prefix: re.Pattern  # a structure label (and numbering) at the start of a key
    header_words: dict[str, frozenset[str]]  # header/structure key → tables whose headers use it
    by_length: dict[int, tuple[tuple[str, tuple[int, ...]], ...]]  # key length → (key, slots)
    unlabelled_titles: tuple[tuple[str, str], ...]  # (title key, table code) of tables without row labels

    def exact(self, k: str) -> tuple[int, ...]:
        return self.by_key.get(k, ())

    def exact_or_lost(self, k: str) -> tuple[int, ...]:
        """Slots of key ``k``, where each '?' of ``k`` (a character lost) may stand for any one."""
        hits = self.by_key.get(k, ())
        if hits or "?" not in k:
            return hits
        return tuple(s for sk, slots in self.by_length.get(len(k), ()) if same_but_lost(k, sk) for s in slots)

    def suffix(self, k: str) -> tuple[int, ...]:
        """Slots whose key ends ``k`` after a group or section label (不予公开 + 1.属于国家秘密)."""
        m = self.group_prefix.match(k)
        if m:
            return self.exact_or_lost(k[m.end() :])
        for n in _NUMBERING.finditer(k, 2):  # a group label missing a character, then numbering
            hit = self.exact_or_lost(k[n.end() :]) if len(k) - n.end() >= MIN_SUFFIX else ()
            if hit and self.is_structure(k[: n.start()]):  # the dictionary first: is_structure is slow
                return hit
        if "?" not in k:
            return ()
        for s in range(1, len(k) - MIN_SUFFIX + 1):  # a group label with a lost character
            hit = self.by_key.get(k[s:])
            if hit and self.is_structure(k[:s].strip(NUMERALS)):
                return hit
        return ()

    def is_structure(self, k: str) -> bool:
        """A section or group label, allowing one character lost to '?' or dropped."""
        return k in self.structure or any(_near(k, s) for s in self.structure if abs(len(s) - len(k)) <= 1)

    def similarity(self, k: str, slot: Slot) -> float:
        if "?" in k and any(same_but_lost(k, sk) for sk in slot.keys):  # a lost character: any one
            return 1.0
        k = k.replace("?", "")
        return max((_ratio(k, sk) for sk in slot.keys), default=0.0)


@functools.lru_cache(maxsize=65536)
def _ratio(k: str, sk: str) -> float:
    """difflib's ratio of two keys when it may reach FUZZY_RATIO, else 0 (label fragments recur
    across documents: each pair is compared once)."""
    if not sk or abs(len(sk) - len(k)) > max(4, len(sk) // 2):
        return 0.0
    if 2 * min(len(k), len(sk)) < FUZZY_RATIO * (len(k) + len(sk)):
        return 0.0  # difflib's real_quick_ratio, the cheapest of its bounds on ratio(), already fails
    m = difflib.SequenceMatcher(None, k, sk, autojunk=False)
    return m.ratio() if m.quick_ratio() >= FUZZY_RATIO else 0.0


def _without_remark(label: str) -> str:
    """A label without its closing parenthetical remark: 专职人员数(不包括…) → 专职人员数."""
    if label.endswith(")") and "(" in label[1:]:
        return label[: label.rindex("(")]
    return label


def _near(a: str, b: str) -> bool:
    """Equal but for one character replaced by '?' (or anything) or dropped."""
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) <= 1
    short, long = sorted((a, b), key=len)
    return len(short) >= 3 and any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


@functools.cache
def slot_index(template: Template, block_order: tuple[tuple[int, ...], ...] | None = None) -> SlotIndex:
    """The template's slots in catalogue order, or with each table's blocks in ``block_order``
    (per table, block positions: converters print a table's blocks out of order)."""
    slots, by_key, structure, titles, header_words = [], {}, set(), {}, {}
    for ti, table in enumerate(template.tables):
        for t in table.titles:
            titles[key(t)] = table.code
        structure.update(key(s) for s in table.structure)
        for s in table.structure:
            header_words.setdefault(key(s), set()).add(table.code)
        blocks = [table.blocks[b] for b in block_order[ti]] if block_order else table.blocks
        for block in blocks:
            structure.update(key(s) for s in block.item)
            for row in block.rows:
                keys = {key(label) for label in row.labels}
                keys |= {key(_without_remark(label)) for label in row.labels}  # reports often omit it
                if row.group:
                    keys |= {key(row.group + label) for label in row.labels}
                keys.discard("")
                if row.group:
                    structure.add(key(row.group))
                slot = Slot(len(slots), table, block, row, tuple(sorted(keys)))
                slots.append(slot)
                for k in slot.keys:
                    by_key.setdefault(k, ())
                    by_key[k] += (slot.index,)
    structure -= set(by_key)
    max_key = max((len(k) for k in by_key), default=0)
    groups = "|".join(re.escape(k) for k in sorted(structure, key=len, reverse=True))
    prefix = re.compile(rf"(?:(?:{groups})[{NUMERALS}]*)+(?=.{{{MIN_SUFFIX}}})" if groups else r"(?!)")
    return SlotIndex(
        tuple(slots),
        by_key,
        frozenset(structure),
        titles,
        max_key,
        prefix,
        {k: frozenset(v) for k, v in header_words.items()},
        _by_length(by_key),
        tuple((t, code) for t, code in titles.items() if t and code in {s.table.code for s in slots if not s.keys}),
    )


def _by_length(by_key: dict[str, tuple[int, ...]]) -> dict[int, tuple]:
    out: dict[int, list] = {}
    for k, slots in by_key.items():
        out.setdefault(len(k), []).append((k, slots))
    return {n: tuple(ks) for n, ks in out.items()}
