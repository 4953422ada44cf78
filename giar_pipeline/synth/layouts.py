"""Plain-text layouts. Each one turns a document's parts into text; they differ
almost only in how a :class:`Grid` becomes lines (HTML lives in ``html.py``).

Every layout keeps blanks recoverable: an empty cell is a line, a marker, an
empty field between separators or a padded fixed-width field, never nothing,
except where a row is entirely blank or holds a single value.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable

from .grid import GROUP, LABEL, SECTION, UNIT, VALUE, Grid
from .parts import TABLE, TITLE, Part
from .style import Style

TableLines = Callable[[Grid], list[str]]


def _flat(text: str) -> str:
    return text.replace("\n", "")


def _document(parts: list[Part], table_lines: TableLines, *, gap: bool, gap_at_tables: bool) -> str:
    lines: list[str] = []
    for part in parts:
        if part.kind == TABLE:
            if not gap_at_tables and lines and lines[-1] == "":
                lines.pop()  # a blank line beside the table would read as an empty cell
            lines += table_lines(part.grid)
            if gap and gap_at_tables:
                lines.append("")
        else:
            lines.append(_flat(part.text))
            if gap:
                lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


# -- one cell per line --------------------------------------------------------------------------


def cell_lines(parts: list[Part], rng: random.Random, style: Style) -> str:
    """Each cell on a line of its own; an empty cell is an empty line."""

    def table(grid: Grid) -> list[str]:
        return [_flat(c.text) for row in grid.rows for c in row.cells]

    return _document(parts, table, gap=rng.random() < 0.5, gap_at_tables=False)


def cell_lines_pipe(parts: list[Part], rng: random.Random, style: Style) -> str:
    """Each cell ends with " |" (an empty cell is a bare "|"); a wrapped label ends on its last line."""

    def table(grid: Grid) -> list[str]:
        return [f"{c.text} |" if c.text else "|" for row in grid.rows for c in row.cells]

    return _document(parts, table, gap=False, gap_at_tables=False)


def cell_lines_spaced(parts: list[Part], rng: random.Random, style: Style) -> str:
    """Cells separated by a blank line; an empty cell adds one more blank line, or is a line of spaces."""
    spaces = rng.random() < 0.4
    if spaces:
        style.noises.append("whitespace_blank_lines")

    def table(grid: Grid) -> list[str]:
        lines: list[str] = []
        extra = 0
        for row in grid.rows:
            for c in row.cells:
                text = c.text or (rng.choice([" ", "  ", "\u00a0"]) if spaces else "")
                if not text:
                    extra += 1
                    continue
                if lines:
                    lines += [""] * (1 + extra)
                lines.append(text)
                extra = 0
        return lines + [""] * extra

    return _document(parts, table, gap=True, gap_at_tables=True)


# -- one row per line ---------------------------------------------------------------------------


def _rectangular(grid: Grid) -> list[list[str]]:
    """Rows as they would come out of a spreadsheet: a spanned cell's text in its first position only."""
    return [
        [cell.text if anchor else "" for cell, anchor in (s or (_EMPTY, True) for s in row)] for row in grid.slots()
    ]


class _Empty:
    text = ""


_EMPTY = _Empty()


def pipe_rows(parts: list[Part], rng: random.Random, style: Style) -> str:
    """Rows of " | "-separated cells, as flattened from HTML: spans collapse into one cell, trailing
    cells pad the row to the table's width; sometimes a rowspan leaves an empty leading cell."""
    keep_rowspans = rng.random() < 0.4
    ragged = rng.random() < 0.7
    if keep_rowspans:
        style.noises.append("rowspan_empty_cells")

    def table(grid: Grid) -> list[str]:
        out = []
        for row, slots in zip(grid.rows, grid.slots()):
            texts = []
            for slot in slots:
                if slot is None:
                    continue
                cell, anchor = slot
                if anchor:
                    texts.append(_flat(cell.text))
                elif keep_rowspans and not texts and not any(cell is c for c in row.cells):
                    texts.append("")  # the group label's column, spanned from a row above
            if ragged:
                texts += [""] * (grid.width - len(texts))
            out.append(" ".join(f"{t} |" if t else "|" for t in texts))
        return out

    return _document(parts, table, gap=rng.random() < 0.3, gap_at_tables=True)


def markdown(parts: list[Part], rng: random.Random, style: Style) -> str:
    """GitHub markdown tables: the first grid row is the header, then a |---| separator."""

    def table(grid: Grid) -> list[str]:
        rows = _rectangular(grid)
        out = ["| " + " | ".join(_flat(t) for t in r) + " |" for r in rows]
        out.insert(1, "|" + "---|" * grid.width)
        return out

    return _document(parts, table, gap=True, gap_at_tables=True)


def tsv(parts: list[Part], rng: random.Random, style: Style) -> str:
    """Tab-separated rows, every row as wide as the table."""

    def table(grid: Grid) -> list[str]:
        return ["\t".join(_flat(t) for t in r) for r in _rectangular(grid)]

    return _document(parts, table, gap=rng.random() < 0.5, gap_at_tables=True)


