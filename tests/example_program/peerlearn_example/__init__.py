"""An example peerlearn program, installed as its own distribution by the test suite."""
