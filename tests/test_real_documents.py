"""The real reports of the hardest kinds (../shared/real) give exactly their hand-checked truth.

Glued text, PDF text, converter markdown and a provincial 2008-era table. The truth leaves out
the cells a document leaves undecided: a value there would be a guess, so every cell outside
the truth must be null (and the undecided ones say so).
"""

from __future__ import annotations

import json

import pytest

from giar_pipeline.extract import extract_document

from .conftest import SHARED, shared_path

REAL = sorted(p.name for p in (SHARED / "real" / "docs").glob("*")) or ["<no real documents>"]


def _extract(name: str) -> tuple[dict, dict]:
    doc = shared_path("real", "docs", name)
    truth = json.loads(shared_path("real", "truth", f"{doc.stem}.json").read_text(encoding="utf-8"))
    return extract_document(doc.read_bytes(), str(doc)).to_json_dict(), truth


@pytest.mark.parametrize("name", REAL)
def test_real_document_matches_truth_without_guessing(name):
    got, truth = _extract(name)
    assert got["status"] == "ok", got["reason"]
    for field in ("template", "report_year", "issuer", "published_on"):
        assert got[field] == truth[field], field
    want = {(c["table"], c["row"], c["col"]): c["value"] for c in truth["cells"]}
    have = {(c["table"], c["row"], c["col"]): c for c in got["cells"]}
    wrong = {
        k: (have[k]["value"] if k in have else "missing", v)
        for k, v in want.items()
        if k not in have or have[k]["value"] != v
    }
    assert not wrong, f"{len(wrong)} cells differ (got, truth): {dict(list(wrong.items())[:8])}"
    guessed = [k for k, c in have.items() if k not in want and c["value"] is not None]
    assert not guessed, f"values given for cells the document leaves undecided: {guessed[:8]}"
    assert sorted(got["violations"]) == sorted(truth["violations"])


def test_undecided_cells_are_marked_uncertain():
    """Glued digits that split several ways are null and uncertain, and relations skip them."""
    glued = next((n for n in REAL if n.startswith("glued")), None)
    if glued is None:
        pytest.skip("no glued-text document in ../shared/real/docs")
    got, truth = _extract(glued)
    want = {(c["table"], c["row"], c["col"]) for c in truth["cells"]}
    unsure = {(c["table"], c["row"], c["col"]) for c in got["cells"] if c["uncertain"]}
    assert unsure, "the glued document has ambiguous runs (898989, 3960181, …)"
    assert not unsure & want
    assert all(c["value"] is None for c in got["cells"] if c["uncertain"])
    # every cell the truth leaves out of a table it covers is either uncertain or truly blank
    tables = {k[0] for k in want}
    left_out = {(c["table"], c["row"], c["col"]) for c in got["cells"] if c["table"] in tables} - want
    assert left_out == unsure


def _running_headers(text: str) -> str:
    """A page number and the report's title atop each page, every 40 lines (pdftotext of a PDF
    whose pages carry a running header)."""
    lines, out = text.split("\n"), []
    title = next((line for line in lines if "报告" in line), lines[0])
    for i, line in enumerate(lines, 1):
        out.append(line)
        if i % 40 == 0:
            out += [f"- {i // 40} -", "", title]
    return "\n".join(out)


# Another scrape of the same report: what changes is the channel, never the numbers.
SCRAPES = {
    "traditional script": lambda t: __import__("opencc").OpenCC("s2t.json").convert(t),
    "CRLF line ends": lambda t: t.replace("\n", "\r\n"),
    "fullwidth digits": lambda t: t.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"}),
    "running headers": _running_headers,
    "no-break spaces": lambda t: t.replace(" ", "\u00a0"),
    "wide gaps between numbers": lambda t: __import__("re").sub(r"(?<=\d) (?=\d)", "   ", t),
}


@pytest.mark.parametrize("scrape", list(SCRAPES))
@pytest.mark.parametrize("name", REAL)
def test_another_scrape_of_a_real_document_reads_the_same(name, scrape):
    doc = shared_path("real", "docs", name)
    truth = json.loads(shared_path("real", "truth", f"{doc.stem}.json").read_text(encoding="utf-8"))
    text = SCRAPES[scrape](doc.read_text(encoding="utf-8"))
    got = extract_document(text.encode("gb18030"), str(doc)).to_json_dict()
    assert (got["template"], got["report_year"], got["issuer"]) == (
        truth["template"],
        truth["report_year"],
        truth["issuer"],
    )
    want = {(c["table"], c["row"], c["col"]): c["value"] for c in truth["cells"]}
    have = {(c["table"], c["row"], c["col"]): c["value"] for c in got["cells"]}
    assert {k: have.get(k) for k in want} == want
    assert not [k for k, v in have.items() if k not in want and v is not None]
