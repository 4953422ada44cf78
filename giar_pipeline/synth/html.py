"""The HTML layout: a full page with real tables (rowspan/colspan), either clean
markup or the noisy HTML that Word's "save as web page" produces."""

from __future__ import annotations

import html
import random

from .grid import HEAD, VALUE, Grid, GridCell
from .parts import HEADING, META, PARA, TABLE, TITLE, Part
from .style import Style

CHARSET = "__CHARSET__"  # replaced once the document's encoding is settled

_WORD_HEAD = (
    '<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">\n<head>\n'
    f'<meta http-equiv=Content-Type content="text/html; charset={CHARSET}">\n'
    '<meta name=ProgId content=Word.Document>\n<meta name=Generator content="Microsoft Word 15">\n'
    "<style>\n<!--\np.MsoNormal, li.MsoNormal {margin:0cm;text-align:justify;font-size:10.5pt;"
    "font-family:等线;}\n-->\n</style>\n</head>\n<body lang=ZH-CN style='text-justify-trim:punctuation'>\n"
    "<div class=WordSection1>\n"
)


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


class _Clean:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.th = rng.random() < 0.5

    def head(self, title: str) -> str:
        return (
            f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="{CHARSET}">\n'
            f'<title>{_esc(title)}</title>\n</head>\n<body>\n<div class="article">\n'
        )

    def tail(self) -> str:
        return "</div>\n</body>\n</html>\n"

    def part(self, part: Part) -> str:
        text = _esc(part.text)
        return {TITLE: f"<h1>{text}</h1>", HEADING: f"<h3>{text}</h3>", META: f'<div class="info">{text}</div>'}.get(
            part.kind, f"<p>{text}</p>"
        )

    def cell(self, cell: GridCell) -> str:
        tag = "th" if self.th and cell.kind == HEAD else "td"
        body = "<br>".join(_esc(t) for t in cell.text.split("\n")) or self.rng.choice(["", "&nbsp;"])
        return f"<{tag}{_spans(cell)}>{body}</{tag}>"

    def table(self, grid: Grid) -> str:
        rows = "\n".join("<tr>" + "".join(self.cell(c) for c in row.cells) + "</tr>" for row in grid.rows)
        return f'<table border="1" cellspacing="0" cellpadding="2">\n<tbody>\n{rows}\n</tbody>\n</table>'


class _Word(_Clean):
    """class=MsoNormal paragraphs in every cell, labels split over several spans, <o:p></o:p>, &nbsp;."""

    def head(self, title: str) -> str:
        return _WORD_HEAD

    def tail(self) -> str:
        return "</div>\n</body>\n</html>\n"

    def spans(self, text: str) -> str:
        rng = self.rng
        pieces, rest = [], text
        while len(rest) > 2 and rng.random() < 0.5:
            cut = rng.randint(1, len(rest) - 1)
            if rest[cut - 1].isascii() and rest[cut].isascii():
                break  # Word splits runs of text, not numbers or words
            pieces.append(rest[:cut])
            rest = rest[cut:]
        pieces.append(rest)
        out = []
        for p in pieces:
            inner = _esc(p).replace(" ", "&nbsp;")
            attrs = rng.choice(["", " lang=EN-US", " style='font-family:宋体'", " style='font-size:10.0pt'"])
            out.append(f"<span{attrs}>{inner}</span>")
        return "".join(out)

    def part(self, part: Part) -> str:
        body = self.spans(part.text)
        if part.kind == TITLE:
            return f"<p class=MsoNormal align=center style='text-align:center'><b>{body}</b><o:p></o:p></p>"
        if part.kind == HEADING:
            return f"<p class=MsoNormal><b><span style='font-family:黑体'>{body}</span></b><o:p></o:p></p>"
        indent = " style='text-indent:21.0pt'" if part.kind == PARA else ""
        return f"<p class=MsoNormal{indent}>{body}<o:p></o:p></p>"

    def cell(self, cell: GridCell) -> str:
        lines = cell.text.split("\n")
        if not cell.text:
            body = "<span lang=EN-US>&nbsp;</span>"
        elif cell.kind == VALUE:
            pad = self.rng.choice(["", "", "&nbsp;"])
            body = f"<span lang=EN-US>{pad}{_esc(cell.text)}{pad}</span>"
        else:
            body = "<br>".join(self.spans(t) for t in lines)
            if cell.kind == HEAD and self.rng.random() < 0.5:
                body = f"<b>{body}</b>"
        return (
            f"<td{_spans(cell)} valign=center style='border:solid windowtext 1.0pt;padding:0cm 5.4pt'>"
            f"<p class=MsoNormal align=center style='text-align:center'>{body}<o:p></o:p></p></td>"
        )

    def table(self, grid: Grid) -> str:
        rows = "\n".join(
            f"<tr style='height:{self.rng.choice([15, 18, 20])}.0pt'>\n"
            + "\n".join(self.cell(c) for c in row.cells)
            + "\n</tr>"
            for row in grid.rows
        )
        return (
            "<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 "
            f"style='border-collapse:collapse;border:none'>\n{rows}\n</table>"
        )


def _spans(cell: GridCell) -> str:
    return (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + (
        f' colspan="{cell.colspan}"' if cell.colspan > 1 else ""
    )


def page(parts: list[Part], rng: random.Random, style: Style) -> str:
    word = rng.random() < 0.5
    if word:
        style.noises.append("word_export")
    writer = (_Word if word else _Clean)(rng)
    title = next((p.text for p in parts if p.kind == TITLE), "")
    body = [writer.table(p.grid) if p.kind == TABLE else writer.part(p) for p in parts]
    return writer.head(title) + "\n".join(body) + "\n" + writer.tail()
