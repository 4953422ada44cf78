"""Normalized rows → candidate table rows: label pieces followed by value tokens.

A candidate is what a reader sees as "some label text, then its numbers". Its
pieces may hold several labels (a group label, a wrapped label's parts, or
label-only rows whose blanks left no trace); matching against the catalogue
sorts that out. Values always belong to the last label matched in a candidate.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..normalize import BLANK, NUM, TEXT, UNIT, Token, TokenRow


@dataclass(slots=True)
class Candidate:
    pieces: list[Token] = field(default_factory=list)
    values: list[Token] = field(default_factory=list)
    multi: bool = False  # read from a delimited row: cell positions are meaningful
    first_value_at: int | None = None  # cell index of the first value in its row (multi rows)


def _value_row(toks: list[Token], unit_column: bool) -> bool:
    """A free line of two or more values, one a number or all printed blanks (/ / /): a table row's
    values without its label. A unit word first is the unit column of a 2008-era table (条 0); in
    other tables, a label's last character printed beside the values (规/范/…/件 0 0 0)."""
    return (
        len(toks) >= 2
        and (any(t.kind is NUM for t in toks) or all(t.kind is BLANK and t.text for t in toks))
        and (unit_column or toks[0].kind is not UNIT)
        and not any(t.line != toks[0].line for t in toks)
    )


def _stray_mark(toks: list[Token], cur: Candidate | None) -> bool:
    """A lone mark (. / 、) on the line after a row printed whole on one line (PDF text): a vertical
    label's punctuation or a stray, no cell of that row."""
    if len(toks) != 1 or toks[0].kind is not BLANK or not toks[0].text or cur is None or len(cur.values) < 2:
        return False
    line = cur.values[0].line
    return toks[0].line != line and all(v.line == line for v in cur.values)


def orphan(c: Candidate) -> bool:
    """A row of values whose label stands elsewhere (or nowhere)."""
    return not c.pieces and bool(c.values)


def candidates(rows: list[TokenRow], unit_column: bool = False) -> list[Candidate]:
    """The document's candidate rows; ``unit_column`` when the template's table prints units."""
    out: list[Candidate] = []
    cur: Candidate | None = None
    for row in rows:
        toks = row.tokens
        if len(toks) == 1:  # most rows of text layouts: one label or one value
            first_text = 0 if toks[0].kind is TEXT else None
        else:
            first_text = next((i for i, t in enumerate(toks) if t.kind is TEXT), None)
        if row.multi and first_text is not None:
            # cells before the first label are flattened row spans of a group column: not values
            cur = Candidate(multi=True)
            out.append(cur)
            if any(t.kind is NUM for t in toks):
                i = first_text
                while i < len(toks) and toks[i].kind is TEXT:
                    cur.pieces.append(toks[i])
                    i += 1
            else:  # a header or label-only row: every text cell is a label, blanks are padding
                cur.pieces.extend(t for t in toks if t.kind is TEXT)
                i = max(j for j, t in enumerate(toks) if t.kind is TEXT) + 1
            cur.first_value_at = i
            cur.values.extend(t for t in toks[i:] if t.kind is not TEXT and t.kind is not UNIT)
            continue
        if first_text is not None:  # a free line: "label [values]"
            if cur is None or cur.values or cur.multi:
                cur = Candidate()
                out.append(cur)
            rest = toks[first_text + 1 :]
            if not unit_column and rest and all(t.kind is UNIT for t in rest):  # 自然 人: the label's own word
                label = toks[first_text]
                cur.pieces.append(replace(label, text=label.text + "".join(t.text for t in rest)))
                continue
            cur.pieces.append(toks[first_text])
            cur.values.extend(t for t in rest if t.kind is not UNIT)
            continue
        if cur is not None and cur.multi and not row.multi and all(t.kind is BLANK and not t.text for t in toks):
            continue  # an empty line after a delimited row is no cell of it
        if not row.multi and _stray_mark(toks, cur):
            continue
        if row.multi or cur is None or cur.multi or _value_row(toks, unit_column):
            # a delimited row without a label, a value after a delimited row (complete on its line;
            # a converter's one-cell table | 15 |), or a line of several values (PDF text puts a
            # wrapped label's values between its fragments or before it): a row of its own, placed later
            cur = Candidate(multi=row.multi, first_value_at=0 if row.multi else None)
            out.append(cur)
        cur.values.extend(t for t in toks if t.kind is not UNIT)  # value-only line or row
    return out
