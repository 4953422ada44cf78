"""GX 1.x expectation suites, one per table plus ``reports``, generated from :mod:`.plan`.

Suites are plain JSON-ready dicts in GX's own format (``ExpectationSuite(**d)``
reads them), built without importing GX so ``giar expectations build`` is
instant and its output byte-stable. Every expectation's ``meta`` says which
Dagster check (``family``) it belongs to and what it means.

Severity: integrity of the pipeline's own output (unique ids, known template and
codes) is ``critical`` (Dagster ERROR, blocking). Relation members and the
catalogue's per-cell integrity rules (a negative or fractional count) are
``warning`` (Dagster WARN): they are facts about one report, which must never
hold back the others. ``meta.severity`` keeps the member's or rule's own
error/warning, as ``check_violations`` records it.
"""

from __future__ import annotations

import json

from ..catalogue import load
from ..relations import TOLERANCE
from . import plan

CRITICAL, WARNING = "critical", "warning"
RANGE = {"eq": {"min_value": -TOLERANCE, "max_value": TOLERANCE}, "le": {"max_value": 0.0}}
INTEGRITY = {
    **{r.name: r.meaning for r in plan.cell_rules()},
    "unknown_cells": "cells whose (table, row, col) codes are not cells of the report's template",
    "duplicate_cells": "cells given more than once in one report",
}
DERIVED = {
    "eq": "sum(left) - sum(right); blank cells count 0; missing (skipped) when every cell is blank",
    "le": f"sum(left) - (sum(right) + {TOLERANCE}); missing (skipped) when either side is entirely blank",
}


def _expectation(kind: str, column: str, severity: str, family: str, check: str, **kwargs) -> dict:
    # meta stays this small: GX re-serializes it many times per expectation (a rich meta cost 50% more time);
    # what a check means is in the suite's meta instead
    return {
        "type": kind,
        "kwargs": {"column": column, **kwargs},
        "meta": {"family": family, "check": check},
        "severity": severity,
    }


def _zero(column: str, family: str) -> dict:
    return _expectation(
        "expect_column_values_to_be_between", column, CRITICAL, family, column, min_value=0, max_value=0
    )


def _unique_ids(family: str) -> dict:
    return _expectation("expect_column_values_to_be_unique", "report_id", CRITICAL, family, "report_id_unique")


def _rule(rule: plan.CellRule, family: str) -> dict:
    e = _expectation(
        "expect_column_values_to_be_between", rule.name, WARNING, family, rule.name, min_value=0, max_value=0
    )
    e["meta"]["severity"] = rule.severity
    return e


def _member(m: plan.MemberCheck) -> dict:
    return _expectation("expect_column_values_to_be_between", m.column, WARNING, m.relation, m.name, **RANGE[m.op])


def _member_doc(m: plan.MemberCheck) -> dict:
    return {
        "relation": m.relation,
        "member": m.member,
        "op": m.op,
        "severity": m.severity,
        "generations": list(m.generations),
        "derived": DERIVED[m.op],
        "left": [f"{r}.{c}" for _, r, c in m.left],
        "right": [f"{r}.{c}" for _, r, c in m.right],
    }


def table_suite(t: plan.TablePlan) -> dict:
    family = t.integrity_family
    expectations = [
        _unique_ids(family),
        *(_rule(r, t.values_family) for r in plan.cell_rules()),
        *map(_member, t.members),
    ]
    meta = {
        "table": t.code,
        "generations": list(t.generations),
        "generated_from": "giar_pipeline/catalogue/templates.yaml",
        "frame": "one row per ok report whose template has this table; derived columns (quality/matrices.py)",
        "integrity": {"report_id_unique": "one row per report"},
        "values": {r.name: r.meaning for r in plan.cell_rules()},
        "relations": {r.name: plan.describe(r) for r in t.relations},
        "members": {m.column: _member_doc(m) for m in t.members},
    }
    return {"name": t.code, "expectations": expectations, "meta": meta}


def reports_suite() -> dict:
    family = f"{plan.REPORTS}_{plan.INTEGRITY}"
    gens = list(load().generations)
    expectations = [
        _unique_ids(family),
        _expectation("expect_column_values_to_not_be_null", "template", CRITICAL, family, "template_known"),
        _expectation(
            "expect_column_values_to_be_in_set", "template", CRITICAL, family, "template_valid", value_set=gens
        ),
        _zero("unknown_cells", family),
        _zero("duplicate_cells", family),
    ]
    meta = {
        "generations": gens,
        "frame": "one row per ok report",
        "integrity": {
            "report_id_unique": "one row per report",
            "template_known": "an ok report has a template",
            "template_valid": "the template is a catalogue generation",
            **{k: INTEGRITY[k] for k in plan.REPORT_CHECKS},
        },
    }
    return {"name": plan.REPORTS, "expectations": expectations, "meta": meta}


def carry_over_suite(c: plan.CarryOver) -> dict:
    expectations = [
        _expectation("expect_column_values_to_be_between", c.column(col), WARNING, c.name, c.column(col), **RANGE["eq"])
        for col in c.cols
    ]
    meta = {
        "table": c.table,
        "frame": "one row per report whose issuer has a report for the previous year",
        "relations": {c.name: c.description},
        "members": {
            c.column(col): {
                "relation": c.name,
                "member": col,
                "op": "eq",
                "severity": "error",
                "left": f"year Y {c.current_row}.{col}",
                "right": f"year Y-1 {c.previous_row}.{col}",
                "derived": DERIVED["eq"],
            }
            for col in c.cols
        },
    }
    return {"name": c.name, "expectations": expectations, "meta": meta}


def all_suites() -> dict[str, dict]:
    """Every suite by name, in a stable order."""
    suites = [
        reports_suite(),
        *(table_suite(t) for t in plan.tables().values()),
        *map(carry_over_suite, plan.carry_over()),
    ]
    return {s["name"]: s for s in suites}


def dumps(suite: dict) -> str:
    """The committed text of a suite: sorted keys, expectations in catalogue order, a final newline."""
    return json.dumps(suite, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
