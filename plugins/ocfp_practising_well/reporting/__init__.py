"""How Practising Well credits reach Mainpro+ (PW-REPORTING), held back by PW-PROGRESS."""
