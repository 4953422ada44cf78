"""Classifies a cleaned cell as label text, a number, a blank marker or a unit."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..catalogue import load

TEXT, NUM, BLANK, UNIT = "text", "num", "blank", "unit"

_UNITS = tuple(sorted(load().units, key=len, reverse=True))
_BLANK = re.compile(r"[—\-/\\.·、?]*|无|空|暂无|N/?A", re.I)
_NUM = re.compile(r"([+\-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(?:" + "|".join(map(re.escape, _UNITS)) + ")?")
_UNIT_SET = frozenset(_UNITS)


@dataclass(slots=True)
class Token:
    kind: str
    text: str  # cleaned
    raw: str  # as in the decoded source
    line: int  # 1-based source line
    value: int | float | None = None
    span: tuple[int, int] | None = None  # display columns in a free text line (CJK counts 2)
    cell: int | None = None  # index of the cell in a delimited row
    glued: bool = False  # a digit run that touched text: it may hold several cells (normalize/glued.py)
    lend: bool = False  # glued, and right before the next row's numbering, which may own its last digits


def number(text: str) -> int | float:
    v = float(text.replace(",", ""))
    return int(v) if v.is_integer() else v


def classify(text: str, raw: str, line: int) -> Token:
    if _BLANK.fullmatch(text):
        return Token(BLANK, text, raw, line)
    m = _NUM.fullmatch(text)
    if m:
        return Token(NUM, text, raw, line, number(m.group(1)))
    if text in _UNIT_SET:
        return Token(UNIT, text, raw, line)
    return Token(TEXT, text, raw, line)
