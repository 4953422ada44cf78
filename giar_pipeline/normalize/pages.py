"""PDF pages in text: page numbers, page breaks and running headers, which are no table cells."""

from __future__ import annotations

import re

_PAGE_NUMBER = re.compile(
    r"[—\-]\s*\d{1,3}\s*[—\-]|第\s*\d{1,3}\s*页(?:\s*[,/]?\s*共\s*\d{1,3}\s*页)?|"
    r"\d{1,3}\s*/\s*\d{1,3}|page\s*\d{1,3}(?:\s*of\s*\d{1,3})?",
    re.I,
)
_PAGE_NUMBER_END = frozenset("0123456789-—页")  # how every page number form ends
_CJK_RUN = re.compile("[\u4e00-\u9fff]{3}")  # a running header has words; a line of values has none
_PAGE_BREAK = re.compile(r"[ \t\r]*[\f\v][\f\v \t\r]*")  # a PDF page break alone on a line: no cell


def page_mark(raw: str, text: str) -> bool:
    """A page number or a page break alone on its line. (Every form ends in a digit, a dash or 页:
    most lines, labels ending in a word, are none at the cost of one test.)"""
    return (len(text) <= 40 and text[-1:] in _PAGE_NUMBER_END and _PAGE_NUMBER.fullmatch(text) is not None) or (
        ("\f" in raw or "\v" in raw) and _PAGE_BREAK.fullmatch(raw) is not None
    )


def running_headers(raw_lines: list[str], clean_lines: list[str], marks: set[int]) -> set[int]:
    """Indices of a PDF's running header: the same line printed first on two or more pages (after a
    page number or break, the lines in ``marks``). It would otherwise glue to the label a page break
    cut in two."""
    after_page: dict[str, list[int]] = {}
    page_ended = False
    for i, (raw, text) in enumerate(zip(raw_lines, clean_lines)):
        if i in marks:  # a page number, or a blank line holding a page break (\f, \v)
            page_ended = True
            continue
        if not raw.strip("\r\f\v \t"):
            continue
        if page_ended and _CJK_RUN.search(text):  # a line of values (件 0) may start two pages alike
            after_page.setdefault(text, []).append(i)
        page_ended = False
    return {i for at in after_page.values() if len(at) >= 2 for i in at}
