"""Peer Connect sessions and Community of Practice calls, the credits they earn and their
corrections (PW-CREDIT-PEER, PW-CREDIT-COP)."""
