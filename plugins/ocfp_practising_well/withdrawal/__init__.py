"""A learner leaves the program (PW-ACCOUNT, PW-PROGRESS), and all that follows from it."""
