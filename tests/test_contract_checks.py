"""The warehouse contract checks (defs/warehouse/checks.py) fail on a warehouse broken on purpose.

A healthy warehouse is loaded by the real loader, then one contract is broken by hand in SQL, as a
careless edit or an older writer could; the real Dagster check runs against the real DuckDB file and
must fail exactly that check, counting the offending rows. Nothing is mocked.
"""

from __future__ import annotations

import duckdb
import pytest
from dagster_duckdb import DuckDBResource

from giar_pipeline.defs.warehouse.checks import warehouse_contract
from giar_pipeline.warehouse import load_batches, to_tables
from giar_pipeline.warehouse.schema import EXTRACTED

from .test_warehouse import make_report

CHECKS = {(t.name, "key_unique") for t in EXTRACTED} | {
    ("reports", "every_document_reported"),
    ("reports", "quarantine_has_reason"),
}
BAD = {("applications", "new_received", "natural_person"): 5}  # one applications_balance violation


def outcomes(db) -> dict[tuple[str, str], tuple[bool, int]]:
    """(asset, check) → (passed, offending rows), from the real multi-asset check."""
    return {
        (r.asset_key.to_user_string(), r.check_name): (r.passed, r.metadata["offending_rows"].value)
        for r in warehouse_contract(duckdb=DuckDBResource(database=str(db)))
    }


def _without_primary_key(conn, table: str) -> None:
    """Recreate ``table`` with its rows but no PRIMARY KEY, so that a duplicate can be written."""
    conn.execute(f"CREATE TABLE _copy AS SELECT * FROM {table}")
    conn.execute(f"DROP TABLE {table}")
    conn.execute(f"ALTER TABLE _copy RENAME TO {table}")


def _duplicate(table: str):
    def breaks(conn):
        _without_primary_key(conn, table)
        conn.execute(f"INSERT INTO {table} SELECT * FROM {table} LIMIT 1")

    return breaks


BREAKS = {  # the check that must fail → how the warehouse is broken, and how many rows offend
    ("reports", "key_unique"): (_duplicate("reports"), 1),
    ("report_cells", "key_unique"): (_duplicate("report_cells"), 1),
    ("check_violations", "key_unique"): (_duplicate("check_violations"), 1),
    ("reports", "every_document_reported"): (
        lambda c: c.execute("DELETE FROM reports WHERE report_id IN (SELECT report_id FROM reports LIMIT 2)"),
        2,
    ),
    ("reports", "quarantine_has_reason"): (
        lambda c: c.execute("UPDATE reports SET reason = NULL WHERE status = 'quarantined'"),
        1,
    ),
}


@pytest.fixture
def warehouse(tmp_path):
    db = tmp_path / "w.duckdb"
    reports = [make_report("a", values=BAD), make_report("b", "v2008"), make_report("q", quarantine="cannot decode")]
    with duckdb.connect(str(db)) as conn:
        load_batches(conn, {"b1": to_tables(reports)})
        assert conn.execute("SELECT count(*) FROM check_violations").fetchall()[0][0] >= 1  # a row to duplicate
    return db


def test_a_healthy_warehouse_passes_every_contract_check(warehouse):
    assert outcomes(warehouse) == {c: (True, 0) for c in CHECKS}


@pytest.mark.parametrize("broken", sorted(BREAKS), ids="/".join)
def test_each_contract_check_fails_on_the_contract_it_guards(warehouse, broken):
    breaks, offending = BREAKS[broken]
    with duckdb.connect(str(warehouse)) as conn:
        breaks(conn)
    got = outcomes(warehouse)
    assert got[broken] == (False, offending)
    assert {c for c, (passed, _) in got.items() if not passed} == {broken}  # the others still pass
