"""The credit ledger: certifications and their rates, awards, corrections, transcripts."""
