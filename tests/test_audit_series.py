"""The auditor's checks on generated multi-year series with planted breaks, through `giar run`:
each check finds exactly the planted breaks and nothing else, and mart_issuer_year counts them."""

from __future__ import annotations

import datetime as dt
import json
import random

import dagster as dg
import duckdb
import pytest

from giar_pipeline import runner
from giar_pipeline.extract.narrative import statements
from giar_pipeline.normalize import decode, normalize
from giar_pipeline.synth import render_document
from giar_pipeline.synth.values import consistent

APPLICATIONS, ACTIVE = "applications", "active_disclosure"
GOV, DEPT, TOWN = "示范县人民政府", "示范县教育局", "青山镇人民政府"
SPELLING = {2022: "示范县政府", 2023: "安平市示范县人民政府"}  # one body, three spellings


def _base() -> dict:
    """One consistent applications table (received >= 20, carried forward <= received), kept every year."""
    for seed in range(1000):
        v = consistent("v2021", random.Random(seed))
        received = v[(APPLICATIONS, "new_received", "total")]
        if received >= 20 and v[(APPLICATIONS, "carried_forward", "total")] <= received:
            return {k: x for k, x in v.items() if k[0] == APPLICATIONS}
    raise AssertionError("no base found")


BASE = _base()
RECEIVED = BASE[(APPLICATIONS, "new_received", "total")]
# (issued, repealed, in_force) per year: regulations, normative documents
CHAIN = {
    2021: ((1, 0, 10), (5, 1, 40)),
    2022: ((2, 1, 11), (6, 2, 44)),
    2023: ((0, 0, 11), (3, 1, 50)),
    2024: ((1, 0, 12), (4, 0, 51)),
    2025: ((0, 0, 12), (2, 1, 52)),
}
LICENSING = {2021: 50, 2022: 50, 2023: 50, 2024: 500, 2025: 500}


def _values(year: int) -> dict:
    v = dict(BASE)
    for row, (issued, repealed, in_force) in zip(("regulations", "normative_documents"), CHAIN[year]):
        v |= {(ACTIVE, row, "issued"): issued, (ACTIVE, row, "repealed"): repealed, (ACTIVE, row, "in_force"): in_force}
    v |= {
        (ACTIVE, "administrative_licensing", "decisions"): LICENSING[year],
        (ACTIVE, "administrative_penalty", "decisions"): 30,
    }
    if year == 2022:  # planted: more carried forward than received
        v[(APPLICATIONS, "carried_forward", "total")] = RECEIVED + 5
    if year == 2025:  # planted: received falls from RECEIVED (>= 20) to 0
        v |= {k: 0 for k in BASE if k[1] in ("new_received", "carried_forward")}
    return v


def _published(doc) -> dt.date | None:
    p = doc.truth["published_on"]
    return dt.date.fromisoformat(p) if p else None


def _render(issuer, year, values, template="v2021", when=lambda d: True, layout=None):
    """The first seed whose rendering keeps what the plant needs (a date, a zero shown as 0)."""
    for seed in range(year * 1000, year * 1000 + 3000):
        doc = render_document(seed, layout, template, issuer=issuer, year=year, values=values)
        cells = {(c["table"], c["row"], c["col"]): c["value"] for c in doc.truth["cells"]}
        if (
            all(cells.get(k) == v for k, v in (values or {}).items() if k[1] in ("new_received", "in_force"))
            and when(doc)
            and not _restates_received(doc)
        ):
            return doc
    raise AssertionError(f"no rendering of {issuer} {year} fits")


def _restates_received(doc) -> bool:
    lines = normalize(decode(doc.data)[0]).lines
    return any(s.cell == (APPLICATIONS, "new_received", "total") for s in statements(lines, doc.truth["template"]))


