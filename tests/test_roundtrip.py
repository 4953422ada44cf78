"""Extraction gives back exactly what the generator rendered, on thousands of documents.

Every layout, encoding and noise of giar_pipeline.synth, all three generations; a
mismatch is reported with its seed so `render_document(seed)` reproduces it.
"""
from __future__ import annotations

import pytest

from giar_pipeline.catalogue import load
from giar_pipeline.extract import extract_document
from giar_pipeline.normalize import decode
from giar_pipeline.synth import LAYOUTS, render_document

N_DOCUMENTS = 2000


def _mismatches(seed: int, **kw) -> list[str]:
    doc = render_document(seed, **kw)
    truth = doc.truth
    got = extract_document(doc.data, doc.name).to_json_dict()
    out = [f"{k}: {got[k]!r} != {truth[k]!r}" for k in ("template", "report_year", "issuer", "published_on")
           if got[k] != truth[k]]
    want = {(c["table"], c["row"], c["col"]): c["value"] for c in truth["cells"]}
    have = {(c["table"], c["row"], c["col"]): c["value"] for c in got["cells"]}
    out += [f"{k}: {have.get(k)!r} != {v!r}" for k, v in want.items() if have.get(k) != v][:3]
    if set(have) != set(want):
        out.append("cell keys differ from the template's")
    if got["violations"] != truth["violations"]:
        out.append(f"violations {got['violations']} != {truth['violations']}")
    lines = decode(doc.data)[0].replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out += [f"{c['row']}/{c['col']}: raw {c['raw']!r} is not on line {c['line']}" for c in got["cells"]
            if c["value"] is not None and not (c["line"] and c["raw"] and c["raw"] in lines[c["line"] - 1])][:3]
    return [f"seed {seed} ({truth['render']['layout']}, {','.join(truth['render']['noises'])}): {m}" for m in out]


def test_thousands_of_generated_documents_extract_exactly():
    failures = [m for seed in range(N_DOCUMENTS) for m in _mismatches(seed)]
    assert not failures, f"{len(failures)} mismatches, first ones:\n" + "\n".join(failures[:15])


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("template", sorted(load().templates))
def test_every_layout_and_template(layout, template):
    failures = [m for seed in range(10_000, 10_012) for m in _mismatches(seed, layout=layout, template=template)]
    assert not failures, "\n".join(failures[:10])
