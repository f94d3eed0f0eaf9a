"""Budgets: allocations per owner and period, and an append-only ledger of spending."""
