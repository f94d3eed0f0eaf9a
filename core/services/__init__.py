"""Services hold the rules and run inside the caller's transaction; they never commit."""
