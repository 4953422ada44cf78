"""HTML → lines of cells, keeping the table structure and each cell's source line.

Word exports nest a label in many <span>s and <p class=MsoNormal>; all inline
text of a cell is joined. Rows are <tr>; an empty cell with colspan=k stands for
k blank cells (a blank row is often one wide empty cell). Row spans are not
repeated: a grouped label appears once, in its first row.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

_BLOCK = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "section",
    "article",
    "header",
    "footer",
    "title",
    "blockquote",
    "pre",
    "dt",
    "dd",
    "center",
    "hr",
    "form",
    "nav",
    "main",
    "body",
}
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


_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")  # lxml refuses text with an encoding declaration


def html_lines(text: str) -> list[HtmlLine]:
    try:
        root = lxml.html.document_fromstring(_XML_DECLARATION.sub("", text, count=1))
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


_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9:]*(?:\s[^<>]*)?/?>")
_DOCUMENT_HEAD = re.compile(r"\A(?:\s|<!--.*?-->)*<(?:!doctype\s+html|html|head|body|meta|\?xml)\b", re.I | re.S)
MARKUP_LINES = 0.3  # share of non-blank lines with a tag that makes a headless fragment HTML
MARKUP_TAGS = 20  # or this many tags (a table of even two rows has more): a stray tag or two is no page


def looks_like_html(text: str) -> bool:
    """Whether the document *is* HTML: it opens as a page, or tags run through it (a table fragment).
    One stray ``<table>`` in a plain-text report does not make it HTML."""
    head = text[:4000]
    if _DOCUMENT_HEAD.match(head) or re.search(r"<(?:html|body)\b", head, re.I):
        return True
    tags = len(_TAG.findall(text, 0, 200_000))
    if tags >= MARKUP_TAGS:
        return True
    lines = [ln for ln in text.splitlines() if ln.strip()]
    tagged = sum(1 for ln in lines if _TAG.search(ln))
    return tagged >= MARKUP_LINES * len(lines) and tags >= 3
