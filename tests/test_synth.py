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


# -- the layouts of real scrapes ------------------------------------------------------------------

from giar_pipeline.synth import ALL_LAYOUTS, REAL_LAYOUTS  # noqa: E402
from giar_pipeline.synth.splits import UNDECIDED, decide  # noqa: E402


def _text(doc) -> str:
    return doc.data.decode(doc.truth["render"]["encoding"])


def _unsure(truth: dict) -> set:
    return {(c["table"], c["row"], c["col"]) for c in truth["cells"] if c.get("uncertain")}


def test_real_layouts_render_on_request_only():
    assert set(REAL_LAYOUTS) & set(LAYOUTS) == set() and set(ALL_LAYOUTS) == set(LAYOUTS) | set(REAL_LAYOUTS)
    assert {render_document(s).truth["render"]["layout"] for s in range(40)} <= set(LAYOUTS)


@pytest.mark.parametrize("layout", list(REAL_LAYOUTS))
@pytest.mark.parametrize("gen", GENERATIONS)
def test_real_layouts_render_deterministically_with_truth(layout, gen):
    tpl = load().template(gen)
    texts = set()
    for seed in range(5):
        doc = render_document(seed, layout=layout, template=gen)
        again = render_document(seed, layout=layout, template=gen)
        assert (doc.data, doc.truth) == (again.data, again.truth)
        t = doc.truth
        texts.add(doc.data)
        assert [(c["table"], c["row"], c["col"]) for c in t["cells"]] == list(tpl.cells)
        unsure = _unsure(t)
        assert all(c["value"] is None for c in t["cells"] if c.get("uncertain"))
        assert t["violations"] == [v.name for v in check(tpl, _values(t), unsure)]
        assert str(t["report_year"]) in _plain(_text(doc)).replace(" ", "")
        if layout != "glued_text":
            assert not unsure
    assert len(texts) == 5


# glued text


def _brute(text: str, n: int, members=(), money=(), signed=(), lend=False) -> list:
    """Every split by exhaustion (independent of splits.decide): cells' values, or UNDECIDED."""
    import itertools

    runs = [r for r in re.split(r"\s+", text) if r]
    if lend:
        variants = [
            runs[:-1] + ([runs[-1][:-k]] if runs[-1][:-k] else [])
            for k in (1, 2)
            if len(runs[-1]) >= k and runs[-1][-k:].isdigit() and runs[-1][-k] != "0"
        ]
    else:
        variants = [runs]

    def ok(s, k):
        if not re.fullmatch(r"-?(0|[1-9]\d*)(\.\d+)?", s) or ("." in s and k not in money):
            return False
        return not s.startswith("-") or (k in signed and s != "-0")

    def splits_of(variant):
        joined = "".join(variant)
        bounds = set(itertools.accumulate(len(r) for r in variant))
        inner = [i for i in range(1, len(joined)) if i not in bounds]
        for extra in itertools.combinations(inner, n - len(variant)):
            cuts = sorted(bounds | set(extra) | {0})
            cells = [joined[a:b] for a, b in zip(cuts, cuts[1:])]
            if len(cells) == n and all(c == "/" or ok(c, k) for k, c in enumerate(cells)):
                yield [None if c == "/" else (float(c) if "." in c else int(c)) for c in cells]

    def holds(vals, ms):
        return all(sum(vals[i] or 0 for i in left) == sum(vals[i] or 0 for i in right) for left, right in ms)

    every = [s for v in variants for s in splits_of(v)]
    good = [s for s in every if holds(s, members)] or every
    return [good[0][k] if len({s[k] for s in good}) == 1 else UNDECIDED for k in range(n)]


_APPLICANTS = [(range(6), [6])]
_REVIEW = [(range(0, 4), [4]), (range(5, 9), [9]), (range(10, 14), [14])]


