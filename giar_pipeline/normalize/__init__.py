"""Decoded text → a normalized document: rows of classified tokens with source lines.

Every layout ends up the same shape: a row is either a delimited table row
(HTML <tr>, pipes, tabs, markdown: ``multi``) or one text line, whose trailing
numbers, blank markers and units are split off as value tokens. What is a
label and what is a value is decided later, against the catalogue.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from .decode import DecodeError, decode
from .glued import glued_rows, is_glued
from .html import html_lines, looks_like_html
from .text import clean, is_annotation_debris, is_traditional, key, to_simplified
from .tokens import BLANK, NUM, TEXT, UNIT, Token, classify, kind_of

__all__ = [
    "Document",
    "TokenRow",
    "Token",
    "normalize",
    "decode",
    "DecodeError",
    "clean",
    "key",
    "TEXT",
    "NUM",
    "BLANK",
    "UNIT",
]

_PAGE_NUMBER = re.compile(
    r"[—\-]\s*\d{1,3}\s*[—\-]|第\s*\d{1,3}\s*页(?:\s*[,/]?\s*共\s*\d{1,3}\s*页)?|"
    r"\d{1,3}\s*/\s*\d{1,3}|page\s*\d{1,3}(?:\s*of\s*\d{1,3})?",
    re.I,
)
_PAGE_NUMBER_END = frozenset("0123456789-—页")  # how every page number form ends
_WORD = re.compile(r"\S+")
_PAGE_BREAK = re.compile(r"[ \t\r]*[\f\v][\f\v \t\r]*")  # a PDF page break alone on a line: no cell
_VERTICAL = re.compile(r"([\u4e00-\u9fff]) ((?:[\u4e00-\u9fff(]\S|\d{1,2}[.、]).*)")  # 三 2.其他… (not 密 件 0)
_MD_RULE = re.compile(r"\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?")


@dataclass(slots=True)
class TokenRow:
    """One normalized row of the document: its classified tokens and source line."""

    tokens: list[Token]
    line: int
    multi: bool  # a delimited table row (cells known), not a free text line


@dataclass(slots=True)
class Document:
    text: str  # decoded source
    lines: list[str]  # cleaned, simplified text lines (for metadata)
    rows: list[TokenRow]
    traditional: bool


def _split_cells(line: str, bordered: bool) -> list[str] | None:
    """Cells of a delimited line, or None for a free text line.

    In a bordered table (markdown, "| a | b |") the outer pipes are borders;
    otherwise a leading pipe stands for an empty first cell (a flattened row
    span) and trailing pipes are padding.
    """
    if "\t" in line.strip():
        return line.strip("\r\n").split("\t")
    if "|" not in line:
        return None
    s = line.strip()
    cells = s.split("|")
    if bordered and s.startswith("|"):  # | a |  |  |: the borders go, the empty cells are blanks
        return cells[1:-1] if s.endswith("|") and len(cells) > 2 else cells[1:]
    while len(cells) > 1 and not cells[-1].strip():
        cells.pop()
    return cells


def _cells(texts: list[str], raws: list[str], lines: list[int]) -> list[Token]:
    tokens = []
    for i, (t, r, n) in enumerate(zip(texts, raws, lines)):
        t = t.strip()
        kind, value = kind_of(t)
        tokens.append(Token(kind, t, r.strip(), n, value, None, i))
    return tokens


def _bordered(raw_lines: list[str]) -> bool:
    piped = [s.strip() for s in raw_lines if "|" in s and "\t" not in s]
    return bool(piped) and sum(s.startswith("|") for s in piped) >= 0.8 * len(piped)


_WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]"
)


def _display_widths(s: str) -> Callable[[int], int]:
    """Columns ``s[:i]`` takes in a fixed-width rendering (wide CJK and full-width characters count 2),
    for any i, after one pass over ``s``: a line of N values costs N log N, not N²."""
    wide = [m.start() for m in _WIDE.finditer(s)]
    return lambda i: i + bisect.bisect_left(wide, i)


def _free_line(text: str, raw: str, line: int, single_gaps: bool = False) -> list[Token]:
    """A text line: label words, then trailing value tokens split off at spaces.

    Values get their display position (for fixed-width tables) unless one stands alone on
    its line, as in one-cell-per-line layouts, where positions mean nothing. ``single_gaps``: the
    document parts cells by single spaces (see ``_gap_blanks``).
    """
    if " " not in text:  # one word: a label, or a lone value
        if not text:
            return []
        kind, value = kind_of(text)
        return [Token(TEXT, text, text, line) if kind is TEXT else Token(kind, text, raw.strip(), line, value)]
    words = text.split(" ")
    values: list[Token] = []
    while words:
        t = classify(words[-1], words[-1], line)
        if t.kind is TEXT or (t.kind is BLANK and not t.text.strip("?")):  # "总 ?": a lost character
            break
        values.append(t)
        words.pop()
    values.reverse()
    raw_words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(raw)]
    if len(raw_words) >= len(values) and values:  # keep the source spelling and place of values
        width = _display_widths(raw)
        for t, (r, a, b) in zip(values, raw_words[len(raw_words) - len(values) :]):
            t.raw = r
            t.span = (width(a), width(b))
        if "  " in raw:
            values = _gap_blanks(raw, raw_words, values, bool(words), line, width, single_gaps)
    if words:
        label = " ".join(words)
        return [Token(TEXT, label, label if not values else raw, line), *values]
    return values


def _gap_blanks(
    raw: str, raw_words: list, values: list[Token], labelled: bool, line: int, width, single_gaps: bool
) -> list[Token]:
    """A row whose cells are parted by single spaces shows an empty cell as a double one (a converter
    joins a row's cells with a space: 其他对外管理服务事项  -1 0). Only where single and double gaps
    mix, in the row or elsewhere in the document (``single_gaps``; then 政府集中采购  0 too): a
    fixed-width table's wide gaps mean alignment, not empty cells."""
    words = raw_words[len(raw_words) - len(values) - labelled :]
    gaps = [raw[a[2] : b[1]] for a, b in zip(words, words[1:])]
    if "  " not in gaps or any(g not in (" ", "  ") for g in gaps) or (" " not in gaps and not single_gaps):
        return values
    out: list[Token] = []
    for gap, t, before in zip(gaps if labelled else [" ", *gaps], values, words if labelled else [None, *words]):
        if gap == "  ":  # placed in the gap, like a cell of its own
            at = width(before[2] + 1)
            out.append(Token(BLANK, "", "", line, span=(at, at)))
        out.append(t)
    return out


_VALUE_WORD = re.compile(r"[-—]?[\d０-９][\d０-９.,，]*\S*|[/／—-]+")


def _mixed_gaps(raw: str) -> bool:
    """A line whose trailing values are parted by single and double spaces both (see _gap_blanks)."""
    words = list(_WORD.finditer(raw))
    n = 0
    while n < len(words) and _VALUE_WORD.fullmatch(words[-1 - n].group()):
        n += 1
    tail = words[max(0, len(words) - n - 1) :]
    return {raw[a.end() : b.start()] for a, b in zip(tail, tail[1:])} == {" ", "  "}


def _spaced(raw_lines: list[str]) -> bool:
    """True when cells are separated by blank lines (then an extra blank line is an empty cell).

    Measured on the seeds and every generated layout: a short line is directly followed by
    another non-empty line in at most 8% of cases when cells are blank-separated, and in
    at least 48% when they are not (header words, label then value, value then value).
    """
    short = [i for i, s in enumerate(raw_lines) if 0 < len(s.strip()) <= 40]
    if len(short) < 10:
        return False
    adjacent = sum(1 for i in short if i + 1 < len(raw_lines) and raw_lines[i + 1].strip())
    return adjacent < 0.25 * len(short)


def _merge_broken_labels(rows: list[TokenRow]) -> list[TokenRow]:
    """PDF text breaks narrow labels one character per line: join runs of 1-character lines."""
    out: list[TokenRow] = []
    run: list[TokenRow] = []

    def flush():
        if len(run) >= 3:
            text = "".join(r.tokens[0].text for r in run)
            out.append(TokenRow([Token(TEXT, text, text, run[0].line)], run[0].line, False))
        else:
            out.extend(run)
        run.clear()

    for r in rows:
        toks = r.tokens
        if len(toks) == 1 and len(toks[0].text) == 1 and toks[0].kind is TEXT and not r.multi:
            run.append(r)
            continue
        if run:
            flush()
        out.append(r)
    flush()
    return out


def _skipped(raw: str, text: str) -> bool:
    """Markdown rules, page numbers and page breaks: no cells. (The cheap tests first: most lines are none.)"""
    return ("---" in raw and _MD_RULE.fullmatch(raw.strip()) is not None) or _page_mark(raw, text)


def _page_mark(raw: str, text: str) -> bool:
    """A page number or a page break alone on its line. (Every form ends in a digit, a dash or 页:
    most lines, labels ending in a word, are none at the cost of one test.)"""
    return (len(text) <= 40 and text[-1:] in _PAGE_NUMBER_END and _PAGE_NUMBER.fullmatch(text) is not None) or (
        ("\f" in raw or "\v" in raw) and _PAGE_BREAK.fullmatch(raw) is not None
    )


def _empty(row: TokenRow) -> bool:
    return len(row.tokens) == 1 and row.tokens[0].kind is BLANK and not row.tokens[0].text


def _running_headers(raw_lines: list[str], clean_lines: list[str]) -> set[int]:
    """Indices of a PDF's running header: the same line printed first on two or more pages (after a
    page number or break). It would otherwise glue to the label a page break cut in two."""
    after_page: dict[str, list[int]] = {}
    page_ended = False
    for i, (raw, text) in enumerate(zip(raw_lines, clean_lines)):
        if not raw.strip("\r\f\v \t"):
            page_ended = page_ended or "\f" in raw or "\v" in raw
            continue
        if _page_mark(raw, text):
            page_ended = True
            continue
        if page_ended:
            after_page.setdefault(text, []).append(i)
        page_ended = False
    return {i for at in after_page.values() if len(at) >= 2 for i in at}


def _text_rows(raw_lines: list[str], clean_lines: list[str], simplify: bool) -> list[TokenRow]:
    spaced = _spaced(raw_lines)
    bordered = _bordered(raw_lines)
    headers = _running_headers(raw_lines, clean_lines)
    single_gaps = any("  " in raw and _mixed_gaps(raw) for raw in raw_lines)
    rows: list[TokenRow] = []
    empty_run = 0
    page_break = False  # the empty lines around a page number are the break's, not empty cells
    for i, (raw, text) in enumerate(zip(raw_lines, clean_lines)):
        n = i + 1
        if not raw.strip("\r"):
            empty_run += 1
            if not spaced and not page_break:
                rows.append(TokenRow([Token(BLANK, "", "", n)], n, False))
            continue
        if spaced and empty_run > 1 and not page_break:  # one blank line separates cells; each further is a cell
            rows.extend(TokenRow([Token(BLANK, "", "", n - k)], n - k, False) for k in range(empty_run - 1, 0, -1))
        empty_run = 0
        if i in headers or _page_mark(raw, text):
            while not spaced and rows and rows[-1].line == n - 1 and _empty(rows[-1]):
                n -= 1  # the empty lines just before the page number
                rows.pop()
            page_break = True
            continue
        if _skipped(raw, text) or is_annotation_debris(raw, text):
            continue
        page_break = False
        raw_cells = _split_cells(raw, bordered) if "|" in raw or "\t" in raw else None
        if raw_cells is None and is_glued(text):
            rows += [TokenRow(toks, n, False) for toks in glued_rows(text, n)]
            continue
        if raw_cells is None:
            raw = raw.strip()
            if text == "、":  # the 、 of 三、本年度办理结果 printed one character per line: label, not a blank cell
                rows.append(TokenRow([Token(TEXT, text, text, n)], n, False))
                continue
            if " " in text and (m := _VERTICAL.match(text)):  # PDF: a group label printed one character per line
                rows.append(TokenRow([Token(TEXT, m.group(1), m.group(1), n)], n, False))
                text, raw = m.group(2), raw[len(m.group(1)) :].strip()
            rows.append(TokenRow(_free_line(text, raw, n, single_gaps) or [Token(BLANK, "", raw, n)], n, False))
            continue
        text_cells = _split_cells(text, bordered) or [text]
        if len(text_cells) != len(raw_cells):
            text_cells = [clean(to_simplified(c) if simplify else c) for c in raw_cells]
        if len(raw_cells) <= 1:  # "label |": one cell per line with a trailing pipe
            c = text_cells[0].strip() if text_cells else ""
            rows.append(
                TokenRow(_free_line(c, (raw_cells or [""])[0].strip(), n) or [Token(BLANK, "", "", n)], n, False)
            )
            continue
        rows.append(TokenRow(_cells(text_cells, raw_cells, [n] * len(raw_cells)), n, True))
    return _merge_broken_labels(rows)


def _html_rows(html: list, simplify: bool) -> tuple[list[TokenRow], list[str]]:
    rows, lines = [], []
    for cells, cell_lines, is_row in html:
        texts = [clean(to_simplified(c) if simplify else c) for c in cells]
        lines.append(" ".join(texts))
        if is_row:
            rows.append(TokenRow(_cells(texts, cells, cell_lines), cell_lines[0] if cell_lines else 1, True))
        else:
            rows.append(TokenRow(_free_line(texts[0], cells[0], cell_lines[0]), cell_lines[0], False))
    return _merge_broken_labels(rows), lines


def normalize(text: str) -> Document:
    traditional = is_traditional(text)
    if looks_like_html(text):
        html = html_lines(text)
        if html:
            rows, lines = _html_rows(html, traditional)
            return Document(text, lines, rows, traditional)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    raw_lines = text.split("\n")
    # cleaning never adds or removes a newline, so one pass over the whole text keeps lines aligned
    clean_lines = clean(to_simplified(text) if traditional else text, keep_lines=True).split("\n")
    if len(clean_lines) != len(raw_lines):
        clean_lines = [clean(to_simplified(s) if traditional else s) for s in raw_lines]
    return Document(text, clean_lines, _text_rows(raw_lines, clean_lines, traditional), traditional)
