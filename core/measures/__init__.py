"""Measures teams report monthly, and the run charts that read them."""
