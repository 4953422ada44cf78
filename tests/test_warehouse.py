"""The pure warehouse layer on real DuckDB files: contract schema, idempotent batch loads,
one report per sha256, and landing-folder sweeps."""

from __future__ import annotations

import hashlib
import os

import duckdb
import pyarrow as pa
import pytest

from giar_pipeline.catalogue import load as load_catalogue
from giar_pipeline.model import Cell, Report
from giar_pipeline.relations import check
from giar_pipeline.warehouse import landing, load_batches, loaded_batches, staging, to_tables

CONTRACT = {  # CONTRACT.md: table → (key, columns it holds at least)
    "reports": (
        ["report_id"],
        ["source_path", "sha256", "status", "reason", "template", "report_year", "issuer", "published_on"],
    ),
    "report_cells": (
        ["report_id", "table_code", "row_code", "col_code"],
        ["value", "raw_text", "source_line", "uncertain"],
    ),
    "check_violations": (["report_id", "relation", "member"], ["severity", "left_value", "right_value"]),
}


def make_report(
    name: str,
    template: str = "v2021",
    year: int = 2023,
    issuer: str = "某县人民政府",
    values: dict | None = None,
    quarantine: str | None = None,
) -> Report:
    """A report as the extractor would give it: every cell of ``template``, relation violations computed."""
    sha = hashlib.sha256(name.encode()).hexdigest()
    if quarantine:
        return Report(f"landing/{name}", sha, status="quarantined", reason=quarantine)
    tpl = load_catalogue().template(template)
    values = values or {}
    cells = [
        Cell(t, r, c, values.get((t, r, c)), None if values.get((t, r, c)) is None else str(values[(t, r, c)]), i + 1)
        for i, (t, r, c) in enumerate(tpl.cells)
    ]
    return Report(
        f"landing/{name}",
        sha,
        template=template,
        report_year=year,
        issuer=issuer,
        published_on=f"{year + 1}-01-15",
        cells=cells,
        violations=check(tpl, {(c.table, c.row, c.col): c.value for c in cells}),
    )


def counts(conn) -> dict[str, int]:
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in CONTRACT}


@pytest.fixture
def conn(tmp_path):
    with duckdb.connect(str(tmp_path / "w.duckdb")) as c:
        yield c


def test_schema_holds_the_contract_columns(conn):
    load_batches(conn, {"b1": to_tables([make_report("a")])})
    for table, (key, columns) in CONTRACT.items():
        have = {r[0] for r in conn.execute(f"DESCRIBE {table}").fetchall()}
        assert set(key + columns + ["batch", "loaded_at"]) <= have, table
    assert conn.execute("SELECT typeof(value) FROM report_cells LIMIT 1").fetchall() == [("DOUBLE",)]


def test_load_rows_match_the_reports(conn):
    bad = {("applications", "new_received", "natural_person"): 5}  # breaks applications_balance[natural_person]
    reports = [make_report("a", values=bad), make_report("b", "v2008"), make_report("c", quarantine="cannot decode")]
    load_batches(conn, {"b1": to_tables(reports)})
    assert counts(conn) == {
        "reports": 3,
        "report_cells": sum(len(r.cells) for r in reports),
        "check_violations": sum(len(r.violations) for r in reports),
    }
    assert conn.execute(
        "SELECT status, reason FROM reports WHERE report_id = ?", [reports[2].sha256[:16]]
    ).fetchall() == [("quarantined", "cannot decode")]
    v = conn.execute(
        "SELECT relation, member, severity, left_value, right_value, table_code FROM check_violations "
        "WHERE relation = 'applications_balance'"
    ).fetchall()
    assert ("applications_balance", "natural_person", "error", 5.0, 0.0, "applications") in v
    assert conn.execute(
        "SELECT value, raw_text FROM report_cells WHERE row_code = 'new_received' AND col_code = 'natural_person'"
    ).fetchall() == [(5.0, "5")]


def test_uncertain_cells_load_as_null_and_true(conn):
    r = make_report("u")
    r.cells[0].uncertain = True
    load_batches(conn, {"b1": to_tables([r])})
    rows = conn.execute("SELECT value, uncertain FROM report_cells WHERE uncertain").fetchall()
    assert rows == [(None, True)]
    assert conn.execute("SELECT count(*) FROM report_cells WHERE NOT uncertain").fetchall()[0][0] == len(r.cells) - 1


