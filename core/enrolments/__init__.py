"""Enrolment with approval: a person asks to join a program, its staff decide."""
