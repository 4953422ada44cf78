"""The whole pure pipeline for one document: bytes → Report."""
from __future__ import annotations

import hashlib

from ..catalogue import load
from ..model import Cell, Report
from ..normalize import NUM, DecodeError, decode, key, normalize
from ..relations import check
from .detect import MIN_MARKERS, rank
from .metadata import extract_metadata
from .tables import read_cells

MIN_ROWS = 3  # fewer catalogue rows found than this is no table at all


def quarantined(source: str, sha: str, reason: str) -> Report:
    return Report(source=source, sha256=sha, status="quarantined", reason=reason)


def extract_document(raw: bytes, source: str) -> Report:
    """The report read from one document's bytes; never raises: what cannot be read is quarantined."""
    sha = hashlib.sha256(raw).hexdigest()
    try:
        text, _encoding = decoded = decode(raw)
    except DecodeError as e:
        return quarantined(source, sha, f"cannot decode: {e}")
    try:
        report = _read(text, source, sha)
        report.replaced_bytes = decoded.replaced
        return report
    except Exception as e:  # a parser bug costs one document, never the run
        return quarantined(source, sha, f"internal error while extracting ({type(e).__name__}: {e}); "
                                        "please report it with the document")


def _read(text: str, source: str, sha: str) -> Report:
    doc = normalize(text)
    doc_key = key("".join(doc.lines))
    best = None
    for score, code in rank(doc_key):
        template = load().template(code)
        tokens, found = read_cells(doc, template)
        if best is None or found > best[2]:
            best = (template, tokens, found)
        if found >= MIN_ROWS and score >= MIN_MARKERS:  # without markers, every generation competes
            break
    if best is None or best[2] < MIN_ROWS:
        return quarantined(source, sha, "no statistics table of a known template (v2008, v2019, v2021) was found: "
                                        "the file may not be an annual report, or its tables were lost in the scrape")
    template, tokens, _found = best
    cells = []
    for t, r, c in template.cells:
        tok = tokens.get((t, r, c))
        if tok is None:
            cells.append(Cell(t, r, c))
        else:
            cells.append(Cell(t, r, c, tok.value if tok.kind is NUM else None, tok.raw, tok.line))
    values = {(c.table, c.row, c.col): c.value for c in cells}
    uncertain = {(c.table, c.row, c.col) for c in cells if c.uncertain}
    meta = extract_metadata(doc.lines)
    return Report(source=source, sha256=sha, status="ok", template=template.code, report_year=meta.report_year,
                  issuer=meta.issuer, published_on=meta.published_on, cells=cells,
                  violations=check(template, values, uncertain))
