"""No partitions: the report always covers the whole warehouse (every batch, every year)."""
