"""The warehouse domain: DuckDB tables loaded per batch, then the dbt_like_sql models.

No schedule of its own: the warehouse is loaded, and its models rebuilt, by every ingest run that the
landing sensor or the daily sweep (reports/schedules.py) starts; on a DuckLake, sensors.py's
``warehouse_refresh`` rebuilds the whole-warehouse assets once no batch is loading."""
