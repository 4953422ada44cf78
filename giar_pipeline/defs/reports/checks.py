"""Great Expectations asset checks on ``extracted_reports`` (written by the quality work; placeholder)."""
