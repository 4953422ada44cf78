"""The auditor's checks across reports, as pure functions of warehouse rows (settings: catalogue/audit.yaml).

    in_force_chains      this year's in_force = last year's in_force + issued - repealed, per row
    narrative_mismatch   a number the prose restates (report_statements) differs from its cells
    yoy_anomaly          year-over-year jumps per issuer_key and measure; within-year implausibilities
    late_publication     published after the 条例's deadline for the issuer's class

Each returns :class:`Finding` rows (severity warning); :mod:`.audit_store` reads the
inputs from the warehouse and writes the findings to ``audit_findings`` and ``check_violations``.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from ..catalogue import audit

CHECKS = ("in_force_chains", "narrative_mismatch", "yoy_anomaly", "late_publication")
Cell = tuple[str, str, str]  # table, row, col
Values = dict[tuple[str, Cell], tuple[float | None, bool]]  # (report_id, cell) → (value, uncertain)


@dataclass(frozen=True)
class Finding:
    report_id: str
    relation: str
    member: str
    table_code: str | None
    left_value: float
    right_value: float
    previous_report_id: str | None
    rule: str
    detail: str
    raw_text: str | None = None
    source_line: int | None = None


def _cell(spec: str) -> Cell:
    table, row, col = spec.split(".")
    return table, row, col


def _n(v: float) -> str:
    return f"{v:g}"


def _get(values: Values, rid: str, cell: Cell) -> tuple[float | None, bool]:
    v, unsure = values.get((rid, cell), (None, False))
    return (None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)), bool(unsure)


def pairs(reports: pd.DataFrame) -> Iterable[tuple[dict, dict]]:
    """(year Y, year Y-1) speaking reports of the same issuer_key."""
    speaking = reports[reports["speaks"]]
    by_key = {(r["issuer_key"], int(r["report_year"])): r for r in speaking.to_dict("records")}
    for (key, year), cur in by_key.items():
        prev = by_key.get((key, year - 1))
        if prev is not None:
            yield cur, prev


def cells_needed() -> set[Cell]:
    """Every cell the checks read besides those named by statements (to fetch only these)."""
    cfg = audit.checks()
    chain = cfg["in_force_chains"]
    cols = [chain["current"], chain["previous"], *chain["plus"], *chain["minus"]]
    out = {(chain["table"], r, c) for r in chain["rows"] for c in cols}
    yoy = cfg["yoy_anomaly"]
    out |= {_cell(s) for m in yoy["measures"].values() for s in m.values()}
    out |= {_cell(w[k]) for w in yoy.get("within_year") or () for k in ("left", "right")}
    return out


# -- in_force_chains ----------------------------------------------------------------------------


def in_force_chains(reports: pd.DataFrame, values: Values, statements: pd.DataFrame) -> list[Finding]:
    cfg = audit.checks()["in_force_chains"]
    table, templates = cfg["table"], set(cfg["templates"])
    adjustments: dict[tuple[str, str], dict] = {}  # (report, "row|col") → the first adjustment stated for it
    for s in (statements[statements["kind"] == "adjustment"] if len(statements) else statements).to_dict("records"):
        for cell in s["cells"]:
            adjustments.setdefault((s["report_id"], cell), s)
    out = []
    for cur, prev in pairs(reports):
        if cur["template"] not in templates or prev["template"] not in templates:
            continue
        for row in cfg["rows"]:
            now, unsure = _get(values, cur["report_id"], (table, row, cfg["current"]))
            before, unsure_prev = _get(values, prev["report_id"], (table, row, cfg["previous"]))
            plus = [_get(values, cur["report_id"], (table, row, c)) for c in cfg["plus"]]
            minus = [_get(values, cur["report_id"], (table, row, c)) for c in cfg["minus"]]
            if now is None or before is None or unsure or unsure_prev or any(u for _, u in plus + minus):
                continue
            expected = before + sum(v or 0 for v, _ in plus) - sum(v or 0 for v, _ in minus)
            if now == expected:
                continue
            terms = " + ".join(f"{c} {_n(v or 0)}" for c, (v, _) in zip(cfg["plus"], plus))
            terms += "".join(f" - {c} {_n(v or 0)}" for c, (v, _) in zip(cfg["minus"], minus))
            detail = (
                f"{row}: {cfg['current']} {_n(now)} in {cur['report_year']}, but {prev['report_year']}'s "
                f"{cfg['previous']} {_n(before)} + {terms} = {_n(expected)}"
            )
            raw = line = None
            adj = adjustments.get((cur["report_id"], f"{row}|{cfg['current']}"))
            if adj is not None:
                raw, line = adj["raw_text"], int(adj["source_line"])
                left = expected - adj["value"]
                detail += (
                    f"; the report states an adjustment '{raw}' (line {line}): {_n(expected)} - "
                    f"{_n(adj['value'])} = {_n(left)}, which "
                    + ("accounts for the difference" if left == now else "does not account for it")
                )
            out.append(
                Finding(
                    cur["report_id"],
                    "in_force_chains",
                    f"{row}.{cfg['current']}",
                    table,
                    now,
                    expected,
                    prev["report_id"],
                    "in_force_chain",
                    detail,
                    raw,
                    line,
                )
            )
    return out


# -- narrative_mismatch -------------------------------------------------------------------------


def narrative_mismatch(statements: pd.DataFrame, values: Values) -> list[Finding]:
    """Per report and stated member: flagged when no statement of it agrees with the table's sum."""
    if not len(statements):
        return []
    said = statements[statements["kind"] == "restated"].sort_values(["report_id", "source_line", "statement_no"])
    verdicts: dict[tuple[str, str], tuple[dict, float] | bool] = {}  # True: some statement agrees
    for s in said.to_dict("records"):
        key = (s["report_id"], s["member"])
        got = [_get(values, s["report_id"], (s["table_code"], *c.split("|"))) for c in s["cells"]]
        if any(u for _, u in got) or all(v is None for v, _ in got):
            continue  # nothing certain to compare with
        table = sum(v or 0 for v, _ in got)
        if table == s["value"]:
            verdicts[key] = True
        else:
            verdicts.setdefault(key, (s, table))  # an agreement (True) or an earlier statement stays
    out = []
    for (rid, member), verdict in verdicts.items():
        if verdict is True:
            continue
        s, table = verdict
        out.append(
            Finding(
                rid,
                "narrative_mismatch",
                member,
                s["table_code"],
                s["value"],
                table,
                None,
                "restated",
                f"the prose says {_n(s['value'])} (line {s['source_line']}: {s['raw_text']}), "
                f"the table says {_n(table)}",
                s["raw_text"],
                int(s["source_line"]),
            )
        )
    return out


