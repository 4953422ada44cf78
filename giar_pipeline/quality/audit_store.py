"""The auditor's warehouse side: resolve issuer keys, read the checks' inputs, write their findings.

Each function takes an open DuckDB connection (the caller holds the writer lock) and
works on the whole warehouse in one transaction: cross-report findings and issuer keys
depend on every report, so they are rebuilt, never patched per batch.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pyarrow as pa

from ..warehouse.schema import AUDIT_FINDINGS, ISSUER_KEYS, create_all
from ..warehouse.transaction import retry_conflicts, transaction
from . import audit
from .issuer_key import resolve


def _transaction(conn, statements: list[tuple[str, list]]) -> None:
    """The statements in one transaction, run again if another DuckLake writer commits first."""

    def run() -> None:
        with transaction(conn):
            for sql, params in statements:
                conn.execute(sql, params)

    retry_conflicts(run)


def write_issuer_keys(conn, aliases: dict[str, str] | None = None) -> Counter:
    """Rebuild ``issuer_keys`` and ``reports.issuer_key`` over every issuer name; names per rule."""
    create_all(conn)
    names = [n for (n,) in conn.execute("SELECT DISTINCT issuer FROM reports WHERE issuer IS NOT NULL").fetchall()]
    keys = resolve(names, aliases)
    rows = [
        {"issuer": n, "issuer_key": k.issuer_key, "rule": k.rule, "candidates": list(k.candidates)}
        for n, k in sorted(keys.items())
    ]
    conn.register("incoming_issuer_keys", pa.Table.from_pylist(rows, schema=ISSUER_KEYS.arrow_schema))
    try:
        _transaction(
            conn,
            [
                ("DELETE FROM issuer_keys", []),
                ("INSERT INTO issuer_keys BY NAME SELECT * FROM incoming_issuer_keys", []),
                (
                    "UPDATE reports SET issuer_key = k.issuer_key FROM issuer_keys AS k "
                    "WHERE reports.issuer = k.issuer AND reports.issuer_key IS DISTINCT FROM k.issuer_key",
                    [],
                ),
                ("UPDATE reports SET issuer_key = NULL WHERE issuer IS NULL AND issuer_key IS NOT NULL", []),
            ],
        )
    finally:
        conn.unregister("incoming_issuer_keys")
    return Counter(k.rule for k in keys.values())


def inputs(conn) -> tuple[pd.DataFrame, audit.Values, pd.DataFrame]:
    """(ok reports with issuer_key and whether each speaks for its issuer-year, the cells the checks read,
    report_statements), from the SQL models stg_reports and int_issuer_year_report."""
    reports = (
        conn.sql("""
        SELECT r.report_id, r.issuer_key, r.issuer, r.report_year, r.template, r.published_on,
               y.report_id IS NOT NULL AS speaks
        FROM stg_reports AS r LEFT JOIN int_issuer_year_report AS y USING (report_id)
        WHERE r.is_ok""")
        .to_arrow_table()
        .to_pandas()
    )
    statements = (
        conn.sql(
            "SELECT s.* FROM report_statements AS s JOIN stg_reports AS r USING (report_id) "
            "WHERE r.is_ok ORDER BY report_id, statement_no"
        )
        .to_arrow_table()
        .to_pandas()
    )
    wanted = pd.DataFrame(sorted(audit.cells_needed()), columns=["table_code", "row_code", "col_code"])
    conn.register("wanted_cells", wanted)
    try:  # the checks' own cells in every report; the stated cells only in the reports that state them
        got = conn.execute("""
            WITH stated AS (
              SELECT DISTINCT report_id, table_code,
                     split_part(c, '|', 1) AS row_code, split_part(c, '|', 2) AS col_code
              FROM report_statements, unnest(cells) AS t(c)
            )
            SELECT c.report_id, c.table_code, c.row_code, c.col_code, c.value, coalesce(c.uncertain, false)
            FROM report_cells AS c JOIN wanted_cells USING (table_code, row_code, col_code)
            UNION
            SELECT c.report_id, c.table_code, c.row_code, c.col_code, c.value, coalesce(c.uncertain, false)
            FROM report_cells AS c JOIN stated USING (report_id, table_code, row_code, col_code)""").fetchall()
    finally:
        conn.unregister("wanted_cells")
    values = {(rid, (t, r, c)): (v, u) for rid, t, r, c, v, u in got}
    return reports, values, statements


def run(conn) -> dict[str, list[audit.Finding]]:
    """Every audit check over the warehouse, written to ``audit_findings`` and ``check_violations``."""
    create_all(conn)
    findings = audit.run_all(*inputs(conn))
    replace(conn, findings)
    return findings


def replace(conn, findings: dict[str, list[audit.Finding]]) -> None:
    """Make ``audit_findings`` and the checks' ``check_violations`` rows hold exactly ``findings``."""
    rows = [f for fs in findings.values() for f in fs]
    schema = AUDIT_FINDINGS.arrow_schema  # Finding's fields, in its order
    table = pa.table(
        {n: pa.array([getattr(f, n) for f in rows], schema.field(n).type) for n in schema.names}, schema=schema
    )
    conn.register("incoming_audit", table)
    try:
        _transaction(
            conn,
            [
                ("DELETE FROM audit_findings", []),
                ("INSERT INTO audit_findings BY NAME SELECT * FROM incoming_audit", []),
                ("DELETE FROM check_violations WHERE relation IN (SELECT unnest(?))", [list(audit.CHECKS)]),
                (
                    """INSERT INTO check_violations BY NAME
                SELECT a.report_id, a.relation, a.member, 'warning' AS severity, a.left_value, a.right_value,
                       a.table_code, a.detail, a.raw_text, r.batch, now() AS loaded_at
                FROM incoming_audit AS a JOIN reports AS r USING (report_id)""",
                    [],
                ),
            ],
        )
    finally:
        conn.unregister("incoming_audit")