@pytest.mark.parametrize(
    "text, n, kw, want",
    [
        ("230 000023", 7, {"members": _APPLICANTS}, [23, 0, 0, 0, 0, 0, 23]),
        ("70000072", 7, {"members": _APPLICANTS, "lend": True}, [7, 0, 0, 0, 0, 0, 7]),  # the 2 is 2.没有…
        ("000", 3, {}, [0, 0, 0]),
        ("898989", 3, {}, [UNDECIDED] * 3),
        ("0 0 0 0 0 00", 7, {"members": _APPLICANTS}, [0] * 7),
        ("000000000000000", 15, {"members": _REVIEW}, [0] * 15),
        ("3/0/2", 5, {}, [3, None, 0, None, 2]),
        ("39-1181", 3, {"signed": frozenset({1})}, [39, UNDECIDED, UNDECIDED]),
        ("13575394432.52", 2, {"money": frozenset({1})}, [UNDECIDED, UNDECIDED]),
        ("12.5", 2, {}, None),  # no decimal outside money columns, so no split at all
        ("51", 1, {"lend": True}, [5]),  # 51. can only be 5 then 1. (a label cannot start with a dot)
        ("231", 1, {"lend": True}, [UNDECIDED]),  # 23 | 1. or 2 | 31.
        ("01", 1, {"lend": True}, [0]),
        ("1100001", 7, {"members": _APPLICANTS}, [1, 1, 0, 0, 0, 0, 1]),  # breaks its sum: the one split stays
        ("1234", 7, {"members": _APPLICANTS}, None),
    ],
)
def test_split_enumerator_on_hand_made_rows(text, n, kw, want):
    if want is None:
        with pytest.raises(ValueError):
            decide(text, n, **kw)
        return
    got = decide(text, n, **kw)
    assert got == want
    assert got == _brute(text, n, **kw)


def test_split_enumerator_agrees_with_exhaustion_on_random_rows():
    import random

    rng = random.Random(5)
    for _ in range(300):
        vals = [rng.choice([0, 0, 1, 2, 5, 7, 12, 30, 105]) for _ in range(6)]
        vals.append(sum(vals) + (rng.random() < 0.15))  # now and then a row that breaks its sum
        text = "".join(str(v) + (" " if rng.random() < 0.1 else "") for v in vals).strip()
        lend = rng.random() < 0.3
        if lend:
            text += str(rng.randint(1, 8))
        assert decide(text, 7, members=_APPLICANTS, lend=lend) == _brute(text, 7, _APPLICANTS, lend=lend), text


def test_glued_text_runs_tables_together_and_marks_ambiguous_cells():
    bodies_single, unsure_docs, lent = 0, 0, 0
    for seed in range(40):
        doc = render_document(seed, layout="glued_text", template="v2019")
        text = _text(doc)
        lines = [x for x in text.split("\n") if x]
        assert lines[0].startswith("标题: ")
        table_lines = [x for x in lines if "第二十条" in _plain(x) or "第二十條" in x]
        assert len(table_lines) == 1  # the whole table stands on one line
        body_lines = [x for x in lines if not re.match(r"^\S{1,6}[:：]|^=+ ", x)]
        bodies_single += len(body_lines) == 1
        lent += bool(re.search(r"\d[.．、](?=[^\d\s])", _plain(table_lines[0])))
        unsure_docs += bool(_unsure(doc.truth))
    assert bodies_single > 10 and unsure_docs > 5 and lent > 10


def test_glued_text_truth_leaves_exactly_the_ambiguous_cells_undecided():
    from giar_pipeline.synth.document import render_document as rd

    checked = 0
    for seed in range(60):
        doc = rd(seed, layout="glued_text", template="v2021")
        t = doc.truth
        if "busy" not in t["render"]["noises"]:
            continue
        text = _plain(_text(doc))
        m = re.search(r"一、本年新收政府信息公开申请数量([\d /]+?)(?=二、)", text)
        if not m or "traditional" in t["render"]["noises"]:
            continue
        row = [c for c in t["cells"] if c["row"] == "new_received"]
        want = [UNDECIDED if c.get("uncertain") else c["value"] for c in row]
        assert _brute(m.group(1), 7, _APPLICANTS) == want, (seed, m.group(1))
        checked += 1
    assert checked >= 3


# loose PDF rows, converter markdown, grid exports


