"""Numbers the prose restates from the tables: normalized text lines → :class:`Statement` list.

    statements(doc.lines, "v2021")
    → [Statement(cells=(("applications", "new_received", "total"),), value=34,
                 raw="收到政府信息公开申请34件", line=42), …]

Pure and data-driven: every phrase lives in ``catalogue/narrative.yaml``. Lines are
joined into paragraphs (wrapped PDF text splits sentences) with spaces removed;
a blank line or a table row (pipes, tabs, values side by side or alone on a line) ends a paragraph.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from ..catalogue import CellKey, audit, load

RESTATED, ADJUSTMENT = "restated", "adjustment"
_SPACE = re.compile(r"\s+")
_DIGIT = re.compile(r"\d")
_PAGE_NUMBER = re.compile(r"^\s*(?:[—-]\s*\d{1,3}\s*[—-]|第\s*\d{1,3}\s*页(?:\s*[,/]?\s*共\s*\d{1,3}\s*页)?)\s*$")
_UNIT = r"(?:件|条|个|次|篇|人次|人|项|家|期|场|万元|元)"
_VALUE = rf"(?:[\d,.]+|[/—-]+)\s*{_UNIT}?"
# table rows in text layouts: values side by side (cut out of the line), or a value alone on its line
# (a cell per line); a wrapped sentence's "0 件。" keeps its punctuation and stays prose
_SIDE_BY_SIDE = re.compile(rf"{_VALUE}(?:\s+{_VALUE})+")
_ALONE = re.compile(rf"^\s*{_VALUE}\s*$")


@dataclass(frozen=True)
class Statement:
    cells: tuple[CellKey, ...]  # the cells whose sum the prose states (usually one)
    value: int | float
    raw: str  # the matched words, spaces removed
    line: int  # 1-based index in the lines given, where the number stands
    kind: str = RESTATED  # or ADJUSTMENT: a stated change the tables do not show
    member: str = ""  # how check_violations names it: row.col as narrative.yaml writes it (denied_*.total)

    @property
    def cell(self) -> CellKey | None:
        """The one cell stated, or None for a sum."""
        return self.cells[0] if len(self.cells) == 1 else None

    @property
    def table(self) -> str:
        return self.cells[0][0]


@dataclass(frozen=True)
class _Rule:
    kind: str
    cells: tuple[CellKey, ...]
    member: str
    pattern: re.Pattern
    parts: bool = False  # the figure is itself a part: 其中 … does not make it one


def _member(specs: list[str]) -> str:
    """row.col of the specs as written; rows or columns of a sum joined by +."""
    parts = [s.split(".") for s in specs]
    return "+".join(dict.fromkeys(r for _, r, _ in parts)) + "." + "+".join(dict.fromkeys(c for _, _, c in parts))


def _expand(spec: str, template: str) -> list[CellKey]:
    table, row, col = spec.split(".")
    tpl = load().template(template)
    rows = [r.code for t in tpl.tables if t.code == table for r in t.rows]
    if not rows:
        raise ValueError(f"narrative.yaml: {spec!r} names table {table!r}, absent from {template}")
    found = [r for r in rows if r.startswith(row[:-1])] if row.endswith("*") else [row] if row in rows else []
    if not found:
        raise ValueError(f"narrative.yaml: {spec!r} matches no row of {table} in {template}")
    return [(table, r, col) for r in found]


@functools.cache
def rules(template: str) -> tuple[_Rule, ...]:
    """The compiled rules for one generation, in the order of narrative.yaml."""
    data = audit.narrative()
    glue, number = data["glue"], f"(?P<n>{data['number']})"
    out = []
    for kind, key in ((RESTATED, "statements"), (ADJUSTMENT, "adjustments")):
        for entry in data.get(key) or ():
            specs = entry["cells"].get(template)
            if not specs:
                continue
            cells = tuple(k for s in specs for k in _expand(s, template))
            for p in entry["patterns"]:
                # a number never starts or ends inside a longer one
                body = p.replace("{glue}", glue).replace("{n}", rf"(?<![\d.,]){number}(?![\d.])")
                out.append(_Rule(kind, cells, _member(specs), re.compile(body), bool(entry.get("parts"))))
    return tuple(out)


@dataclass
class _Paragraph:
    pieces: list[str]
    starts: list[int]  # offset in the text where each piece begins
    lines: list[int]  # 1-based line of each piece

    @property
    def text(self) -> str:
        return "".join(self.pieces)

    def line_at(self, offset: int) -> int:
        return self.lines[bisect.bisect_right(self.starts, offset) - 1]


def _paragraphs(lines: list[str]) -> list[_Paragraph]:
    """Paragraphs without spaces, remembering the line of each piece; only those holding a digit."""
    out: list[_Paragraph] = []
    cur = _Paragraph([], [], [])
    size = 0

    def close():
        nonlocal cur, size
        if not cur.pieces:
            return
        if any(_DIGIT.search(p) for p in cur.pieces):
            out.append(cur)
        cur, size = _Paragraph([], [], []), 0

    for i, line in enumerate(lines, start=1):
        digit = _DIGIT.search(line) is not None
        if digit and _PAGE_NUMBER.match(line):
            continue  # a PDF page footer inside a sentence: the sentence goes on
        if not line.strip() or "|" in line or "\t" in line or _ALONE.match(line):
            close()
            continue
        for j, piece in enumerate(_SIDE_BY_SIDE.split(line) if digit else (line,)):
            if j:
                close()
            piece = _SPACE.sub("", piece)
            if piece:
                cur.pieces.append(piece)
                cur.starts.append(size)
                cur.lines.append(i)
                size += len(piece)
    close()
    return out


def _number(s: str) -> int | float:
    v = float(s.replace(",", ""))
    return int(v) if v.is_integer() else v


@functools.cache
def _breakdown() -> re.Pattern:
    data = audit.narrative()
    stop = data["sentence_end"]

    def words(kind: str) -> str:
        return "|".join(map(re.escape, data.get("breakdown", {}).get(kind) or ())) or "(?!)"

    return re.compile(
        f"(?:{words('sentence')})[^{re.escape(stop)}]*$|"
        f"(?:{words('clause')})[^{re.escape(stop + data['clause_end'])}]*$"
    )


def statements(lines: list[str], template_code: str) -> list[Statement]:
    """Every restated number and stated adjustment the prose of ``lines`` holds, in document order.

    A number belongs to the first rule (in narrative.yaml order) that finds it."""
    compiled, part = rules(template_code), _breakdown()
    found: list[tuple[int, int, Statement]] = []  # (paragraph, position, statement): document order
    for p, para in enumerate(_paragraphs(lines)):
        text, taken = para.text, set()
        for rule in compiled:
            for m in rule.pattern.finditer(text):
                start = m.start("n")
                if start in taken:
                    continue
                taken.add(start)
                if rule.kind == RESTATED and not rule.parts and part.search(text, 0, m.start()):
                    continue  # a part of the figure (其中 …), not the figure
                found.append(
                    (
                        p,
                        start,
                        Statement(
                            rule.cells, _number(m.group("n")), m.group(0), para.line_at(start), rule.kind, rule.member
                        ),
                    )
                )
    return [s for _, _, s in sorted(found, key=lambda f: f[:2])]