def _with_sentence(doc, sentence: str) -> bytes:
    """The document with a prose sentence after its first section heading (一、…)."""
    lines = decode(doc.data)[0].split("\n")
    at = next(i for i, ln in enumerate(lines) if ln.strip().startswith("一、"))
    return "\n".join(lines[: at + 1] + [sentence] + lines[at + 1 :]).encode("utf-8")


def _on_time(deadline: str):
    return lambda d: _published(d) is not None and _published(d) <= dt.date.fromisoformat(deadline)


def _late(deadline: str):
    return lambda d: _published(d) is not None and _published(d) > dt.date.fromisoformat(deadline)


@pytest.fixture(scope="module")
def series(tmp_path_factory):
    root = tmp_path_factory.mktemp("series")
    land = root / "landing"
    land.mkdir()
    text = dict(layout="pipe_rows")
    docs = {
        (GOV, 2021): _render(GOV, 2021, _values(2021), when=lambda d: _published(d) is None),  # missing date
        (GOV, 2022): _render(SPELLING[2022], 2022, _values(2022), when=_late("2023-03-31")),  # planted: late
        (GOV, 2023): _render(SPELLING[2023], 2023, _values(2023), when=_on_time("2024-03-31"), **text),
        (GOV, 2024): _render(GOV, 2024, _values(2024), when=_on_time("2025-03-31"), **text),
        (GOV, 2025): _render(GOV, 2025, _values(2025), when=_on_time("2026-03-31")),
        (DEPT, 2021): _render(DEPT, 2021, _values(2021), when=_on_time("2022-01-31")),
        (DEPT, 2024): _render(DEPT, 2024, _values(2024), when=_late("2025-01-31")),  # planted: late
        (TOWN, 2024): _render(TOWN, 2024, _values(2024), when=_late("2025-03-31")),  # unknown class: not flagged
        (TOWN, 2015): _render(TOWN, 2015, None, "v2008", when=_late("2016-03-31")),  # 2008 rule: flagged
    }
    data = {k: d.data for k, d in docs.items()}
    # planted: the prose misstates received; carried over is stated right
    carried_over = BASE[(APPLICATIONS, "carried_over", "total")]
    data[(GOV, 2023)] = _with_sentence(
        docs[(GOV, 2023)], f"全年收到政府信息公开申请{RECEIVED + 7}件，上年结转政府信息公开申请{carried_over}件。"
    )
    # planted: in_force off by 3, and the report says why
    data[(GOV, 2024)] = _with_sentence(docs[(GOV, 2024)], "本年度行政规范性文件中含自然失效3件。")
    for (issuer, year), raw in data.items():
        (land / f"{issuer}_{year}.txt").write_bytes(raw)
    wh, checks = root / "w.duckdb", root / "checks.json"
    assert runner.run(land, wh, checks, instance=dg.DagsterInstance.ephemeral()) == 0
    with duckdb.connect(str(wh), read_only=True) as c:
        ids = dict(c.execute("SELECT report_year || ' ' || issuer, report_id FROM reports").fetchall())
        yield c, ids, json.loads(checks.read_text())


def _rid(ids, issuer, year):
    return ids[f"{year} {SPELLING.get(year, issuer) if issuer == GOV else issuer}"]


def _findings(c, relation):
    return sorted(
        c.execute(
            "SELECT r.issuer_key, r.report_year, f.member, f.left_value, f.right_value, f.rule "
            "FROM audit_findings AS f JOIN stg_reports AS r USING (report_id) WHERE relation = ? "
            "ORDER BY ALL",
            [relation],
        ).fetchall()
    )


KEY = "安平市示范县人民政府"  # the widest spelling names the body