# -- yoy_anomaly --------------------------------------------------------------------------------


def _fires(rule: dict, before: float, now: float) -> bool:
    if "factor" in rule:
        f = rule["factor"]
        return before >= rule["base_at_least"] and (now >= f * before or now * f <= before)
    return before >= rule["previous_at_least"] and now <= rule["current_at_most"]


def yoy_anomaly(reports: pd.DataFrame, values: Values) -> list[Finding]:
    cfg = audit.checks()["yoy_anomaly"]
    out = []
    for cur, prev in pairs(reports):
        for measure, by_template in cfg["measures"].items():
            if cur["template"] not in by_template or prev["template"] not in by_template:
                continue
            c_now, c_before = _cell(by_template[cur["template"]]), _cell(by_template[prev["template"]])
            (now, u1), (before, u2) = _get(values, cur["report_id"], c_now), _get(values, prev["report_id"], c_before)
            if now is None or before is None or u1 or u2:
                continue
            rule = next((r for r in cfg["rules"] if measure in r["measures"] and _fires(r, before, now)), None)
            if rule:
                out.append(
                    Finding(
                        cur["report_id"],
                        "yoy_anomaly",
                        f"{c_now[1]}.{c_now[2]}",
                        c_now[0],
                        now,
                        before,
                        prev["report_id"],
                        rule["name"],
                        f"{measure}: {_n(before)} in {prev['report_year']} → {_n(now)} in "
                        f"{cur['report_year']} ({rule['name']})",
                    )
                )
    speaking = reports[reports["speaks"]]
    for w in cfg.get("within_year") or ():
        left, right = _cell(w["left"]), _cell(w["right"])
        for r in speaking.to_dict("records"):
            (lv, u1), (rv, u2) = _get(values, r["report_id"], left), _get(values, r["report_id"], right)
            if lv is not None and rv is not None and not (u1 or u2) and lv > rv:
                out.append(
                    Finding(
                        r["report_id"],
                        "yoy_anomaly",
                        f"{left[1]}.{left[2]}",
                        left[0],
                        lv,
                        rv,
                        None,
                        w["name"],
                        f"{left[1]}.{left[2]} {_n(lv)} > {right[1]}.{right[2]} {_n(rv)} "
                        f"in {r['report_year']} ({w['name']})",
                    )
                )
    return out


# -- late_publication ---------------------------------------------------------------------------


@functools.cache
def _classes() -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((c["class"], re.compile(c["pattern"])) for c in audit.checks()["late_publication"]["classes"])


def issuer_class(name: str) -> str:
    """government | department | unknown, by the first matching pattern of audit.yaml."""
    return next((cls for cls, p in _classes() if p.search(name)), "unknown")


def deadline(report_year: int, cls: str) -> tuple[dt.date | None, str | None]:
    """The publication deadline of a report covering ``report_year`` by an issuer of class ``cls``."""
    for reg in audit.checks()["late_publication"]["regulations"]:
        first, last = reg["report_years"]
        if (first is None or report_year >= first) and (last is None or report_year <= last):
            day = (reg.get("deadlines") or {}).get(cls)
            if day is None:
                return None, reg["name"]
            month, mday = map(int, str(day).split("-"))
            return dt.date(report_year + 1, month, mday), reg["name"]
    return None, None


def _ymd(d: dt.date) -> float:
    return float(d.year * 10000 + d.month * 100 + d.day)


def late_publication(reports: pd.DataFrame) -> list[Finding]:
    out = []
    for r in reports.to_dict("records"):
        published, year = r["published_on"], r["report_year"]
        if published is None or pd.isna(published) or year is None or pd.isna(year):
            continue  # a missing date is counted in mart_issuer_year, not flagged
        published = pd.Timestamp(published).date()
        cls = issuer_class(r["issuer_key"] or r["issuer"] or "")
        due, regulation = deadline(int(year), cls)
        if due is not None and published > due:
            out.append(
                Finding(
                    r["report_id"],
                    "late_publication",
                    "published_on",
                    None,
                    _ymd(published),
                    _ymd(due),
                    None,
                    regulation,
                    f"published {published}, {(published - due).days} days after the "
                    f"{due} deadline ({regulation}, issuer class {cls})",
                )
            )
    return out


def run_all(reports: pd.DataFrame, values: Values, statements: pd.DataFrame) -> dict[str, list[Finding]]:
    """Every check's findings, by check name."""
    runs: dict[str, Callable[[], list[Finding]]] = {
        "in_force_chains": lambda: in_force_chains(reports, values, statements),
        "narrative_mismatch": lambda: narrative_mismatch(statements, values),
        "yoy_anomaly": lambda: yoy_anomaly(reports, values),
        "late_publication": lambda: late_publication(reports),
    }
    return {name: runs[name]() for name in CHECKS}
