"""The cross-report check (carry_over_chains) on the carry-over mart, and its ``check_violations`` rows.

The mart (dbt_like_sql/mart_carry_over.sql) has one row per issuer, year Y and
applications column: ``carried_over`` of year Y beside ``previous_carried_forward``
of year Y-1. Here it becomes one row per year-Y report, one difference column
per member, validated by the ``carry_over_chains`` suite with the eq blank rules.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from ..warehouse.transaction import retry_conflicts, transaction
from . import matrices, plan
from .suites import all_suites
from .validate import Finding, Outcome, empty_outcomes, run_suite

KEYS = ["report_id", "previous_report_id", "issuer", "report_year"]
LEFT, RIGHT = "carried_over", "previous_carried_forward"  # the mart's columns for year Y and year Y-1


def _wide(mart: pd.DataFrame, c: plan.CarryOver) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """One row per year-Y report: its keys, and a (report × column) matrix per side, NaN where blank or absent."""
    mart = pd.DataFrame(mart)
    row, ids = pd.factorize(mart["report_id"])
    col = pd.Index(c.cols).get_indexer(mart["col_code"])
    first = np.unique(row, return_index=True)[1]
    keys = {k: mart[k].to_numpy()[first] for k in KEYS}

    def side(name: str) -> np.ndarray:
        out = np.full((len(ids), len(c.cols)), np.nan)
        out[row[col >= 0], col[col >= 0]] = mart[name].to_numpy(dtype=np.float64, na_value=np.nan)[col >= 0]
        return out

    return keys, side(LEFT), side(RIGHT)


def check(mart: pd.DataFrame) -> list[Outcome]:
    """One outcome per cross-report relation; findings carry year Y's and year Y-1's values."""
    out = []
    for c in plan.carry_over():
        keys, left, right = _wide(mart, c)
        outcome = empty_outcomes(all_suites()[c.name])[c.name]
        members = {
            c.column(col): (col, matrices.sides("eq", left[:, [j]], right[:, [j]])) for j, col in enumerate(c.cols)
        }
        frame = pd.DataFrame(
            {
                "report_id": keys["report_id"],
                **{name: matrices.difference("eq", *sides) for name, (_, sides) in members.items()},
            }
        )
        if not frame.empty:
            for column, _meta, rows in run_suite(c.name, frame):
                col, (this_year, last_year, _) = members[column]
                rid, prev, issuer, year = (keys[k][rows].tolist() for k in KEYS)
                pairs = zip(this_year[rows].tolist(), last_year[rows].tolist())  # (left_value, right_value)
                outcome.findings += [
                    Finding(r, column, "error", c.name, col, *pair, detail=f"{i} {y} against {y - 1} (report {p})")
                    for r, pair, i, y, p in zip(rid, pairs, issuer, year, prev)
                ]
        out.append(outcome)
    return out


def violation_rows(outcomes: list[Outcome]) -> pa.Table:
    """check_violations rows (without the load columns) of the cross-report findings."""
    tables = {c.name: c.table for c in plan.carry_over()}
    rows = [
        {
            "report_id": f.report_id,
            "relation": f.relation,
            "member": f.member,
            "severity": f.severity,
            "left_value": f.left_value,
            "right_value": f.right_value,
            "table_code": tables[f.relation],
        }
        for o in outcomes
        for f in o.findings
    ]
    schema = pa.schema(
        [
            ("report_id", pa.string()),
            ("relation", pa.string()),
            ("member", pa.string()),
            ("severity", pa.string()),
            ("left_value", pa.float64()),
            ("right_value", pa.float64()),
            ("table_code", pa.string()),
        ]
    )
    return pa.Table.from_pylist(rows, schema=schema)


def replace_violations(conn, outcomes: list[Outcome]) -> int:
    """Make ``check_violations`` hold exactly these cross-report findings (one transaction); rows written.

    Each row takes the batch of its year-Y report, as the extractor's rows do. The caller holds the
    warehouse's writer lock (a DuckLake takes concurrent writers: a lost commit runs again)."""
    relations = [c.name for c in plan.carry_over()]
    conn.register("incoming_carry_over", violation_rows(outcomes))
    try:
        retry_conflicts(lambda: _replace(conn, relations))
    finally:
        conn.unregister("incoming_carry_over")
    return sum(len(o.findings) for o in outcomes)


def _replace(conn, relations: list[str]) -> None:
    with transaction(conn):
        conn.execute("DELETE FROM check_violations WHERE relation IN (SELECT unnest(?))", [relations])
        conn.execute("""INSERT INTO check_violations BY NAME
            SELECT v.*, r.batch, now() AS loaded_at
            FROM incoming_carry_over AS v JOIN reports AS r USING (report_id)""")
