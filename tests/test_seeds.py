"""The five real scraped reports give exactly their hand-checked truth."""

from __future__ import annotations

import json

import pytest

from giar_pipeline.extract import extract_document

from .conftest import SHARED, shared_path

SEED_STEMS = sorted(p.stem for p in (SHARED / "seeds").glob("*.txt")) or ["<no seeds>"]


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_seed_matches_truth(stem):
    doc = shared_path("seeds", f"{stem}.txt")
    truth = json.loads(shared_path("seeds", "truth", f"{stem}.json").read_text(encoding="utf-8"))
    got = extract_document(doc.read_bytes(), str(doc)).to_json_dict()
    assert got["status"] == "ok"
    for field in ("template", "report_year", "issuer", "published_on"):
        assert got[field] == truth[field], field
    assert [(c["table"], c["row"], c["col"], c["value"]) for c in got["cells"]] == [
        (c["table"], c["row"], c["col"], c["value"]) for c in truth["cells"]
    ]
    assert got["violations"] == truth["violations"]


def test_seed_cells_point_at_their_source_lines():
    doc = shared_path("seeds", f"{SEED_STEMS[0]}.txt")
    got = extract_document(doc.read_bytes(), str(doc)).to_json_dict()
    lines = doc.read_text(encoding="utf-8").split("\n")
    read = [c for c in got["cells"] if c["value"] is not None]
    assert read
    for c in read:
        assert c["raw"] and c["raw"].strip(" |") in lines[c["line"] - 1], c
