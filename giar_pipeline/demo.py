"""`make demo`: a generated corpus through the whole pipeline, then a short tour of the warehouse.

    python -m giar_pipeline.demo [DEMO_DIR] [-n COUNT]

DEMO_DIR/landing gets COUNT synthetic reports plus two files that cannot be
reports (to show quarantine); DEMO_DIR/giar.duckdb is rebuilt from scratch.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import dagster as dg
import duckdb

from . import runner
from .synth import generate_corpus, render_document

EXAMPLE = """SELECT issuer, report_year, templates, applications_received, error_violations
FROM mart_issuer_year
ORDER BY applications_received DESC NULLS LAST, issuer
LIMIT 5"""

SECTIONS = {
    "reports by status and template": "SELECT status, template, count(*) AS reports FROM reports "
    "GROUP BY ALL ORDER BY ALL",
    "quarantined": "SELECT source_path, reason FROM reports WHERE status <> 'ok' ORDER BY source_path",
    "violations by relation": "SELECT relation, severity, count(*) AS violations FROM check_violations "
    "GROUP BY ALL ORDER BY violations DESC, relation LIMIT 10",
    "carry-over chain (year Y carried_over vs year Y-1 carried_forward)": "SELECT issuer, report_year, col_code, "
    "carried_over, previous_carried_forward, difference FROM mart_carry_over "
    "ORDER BY issuer, report_year, col_code LIMIT 8",
    f"example query:\n{EXAMPLE}": EXAMPLE,
}


SERIES_ISSUER = "示范县人民政府"  # one body's consecutive years, so carry_over_chains has a chain to check


def build_landing(landing: Path, n: int) -> None:
    generate_corpus(landing, n, seed=0, write_truth=False)
    for year in (2022, 2023, 2024):
        doc = render_document(year, template="v2021", issuer=SERIES_ISSUER, year=year)
        (landing / f"series_{year}_{doc.name}").write_bytes(doc.data)
    (landing / "scrape-error.bin").write_bytes(bytes(range(256)) * 4)
    (landing / "not-a-report.html").write_text("<html><body><p>页面不存在</p></body></html>", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m giar_pipeline.demo", description=__doc__.splitlines()[0])
    ap.add_argument("demo_dir", nargs="?", default="data/demo")
    ap.add_argument("-n", type=int, default=200, help="generated reports (default 200)")
    a = ap.parse_args(argv)
    root = Path(a.demo_dir)
    landing, warehouse = root / "landing", root / "giar.duckdb"
    shutil.rmtree(landing, ignore_errors=True)
    for p in root.glob("giar.duckdb*"):
        p.unlink()
    build_landing(landing, a.n)
    print(f"demo: {a.n + 2} documents in {landing}", file=sys.stderr)
    # a fresh in-memory instance: a rebuilt demo must not inherit partitions of a previous one
    rc = runner.run(landing, warehouse, root / "checks.json", instance=dg.DagsterInstance.ephemeral())
    if rc:
        return rc
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        for title, sql in SECTIONS.items():
            print(f"\n== {title}")
            conn.sql(sql).show(max_width=160)
    print(
        f"\nwarehouse: {warehouse}   asset checks: {root / 'checks.json'}   report: {root / 'quality_report.html'}\n"
        f"browse it: make ui   (or query it from Python: duckdb.connect('{warehouse}').sql('FROM mart_issuer_year'))"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
