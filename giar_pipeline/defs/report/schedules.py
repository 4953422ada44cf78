"""No schedules of its own: every ingest run (landing sensor, daily sweep, ``giar run``) rebuilds the report."""
