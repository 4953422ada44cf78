"""Extraction gives back exactly what the generator rendered, on thousands of documents.

Every layout, encoding and noise of giar_pipeline.synth, all three generations; a
mismatch is reported with its seed so `render_document(seed)` reproduces it.

The violations are also compared with a minimal evaluator written here from the reference spec
(../shared/spec/templates.yaml), not from the package's catalogue or ``relations.check``: the
generator's truth is computed by ``relations.check`` too, so a bug there would agree with itself.
"""

from __future__ import annotations

import fnmatch
import functools

import pytest
import yaml

from giar_pipeline.catalogue import load
from giar_pipeline.extract import extract_document
from giar_pipeline.normalize import decode
from giar_pipeline.synth import LAYOUTS, render_document

from . import conftest

N_DOCUMENTS = 3000


@functools.cache
def _reference_relations() -> dict[str, list[dict]] | None:
    """The spec's relations by table; None without ../shared (then only the test below is affected:
    it skips, or fails under CI=true, so the comparison never goes missing unseen)."""
    path = conftest.SHARED / "spec" / "templates.yaml"
    if not path.exists():
        return None
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {table: t.get("relations", []) for table, t in spec["tables"].items()}


def _codes(patterns: list[str], axis: list[str]) -> list[str]:
    return [x for pattern in patterns for x in axis if fnmatch.fnmatchcase(x, pattern)]


def reference_violations(cells: list[dict]) -> set[str]:
    """Violation names by the spec's own words: ``eq`` blanks count 0 and a member is skipped when all
    its cells are blank; ``le`` is skipped when either side is all blank; a member touching an
    uncertain cell is not evaluated. Codes ending in ``*`` stand for every code with that prefix."""
    value = {(c["table"], c["row"], c["col"]): c["value"] for c in cells}
    unsure = {(c["table"], c["row"], c["col"]) for c in cells if c.get("uncertain")}
    out = set()
    for table, relations in (_reference_relations() or {}).items():
        rows = list(dict.fromkeys(r for t, r, _ in value if t == table))
        cols = list(dict.fromkeys(c for t, _, c in value if t == table))
        if not rows:
            continue
        for rel in relations:
            op = "eq" if "eq" in rel else "le"
            sides = rel[op]  # [left patterns, right patterns]
            if rel.get("for_each_col"):
                members = {c: [[(table, r, c) for r in _codes(p, rows)] for p in sides] for c in cols}
            elif rel.get("for_each_row"):
                members = {r: [[(table, r, c) for c in _codes(p, cols)] for p in sides] for r in rows}
            elif _codes(sides[0], rows):  # codes are the rows of a one-column table
                members = {None: [[(table, r, cols[0]) for r in _codes(p, rows)] for p in sides]}
            else:  # codes are the columns of a one-row table
                members = {None: [[(table, rows[0], c) for c in _codes(p, cols)] for p in sides]}
            for member, (left, right) in members.items():
                lv, rv = [value.get(k) for k in left], [value.get(k) for k in right]
                blank_l, blank_r = all(v is None for v in lv), all(v is None for v in rv)
                if unsure & {*left, *right} or (blank_l and blank_r if op == "eq" else blank_l or blank_r):
                    continue
                ls, rs = sum(v or 0 for v in lv), sum(v or 0 for v in rv)
                if (abs(ls - rs) > 1e-6) if op == "eq" else (ls > rs + 1e-6):
                    out.add(f"{rel['name']}[{member}]" if member else rel["name"])
    return out


def _mismatches(seed: int, **kw) -> list[str]:
    doc = render_document(seed, **kw)
    truth = doc.truth
    got = extract_document(doc.data, doc.name).to_json_dict()
    out = [
        f"{k}: {got[k]!r} != {truth[k]!r}"
        for k in ("template", "report_year", "issuer", "published_on")
        if got[k] != truth[k]
    ]
    want = {(c["table"], c["row"], c["col"]): c["value"] for c in truth["cells"]}
    have = {(c["table"], c["row"], c["col"]): c["value"] for c in got["cells"]}
    out += [f"{k}: {have.get(k)!r} != {v!r}" for k, v in want.items() if have.get(k) != v][:3]
    if set(have) != set(want):
        out.append("cell keys differ from the template's")
    if got["violations"] != truth["violations"]:
        out.append(f"violations {got['violations']} != {truth['violations']}")
    if _reference_relations() is not None and set(got["violations"]) != (
        independent := reference_violations(truth["cells"])
    ):
        out.append(f"violations {sorted(got['violations'])} != {sorted(independent)} by the reference spec")
    lines = decode(doc.data)[0].replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out += [
        f"{c['row']}/{c['col']}: raw {c['raw']!r} is not on line {c['line']}"
        for c in got["cells"]
        if c["value"] is not None and not (c["line"] and c["raw"] and c["raw"] in lines[c["line"] - 1])
    ][:3]
    return [f"seed {seed} ({truth['render']['layout']}, {','.join(truth['render']['noises'])}): {m}" for m in out]


def test_the_reference_evaluator_sees_exactly_the_injected_inconsistencies():
    conftest.shared_path("spec", "templates.yaml")  # skips without ../shared, fails under CI=true
    for seed in range(150):
        truth = render_document(seed).truth
        assert bool(reference_violations(truth["cells"])) == ("inconsistent" in truth["render"]["noises"]), seed


def test_thousands_of_generated_documents_extract_exactly():
    failures = [m for seed in range(N_DOCUMENTS) for m in _mismatches(seed)]
    assert not failures, f"{len(failures)} mismatches, first ones:\n" + "\n".join(failures[:15])


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("template", sorted(load().templates))
def test_every_layout_and_template(layout, template):
    failures = [m for seed in range(10_000, 10_012) for m in _mismatches(seed, layout=layout, template=template)]
    assert not failures, "\n".join(failures[:10])
