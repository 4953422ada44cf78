"""The warehouse tables of CONTRACT.md, as data: DDL, Arrow schemas and Dagster column docs
are all generated from :data:`TABLES`, so a column is declared once."""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa


@dataclass(frozen=True)
class WarehouseColumn:
    """One column of a warehouse table: its DuckDB and Arrow types and its documentation."""

    name: str
    sql: str  # DuckDB type
    arrow: pa.DataType | None  # None: added by the loader, not by extraction
    description: str


@dataclass(frozen=True)
class WarehouseTable:
    """One DuckDB table of the warehouse (not a catalogue table: see :class:`giar_pipeline.catalogue.Table`)."""

    name: str
    key: tuple[str, ...]
    columns: tuple[WarehouseColumn, ...]
    description: str
    primary_key: bool = True  # check_violations.member may be NULL, which a PRIMARY KEY forbids
    # Declare the key (an index DuckDB keeps in memory and updates row by row). report_cells, some
    # 150 rows a report, does not: with it, loading 100k reports took 31 s and 3.9 GB, without 9 s and
    # 0.5 GB (measured). The loader writes each key once; the contract check key_unique proves it.
    indexed: bool = True

    @property
    def staged(self) -> tuple[WarehouseColumn, ...]:
        """The columns extraction produces (the rest are stamped at load time)."""
        return tuple(c for c in self.columns if c.arrow is not None)

    @property
    def arrow_schema(self) -> pa.Schema:
        return pa.schema([(c.name, c.arrow) for c in self.staged])

    def ddl(self, primary_key: bool = True) -> str:
        """``primary_key=False`` for DuckLake, which has no PRIMARY KEY: the key stays NOT NULL, and the
        ``key_unique`` asset checks find duplicates."""
        cols = [
            f"{c.name} {c.sql}" + (" NOT NULL" if c.name in self.key and self.primary_key else "") for c in self.columns
        ]
        if self.primary_key and self.indexed and primary_key:
            cols.append(f"PRIMARY KEY ({', '.join(self.key)})")
        return f"CREATE TABLE IF NOT EXISTS {self.name} (\n  " + ",\n  ".join(cols) + "\n)"


_S, _I, _D = pa.string(), pa.int32(), pa.float64()
LOAD_COLUMNS = (
    WarehouseColumn("batch", "VARCHAR", None, "ingest batch (Dagster partition key) that loaded the row"),
    WarehouseColumn("loaded_at", "TIMESTAMP WITH TIME ZONE", None, "when that batch was loaded"),
)

REPORTS = WarehouseTable(
    "reports",
    ("report_id",),
    (
        WarehouseColumn("report_id", "VARCHAR", _S, "first 16 hex digits of sha256: the same bytes are one report"),
        WarehouseColumn("source_path", "VARCHAR", _S, "where the document was found"),
        WarehouseColumn("sha256", "VARCHAR", _S, "hex digest of the raw bytes"),
        WarehouseColumn("status", "VARCHAR", _S, "ok | quarantined"),
        WarehouseColumn("reason", "VARCHAR", _S, "why it was quarantined, in words a person can act on"),
        WarehouseColumn("template", "VARCHAR", _S, "v2008 | v2019 | v2021"),
        WarehouseColumn("report_year", "INTEGER", _I, "the year the report covers"),
        WarehouseColumn("issuer", "VARCHAR", _S, "the body that publishes the report (simplified Chinese)"),
        WarehouseColumn("published_on", "DATE", pa.date32(), "publication date"),
        WarehouseColumn(
            "replaced_bytes",
            "INTEGER",
            _I,
            "damaged bytes (stray, cut or NUL) replaced while decoding; NULL when the document could not be decoded",
        ),
        *LOAD_COLUMNS,
        # set over the whole warehouse after each load (asset issuer_keys): a new name can change others' keys
        WarehouseColumn("issuer_key", "VARCHAR", None, "the body across its spellings and years (see issuer_keys)"),
    ),
    "One row per raw document that entered the pipeline, quarantined ones included.",
)

