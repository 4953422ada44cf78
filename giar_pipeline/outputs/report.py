"""The data-quality report: one self-contained HTML file (inline SVG plots, inline CSS, no script,
no external resource), built from the queries of ``report.yaml``.

    build(conn) -> Report          html and what it holds
    write(warehouse, out) -> Report
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from ..warehouse import storage
from . import html, plots
from .warehouse import WarehouseError, read_only

SUMMARY_SQL = """SELECT count(*) AS documents,
       count(*) FILTER (WHERE status = 'ok') AS reports,
       count(*) FILTER (WHERE status <> 'ok') AS quarantined,
       (SELECT count(*) FROM report_cells) AS cells,
       (SELECT count(*) FROM report_cells WHERE uncertain) AS uncertain_cells,
       (SELECT count(*) FROM check_violations) AS violations
FROM reports"""


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    intro: str
    sql: str
    empty: str
    plot: dict | None = None
    relation: str | None = None


@dataclass
class Report:
    html: str
    sections: dict[str, int] = field(default_factory=dict)  # section id → rows its query returned
    plots: int = 0


@functools.cache
def sections() -> tuple[Section, ...]:
    doc = yaml.safe_load(resources.files(__package__).joinpath("report.yaml").read_text(encoding="utf-8"))
    return tuple(Section(**{k: v.strip() if isinstance(v, str) else v for k, v in s.items()}) for s in doc["sections"])


def _plot(section: Section, columns: list[str], rows: list[tuple]) -> str:
    p, col = section.plot, {c: i for i, c in enumerate(columns)}

    def values(name):
        return [r[col[name]] for r in rows]

    if p["kind"] == "bar":
        return plots.render("bar", section.id, x=values(p["x"]), y=values(p["y"]), xlabel=p["x"], ylabel=p["y"])
    if p["kind"] == "barh":
        parts = [p["label"]] if isinstance(p["label"], str) else p["label"]
        labels = [" ".join("" if v is None else str(v) for v in vs) for vs in zip(*map(values, parts))]
        return plots.render("barh", section.id, labels=labels, y=values(p["y"]), xlabel=p["y"], ylabel="")
    if p["kind"] == "stacked":
        xs = sorted(set(values(p["x"])), key=lambda v: (v is None, v))
        series = sorted({str(v) for v in values(p["series"])})
        grid = {s: [0.0] * len(xs) for s in series}
        for r in rows:
            grid[str(r[col[p["series"]]])][xs.index(r[col[p["x"]]])] += r[col[p["y"]]] or 0
        return plots.render(
            "stacked",
            section.id,
            x=["?" if v is None else v for v in xs],
            series=series,
            values=grid,
            xlabel=p["x"],
            ylabel=p["y"],
        )
    if p["kind"] == "heatmap":
        xs = sorted(set(values(p["x"])), key=lambda v: (v is None, v))
        ys = sorted(set(values(p["y"])))
        grid = [[0.0] * len(xs) for _ in ys]
        for r in rows:
            grid[ys.index(r[col[p["y"]]])][xs.index(r[col[p["x"]]])] += r[col[p["value"]]] or 0
        return plots.render(
            "heatmap",
            section.id,
            x=["?" if v is None else v for v in xs],
            y=ys,
            grid=grid,
            xlabel=p["x"],
            ylabel=p["y"],
        )
    raise ValueError(f"report.yaml section {section.id}: unknown plot kind {p['kind']!r}")


def build(conn, title: str = "giar data-quality report", source: str = "") -> Report:
    """Run every section's query on ``conn`` and lay the results out as one HTML page."""
    report = Report(html="")
    cur = conn.execute(SUMMARY_SQL)
    summary = html.summary("summary", [d[0] for d in cur.description], cur.fetchone(), SUMMARY_SQL)
    parts = []
    for s in sections():
        cur = conn.execute(s.sql)
        columns, rows = [d[0] for d in cur.description], cur.fetchall()
        report.sections[s.id] = len(rows)
        svg = _plot(s, columns, rows) if rows and s.plot else None
        report.plots += svg is not None
        parts.append((s.id, s.title, html.section(s, columns, rows, svg)))
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    report.html = html.page(title, f"{source} · built {stamp}" if source else f"built {stamp}", summary, parts)
    return report


def write(warehouse: str | Path, out: str | Path) -> Report:
    """Build the report of ``warehouse`` (opened read-only) into ``out``; the file is replaced whole."""
    with read_only(warehouse) as conn:
        report = build(conn, source=str(warehouse))
    storage.write_text(out, report.html)  # a reader never sees half a report
    return report


def main(args) -> int:
    try:
        built = write(args.warehouse, args.out)
    except WarehouseError as e:
        print(f"giar report: {e}", file=sys.stderr)
        return 2
    empty = [k for k, n in built.sections.items() if not n]
    print(
        f"giar report: {args.out} ({len(built.html.encode()):,} bytes, {built.plots} plots"
        + (f"; none found: {', '.join(empty)}" if empty else "")
        + ")",
        file=sys.stderr,
    )
    return 0
