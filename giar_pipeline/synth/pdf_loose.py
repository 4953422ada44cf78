"""The loose-rows PDF layout: text as pdfplumber or pdftotext give it.

Value rows come loose from their labels: a wrapped label's values sit between its
fragments or just before it; section labels print vertically, one character per line
or before a row's label (`三` `、` `本` `年` …), group labels stand on lines of their own
inside their rows; header labels break over lines (`商业` / `企业`); page footers fall
inside tables; a few labels have a one-character typo; prose has spaces around numbers.

The document stays decidable: a row's values never leave the lines between its
neighbours' labels, every value row shows all its cells (a blank is a marker), so
assigning value-only lines to value-less label rows in order recovers the table.
"""

from __future__ import annotations

import random
import re

from .grid import CORNER, GROUP, HEAD, LABEL, SECTION, UNIT, VALUE, Grid
from .layouts import _flat, _paginate
from .parts import PARA, TABLE, TITLE, Part
from .style import Style

_CJK = re.compile(r"[\u4e00-\u9fff]")
_TYPOS = "止之制置治至则正"


def spaced_numbers(text: str) -> str:
    """Spaces around digit runs beside Chinese text, as PDF text extraction prints them."""
    text = re.sub(r"(?<=[\u4e00-\u9fff（(《])(\d+)", r" \1", text)
    return re.sub(r"(\d+)(?=[\u4e00-\u9fff）)》])", r"\1 ", text)


def wrap(text: str, width: int) -> list[str]:
    """Lines of about ``width`` characters; a number is never cut (a PDF line breaks between words)."""
    out, start = [], 0
    while len(text) - start > width:
        cut = start + width
        while cut < len(text) and text[cut - 1].isdigit() and text[cut].isdigit():
            cut += 1
        out.append(text[start:cut])
        start = cut
    return out + ([text[start:]] if start < len(text) else [])


def pdf_loose(parts: list[Part], rng: random.Random, style: Style) -> str:
    width = rng.randint(26, 36)
    spaced = rng.random() < 0.7
    table = _Table(rng, style)
    lines: list[str] = []
    for part in parts:
        text = _flat(part.text)
        if part.kind == TABLE:
            lines += table.lines(part.grid)
            continue
        if spaced and part.kind != "meta":
            text = spaced_numbers(text)
        if part.kind == TITLE and (m := re.search(r"\d", text)) and m.start() > 2 and rng.random() < 0.6:
            lines += [text[: m.start()].strip(), text[m.start() :]]
        elif part.kind == PARA:
            lines += wrap(text, width)
        else:
            lines.append(text)
    title = next((_flat(p.text) for p in parts if p.kind == TITLE), "")
    return "\n".join(_paginate(lines, rng, title if rng.random() < 0.3 else "")) + "\n"


