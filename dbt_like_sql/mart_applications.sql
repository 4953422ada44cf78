-- materialized: table
-- One row per report holding the applications table (v2019 and v2021), one column per catalogue cell.
{{ wide_table('applications') }}
