-- materialized: table
-- One row per report holding the active_disclosure table (v2019 and v2021), one column per catalogue cell.
{{ wide_table('active_disclosure') }}
