"""What people owe by a date: questionnaires, surveys, reports."""
