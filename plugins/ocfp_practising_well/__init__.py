"""OCFP Practising Well: peer learners, peer guides, Community of Practice, Information Exchange.

Source: seed 003; rules PW-* in DOMAIN.md.

The names below are the program's vocabulary shared by its domain folders (``accounts``,
``reporting``, ``goals``, ``matching``, ``sessions``, ``withdrawal``, ``exchange``): kinds it
registers with core and the actions its eligibility rules answer. They sit here, under every
folder, so a rule of one domain can name an action of another without an import loop."""

SLUG = "ocfp_practising_well"
PEER_CONNECT = f"{SLUG}.peer_connect"
COP_CALL = f"{SLUG}.cop_call"
SURVEY = f"{SLUG}.progress_survey"

REQUEST_ACTION = f"{SLUG}.request_guide"
LOG_ACTION = f"{SLUG}.log_session"
DIRECTORY_ACTION = f"{SLUG}.browse_directory"
CERTIFICATE_ACTION = f"{SLUG}.certificate"
