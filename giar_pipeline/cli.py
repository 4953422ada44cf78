"""The `giar` command. Subcommands import their module lazily so `giar extract`
never pays for Dagster or Great Expectations start-up."""

from __future__ import annotations

import argparse
import importlib
import sys


def _lazy(target: str):
    module, func = target.split(":")
    return lambda args: getattr(importlib.import_module(module), func)(args)


def _limit_args(p: argparse.ArgumentParser) -> None:
    # defaults as giar_pipeline.extract.limits (not imported here: it loads the whole extractor)
    p.add_argument(
        "--time-limit",
        type=float,
        default=10.0,
        metavar="S",
        help="seconds per document before it is quarantined (default 10; 0 = none)",
    )
    p.add_argument(
        "--size-limit-mb",
        type=float,
        default=20.0,
        metavar="MB",
        help="largest document read, in MB; larger ones are quarantined (default 20; 0 = none)",
    )


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="giar", description="Government information disclosure annual reports pipeline.")
    sub = p.add_subparsers(dest="command", required=True)

    e = sub.add_parser("extract", help="extract template, metadata, cells and violations as JSON lines")
    e.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (searched recursively)")
    e.add_argument("--jsonl", action="store_true", help="one JSON object per line (the default; kept for scripts)")
    e.add_argument("--jobs", type=int, default=0, help="worker processes (default: all cores; 1 = in-process)")
    e.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    _limit_args(e)
    e.set_defaults(func=_lazy("giar_pipeline.extract.cli:main"))

    s = sub.add_parser("synth", help="render synthetic reports with known truth from the catalogue")
    s.add_argument("out", help="output folder (documents; truth JSON goes to OUT/truth)")
    s.add_argument("-n", "--count", type=int, default=200, help="number of documents")
    s.add_argument("--seed", type=int, default=0, help="random seed (same seed, same corpus)")
    s.add_argument("--layouts", default="all", help="comma-separated layout names, or 'all'")
    s.add_argument("--no-truth", action="store_true", help="do not write truth files")
    s.set_defaults(func=_lazy("giar_pipeline.synth.cli:main"))

    r = sub.add_parser("run", help="materialize the whole Dagster asset graph on a landing folder")
    r.add_argument("landing", metavar="LANDING_DIR")
    r.add_argument("--warehouse", default="giar.duckdb", help="DuckDB file (default: giar.duckdb)")
    r.add_argument("--checks-json", default=None, metavar="FILE", help="write every asset check evaluation as JSON")
    r.add_argument(
        "--jobs", type=int, default=0, help="worker processes per staging step (default: all cores; 1 = in-process)"
    )
    # default as giar_pipeline.warehouse.landing.MAX_BATCH_DOCUMENTS (not imported here: it loads DuckDB)
    r.add_argument(
        "--batch-documents",
        type=int,
        default=5000,
        metavar="N",
        help="new documents per batch (partition) a sweep makes; more make several batches (default 5000; 0 = one)",
    )
    _limit_args(r)
    r.set_defaults(func=_lazy("giar_pipeline.runner:main"))

    wh = dict(default="giar.duckdb", help="DuckDB file, opened read-only (default: giar.duckdb)")
    rp = sub.add_parser("report", help="the data-quality report as one self-contained HTML file")
    rp.add_argument("--warehouse", **wh)
    rp.add_argument("--out", default="report.html", help="HTML file to write (default: report.html)")
    rp.set_defaults(func=_lazy("giar_pipeline.outputs.report:main"))

    ex = sub.add_parser("export", help="contract tables and marts as Parquet, CSV or XLSX files")
    ex.add_argument("--warehouse", **wh)
    ex.add_argument("--format", required=True, choices=("parquet", "csv", "xlsx"))
    ex.add_argument("--out", required=True, metavar="DIR", help="folder for one file per table and manifest.json")
    ex.set_defaults(func=_lazy("giar_pipeline.outputs.export:main"))

    q = sub.add_parser("sql", help="run one query on the warehouse (read-only) and print an aligned table")
    q.add_argument("query", metavar="SQL")
    q.add_argument("--warehouse", **wh)
    q.add_argument("--max-rows", type=int, default=200, help="rows to print (default 200)")
    q.set_defaults(func=_lazy("giar_pipeline.outputs.sql:main"))

    c = sub.add_parser("catalogue", help="templates, tables, rows, columns and relations with their Chinese labels")
    c.add_argument("--markdown", action="store_true", help="markdown, as in README's data dictionary")
    c.add_argument("--readme", metavar="FILE", help="rewrite FILE's <!-- catalogue:begin/end --> block instead")
    c.set_defaults(func=_lazy("giar_pipeline.outputs.catalogue_doc:main"))

    x = sub.add_parser("expectations", help="Great Expectations suites generated from the catalogue")
    xs = x.add_subparsers(dest="action", required=True)
    xb = xs.add_parser("build", help="write one GX suite per table into a folder")
    xb.add_argument("--out", default="expectations", help="folder (default: expectations)")
    xb.add_argument("--check", action="store_true", help="exit 1 if the folder differs from what would be written")
    xb.set_defaults(func=_lazy("giar_pipeline.quality.cli:build"))
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
