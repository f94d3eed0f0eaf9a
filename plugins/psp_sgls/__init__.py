"""BC Practice Support Program: small group learning sessions (SGLS).

Source: seeds 000 and 001; rules SGLS-* in DOMAIN.md.

The names below are the program's vocabulary shared by its domain folders (``series``,
``sessions``, ``followup``): kinds it registers with core and the actions its rules answer,
here under every folder so no folder imports another's GraphQL."""

SLUG = "psp_sgls"
SESSION = f"{SLUG}.session"
ACTION_PLAN = f"{SLUG}.action_plan"
QUESTIONNAIRE_DUE = f"{SLUG}.questionnaire"
QUESTIONNAIRE_KEY = "sgls_reflection"

PAY_ACTION = f"{SLUG}.pay"
CERTIFICATE_ACTION = f"{SLUG}.certificate"
