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

from . import frames as F
from . import plan as P
from .suites import all_suites
from .validate import Finding, Outcome, empty_outcomes, run_suite

KEYS = ["report_id", "previous_report_id", "issuer", "report_year"]
LEFT, RIGHT = "carried_over", "previous_carried_forward"  # the mart's columns for year Y and year Y-1


def _wide(mart: pd.DataFrame, c: P.CarryOver) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    wide = pd.DataFrame(mart).pivot(index=KEYS, columns="col_code", values=[LEFT, RIGHT])

    def side(name: str) -> np.ndarray:  # a column absent from the mart is blank on both sides
        return wide.reindex(columns=pd.MultiIndex.from_product([[name], c.cols])).to_numpy(dtype=np.float64)

    return wide.index.to_frame(index=False), side(LEFT), side(RIGHT)


def check(mart: pd.DataFrame) -> list[Outcome]:
    """One outcome per cross-report relation; findings carry year Y's and year Y-1's values."""
    out = []
    for c in P.carry_over():
        keys, left, right = _wide(mart, c)
        outcome = empty_outcomes(all_suites()[c.name])[c.name]
        pairs = [F.sides("eq", left[:, [j]], right[:, [j]]) for j in range(len(c.cols))]
        frame = pd.DataFrame({"report_id": keys["report_id"].to_numpy(),
                              **{c.column(col): F.difference("eq", *p) for col, p in zip(c.cols, pairs)}})
        if not frame.empty:
            members = {c.column(col): (col, p) for col, p in zip(c.cols, pairs)}
            for column, _meta, rows in run_suite(c.name, frame):
                col, (lv, rv, _) = members[column]
                outcome.findings += [
                    Finding(keys["report_id"].iat[i], column, "error", c.name, col, float(lv[i]), float(rv[i]),
                            detail=f"{keys['issuer'].iat[i]} {keys['report_year'].iat[i]} against "
                                   f"{keys['report_year'].iat[i] - 1} (report {keys['previous_report_id'].iat[i]})")
                    for i in rows]
        out.append(outcome)
    return out


def violation_rows(outcomes: list[Outcome]) -> pa.Table:
    """check_violations rows (without the load columns) of the cross-report findings."""
    tables = {c.name: c.table for c in P.carry_over()}
    rows = [{"report_id": f.report_id, "relation": f.relation, "member": f.member, "severity": f.severity,
             "left_value": f.left_value, "right_value": f.right_value, "table_code": tables[f.relation]}
            for o in outcomes for f in o.findings]
    schema = pa.schema([("report_id", pa.string()), ("relation", pa.string()), ("member", pa.string()),
                        ("severity", pa.string()), ("left_value", pa.float64()), ("right_value", pa.float64()),
                        ("table_code", pa.string())])
    return pa.Table.from_pylist(rows, schema=schema)


def replace_violations(conn, outcomes: list[Outcome]) -> int:
    """Make ``check_violations`` hold exactly these cross-report findings (one transaction); rows written.

    Each row takes the batch of its year-Y report, as the extractor's rows do. The caller holds the
    warehouse's writer lock."""
    relations = [c.name for c in P.carry_over()]
    conn.register("incoming_carry_over", violation_rows(outcomes))
    conn.execute("BEGIN TRANSACTION")
    try:
        conn.execute("DELETE FROM check_violations WHERE relation IN (SELECT unnest(?))", [relations])
        conn.execute("""INSERT INTO check_violations BY NAME
            SELECT v.*, r.batch, now() AS loaded_at FROM incoming_carry_over AS v JOIN reports AS r USING (report_id)""")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    finally:
        conn.unregister("incoming_carry_over")
    return sum(len(o.findings) for o in outcomes)
