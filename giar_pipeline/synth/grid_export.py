"""The grid-export layout: tables exported from HTML as text grids (pipes, markdown, TSV).

The exporter keeps a colspan as the text followed by empty padding cells and drops the
positions a rowspan covers, so rows differ in length, a label spans 1–3 cells and an
empty cell may be padding or a blank value. A blank value stays recoverable: it shows a
marker, except in rows without any padding, where it stands in its own position among
the row's trailing value cells.
"""

from __future__ import annotations

import random

from .grid import VALUE, Grid
from .layouts import _document, _flat
from .parts import Part
from .style import Style


def grid_export(parts: list[Part], rng: random.Random, style: Style) -> str:
    variant = rng.choice(["pipes", "markdown", "tsv"])
    outer = variant == "markdown" or (variant == "pipes" and rng.random() < 0.5)
    marker = style.blank or rng.choice(["-", "/", "—"])
    style.noises.append(f"grid_{variant}")

    def cells_of(row) -> list[str]:
        padded = any(c.colspan > 1 for c in row.cells)
        out = []
        for c in row.cells:
            text = _flat(c.text)
            if c.kind == VALUE and not text and (padded or rng.random() < 0.5):
                text = marker
            out += [text] + [""] * (c.colspan - 1)
        return out

    def table(grid: Grid) -> list[str]:
        rows = [cells_of(r) for r in grid.rows]
        if variant == "tsv":
            return ["\t".join(r) for r in rows]
        lines = [("| " + " | ".join(r) + " |") if outer else " | ".join(r) for r in rows]
        if variant == "markdown":
            lines.insert(1, "|" + "---|" * len(rows[0]))
        return lines

    return _document(parts, table, gap=rng.random() < 0.5, gap_at_tables=True)
