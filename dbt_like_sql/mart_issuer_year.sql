-- materialized: table
-- One row per body (issuer_key) and year covered: reports seen, templates, findings, and the applications
-- received according to the report that speaks for that year. Error/warning counts are each report's own
-- relations; the audit checks (audit_findings, written before this mart builds) are counted per check;
-- cross-report carry_over_chains findings are written after the marts build: see mart_carry_over.
WITH findings AS (
  SELECT report_id,
         count(*) FILTER (WHERE severity = 'error') AS errors,
         count(*) FILTER (WHERE severity = 'warning') AS warnings
  FROM stg_check_violations
  WHERE relation NOT IN ('carry_over_chains', 'in_force_chains', 'narrative_mismatch', 'yoy_anomaly',
                         'late_publication')
  GROUP BY report_id
), audited AS (
  SELECT report_id,
         count(*) FILTER (WHERE relation = 'in_force_chains') AS in_force_chain_breaks,
         count(*) FILTER (WHERE relation = 'narrative_mismatch') AS narrative_mismatches,
         count(*) FILTER (WHERE relation = 'yoy_anomaly') AS yoy_anomalies,
         count(*) FILTER (WHERE relation = 'late_publication') AS late_publications
  FROM audit_findings
  GROUP BY report_id
), received AS (
  SELECT report_id, new_received__total AS applications_received FROM mart_applications
  UNION ALL
  SELECT report_id, applications_received FROM mart_statistics
)
SELECT r.issuer_key, r.report_year,
       any_value(y.issuer) AS issuer,
       count(*) AS reports,
       string_agg(DISTINCT r.template, ',' ORDER BY r.template) AS templates,
       string_agg(DISTINCT r.issuer, ' | ' ORDER BY r.issuer) AS issuer_names,
       max(r.published_on) AS last_published_on,
       coalesce(sum(f.errors), 0)::BIGINT AS error_violations,
       coalesce(sum(f.warnings), 0)::BIGINT AS warning_violations,
       coalesce(sum(au.in_force_chain_breaks), 0)::BIGINT AS in_force_chain_breaks,
       coalesce(sum(au.narrative_mismatches), 0)::BIGINT AS narrative_mismatches,
       coalesce(sum(au.yoy_anomalies), 0)::BIGINT AS yoy_anomalies,
       coalesce(sum(au.late_publications), 0)::BIGINT AS late_publications,
       count(*) FILTER (WHERE r.published_on IS NULL) AS publication_dates_missing,
       any_value(y.report_id) AS report_id,
       any_value(a.applications_received) FILTER (WHERE r.report_id = y.report_id) AS applications_received
FROM stg_reports AS r
JOIN int_issuer_year_report AS y USING (issuer_key, report_year)
LEFT JOIN findings AS f ON f.report_id = r.report_id
LEFT JOIN audited AS au ON au.report_id = r.report_id
LEFT JOIN received AS a ON a.report_id = r.report_id
WHERE r.is_ok
GROUP BY r.issuer_key, r.report_year
