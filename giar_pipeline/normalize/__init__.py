"""Decoded text → a normalized document: rows of classified tokens with source lines.

Every layout ends up the same shape: a row is either a delimited table row
(HTML <tr>, pipes, tabs, markdown: ``multi``) or one text line, whose trailing
numbers, blank markers and units are split off as value tokens. What is a
label and what is a value is decided later, against the catalogue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .decode import DecodeError, decode
from .free_lines import free_line, single_gapped
from .glued import glued_rows, is_glued
from .html import html_lines, looks_like_html
from .pages import page_mark, running_headers
from .text import clean, is_annotation_debris, is_traditional, key, to_simplified
from .tokens import BLANK, NUM, TEXT, UNIT, Token, kind_of

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

# 三 2.其他… or 果 请 (a label's last character): a group label's character first (not 密 件 0)
_VERTICAL = re.compile(r"([\u4e00-\u9fff]) ((?:[\u4e00-\u9fff(]\S|\d{1,2}[.、]|[\u4e00-\u9fff]$).*)")
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
    """PDF text breaks narrow labels one character per line: join runs of 1-character lines (a
    character that reads as a unit, 个 or 人 of 涉及个人隐私, is one of the label's there)."""
    out: list[TokenRow] = []
    run: list[TokenRow] = []

    def flush():
        if len(run) >= 3 and sum(r.tokens[0].kind is TEXT for r in run) >= 2:
            text = "".join(r.tokens[0].text for r in run)
            out.append(TokenRow([Token(TEXT, text, text, run[0].line)], run[0].line, False))
        else:
            out.extend(run)
        run.clear()

    for r in rows:
        toks = r.tokens
        if len(toks) == 1 and len(toks[0].text) == 1 and toks[0].kind in (TEXT, UNIT) and not r.multi:
            run.append(r)
            continue
        if run:
            flush()
        out.append(r)
    flush()
    return out


def _unit_cell(text: str) -> bool:
    return len(text) == 1 and kind_of(text)[0] is UNIT


def _md_rule(raw: str) -> bool:
    """A markdown table's rule line: no cells. (The cheap test first: most lines are none.)"""
    return "---" in raw and _MD_RULE.fullmatch(raw.strip()) is not None


def _empty(row: TokenRow) -> bool:
    return len(row.tokens) == 1 and row.tokens[0].kind is BLANK and not row.tokens[0].text


def _text_rows(raw_lines: list[str], clean_lines: list[str], simplify: bool) -> list[TokenRow]:
    spaced = _spaced(raw_lines)
    bordered = _bordered(raw_lines)
    marks = {i for i, (raw, text) in enumerate(zip(raw_lines, clean_lines)) if page_mark(raw, text)}
    headers = running_headers(raw_lines, clean_lines, marks)
    single_gaps = single_gapped(raw_lines)
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
        if i in headers or i in marks:
            while not spaced and rows and rows[-1].line == n - 1 and _empty(rows[-1]):
                n -= 1  # the empty lines just before the page number
                rows.pop()
            page_break = True
            continue
        if _md_rule(raw) or is_annotation_debris(raw, text):
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
            if " " in text and (m := _VERTICAL.match(text)) and not _unit_cell(m.group(2)):
                # PDF: a group label printed one character per line (but 密 件 is a label's end and its unit)
                rows.append(TokenRow([Token(TEXT, m.group(1), m.group(1), n)], n, False))
                text, raw = m.group(2), raw[len(m.group(1)) :].strip()
            rows.append(TokenRow(free_line(text, raw, n, single_gaps) or [Token(BLANK, "", raw, n)], n, False))
            continue
        text_cells = _split_cells(text, bordered) or [text]
        if len(text_cells) != len(raw_cells):
            text_cells = [clean(to_simplified(c) if simplify else c) for c in raw_cells]
        if len(raw_cells) <= 1:  # "label |": one cell per line with a trailing pipe
            c = text_cells[0].strip() if text_cells else ""
            rows.append(
                TokenRow(free_line(c, (raw_cells or [""])[0].strip(), n) or [Token(BLANK, "", "", n)], n, False)
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
            rows.append(TokenRow(free_line(texts[0], cells[0], cell_lines[0]), cell_lines[0], False))
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
