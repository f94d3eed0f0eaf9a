"""My program: a peerlearn program."""
