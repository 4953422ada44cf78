-- materialized: view
-- Cells as loaded, one row per report and catalogue cell.
SELECT report_id, table_code, row_code, col_code, value, raw_text, source_line,
       value IS NULL AS is_blank, coalesce(uncertain, false) AS uncertain
FROM report_cells
