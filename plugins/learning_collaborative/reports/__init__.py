"""LC reports."""
