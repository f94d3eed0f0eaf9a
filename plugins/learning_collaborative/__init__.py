"""Learning collaborative (IHI Breakthrough Series): faculty run a 12-15 month collaborative of
practice QI teams that test changes in PDSA cycles and report charter measures monthly.

Source: seed 004; rules LC-* in DOMAIN.md. The names below are the program's vocabulary shared
by its domain folders (``charter``, ``teams``, ``reports``, ``sessions``, ``pdsa``)."""

SLUG = "learning_collaborative"
COLLABORATIVE = f"{SLUG}.collaborative"
TEAM = f"{SLUG}.team"
LEARNING_SESSION = f"{SLUG}.learning_session"
MONTHLY_REPORT = f"{SLUG}.monthly_report"
MONTHLY_CALL = f"{SLUG}.monthly_call"
