"""Certificates: statements of the credits a person earned over a period."""
