"""Dagster definitions, one folder per domain (loaded by ``dagster.load_from_defs_folder``):

    reports/    landing folder → raw_documents → normalized_documents → extracted_reports
    warehouse/  reports, report_cells, check_violations (DuckDB) → one asset per dbt_like_sql model
    report/     quality_report: the HTML data-quality report, rebuilt after the marts

Every module here only wires the pure library (``giar_pipeline.warehouse``,
``giar_pipeline.extract``); none of them parses or transforms data itself.
"""
