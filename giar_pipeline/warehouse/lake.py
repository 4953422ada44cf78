"""The warehouse as a DuckLake: Parquet data files plus a catalog database (SQLite or Postgres).

A DuckDB file has one writer; a DuckLake has many, each committing a snapshot to the catalog, so
partition runs on many machines load at once and SQL users attach the same lake. The tables are
those of :mod:`.schema` (``create_all`` drops what DuckLake lacks: primary keys).

A lake is named by DuckLake's own ATTACH string, ``ducklake:sqlite:PATH`` or
``ducklake:postgres:dbname=… host=…``, and a data path (a folder, or ``s3://…`` read through httpfs).
Extensions load by file from their ``duckdb-extension-*`` packages (the ``cluster`` extra):
``LOAD name`` would download them, and there is no network at run time.
"""

from __future__ import annotations

import importlib
import sqlite3
from contextlib import closing
from pathlib import Path

import duckdb

from .transaction import retry_conflicts

PREFIX = "ducklake:"
ALIAS = "lake"
PACKAGES = {  # extension → the PyPI package shipping it (module name)
    "ducklake": "duckdb_extension_ducklake",
    "sqlite": "duckdb_extension_sqlite_scanner",  # not duckdb-extension-sqlite: its file lacks the entry point
    "postgres": "duckdb_extension_postgres_scanner",
    "httpfs": "duckdb_extension_httpfs",
}


class LakeError(RuntimeError):
    """A lake that cannot be attached, said with what to install or change."""


def is_lake(warehouse: str) -> bool:
    return str(warehouse).startswith(PREFIX)


def extension_file(name: str) -> Path:
    """The extension's file for the running DuckDB, from its package."""
    try:
        package = importlib.import_module(PACKAGES[name])
    except ModuleNotFoundError:
        raise LakeError(f"the DuckDB extension {name!r} is not installed: pip install 'giar[cluster]'") from None
    files = sorted(Path(package.__file__).parent.rglob("*.duckdb_extension"))
    ours = [f for f in files if f.parent.name == f"v{duckdb.__version__}"]
    if not ours:
        built = ", ".join(f.parent.name for f in files) or "no version"
        raise LakeError(
            f"{PACKAGES[name]} is built for DuckDB {built}, this is DuckDB v{duckdb.__version__}: "
            "install the extension package of duckdb's version"
        )
    return ours[0]


def catalog_kind(catalog: str) -> str:
    """``sqlite`` or ``postgres``: a DuckDB-file catalog would give the lake one writer again."""
    kind = catalog.removeprefix(PREFIX).split(":", 1)[0]
    if not is_lake(catalog) or kind not in ("sqlite", "postgres"):
        raise LakeError(f"{catalog!r}: expected ducklake:sqlite:PATH or ducklake:postgres:CONNINFO")
    return kind


def _sqlite_wal(path: str) -> None:
    """WAL, so a writer's commit waits for no reader (measured: in the default rollback journal, two
    overlapping transactions both fail with 'database is locked'); the mode is kept in the file."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA journal_mode=WAL")


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def attach(conn, catalog: str, data_path: str, alias: str = ALIAS):
    """Attach the lake to ``conn`` as ``alias`` and make it the default database; return ``conn``.
    A new catalog is created with ``data_path``; an existing one keeps the path it was made with
    (``data_path`` may then be empty)."""
    kind = catalog_kind(catalog)
    if kind == "sqlite":
        _sqlite_wal(catalog.removeprefix(f"{PREFIX}sqlite:"))
    wanted = [kind, *(["httpfs"] if "://" in data_path else []), "ducklake"]
    for name in wanted:
        conn.execute(f"LOAD {_quoted(str(extension_file(name)))}")
    options = f" (DATA_PATH {_quoted(data_path)})" if data_path else ""
    # the first ATTACH creates the catalog's tables: of two processes doing it at once, one waits (measured)
    retry_conflicts(lambda: conn.execute(f"ATTACH {_quoted(catalog)} AS {alias}{options}"))
    conn.execute(f"USE {alias}")
    return conn


def connect(catalog: str, data_path: str, config: dict | None = None):
    """An in-memory DuckDB session with the lake attached as its default database."""
    return attach(duckdb.connect(config=config or {}), catalog, data_path)
