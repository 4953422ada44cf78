"""Aligned text tables for terminals: a CJK character takes two columns, so Chinese lines up."""

from __future__ import annotations

import numbers
import unicodedata


def width(s: str) -> int:
    """Columns ``s`` takes on a terminal (wide and full-width characters count 2, combining marks 0)."""
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _text(v) -> str:
    if v is None:
        return "NULL"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).replace("\n", " ")


def _pad(s: str, w: int, right: bool) -> str:
    fill = " " * (w - width(s))
    return fill + s if right else s + fill


def table(columns: list[str], rows: list[tuple]) -> str:
    """A box-free table: header, a rule, rows; numbers right-aligned, everything else left."""
    cells = [[_text(v) for v in r] for r in rows]
    numeric = [
        bool(rows) and all(isinstance(r[i], numbers.Number) or r[i] is None for r in rows) for i in range(len(columns))
    ]
    widths = [max([width(c)] + [width(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = [
        "  ".join(_pad(c, widths[i], numeric[i]) for i, c in enumerate(columns)).rstrip(),
        "  ".join("─" * w for w in widths),
    ]
    lines += ["  ".join(_pad(v, widths[i], numeric[i]) for i, v in enumerate(r)).rstrip() for r in cells]
    return "\n".join(lines)
