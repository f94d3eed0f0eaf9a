"""OCFP Practising Well: peer learners, peer guides, Community of Practice, Information Exchange.

Source: seed 003; rules PW-* in DOMAIN.md."""

SLUG = "ocfp_practising_well"
PEER_CONNECT = f"{SLUG}.peer_connect"
COP_CALL = f"{SLUG}.cop_call"
