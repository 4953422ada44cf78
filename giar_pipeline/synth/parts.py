"""A document before serialization: an ordered list of parts, already spelled."""

from __future__ import annotations

from dataclasses import dataclass

from .grid import Grid

# part kinds
TITLE, META, HEADING, PARA, LINE, TABLE = "title", "meta", "heading", "para", "line", "table"


@dataclass(slots=True)
class Part:
    kind: str
    text: str = ""
    grid: Grid | None = None
