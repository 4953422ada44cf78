"""The report domain: the data-quality report people open, rebuilt from the warehouse after the marts.

It has no partitions (the report always covers the whole warehouse, every batch and year), and no
schedule or sensor of its own: every ingest run (landing sensor, daily sweep, ``giar run``) rebuilds it."""
