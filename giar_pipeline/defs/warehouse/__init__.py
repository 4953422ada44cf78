"""The warehouse domain: DuckDB tables loaded per batch, then the dbt_like_sql models."""
