"""SMART learning goals (PW-GOALS) and periodic progress surveys (PW-PROGRESS)."""