REPORT_CELLS = WarehouseTable(
    "report_cells",
    ("report_id", "table_code", "row_code", "col_code"),
    (
        WarehouseColumn("report_id", "VARCHAR", _S, "the report"),
        WarehouseColumn("table_code", "VARCHAR", _S, "catalogue table code"),
        WarehouseColumn("row_code", "VARCHAR", _S, "catalogue row code"),
        WarehouseColumn("col_code", "VARCHAR", _S, "catalogue column code"),
        WarehouseColumn("value", "DOUBLE", _D, "the number, NULL for a blank cell"),
        WarehouseColumn("raw_text", "VARCHAR", _S, "the source text the value was read from"),
        WarehouseColumn("source_line", "INTEGER", _I, "1-based line in the decoded source document"),
        WarehouseColumn(
            "uncertain", "BOOLEAN", pa.bool_(), "the document leaves the value undecided (value NULL, never a guess)"
        ),
        *LOAD_COLUMNS,
    ),
    "One row per cell of the detected template.",
    indexed=False,
)

CHECK_VIOLATIONS = WarehouseTable(
    "check_violations",
    ("report_id", "relation", "member"),
    (
        WarehouseColumn("report_id", "VARCHAR", _S, "the report"),
        WarehouseColumn("relation", "VARCHAR", _S, "catalogue relation name"),
        WarehouseColumn(
            "member", "VARCHAR", _S, "the row or column the relation was checked for; NULL for a single check"
        ),
        WarehouseColumn("severity", "VARCHAR", _S, "error (eq relation) | warning (le relation)"),
        WarehouseColumn("left_value", "DOUBLE", _D, "sum of the left side"),
        WarehouseColumn("right_value", "DOUBLE", _D, "sum of the right side"),
        WarehouseColumn("table_code", "VARCHAR", _S, "the table the relation belongs to"),
        *LOAD_COLUMNS,
        # written by the cross-report audit checks (giar_pipeline.quality.audit), NULL for the extractor's rows
        WarehouseColumn("detail", "VARCHAR", None, "the finding in words (audit checks)"),
        WarehouseColumn(
            "raw_text", "VARCHAR", None, "the source words behind the finding: the prose sentence, a stated adjustment"
        ),
    ),
    "One row per violated relation member.",
    primary_key=False,
)

BATCH_DOCUMENTS = WarehouseTable(
    "batch_documents",
    ("batch", "report_id"),
    (
        WarehouseColumn("batch", "VARCHAR", _S, "ingest batch (Dagster partition key)"),
        WarehouseColumn("report_id", "VARCHAR", _S, "a distinct document of the batch manifest"),
        WarehouseColumn("source_path", "VARCHAR", _S, "where the batch found it"),
        WarehouseColumn("loaded_at", "TIMESTAMP WITH TIME ZONE", None, "when the batch was loaded"),
        WarehouseColumn(
            "also_seen_as",
            "VARCHAR[]",
            pa.list_(_S),
            "other names under which the batch found the same bytes (byte-identical copies)",
        ),
    ),
    "Every document each loaded batch brought, even one another batch loaded first: "
    "what proves nothing was lost, and tells a headless run which batches are in.",
)

# -- the auditor's tables (giar_pipeline.quality.audit and .issuer_key) ---------------------------

REPORT_STATEMENTS = WarehouseTable(
    "report_statements",
    ("report_id", "statement_no"),
    (
        WarehouseColumn("report_id", "VARCHAR", _S, "the report"),
        WarehouseColumn("statement_no", "INTEGER", _I, "1-based order of the statement in the document"),
        WarehouseColumn(
            "kind", "VARCHAR", _S, "restated (a table number the prose repeats) | adjustment (e.g. 含自然失效29件)"
        ),
        WarehouseColumn("table_code", "VARCHAR", _S, "catalogue table of the cells stated"),
        WarehouseColumn(
            "member", "VARCHAR", _S, "the cells as check_violations names them: row.col (rows of a sum joined by +)"
        ),
        WarehouseColumn("cells", "VARCHAR[]", pa.list_(_S), "row|col codes whose sum the prose states"),
        WarehouseColumn("value", "DOUBLE", _D, "the number the prose states"),
        WarehouseColumn("raw_text", "VARCHAR", _S, "the matched words (spaces removed)"),
        WarehouseColumn("source_line", "INTEGER", _I, "1-based line of the number in the normalized text"),
        *LOAD_COLUMNS,
    ),
    "One row per number the prose restates from the tables (catalogue/narrative.yaml).",
)

