"""The synthetic report generator: determinism, every layout and template, truth shape and relations."""
from __future__ import annotations

import argparse
import json
import re
import unicodedata

import pytest

from giar_pipeline.catalogue import load
from giar_pipeline.relations import check
from giar_pipeline.synth import LAYOUTS, generate_corpus, render_document
from giar_pipeline.synth.cli import main as synth_main

GENERATIONS = load().generations


def _values(truth: dict) -> dict:
    return {(c["table"], c["row"], c["col"]): c["value"] for c in truth["cells"]}


def test_same_seed_same_document():
    for seed in (0, 7, 123456):
        a, b = render_document(seed), render_document(seed)
        assert (a.name, a.data, a.truth) == (b.name, b.data, b.truth)
    assert render_document(1).data != render_document(2).data


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("gen", GENERATIONS)
def test_every_layout_and_template_renders(layout, gen):
    tpl = load().template(gen)
    for seed in range(4):
        doc = render_document(seed, layout=layout, template=gen)
        t = doc.truth
        assert doc.name.isascii() and doc.name.endswith(".html" if layout == "html" else ".txt")
        text = doc.data.decode(t["render"]["encoding"])
        assert t["template"] == gen and t["render"]["layout"] == layout
        assert [(c["table"], c["row"], c["col"]) for c in t["cells"]] == list(tpl.cells)
        assert t["violations"] == [v.name for v in check(tpl, _values(t))]
        if "traditional" not in t["render"]["noises"]:
            assert t["issuer"] in _plain(text)
        assert str(t["report_year"]) in text
        assert t["published_on"] is None or int(t["published_on"][:4]) == t["report_year"] + 1
        if layout == "html":
            declared = re.search(r'charset="?([\w-]+)', text).group(1)
            assert declared == t["render"]["encoding"].replace("utf-8-sig", "utf-8")
        if t["render"]["encoding"] == "big5":
            assert "traditional" in t["render"]["noises"]


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKC", re.sub(r"<[^>]+>", "", text))


def test_values_are_printed():
    """Every non-blank value can be found in the text (modulo separators and width)."""
    for seed in range(30):
        doc = render_document(seed, layout="tsv")
        text = unicodedata.normalize("NFKC", doc.data.decode(doc.truth["render"]["encoding"])).replace(",", "")
        fields = set(re.split(r"[\t\n]", text))
        for c in doc.truth["cells"]:
            if c["value"] is not None:
                # the number whole, perhaps followed by a unit (value_units): 1 must not match "12"
                printed = re.compile(re.escape(str(c["value"])) + r"[^\d.]*")
                assert any(printed.fullmatch(f) for f in fields), (seed, c)


def test_injected_inconsistencies_and_only_they_violate():
    seen = {True: 0, False: 0}
    for seed in range(150):
        t = render_document(seed).truth
        injected = "inconsistent" in t["render"]["noises"]
        seen[injected] += 1
        assert bool(t["violations"]) == injected, (seed, t["violations"])
    assert seen[True] and seen[False]


def test_blanks_and_omissions_become_null():
    nulls = 0
    for seed in range(60):
        t = render_document(seed).truth
        noises = t["render"]["noises"]
        if {"blank_cells", "blank_rows", "blank_columns", "missing_rows", "missing_columns"} & set(noises):
            assert any(c["value"] is None for c in t["cells"])
            nulls += 1
    assert nulls


def test_generate_corpus_writes_matching_stems(tmp_path):
    paths = generate_corpus(tmp_path, 12, seed=3, layouts=["html", "tsv", "pdf_text"])
    assert len({p.name for p in paths}) == 12
    truths = sorted(p.stem for p in (tmp_path / "truth").glob("*.json"))
    assert truths == sorted(p.stem for p in paths)
    first = json.loads((tmp_path / "truth" / f"{paths[0].stem}.json").read_text(encoding="utf-8"))
    assert first["render"]["layout"] == "html" and paths[0].suffix == ".html"
    assert paths[1].read_bytes() == render_document(3 * 1_000_003 + 1, layout="tsv").data


def test_cli_writes_corpus(tmp_path):
    args = argparse.Namespace(out=str(tmp_path / "c"), count=5, seed=1, layouts="markdown,whitespace", no_truth=True)
    assert synth_main(args) == 0
    assert len(list((tmp_path / "c").glob("*.txt"))) == 5
    assert not (tmp_path / "c" / "truth").exists()
    args.layouts = "nope"
    assert synth_main(args) == 2
