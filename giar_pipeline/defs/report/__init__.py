"""The report domain: the data-quality report people open, rebuilt from the warehouse after the marts."""
