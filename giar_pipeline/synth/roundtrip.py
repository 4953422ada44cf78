"""Comparing an extraction with a synthetic document's truth (used by the round-trip tests and
``benchmarks/roundtrip_layouts.py``): exact means template, year, issuer, date, every cell's value
and uncertain flag, and the violations all agree."""

from __future__ import annotations

from collections import Counter

from ..extract import extract_document
from . import SyntheticDoc, render_document

META = ("template", "report_year", "issuer", "published_on")


def mismatches(doc: SyntheticDoc, got: dict) -> list[str]:
    """Every way ``got`` (a report's JSON dict) differs from ``doc``'s truth, in words."""
    truth = doc.truth
    if got.get("status") == "quarantined":
        return [f"quarantined: {got.get('reason')}"]
    out = [f"{k}: {got.get(k)!r} != {truth[k]!r}" for k in META if got.get(k) != truth[k]]
    have = {(c["table"], c["row"], c["col"]): c for c in got.get("cells", [])}
    for c in truth["cells"]:
        k = (c["table"], c["row"], c["col"])
        h = have.get(k, {})
        if h.get("value") != c["value"] or bool(h.get("uncertain")) != bool(c.get("uncertain")):
            out.append(f"{'/'.join(k)}: {_shown(h)} != {_shown(c)}")
    if got.get("violations") != truth["violations"]:
        out.append(f"violations {got.get('violations')} != {truth['violations']}")
    return out


def _shown(cell: dict) -> str:
    return "uncertain" if cell.get("uncertain") else repr(cell.get("value"))


def kind(problem: str) -> str:
    """A mismatch's family, for tallies: quarantined, metadata, lost / guessed / wrong cells …"""
    if problem.startswith("quarantined"):
        return problem[:60]
    if problem.startswith(META):
        return problem.split(":")[0] + " wrong"
    if problem.startswith("violations"):
        return "violations differ"
    got, want = problem.rsplit(": ", 1)[1].split(" != ")
    if want == "uncertain":
        return "null but not flagged uncertain" if got == "None" else "guessed (truth uncertain)"
    if got == "None":
        return "cell lost (null, truth has a value)"
    if want == "None":
        return "extra value (truth blank)"
    if got == "uncertain":
        return "uncertain, truth decided"
    return "wrong value"


def run(layout: str, seeds, template: str | None = None) -> tuple[int, Counter, dict]:
    """(exact documents, problem families counted once per document, one example per family)."""
    exact, kinds, examples = 0, Counter(), {}
    for seed in seeds:
        doc = render_document(seed, layout=layout, template=template)
        problems = mismatches(doc, extract_document(doc.data, doc.name).to_json_dict())
        exact += not problems
        for p in problems:
            k = kind(p)
            examples.setdefault(k, f"seed {seed} ({doc.truth['template']}): {p}")
        kinds.update({kind(p) for p in problems})
    return exact, kinds, examples
