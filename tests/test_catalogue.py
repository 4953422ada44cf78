"""The project's catalogue agrees with the reference spec (../shared/spec/templates.yaml)."""

from __future__ import annotations

import yaml

from giar_pipeline.catalogue import load
from giar_pipeline.extract.labels import slot_index
from giar_pipeline.normalize import clean, key

from .conftest import shared_path


def _reference() -> dict:
    return yaml.safe_load(shared_path("spec", "templates.yaml").read_text(encoding="utf-8"))


def _rejoin(labels: list[str]) -> list[str]:
    """The reference lists labels in YAML flow style, which splits an unquoted label at its commas."""
    out: list[str] = []
    for label in labels:
        if out and out[-1].count("(") > out[-1].count(")"):
            out[-1] += "," + label
        else:
            out.append(label)
    return out


def _ref_cols(spec: dict, gen: str) -> set[str]:
    if "blocks" not in spec:
        return set(spec["cols"])
    return {c for b in spec["blocks"] for c in b["cols"].get(gen, {})}


def test_generations_and_tables_agree():
    ref, cat = _reference(), load()
    assert list(cat.generations) == ref["generations"]
    for gen, tpl in cat.templates.items():
        expected = [t for t, spec in ref["tables"].items() if gen in spec["generations"]]
        assert [t.code for t in tpl.tables] == expected


def test_row_and_column_codes_agree():
    ref, cat = _reference(), load()
    for code, spec in ref["tables"].items():
        ref_rows = [r for b in spec.get("blocks", [spec]) for r in b["rows"]]
        views = cat.tables()[code]
        ours = []
        for v in views:
            ours += [r.code for r in v.rows if r.code not in ours]
        assert sorted(ours) == sorted(ref_rows), code
        for gen, view in zip([g for g in cat.generations if g in spec["generations"]], views):
            assert {c.code for c in view.cols} == _ref_cols(spec, gen), (code, gen)


def test_relations_agree():
    ref, cat = _reference(), load()
    for code, spec in ref["tables"].items():
        ref_rel = [
            (
                r["name"],
                "eq" if "eq" in r else "le",
                r.get("eq", r.get("le")),
                "col" if r.get("for_each_col") else "row" if r.get("for_each_row") else None,
            )
            for r in spec.get("relations", [])
        ]
        for view_gen in spec["generations"]:
            ours = [
                (r.name, r.op, [list(r.left), list(r.right)], r.for_each)
                for r in cat.template(view_gen).relations
                if r.table == code
            ]
            assert ours == ref_rel, (code, view_gen)
    assert [r["name"] for r in ref["cross_report_relations"]] == [r["name"] for r in cat.cross_report]


def test_every_reference_label_reads_as_its_row():
    """Each spelling the spec lists, normalized, is an exact key of its own row (or of its block)."""
    ref, cat = _reference(), load()
    for gen in cat.generations:
        idx = slot_index(cat.template(gen))
        for code, spec in ref["tables"].items():
            if gen not in spec["generations"]:
                continue
            rows_here = {r.code for r in cat.template(gen).table(code).rows}
            for block in spec.get("blocks", [spec]):
                for row, labels in block["rows"].items():
                    if row not in rows_here:  # another generation's row (the spec says which in a comment)
                        continue
                    slots = [s for s in idx.slots if s.table.code == code and s.row.code == row]
                    assert slots, (gen, code, row)
                    for label in _rejoin(labels):
                        k = key(clean(label))
                        for s in slots:
                            assert k in s.keys or idx.suffix(k) and s.index in idx.suffix(k), (gen, row, label)


def test_relation_members_reference_existing_cells():
    for tpl in load().templates.values():
        cells = set(tpl.cells)
        for m in tpl.members:
            assert m.left and m.right, m.name
            assert set(m.left) <= cells and set(m.right) <= cells, m.name
