"""The warehouse as a DuckLake (warehouse/lake.py) with a SQLite catalog and data in a temp folder:
the schema's tables, idempotent batch loads, a load that loses a commit race to another writer and
runs again (bounded), SQL users attaching the same lake; and storage.py's local and memory:// files."""

from __future__ import annotations

import duckdb
import pytest

from giar_pipeline.warehouse import lake, load, load_batches, storage, to_tables
from giar_pipeline.warehouse.schema import TABLES
from giar_pipeline.warehouse.transaction import ATTEMPTS

from .test_warehouse import make_report


@pytest.fixture
def catalog(tmp_path) -> tuple[str, str]:
    return f"ducklake:sqlite:{tmp_path / 'catalog.sqlite'}", str(tmp_path / "data")


def batch(*names: str):
    return to_tables([make_report(n) for n in names])


def rows(conn, table: str) -> list[tuple]:
    return conn.execute(f"SELECT * EXCLUDE (loaded_at) FROM {table} ORDER BY ALL").fetchall()


def test_the_lake_holds_the_schema_tables_and_reloading_a_batch_replaces_its_rows(catalog, tmp_path):
    with lake.connect(*catalog) as conn:
        load_batches(conn, {"b1": batch("a", "b")})
        first = {t: rows(conn, t) for t in ("reports", "report_cells")}
        assert load_batches(conn, {"b1": batch("a", "b")})["report_cells"] == len(first["report_cells"])
        assert {t: rows(conn, t) for t in first} == first
        tables = conn.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = 'lake'").fetchall()
        assert {n for (n,) in tables} == set(TABLES)
        # DuckLake has no PRIMARY KEY: the key columns stay NOT NULL
        assert conn.execute(
            "SELECT count(*) FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'"
        ).fetchone()
        assert conn.execute(
            "SELECT is_nullable FROM duckdb_columns() WHERE table_name = 'reports' AND column_name = 'report_id'"
        ).fetchone() == (False,)
    assert list((tmp_path / "data").rglob("*.parquet")), "cells are Parquet files under the data path"


def meanwhile(attempts: list[str], other_writer):
    """The load's failpoint (inside its transaction, before COMMIT): ``other_writer(n)`` commits on its
    own session at our n-th attempt (its own load passes the failpoint untouched)."""
    busy = []

    def hook(name: str) -> None:
        if busy:
            return
        attempts.append(name)
        busy.append(1)
        try:
            other_writer(len(attempts))
        finally:
            busy.clear()

    return hook


def test_a_load_overtaken_by_another_writers_commit_runs_again(catalog, monkeypatch, capsys):
    """Two sessions, as two partition runs: while one loads b1, the other commits b2; the first commit
    fails (the catalog moved on) and the whole load runs again, so both batches are in, once."""
    other = lake.connect(*catalog)
    load_batches(other, {"b0": batch("z")})  # the tables exist, as after a first run
    attempts = []
    monkeypatch.setattr(
        load, "failpoint", meanwhile(attempts, lambda n: n == 1 and load_batches(other, {"b2": batch("c")}))
    )
    with lake.connect(*catalog) as conn:
        load_batches(conn, {"b1": batch("a", "b")})
        got = conn.execute("SELECT batch, count(*) FROM reports GROUP BY ALL ORDER BY ALL").fetchall()
    assert attempts == ["load", "load"]
    assert got == [("b0", 1), ("b1", 2), ("b2", 1)]
    assert "another writer committed first" in capsys.readouterr().err
    other.close()


def test_retries_are_bounded_and_leave_nothing_of_the_lost_load(catalog, monkeypatch):
    other = lake.connect(*catalog)
    load_batches(other, {"b0": batch("z")})
    attempts = []
    # on a SQLite catalog any commit overtakes ours: a small one keeps the test short
    commit = "INSERT INTO issuer_keys VALUES (?, ?, 'name', [])"
    monkeypatch.setattr(load, "failpoint", meanwhile(attempts, lambda n: other.execute(commit, [f"o{n}", f"o{n}"])))
    monkeypatch.setattr("giar_pipeline.warehouse.transaction.time.sleep", lambda s: None)  # no pauses
    with lake.connect(*catalog) as conn, pytest.raises(duckdb.Error, match="database is locked|conflict"):
        load_batches(conn, {"b1": batch("a")})
    assert len(attempts) == ATTEMPTS
    monkeypatch.undo()
    assert other.execute("SELECT count(*) FROM reports WHERE batch = 'b1'").fetchone() == (0,)
    other.close()


def test_sql_users_attach_the_same_lake_read_only(catalog):
    with lake.connect(*catalog) as conn:
        load_batches(conn, {"b1": batch("a")})
    user = duckdb.connect()
    for name in ("sqlite", "ducklake"):
        user.execute(f"LOAD '{lake.extension_file(name)}'")
    user.execute(f"ATTACH '{catalog[0]}' AS giar (READ_ONLY)")  # the catalog knows its data path
    assert user.execute("SELECT count(*) FROM giar.reports").fetchone() == (1,)
    with pytest.raises(duckdb.Error, match="read-only"):
        user.execute("DELETE FROM giar.reports")


def test_a_lake_needs_a_catalog_that_takes_many_writers(tmp_path):
    with pytest.raises(lake.LakeError, match="sqlite:PATH or ducklake:postgres"):
        lake.connect(f"ducklake:{tmp_path / 'catalog.duckdb'}", str(tmp_path / "data"))
    assert not lake.is_lake(str(tmp_path / "giar.duckdb"))


@pytest.mark.parametrize("where", ["local", "memory"])
def test_storage_writes_a_whole_file_locally_or_on_an_fsspec_filesystem(tmp_path, where):
    location = str(tmp_path / "out" / "r.html") if where == "local" else f"memory://giar-{tmp_path.name}/r.html"
    path = storage.write_text(location, "一")
    storage.write_text(location, "二")  # replaced whole
    assert path.read_text(encoding="utf-8") == "二"
    assert [p.name for p in path.parent.iterdir()] == ["r.html"]  # no temporary file left
    assert storage.is_local(path) == (where == "local")
