-- materialized: view
-- Reports as loaded, one row per document, with the flag marts filter on.
SELECT report_id, source_path, sha256, status, reason, template, report_year, issuer, published_on,
       status = 'ok' AS is_ok, batch, loaded_at
FROM reports
