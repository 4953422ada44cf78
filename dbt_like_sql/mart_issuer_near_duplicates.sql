-- materialized: table
-- Issuer names that may be one body under two spellings, for a person to settle with a line in an alias CSV
-- (alias,canonical; see README "issuer_key"): names the prefix rule left ambiguous (鼓楼区人民政府 beside
-- 福州市… and 南京市…), and keys alike (Jaro-Winkler, catalogue/issuers.yaml) that never report the same year.
WITH keyed AS (
  SELECT issuer_key, list(DISTINCT report_year ORDER BY report_year) AS years, count(*) AS reports
  FROM stg_reports
  WHERE is_ok AND issuer_key IS NOT NULL
  GROUP BY issuer_key
), ambiguous AS (
  SELECT issuer AS name, unnest(candidates) AS candidate
  FROM issuer_keys
  WHERE rule = 'ambiguous'
), alike AS (
  SELECT a.issuer_key AS name, b.issuer_key AS candidate,
         jaro_winkler_similarity(a.issuer_key, b.issuer_key) AS similarity
  FROM keyed AS a
  JOIN keyed AS b
    ON left(a.issuer_key, {{ setting('issuers', 'near_duplicates.block_prefix') }})
     = left(b.issuer_key, {{ setting('issuers', 'near_duplicates.block_prefix') }})
   AND a.issuer_key < b.issuer_key
   AND abs(length(a.issuer_key) - length(b.issuer_key)) <= {{ setting('issuers', 'near_duplicates.max_length_difference') }}
  WHERE NOT list_has_any(a.years, b.years)
    AND jaro_winkler_similarity(a.issuer_key, b.issuer_key)
        >= {{ setting('issuers', 'near_duplicates.min_similarity') }}
)
SELECT 'ambiguous_prefix' AS reason, m.name, m.candidate, NULL::DOUBLE AS similarity,
       kn.years AS name_years, kc.years AS candidate_years
FROM ambiguous AS m
LEFT JOIN keyed AS kn ON kn.issuer_key = m.name
LEFT JOIN keyed AS kc ON kc.issuer_key = m.candidate
UNION ALL
SELECT 'similar_name', s.name, s.candidate, s.similarity, kn.years, kc.years
FROM alike AS s
JOIN keyed AS kn ON kn.issuer_key = s.name
JOIN keyed AS kc ON kc.issuer_key = s.candidate
ORDER BY reason, name, candidate
