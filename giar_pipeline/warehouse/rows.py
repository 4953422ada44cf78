"""Reports → the Arrow tables the warehouse loads (one per table of :data:`schema.EXTRACTED`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pyarrow as pa

from ..catalogue import load as load_catalogue
from ..model import Report
from ..quality.integrity import cell_findings
from .schema import CHECK_VIOLATIONS, REPORT_CELLS, REPORT_STATEMENTS, REPORTS


def report_id(sha256: str) -> str:
    return sha256[:16]


def _date(iso: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(iso) if iso else None
    except ValueError:  # an impossible date the extractor let through is a blank, not a crash
        return None


def _relation_tables() -> dict[str, str]:
    return {rel.name: rel.table for tpl in load_catalogue().templates.values() for rel in tpl.relations}


def to_tables(reports: Iterable[Report]) -> dict[str, pa.Table]:
    """Rows of ``reports``, ``report_cells``, ``check_violations`` (relations and the catalogue's
    per-cell integrity rules) and ``report_statements`` for these reports."""
    tables = _relation_tables()
    rep, cells, viol, said = [], [], [], []
    for r in reports:
        rid = report_id(r.sha256)
        rep.append(
            (
                rid,
                r.source,
                r.sha256,
                r.status,
                r.reason,
                r.template,
                r.report_year,
                r.issuer,
                _date(r.published_on),
                r.replaced_bytes,
            )
        )
        cells += [
            (rid, c.table, c.row, c.col, None if c.value is None else float(c.value), c.raw, c.line, c.uncertain)
            for c in r.cells
        ]
        viol += [
            (rid, v.relation, v.member, v.severity, v.left_value, v.right_value, tables.get(v.relation))
            for v in r.violations
        ]
        said += [
            (
                rid,
                i,
                s.kind,
                s.table,
                s.member,
                [f"{row}|{col}" for _, row, col in s.cells],
                float(s.value),
                s.raw,
                s.line,
            )
            for i, s in enumerate(r.statements, start=1)
        ]
        viol += [
            (rid, rule, member, sev, value, allowed, table)  # a bad cell value: a finding, never a block
            for rule, sev, table, member, value, allowed in cell_findings(r)
        ]
    return {
        t.name: _table(rows, t.arrow_schema)
        for t, rows in ((REPORTS, rep), (REPORT_CELLS, cells), (CHECK_VIOLATIONS, viol), (REPORT_STATEMENTS, said))
    }


def _table(rows: list[tuple], schema: pa.Schema) -> pa.Table:
    columns = list(zip(*rows)) if rows else [[] for _ in schema]
    return pa.table([pa.array(col, type=f.type) for col, f in zip(columns, schema)], schema=schema)