ISSUER_KEYS = WarehouseTable(
    "issuer_keys",
    ("issuer",),
    (
        WarehouseColumn("issuer", "VARCHAR", _S, "an issuer name as reports give it"),
        WarehouseColumn(
            "issuer_key", "VARCHAR", _S, "the body it resolves to (catalogue/issuers.yaml, issuer_aliases.csv)"
        ),
        WarehouseColumn("rule", "VARCHAR", _S, "how: name | alias | abbreviation | prefix | ambiguous"),
        WarehouseColumn("candidates", "VARCHAR[]", pa.list_(_S), "ambiguous: the longer names it could belong to"),
    ),
    "One row per distinct issuer name in reports: its issuer_key, rebuilt over the whole warehouse.",
)

AUDIT_FINDINGS = WarehouseTable(
    "audit_findings",
    ("report_id", "relation", "member"),
    (
        WarehouseColumn("report_id", "VARCHAR", _S, "the report the finding is about (year Y)"),
        WarehouseColumn(
            "relation", "VARCHAR", _S, "in_force_chains | narrative_mismatch | yoy_anomaly | late_publication"
        ),
        WarehouseColumn("member", "VARCHAR", _S, "the cell: row.col (published_on for late_publication)"),
        WarehouseColumn("table_code", "VARCHAR", _S, "the cell's table"),
        WarehouseColumn("left_value", "DOUBLE", _D, "this year's / the prose's / the publication date as yyyymmdd"),
        WarehouseColumn(
            "right_value", "DOUBLE", _D, "what it should be: the chain's, last year's, the table's, the deadline"
        ),
        WarehouseColumn("previous_report_id", "VARCHAR", _S, "the year Y-1 report compared with, if any"),
        WarehouseColumn("rule", "VARCHAR", _S, "which rule of catalogue/audit.yaml fired"),
        WarehouseColumn("detail", "VARCHAR", _S, "the finding in words"),
        WarehouseColumn("raw_text", "VARCHAR", _S, "the source words behind it (prose, stated adjustment)"),
        WarehouseColumn("source_line", "INTEGER", _I, "where raw_text stands"),
    ),
    "The cross-report audit findings (also written to check_violations as warnings).",
    primary_key=False,
)

TABLES = {
    t.name: t
    for t in (REPORTS, REPORT_CELLS, CHECK_VIOLATIONS, BATCH_DOCUMENTS, REPORT_STATEMENTS, ISSUER_KEYS, AUDIT_FINDINGS)
}
EXTRACTED = (REPORTS, REPORT_CELLS, CHECK_VIOLATIONS, REPORT_STATEMENTS)  # what a batch stages and loads


def create_all(conn) -> None:
    """Create the tables, and add the columns a warehouse of an earlier release lacks, in the session's
    default database: a DuckDB file or a DuckLake (:mod:`.lake`). Only what is missing is asked for:
    each DDL statement costs a DuckLake a round trip to its catalog (measured 0.43 s for all of them)."""
    (lake,) = conn.execute(
        "SELECT type = 'ducklake' FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()
    have: dict[str, set[str]] = {}
    for table, column in conn.execute(
        "SELECT table_name, column_name FROM duckdb_columns() "
        "WHERE database_name = current_database() AND schema_name = current_schema()"
    ).fetchall():
        have.setdefault(table, set()).add(column)
    for t in TABLES.values():
        if t.name not in have:
            conn.execute(t.ddl(primary_key=not lake))
            continue
        for c in t.columns:
            if c.name not in have[t.name]:
                conn.execute(f"ALTER TABLE {t.name} ADD COLUMN IF NOT EXISTS {c.name} {c.sql}")
