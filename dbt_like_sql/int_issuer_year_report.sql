-- materialized: view
-- The report that speaks for each body (issuer_key) and year covered: ok, latest published, then lowest report_id.
SELECT *
FROM stg_reports
WHERE is_ok AND issuer_key IS NOT NULL AND report_year IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY issuer_key, report_year ORDER BY published_on DESC NULLS LAST, report_id) = 1
