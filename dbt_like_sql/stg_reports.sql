-- materialized: view
-- Reports as loaded, one row per document, with the flag marts filter on and the issuer_key
-- (issuer_keys, rebuilt over the whole warehouse after each load; the name itself until then).
SELECT r.report_id, r.source_path, r.sha256, r.status, r.reason, r.template, r.report_year, r.issuer,
       coalesce(k.issuer_key, r.issuer_key, r.issuer) AS issuer_key, r.published_on,
       r.status = 'ok' AS is_ok, r.batch, r.loaded_at
FROM reports AS r
LEFT JOIN issuer_keys AS k USING (issuer)
