"""LC pdsa."""
