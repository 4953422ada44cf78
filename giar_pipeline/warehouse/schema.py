"""The warehouse tables of CONTRACT.md, as data: DDL, Arrow schemas and Dagster column docs
are all generated from :data:`TABLES`, so a column is declared once."""
from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa


@dataclass(frozen=True)
class Column:
    name: str
    sql: str  # DuckDB type
    arrow: pa.DataType | None  # None: added by the loader, not by extraction
    description: str


@dataclass(frozen=True)
class Table:
    name: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    description: str
    primary_key: bool = True  # check_violations.member may be NULL, which a PRIMARY KEY forbids

    @property
    def staged(self) -> tuple[Column, ...]:
        """The columns extraction produces (the rest are stamped at load time)."""
        return tuple(c for c in self.columns if c.arrow is not None)

    @property
    def arrow_schema(self) -> pa.Schema:
        return pa.schema([(c.name, c.arrow) for c in self.staged])

    def ddl(self) -> str:
        cols = [f"{c.name} {c.sql}" + (" NOT NULL" if c.name in self.key and self.primary_key else "")
                for c in self.columns]
        if self.primary_key:
            cols.append(f"PRIMARY KEY ({', '.join(self.key)})")
        return f"CREATE TABLE IF NOT EXISTS {self.name} (\n  " + ",\n  ".join(cols) + "\n)"


_S, _I, _D = pa.string(), pa.int32(), pa.float64()
LOAD_COLUMNS = (
    Column("batch", "VARCHAR", None, "ingest batch (Dagster partition key) that loaded the row"),
    Column("loaded_at", "TIMESTAMP WITH TIME ZONE", None, "when that batch was loaded"),
)

REPORTS = Table("reports", ("report_id",), (
    Column("report_id", "VARCHAR", _S, "first 16 hex digits of sha256: the same bytes are one report"),
    Column("source_path", "VARCHAR", _S, "where the document was found"),
    Column("sha256", "VARCHAR", _S, "hex digest of the raw bytes"),
    Column("status", "VARCHAR", _S, "ok | quarantined"),
    Column("reason", "VARCHAR", _S, "why it was quarantined, in words a person can act on"),
    Column("template", "VARCHAR", _S, "v2008 | v2019 | v2021"),
    Column("report_year", "INTEGER", _I, "the year the report covers"),
    Column("issuer", "VARCHAR", _S, "the body that publishes the report (simplified Chinese)"),
    Column("published_on", "DATE", pa.date32(), "publication date"),
    Column("replaced_bytes", "INTEGER", _I, "damaged bytes (stray, cut or NUL) replaced while decoding; "
                                            "NULL when the document could not be decoded"),
    *LOAD_COLUMNS,
), "One row per raw document that entered the pipeline, quarantined ones included.")

REPORT_CELLS = Table("report_cells", ("report_id", "table_code", "row_code", "col_code"), (
    Column("report_id", "VARCHAR", _S, "the report"),
    Column("table_code", "VARCHAR", _S, "catalogue table code"),
    Column("row_code", "VARCHAR", _S, "catalogue row code"),
    Column("col_code", "VARCHAR", _S, "catalogue column code"),
    Column("value", "DOUBLE", _D, "the number, NULL for a blank cell"),
    Column("raw_text", "VARCHAR", _S, "the source text the value was read from"),
    Column("source_line", "INTEGER", _I, "1-based line in the decoded source document"),
    Column("uncertain", "BOOLEAN", pa.bool_(), "the document leaves the value undecided (value NULL, never a guess)"),
    *LOAD_COLUMNS,
), "One row per cell of the detected template.")

CHECK_VIOLATIONS = Table("check_violations", ("report_id", "relation", "member"), (
    Column("report_id", "VARCHAR", _S, "the report"),
    Column("relation", "VARCHAR", _S, "catalogue relation name"),
    Column("member", "VARCHAR", _S, "the row or column the relation was checked for; NULL for a single check"),
    Column("severity", "VARCHAR", _S, "error (eq relation) | warning (le relation)"),
    Column("left_value", "DOUBLE", _D, "sum of the left side"),
    Column("right_value", "DOUBLE", _D, "sum of the right side"),
    Column("table_code", "VARCHAR", _S, "the table the relation belongs to"),
    *LOAD_COLUMNS,
), "One row per violated relation member.", primary_key=False)

BATCH_DOCUMENTS = Table("batch_documents", ("batch", "report_id"), (
    Column("batch", "VARCHAR", _S, "ingest batch (Dagster partition key)"),
    Column("report_id", "VARCHAR", _S, "a distinct document of the batch manifest"),
    Column("source_path", "VARCHAR", _S, "where the batch found it"),
    Column("loaded_at", "TIMESTAMP WITH TIME ZONE", None, "when the batch was loaded"),
    Column("also_seen_as", "VARCHAR[]", pa.list_(_S), "other names under which the batch found the same bytes "
                                                      "(byte-identical copies)"),
), "Every document each loaded batch brought, even one another batch loaded first: "
   "what proves nothing was lost, and tells a headless run which batches are in.")

TABLES = {t.name: t for t in (REPORTS, REPORT_CELLS, CHECK_VIOLATIONS, BATCH_DOCUMENTS)}
EXTRACTED = (REPORTS, REPORT_CELLS, CHECK_VIOLATIONS)  # what a batch stages and loads


def create_all(conn) -> None:
    """Create the tables, and add the columns a warehouse of an earlier release lacks."""
    for t in TABLES.values():
        conn.execute(t.ddl())
        for c in t.columns:
            conn.execute(f"ALTER TABLE {t.name} ADD COLUMN IF NOT EXISTS {c.name} {c.sql}")
