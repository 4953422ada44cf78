"""`giar report` and the quality_report asset on a warehouse the real pipeline built, read back
by parsing the HTML, re-running the SQL it shows, and opening it in headless Chromium."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys

import dagster as dg
import duckdb
import lxml.html
import pytest

from giar_pipeline.outputs import report
from tests import chromium, outputs_warehouse


@pytest.fixture(scope="module")
def built():
    return outputs_warehouse.build()


@pytest.fixture(scope="module")
def page(built, tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "report.html"
    rep = report.write(built[1], out)
    return out, rep, lxml.html.fromstring(out.read_text(encoding="utf-8"))


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _rerun(warehouse, doc, sql_id: str):
    sql = doc.get_element_by_id(sql_id).text_content()
    with duckdb.connect(str(warehouse), read_only=True) as c:
        return c.execute(sql).fetchall()


def test_every_number_links_to_the_sql_that_produces_it(built, page):
    _, rep, doc = page
    checked = 0
    for sec in doc.xpath("//section[table or .//table]"):
        links = {a.get("href") for a in sec.xpath(".//td[@class='n']/a")}
        assert len(links) == 1, f"section {sec.get('id')}: numbers link to {links}"
        rows = _rerun(built[1], doc, links.pop()[1:])
        shown = sec.xpath(".//tbody/tr")
        assert len(shown) == min(len(rows), 25)
        for tr, row in zip(shown, rows):
            for td, value in zip(tr.xpath("td"), row):
                if td.get("class") == "n":
                    assert _number(td.text_content()) == pytest.approx(value, abs=0.005)
                    checked += 1
                else:
                    assert td.text_content() == ("" if value is None else str(value))
    cards = doc.xpath("//div[@class='card']/a")
    (summary,) = _rerun(built[1], doc, "sql-summary")
    assert [_number(a.xpath("b")[0].text) for a in cards] == list(summary)
    assert checked > 20


def test_summary_counts_every_document_of_the_landing_folder(built, page):
    landing = built[0]
    contents = {
        hashlib.sha256(p.read_bytes()).hexdigest() for p in landing.rglob("*") if p.is_file() and ".giar" not in p.parts
    }
    cards = {
        a.xpath("b")[0].tail.strip(): _number(a.xpath("b")[0].text) for a in page[2].xpath("//div[@class='card']/a")
    }
    assert cards["documents"] == len(contents)
    assert cards["reports"] + cards["quarantined"] == len(contents)


def test_self_contained_no_script_no_remote_resource(page):
    out, rep, doc = page
    assert not doc.xpath("//script | //link | //iframe | //object | //embed")
    refs = [
        v
        for el in doc.iter()
        if isinstance(el.tag, str)
        for k, v in el.attrib.items()
        if k in ("src", "href", "xlink:href", "{http://www.w3.org/1999/xlink}href")
    ]
    assert refs and all(r.startswith(("#", "data:")) for r in refs), [r for r in refs if not r.startswith("#")]
    assert "default-src 'none'" in doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert len(doc.xpath("//figure/*[local-name()='svg']")) == rep.plots > 0


def test_relation_sections_say_none_found_until_rows_arrive(built, tmp_path):
    wh = tmp_path / "w.duckdb"
    shutil.copy(built[1], wh)
    with duckdb.connect(str(wh)) as c:
        c.execute("DELETE FROM check_violations WHERE relation = 'late_publication'")
    doc = lxml.html.fromstring(report.write(wh, tmp_path / "before.html").html)
    late = doc.get_element_by_id("late_publications")
    assert "None found" in late.text_content() and not late.xpath(".//table")
    with duckdb.connect(str(wh)) as c:
        ids = [
            r
            for (r,) in c.execute(
                "SELECT report_id FROM reports WHERE status = 'ok' ORDER BY report_id LIMIT 3"
            ).fetchall()
        ]
        c.executemany(
            "INSERT INTO check_violations (report_id, relation, member, severity, left_value, right_value) "
            "VALUES (?, 'late_publication', NULL, 'warning', 20250401, 20250331)",
            [[i] for i in ids],
        )
    rep = report.write(wh, tmp_path / "after.html")
    late = lxml.html.fromstring(rep.html).get_element_by_id("late_publications")
    assert "None found" not in late.text_content()
    assert sum(_number(td.text_content()) for td in late.xpath(".//tbody/tr/td[2]")) == 3
    assert late.xpath(".//figure/*[local-name()='svg']") and rep.sections["late_publications"] > 0


def test_cli_writes_the_report_and_explains_a_missing_warehouse(built, tmp_path):
    giar = [sys.executable, "-m", "giar_pipeline.cli", "report"]
    bad = subprocess.run(
        [*giar, "--warehouse", str(tmp_path / "nope.duckdb"), "--out", str(tmp_path / "r.html")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2 and "no warehouse there" in bad.stderr and not (tmp_path / "r.html").exists()
    ok = subprocess.run(
        [*giar, "--warehouse", str(built[1]), "--out", str(tmp_path / "r.html")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ok.returncode == 0, ok.stderr
    assert "<svg" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_quality_report_asset_materialized_after_the_marts(built):
    _, warehouse, instance = built
    event = instance.get_latest_materialization_event(dg.AssetKey("quality_report"))
    meta = event.asset_materialization.metadata
    path = warehouse.with_name("quality_report.html").resolve()
    assert meta["path"].value == str(path) and meta["open"].value == path.as_uri()
    html = path.read_text(encoding="utf-8")
    assert meta["plots"].value == html.count("<figure") > 0
    # the carry_over_chains check writes its findings before the report is built (lowest step priority)
    with duckdb.connect(str(warehouse), read_only=True) as c:
        (breaks,) = c.execute("SELECT count(*) FROM check_violations WHERE relation = 'carry_over_chains'").fetchone()
    section = lxml.html.fromstring(html).get_element_by_id("carry_over_breaks")
    assert ("None found" in section.text_content()) == (breaks == 0)


def test_report_renders_in_headless_chromium_without_the_network(page, tmp_path):
    out, rep, _ = page
    with chromium.Browser() as browser:
        tab = browser.open(out.as_uri())
        sizes = tab.evaluate(
            "Array.from(document.querySelectorAll('figure svg, figure img')).map(e => {"
            "const r = e.getBoundingClientRect(); return [r.width, r.height, e.childElementCount]})"
        )
        first_link = tab.evaluate("document.querySelector('td.n a').getAttribute('href')")
        tab.evaluate(f"location.hash = '{first_link}'")
        opened = tab.evaluate(f"document.getElementById('{first_link[1:]}').closest('details').open")
        shot = tab.screenshot(tmp_path / "report.png")
    assert len(sizes) == rep.plots and all(w > 100 and h > 50 and n > 0 for w, h, n in sizes), sizes
    assert out.as_uri() in tab.requests  # the recorder saw the page itself load...
    assert chromium.off_machine(tab.requests) == []  # ...and nothing else but local files and data: URIs
    assert opened, "a number's link should open the <details> holding its SQL"
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
