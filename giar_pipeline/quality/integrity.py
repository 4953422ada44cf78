"""The catalogue's per-cell integrity rules, report by report: ``check_violations`` rows
(:func:`giar_pipeline.warehouse.rows.to_tables` adds them to the relation findings).

A negative count or a fractional one is a fact about one document: it is
recorded beside that report's relation findings (``relation`` = the rule,
``member`` = ``table.row.col``, ``left_value`` = the value, ``right_value`` = the
value the rule allows nearest to it) and the batch loads. The GX ``<table>_values``
checks find the same cells over a whole partition (a test proves they agree).
"""

from __future__ import annotations

import math

from ..model import Report
from . import plan

TESTS = {  # rule test → (offends?, the nearest value the rule allows)
    "below_zero": (lambda v: v < 0, lambda v: 0.0),
    "not_whole": (lambda v: v != math.floor(v), lambda v: float(round(v))),
}


def cell_findings(report: Report) -> list[tuple[str, str, str, str, float, float]]:
    """(rule, severity, table, "table.row.col", value, allowed) of every cell of an ok report breaking a rule."""
    if report.status != "ok":
        return []
    plans, out = plan.tables(), []
    for c in report.cells:
        if c.value is None or c.table not in plans or not math.isfinite(c.value):
            continue
        for rule in plan.cell_rules():
            offends, allowed = TESTS[rule.test]
            if offends(c.value) and not plans[c.table].exempt(rule, c.row, c.col):
                out.append(
                    (rule.name, rule.severity, c.table, f"{c.table}.{c.row}.{c.col}", float(c.value), allowed(c.value))
                )
    return out