# -- whitespace-separated -----------------------------------------------------------------------


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


class _Spaced:
    """Rows as label then values separated by spaces. Blanks stay unambiguous: a marker when a row
    mixes blanks and values, or fixed-width fields (`aligned`); a lone blank value may be absent."""

    def __init__(self, rng: random.Random, style: Style, *, aligned: bool, sep: str):
        self.rng, self.style, self.aligned, self.sep = rng, style, aligned, sep
        self.marker = style.blank or rng.choice(["-", "/", "—"])

    def rows(self, grid: Grid) -> list[tuple[str, list[str]]]:
        """Each row as (label text, value fields)."""
        out = []
        for row in grid.rows:
            labels = [_flat(c.text) for c in row.cells if c.kind in (LABEL, SECTION, GROUP) and c.text]
            units = [c.text for c in row.cells if c.kind == UNIT and c.text]
            values = [c.text for c in row.cells if c.kind == VALUE]
            if row.kind != "body":
                out.append((self.sep.join(_flat(c.text) for c in row.cells if c.text), []))
                continue
            if len(values) == 1:
                values = [v for v in values if v]
            elif not any(values):
                values = [] if not self.aligned else values
            elif not self.aligned:
                values = [v or self.marker for v in values]
            out.append((self.sep.join(labels), units + values))
        return out

    def lines(self, grid: Grid) -> list[str]:
        rows = self.rows(grid)
        width = max((len(fields) for _, fields in rows), default=0)
        if self.aligned and sum(len(f) == width and all(f) for _, f in rows) < 2:
            # without two full rows nothing shows where a blank field is: mark blanks instead
            rows = [(lab, [f or self.marker for f in fields] if any(fields) else fields) for lab, fields in rows]
        if not self.aligned:
            return [self.sep.join([label, *fields]).strip() for label, fields in rows]
        label_width = max((_width(lab) for lab, fields in rows if fields), default=0) + 2
        field = max((_width(f) for _, fields in rows for f in fields), default=1) + 3
        return [
            (lab + " " * (label_width - _width(lab)) + "".join(" " * (field - _width(f)) + f for f in fields))
            if fields
            else lab
            for lab, fields in rows
        ]


def whitespace(parts: list[Part], rng: random.Random, style: Style) -> str:
    aligned = rng.random() < 0.3
    if aligned:
        style.noises.append("aligned_columns")
    spaced = _Spaced(rng, style, aligned=aligned, sep=rng.choice([" ", "  ", "   "]))
    return _document(parts, spaced.lines, gap=rng.random() < 0.6, gap_at_tables=True)


def pdf_text(parts: list[Part], rng: random.Random, style: Style) -> str:
    """Text pulled from a PDF: prose broken at a fixed width, rows with spaced columns, a few short
    labels one character per line, page numbers and repeated page headers wherever a page ends."""
    spaced = _Spaced(rng, style, aligned=False, sep=rng.choice(["  ", "   ", "    "]))
    width = rng.randint(28, 40)
    title = next((p.text for p in parts if p.kind == TITLE), "")
    lines: list[str] = []
    for part in parts:
        if part.kind == TABLE:
            for label, fields in spaced.rows(part.grid):
                if fields and 2 < len(label) <= 8 and label.isalpha() and rng.random() < 0.15:
                    lines += list(label[:-1])  # a narrow column: the label one character per line
                    label = label[-1]
                lines.append(spaced.sep.join([label, *fields]).strip())
        elif part.kind == "para":
            text = _flat(part.text)
            lines += [text[i : i + width] for i in range(0, len(text), width)]
        else:
            lines.append(_flat(part.text))
    return "\n".join(_paginate(lines, rng, title)) + "\n"


def _paginate(lines: list[str], rng: random.Random, header: str) -> list[str]:
    per_page = rng.randint(25, 45)
    number = rng.choice(["- {n} -", "第 {n} 页", "第{n}页 共{total}页", "— {n} —"])
    total = len(lines) // per_page + 1
    repeat = rng.random() < 0.5 and header
    out: list[str] = []
    page, start = 1, 0
    while start < len(lines):
        end = start + per_page
        while end < len(lines) and len(lines[end - 1]) == 1:
            end += 1  # never split a label printed one character per line
        out += lines[start:end]
        if end < len(lines):
            out += [number.format(n=page, total=total), ""] + ([header] if repeat else [])
        page, start = page + 1, end
    return out


TEXT_LAYOUTS: dict[str, Callable[[list[Part], random.Random, Style], str]] = {
    "cell_lines": cell_lines,
    "cell_lines_pipe": cell_lines_pipe,
    "cell_lines_spaced": cell_lines_spaced,
    "pipe_rows": pipe_rows,
    "markdown": markdown,
    "tsv": tsv,
    "whitespace": whitespace,
    "pdf_text": pdf_text,
}