class _Table:
    def __init__(self, rng: random.Random, style: Style):
        self.rng, self.style = rng, style
        self.marker = style.blank or rng.choice(["-", "/", "—"])
        self.wrap = rng.randint(12, 20)
        self.detach = rng.choice([0.1, 0.25, 0.5])
        self.typos = rng.choice([0, 0, 0.04])
        self.vertical = rng.random() < 0.8
        if self.typos:
            style.noises.append("label_typos")

    def lines(self, grid: Grid) -> list[str]:
        out: list[str] = []
        head: list[list[str]] = []
        rows = grid.rows
        i = 0
        while i < len(rows):
            row = rows[i]
            if row.kind != "body":
                if row.kind == "head":
                    head.append([_flat(c.text) for c in row.cells if c.kind in (HEAD, CORNER)])
                else:
                    out += self.header(head) if head else []
                    head = []
                    out.append("  ".join(_flat(c.text) for c in row.cells if c.text))
                i += 1
                continue
            out += self.header(head) if head else []
            head = []
            span = self.section_span(rows, i)
            block = [self.row_lines(r) for r in rows[i : i + span]]
            out += self.spans(rows[i : i + span], block)
            i += span
        return out + (self.header(head) if head else [])

    # -- header -----------------------------------------------------------------------------------
    def header(self, head: list[list[str]]) -> list[str]:
        out = []
        for cells in head:
            cells = [c for c in cells if c]
            long = [c for c in cells if len(c) > 16]
            for c in long:  # the corner's bracketed note wraps on its own
                out += [c[j : j + self.wrap] for j in range(0, len(c), self.wrap)]
            cells = [c for c in cells if len(c) <= 16]
            if not cells:
                continue
            if self.rng.random() < 0.6 and any(len(c) > 3 for c in cells):
                pieces = [[c[j : j + 2] for j in range(0, len(c), 2)] for c in cells]
                depth = max(len(p) for p in pieces)
                pieces = [[""] * ((depth - len(p)) // 2) + p for p in pieces]  # centred vertically
                out += ["  ".join(p[d] for p in pieces if d < len(p) and p[d]) for d in range(depth)]
            else:
                out.append("  ".join(cells))
        return out

    # -- rows -------------------------------------------------------------------------------------
    def section_span(self, rows, i: int) -> int:
        """Rows a section cell opening at row i covers (1 when none opens)."""
        first = next((c for c in rows[i].cells if c.kind == SECTION), None)
        return max(1, min(first.rowspan, len(rows) - i)) if first else 1

    def label(self, text: str) -> str:
        if self.typos and len(text) > 6 and self.rng.random() < self.typos:
            spots = [j for j in range(3, len(text)) if _CJK.match(text[j])]
            if spots:
                j = self.rng.choice(spots)
                text = text[:j] + self.rng.choice(_TYPOS) + text[j + 1 :]
        return text

    def row_lines(self, row) -> list[tuple[str, bool]]:
        """The row's lines, each with whether it holds values only."""
        rng = self.rng
        label = self.label("".join(_flat(c.text) for c in row.cells if c.kind == LABEL))
        fields = [c.text for c in row.cells if c.kind == UNIT and c.text]
        fields += [c.text or self.marker for c in row.cells if c.kind == VALUE]
        values = " ".join(fields)
        group = next((_flat(c.text) for c in row.cells if c.kind == GROUP), None)
        if not label:
            return [(values, True)]
        frags = [(f, False) for f in (label[j : j + self.wrap] for j in range(0, len(label), self.wrap))]
        alone = (values, True)  # a line of values only
        if len(frags) > 1 and rng.random() < 0.7:
            where = rng.choice(["between", "before", "first", "last"])
        else:
            where = "before" if rng.random() < self.detach else "inline"
        if where == "between":
            lines = [frags[0], alone, *frags[1:]]
        elif where == "before":
            lines = [alone, *frags]
        elif where == "first":
            lines = [(f"{frags[0][0]} {values}", False), *frags[1:]]
        else:
            lines = [*frags[:-1], (f"{frags[-1][0]} {values}", False)]
        if group:  # the group label on a line of its own, before its first row or inside it
            at = rng.randint(0, len(lines)) if rng.random() < 0.5 else 0
            lines.insert(at, (group, False))
        return lines

    def spans(self, rows, block: list[list[tuple[str, bool]]]) -> list[str]:
        """The rows' lines, with the opening section label printed vertically among them."""
        lines = [text for b in block for text, _ in b]
        bare = [alone for b in block for _, alone in b]
        section = next((_flat(c.text) for c in rows[0].cells if c.kind == SECTION), None)
        if not section:
            return lines
        if not self.vertical or len(section) < 3:
            return [section, *lines]
        chars = [ch for ch in section if not ch.isspace()]
        slots = sorted(self.rng.choice(range(len(lines) + 1)) for _ in chars)
        out: list[str] = []
        for j, line in enumerate(lines + [None]):
            here = [chars[n] for n, s in enumerate(slots) if s == j]
            if here and line is not None and not bare[j] and self.rng.random() < 0.5:
                out += here[:-1] + [f"{here[-1]} {line}"]  # the character prints before the row's label
                continue
            out += here
            if line is not None:
                out.append(line)
        if "vertical_labels" not in self.style.noises:
            self.style.noises.append("vertical_labels")
        return out