def test_a_warehouse_of_an_earlier_release_gains_the_new_columns(conn):
    conn.execute(
        "CREATE TABLE report_cells (report_id VARCHAR NOT NULL, table_code VARCHAR NOT NULL, "
        "row_code VARCHAR NOT NULL, col_code VARCHAR NOT NULL, value DOUBLE, raw_text VARCHAR, "
        "source_line INTEGER, batch VARCHAR, loaded_at TIMESTAMPTZ, "
        "PRIMARY KEY (report_id, table_code, row_code, col_code))"
    )
    r = make_report("old")
    r.cells[1].uncertain = True
    load_batches(conn, {"b1": to_tables([r])})
    columns = [c[0] for c in conn.execute("DESCRIBE report_cells").fetchall()]
    assert columns[-1] == "uncertain"  # added at the end, and rows inserted by name
    assert conn.execute("SELECT row_code, col_code FROM report_cells WHERE uncertain").fetchall() == [
        (r.cells[1].row, r.cells[1].col)
    ]
    assert conn.execute("SELECT count(*) FROM report_cells WHERE batch = 'b1' AND loaded_at IS NOT NULL").fetchall()[0][
        0
    ] == len(r.cells)


def test_reload_replaces_exactly_the_batch_rows(conn):
    load_batches(conn, {"b1": to_tables([make_report("a"), make_report("b")])})
    load_batches(conn, {"b2": to_tables([make_report("c")])})
    before = counts(conn)
    load_batches(conn, {"b1": to_tables([make_report("a"), make_report("b")])})
    assert counts(conn) == before
    load_batches(conn, {"b1": to_tables([make_report("a")])})  # the batch now holds one report: b is gone
    assert conn.execute("SELECT batch, count(*) FROM reports GROUP BY ALL ORDER BY ALL").fetchall() == [
        ("b1", 1),
        ("b2", 1),
    ]
    assert loaded_batches(conn) == {"b1", "b2"}


def test_a_document_seen_twice_is_one_report(conn):
    load_batches(conn, {"b1": to_tables([make_report("a")])})
    load_batches(conn, {"b2": to_tables([make_report("a"), make_report("d")]), "b3": to_tables([make_report("d")])})
    assert conn.execute("SELECT report_id, batch FROM reports ORDER BY batch").fetchall() == [
        (make_report("a").sha256[:16], "b1"),
        (make_report("d").sha256[:16], "b2"),
    ]
    assert counts(conn)["report_cells"] == 2 * len(make_report("a").cells)
    # every document a batch brought is accounted for, even when another batch loaded it
    assert conn.execute("SELECT count(*) FROM batch_documents").fetchall() == [(4,)]


def test_failed_load_leaves_the_warehouse_as_it_was(conn):
    load_batches(conn, {"b1": to_tables([make_report("a")])})
    before = counts(conn)
    broken = to_tables([make_report("b")])
    reports = broken["reports"]
    broken["reports"] = reports.set_column(0, "report_id", pa.nulls(reports.num_rows, pa.string()))
    with pytest.raises(duckdb.ConstraintException):  # the key is NOT NULL: fails after the deletes
        load_batches(conn, {"b1": to_tables([make_report("x")]), "b2": broken})
    assert counts(conn) == before


def _write(folder, name: str, text: str):
    p = folder / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


def test_sweep_registers_new_content_once(tmp_path):
    _write(tmp_path, "a.txt", "报告甲")
    _write(tmp_path, "sub/b.html", "报告乙")
    _write(tmp_path, ".hidden", "不是文档")
    all_, (first,) = landing.sweep(tmp_path)
    assert sorted(e.path for e in first.entries) == ["a.txt", "sub/b.html"]
    assert landing.sweep(tmp_path) == (all_, [])  # nothing new
    _write(tmp_path, "copy-of-a.txt", "报告甲")  # same content under another name: not new
    _write(tmp_path, "c.txt", "报告丙")
    all2, (second,) = landing.sweep(tmp_path)
    assert [e.path for e in second.entries] == ["c.txt"]
    assert list(all2) == sorted([first.key, second.key])
    assert landing.read_batch(tmp_path, second.key) == second


def test_staging_snapshots_and_extracts_a_batch(tmp_path):
    _write(tmp_path, "a.txt", "报告甲")
    _write(tmp_path, "a-again.txt", "报告甲")
    _write(tmp_path, "empty.txt", "")
    _, (batch,) = landing.sweep(tmp_path)
    raw = staging.stage_raw(tmp_path, batch.key)
    assert raw.documents == 2  # two distinct contents
    os.remove(tmp_path / "a.txt")  # later changes to the landing folder do not change the batch
    staging.stage_normalized(tmp_path, batch.key)  # from the snapshot: a.txt is gone
    normalized = staging.read(tmp_path, batch.key, "normalized").to_pylist()
    assert {(n["text"], n["decode_error"]) for n in normalized} == {("报告甲", None), (None, "the file is empty")}
    staging.stage_extracted(tmp_path, batch.key)
    reports = staging.read(tmp_path, batch.key, "reports").to_pylist()
    assert sorted(r["status"] for r in reports) == ["quarantined", "quarantined"]
    assert all(r["reason"] for r in reports)
    assert staging.read_extracted(tmp_path, batch.key)["reports"].num_rows == 2
