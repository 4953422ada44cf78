"""Glued text → rows: a page's text taken with no separators, tables run together on one line.

``规章000规范性文件898989第二十条第（五）项…`` holds rows whose labels and numbers
touch. Such a line is cut into pseudo-rows, each "label text, then its value
runs", at the words the catalogue knows (row, column, section and title labels)
and at numbering marks. Every digit run of such a line may hold several cells
(``000`` is three zeros): it becomes one NUM token marked ``glued``, split later
against the row's column count and relations (extract/splits.py). A run directly
followed by the next row's numbering (``70000072.没有…``) may lend it its last digits
(``lend``).
"""

from __future__ import annotations

import functools
import re

from ..catalogue import load
from .text import SWAPS, clean
from .tokens import BLANK, NUM, TEXT, UNIT, Token, classify

MIN_LENGTH = 300  # a glued body is a long line ...
MIN_TURNS = 8  # ... with many "numbers, then label text" turns (prose has few)

# a number (a minus sign belongs to it: 本年增/减 may be negative), or blank markers (each / one cell)
_RUN = re.compile(r"(?P<num>-?\d+(?:\.\d+)?)|(?P<blank>[/／]+|—+)")
_DATE_AFTER = re.compile(r"[年月日号时分秒]")  # 2014年度, 1月1日: text, not values
_REMARK_AFTER = re.compile(r"[条件次篇个人项?]\)")  # (…相同信息计1条), 计1?) (lost): a label's remark
_NUMBERING_PAREN = re.compile(r"\d{1,2}\)")  # (8)属于…, 5)属于…: a label's numbering
_CJK = re.compile(r"[\u4e00-\u9fff]")
_NUMBERING_AFTER = re.compile(r"[.、．]\s*[^\d\s]")
_TURN = re.compile(r"\d(?:[^\d\s.,年月日号%]|\.(?!\d))")  # a number, then label text or numbering
_LEADING_NUMBERING = re.compile(
    r"^(?:\([一二三四五六七八九十]{1,3}\)|[一二三四五六七八九十]{1,3}[、.]|\d{1,2}[.、]"
    r"|其中[:]?)+"
)


_UNIT_END = re.compile(f"(?:{'|'.join(map(re.escape, sorted(load().units, key=len, reverse=True)))})$")


@functools.cache
def _vocabulary() -> re.Pattern:
    """Every label the catalogue knows (numbering stripped), and numbering marks: where pieces start."""
    words = set()
    for tpl in (view for t in load().templates.values() for view in (t, *t.variants)):
        for table in tpl.tables:
            labels = [*table.titles, *table.structure]
            for block in table.blocks:
                labels += block.item
                labels += [w for c in block.cols for label in c.labels for w in label.split(" ")]
                labels += [label for r in block.rows for label in r.labels]
                labels += [r.group for r in block.rows if r.group]
            words.update(_LEADING_NUMBERING.sub("", clean(w)) for w in labels)
    words |= {w.replace(b, a) for w in words for a, b in SWAPS if b in w}  # 政务集中采购 cuts like 政府…
    words.discard("")
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    numbering = r"\([一二三四五六七八九十]{1,3}\)|[一二三四五六七八九十]{1,3}、"
    return re.compile(f"{alternatives}|{numbering}")


def _known(text: str) -> bool:
    """Ends with a whole label of the catalogue."""
    last = _pieces(text)[-1] if text else ""
    return bool(last) and bool(_vocabulary().fullmatch(last))


def _unit_after_label(word: str) -> re.Match | None:
    """A unit glued after a label (主动公开文件数条), not a label's own last character (规范性文件)."""
    unit = _UNIT_END.search(word)
    if unit is None or unit.start() == 0 or _known(word) or not _known(word[: unit.start()]):
        return None
    return unit


def _markers(word: str, line: int) -> list[Token]:
    """A unit or blank markers: each / is one blank cell, a run of dashes is one."""
    if word and set(word) <= {"/", "／"}:
        return [classify("/", "/", line) for _ in word]
    return [classify(word, word, line)]


def is_glued(text: str) -> bool:
    return len(text) >= MIN_LENGTH and len(_TURN.findall(text)) >= MIN_TURNS


def _pieces(text: str) -> list[str]:
    """Label text cut where a known label or a numbering mark starts."""
    starts = sorted({0, *(m.start() for m in _vocabulary().finditer(text))})
    return [p for a, b in zip(starts, [*starts[1:], len(text)]) if (p := text[a:b].strip())]


def _between_words(text: str, a: int, b: int) -> bool:
    return a > 0 and b < len(text) and _CJK.match(text[a - 1]) is not None and _CJK.match(text[b]) is not None


def _runs(text: str) -> list[tuple[str, str]]:
    """(kind, text) runs: label text, numbers and blank markers."""
    out: list[tuple[str, str]] = []
    pos = 0
    for m in _RUN.finditer(text):
        a, b = m.span()
        after = text[b : b + 3]
        if m.group("blank"):
            if m.group() in "/／" and _between_words(text, a, b):
                continue  # 本年增/减: part of a label
            kind = BLANK
        else:
            if _DATE_AFTER.match(after) or _REMARK_AFTER.match(after) or _NUMBERING_PAREN.fullmatch(text[a : b + 1]):
                continue  # stays in the label text
            kind = NUM
        if a > pos:
            out.append((TEXT, text[pos:a]))
        out.append((kind, m.group()))
        pos = b
    if pos < len(text):
        out.append((TEXT, text[pos:]))
    return out


def glued_rows(text: str, line: int) -> list[list[Token]]:
    """The pseudo-rows of one glued line: label pieces, each last one followed by its value tokens."""
    rows: list[list[Token]] = []
    runs = _runs(text)
    for i, (kind, s) in enumerate(runs):
        if kind is TEXT:
            words = s.split()
            values = []
            while words and classify(words[0], words[0], line).kind is UNIT and rows:
                values.append(classify(words[0], words[0], line))  # the unit after a row's numbers
                words.pop(0)
            rows[-1:] = [rows[-1] + values] if rows and values else rows[-1:]
            units = []
            while words and (u := classify(words[-1], words[-1], line)).kind is UNIT:
                units.insert(0, u)  # the row's unit column: 主动公开文件数 条 2543
                words.pop()
            if words and i + 1 < len(runs) and (unit := _unit_after_label(words[-1])):
                units.insert(0, classify(unit.group(), unit.group(), line))  # glued: 主动公开政府信息数条2543
                words[-1] = words[-1][: unit.start()]
            label = " ".join(words)
            rows += [[Token(TEXT, p, p, line)] for p in _pieces(label)] if label else []
            if rows and units:
                rows[-1] += units
            continue
        if kind is BLANK:
            if rows:
                rows[-1] += _markers(s, line)
            continue
        tok = classify(s, s, line)
        if tok.kind is not NUM:
            continue
        tok.glued = True  # spaces fall between some cells of a glued row, not between all
        nxt = runs[i + 1][1] if i + 1 < len(runs) else ""
        tok.lend = bool(_NUMBERING_AFTER.match(nxt[:3]))
        if not rows:
            rows.append([])
        rows[-1].append(tok)
    return [r for r in rows if r]
