"""No sensors of its own: the report changes only when an ingest run rebuilds the marts."""
