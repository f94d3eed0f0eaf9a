"""LC assessments and the faculty dashboard."""
