-- materialized: table
-- For each body (issuer_key) with consecutive years: year Y's carried_over beside year Y-1's carried_forward,
-- per applications column, with their difference (the cross-report relation carry_over_chains).
WITH chain AS (
  SELECT y.issuer_key, y.issuer, y.report_year, y.report_id, c.row_code, c.col_code, c.value
  FROM int_issuer_year_report AS y
  JOIN stg_report_cells AS c
    ON c.report_id = y.report_id AND c.table_code = {{ relation('carry_over_chains', 'table') }}
  WHERE c.row_code IN ({{ relation('carry_over_chains', 'left') }}, {{ relation('carry_over_chains', 'right') }})
)
SELECT cur.issuer_key, cur.issuer, cur.report_year, cur.col_code,
       cur.report_id, prev.report_id AS previous_report_id, prev.issuer AS previous_issuer,
       cur.value AS carried_over, prev.value AS previous_carried_forward,
       cur.value - prev.value AS difference
FROM chain AS cur
JOIN chain AS prev
  ON prev.issuer_key = cur.issuer_key AND prev.report_year = cur.report_year - 1
 AND prev.col_code = cur.col_code AND prev.row_code = {{ relation('carry_over_chains', 'right') }}
WHERE cur.row_code = {{ relation('carry_over_chains', 'left') }}