def test_one_body_across_three_spellings(series):
    c, _, _ = series
    assert c.execute("SELECT DISTINCT issuer_key FROM reports WHERE issuer LIKE '%示范县%政府'").fetchall() == [(KEY,)]
    years = c.execute(
        "SELECT list(report_year ORDER BY report_year) FROM mart_issuer_year WHERE issuer_key = ?", [KEY]
    ).fetchall()[0][0]
    assert years == [2021, 2022, 2023, 2024, 2025]
    pairs = c.execute(
        "SELECT DISTINCT report_year FROM mart_carry_over WHERE issuer_key = ? ORDER BY 1", [KEY]
    ).fetchall()
    assert [y for (y,) in pairs] == [2022, 2023, 2024, 2025]  # the carry-over chain joins across spellings


def test_in_force_chains_finds_the_planted_breaks(series):
    c, _, _ = series
    member = "normative_documents.in_force"
    assert _findings(c, "in_force_chains") == [
        (KEY, 2023, member, 50.0, 46.0, "in_force_chain"),
        (KEY, 2024, member, 51.0, 54.0, "in_force_chain"),
    ]
    raw, detail = c.execute(
        "SELECT raw_text, detail FROM check_violations WHERE relation = 'in_force_chains' AND raw_text IS NOT NULL"
    ).fetchall()[0]
    assert "自然失效3件" in raw and "accounts for the difference" in detail


def test_narrative_mismatch_finds_the_misstated_number(series):
    c, _, _ = series
    assert _findings(c, "narrative_mismatch") == [
        (KEY, 2023, "new_received.total", float(RECEIVED + 7), float(RECEIVED), "restated")
    ]


def test_yoy_anomaly_finds_the_jumps(series):
    c, _, _ = series
    assert _findings(c, "yoy_anomaly") == [
        (KEY, 2022, "carried_forward.total", float(RECEIVED + 5), float(RECEIVED), "carried_forward_exceeds_received"),
        (KEY, 2024, "administrative_licensing.decisions", 500.0, 50.0, "tenfold"),
        (KEY, 2025, "new_received.total", 0.0, float(RECEIVED), "total_to_zero"),
    ]


def test_late_publication_by_class_and_regulation(series):
    c, _, _ = series
    got = [(k, y) for k, y, *_ in _findings(c, "late_publication")]
    # the town's late 2024 report is not flagged (乡镇 have no deadline of their own under the 2019 rules),
    # its 2015 one is (the 2008 rules: 31 March for every organ); the 2021 report has no date: counted only
    assert sorted(got) == sorted([(KEY, 2022), (TOWN, 2015), (DEPT, 2024)])


def test_findings_are_warnings_in_check_violations_and_counted(series):
    c, ids, checks = series
    audit = c.execute(
        "SELECT relation, count(*), min(severity), max(severity) FROM check_violations WHERE relation "
        "IN ('in_force_chains', 'narrative_mismatch', 'yoy_anomaly', 'late_publication') "
        "GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    assert audit == [
        ("in_force_chains", 2, "warning", "warning"),
        ("late_publication", 3, "warning", "warning"),
        ("narrative_mismatch", 1, "warning", "warning"),
        ("yoy_anomaly", 3, "warning", "warning"),
    ]
    counts = c.execute(
        "SELECT report_year, in_force_chain_breaks, narrative_mismatches, yoy_anomalies, "
        "late_publications, publication_dates_missing FROM mart_issuer_year WHERE issuer_key = ? "
        "ORDER BY report_year",
        [KEY],
    ).fetchall()
    assert counts == [
        (2021, 0, 0, 0, 0, 1),
        (2022, 0, 0, 1, 1, 0),
        (2023, 1, 1, 0, 0, 0),
        (2024, 1, 0, 1, 0, 0),
        (2025, 0, 0, 1, 0, 0),
    ]
    by_check = {e["check"]: e for e in checks if e["asset"] == "audit_findings"}
    assert set(by_check) == {"in_force_chains", "narrative_mismatch", "yoy_anomaly", "late_publication"}
    assert all(not e["passed"] and e["severity"] == "warning" for e in by_check.values())
    assert by_check["narrative_mismatch"]["failing_reports"] == [_rid(ids, GOV, 2023)]
