"""LC teams."""
