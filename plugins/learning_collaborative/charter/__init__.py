"""LC charter."""
