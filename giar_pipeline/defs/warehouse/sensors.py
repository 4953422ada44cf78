"""No sensors of its own: the warehouse changes only through ingest runs (see reports/sensors.py)."""
