"""The loader's stamps and lock (warehouse/load.py) on real DuckDB files: load time is a true instant
whatever the session's time zone, and a second writer waits for the first."""

from __future__ import annotations

import datetime as dt
import threading
import time

import duckdb

from giar_pipeline.warehouse import load_batches, to_tables
from giar_pipeline.warehouse.locks import writer_lock

from .test_warehouse import make_report


def test_loaded_at_is_the_load_instant_in_any_session_time_zone(tmp_path):
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        conn.execute("SET TimeZone = 'Asia/Shanghai'")  # the reports' own zone, 8 hours from UTC
        before = dt.datetime.now(dt.UTC)
        load_batches(conn, {"b1": to_tables([make_report("a")])})
        after = dt.datetime.now(dt.UTC)
        stamps = conn.execute(
            "SELECT DISTINCT loaded_at FROM reports UNION SELECT DISTINCT loaded_at FROM report_cells"
        ).fetchall()
    assert len(stamps) == 1
    (loaded_at,) = stamps[0]
    assert before - dt.timedelta(seconds=1) <= loaded_at <= after + dt.timedelta(seconds=1)


def test_a_second_writer_waits_for_the_first(tmp_path):
    db = tmp_path / "w.duckdb"
    events: list[str] = []
    first_in, release, second_trying = threading.Event(), threading.Event(), threading.Event()

    def first():
        with writer_lock(db):
            events.append("first in")
            first_in.set()
            release.wait(10)
            events.append("first out")

    def second():
        first_in.wait(10)
        second_trying.set()
        with writer_lock(str(tmp_path / "." / "w.duckdb")):  # the same file, spelled differently
            events.append("second in")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    second_trying.wait(10)
    time.sleep(0.3)  # room for the second writer to get in, were the lock not exclusive
    release.set()
    for t in threads:
        t.join(10)
    assert events == ["first in", "first out", "second in"]


def _contract_tables(counts: dict[str, int]) -> dict[str, int]:
    return {t: counts[t] for t in ("reports", "report_cells", "check_violations")}


def test_load_returns_the_rows_its_batches_hold(tmp_path):
    bad = {("applications", "new_received", "natural_person"): 5}  # one violation
    first = [make_report("a", values=bad), make_report("q", quarantine="cannot decode")]
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        assert _contract_tables(load_batches(conn, {"b1": to_tables(first)})) == {
            "reports": 2,
            "report_cells": len(first[0].cells),
            "check_violations": len(first[0].violations),
        }
        # a second batch: its own rows only, and nothing for a document the first batch loaded
        got = load_batches(conn, {"b2": to_tables([make_report("a"), make_report("b", "v2008")])})
        assert _contract_tables(got) == {
            "reports": 1,
            "report_cells": len(make_report("b", "v2008").cells),
            "check_violations": 0,
        }
