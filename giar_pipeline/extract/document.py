"""The whole pure pipeline for one document: bytes → Report, in two steps that staging runs apart
(:func:`decode_and_normalize`, then :func:`extract_normalized` on what it stored)."""

from __future__ import annotations

import hashlib

from ..catalogue import CellKey, Template, load
from ..model import Cell, Report
from ..normalize import NUM, DecodeError, Document, decode, key, normalize
from ..normalize.decode import Decoded
from ..relations import check
from .detect import MIN_MARKERS, rank
from .metadata import extract_metadata
from .narrative import Statement, statements
from .tables import Reading, read_cells

MIN_ROWS = 3  # fewer catalogue rows found than this is no table at all


def quarantined(source: str, sha: str, reason: str) -> Report:
    return Report(source=source, sha256=sha, status="quarantined", reason=reason)


def decode_and_normalize(raw: bytes) -> tuple[Decoded, Document]:
    """The document's decoding and its normalized rows: the work :func:`extract_normalized` reads.
    Raises :class:`DecodeError` for bytes that are no text (and whatever a normalizer bug raises)."""
    decoded = decode(raw)
    return decoded, normalize(decoded.text)


def quarantine_reason(error: Exception) -> str:
    """Why a document that raised ``error`` while being read is quarantined, in words a person can act on."""
    if isinstance(error, DecodeError):
        return f"cannot decode: {error}"
    return f"internal error while extracting ({type(error).__name__}: {error}); please report it with the document"


def extract_document(raw: bytes, source: str) -> Report:
    """The report read from one document's bytes; never raises: what cannot be read is quarantined."""
    sha = hashlib.sha256(raw).hexdigest()
    try:
        decoded, doc = decode_and_normalize(raw)
    except Exception as e:  # a parser bug costs one document, never the run
        return quarantined(source, sha, quarantine_reason(e))
    return extract_normalized(doc, source, sha, decoded.replaced)


def extract_normalized(doc: Document, source: str, sha: str, replaced_bytes: int | None) -> Report:
    """The report read from a normalized document (``doc.text`` is not read); never raises."""
    try:
        report = _read(doc, source, sha)
    except Exception as e:  # a parser bug costs one document, never the run
        return quarantined(source, sha, quarantine_reason(e))
    report.replaced_bytes = replaced_bytes
    return report


def _views(template: Template, doc_key: str) -> list[Template]:
    """The generation's template, and each provincial variant whose markers the document shows."""
    return [template] + [v for v in template.variants if sum(key(m) in doc_key for m in v.markers) >= MIN_MARKERS]


def _reads_more(a: Reading, b: Reading) -> bool:
    """More catalogue rows found; on a tie (v2019 and v2021 share most row labels), more cells read."""
    return (a.found, len(a.tokens)) > (b.found, len(b.tokens))


def _read(doc: Document, source: str, sha: str) -> Report:
    doc_key = key("".join(doc.lines))
    best = None
    for score, code in rank(doc_key):
        for view in _views(load().template(code), doc_key):
            reading = read_cells(doc, view)
            if best is None or _reads_more(reading, best[1]):
                best = (view, reading)
        if best[1].found >= MIN_ROWS and score >= MIN_MARKERS:  # without markers, every generation competes
            break
    meta = extract_metadata(doc.lines)  # a quarantined report still carries what it states
    if best is None or best[1].found < MIN_ROWS:
        report = quarantined(
            source,
            sha,
            "no statistics table of a known template (v2008, v2019, v2021) was "
            "found: the file may not be an annual report, or its tables were lost "
            "in the scrape",
        )
        report.report_year, report.issuer, report.published_on = meta.report_year, meta.issuer, meta.published_on
        return report
    view, reading = best
    template = load().template(view.code)
    stated = statements(doc.lines, template.code)
    cells = _cells(template, view, reading, stated)
    values = {(c.table, c.row, c.col): c.value for c in cells}
    uncertain = {(c.table, c.row, c.col) for c in cells if c.uncertain}
    return Report(
        source=source,
        sha256=sha,
        status="ok",
        template=template.code,
        report_year=meta.report_year,
        issuer=meta.issuer,
        published_on=meta.published_on,
        cells=cells,
        violations=check(template, values, uncertain),
        statements=stated,
    )


def _combined(view: Template, reading: Reading, stated: list[Statement]) -> tuple[set, dict[CellKey, Statement]]:
    """Parts of the variant's combined rows the document printed: undecided, except a part whose
    number the prose states (信函、传真申请数 1 with 收到信函申请1条 decides 信函), within the sum."""
    undecided: set[CellKey] = set()
    decided: dict[CellKey, Statement] = {}
    told = {s.cell: s for s in stated if s.cell is not None}
    for t in view.tables:
        for r in t.rows:
            for c in t.cols:
                tok = reading.tokens.get((t.code, r.code, c.code))
                if not r.combines or tok is None:
                    continue
                parts = [(t.code, part, c.code) for part in r.combines]
                undecided.update(parts)
                for k in parts:
                    s = told.get(k)
                    if s is not None and tok.kind is NUM and 0 <= s.value <= tok.value:
                        decided[k] = s
    return undecided - decided.keys(), decided


def _cells(template: Template, view: Template, reading: Reading, stated: list[Statement]) -> list[Cell]:
    """Every cell of the template from what the view read: a variant's combined rows leave their
    parts undecided unless the prose states one, and its scaled rows convert to the catalogue's unit."""
    rows = {(t.code, r.code): r for t in view.tables for r in t.rows}
    combined, told = _combined(view, reading, stated)
    undecided = set(reading.undecided) | combined
    cells = []
    for k in template.cells:
        tok = reading.tokens.get(k)
        if tok is None and k in told:
            cells.append(Cell(*k, told[k].value, told[k].raw, told[k].line))
            continue
        if tok is None:
            cells.append(Cell(*k, uncertain=k in undecided))
            continue
        value = tok.value if tok.kind is NUM else None
        scale = getattr(rows.get(k[:2]), "scale", None)
        if scale and value is not None:
            value = round(value * scale, 6)
        cells.append(Cell(*k, value, tok.raw, tok.line))
    return cells
