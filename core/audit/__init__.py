"""The audit trail: who changed what and when, and who read whose transcript."""
