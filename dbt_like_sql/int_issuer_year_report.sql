-- materialized: view
-- The report that speaks for each issuer and year covered: ok, latest published, then lowest report_id.
SELECT *
FROM stg_reports
WHERE is_ok AND issuer IS NOT NULL AND report_year IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY issuer, report_year ORDER BY published_on DESC NULLS LAST, report_id) = 1
