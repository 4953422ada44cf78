"""No schedules of its own: the warehouse is loaded, and its models rebuilt, by every ingest
run that the landing sensor or the daily sweep (reports/schedules.py) starts."""
