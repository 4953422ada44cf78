"""What a person reads on a failed check: the worst offending reports, as rows for a table."""

from __future__ import annotations

import math

import pandas as pd

from .validate import Outcome

LIMIT = 10
COLUMNS = ("issuer", "year", "report_id", "check", "left", "right", "detail")


def worst(outcome: Outcome, reports: pd.DataFrame, limit: int = LIMIT) -> list[tuple]:
    """The ``limit`` findings with the largest |left - right| (integrity findings in report order).

    ``reports`` has report_id, issuer and report_year (the partition's reports, or the mart's keys)."""
    who = reports.drop_duplicates("report_id").set_index("report_id")[["issuer", "report_year"]]

    def gap(f) -> float:
        return -abs(f.left_value - f.right_value) if f.left_value is not None else 0.0

    rows = []
    for f in sorted(outcome.findings, key=gap)[:limit]:
        issuer, year = who.loc[f.report_id].tolist() if f.report_id in who.index else (None, None)
        rows.append(
            (
                issuer,
                None if year is None or (isinstance(year, float) and math.isnan(year)) else int(year),
                f.report_id,
                f.check,
                f.left_value,
                f.right_value,
                f.detail,
            )
        )
    return rows
