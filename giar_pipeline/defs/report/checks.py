"""No checks of its own: the report shows the findings the warehouse and reports checks recorded."""
