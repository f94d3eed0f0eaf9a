"""Questionnaires: versioned questions a program declares, answered once per person and subject."""
