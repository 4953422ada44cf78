-- materialized: view
-- Violated relation members, named as `giar extract` names them: relation[member].
SELECT report_id, table_code, relation, member, severity, left_value, right_value,
       left_value - right_value AS difference,
       relation || coalesce('[' || member || ']', '') AS violation
FROM check_violations
