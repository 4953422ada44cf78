-- materialized: table
-- One row per report holding the statistics table (v2008), one column per catalogue cell.
{{ wide_table('statistics') }}
