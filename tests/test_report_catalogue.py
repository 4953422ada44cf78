"""`giar catalogue`: every template, table, row, column and relation with its Chinese label, aligned;
README's data dictionary is exactly what `giar catalogue --markdown` prints."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from giar_pipeline.catalogue import load
from giar_pipeline.outputs import catalogue_doc
from giar_pipeline.outputs.text import width

ROOT = Path(__file__).resolve().parents[1]
GIAR = [sys.executable, "-m", "giar_pipeline.cli", "catalogue"]


def test_readme_data_dictionary_is_current():
    printed = subprocess.run([*GIAR, "--markdown"], capture_output=True, text=True, timeout=60, check=True).stdout
    block = catalogue_doc.readme_block((ROOT / "README.md").read_text(encoding="utf-8"))
    assert block == printed.strip("\n"), "README is stale: run `make readme` (giar catalogue --readme README.md)"


def test_text_lists_every_row_column_and_relation_with_its_label_aligned():
    out = subprocess.run(GIAR, capture_output=True, text=True, timeout=60, check=True).stdout
    parts = {chunk.split("\n", 1)[0]: chunk.split("\n")[2:] for chunk in out.split("\n\n")}
    for tpl in load().templates.values():
        assert any(line.startswith(tpl.code) for line in parts["== Templates"])
        for table in tpl.tables:
            rows = next(lines for title, lines in parts.items() if f"`{table.code}`" in title and "rows" in title)
            for r in table.rows:
                (line,) = [ln for ln in rows if ln.split()[0] == r.code]
                if r.labels:
                    assert r.labels[0] in line and tpl.code in line
            # labels start at one display column, whatever mix of Chinese and ASCII precedes them
            starts = {
                width(ln[: ln.index(r.labels[0])])
                for r in table.rows
                if r.labels
                for ln in rows
                if ln.split()[0] == r.code
            }
            assert len(starts) == (1 if any(r.labels for r in table.rows) else 0), (table.code, starts)
            cols = next(lines for title, lines in parts.items() if f"`{table.code}`" in title and "columns" in title)
            assert {c.code for c in table.cols} <= {ln.split()[0] for ln in cols}
            relations = next(lines for t, lines in parts.items() if f"`{table.code}`" in t and "relations" in t)
            assert {r.name for r in tpl.relations if r.table == table.code} <= {ln.split()[0] for ln in relations}


def test_readme_option_rewrites_only_the_marked_block(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n\nbefore\n{catalogue_doc.BEGIN}\nstale\n{catalogue_doc.END}\nafter\n", encoding="utf-8")
    first = subprocess.run([*GIAR, "--readme", str(readme)], capture_output=True, text=True, timeout=60)
    again = subprocess.run([*GIAR, "--readme", str(readme)], capture_output=True, text=True, timeout=60)
    text = readme.read_text(encoding="utf-8")
    assert "rewritten" in first.stderr and "already current" in again.stderr
    assert text.startswith("# x\n\nbefore\n") and text.endswith(f"{catalogue_doc.END}\nafter\n") and "stale" not in text
    assert catalogue_doc.readme_block(text) == catalogue_doc.markdown()
    missing = subprocess.run([*GIAR, "--readme", str(tmp_path / "none.md")], capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2 and "none.md" in missing.stderr
