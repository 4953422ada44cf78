"""Every dbt_like_sql model runs on a small warehouse of hand-built reports and holds the rows it should."""

from __future__ import annotations

import duckdb
import pytest

from giar_pipeline.catalogue import load as load_catalogue
from giar_pipeline.warehouse import discover, load_batches, run_all, to_tables
from giar_pipeline.warehouse.macros import expand, table_cells
from giar_pipeline.warehouse.models import references
from tests.test_warehouse import make_report

APPLICATIONS = "applications"


def _apps(**cells) -> dict:
    """applications values from row__col=value keywords."""
    return {(APPLICATIONS, *k.split("__")): v for k, v in cells.items()}


REPORTS = [
    make_report(
        "y2021",
        year=2021,
        issuer="甲市",
        values=_apps(carried_forward__natural_person=3, carried_forward__total=4, new_received__total=9),
    ),
    make_report(
        "y2022",
        year=2022,
        issuer="甲市",
        values=_apps(carried_over__natural_person=3, carried_over__total=5, new_received__total=7),
    ),
    make_report("y2022-old", year=2022, issuer="甲市", values=_apps(new_received__total=1)),
    make_report(
        "v2008",
        "v2008",
        year=2012,
        issuer="乙县",
        values={("statistics", "applications_received", "value"): 12, ("statistics", "answers_total", "value"): 2},
    ),
    make_report(
        "v2019",
        "v2019",
        year=2019,
        issuer="丙镇",
        values={
            ("review_litigation", "count", "review_total"): 1,
            ("active_disclosure", "administrative_licensing", "change"): -2,
        },
    ),
    make_report("junk", quarantine="no statistics table of a known template"),
]
REPORTS[2].published_on = "2022-06-01"  # published before y2022's 2023-01-15: y2022 speaks for the year


@pytest.fixture(scope="module")
def conn(tmp_path_factory):
    with duckdb.connect(str(tmp_path_factory.mktemp("sql") / "w.duckdb")) as c:
        load_batches(c, {"b1": to_tables(REPORTS)})
        yield c, run_all(c)


def rows(c, sql: str) -> list[tuple]:
    return c.execute(sql).fetchall()


def rid(name: str) -> str:
    return next(r.sha256[:16] for r in REPORTS if r.source.endswith("/" + name))


def test_every_model_runs(conn):
    _, counts = conn
    assert set(counts) == set(discover())
    # near-duplicate issuers need spellings this small warehouse lacks (tests/test_audit_issuers.py has them)
    assert all(n > 0 for name, n in counts.items() if name != "mart_issuer_near_duplicates"), counts


def test_dependencies_are_parsed_from_sql():
    models = discover()
    assert models["stg_reports"].deps == ("issuer_keys", "reports")
    assert set(models["mart_carry_over"].deps) == {"int_issuer_year_report", "stg_report_cells"}
    order = list(models)
    for m in models.values():
        assert all(order.index(d) < order.index(m.name) for d in m.deps if d in models), m.name
    assert references("SELECT 'from reports' -- join report_cells\nFROM stg_reports", {"reports", "stg_reports"}) == {
        "stg_reports"
    }


def test_wide_columns_come_from_the_catalogue():
    sql = expand("{{ cells('applications') }}")
    rows = {r.code for g in ("v2019", "v2021") for r in load_catalogue().template(g).table(APPLICATIONS).rows}
    assert sql.count(" AS ") == len(table_cells(APPLICATIONS)) == len(rows) * 7  # rows of both generations, 7 columns
    assert "AS carried_over__natural_person" in sql and "AS other_no_correction__total" in sql
    with pytest.raises(ValueError, match="unknown table"):
        expand("{{ cells('nope') }}")


def test_staging(conn):
    c, _ = conn
    assert rows(c, "SELECT count(*), count(*) FILTER (WHERE is_ok) FROM stg_reports") == [(6, 5)]
    assert rows(
        c,
        f"SELECT value, is_blank FROM stg_report_cells WHERE report_id = '{rid('y2022')}' "
        "AND row_code = 'carried_over' AND col_code = 'total'",
    ) == [(5.0, False)]
    assert ("applications_balance[total]",) in rows(c, "SELECT violation FROM stg_check_violations")


def test_issuer_year_report_picks_the_latest(conn):
    c, _ = conn
    assert rows(c, "SELECT report_id FROM int_issuer_year_report WHERE issuer = '甲市' AND report_year = 2022") == [
        (rid("y2022"),)
    ]


def test_wide_marts(conn):
    c, _ = conn
    assert rows(
        c,
        "SELECT report_year, new_received__total, carried_over__total FROM mart_applications "
        "WHERE issuer = '甲市' ORDER BY report_year, new_received__total",
    ) == [(2021, 9.0, None), (2022, 1.0, None), (2022, 7.0, 5.0)]
    assert rows(c, "SELECT issuer, applications_received, answers_total FROM mart_statistics") == [("乙县", 12.0, 2.0)]
    assert rows(c, "SELECT review_total FROM mart_review_litigation WHERE template = 'v2019'") == [(1.0,)]
    assert rows(c, "SELECT administrative_licensing__change FROM mart_active_disclosure WHERE template = 'v2019'") == [
        (-2.0,)
    ]


def test_issuer_year_summary(conn):
    c, _ = conn
    assert rows(
        c,
        "SELECT issuer, report_year, reports, report_id, applications_received FROM mart_issuer_year "
        "WHERE issuer = '甲市' ORDER BY report_year",
    ) == [("甲市", 2021, 1, rid("y2021"), 9.0), ("甲市", 2022, 2, rid("y2022"), 7.0)]
    assert rows(c, "SELECT applications_received FROM mart_issuer_year WHERE issuer = '乙县'") == [(12.0,)]


def test_carry_over_pairs_consecutive_years(conn):
    c, _ = conn
    got = rows(
        c,
        "SELECT col_code, report_id, previous_report_id, carried_over, previous_carried_forward, "
        "difference FROM mart_carry_over WHERE col_code IN ('natural_person', 'total') ORDER BY col_code",
    )
    assert got == [
        ("natural_person", rid("y2022"), rid("y2021"), 3.0, 3.0, 0.0),
        ("total", rid("y2022"), rid("y2021"), 5.0, 4.0, 1.0),
    ]
    assert rows(c, "SELECT count(*), count(DISTINCT col_code) FROM mart_carry_over") == [(7, 7)]