def test_pdf_loose_detaches_values_and_prints_group_labels_vertically():
    vertical = detached = footers = 0
    for seed in range(30):
        text = _plain(_text(render_document(seed, layout="pdf_loose", template="v2021")))
        lines = text.split("\n")
        vertical += sum(1 for x in lines if re.fullmatch(r"[\u4e00-\u9fff、]", x)) >= 3
        detached += any(
            re.fullmatch(r"[\d\s/—-]+", a)
            and len(a.split()) == 7
            and re.search(r"[\u4e00-\u9fff]", b)
            and not re.search(r"\d\s\d", b)
            for a, b in zip(lines, lines[1:])
        )
        footers += bool(re.search(r"^(- \d+ -|第 ?\d+ ?页.*|— \d+ —)$", text, re.M))
    assert vertical > 10 and detached > 10 and footers > 20


def test_converter_markdown_breaks_tables_and_orphans_rows():
    orphans = multi = lead_cells = plain_blocks = 0
    for seed in range(30):
        text = _plain(_text(render_document(seed, layout="converter_markdown", template="v2021")))
        orphans += bool(re.search(r"^\|( \d+ \|){7}\n\|(---\|){7}$", text, re.M))
        multi += text.count("|---") > 4
        lead_cells += bool(re.search(r"^\| 三、 \| ", text, re.M))
        plain_blocks += bool(re.search(r"^行政许可 \d+$", text, re.M))
    assert orphans > 3 and multi > 20 and lead_cells > 3 and plain_blocks > 5


def test_grid_export_keeps_padding_and_drops_covered_cells():
    variants = set()
    for seed in range(30):
        doc = render_document(seed, layout="grid_export", template="v2021")
        variants |= {n for n in doc.truth["render"]["noises"] if n.startswith("grid_")}
        text = _text(doc)
        sep = "\t" if "grid_tsv" in doc.truth["render"]["noises"] else "|"
        rows = [x for x in text.split("\n") if x.count(sep) >= 6]
        assert len({x.count(sep) for x in rows}) >= 3  # rows of different cell counts
    assert variants == {"grid_pipes", "grid_markdown", "grid_tsv"}


def test_cli_renders_real_layouts(tmp_path):
    args = argparse.Namespace(out=str(tmp_path / "r"), count=4, seed=2, layouts="real", no_truth=False)
    assert synth_main(args) == 0
    truths = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((tmp_path / "r" / "truth").glob("*.json"))]
    assert [t["render"]["layout"] for t in truths] == list(REAL_LAYOUTS)


def _value_rows(text: str, layout: str, width: int) -> list[list]:
    """Rows of `width` trailing values, in document order (a blank marker or empty cell as None)."""
    out = []
    for line in text.split("\n"):
        if layout == "converter_markdown":
            if not line.startswith("|") or "---" in line:
                continue
            toks = [t.strip() for t in line.strip().strip("|").split("|")]
        else:
            toks = line.split()
        tail = toks[-width:]
        numeric = [t for t in tail if re.fullmatch(r"\d+", t)]
        if (
            len(toks) >= width
            and numeric
            and all(re.fullmatch(r"\d+|[-/—]*", t) for t in tail)
            and not (len(toks) > width and re.fullmatch(r"\d+", toks[-width - 1]))
        ):
            out.append([int(t) if t.isdigit() else None for t in tail])
    return out


@pytest.mark.parametrize("layout", ["pdf_loose", "converter_markdown"])
def test_loose_value_rows_keep_their_rows_order(layout):
    """However far values stray from their labels, the rows' values come in the table's order."""
    tpl = load().template("v2021")
    table = tpl.table("applications")
    checked = 0
    for seed in range(40):
        doc = render_document(seed, layout=layout, template="v2021")
        if set(doc.truth["render"]["noises"]) & {
            "value_units",
            "thousands",
            "fullwidth_digits",
            "missing_rows",
            "missing_columns",
            "blank_rows",
            "traditional",
        }:
            continue
        values = _values(doc.truth)
        want = [[values[("applications", r.code, c.code)] for c in table.cols] for r in table.rows]
        assert _value_rows(_plain(_text(doc)), layout, len(table.cols)) == want, seed
        checked += 1
    assert checked >= 5
