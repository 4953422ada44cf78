"""HTML → lines of cells, keeping the table structure and each cell's source line.

Word exports nest a label in many <span>s and <p class=MsoNormal>; all inline
text of a cell is joined. Rows are <tr>; an empty cell with colspan=k stands for
k blank cells (a blank row is often one wide empty cell). Row spans are not
repeated: a grouped label appears once, in its first row.
"""
from __future__ import annotations

import lxml.html
from lxml import etree

_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "header",
          "footer", "title", "blockquote", "pre", "dt", "dd", "center", "hr", "form", "nav", "main", "body"}
_SKIP = {"script", "style", "noscript", "template", "iframe", "svg", "object"}

# (cells, each cell's source line, is_table_row): cells are raw strings as the page shows them
HtmlLine = tuple[list[str], list[int], bool]


def _text(el) -> str:
    parts = []
    for node in el.iter():
        if node is not el and node.tag in _SKIP:
            continue
        if node.tag == "br":
            parts.append(" ")
        if isinstance(node.tag, str) and node.text and node.tag not in _SKIP:
            parts.append(node.text)
        if node is not el and node.tail:
            parts.append(node.tail)
    return " ".join("".join(parts).split())


def _row(tr) -> tuple[list[str], list[int]]:
    cells, lines = [], []
    for td in tr:
        if td.tag not in ("td", "th"):
            continue
        text = _text(td)
        span = td.get("colspan", "1")
        n = 1 if text or not span.isdigit() else max(1, min(int(span), 30))
        cells += [text] * n
        lines += [td.sourceline or tr.sourceline or 1] * n
    return cells, lines


def html_lines(text: str) -> list[HtmlLine]:
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return []
    out: list[HtmlLine] = []
    buf: list[str] = []
    buf_line = [0]

    def flush():
        s = " ".join("".join(buf).split())
        if s:
            out.append(([s], [buf_line[0] or 1], False))
        buf.clear()
        buf_line[0] = 0

    def add(s, line):
        if s:
            if not buf_line[0]:
                buf_line[0] = line
            buf.append(s)

    def walk(el):
        tag = el.tag if isinstance(el.tag, str) else None
        if tag is None or tag in _SKIP:
            return
        line = el.sourceline or 1
        if tag == "table":
            flush()
            for tr in el.iter("tr"):
                if tr.getparent() is not None and _owner(tr) is el:
                    out.append((*_row(tr), True))
            return
        block = tag in _BLOCK
        if block or tag == "br":
            flush()
        add(el.text, line)
        for child in el:
            walk(child)
            add(child.tail, child.sourceline or line)
        if block:
            flush()

    walk(root)
    flush()
    return out


def _owner(tr):
    p = tr.getparent()
    while p is not None and p.tag != "table":
        p = p.getparent()
    return p


def looks_like_html(text: str) -> bool:
    head = text[:4000].lower()
    return "<html" in head or "<table" in text.lower() or "<body" in head or "<!doctype html" in head
