"""`giar export` read back in every format (row counts and a checksum of the values against the
warehouse), and `giar sql` (read-only, Chinese columns aligned) on a warehouse the pipeline built."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
import sys

import duckdb
import pytest
from openpyxl import load_workbook

from giar_pipeline.outputs import export
from giar_pipeline.outputs.text import width
from giar_pipeline.warehouse.locks import writer_lock
from tests import outputs_warehouse

GIAR = [sys.executable, "-m", "giar_pipeline.cli"]


@pytest.fixture(scope="module")
def warehouse():
    return outputs_warehouse.build()[1]


def _canon(value, sqltype: str, empty_is_null: bool):
    """A value as every format can carry it: numbers as rounded floats, dates as ISO text,
    timestamps in UTC to the second (Excel has no time zone)."""
    if value is None or (empty_is_null and value == ""):
        return None
    t = sqltype.upper()
    if t == "DATE":
        return (value.date() if isinstance(value, dt.datetime) else value).isoformat()
    if t.startswith("TIMESTAMP"):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return (value + dt.timedelta(microseconds=500_000)).replace(microsecond=0).isoformat()
    if t == "BOOLEAN":
        return bool(value)
    if t in ("DOUBLE", "FLOAT", "INTEGER", "BIGINT", "HUGEINT", "SMALLINT", "DECIMAL") or t.startswith("DECIMAL"):
        return round(float(value), 6)
    return str(value)


def _checksum(rows, types: list[str], empty_is_null: bool = False) -> str:
    canon = sorted(repr(tuple(_canon(v, t, empty_is_null) for v, t in zip(r, types))) for r in rows)
    return hashlib.sha256("\n".join(canon).encode()).hexdigest()


def _read_back(path, fmt: str, columns: dict[str, str]) -> list[tuple]:
    with duckdb.connect() as c:
        if fmt == "parquet":
            return c.execute("SELECT * FROM read_parquet(?)", [str(path)]).fetchall()
        if fmt == "csv":  # typed by the manifest, as a consumer reads it; "" stays distinct from NULL
            return c.execute(
                "SELECT * FROM read_csv(?, header = true, columns = ?, allow_quoted_nulls = false)",
                [str(path), columns],
            ).fetchall()
    wb = load_workbook(path, read_only=True)
    rows = []
    for sheet in wb.worksheets:
        it = sheet.iter_rows(values_only=True)
        header = [h.removesuffix(" (UTC)") for h in next(it)]
        assert header == list(columns), sheet.title
        # a read-only openpyxl row ends at its last written cell: trailing empty cells come back short
        rows += [r + (None,) * (len(header) - len(r)) for r in it]
    wb.close()
    return rows


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_every_export_reads_back_with_the_same_rows_and_values(warehouse, tmp_path, fmt, monkeypatch):
    if fmt == "xlsx":  # a small sheet limit proves long tables continue on further sheets
        monkeypatch.setattr(export, "SHEET_ROWS", 1000)
    out = (
        subprocess.run(
            [*GIAR, "export", "--warehouse", str(warehouse), "--format", fmt, "--out", str(tmp_path)],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if fmt != "xlsx"
        else None
    )
    manifest = (
        export.export(warehouse, tmp_path, fmt)
        if fmt == "xlsx"
        else json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    )
    assert out is None or out.returncode == 0, out.stderr
    with duckdb.connect(str(warehouse), read_only=True) as c:
        tables = [
            n
            for (n,) in c.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_name "
                "IN ('reports', 'report_cells', 'check_violations', 'report_statements') OR table_name LIKE 'mart%'"
            ).fetchall()
        ]
        assert sorted(manifest["tables"]) == sorted(tables)
        for name in tables:
            columns = {n: t for n, t, *_ in c.execute(f"DESCRIBE {name}").fetchall()}
            assert manifest["tables"][name]["columns"] == columns
            expected = c.execute(f"SELECT * FROM {name}").fetchall()
            path = tmp_path / manifest["tables"][name]["file"]
            assert manifest["tables"][name]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
            got = _read_back(path, fmt, columns)
            assert len(got) == len(expected) == manifest["tables"][name]["rows"], name
            types = list(columns.values())
            empty_is_null = fmt == "xlsx"  # an Excel cell has no empty string apart from an empty cell
            assert _checksum(got, types, empty_is_null) == _checksum(expected, types, empty_is_null), name
    if fmt == "xlsx":
        assert len(load_workbook(tmp_path / "report_cells.xlsx", read_only=True).sheetnames) > 1


def test_export_explains_a_missing_warehouse(tmp_path):
    out = subprocess.run(
        [
            *GIAR,
            "export",
            "--warehouse",
            str(tmp_path / "none.duckdb"),
            "--format",
            "csv",
            "--out",
            str(tmp_path / "x"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 2 and "no warehouse there" in out.stderr


def test_sql_aligns_chinese_columns(warehouse):
    query = "SELECT issuer, report_year, template FROM reports WHERE issuer IS NOT NULL ORDER BY issuer"
    out = subprocess.run(
        [*GIAR, "sql", query, "--warehouse", str(warehouse)], capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    header, rule, *lines = out.stdout.splitlines()
    with duckdb.connect(str(warehouse), read_only=True) as c:
        rows = c.execute(query).fetchall()
    assert len(lines) == len(rows) and len({len(r[0]) for r in rows}) > 1  # names of several lengths
    year_ends = {width(line[: line.index(str(year)) + 4]) for line, (_, year, _) in zip(lines, rows)}
    template_starts = {width(line[: line.rindex(tpl)]) for line, (*_, tpl) in zip(lines, rows)}
    assert year_ends == {width(header[: header.index("report_year") + len("report_year")])}
    assert template_starts == {width(header[: header.index("template")])}
    assert [line.split()[0] for line in lines] == [r[0] for r in rows]


def test_sql_is_read_only_and_never_waits_for_the_writer(warehouse):
    with duckdb.connect(str(warehouse), read_only=True) as c:
        (before,) = c.execute("SELECT count(*) FROM reports").fetchone()
    with writer_lock(warehouse):  # a pipeline writer is loading: readers must not queue behind it
        read = subprocess.run(
            [*GIAR, "sql", "SELECT count(*) AS n FROM reports", "--warehouse", str(warehouse)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        write = subprocess.run(
            [*GIAR, "sql", "DELETE FROM reports", "--warehouse", str(warehouse)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert read.returncode == 0 and read.stdout.split()[-1] == str(before)
    assert write.returncode == 1 and "read-only" in write.stderr.lower()
    with duckdb.connect(str(warehouse), read_only=True) as c:
        assert c.execute("SELECT count(*) FROM reports").fetchone()[0] == before


def test_xlsx_writes_a_list_cell_as_json(tmp_path):
    """Lists (report_statements.cells, near-duplicate years) have no Excel type: one JSON text per cell."""
    with duckdb.connect(str(tmp_path / "w.duckdb")) as c:
        c.execute("CREATE TABLE mart_lists (name VARCHAR, cells VARCHAR[], years INTEGER[])")
        c.execute("INSERT INTO mart_lists VALUES ('甲', ['申请|总计', 'x'], [2021, 2022]), ('乙', NULL, [])")
        export._xlsx(c, "mart_lists", tmp_path / "mart_lists.xlsx")
    wb = load_workbook(tmp_path / "mart_lists.xlsx", read_only=True)
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    assert rows[0] == ("name", "cells", "years")
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name["甲"] == ("甲", '["申请|总计", "x"]', "[2021, 2022]")
    assert by_name["乙"][1] is None and by_name["乙"][2] == "[]"
