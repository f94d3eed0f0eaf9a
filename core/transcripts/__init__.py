"""A physician's transcript: credit systems, College cycles, self-reported credits."""
