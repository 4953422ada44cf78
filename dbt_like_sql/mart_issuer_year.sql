-- materialized: table
-- One row per issuer and year covered: reports seen, templates, findings, and the applications received
-- according to the report that speaks for that year. Findings are each report's own relations;
-- cross-report carry_over_chains findings are written after the marts build: see mart_carry_over.
WITH findings AS (
  SELECT report_id,
         count(*) FILTER (WHERE severity = 'error') AS errors,
         count(*) FILTER (WHERE severity = 'warning') AS warnings
  FROM stg_check_violations
  WHERE relation <> 'carry_over_chains'
  GROUP BY report_id
), received AS (
  SELECT report_id, new_received__total AS applications_received FROM mart_applications
  UNION ALL
  SELECT report_id, applications_received FROM mart_statistics
)
SELECT r.issuer, r.report_year,
       count(*) AS reports,
       string_agg(DISTINCT r.template, ',' ORDER BY r.template) AS templates,
       max(r.published_on) AS last_published_on,
       coalesce(sum(f.errors), 0)::BIGINT AS error_violations,
       coalesce(sum(f.warnings), 0)::BIGINT AS warning_violations,
       any_value(y.report_id) AS report_id,
       any_value(a.applications_received) FILTER (WHERE r.report_id = y.report_id) AS applications_received
FROM stg_reports AS r
JOIN int_issuer_year_report AS y USING (issuer, report_year)
LEFT JOIN findings AS f ON f.report_id = r.report_id
LEFT JOIN received AS a ON a.report_id = r.report_id
WHERE r.is_ok
GROUP BY r.issuer, r.report_year
