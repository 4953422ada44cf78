"""One text line → its label and value tokens (the values keep their place on the line)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from .tokens import BLANK, TEXT, UNIT, Token, classify, kind_of

_WORD = re.compile(r"\S+")
_WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]"
)


def _display_widths(s: str) -> Callable[[int], int]:
    """Columns ``s[:i]`` takes in a fixed-width rendering (wide CJK and full-width characters count 2),
    for any i, after one pass over ``s``: a line of N values costs N log N, not N²."""
    wide = [m.start() for m in _WIDE.finditer(s)]
    return lambda i: i + bisect.bisect_left(wide, i)


def free_line(text: str, raw: str, line: int, single_gaps: bool = False) -> list[Token]:
    """A text line: label words, then trailing value tokens split off at spaces.

    Values get their display position (for fixed-width tables) unless one stands alone on
    its line, as in one-cell-per-line layouts, where positions mean nothing. ``single_gaps``: the
    document parts cells by single spaces (see ``_gap_blanks``).
    """
    if " " not in text:  # one word: a label, or a lone value
        if not text:
            return []
        kind, value = kind_of(text)
        return [Token(TEXT, text, text, line) if kind is TEXT else Token(kind, text, raw.strip(), line, value)]
    words = text.split(" ")
    values: list[Token] = []
    while words:
        t = classify(words[-1], words[-1], line)
        if t.kind is TEXT or (t.kind is BLANK and not t.text.strip("?")):  # "总 ?": a lost character
            break
        values.append(t)
        words.pop()
    values.reverse()
    raw_words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(raw)]
    if len(raw_words) >= len(values) and values:  # keep the source spelling and place of values
        width = _display_widths(raw)
        for t, (r, a, b) in zip(values, raw_words[len(raw_words) - len(values) :]):
            t.raw = r
            t.span = (width(a), width(b))
        if "  " in raw:
            values = _gap_blanks(raw, raw_words, values, bool(words), line, width, single_gaps)
    if words:
        label = " ".join(words)
        return [Token(TEXT, label, label if not values else raw, line), *values]
    return values


def _gap_blanks(
    raw: str, raw_words: list, values: list[Token], labelled: bool, line: int, width, single_gaps: bool
) -> list[Token]:
    """A row whose cells are parted by single spaces shows an empty cell as a double one (a converter
    joins a row's cells with a space: 其他对外管理服务事项  -1 0). Only where single and double gaps
    mix, in the row or elsewhere in the document (``single_gaps``; then 政府集中采购  0 too): a
    fixed-width table's wide gaps mean alignment, not empty cells."""
    if any(t.kind is UNIT for t in values):
        return values  # 规范性文 件  0: a word split off a label reads as a unit; its gaps say nothing
    words = raw_words[len(raw_words) - len(values) - labelled :]
    gaps = [raw[a[2] : b[1]] for a, b in zip(words, words[1:])]
    lone = single_gaps and len(gaps) == 1  # 政府集中采购  0 in a document of single gaps; a row of double
    if "  " not in gaps or any(g not in (" ", "  ") for g in gaps) or (" " not in gaps and not lone):
        return values
    out: list[Token] = []
    for gap, t, before in zip(gaps if labelled else [" ", *gaps], values, words if labelled else [None, *words]):
        if gap == "  ":  # placed in the gap, like a cell of its own
            at = width(before[2] + 1)
            out.append(Token(BLANK, "", "", line, span=(at, at)))
        out.append(t)
    return out


_VALUE_GAP = re.compile(r"\S (?=[-—]?[\d０-９/／—-])")  # a single gap before a value: mixing needs one
_NUMBER_AFTER_DOUBLE = re.compile(r"\S  -?[\d０-９]")
_VALUE_WORD = re.compile(r"[-—]?[\d０-９][\d０-９.,，]*[^\s()（）\d]*|[/／—-]+")  # not 1条) of 计1条)


def _tail_gaps(raw: str) -> set[str]:
    """The gaps between a line's trailing values and before the first of them."""
    words = list(_WORD.finditer(raw))
    n = 0
    while n < len(words) and _VALUE_WORD.fullmatch(words[-1 - n].group()):
        n += 1
    tail = words[max(0, len(words) - n - 1) :]
    return {raw[a.end() : b.start()] for a, b in zip(tail, tail[1:])}


def mixed_gaps(raw: str) -> bool:
    """A line whose trailing values are parted by single and double spaces both (see _gap_blanks)."""
    return _tail_gaps(raw) == {" ", "  "}


def single_gapped(raw_lines: list[str]) -> bool:
    """The document parts a row's cells by single spaces: some row mixes single and double gaps, or
    rows of single gaps (规章 0 0 0) stand beside rows of a double one (政府集中采购  5) and no row
    has a wider gap (a fixed-width table aligns its columns with runs of spaces)."""
    lines = [(raw, _tail_gaps(raw)) for raw in raw_lines if _VALUE_GAP.search(raw) or "  " in raw]
    if any(g == {" ", "  "} for _, g in lines):
        return True
    singles = sum(g == {" "} for _, g in lines)
    wide = any(len(gap) > 2 for _, g in lines for gap in g)
    # a number after the double gap: a section's printed blank (情况  ——) may stand apart by its own rule
    doubles = any(g == {"  "} and _NUMBER_AFTER_DOUBLE.search(raw) for raw, g in lines)
    return singles >= 2 and doubles and not wide
