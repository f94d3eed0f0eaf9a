"""Learner accounts (PW-ACCOUNT): applications, approval, the reporting preference."""
