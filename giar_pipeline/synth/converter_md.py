"""The converter-markdown layout: what PDF-to-markdown tools make of a report.

One table comes out as several small pipe tables, each with its own `|---|` rule,
broken at page breaks; header labels in fragments, the leading ones as loose text
lines (`商业企科研机社会公法律服`) and the last ones as the pipe header
(`| 业 | 构 | 益组织 |`); some value rows without their label (`| 0 | 0 | 0 |`), the
label standing as loose wrapped lines just before or after; a section or group label's
fragment as an extra leading cell (`| 三、 | （一）予以公开 | 9 |…`); the small blocks of
主动公开 first, as plain text lines (`行政许可 97`); the title broken over two lines.

Rows keep their order: an orphan value row and its loose label are adjacent, so pairing
value-only rows with label-only lines in order recovers the table. A blank value is an
empty cell in its own position.
"""

from __future__ import annotations

import random

from ..numerals import to_cn_number
from .grid import CORNER, GROUP, HEAD, LABEL, SECTION, UNIT, VALUE, Grid
from .layouts import _flat
from .parts import HEADING, PARA, TABLE, TITLE, Part
from .pdf_loose import spaced_numbers, wrap
from .style import Style


def converter_markdown(parts: list[Part], rng: random.Random, style: Style) -> str:
    width = rng.randint(26, 34)
    spaced = rng.random() < 0.7
    table = _Tables(rng, style)
    lines: list[str] = ["正文"] if rng.random() < 0.4 else []
    n_table = 1
    for part in parts:
        text = _flat(part.text)
        if part.kind == TABLE:
            if rng.random() < 0.5:
                title = style.fixed(style.template.table(part.grid.table).titles[0]) if style.template else ""
                # numbered as the form's sections: 一 is the overview, the first table stands under 二
                lines.append(f"## 表{to_cn_number(min(n_table + 1, 10))}：{title}")
            n_table += 1
            lines += table.lines(part.grid)
            continue
        if spaced and part.kind != "meta":
            text = spaced_numbers(text)
        if part.kind == TITLE:
            lines += _title(text, rng)
        elif part.kind == PARA:
            lines += wrap(text, width)
        elif part.kind == HEADING:
            lines += ["", text]
        else:
            lines.append(text)
    return "\n".join(lines) + "\n"


def _title(text: str, rng: random.Random) -> list[str]:
    for tail in ("年度报告", "年度報告", "工作报告", "工作報告"):
        at = text.rfind(tail)
        if at > 4 and rng.random() < 0.8:
            return [text[:at], text[at:]]
    return [text]


def _pipe(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


class _Tables:
    def __init__(self, rng: random.Random, style: Style):
        self.rng, self.style = rng, style
        self.orphans = rng.choice([0.0, 0.1, 0.25])
        self.page = rng.randint(5, 14)
        self.fragment_heads = rng.random() < 0.6
        if self.orphans:
            style.noises.append("orphan_value_rows")

    def lines(self, grid: Grid) -> list[str]:
        blocks = self.blocks(grid)
        out: list[str] = []
        if len(blocks) > 1 and self.rng.random() < 0.6:  # the small blocks first, as plain text
            first, rest = blocks[0], blocks[1:]
            out += [_flat(first[0].cells[0].text)] if first[0] else []
            for caption, head, body in rest:
                out += self.plain(caption, head, body)
            out += self.piped(None, first[1], first[2])
        else:
            for caption, head, body in blocks:
                out += self.piped(caption, head, body)
        return out

    @staticmethod
    def blocks(grid: Grid):
        """(caption row or None, head rows, body rows) per block."""
        out = []
        for row in grid.rows:
            if row.kind == "caption" or not out or (row.kind == "head" and out[-1][2]):
                out.append([row if row.kind == "caption" else None, [], []])
                if row.kind == "caption":
                    continue
            out[-1][1 if row.kind == "head" else 2].append(row)
        return out

    def plain(self, caption, head, body) -> list[str]:
        out = [_flat(caption.cells[0].text)] if caption else []
        out += ["".join(_flat(c.text) for c in r.cells if c.kind in (HEAD, CORNER)) for r in head]
        for r in body:
            label = "".join(_flat(c.text) for c in r.cells if c.kind in (LABEL, SECTION, GROUP))
            out.append(" ".join([label, *self.values(r)]).strip())
        return out

    def values(self, row) -> list[str]:
        return [c.text for c in row.cells if c.kind in (UNIT, VALUE)]

    def head_lines(self, head) -> tuple[list[str], list[str] | None]:
        """Loose text lines and the pipe header row (None: the first body row heads the table)."""
        if not head:
            return [], None
        cells = [_flat(c.text) for r in head for c in r.cells if c.kind in (HEAD, CORNER) and c.text]
        if not self.fragment_heads:
            return ["".join(c for c in cells)] if len(head) > 1 else [], [_flat(c.text) for c in head[-1].cells]
        leaves = [_flat(c.text) for c in head[-1].cells if c.text]
        pieces = [[c[j : j + 3] for j in range(0, len(c), 3)] for c in leaves]
        upper = ["".join(_flat(c.text) for c in r.cells if c.text) for r in head[:-1]]
        depth = max(len(p) for p in pieces)
        loose = upper + ["".join(p[d] for p in pieces if d < len(p)) for d in range(depth - 1)]
        return loose, [p[-1] for p in pieces]

    def piped(self, caption, head, body) -> list[str]:
        rng = self.rng
        out = [_flat(caption.cells[0].text)] if caption else []
        loose, header = self.head_lines(head)
        out += loose
        width = max(len(self.row_cells(r)) for r in body) if body else 1
        table: list[list[str]] = []  # rows of the pipe table being written

        def flush() -> None:
            if table:
                out.append(_pipe(table[0]))
                out.append("|" + "---|" * len(table[0]))
                out.extend(_pipe(r) for r in table[1:])
                out.append("")
                table.clear()

        if header:
            table.append(header + [""] * max(0, width - len(header)))
        for n, row in enumerate(body):
            cells = self.row_cells(row)
            label = [c for c in cells[: -len(self.values(row))]] if self.values(row) else cells
            if row.kind == "body" and label and any(label) and rng.random() < self.orphans:
                flush()
                text = "".join(label)
                frags = wrap(text, rng.randint(8, 14))
                if rng.random() < 0.5:
                    out += frags
                    table.append(self.values(row))
                    flush()
                else:
                    table.append(self.values(row))
                    flush()
                    out += frags
                continue
            table.append(cells)
            if len(table) >= self.page and n + 1 < len(body):
                flush()  # a page break: the next rows start a new small table
        flush()
        return out

    def row_cells(self, row) -> list[str]:
        """A row's pipe cells: labels (a section or group label's opening fragment as a cell of its own)
        and values."""
        cells = []
        for c in row.cells:
            text = _flat(c.text)
            if c.kind in (SECTION, GROUP) and row.kind == "body":
                cut = text.find("、") + 1 or text.find(")") + 1 or text.find("）") + 1
                text = text[:cut] if cut and self.rng.random() < 0.5 else text
                cells.append(text)
            elif c.kind in (LABEL, SECTION, GROUP):
                cells.append(text)
            elif c.kind in (UNIT, VALUE):
                cells.append(c.text)
        return cells
