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


def _kind(text: str) -> tuple[str, int | float | None]:
    if _BLANK.fullmatch(text):
        return BLANK, None
    m = _NUM.fullmatch(text)
    if m:
        return NUM, number(m.group(1))
    return (UNIT if text in _UNIT_SET else TEXT), None


# Cells repeat across documents ("0", "—", catalogue labels): a kind is worked out once per text.
_KINDS: dict[str, tuple[str, int | float | None]] = {}
_KINDS_MAX = 200_000


def kind_of(text: str) -> tuple[str, int | float | None]:
    """(kind, value) of a cleaned cell."""
    kind = _KINDS.get(text)
    if kind is None:
        kind = _kind(text)
        if len(_KINDS) < _KINDS_MAX:
            _KINDS[text] = kind
    return kind


def classify(text: str, raw: str, line: int) -> Token:
    kind, value = kind_of(text)
    return Token(kind, text, raw, line, value)
